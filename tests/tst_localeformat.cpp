// Dates, times and decimals as each language writes them, with seconds kept.
#include <QtTest>

#include "localeformat.h"

class TestLocaleFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { QLocale::setDefault(QLocale::c()); }

    void formats_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("dateTime");
        QTest::addColumn<QString>("time");
        QTest::addColumn<QString>("decimal");
        QTest::addRow("German") << QStringLiteral("de_DE") << QStringLiteral("23.11.26 07:42:05")
                                << QStringLiteral("07:42:05") << QStringLiteral("0,000007");
        QTest::addRow("Japanese") << QStringLiteral("ja_JP") << QStringLiteral("2026/11/23 7:42:05")
                                  << QStringLiteral("7:42:05") << QStringLiteral("0.000007");
        QTest::addRow("US English")
            << QStringLiteral("en_US") << QStringLiteral("11/23/26 7:42:05 AM")
            << QStringLiteral("7:42:05 AM") << QStringLiteral("0.000007");
        QTest::addRow("Swiss German: its own decimal point")
            << QStringLiteral("de_CH") << QStringLiteral("23.11.26 07:42:05")
            << QStringLiteral("07:42:05") << QStringLiteral("0.000007");
    }
    void formats()
    {
        QFETCH(QString, locale);
        QFETCH(QString, dateTime);
        QFETCH(QString, time);
        QFETCH(QString, decimal);
        QLocale::setDefault(QLocale(locale));
        const QDateTime when(QDate(2026, 11, 23), QTime(7, 42, 5), QTimeZone::utc());
        QCOMPARE(LocaleFormat::dateTime(when), dateTime);
        QCOMPARE(LocaleFormat::time(when.time()), time);
        QCOMPARE(LocaleFormat::decimal(QStringLiteral("0.000007")), decimal);
    }

    // The zone is the caller's choice: a UTC value stays UTC, a local one local.
    void keepsTheGivenTimeZone()
    {
        QLocale::setDefault(QLocale(QStringLiteral("de_DE")));
        const QDateTime utc(QDate(2026, 1, 2), QTime(23, 59, 59), QTimeZone::utc());
        QCOMPARE(LocaleFormat::dateTime(utc), QStringLiteral("02.01.26 23:59:59"));
        const QDateTime offset = utc.toOffsetFromUtc(3600);
        QCOMPARE(LocaleFormat::dateTime(offset), QStringLiteral("03.01.26 00:59:59"));
    }

    // A format that already has seconds gets none added twice.
    void secondsOnce()
    {
        for (const char *name : {"de_DE", "ja_JP", "en_US", "fr_FR", "zh_CN", "ar_EG"}) {
            QLocale::setDefault(QLocale(QLatin1String(name)));
            QCOMPARE(LocaleFormat::timeFormat().count(QLatin1String("ss")), 1);
        }
    }
};

QTEST_MAIN(TestLocaleFormat)
#include "tst_localeformat.moc"
