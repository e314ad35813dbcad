// The minute and month rules of the ledger, in C++ and as the SQL the reports run.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include "ledger/usagemath.h"

namespace {
qint64 utcMs(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}
} // namespace

class TestUsageMath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        QVERIFY(db.open());
    }

    void minutes_data()
    {
        QTest::addColumn<qint64>("durationMs");
        QTest::addColumn<qint64>("minutes");
        QTest::addRow("0 ms counts one minute") << qint64(0) << qint64(1);
        QTest::addRow("negative counts one minute") << qint64(-5000) << qint64(1);
        QTest::addRow("1 ms") << qint64(1) << qint64(1);
        QTest::addRow("59.999 s") << qint64(59'999) << qint64(1);
        QTest::addRow("60 s") << qint64(60'000) << qint64(1);
        QTest::addRow("60.001 s") << qint64(60'001) << qint64(2);
        QTest::addRow("61 s") << qint64(61'000) << qint64(2);
        QTest::addRow("1 h") << qint64(3'600'000) << qint64(60);
        QTest::addRow("1 h 1 ms") << qint64(3'600'001) << qint64(61);
        QTest::addRow("25 h") << qint64(90'000'000) << qint64(1500);
        QTest::addRow("31 days") << qint64(31) * 86'400'000 << qint64(31 * 1440);
    }

    void minutes()
    {
        QFETCH(qint64, durationMs);
        QFETCH(qint64, minutes);
        QCOMPARE(UsageMath::minutesFor(durationMs), minutes);
        // The reports compute the same rule in SQLite.
        QSqlQuery query;
        QVERIFY(query.exec(QStringLiteral("SELECT ") +
                           UsageMath::minutesSql(QString::number(durationMs))));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toLongLong(), minutes);
    }

    void months_data()
    {
        QTest::addColumn<qint64>("startedMs");
        QTest::addColumn<QString>("month");
        QTest::addColumn<QString>("day");
        QTest::addRow("first ms of November")
            << utcMs("2026-11-01T00:00:00.000Z") << QStringLiteral("2026-11")
            << QStringLiteral("2026-11-01");
        QTest::addRow("last ms of October")
            << utcMs("2026-10-31T23:59:59.999Z") << QStringLiteral("2026-10")
            << QStringLiteral("2026-10-31");
        QTest::addRow("23:59:59.5 on the last day")
            << utcMs("2026-11-30T23:59:59.500Z") << QStringLiteral("2026-11")
            << QStringLiteral("2026-11-30");
        QTest::addRow("UTC, not local: 23:30-05:00 is the next day")
            << utcMs("2026-12-31T23:30:00.000-05:00") << QStringLiteral("2027-01")
            << QStringLiteral("2027-01-01");
        QTest::addRow("leap day") << utcMs("2028-02-29T12:00:00.000Z") << QStringLiteral("2028-02")
                                  << QStringLiteral("2028-02-29");
    }

    void months()
    {
        QFETCH(qint64, startedMs);
        QFETCH(QString, month);
        QFETCH(QString, day);
        QCOMPARE(UsageMath::monthOf(startedMs), month);
        QCOMPARE(UsageMath::dayOf(startedMs), day);
        qint64 begin = 0;
        qint64 end = 0;
        QVERIFY(UsageMath::monthRange(month, &begin, &end));
        QVERIFY(begin <= startedMs && startedMs < end);
        // The report's day key is SQL too.
        QSqlQuery query;
        QVERIFY(query.exec(
            QStringLiteral("SELECT strftime('%Y-%m-%d', %1 / 1000, 'unixepoch')").arg(startedMs)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), day);
    }

    void monthRange()
    {
        qint64 begin = 0;
        qint64 end = 0;
        QVERIFY(UsageMath::monthRange(QStringLiteral("2026-12"), &begin, &end));
        QCOMPARE(begin, utcMs("2026-12-01T00:00:00.000Z"));
        QCOMPARE(end, utcMs("2027-01-01T00:00:00.000Z"));
        QVERIFY(UsageMath::monthRange(QStringLiteral("2028-02"), &begin, &end));
        QCOMPARE(end - begin, qint64(29) * 86'400'000);
        for (const char *bad :
             {"2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "", "abcd-ef"})
            QVERIFY2(!UsageMath::monthRange(QString::fromLatin1(bad), &begin, &end), bad);
        QCOMPARE(UsageMath::monthStartBefore(utcMs("2026-11-23T04:00:00.000Z"), 13),
                 utcMs("2025-10-01T00:00:00.000Z"));
        QCOMPARE(UsageMath::monthStartBefore(utcMs("2026-01-01T00:00:00.000Z"), 0),
                 utcMs("2026-01-01T00:00:00.000Z"));
    }

    void millions()
    {
        QCOMPARE(UsageMath::millions(0), QStringLiteral("0.000000"));
        QCOMPARE(UsageMath::millions(1), QStringLiteral("0.000001"));
        QCOMPARE(UsageMath::millions(1'234'567), QStringLiteral("1.234567"));
        QCOMPARE(UsageMath::millions(12'000'000'000), QStringLiteral("12000.000000"));
    }
};

QTEST_GUILESS_MAIN(TestUsageMath)
#include "tst_usagemath.moc"
