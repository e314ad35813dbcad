#pragma once

#include <functional>

#include "core/configuration.h"
#include "core/objectthread.h"
#include "engine/brokerendpoint.h"

class Broker;

// The in-process broker: owns the broker's I/O thread and relays its events. Lives in the
// caller's thread; everything it forwards to the broker is queued, so the caller never waits.
class BrokerHost final : public BrokerEndpoint
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerHost)

public:
    using SnapshotSink = std::function<void(const BrokerSnapshot &)>;

    explicit BrokerHost(QObject *parent = nullptr);
    ~BrokerHost() override;

    // Called on the broker's own thread with every snapshot, before the snapshot is relayed to
    // this object's thread: the ledger is fed without a hop through the console's thread. Set it
    // before start().
    void setSnapshotSink(SnapshotSink sink) { m_sink = std::move(sink); }

    void start(const Configuration &config);
    // Asynchronous: stopped() follows once connections are closed and the thread has ended.
    void stop();
    // SIGHUP in headless mode: the TLS listener re-reads its certificate and key.
    void reloadCertificates();

    bool isRunning() const override { return m_thread.isRunning(); }
    void setRoutes(const QList<Route> &routes) override;
    void closeConnection(quint64 id, quint16 code, const QByteArray &reason) override;
    void sendToConnection(quint64 id, const PublishItem &item) override;
    void watchConnection(quint64 id, bool watch) override;

private:
    void onBrokerSnapshot(const BrokerSnapshot &snapshot);
    void onBrokerStopped();
    // Runs call with the broker on its thread, if there is one.
    void post(std::function<void(Broker *)> call);

    ObjectThread m_thread;
    Broker *m_broker = nullptr; // only ever touched on its own thread, through post()
    SnapshotSink m_sink;
    bool m_stopping = false;
};
