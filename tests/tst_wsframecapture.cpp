#include <QtTest>

#include "ws/wsframe.h"
#include "ws/wsframecapture.h"

class TestWsFrameCapture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesSplitAnywhere_data()
    {
        QTest::addColumn<bool>("masked");
        QTest::addColumn<int>("payloadSize");
        QTest::addColumn<int>("step");
        for (bool masked : {false, true}) {
            for (int size : {0, 5, 125, 126, 300, 70000}) {
                for (int step : {1, 7, 1 << 20})
                    QTest::addRow("%s-%d-by-%d", masked ? "masked" : "plain", size, step)
                        << masked << size << step;
            }
        }
    }

    void framesSplitAnywhere()
    {
        QFETCH(bool, masked);
        QFETCH(int, payloadSize);
        QFETCH(int, step);
        QByteArray payload(payloadSize, Qt::Uninitialized);
        for (int i = 0; i < payloadSize; ++i)
            payload[i] = char('a' + i % 26);
        const QByteArray wire = WsFrame::buildMasked(WsOpcode::Text, payload, 0x11223344) +
                                WsFrame::closeFrame(1000, "done", masked);
        const QByteArray first = masked ? wire
                                        : WsFrame::build(WsOpcode::Text, payload) +
                                              WsFrame::closeFrame(1000, "done", false);
        WsFrameCapture capture(100);
        QList<WsFrameCapture::Frame> frames;
        for (qsizetype at = 0; at < first.size(); at += step)
            frames +=
                capture.feed(first.constData() + at, qMin<qsizetype>(step, first.size() - at));
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0].opcode, quint8(WsOpcode::Text));
        QCOMPARE(frames[0].size, quint64(payloadSize));
        QCOMPARE(frames[0].payload, payload.left(100));
        QVERIFY(frames[0].fin);
        QCOMPARE(frames[1].opcode, quint8(WsOpcode::Close));
        QCOMPARE(frames[1].payload, QByteArray("\x03\xe8"
                                               "done",
                                               6));
    }

    void skipStartsAfterTheFrameInFlight()
    {
        const QByteArray a = WsFrame::build(WsOpcode::Text, "first");
        const QByteArray b = WsFrame::build(WsOpcode::Binary, "second", false);
        WsFrameCapture capture(16);
        capture.skip(3); // the last three payload bytes of "first"
        const QList<WsFrameCapture::Frame> frames =
            capture.feed((a.right(3) + b).constData(), 3 + b.size());
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames[0].payload, QByteArray("second"));
        QVERIFY(!frames[0].fin);
    }

    void unsyncedCaptureWaitsForSync()
    {
        const QByteArray frame = WsFrame::build(WsOpcode::Text, "x");
        WsFrameCapture capture(16);
        capture.unsync();
        QVERIFY(capture.feed(frame.constData(), frame.size()).isEmpty());
        capture.sync();
        QCOMPARE(capture.feed(frame.constData(), frame.size()).size(), 1);
    }

    void compressedFlagIsReported()
    {
        QByteArray frame = WsFrame::build(WsOpcode::Text, "zz");
        frame[0] = char(quint8(frame[0]) | 0x40);
        WsFrameCapture capture(16);
        const QList<WsFrameCapture::Frame> frames = capture.feed(frame.constData(), frame.size());
        QCOMPARE(frames.size(), 1);
        QVERIFY(frames[0].compressed);
    }

    void absurdLengthStopsCapturing()
    {
        const QByteArray header("\x82\x7f\xff\xff\xff\xff\xff\xff\xff\xff", 10);
        WsFrameCapture capture(16);
        QVERIFY(capture.feed(header.constData(), header.size()).isEmpty());
        const QByteArray next = WsFrame::build(WsOpcode::Text, "after");
        QVERIFY(capture.feed(next.constData(), next.size()).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestWsFrameCapture)
#include "tst_wsframecapture.moc"
