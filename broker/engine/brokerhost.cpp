#include "core/brokerhost.h"

#include <QThread>

#include "core/broker.h"

BrokerHost::BrokerHost(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<BrokerSnapshot>();
    qRegisterMetaType<ConnectionInfo>();
    qRegisterMetaType<ChannelInfo>();
    qRegisterMetaType<TraceEntry>();
}

BrokerHost::~BrokerHost()
{
    if (!m_thread)
        return;
    // Last resort when the owner did not wait for stopped(): end the thread without the close
    // handshakes, which cannot finish without an event loop here.
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void BrokerHost::start(const Configuration &config)
{
    if (m_thread)
        return;
    m_stopping = false;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("holdfast-io"));
    m_broker = new Broker;
    m_broker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_broker, &QObject::deleteLater);
    connect(m_broker, &Broker::started, this, &BrokerHost::started);
    connect(m_broker, &Broker::publishListening, this, &BrokerHost::publishListening);
    connect(m_broker, &Broker::tlsListening, this, &BrokerHost::tlsListening);
    connect(m_broker, &Broker::tlsReloaded, this, &BrokerHost::tlsReloaded);
    connect(m_broker, &Broker::tlsReloadFailed, this, &BrokerHost::tlsReloadFailed);
    connect(m_broker, &Broker::startFailed, this, &BrokerHost::startFailed);
    connect(m_broker, &Broker::snapshotReady, this, &BrokerHost::onBrokerSnapshot);
    connect(m_broker, &Broker::routesApplied, this, &BrokerHost::routesApplied);
    connect(m_broker, &Broker::routesRejected, this, &BrokerHost::routesRejected);
    connect(m_broker, &Broker::stopped, this, &BrokerHost::onBrokerStopped);
    connect(m_broker, &Broker::commandFailed, this, &BrokerHost::commandFailed);
    m_thread->start();
    Broker *broker = m_broker;
    QMetaObject::invokeMethod(
        broker, [broker, config] { broker->start(config); }, Qt::QueuedConnection);
}

void BrokerHost::setRoutes(const QList<Route> &routes)
{
    if (!m_broker)
        return;
    Broker *broker = m_broker;
    QMetaObject::invokeMethod(
        broker, [broker, routes] { broker->setRoutes(routes); }, Qt::QueuedConnection);
}

void BrokerHost::stop()
{
    if (!m_thread) {
        Q_EMIT stopped();
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    QMetaObject::invokeMethod(m_broker, &Broker::stop, Qt::QueuedConnection);
}

void BrokerHost::onBrokerSnapshot(const BrokerSnapshot &snapshot)
{
    threadhandoff::acquire(SnapshotHandOff);
    Q_EMIT snapshotReady(snapshot);
}

void BrokerHost::onBrokerStopped()
{
    if (!m_stopping || !m_thread)
        return;
    QThread *thread = m_thread;
    m_thread = nullptr;
    m_broker = nullptr;
    // The broker's last snapshot is already queued to us; the thread only has to wind down.
    thread->quit();
    thread->wait();
    delete thread;
    Q_EMIT stopped();
}

void BrokerHost::closeConnection(quint64 id, quint16 code, const QByteArray &reason)
{
    if (!m_broker)
        return;
    Broker *broker = m_broker;
    QMetaObject::invokeMethod(
        broker, [broker, id, code, reason] { broker->closeConnection(id, code, reason); },
        Qt::QueuedConnection);
}

void BrokerHost::sendToConnection(quint64 id, const PublishItem &item)
{
    if (!m_broker)
        return;
    Broker *broker = m_broker;
    QMetaObject::invokeMethod(
        broker, [broker, id, item] { broker->sendToConnection(id, item); }, Qt::QueuedConnection);
}

void BrokerHost::watchConnection(quint64 id, bool watch)
{
    if (!m_broker)
        return;
    Broker *broker = m_broker;
    QMetaObject::invokeMethod(
        broker, [broker, id, watch] { broker->watchConnection(id, watch); }, Qt::QueuedConnection);
}

void BrokerHost::reloadCertificates()
{
    if (m_broker)
        QMetaObject::invokeMethod(m_broker, &Broker::reloadCertificates, Qt::QueuedConnection);
}
