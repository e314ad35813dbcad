#pragma once

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include "core/brokersnapshot.h"
#include "core/configuration.h"
#include "grip/publishitem.h"

class Broker;
class QThread;

// Owns the broker's I/O thread. Lives in the caller's thread; everything it forwards to the
// broker is queued, so the caller never waits on the broker.
class BrokerHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerHost)

public:
    explicit BrokerHost(QObject *parent = nullptr);
    ~BrokerHost() override;

    void start(const Configuration &config);
    void setRoutes(const QList<Route> &routes);
    // Asynchronous: stopped() follows once connections are closed and the thread has ended.
    void stop();
    bool isRunning() const { return m_thread != nullptr; }
    // Console actions on one connection; failures come back through commandFailed().
    void closeConnection(quint64 id, quint16 code, const QByteArray &reason);
    void sendToConnection(quint64 id, const PublishItem &item);
    void watchConnection(quint64 id, bool watch);
    // SIGHUP in headless mode: the TLS listener re-reads its certificate and key.
    void reloadCertificates();

Q_SIGNALS:
    void started(const QString &address, quint16 port);
    void publishListening(const QString &address, quint16 port);
    void tlsListening(const QString &address, quint16 port);
    void tlsReloaded(const QString &subject, const QDateTime &notAfterUtc);
    void tlsReloadFailed(const QString &error);
    void startFailed(const QString &error);
    void snapshotReady(const BrokerSnapshot &snapshot);
    void routesApplied(int count, const QString &source);
    void routesRejected(const QStringList &errors);
    void stopped();
    void commandFailed(const QString &message);

private:
    void onBrokerSnapshot(const BrokerSnapshot &snapshot);
    void onBrokerStopped();

    QThread *m_thread = nullptr;
    Broker *m_broker = nullptr;
    bool m_stopping = false;
};
