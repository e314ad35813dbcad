#include <QtTest>

#include "sseparser.h"

// WHATWG HTML 9.2.6 "Interpreting an event stream", case by case; each input is also fed one
// byte at a time, so line ends and the BOM split across reads are covered too.
class TstSseParser : public QObject
{
    Q_OBJECT

private:
    static QByteArrayList describe(const QList<SseEvent> &events)
    {
        QByteArrayList out;
        for (const SseEvent &event : events)
            out.append(event.type + '|' + event.data + '|' + event.lastEventId);
        return out;
    }

private Q_SLOTS:
    void events_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::addColumn<QByteArray>("lastEventId");
        QTest::addColumn<qint64>("retry");

        QTest::addRow("one event, LF")
            << QByteArray("data: hello\n\n") << QByteArrayList{"message|hello|"} << QByteArray()
            << qint64(3000);
        QTest::addRow("CRLF") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n")
                              << QByteArrayList{"message|a|", "message|b|"} << QByteArray()
                              << qint64(3000);
        QTest::addRow("CR only") << QByteArray("data: a\r\rdata: b\r\r")
                                 << QByteArrayList{"message|a|", "message|b|"} << QByteArray()
                                 << qint64(3000);
        QTest::addRow("mixed line ends")
            << QByteArray("data: a\rdata: b\r\ndata: c\n\r\n") << QByteArrayList{"message|a\nb\nc|"}
            << QByteArray() << qint64(3000);
        QTest::addRow("multi-line data")
            << QByteArray("data: one\ndata: two\ndata\n\n") << QByteArrayList{"message|one\ntwo\n|"}
            << QByteArray() << qint64(3000);
        QTest::addRow("only one leading space is dropped")
            << QByteArray("data:x\ndata:  y\n\n") << QByteArrayList{"message|x\n y|"}
            << QByteArray() << qint64(3000);
        QTest::addRow("comments") << QByteArray(": hello\n:\ndata: a\n: between\n\n: tail\n\n")
                                  << QByteArrayList{"message|a|"} << QByteArray() << qint64(3000);
        QTest::addRow("event type, reset after dispatch")
            << QByteArray("event: tick\ndata: 1\n\ndata: 2\n\n")
            << QByteArrayList{"tick|1|", "message|2|"} << QByteArray() << qint64(3000);
        QTest::addRow("ids persist, empty id resets")
            << QByteArray("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 9\n\n")
            << QByteArrayList{"message|a|7", "message|b|7", "message|c|"} << QByteArray("9")
            << qint64(3000);
        QTest::addRow("id with NUL is ignored")
            << QByteArray("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n", 33)
            << QByteArrayList{"message|a|1", "message|b|1"} << QByteArray("1") << qint64(3000);
        QTest::addRow("retry") << QByteArray("retry: 1500\n\nretry: 12x\n\nretry:\n\n")
                               << QByteArrayList{} << QByteArray() << qint64(1500);
        QTest::addRow("BOM dropped once")
            << QByteArray("\xEF\xBB\xBF"
                          "data: a\n\n\xEF\xBB\xBF"
                          "data: b\n\n")
            << QByteArrayList{"message|a|"} << QByteArray() << qint64(3000);
        QTest::addRow("field without colon")
            << QByteArray("data\ndata\n\nevent\ndata: x\n\n")
            << QByteArrayList{"message|\n|", "message|x|"} << QByteArray() << qint64(3000);
        QTest::addRow("unknown fields ignored")
            << QByteArray("foo: bar\ndata: a\n\n") << QByteArrayList{"message|a|"} << QByteArray()
            << qint64(3000);
        QTest::addRow("no data, no event") << QByteArray("event: x\n\nid: 3\n\n")
                                           << QByteArrayList{} << QByteArray("3") << qint64(3000);
        QTest::addRow("unfinished event is not dispatched")
            << QByteArray("data: a\n\ndata: b\n") << QByteArrayList{"message|a|"} << QByteArray()
            << qint64(3000);
    }

    void events()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArrayList, expected);
        QFETCH(QByteArray, lastEventId);
        QFETCH(qint64, retry);

        SseParser whole;
        QList<SseEvent> events;
        whole.feed(input, &events);
        QCOMPARE(describe(events), expected);
        QCOMPARE(whole.lastEventId(), lastEventId);
        QCOMPARE(whole.retryMs(), retry);

        SseParser bytewise;
        QList<SseEvent> split;
        for (const char c : input)
            bytewise.feed(&c, 1, &split);
        QCOMPARE(describe(split), expected);
        QCOMPARE(bytewise.lastEventId(), lastEventId);
    }

    void resetKeepsLastEventIdAndDropsPartialEvent()
    {
        SseParser parser;
        QList<SseEvent> events;
        parser.feed("retry: 10\nid: 4\ndata: a\n\ndata: half", &events);
        parser.reset();
        parser.feed("data: b\n\n", &events);
        QCOMPARE(describe(events), (QByteArrayList{"message|a|4", "message|b|4"}));
        QCOMPARE(parser.retryMs(), qint64(10));
    }

    void crAtEndOfReadThenLf()
    {
        SseParser parser;
        QList<SseEvent> events;
        parser.feed("data: a\r", &events);
        parser.feed("\n\r", &events);
        parser.feed("\n", &events);
        QCOMPARE(describe(events), (QByteArrayList{"message|a|"}));
    }
};

QTEST_GUILESS_MAIN(TstSseParser)
#include "tst_sseparser.moc"
