// Month reports from a real SQLite ledger: rules at the edges, totals, golden CSV and JSON.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"
#include "ledger/usagereport.h"

namespace {
qint64 utcMs(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

LedgerRecord record(quint64 id, const char *route, const char *transport, const char *started,
                    qint64 durationMs)
{
    LedgerRecord r;
    r.connectionId = id;
    r.route = QString::fromUtf8(route);
    r.transport = QString::fromLatin1(transport);
    r.clientAddress = QStringLiteral("127.0.0.1:%1").arg(40000 + id);
    r.path = QStringLiteral("/p%1").arg(id);
    r.startedMs = utcMs(started);
    r.endedMs = durationMs < 0 ? -1 : r.startedMs + durationMs;
    r.bytesFromClient = qint64(100 * id);
    r.bytesToClient = qint64(1000 * id);
    r.messagesFromClient = qint64(id);
    r.messagesToClient = qint64(2 * id);
    r.closeCode = durationMs < 0 ? 0 : 1000;
    return r;
}

// November 2026 at its edges, plus neighbours that must stay out.
QList<LedgerRecord> fixture()
{
    return {
        record(1, "chat", "ws-passthrough", "2026-11-01T00:00:00.000Z", 1),
        record(2, "chat", "ws-passthrough", "2026-11-01T10:00:00.000Z", 59'999),
        record(3, "chat", "ws-passthrough", "2026-11-02T00:00:00.000Z", 60'000),
        record(4, "feed", "http", "2026-11-02T08:00:00.000Z", 60'001),
        record(5, "feed", "http-stream", "2026-11-15T12:00:00.000Z", 3 * 3'600'000 + 1),
        record(6, "", "http", "2026-11-30T23:59:59.500Z", 1'000), // ends in December
        record(7, "a,\"b\"", "sse", "2026-11-15T00:00:00.000Z", 0),
        record(8, "chat", "ws-passthrough", "2026-11-30T23:00:00.000Z", -1), // still open
        record(9, "chat", "ws-passthrough", "2026-10-31T23:59:59.999Z", 120'000),
        record(10, "chat", "ws-passthrough", "2026-12-01T00:00:00.000Z", 120'000),
    };
}

// 70 minutes after the open connection (8) started.
const qint64 ReportNow = utcMs("2026-12-01T00:10:00.000Z");
} // namespace

class TestUsageReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<LedgerStore>();
        QVERIFY2(m_store->open(m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(m_counter++))),
                 qPrintable(m_store->errorString()));
        const qint64 session = m_store->beginSession(utcMs("2026-10-01T00:00:00.000Z"));
        QVERIFY(session > 0);
        QVERIFY2(m_store->write(fixture(), session, ReportNow), qPrintable(m_store->errorString()));
    }
    void cleanup() { m_store.reset(); }

    void rows_data()
    {
        QTest::addColumn<UsageReport::Grouping>("grouping");
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QList<qint64>>("minutes");
        QTest::addRow("route") << UsageReport::Grouping::Route
                               << QStringList{QStringLiteral("(none)"), QStringLiteral("a,\"b\""),
                                              QStringLiteral("chat"), QStringLiteral("feed")}
                               << QList<qint64>{1, 1, 1 + 1 + 1 + 70, 2 + 181};
        QTest::addRow("transport")
            << UsageReport::Grouping::Transport
            << QStringList{QStringLiteral("http"), QStringLiteral("http-stream"),
                           QStringLiteral("sse"), QStringLiteral("ws-passthrough")}
            << QList<qint64>{2 + 1, 181, 1, 73};
        QTest::addRow("day") << UsageReport::Grouping::Day
                             << QStringList{QStringLiteral("2026-11-01"),
                                            QStringLiteral("2026-11-02"),
                                            QStringLiteral("2026-11-15"),
                                            QStringLiteral("2026-11-30")}
                             << QList<qint64>{2, 1 + 2, 181 + 1, 1 + 70};
    }

    void rows()
    {
        QFETCH(UsageReport::Grouping, grouping);
        QFETCH(QStringList, keys);
        QFETCH(QList<qint64>, minutes);
        UsageReport report;
        QVERIFY2(report.build(*m_store, QStringLiteral("2026-11"), grouping, ReportNow),
                 qPrintable(report.errorString()));
        QStringList gotKeys;
        QList<qint64> gotMinutes;
        UsageRow sum;
        for (const UsageRow &row : report.rows()) {
            gotKeys << row.key;
            gotMinutes << row.minutes;
            sum.add(row);
        }
        QCOMPARE(gotKeys, keys);
        QCOMPARE(gotMinutes, minutes);
        // Totals are the sum of the rows, whatever the grouping.
        const UsageRow &total = report.total();
        QCOMPARE(total.connections, qint64(8));
        QCOMPARE(total.openConnections, qint64(1));
        QCOMPARE(total.minutes, qint64(1 + 1 + 1 + 2 + 181 + 1 + 1 + 70));
        QCOMPARE(sum.connections, total.connections);
        QCOMPARE(sum.openConnections, total.openConnections);
        QCOMPARE(sum.minutes, total.minutes);
        QCOMPARE(sum.bytesFromClient, total.bytesFromClient);
        QCOMPARE(sum.bytesToClient, total.bytesToClient);
        QCOMPARE(sum.messagesFromClient, total.messagesFromClient);
        QCOMPARE(sum.messagesToClient, total.messagesToClient);
        QCOMPARE(total.bytesFromClient, qint64(100 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8)));
        QVERIFY(!report.isComplete());
        // The metrics figure agrees with the report.
        const MonthUsage usage = m_store->monthUsage(QStringLiteral("2026-11"), ReportNow);
        QCOMPARE(usage.minutes, total.minutes);
        QCOMPARE(usage.connections, total.connections);
        QCOMPARE(usage.openConnections, qint64(1));
    }

    void liveConnectionsCountUpToNow()
    {
        UsageReport report;
        const qint64 later = ReportNow + 60 * 60'000;
        QVERIFY(
            report.build(*m_store, QStringLiteral("2026-11"), UsageReport::Grouping::Day, later));
        QCOMPARE(report.rows().last().key, QStringLiteral("2026-11-30"));
        QCOMPARE(report.rows().last().minutes, qint64(1 + 130));
        QCOMPARE(report.rows().last().openConnections, qint64(1));
    }

    void golden_data()
    {
        QTest::addColumn<UsageReport::Grouping>("grouping");
        QTest::addColumn<QString>("format");
        for (auto grouping : {UsageReport::Grouping::Route, UsageReport::Grouping::Transport,
                              UsageReport::Grouping::Day}) {
            for (const char *format : {"csv", "json"})
                QTest::addRow("%s-%s", qPrintable(UsageReport::groupingName(grouping)), format)
                    << grouping << QString::fromLatin1(format);
        }
    }

    void golden()
    {
        QFETCH(UsageReport::Grouping, grouping);
        QFETCH(QString, format);
        UsageReport report;
        QVERIFY(report.build(*m_store, QStringLiteral("2026-11"), grouping, ReportNow));
        const QByteArray actual = format == QLatin1String("csv") ? report.toCsv() : report.toJson();
        const QString path = QStringLiteral(HOLDFAST_TEST_DATA "/usage-2026-11-by-%1.%2")
                                 .arg(UsageReport::groupingName(grouping), format);
        if (qEnvironmentVariableIsSet("HOLDFAST_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly) && out.write(actual) == actual.size());
        }
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray expected = file.readAll();
        QVERIFY2(actual == expected, "differs from " + path.toUtf8() + ":\n" + actual);
    }

    void emptyMonthHasZeroTotal()
    {
        UsageReport report;
        QVERIFY(report.build(*m_store, QStringLiteral("2025-01"), UsageReport::Grouping::Route,
                             ReportNow));
        QVERIFY(report.rows().isEmpty());
        QCOMPARE(report.total().minutes, qint64(0));
        QVERIFY(report.isComplete());
        QVERIFY(!report.build(*m_store, QStringLiteral("2025-13"), UsageReport::Grouping::Route,
                              ReportNow));
    }

    void pruningKeepsMonthlyTotals()
    {
        UsageReport before[3];
        const UsageReport::Grouping groupings[] = {UsageReport::Grouping::Route,
                                                   UsageReport::Grouping::Transport,
                                                   UsageReport::Grouping::Day};
        for (int i = 0; i < 3; ++i)
            QVERIFY(before[i].build(*m_store, QStringLiteral("2026-10"), groupings[i], ReportNow));
        QVERIFY(before[0].total().minutes == 2);

        // In January 2028, keeping 13 months before it, 2026 up to November goes (not the open
        // one).
        const qint64 january2028 = utcMs("2028-01-05T00:00:00.000Z");
        QCOMPARE(m_store->prune(13, january2028), qint64(8));
        QCOMPARE(m_store->records(0, utcMs("2026-12-01T00:00:00.000Z")).size(), qsizetype(1));
        QCOMPARE(m_store->records(utcMs("2026-12-01T00:00:00.000Z"), january2028).size(),
                 qsizetype(1));
        for (int i = 0; i < 3; ++i) {
            UsageReport after;
            QVERIFY(after.build(*m_store, QStringLiteral("2026-10"), groupings[i], ReportNow));
            QCOMPARE(after.total().minutes, before[i].total().minutes);
            QCOMPARE(after.total().connections, before[i].total().connections);
            QCOMPARE(after.total().bytesToClient, before[i].total().bytesToClient);
        }
        // November keeps its totals by route and by transport; days are gone, and say so.
        for (auto grouping : groupings) {
            UsageReport november;
            QVERIFY(november.build(*m_store, QStringLiteral("2026-11"), grouping, ReportNow));
            QCOMPARE(november.total().minutes, qint64(258));
            QCOMPARE(november.total().connections, qint64(8));
            UsageRow sum;
            for (const UsageRow &row : november.rows())
                sum.add(row);
            QCOMPARE(sum.minutes, november.total().minutes);
            if (grouping == UsageReport::Grouping::Day) {
                QVERIFY(!november.rows().isEmpty());
                QCOMPARE(november.rows().first().key, UsageReport::prunedDaysKey());
            }
        }
        // Pruning again folds nothing twice.
        QCOMPARE(m_store->prune(13, january2028), qint64(0));
        QCOMPARE(m_store->monthUsage(QStringLiteral("2026-11"), ReportNow).minutes, qint64(258));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LedgerStore> m_store;
    int m_counter = 0;
};

QTEST_GUILESS_MAIN(TestUsageReport)
#include "tst_usagereport.moc"
