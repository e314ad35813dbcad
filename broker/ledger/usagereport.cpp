#include "ledger/usagereport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"

namespace {
QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\n') ||
        field.contains('\r')) {
        field.replace("\"", "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

QJsonObject figures(const UsageRow &row)
{
    QJsonObject object;
    object.insert(QLatin1String("connections"), double(row.connections));
    object.insert(QLatin1String("open_connections"), double(row.openConnections));
    object.insert(QLatin1String("minutes"), double(row.minutes));
    // An exact decimal string: a double would print 3e-06.
    object.insert(QLatin1String("million_minutes"), UsageMath::millions(row.minutes));
    object.insert(QLatin1String("bytes_from_client"), double(row.bytesFromClient));
    object.insert(QLatin1String("bytes_to_client"), double(row.bytesToClient));
    object.insert(QLatin1String("messages_from_client"), double(row.messagesFromClient));
    object.insert(QLatin1String("messages_to_client"), double(row.messagesToClient));
    return object;
}
} // namespace

void UsageRow::add(const UsageRow &other)
{
    connections += other.connections;
    openConnections += other.openConnections;
    minutes += other.minutes;
    bytesFromClient += other.bytesFromClient;
    bytesToClient += other.bytesToClient;
    messagesFromClient += other.messagesFromClient;
    messagesToClient += other.messagesToClient;
}

bool UsageReport::parseGrouping(const QString &text, Grouping *grouping)
{
    for (Grouping candidate : {Grouping::Route, Grouping::Transport, Grouping::Day}) {
        if (text == groupingName(candidate)) {
            *grouping = candidate;
            return true;
        }
    }
    return false;
}

QString UsageReport::groupingName(Grouping grouping)
{
    switch (grouping) {
    case Grouping::Route:
        return QStringLiteral("route");
    case Grouping::Transport:
        return QStringLiteral("transport");
    case Grouping::Day:
        return QStringLiteral("day");
    }
    return {};
}

bool UsageReport::build(const LedgerStore &store, const QString &month, Grouping grouping,
                        qint64 nowMs)
{
    m_month = month;
    m_grouping = grouping;
    m_generatedMs = nowMs;
    m_rows.clear();
    m_total = UsageRow();
    m_error.clear();
    qint64 begin = 0;
    qint64 end = 0;
    if (!UsageMath::monthRange(month, &begin, &end)) {
        m_error = QStringLiteral("'%1' is not a month (YYYY-MM)").arg(month);
        return false;
    }

    // Aggregated in SQLite over the started_ms index: the rows never come to C++ one by one.
    QString key;
    switch (grouping) {
    case Grouping::Route:
        key = QStringLiteral("route");
        break;
    case Grouping::Transport:
        key = QStringLiteral("transport");
        break;
    case Grouping::Day:
        // The day a connection started, like the month: it counts there whole.
        key = QStringLiteral("strftime('%Y-%m-%d', started_ms / 1000, 'unixepoch')");
        break;
    }
    QMap<QString, UsageRow> rows;
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT %1, COUNT(*), SUM(ended_ms IS NULL), SUM(%2),"
                       " SUM(bytes_from_client), SUM(bytes_to_client), SUM(messages_from_client),"
                       " SUM(messages_to_client) FROM connections"
                       " WHERE started_ms >= ? AND started_ms < ? GROUP BY 1")
            .arg(key, UsageMath::minutesSql(QStringLiteral("COALESCE(ended_ms, ?) - started_ms"))));
    query.addBindValue(nowMs);
    query.addBindValue(begin);
    query.addBindValue(end);
    if (!query.exec()) {
        m_error = QStringLiteral("cannot read %1: %2").arg(store.path(), query.lastError().text());
        return false;
    }
    while (query.next()) {
        UsageRow row;
        row.key = query.value(0).toString();
        row.connections = query.value(1).toLongLong();
        row.openConnections = query.value(2).toLongLong();
        row.minutes = query.value(3).toLongLong();
        row.bytesFromClient = query.value(4).toLongLong();
        row.bytesToClient = query.value(5).toLongLong();
        row.messagesFromClient = query.value(6).toLongLong();
        row.messagesToClient = query.value(7).toLongLong();
        if (row.key.isEmpty())
            row.key = noRouteKey();
        rows[row.key].add(row);
    }

    // Months past retention live on as totals by route and transport; they have no days left.
    QSqlQuery pruned(store.database());
    pruned.setForwardOnly(true);
    pruned.prepare(QStringLiteral(
        "SELECT route, transport, connections, minutes, bytes_from_client, bytes_to_client,"
        " messages_from_client, messages_to_client FROM monthly_totals WHERE month = ?"));
    pruned.addBindValue(month);
    if (!pruned.exec()) {
        m_error = QStringLiteral("cannot read %1: %2").arg(store.path(), pruned.lastError().text());
        return false;
    }
    while (pruned.next()) {
        UsageRow row;
        switch (grouping) {
        case Grouping::Route:
            row.key = pruned.value(0).toString();
            break;
        case Grouping::Transport:
            row.key = pruned.value(1).toString();
            break;
        case Grouping::Day:
            row.key = prunedDaysKey();
            break;
        }
        if (row.key.isEmpty())
            row.key = noRouteKey();
        row.connections = pruned.value(2).toLongLong();
        row.minutes = pruned.value(3).toLongLong();
        row.bytesFromClient = pruned.value(4).toLongLong();
        row.bytesToClient = pruned.value(5).toLongLong();
        row.messagesFromClient = pruned.value(6).toLongLong();
        row.messagesToClient = pruned.value(7).toLongLong();
        rows[row.key].add(row);
    }

    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        UsageRow row = it.value();
        row.key = it.key();
        m_rows.append(row);
        m_total.add(row);
    }
    m_complete = nowMs >= end && m_total.openConnections == 0;
    return true;
}

QByteArray UsageReport::toCsv() const
{
    QByteArray out = "kind,month," + groupingName(m_grouping).toUtf8() +
                     ",connections,open_connections,minutes,million_minutes,"
                     "bytes_from_client,bytes_to_client,messages_from_client,messages_to_client\n";
    auto line = [&](const char *kind, const UsageRow &row) {
        out += kind;
        out += ',' + csvField(m_month) + ',' + csvField(row.key);
        for (qint64 value : {row.connections, row.openConnections, row.minutes})
            out += ',' + QByteArray::number(value);
        out += ',' + UsageMath::millions(row.minutes).toUtf8();
        for (qint64 value :
             {row.bytesFromClient, row.bytesToClient, row.messagesFromClient, row.messagesToClient})
            out += ',' + QByteArray::number(value);
        out += '\n';
    };
    for (const UsageRow &row : m_rows)
        line("row", row);
    line("total", m_total);
    return out;
}

QByteArray UsageReport::toJson() const
{
    QJsonArray rows;
    for (const UsageRow &row : m_rows) {
        QJsonObject object = figures(row);
        object.insert(QLatin1String("key"), row.key);
        rows.append(object);
    }
    QJsonObject root;
    root.insert(QLatin1String("schema"), QStringLiteral("holdfast.usage-report/1"));
    root.insert(QLatin1String("month"), m_month);
    root.insert(QLatin1String("by"), groupingName(m_grouping));
    root.insert(QLatin1String("generated_at"),
                QDateTime::fromMSecsSinceEpoch(m_generatedMs, Qt::UTC).toString(Qt::ISODateWithMs));
    root.insert(QLatin1String("complete"), m_complete);
    root.insert(QLatin1String("rows"), rows);
    root.insert(QLatin1String("total"), figures(m_total));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}
