#pragma once

#include <memory>

#include <QHash>
#include <QObject>
#include <QSet>

#include "core/brokersnapshot.h"
#include "ledger/ledgerconfig.h"
#include "ledger/ledgerrecord.h"

class LedgerStore;
class QTimer;

// Writes connection records to the ledger on a thread of its own (LedgerHost moves it there).
// Snapshots arrive queued and only touch memory; a timer writes what changed and the checkpoint
// of open connections in one transaction at most flushIntervalMs apart. While the disk refuses,
// records wait in memory (bounded) and the writer retries on every tick.
class LedgerWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerWriter)

public:
    explicit LedgerWriter(const LedgerConfig &config, QObject *parent = nullptr);
    ~LedgerWriter() override;

    // The rest runs on the writer's thread.
    void start(); // opens the ledger (or keeps trying), recovers a crash, starts the timers
    void consume(const BrokerSnapshot &snapshot);
    bool flush();  // true when nothing is left waiting
    void finish(); // final flush, ends the run's session, closes; then finished()

    qsizetype pendingRecords() const { return m_pending.size(); }
    quint64 droppedRecords() const { return m_dropped; }
    bool isHealthy() const { return !m_inProblem; }
    qint64 session() const { return m_session; }

Q_SIGNALS:
    void opened(const QString &path, int recoveredRecords);
    // The ledger cannot write (the message says why and what waits or was dropped); repeated
    // only when the cause or the number dropped changes.
    void problem(const QString &message);
    void recovered(); // writes succeed again, everything waiting is on disk
    void finished();

private:
    bool ensureOpen(qint64 nowMs);
    void reportProblem(const QString &cause);
    void admit(const ConnectionInfo &info, bool closed);
    void prune();

    LedgerConfig m_config;
    std::unique_ptr<LedgerStore> m_store;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_pruneTimer = nullptr;
    QHash<quint64, LedgerRecord> m_pending; // by connection id: only the latest state is kept
    QHash<quint64, qint64> m_live; // open connections: when their counters were last admitted
    qint64 m_session = -1;
    bool m_recoveryDone = false;
    bool m_finished = false;
    bool m_inProblem = false;
    QString m_problemCause;
    quint64 m_dropped = 0;
    quint64 m_droppedReported = 0;
};
