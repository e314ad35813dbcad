#include "engine/broker.h"

#include <atomic>

#include <unistd.h>

#include <QFileSystemWatcher>
#include <QHostInfo>
#include <QRandomGenerator>

#include "engine/connectionrefuser.h"
#include "core/logging.h"
#include "handler/channelhub.h"
#include "handler/publishserver.h"
#include "net/listener.h"
#include "net/reactor.h"
#include "net/socketaddress.h"
#include "net/timerwheel.h"
#include "net/tlsclientcontext.h"
#include "net/tlsservercontext.h"
#include "proxy/proxysession.h"
#include "routes/routesfile.h"
#include "routes/routetable.h"

namespace {
constexpr int WheelTickMs = 100;
constexpr int RoutesReloadDelayMs = 200;
// Beyond this many connections waiting for their 503, further ones are closed unanswered: a flood
// must not cost more than the refusals' small buffers.
constexpr int RefusingMax = 256;
// Refusals answered from the descriptor reserve at once; beyond, the connection is closed
// unanswered so that the reserve stays for the publish API and the ledger.
constexpr int ReserveRefusingMax = 8;
// Connection ids go on across brokers in one process: a console that restarts its broker keeps
// writing the same ledger session, where an id must name one connection only.
std::atomic<quint64> nextConnectionId{1};
} // namespace

Broker::Broker(QObject *parent)
    : QObject(parent), m_certReloadDelay(this), m_snapshotTimer(this), m_reloadDelay(this),
      m_stopPoll(this)
{
    // Certificate renewal tools write the key and the certificate one after the other.
    m_certReloadDelay.setSingleShot(true);
    m_certReloadDelay.setInterval(500);
    m_certReloadDelay.callOnTimeout(this, &Broker::reloadCertificates);
    // Parented so moveToThread() takes the timers along.
    m_snapshotTimer.callOnTimeout(this, &Broker::publishSnapshot);
    m_reloadDelay.setSingleShot(true);
    m_reloadDelay.setInterval(RoutesReloadDelayMs);
    m_reloadDelay.callOnTimeout(this, &Broker::reloadRoutesFile);
    m_stopPoll.setInterval(20);
    m_stopPoll.callOnTimeout(this, &Broker::checkStopped);
}

Broker::~Broker()
{
    const auto sessions = m_registry.sessions();
    for (ProxySession *session : sessions)
        delete session;
    delete m_publishServer;
    // Their streams belong to the reactor, a child made earlier and so deleted first.
    qDeleteAll(findChildren<ConnectionRefuser *>(Qt::FindDirectChildrenOnly));
}

void Broker::start(const Configuration &config)
{
    m_config = config;
    m_reactor = new Reactor(this);
    m_timers = new TimerWheel(
        WheelTickMs, [this](quint64 id, quint32 kind) { onTimer(id, kind); }, this);
    m_tls = std::make_unique<TlsClientContext>(m_config.extraCaFile);
    if (!m_reactor->isValid()) {
        Q_EMIT startFailed(QStringLiteral("cannot create the epoll set"));
        return;
    }
    if (!planDescriptors())
        return;
    m_reactor->setDrainIdleMs(m_config.drainIdleMs);
    if (!m_tls->isValid()) {
        Q_EMIT startFailed(QStringLiteral("TLS set-up failed: %1").arg(m_tls->errorString()));
        return;
    }
    if (!m_config.tlsCertFile.isEmpty() || !m_config.tlsKeyFile.isEmpty()) {
        m_tlsServer = std::make_unique<TlsServerContext>();
        if (!m_tlsServer->load(m_config.tlsCertFile, m_config.tlsKeyFile)) {
            Q_EMIT startFailed(QStringLiteral("TLS listener: %1").arg(m_tlsServer->errorString()));
            return;
        }
    }
    m_context.config = &m_config;
    m_context.reactor = m_reactor;
    m_context.timers = m_timers;
    m_context.tls = m_tls.get();
    m_context.registry = &m_registry;
    m_context.routes = std::make_shared<const RouteTable>(m_config.routes);
    m_context.resolve = [this](const QByteArray &host, quint64 id) { resolve(host, id); };
    m_context.connectionIdPrefix =
        "hf-" + QByteArray::number(QRandomGenerator::global()->generate(), 36) + '-';
    m_context.signer = GripSigner::fromKey(m_config.sigKey, m_config.sigIssuer);
    if (!m_context.signer.isValid()) {
        Q_EMIT startFailed(
            QStringLiteral("--sig-key cannot be used: %1").arg(m_context.signer.errorString()));
        return;
    }
    m_hub = new ChannelHub(this);
    m_hub->setTimings(m_config.messageWaitMs, m_config.idCacheTtlMs);
    m_context.hub = m_hub;
    m_publishServer = new PublishServer(*m_hub, *m_reactor, m_config.publishKey, this);
    m_publishServer->setMaxBodyBytes(m_config.maxPublishBodyBytes);
    m_publishServer->setMaxContentBytes(m_config.maxItemContentBytes);
    m_publishServer->setMetricsProvider([this] { return metricsText(); });
    QString publishError;
    if (!m_publishServer->listen(m_config.publishAddress, m_config.publishPort, &publishError)) {
        Q_EMIT startFailed(publishError);
        return;
    }

    m_listener = new Listener(
        m_reactor, "clients", [this](int descriptor) { accept(descriptor, false); }, this);
    m_listener->setKeepsReserve([this](int descriptor) { refuseFromReserve(descriptor, false); });
    // A small backlog overflows when clients connect in a burst (a ramp, a reconnect storm after
    // a restart): the kernel drops the SYN and the client waits a 1 s retransmit. The kernel
    // caps it at net.core.somaxconn.
    QString listenError;
    if (!m_listener->listen(m_config.listenAddress, m_config.listenPort, &listenError, 4096)) {
        Q_EMIT startFailed(QStringLiteral("cannot listen on %1:%2: %3")
                               .arg(m_config.listenAddress.toString())
                               .arg(m_config.listenPort)
                               .arg(listenError));
        return;
    }
    if (m_tlsServer && !startTlsListener())
        return;
    if (!m_config.routesFile.isEmpty()) {
        m_routesWatcher = new QFileSystemWatcher(this);
        m_routesWatcher->addPath(m_config.routesFile);
        connect(m_routesWatcher, &QFileSystemWatcher::fileChanged, this,
                [this] { m_reloadDelay.start(); });
    }
    m_running = true;
    m_snapshotTimer.start(m_config.snapshotIntervalMs);
    qCInfo(lcBroker, "listening on %s:%u with %lld route(s), publish API on %s:%u",
           qPrintable(m_listener->serverAddress().toString()), m_listener->serverPort(),
           qlonglong(m_config.routes.size()), qPrintable(m_publishServer->address().toString()),
           m_publishServer->port());
    Q_EMIT publishListening(m_publishServer->address().toString(), m_publishServer->port());
    if (m_tlsListener)
        Q_EMIT tlsListening(m_tlsListener->serverAddress().toString(), m_tlsListener->serverPort());
    Q_EMIT started(m_listener->serverAddress().toString(), m_listener->serverPort());
}

bool Broker::startTlsListener()
{
    m_tlsListener = new Listener(
        m_reactor, "TLS clients", [this](int descriptor) { accept(descriptor, true); }, this);
    m_tlsListener->setKeepsReserve([this](int descriptor) { refuseFromReserve(descriptor, true); });
    QString listenError;
    if (!m_tlsListener->listen(m_config.tlsListenAddress, m_config.tlsListenPort, &listenError,
                               4096)) {
        Q_EMIT startFailed(QStringLiteral("cannot listen for TLS on %1:%2: %3")
                               .arg(m_config.tlsListenAddress.toString())
                               .arg(m_config.tlsListenPort)
                               .arg(listenError));
        return false;
    }
    m_certWatcher = new QFileSystemWatcher(this);
    m_certWatcher->addPaths({m_config.tlsCertFile, m_config.tlsKeyFile});
    connect(m_certWatcher, &QFileSystemWatcher::fileChanged, this,
            [this] { m_certReloadDelay.start(); });
    qCInfo(lcTls, "TLS listener on %s:%u with %s (valid until %s)",
           qPrintable(m_tlsListener->serverAddress().toString()), m_tlsListener->serverPort(),
           m_tlsServer->subject().constData(),
           qPrintable(m_tlsServer->notAfter().toString(Qt::ISODate)));
    return true;
}

void Broker::reloadCertificates()
{
    if (!m_tlsServer || !m_running)
        return;
    // Renewal tools often replace the files; the watcher forgets a replaced path.
    for (const QString &path : {m_config.tlsCertFile, m_config.tlsKeyFile}) {
        if (!m_certWatcher->files().contains(path))
            m_certWatcher->addPath(path);
    }
    if (!m_tlsServer->load(m_config.tlsCertFile, m_config.tlsKeyFile)) {
        qCWarning(lcTls, "certificate not reloaded, the previous one stays in use: %s",
                  qPrintable(m_tlsServer->errorString()));
        Q_EMIT tlsReloadFailed(m_tlsServer->errorString());
        return;
    }
    qCInfo(lcTls, "certificate reloaded: %s (valid until %s); new handshakes use it",
           m_tlsServer->subject().constData(),
           qPrintable(m_tlsServer->notAfter().toString(Qt::ISODate)));
    Q_EMIT tlsReloaded(QString::fromUtf8(m_tlsServer->subject()), m_tlsServer->notAfter());
}

void Broker::setRoutes(const QList<Route> &routes)
{
    m_config.routes = routes;
    m_context.routes = std::make_shared<const RouteTable>(routes);
    qCInfo(lcRoutes, "routes replaced: %lld route(s)", qlonglong(routes.size()));
    Q_EMIT routesApplied(int(routes.size()), QStringLiteral("console"));
}

void Broker::reloadRoutesFile()
{
    // Editors often replace the file; the watcher forgets a replaced path.
    if (!m_routesWatcher->files().contains(m_config.routesFile))
        m_routesWatcher->addPath(m_config.routesFile);
    const RoutesParseResult result = RoutesFile::load(m_config.routesFile);
    for (const QString &warning : result.warnings)
        qCWarning(lcRoutes, "%s", qPrintable(warning));
    if (!result.ok()) {
        for (const QString &error : result.errors)
            qCWarning(lcRoutes, "%s", qPrintable(error));
        qCWarning(lcRoutes, "routes file not applied; the previous routes stay in force");
        Q_EMIT routesRejected(result.errors);
        return;
    }
    m_config.routes = result.routes;
    m_context.routes = std::make_shared<const RouteTable>(result.routes);
    qCInfo(lcRoutes, "reloaded %s: %lld route(s)", qPrintable(m_config.routesFile),
           qlonglong(result.routes.size()));
    Q_EMIT routesApplied(int(result.routes.size()), m_config.routesFile);
}

bool Broker::planDescriptors()
{
    QString raiseError;
    const int limit = DescriptorBudget::raiseOpenFileLimit(&raiseError);
    if (!raiseError.isEmpty())
        qCWarning(lcBroker, "cannot raise the open-file limit to its hard limit: %s",
                  qPrintable(raiseError));
    m_budget = DescriptorBudget::plan(limit, DescriptorBudget::openDescriptors());
    if (m_budget.maxConnections < 1) {
        Q_EMIT startFailed(
            QStringLiteral("the open-file limit (%1) leaves no descriptor for clients: %2 are "
                           "open and %3 are kept for the publish API and the ledger; raise it "
                           "(ulimit -n, or LimitNOFILE= in the systemd unit)")
                .arg(m_budget.limit)
                .arg(m_budget.inUse)
                .arg(m_budget.reserve));
        return false;
    }
    if (m_config.maxConnections > m_budget.maxConnections) {
        qCWarning(lcBroker,
                  "--max-connections %d does not fit the open-file limit of %d (%d open, %d kept "
                  "for the publish API and the ledger): accepting at most %d connection(s); "
                  "raise the limit (ulimit -n, or LimitNOFILE= in the systemd unit) for more",
                  m_config.maxConnections, m_budget.limit, m_budget.inUse, m_budget.reserve,
                  m_budget.maxConnections);
        m_config.maxConnections = m_budget.maxConnections;
    }
    m_reactor->setDescriptorCeiling(m_budget.ceiling);
    return true;
}

void Broker::refuseFromReserve(int fd, bool tls)
{
    ++m_refusedTotal;
    if (m_context.stopping || m_reserveRefusing >= ReserveRefusingMax) {
        ::close(fd);
        return;
    }
    ++m_reserveRefusing;
    new ConnectionRefuser(
        m_reactor, fd, tls ? m_tlsServer->context() : nullptr,
        "out of file descriptors (limit " + QByteArray::number(m_budget.limit) + ")",
        [this] { --m_reserveRefusing; }, this);
}

void Broker::accept(int fd, bool tls)
{
    QHostAddress peer;
    quint16 port = 0;
    if (m_context.stopping || !SocketAddress::peer(fd, &peer, &port)) {
        ::close(fd);
        return;
    }
    SSL_CTX *tlsContext = tls ? m_tlsServer->context() : nullptr;
    // A lingering close still holds its descriptor (Stream::closeAfterLinger).
    if (m_registry.liveCount() + m_reactor->lingeringCount() >= m_config.maxConnections) {
        ++m_refusedTotal;
        if (m_refusedTotal == 1 || m_refusedTotal % 1000 == 0)
            qCWarning(lcBroker, "connection limit %d reached: %llu connection(s) refused so far",
                      m_config.maxConnections, m_refusedTotal);
        if (m_refusing >= RefusingMax) {
            ::close(fd);
            return;
        }
        ++m_refusing;
        new ConnectionRefuser(
            m_reactor, fd, tlsContext,
            "too many connections (limit " + QByteArray::number(m_config.maxConnections) + ")",
            [this] { --m_refusing; }, this);
        return;
    }
    auto session = new ProxySession(m_context, nextConnectionId++, fd, peer, port, tlsContext);
    session->start();
}

void Broker::resolve(const QByteArray &host, quint64 sessionId)
{
    QHostInfo::lookupHost(QString::fromLatin1(host), this,
                          [this, sessionId](const QHostInfo &info) {
                              if (ProxySession *session = m_registry.find(sessionId))
                                  session->onResolved(info.addresses(), info.errorString());
                          });
}

void Broker::onTimer(quint64 id, quint32 kind)
{
    if (ProxySession *session = m_registry.find(id))
        session->onTimer(kind);
}

void Broker::publishSnapshot()
{
    const bool channelsChanged = m_hub && m_hub->takeChanged();
    if (!m_registry.hasChanges() && !channelsChanged)
        return;
    BrokerSnapshot snapshot = m_registry.takeSnapshot();
    if (channelsChanged) {
        snapshot.channelsChanged = true;
        snapshot.channels = m_hub->channelInfos();
    }
    if (m_hub) {
        snapshot.messagesReceived = m_hub->stats().itemsReceived;
        snapshot.messagesSent = m_hub->stats().deliveries;
    }
    Q_EMIT snapshotReady(snapshot);
}

void Broker::closeConnection(quint64 id, quint16 code, const QByteArray &reason)
{
    ProxySession *session = m_registry.find(id);
    if (!session) {
        Q_EMIT commandFailed(QStringLiteral("connection %1 is already closed").arg(id));
        return;
    }
    qCInfo(lcConn, "conn %llu closed from the console with %u", id, code);
    session->closeByOperator(code, reason);
}

void Broker::sendToConnection(quint64 id, const PublishItem &item)
{
    ProxySession *session = m_registry.find(id);
    if (!session) {
        Q_EMIT commandFailed(QStringLiteral("connection %1 is already closed").arg(id));
        return;
    }
    if (!session->deliverDirect(item))
        Q_EMIT commandFailed(
            QStringLiteral("connection %1 cannot take that message: it needs a "
                           "format matching its transport (%2)")
                .arg(id)
                .arg(QString::fromLatin1(ConnectionInfo::transportName(session->transport()))));
}

void Broker::watchConnection(quint64 id, bool watch)
{
    // A connection that already left needs no answer: its last snapshot said so.
    if (ProxySession *session = m_registry.find(id))
        session->setWatched(watch);
}

QByteArray Broker::metricsText() const
{
    QHash<QByteArray, quint64> byTransport;
    for (ProxySession *session : m_registry.sessions())
        ++byTransport[ConnectionInfo::transportName(session->transport())];
    QByteArray out;
    auto metric = [&out](const char *name, const char *type, const char *help, quint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' +
               name + ' ' + QByteArray::number(value) + '\n';
    };
    metric("connection_connected", "gauge", "Number of clients currently connected.",
           quint64(m_registry.liveCount()));
    metric("connection_minute", "counter", "Number of minutes clients have been connected.",
           m_registry.connectionMinutes(QDateTime::currentDateTimeUtc()));
    metric("request_received", "counter", "Number of requests received.",
           m_registry.requestsReceived());
    metric("message_received", "counter", "Number of messages received by the publish API.",
           m_hub ? m_hub->stats().itemsReceived : 0);
    metric("message_sent", "counter", "Number of messages sent to clients.",
           m_hub ? m_hub->stats().deliveries : 0);
    metric("holdfast_connections_refused_total", "counter",
           "Connections answered 503 because the connection limit was reached.", m_refusedTotal);
    metric("holdfast_connections_max", "gauge",
           "Client connections accepted at once (--max-connections, fitted to the open-file "
           "limit).",
           quint64(m_config.maxConnections));
    metric("holdfast_connections_lingering", "gauge",
           "Connections closing that still hold a descriptor: writing out their last bytes, or "
           "reading away what the client still sends after an error answer.",
           quint64(m_reactor ? m_reactor->lingeringCount() : 0));
    metric("holdfast_descriptor_limit", "gauge", "The open-file limit (RLIMIT_NOFILE) in force.",
           quint64(m_budget.limit));
    metric("holdfast_accept_exhausted_total", "counter",
           "Connections not accepted for want of file descriptors (accepting pauses meanwhile).",
           (m_listener ? m_listener->exhaustedTotal() : 0) +
               (m_tlsListener ? m_tlsListener->exhaustedTotal() : 0) +
               (m_publishServer ? m_publishServer->exhaustedTotal() : 0));
    metric("holdfast_slow_subscribers_closed_total", "counter",
           "Subscribers closed because their pending messages exceeded the limit.",
           m_context.slowSubscribersClosed);
    metric("holdfast_tls_handshake_failures_total", "counter",
           "TLS handshakes with clients that failed.", m_context.tlsHandshakeFailures);
    out += "# HELP holdfast_connections Live connections by transport.\n"
           "# TYPE holdfast_connections gauge\n";
    for (const char *transport :
         {"http", "ws-passthrough", "http-stream", "sse", "long-poll", "ws-fanout"})
        out += QByteArray("holdfast_connections{transport=\"") + transport + "\"} " +
               QByteArray::number(byTransport.value(transport)) + '\n';
    return out;
}

void Broker::stop()
{
    if (!m_running) {
        Q_EMIT stopped();
        return;
    }
    m_running = false;
    m_context.stopping = true;
    m_listener->close();
    if (m_tlsListener)
        m_tlsListener->close();
    m_publishServer->close();
    qCInfo(lcBroker, "stopping: %lld connection(s) open", qlonglong(m_registry.liveCount()));
    const QList<quint64> ids = m_registry.sessions().keys();
    for (quint64 id : ids) {
        if (ProxySession *session = m_registry.find(id))
            session->shutdown();
    }
    m_stopDeadlineMs = m_timers->nowMs() + m_config.shutdownGraceMs;
    checkStopped();
    if (m_registry.liveCount() > 0)
        m_stopPoll.start();
}

void Broker::checkStopped()
{
    if (m_registry.liveCount() > 0 && m_timers->nowMs() < m_stopDeadlineMs)
        return;
    const QList<quint64> ids = m_registry.sessions().keys();
    for (quint64 id : ids) {
        if (ProxySession *session = m_registry.find(id))
            session->abort("broker stopped");
    }
    finishStop();
}

void Broker::finishStop()
{
    m_stopPoll.stop();
    m_snapshotTimer.stop();
    publishSnapshot();
    qCInfo(lcBroker, "stopped");
    Q_EMIT stopped();
}
