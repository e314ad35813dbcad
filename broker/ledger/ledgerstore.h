#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "ledger/ledgerrecord.h"

// Usage of one UTC month as far as the ledger knows it: pruned totals plus the records kept.
struct MonthUsage
{
    QString month;
    qint64 connections = 0;
    qint64 openConnections = 0;
    qint64 minutes = 0; // open connections counted up to the time asked for
};

// The ledger's SQLite file (QSQLITE, WAL). One instance per thread: a Qt SQL connection must be
// used only on the thread that opened it. Every write is one transaction.
class LedgerStore final
{
    Q_DISABLE_COPY_MOVE(LedgerStore)

public:
    enum class Mode
    {
        ReadWrite, // creates the file (0600) and its directory (0700), migrates the schema
        ReadOnly   // for reports: the file must exist and be a ledger
    };
    static constexpr int SchemaVersion = 1;
    static QString unexpectedStopReason();

    LedgerStore();
    ~LedgerStore();

    bool open(const QString &path, Mode mode = Mode::ReadWrite);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    QSqlDatabase database() const;

    // Closes the records a crash left open at their last checkpoint, with unexpectedStopReason().
    // Returns how many, or -1 on failure. Call once, before beginSession().
    int recoverUnfinished();
    qint64 beginSession(qint64 nowMs); // the new broker run's id, or -1
    bool endSession(qint64 session, qint64 nowMs);
    // One transaction: inserts or updates the records, then moves the checkpoint of every open
    // record of this session to nowMs in a single UPDATE.
    bool write(const QList<LedgerRecord> &records, qint64 session, qint64 nowMs);
    // Folds closed records that started before the current UTC month and retentionMonths full
    // months before it into monthly_totals, then deletes them. Returns the number pruned or -1.
    qint64 prune(int retentionMonths, qint64 nowMs);

    // Records that started in [fromMs, toMs), by start then id.
    QList<LedgerRecord> records(qint64 fromMs, qint64 toMs) const;
    // This month's figures in two indexed queries: what a metrics endpoint needs.
    MonthUsage monthUsage(const QString &month, qint64 nowMs) const;

private:
    bool fail(const QString &what, const QString &detail);
    bool exec(const QString &sql);
    bool migrate();

    QString m_connectionName;
    QString m_path;
    mutable QString m_error;
};
