#pragma once

#include <QObject>

#include "core/brokersnapshot.h"
#include "core/objectthread.h"
#include "ledger/ledgerconfig.h"

class LedgerWriter;

// Owns the ledger's thread and its LedgerWriter, like BrokerHost owns the broker's. Lives in the
// caller's thread; consume() only queues the snapshot, so neither the caller nor the broker's I/O
// thread ever waits on the disk.
class LedgerHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerHost)

public:
    explicit LedgerHost(QObject *parent = nullptr);
    ~LedgerHost() override;

    void start(const LedgerConfig &config);
    // Queues the snapshot to the writer. Safe from the broker's own thread too (BrokerNode feeds
    // it from there) between start() and stop(): neither runs while a broker is running.
    void consume(const BrokerSnapshot &snapshot);
    // Asynchronous: writes what waits (after every snapshot consumed so far), then stopped().
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }
    // The current problem, empty while the ledger writes fine.
    QString problemText() const { return m_problem; }

Q_SIGNALS:
    void opened(const QString &path, int recoveredRecords);
    void problem(const QString &message);
    void recovered();
    void stopped();

private:
    void onWriterFinished();

    ObjectThread m_thread;
    LedgerWriter *m_writer = nullptr; // only ever touched on its own thread, through m_thread
    QString m_problem;
    bool m_stopping = false;
};
