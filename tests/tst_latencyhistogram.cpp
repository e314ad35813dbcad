#include <QtTest>

#include "latencyhistogram.h"

class TstLatencyHistogram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyIsZero()
    {
        const LatencyHistogram h;
        QCOMPARE(h.count(), quint64(0));
        QCOMPARE(h.percentile(50), qint64(0));
        QCOMPARE(h.min(), qint64(0));
        QCOMPARE(h.max(), qint64(0));
    }

    void exactBelow64Micros()
    {
        LatencyHistogram h;
        for (qint64 v = 1; v <= 50; ++v)
            h.record(v);
        QCOMPARE(h.percentile(50), qint64(25));
        QCOMPARE(h.percentile(90), qint64(45));
        QCOMPARE(h.percentile(99), qint64(50));
        QCOMPARE(h.percentile(100), qint64(50));
        QCOMPARE(h.percentile(0), qint64(1));
        QCOMPARE(h.mean(), 25.5);
    }

    // 1..1000 ms: nearest rank gives 500, 900 and 990 ms; buckets keep them within 2 %.
    void percentilesOfAKnownSpread()
    {
        LatencyHistogram h;
        for (qint64 ms = 1; ms <= 1000; ++ms)
            h.record(ms * 1000);
        const auto near = [](qint64 got, qint64 want) { return qAbs(got - want) <= want / 50; };
        QVERIFY2(near(h.percentile(50), 500'000), qPrintable(QString::number(h.percentile(50))));
        QVERIFY2(near(h.percentile(90), 900'000), qPrintable(QString::number(h.percentile(90))));
        QVERIFY2(near(h.percentile(99), 990'000), qPrintable(QString::number(h.percentile(99))));
        QCOMPARE(h.min(), qint64(1000));
        QCOMPARE(h.max(), qint64(1'000'000));
        QCOMPARE(h.count(), quint64(1000));
    }

    void bucketsTileTheRange()
    {
        for (int i = 0; i + 1 < LatencyHistogram().bucketCount(); ++i) {
            QCOMPARE(LatencyHistogram::bucketHigh(i) + 1, LatencyHistogram::bucketLow(i + 1));
            QCOMPARE(LatencyHistogram::bucketIndex(LatencyHistogram::bucketLow(i)), i);
            QCOMPARE(LatencyHistogram::bucketIndex(LatencyHistogram::bucketHigh(i)), i);
        }
    }

    void negativeAndHugeAreClamped()
    {
        LatencyHistogram h;
        h.record(-5);
        h.record(qint64(1) << 50);
        QCOMPARE(h.min(), qint64(0));
        QCOMPARE(h.count(), quint64(2));
        QVERIFY(h.max() > 0);
    }

    void mergeAddsUp()
    {
        LatencyHistogram a;
        LatencyHistogram b;
        a.record(10);
        a.record(20);
        b.record(5);
        b.record(40);
        a.merge(b);
        QCOMPARE(a.count(), quint64(4));
        QCOMPARE(a.min(), qint64(5));
        QCOMPARE(a.max(), qint64(40));
        QCOMPARE(a.percentile(50), qint64(10));
    }
};

QTEST_GUILESS_MAIN(TstLatencyHistogram)
#include "tst_latencyhistogram.moc"
