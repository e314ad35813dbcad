#include "ledgercheck.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>

#include "holdfastprocess.h"
#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"

QList<LedgerRecord> readLedger(const QString &path)
{
    LedgerStore store;
    if (!store.open(path, LedgerStore::Mode::ReadOnly))
        return {};
    return store.records(0, QDateTime::currentMSecsSinceEpoch() + 1);
}

QByteArray ledgerProblem(const QString &ledger, const QList<LedgerRecord> &records)
{
    QSet<QPair<qint64, quint64>> seen;
    qint64 minutes = 0;
    QSet<QString> months;
    for (const LedgerRecord &record : records) {
        const QByteArray who = "conn " + QByteArray::number(record.connectionId) + " of run " +
                               QByteArray::number(record.session);
        if (record.isOpen())
            return who + " is still open";
        if (record.endedMs < record.startedMs)
            return who + " ended before it started";
        if (record.bytesToClient < 0 || record.bytesFromClient < 0)
            return who + " has negative byte counts";
        const auto key = qMakePair(record.session, record.connectionId);
        if (seen.contains(key))
            return who + " is recorded twice";
        seen.insert(key);
        minutes += UsageMath::minutesFor(record.endedMs - record.startedMs);
        months.insert(UsageMath::monthOf(record.startedMs));
    }
    if (months.size() != 1)
        return "the records span " + QByteArray::number(months.size()) +
               " months (a test across midnight UTC at a month's end: run it again)";
    const QJsonObject report = HoldfastProcess::report(ledger, *months.cbegin());
    const QJsonObject total = report.value(QLatin1String("total")).toObject();
    if (total.value(QLatin1String("connections")).toInteger() != records.size() ||
        total.value(QLatin1String("open_connections")).toInteger() != 0 ||
        total.value(QLatin1String("minutes")).toInteger() != minutes)
        return "report total " + QJsonDocument(total).toJson(QJsonDocument::Compact) + " for " +
               QByteArray::number(records.size()) + " closed records of " +
               QByteArray::number(minutes) + " minutes";
    return {};
}

QList<LedgerRecord> ofTransport(const QList<LedgerRecord> &records, const QString &transport)
{
    QList<LedgerRecord> result;
    for (const LedgerRecord &record : records) {
        if (record.transport == transport)
            result.append(record);
    }
    return result;
}
