// The latency chart groups the histogram's occupied buckets into at most MaxBars bars without
// losing a recording, and formats latencies in µs, ms or s.
#include <QtTest>

#include "latencychart.h"

class TstLatencyChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyHistogramHasNoBars()
    {
        LatencyChart chart;
        chart.setHistogram(LatencyHistogram());
        QVERIFY(chart.bars().isEmpty());
        chart.resize(300, 150);
        QVERIFY(!chart.grab().isNull()); // paints its "no deliveries" text
    }

    void barsKeepEveryRecording_data()
    {
        QTest::addColumn<qint64>("low");
        QTest::addColumn<qint64>("high");
        QTest::addRow("narrow") << qint64(1000) << qint64(1100);
        QTest::addRow("wide") << qint64(50) << qint64(20'000'000);
        QTest::addRow("one value") << qint64(4242) << qint64(4242);
    }

    void barsKeepEveryRecording()
    {
        QFETCH(qint64, low);
        QFETCH(qint64, high);
        LatencyHistogram histogram;
        const int n = 1000;
        for (int i = 0; i < n; ++i)
            histogram.record(low + (high - low) * i / (n - 1));
        LatencyChart chart;
        chart.setHistogram(histogram);
        QVERIFY(!chart.bars().isEmpty());
        QVERIFY(chart.bars().size() <= LatencyChart::MaxBars);
        quint64 total = 0;
        for (const LatencyChart::Bar &bar : chart.bars()) {
            QVERIFY(bar.lowMicros <= bar.highMicros);
            total += bar.count;
        }
        QCOMPARE(total, quint64(n));
        QVERIFY(chart.bars().first().lowMicros <= low);
        QVERIFY(chart.bars().last().highMicros >= high);
        chart.resize(400, 200);
        QVERIFY(!chart.grab().isNull());
    }

    void formatsLatencies_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<QString>("text");
        QTest::addRow("µs") << qint64(850) << QStringLiteral("850 µs");
        QTest::addRow("ms, two decimals") << qint64(2530) << QStringLiteral("2.53 ms");
        QTest::addRow("ms, one decimal") << qint64(12'500) << QStringLiteral("12.5 ms");
        QTest::addRow("s") << qint64(1'200'000) << QStringLiteral("1.20 s");
    }

    void formatsLatencies()
    {
        QFETCH(qint64, micros);
        QFETCH(QString, text);
        QLocale::setDefault(QLocale::c());
        QCOMPARE(LatencyChart::formatMicros(micros), text);
    }
};

QTEST_MAIN(TstLatencyChart)
#include "tst_latencychart.moc"
