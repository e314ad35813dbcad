#pragma once

#include <memory>

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include "proxy/brokercontext.h"
#include "core/brokersnapshot.h"
#include "core/configuration.h"
#include "proxy/connectionregistry.h"
#include "grip/publishitem.h"
#include "net/descriptorbudget.h"

class Listener;
class QFileSystemWatcher;

// The broker of one I/O thread. Lives in the thread BrokerHost made; every public slot is meant
// to be called through a queued connection.
class Broker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Broker)

public:
    explicit Broker(QObject *parent = nullptr);
    ~Broker() override;

public Q_SLOTS:
    void start(const Configuration &config);
    // Applies to requests that arrive from now on; live connections keep the route they have.
    void setRoutes(const QList<Route> &routes);
    // Closes WebSockets with 1001, lets requests in flight finish within the grace period.
    void stop();
    void closeConnection(quint64 id, quint16 code, const QByteArray &reason);
    void sendToConnection(quint64 id, const PublishItem &item);
    // The console's selection: trace this connection into the snapshots, or stop.
    void watchConnection(quint64 id, bool watch);
    // Re-reads the TLS listener's certificate and key: new handshakes use them, live connections
    // keep theirs. A failed reload keeps the previous pair and says why (tlsReloadFailed).
    void reloadCertificates();

public:
    // Prometheus text for GET /metrics on the publish listener.
    QByteArray metricsText() const;

Q_SIGNALS:
    void commandFailed(const QString &message);
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

private:
    void accept(int descriptor, bool tls);
    // Fits maxConnections to the open-file limit and sets the reactor's descriptor ceiling.
    bool planDescriptors();
    // A client accepted into the descriptor reserve: answered 503 while few are, else closed.
    void refuseFromReserve(int descriptor, bool tls);
    bool startTlsListener();
    void publishSnapshot();
    void onTimer(quint64 id, quint32 kind);
    void resolve(const QByteArray &host, quint64 sessionId);
    void reloadRoutesFile();
    void checkStopped();
    void finishStop();

    Configuration m_config;
    BrokerContext m_context;
    ConnectionRegistry m_registry;
    std::unique_ptr<class TlsClientContext> m_tls;
    class Reactor *m_reactor = nullptr;
    class TimerWheel *m_timers = nullptr;
    Listener *m_listener = nullptr;
    Listener *m_tlsListener = nullptr;
    std::unique_ptr<class TlsServerContext> m_tlsServer;
    QFileSystemWatcher *m_certWatcher = nullptr;
    QTimer m_certReloadDelay;
    DescriptorBudget m_budget;
    int m_refusing = 0;
    int m_reserveRefusing = 0;
    quint64 m_refusedTotal = 0;
    class ChannelHub *m_hub = nullptr;
    class PublishServer *m_publishServer = nullptr;
    QFileSystemWatcher *m_routesWatcher = nullptr;
    QTimer m_snapshotTimer;
    QTimer m_reloadDelay;
    QTimer m_stopPoll;
    qint64 m_stopDeadlineMs = 0;
    bool m_running = false;
};
