#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

class LedgerStore;

// One line of a usage report: the connections that started in the month, grouped by one key.
struct UsageRow
{
    QString key;
    qint64 connections = 0;
    qint64 openConnections = 0; // still open when the report was taken; counted up to then
    qint64 minutes = 0;
    qint64 bytesFromClient = 0;
    qint64 bytesToClient = 0;
    qint64 messagesFromClient = 0;
    qint64 messagesToClient = 0;

    void add(const UsageRow &other);
};

// A month's usage by route, transport or day (docs/ledger.md has the CSV columns and the JSON
// schema). The total is the sum of the rows, computed from them.
class UsageReport final
{
public:
    enum class Grouping
    {
        Route,
        Transport,
        Day
    };
    static bool parseGrouping(const QString &text, Grouping *grouping);
    static QString groupingName(Grouping grouping);
    static QString prunedDaysKey() { return QStringLiteral("(pruned)"); }
    static QString noRouteKey() { return QStringLiteral("(none)"); }

    // Reads the month ("YYYY-MM") from the store; open connections count up to nowMs.
    bool build(const LedgerStore &store, const QString &month, Grouping grouping, qint64 nowMs);
    QString errorString() const { return m_error; }

    QString month() const { return m_month; }
    Grouping grouping() const { return m_grouping; }
    const QList<UsageRow> &rows() const { return m_rows; }
    const UsageRow &total() const { return m_total; }
    // The month is over and nothing in it is still open: the figures will not change.
    bool isComplete() const { return m_complete; }

    QByteArray toCsv() const;
    QByteArray toJson() const;

private:
    QString m_month;
    Grouping m_grouping = Grouping::Route;
    qint64 m_generatedMs = 0;
    bool m_complete = false;
    QList<UsageRow> m_rows;
    UsageRow m_total;
    QString m_error;
};
