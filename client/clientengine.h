#pragma once

#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "clientcontext.h"
#include "cpusampler.h"
#include "latencyhistogram.h"
#include "loadconfig.h"
#include "loadstats.h"

class Publisher;
class Reactor;
class TestClient;
class TimerWheel;
class TlsClientContext;

// Opens LoadConfig::clients clients of one transport on one epoll reactor, ramps them up,
// publishes timestamped messages if asked, and reports a coalesced LoadStats every
// statsIntervalMs (never a signal per message). A run goes resolve -> ramp -> settle -> run
// (durationMs, publishing) -> drain -> finished, and stop() ends it at any point. Every socket is
// closed before finished() is emitted.
//
// Lives on whatever thread it was created on or moved to; a GUI drives it with queued calls
// (QMetaObject::invokeMethod) and reads only the LoadStats values it emits.
class ClientEngine final : public QObject, private TestClientListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientEngine)

public:
    explicit ClientEngine(QObject *parent = nullptr);
    ~ClientEngine() override;

    bool isRunning() const
    {
        return m_phase != LoadStats::Phase::Idle && m_phase != LoadStats::Phase::Finished;
    }

public Q_SLOTS:
    void start(const LoadConfig &config);
    void stop();
    // One client, by the id in its ClientRow (0 .. clients-1). Ignored for unknown ids.
    void sendMessage(int clientId, const QByteArray &payload, bool binary);
    void closeClient(int clientId, quint16 code, const QByteArray &reason);
    void reconnectClient(int clientId);

Q_SIGNALS:
    void progress(const LoadStats &stats);
    void finished(const LoadStats &stats);

private:
    void onClientOpen(TestClient *client) override;
    void onClientMessage(TestClient *client, QByteArrayView payload, bool binary) override;
    void onClientChanged(TestClient *client) override;

    void lookUp(const QByteArray &host, QHostAddress *out);
    void lookedUp();
    void beginRamp();
    void failAll(const QString &reason);
    void tick();
    void enterPhase(LoadStats::Phase phase);
    bool allSettled() const;
    bool allEnded() const;
    void emitProgress();
    LoadStats collect(bool final);
    void countLoss(quint64 horizon, quint64 *expected, quint64 *lost) const;
    void finish();
    void teardown();
    // Echo mode: fills the client's outstanding echoes up to echoInflight, and settles one echo.
    void sendEchoes(TestClient *client);
    void echoed(TestClient *client, QByteArrayView payload, bool binary);
    const QByteArray &echoPayload(quint64 number, qint64 sentUs);
    bool echoesOutstanding() const;
    TestClient *client(int id) const;

    LoadConfig m_config;
    ClientContext m_context;
    ClientUrl m_publishUrl;
    QHostAddress m_publishAddress;
    std::unique_ptr<Reactor> m_reactor;
    std::unique_ptr<TimerWheel> m_timers;
    std::unique_ptr<TlsClientContext> m_tls;
    std::unique_ptr<Publisher> m_publisher;
    std::vector<std::unique_ptr<TestClient>> m_clients;
    LatencyHistogram m_latency;
    QTimer m_tickTimer;
    QTimer m_statsTimer;
    QElapsedTimer m_clock;
    QString m_lookupError;
    QByteArray m_echoPayload; // the latest echo built, reused
    QByteArray m_echoPadding; // what fills an echo after its stamp
    quint64 m_reorderWindow = 1024;
    quint64 m_echoes = 0;
    quint64 m_echoErrors = 0;
    qint64 m_firstEchoUs = 0;
    qint64 m_lastEchoUs = 0;
    quint64 m_received = 0;
    quint64 m_bytes = 0;
    quint64 m_receivedAtLastStats = 0;
    quint64 m_sequence = 0;
    qint64 m_lastStatsMs = 0;
    qint64 m_phaseStartMs = 0;
    qint64 m_rampStartMs = 0;
    qint64 m_publishStartMs = -1;
    CpuSampler::Sample m_cpuAtRun;
    qint64 m_cpuEndMs = -1;
    CpuSampler::Sample m_cpuAtEnd;
    qint64 m_publishEndMs = -1;
    qint64 m_lastDrainCheckMs = 0;
    qint64 m_firstPublishUs = 0;
    qint64 m_lastDeliveryUs = 0;
    int m_pendingLookups = 0;
    int m_lookupRound = 0;
    LoadStats::Phase m_phase = LoadStats::Phase::Idle;
};
