#include "proxy/origindialer.h"

#include "core/configuration.h"
#include "core/logging.h"
#include "net/tlsclientcontext.h"
#include "proxy/brokercontext.h"
#include "proxy/originrequest.h"
#include "routes/route.h"

OriginDialer::OriginDialer(DialerOwner &owner, BrokerContext &context, SessionTimers timers,
                           quint64 sessionId)
    : m_owner(owner), m_context(context), m_timers(timers), m_sessionId(sessionId)
{}

OriginDialer::~OriginDialer()
{
    cancel();
}

void OriginDialer::start(const Route &route, const QByteArray &label, bool resolveOnly)
{
    reset();
    m_route = &route;
    m_label = label;
    m_resolveOnly = resolveOnly;
    m_targetIndex = 0;
    tryTarget();
}

void OriginDialer::cancel()
{
    m_dialing = false;
    m_resolving = false;
    if (m_stream)
        m_stream->close();
    m_stream = nullptr;
}

void OriginDialer::reset()
{
    cancel();
    m_route = nullptr;
    m_address.clear();
    m_targetIndex = 0;
}

const RouteTarget &OriginDialer::target() const
{
    Q_ASSERT(m_route);
    return m_route->targets.at(m_targetIndex);
}

void OriginDialer::tryTarget()
{
    const RouteTarget &current = target();
    m_dialing = true;
    m_owner.dialAttempt(current);
    m_deadlineMs = m_timers.arm(ConnectTimer, m_context.config->connectTimeoutMs);
    const QHostAddress literal(QString::fromLatin1(current.host));
    if (!literal.isNull()) {
        connectToAddress(literal);
    } else if (current.host.compare("localhost", Qt::CaseInsensitive) == 0) {
        connectToAddress(QHostAddress(QHostAddress::LocalHost));
    } else {
        m_resolving = true;
        m_context.resolve(current.host, m_sessionId);
    }
}

void OriginDialer::onResolved(const QList<QHostAddress> &addresses, const QString &error)
{
    if (!m_dialing || !m_resolving)
        return;
    m_resolving = false;
    if (addresses.isEmpty()) {
        failed(QStringLiteral("cannot resolve its name (%1)").arg(error), false);
        return;
    }
    QHostAddress chosen = addresses.first();
    for (const QHostAddress &address : addresses) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            chosen = address;
            break;
        }
    }
    connectToAddress(chosen);
}

bool OriginDialer::isPrivateAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        const auto in = [v4](quint32 network, int bits) {
            return (v4 >> (32 - bits)) == (network >> (32 - bits));
        };
        return v4 == 0 || in(0x7f000000, 8) || in(0x0a000000, 8) || in(0xac100000, 12) ||
               in(0xc0a80000, 16) || in(0xa9fe0000, 16);
    }
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return false;
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    bool unspecifiedOrLoopback = true;
    for (int i = 0; i < 15; ++i)
        unspecifiedOrLoopback = unspecifiedOrLoopback && v6[i] == 0;
    unspecifiedOrLoopback = unspecifiedOrLoopback && v6[15] <= 1;
    const bool uniqueLocal = (v6[0] & 0xfe) == 0xfc;
    const bool linkLocal = v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80;
    return unspecifiedOrLoopback || uniqueLocal || linkLocal;
}

void OriginDialer::connectToAddress(const QHostAddress &address)
{
    m_address = address;
    if (target().untrusted && isPrivateAddress(address)) {
        // Pushpin's outbound policy: only a trusted target (the routes file's default) may reach
        // this host or its private networks.
        failed(QStringLiteral("refused: the target is marked untrusted and %1 is a private "
                              "address")
                   .arg(address.toString()),
               false);
        return;
    }
    if (m_resolveOnly) {
        m_dialing = false;
        m_owner.dialResolved(address);
        return;
    }
    const RouteTarget &current = target();
    QString error;
    m_stream = Stream::connectTo(m_context.reactor, address, current.port, this, &error);
    if (!m_stream) {
        failed(error, false);
        return;
    }
    if (current.ssl &&
        !m_stream->enableTls(m_context.tls->context(!current.insecure),
                             OriginRequest::tlsServerName(current), !current.insecure, &error))
        failed(error, false);
}

void OriginDialer::onStreamConnected(Stream *stream)
{
    if (stream != m_stream)
        return;
    m_stream = nullptr;
    m_dialing = false;
    m_owner.dialConnected(stream);
}

void OriginDialer::onStreamClosed(Stream *stream, const QString &error)
{
    if (stream != m_stream)
        return;
    m_stream = nullptr;
    failed(error.isEmpty() ? QStringLiteral("connection closed") : error, false);
}

void OriginDialer::onTimer(quint32 timerKind, qint64 nowMs)
{
    if (timerKind == ConnectTimer && m_dialing && nowMs >= m_deadlineMs)
        failed(QString(), true);
}

void OriginDialer::failed(const QString &error, bool timedOut)
{
    if (m_stream)
        m_stream->close();
    m_stream = nullptr;
    m_resolving = false;
    m_dialing = false;
    const QByteArray origin = OriginRequest::describe(target());
    const QByteArray why =
        timedOut ? "did not connect within " +
                       QByteArray::number(m_context.config->connectTimeoutMs / 1000) + " s"
                 : error.toUtf8();
    qCWarning(lcConn, "conn %llu %s: origin %s failed: %s", m_sessionId, m_label.constData(),
              origin.constData(), why.constData());
    if (error == Stream::outOfDescriptorsError()) {
        // Our shortage, not the origin's fault, and no other target would fare better.
        HttpHeaders retry;
        retry.add("Retry-After", "5");
        m_owner.dialFailed(503, m_label + ": " + why + "; try again later", retry);
        return;
    }
    if (++m_targetIndex < m_route->targets.size()) {
        tryTarget();
        return;
    }
    --m_targetIndex; // target() stays the last one tried
    const bool certificate = error.startsWith(QLatin1String("TLS"));
    m_owner.dialFailed(
        timedOut ? 504 : 502,
        m_label + ": origin " + origin +
            (certificate || timedOut ? QByteArray(" ") : QByteArray(" unreachable: ")) + why,
        {});
}
