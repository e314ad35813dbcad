#include "ledger/ledgerwriter.h"

#include <QDateTime>
#include <QTimer>

#include "ledger/ledgerlogging.h"
#include "ledger/ledgerstore.h"

LedgerWriter::LedgerWriter(const LedgerConfig &config, QObject *parent)
    : QObject(parent), m_config(config)
{
    // Children move with the writer to its thread.
    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(m_config.flushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &LedgerWriter::flush);
    m_pruneTimer = new QTimer(this);
    m_pruneTimer->setInterval(m_config.pruneIntervalMs);
    connect(m_pruneTimer, &QTimer::timeout, this, &LedgerWriter::prune);
}

LedgerWriter::~LedgerWriter() = default;

void LedgerWriter::start()
{
    // The SQL connection belongs to the thread that opens it: this one.
    m_store = std::make_unique<LedgerStore>();
    ensureOpen(QDateTime::currentMSecsSinceEpoch());
    m_flushTimer->start();
    m_pruneTimer->start();
}

bool LedgerWriter::ensureOpen(qint64 nowMs)
{
    if (m_store->isOpen())
        return true;
    if (!m_store->open(m_config.path)) {
        reportProblem(m_store->errorString());
        return false;
    }
    int recoveredRecords = 0;
    if (!m_recoveryDone) {
        // Nothing of this run is on disk yet, so every open record is a previous run's.
        recoveredRecords = m_store->recoverUnfinished();
        if (recoveredRecords < 0) {
            reportProblem(m_store->errorString());
            m_store->close();
            return false;
        }
        m_recoveryDone = true;
        if (recoveredRecords > 0)
            qCWarning(lcLedger,
                      "ledger: closed %d connection(s) left open by a broker that "
                      "stopped unexpectedly, at their last checkpoint",
                      recoveredRecords);
    }
    if (m_session < 0) {
        m_session = m_store->beginSession(nowMs);
        if (m_session < 0) {
            reportProblem(m_store->errorString());
            m_store->close();
            return false;
        }
        qCInfo(lcLedger, "ledger: writing to %s", qPrintable(m_config.path));
        Q_EMIT opened(m_config.path, recoveredRecords);
        prune();
    }
    return true;
}

void LedgerWriter::consume(const BrokerSnapshot &snapshot)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ConnectionInfo &info : snapshot.opened) {
        m_live.insert(info.id, now);
        admit(info, false);
    }
    for (const ConnectionInfo &info : snapshot.updated) {
        // A busy connection changes every snapshot; rewriting 10,000 rows a second would cost a
        // core. Its counters go to disk at most every liveCountersIntervalMs (its duration is
        // kept by the checkpoint, its final figures by the close), unless already pending.
        auto live = m_live.find(info.id);
        if (live != m_live.end() && now - *live < m_config.liveCountersIntervalMs &&
            !m_pending.contains(info.id))
            continue;
        if (live != m_live.end())
            *live = now;
        admit(info, false);
    }
    for (const ConnectionInfo &info : snapshot.closed) {
        m_live.remove(info.id);
        admit(info, true);
    }
    if (m_inProblem && m_dropped != m_droppedReported)
        reportProblem(m_problemCause);
}

void LedgerWriter::admit(const ConnectionInfo &info, bool closed)
{
    auto it = m_pending.find(info.id);
    if (it != m_pending.end()) {
        *it = LedgerRecord::fromConnection(info, closed);
        return;
    }
    if (m_pending.size() >= m_config.maxPendingRecords) {
        // An open connection's record comes back with its close; only a closed record that
        // finds no room is lost for good, so only those are counted.
        if (closed)
            ++m_dropped;
        return;
    }
    m_pending.insert(info.id, LedgerRecord::fromConnection(info, closed));
}

bool LedgerWriter::flush()
{
    if (!m_store || m_finished)
        return m_pending.isEmpty();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!ensureOpen(now))
        return false;
    if (!m_pending.isEmpty() || !m_live.isEmpty()) {
        if (!m_store->write(m_pending.values(), m_session, now)) {
            reportProblem(m_store->errorString());
            // Reopen on the next tick: the file may have been replaced or its disk remounted.
            m_store->close();
            return false;
        }
        m_pending.clear();
    }
    if (m_inProblem) {
        m_inProblem = false;
        m_problemCause.clear();
        if (m_dropped > 0)
            qCWarning(lcLedger,
                      "ledger: writing again to %s; %llu connection record(s) were dropped "
                      "while it could not",
                      qPrintable(m_config.path), m_dropped);
        else
            qCWarning(lcLedger, "ledger: writing again to %s; no record was lost",
                      qPrintable(m_config.path));
        Q_EMIT recovered();
    }
    return true;
}

void LedgerWriter::reportProblem(const QString &cause)
{
    if (m_inProblem && cause == m_problemCause && m_dropped == m_droppedReported)
        return;
    m_inProblem = true;
    m_problemCause = cause;
    m_droppedReported = m_dropped;
    QString message = QStringLiteral("ledger: %1; connection records wait in memory (up to %2)")
                          .arg(cause)
                          .arg(m_config.maxPendingRecords);
    if (m_dropped > 0)
        message += QStringLiteral("; %1 dropped").arg(m_dropped);
    qCWarning(lcLedger, "%s", qPrintable(message));
    Q_EMIT problem(message);
}

void LedgerWriter::prune()
{
    if (!m_store || !m_store->isOpen() || m_config.retentionMonths <= 0)
        return;
    const qint64 pruned =
        m_store->prune(m_config.retentionMonths, QDateTime::currentMSecsSinceEpoch());
    if (pruned < 0)
        qCWarning(lcLedger, "ledger: %s", qPrintable(m_store->errorString()));
    else if (pruned > 0)
        qCInfo(lcLedger,
               "ledger: pruned %lld record(s) older than %d month(s); monthly totals kept", pruned,
               m_config.retentionMonths);
}

void LedgerWriter::finish()
{
    if (m_finished)
        return;
    m_flushTimer->stop();
    m_pruneTimer->stop();
    if (m_store) {
        flush();
        m_finished = true;
        if (!m_pending.isEmpty()) {
            m_dropped += quint64(m_pending.size());
            qCWarning(lcLedger,
                      "ledger: stopping with %lld connection record(s) that could not be "
                      "written to %s",
                      qint64(m_pending.size()), qPrintable(m_config.path));
            m_pending.clear();
        } else if (m_store->isOpen() && m_session >= 0) {
            m_store->endSession(m_session, QDateTime::currentMSecsSinceEpoch());
        }
        m_store->close();
    }
    m_finished = true;
    Q_EMIT finished();
}
