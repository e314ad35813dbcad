#include "engine/brokerhost.h"

#include "engine/broker.h"

BrokerHost::BrokerHost(QObject *parent) : BrokerEndpoint(parent)
{
    qRegisterMetaType<BrokerSnapshot>();
    qRegisterMetaType<ConnectionInfo>();
    qRegisterMetaType<ChannelInfo>();
    qRegisterMetaType<TraceEntry>();
}

// A thread still running (the owner did not wait for stopped()) is ended by m_thread without the
// close handshakes, which cannot finish without an event loop here.
BrokerHost::~BrokerHost() = default;

void BrokerHost::start(const Configuration &config)
{
    if (m_thread.isRunning())
        return;
    m_stopping = false;
    m_broker = new Broker;
    connect(m_broker, &Broker::started, this, &BrokerHost::started);
    connect(m_broker, &Broker::publishListening, this, &BrokerHost::publishListening);
    connect(m_broker, &Broker::tlsListening, this, &BrokerHost::tlsListening);
    connect(m_broker, &Broker::tlsReloaded, this, &BrokerHost::tlsReloaded);
    connect(m_broker, &Broker::tlsReloadFailed, this, &BrokerHost::tlsReloadFailed);
    connect(m_broker, &Broker::startFailed, this, &BrokerHost::startFailed);
    if (m_sink) {
        // On the broker's thread (the context object lives there), ahead of the relay below.
        connect(m_broker, &Broker::snapshotReady, m_broker, m_sink, Qt::DirectConnection);
    }
    connect(m_broker, &Broker::snapshotReady, this, &BrokerHost::onBrokerSnapshot);
    connect(m_broker, &Broker::routesApplied, this, &BrokerHost::routesApplied);
    connect(m_broker, &Broker::routesRejected, this, &BrokerHost::routesRejected);
    connect(m_broker, &Broker::stopped, this, &BrokerHost::onBrokerStopped);
    connect(m_broker, &Broker::commandFailed, this, &BrokerHost::commandFailed);
    m_thread.start(m_broker, QStringLiteral("holdfast-io"));
    post([config](Broker *broker) { broker->start(config); });
}

void BrokerHost::post(std::function<void(Broker *)> call)
{
    if (!m_thread.isRunning())
        return;
    Broker *broker = m_broker;
    m_thread.post([broker, call = std::move(call)] { call(broker); });
}

void BrokerHost::setRoutes(const QList<Route> &routes)
{
    post([routes](Broker *broker) { broker->setRoutes(routes); });
}

void BrokerHost::stop()
{
    if (!m_thread.isRunning()) {
        Q_EMIT stopped();
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    post([](Broker *broker) { broker->stop(); });
}

void BrokerHost::onBrokerSnapshot(const BrokerSnapshot &snapshot)
{
    threadhandoff::acquire(SnapshotHandOff);
    Q_EMIT snapshotReady(snapshot);
}

void BrokerHost::onBrokerStopped()
{
    if (!m_stopping || !m_thread.isRunning())
        return;
    m_broker = nullptr;
    // The broker's last snapshot is already queued to us; the thread only has to wind down.
    m_thread.finish();
    Q_EMIT stopped();
}

void BrokerHost::closeConnection(quint64 id, quint16 code, const QByteArray &reason)
{
    post([id, code, reason](Broker *broker) { broker->closeConnection(id, code, reason); });
}

void BrokerHost::sendToConnection(quint64 id, const PublishItem &item)
{
    post([id, item](Broker *broker) { broker->sendToConnection(id, item); });
}

void BrokerHost::watchConnection(quint64 id, bool watch)
{
    post([id, watch](Broker *broker) { broker->watchConnection(id, watch); });
}

void BrokerHost::reloadCertificates()
{
    post([](Broker *broker) { broker->reloadCertificates(); });
}
