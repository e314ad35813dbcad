#include <QtTest>

#include "grip/wsevent.h"

// Raw strings here hold an even number of '"': moc 6.4 loses the class otherwise
// (R"(a"b)" makes it report "No relevant classes found").
namespace {

using T = WsEvent::Type;

// One line per event, "TYPE <escaped content>", so rows read like the wire.
QList<QByteArray> dump(const QList<WsEvent> &events)
{
    QList<QByteArray> out;
    for (const WsEvent &e : events) {
        QByteArray line = WsEventCodec::typeName(e.type);
        if (!e.content.isEmpty())
            line += ' ' + WsEventCodec::escapeForLog(e.content, 1 << 20).toUtf8();
        out.append(line);
    }
    return out;
}

const T allTypes[] = {T::Open, T::Text, T::Binary, T::Ping, T::Pong, T::Close, T::Disconnect};

} // namespace

class TestWsEvent : public QObject
{
    Q_OBJECT

private slots:
    void typeNames()
    {
        const QList<QByteArray> expected = {"OPEN", "TEXT",  "BINARY",    "PING",
                                            "PONG", "CLOSE", "DISCONNECT"};
        QList<QByteArray> names;
        for (const T t : allTypes) {
            names.append(WsEventCodec::typeName(t));
            T back = t == T::Open ? T::Text : T::Open;
            QVERIFY(WsEventCodec::typeFromName(names.last(), &back));
            QCOMPARE(back, t);
        }
        QCOMPARE(names, expected);
        T t = T::Open;
        QVERIFY(!WsEventCodec::typeFromName("text", &t));
        QVERIFY(!WsEventCodec::typeFromName("", &t));
    }

    void encode_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("expected");

        QTest::addRow("open") << int(T::Open) << QByteArray() << QByteArray("OPEN\r\n");
        QTest::addRow("open with content")
            << int(T::Open) << QByteArray("x") << QByteArray("OPEN 1\r\nx\r\n");
        QTest::addRow("text") << int(T::Text) << QByteArray("hello world")
                              << QByteArray("TEXT b\r\nhello world\r\n");
        QTest::addRow("empty text keeps its length")
            << int(T::Text) << QByteArray() << QByteArray("TEXT 0\r\n\r\n");
        QTest::addRow("text with CRLF inside")
            << int(T::Text) << QByteArray("a\r\nb") << QByteArray("TEXT 4\r\na\r\nb\r\n");
        QTest::addRow("text length counts bytes, not characters")
            << int(T::Text) << QByteArray("\xc3\xbc") << QByteArray("TEXT 2\r\n\xc3\xbc\r\n");
        QTest::addRow("binary, lower-case hex") << int(T::Binary) << QByteArray(26, 'z')
                                                << "BINARY 1a\r\n" + QByteArray(26, 'z') + "\r\n";
        QTest::addRow("binary with NULs") << int(T::Binary) << QByteArray("\0\1\0", 3)
                                          << QByteArray("BINARY 3\r\n\0\1\0\r\n", 15);
        QTest::addRow("empty binary keeps its length")
            << int(T::Binary) << QByteArray() << QByteArray("BINARY 0\r\n\r\n");
        QTest::addRow("text 255 bytes") << int(T::Text) << QByteArray(255, 'a')
                                        << "TEXT ff\r\n" + QByteArray(255, 'a') + "\r\n";
        QTest::addRow("text 4096 bytes") << int(T::Text) << QByteArray(4096, 'a')
                                         << "TEXT 1000\r\n" + QByteArray(4096, 'a') + "\r\n";
        QTest::addRow("ping") << int(T::Ping) << QByteArray() << QByteArray("PING\r\n");
        QTest::addRow("ping with content")
            << int(T::Ping) << QByteArray("hi") << QByteArray("PING 2\r\nhi\r\n");
        QTest::addRow("pong") << int(T::Pong) << QByteArray() << QByteArray("PONG\r\n");
        QTest::addRow("pong with content")
            << int(T::Pong) << QByteArray("hi") << QByteArray("PONG 2\r\nhi\r\n");
        QTest::addRow("close without code")
            << int(T::Close) << QByteArray() << QByteArray("CLOSE\r\n");
        QTest::addRow("close 1000")
            << int(T::Close) << QByteArray("\x03\xe8") << QByteArray("CLOSE 2\r\n\x03\xe8\r\n");
        QTest::addRow("close 4000 bye") << int(T::Close)
                                        << QByteArray("\x0f\xa0"
                                                      "bye")
                                        << QByteArray("CLOSE 5\r\n\x0f\xa0"
                                                      "bye\r\n");
        QTest::addRow("disconnect")
            << int(T::Disconnect) << QByteArray() << QByteArray("DISCONNECT\r\n");
    }

    void encode()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, expected);
        QCOMPARE(WsEventCodec::encode(WsEvent(T(type), content)), expected);
    }

    void encodeList()
    {
        const QList<WsEvent> events = {
            {T::Open}, {T::Text, "hi"}, {T::Binary, QByteArray(16, 'b')}, {T::Close, "\x03\xe8"}};
        QCOMPARE(WsEventCodec::encode(events), "OPEN\r\nTEXT 2\r\nhi\r\nBINARY 10\r\n" +
                                                   QByteArray(16, 'b') +
                                                   "\r\nCLOSE 2\r\n\x03\xe8\r\n");
        QCOMPARE(WsEventCodec::encode(QList<WsEvent>()), QByteArray());
    }

    void decode_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<QByteArray>>("expected");

        QTest::addRow("empty body is a keep-alive") << QByteArray() << QList<QByteArray>();
        QTest::addRow("open") << QByteArray("OPEN\r\n") << QList<QByteArray>{"OPEN"};
        QTest::addRow("open with zero length")
            << QByteArray("OPEN 0\r\n\r\n") << QList<QByteArray>{"OPEN"};
        QTest::addRow("text") << QByteArray("TEXT B\r\nhello world\r\n")
                              << QList<QByteArray>{"TEXT hello world"};
        QTest::addRow("lower-case hex")
            << QByteArray("TEXT b\r\nhello world\r\n") << QList<QByteArray>{"TEXT hello world"};
        QTest::addRow("mixed-case hex") << "BINARY 1A\r\n" + QByteArray(26, 'z') + "\r\n"
                                        << QList<QByteArray>{"BINARY " + QByteArray(26, 'z')};
        QTest::addRow("leading zeros")
            << QByteArray("TEXT 0002\r\nhi\r\n") << QList<QByteArray>{"TEXT hi"};
        QTest::addRow("text without length") << QByteArray("TEXT\r\n") << QList<QByteArray>{"TEXT"};
        QTest::addRow("content made of CRLFs")
            << QByteArray("TEXT 4\r\n\r\n\r\n\r\n") << QList<QByteArray>{"TEXT \\r\\n\\r\\n"};
        QTest::addRow("content looking like an event")
            << QByteArray("TEXT 6\r\nOPEN\r\n\r\n") << QList<QByteArray>{"TEXT OPEN\\r\\n"};
        QTest::addRow("binary with NULs") << QByteArray("BINARY 3\r\n\0\xff\0\r\n", 15)
                                          << QList<QByteArray>{"BINARY \\x00\\xff\\x00"};
        QTest::addRow("close with code") << QByteArray("CLOSE 5\r\n\x03\xe8"
                                                       "bye\r\n")
                                         << QList<QByteArray>{"CLOSE \\x03\\xe8bye"};
        QTest::addRow("every type") << QByteArray("OPEN\r\nTEXT 1\r\na\r\nBINARY 1\r\nb\r\nPING\r\n"
                                                  "PONG 1\r\nc\r\nCLOSE\r\nDISCONNECT\r\n")
                                    << QList<QByteArray>{"OPEN",   "TEXT a", "BINARY b",  "PING",
                                                         "PONG c", "CLOSE",  "DISCONNECT"};
        QTest::addRow("several texts in order")
            << QByteArray("TEXT 3\r\none\r\nTEXT 3\r\ntwo\r\nTEXT 5\r\nthree\r\n")
            << QList<QByteArray>{"TEXT one", "TEXT two", "TEXT three"};
    }

    void decode()
    {
        QFETCH(QByteArray, body);
        QFETCH(QList<QByteArray>, expected);
        QList<WsEvent> events = {{T::Disconnect, "stale"}};
        QString error = QStringLiteral("stale");
        QVERIFY2(WsEventCodec::decode(body, &events, &error), qPrintable(error));
        QCOMPARE(dump(events), expected);
    }

    void decodeErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");

        QTest::addRow("no CRLF") << QByteArray("OPEN")
                                 << R"(event line not terminated by CRLF at offset 0: "OPEN")";
        QTest::addRow("bare LF") << QByteArray("OPEN\n")
                                 << R"(event line not terminated by CRLF at offset 0: "OPEN\n")";
        QTest::addRow("second line unterminated")
            << QByteArray("OPEN\r\nTEXT 5")
            << R"(event line not terminated by CRLF at offset 6: "TEXT 5")";
        QTest::addRow("empty line")
            << QByteArray("OPEN\r\n\r\n") << R"(empty event type at offset 6: "\r\n")";
        QTest::addRow("length without type")
            << QByteArray(" 5\r\nhello\r\n")
            << R"(empty event type at offset 0: " 5\r\nhello\r\n")";
        QTest::addRow("lower-case type")
            << QByteArray("open\r\n") << R"(unknown event type at offset 0: "open\r\n")";
        QTest::addRow("unknown type") << QByteArray("OPEN\r\nFOO 1\r\nx\r\n")
                                      << R"(unknown event type at offset 6: "FOO 1\r\nx\r\n")";
        QTest::addRow("tab instead of space")
            << QByteArray("TEXT\t2\r\nhi\r\n")
            << R"(unknown event type at offset 0: "TEXT\t2\r\nhi\r\n")";
        QTest::addRow("unprintable bytes are escaped")
            << QByteArray("\x01\xff\r\n") << R"(unknown event type at offset 0: "\x01\xff\r\n")";
        QTest::addRow("quote is bounded to 64 bytes")
            << "BOGUS " + QByteArray(100, 'x') + "\r\n"
            << "unknown event type at offset 0: \"BOGUS " + QString(58, QLatin1Char('x')) + "...\"";
        QTest::addRow("empty length")
            << QByteArray("TEXT \r\n") << R"(invalid event length at offset 0: "TEXT \r\n")";
        QTest::addRow("two spaces") << QByteArray("TEXT  2\r\nhi\r\n")
                                    << R"(invalid event length at offset 0: "TEXT  2\r\nhi\r\n")";
        QTest::addRow("trailing space")
            << QByteArray("TEXT 2 \r\nhi\r\n")
            << R"(invalid event length at offset 0: "TEXT 2 \r\nhi\r\n")";
        QTest::addRow("negative") << QByteArray("TEXT -2\r\nhi\r\n")
                                  << R"(invalid event length at offset 0: "TEXT -2\r\nhi\r\n")";
        QTest::addRow("plus sign") << QByteArray("TEXT +2\r\nhi\r\n")
                                   << R"(invalid event length at offset 0: "TEXT +2\r\nhi\r\n")";
        QTest::addRow("0x prefix") << QByteArray("TEXT 0x2\r\nhi\r\n")
                                   << R"(invalid event length at offset 0: "TEXT 0x2\r\nhi\r\n")";
        QTest::addRow("not hex") << QByteArray("TEXT 2g\r\nhi\r\n")
                                 << R"(invalid event length at offset 0: "TEXT 2g\r\nhi\r\n")";
        QTest::addRow("16 hex digits") << QByteArray("TEXT 0000000000000002\r\nhi\r\n")
                                       << R"(invalid event length at offset 0: )"
                                          R"("TEXT 0000000000000002\r\nhi\r\n")";
        QTest::addRow("content cut short")
            << QByteArray("OPEN\r\nTEXT 5\r\nhell")
            << R"(event content cut short (4 of 5 bytes) at offset 6: "TEXT 5\r\nhell")";
        QTest::addRow("huge length") << QByteArray("TEXT fffffff\r\nhi\r\n")
                                     << R"(event content cut short (4 of 268435455 bytes) at )"
                                        R"(offset 0: "TEXT fffffff\r\nhi\r\n")";
        QTest::addRow("missing trailing CRLF")
            << QByteArray("TEXT 5\r\nhello")
            << R"(event content not followed by CRLF at offset 13 (event "TEXT 5" at offset 0): "")";
        QTest::addRow("half trailing CRLF")
            << QByteArray("TEXT 5\r\nhello\r")
            << R"(event content not followed by CRLF at offset 13 (event "TEXT 5" at offset 0): "\r")";
        QTest::addRow("length too small")
            << QByteArray("TEXT 4\r\nhello\r\n")
            << R"(event content not followed by CRLF at offset 12 (event "TEXT 4" at offset 0): )"
               R"("o\r\n")";
        QTest::addRow("length too large by one")
            << QByteArray("OPEN\r\nTEXT 6\r\nhello\r\nPING\r\n")
            << R"(event content not followed by CRLF at offset 20 (event "TEXT 6" at offset 6): )"
               R"("\nPING\r\n")";
        QTest::addRow("other byte before LF")
            << QByteArray("TEXT 5\r\nhelloX\nPING\r\n")
            << R"(event content not followed by CRLF at offset 13 (event "TEXT 5" at offset 0): )"
               R"("X\nPING\r\n")";
        QTest::addRow("LF after content")
            << QByteArray("TEXT 5\r\nhello\nPING\r\n")
            << R"(event content not followed by CRLF at offset 13 (event "TEXT 5" at offset 0): )"
               R"("\nPING\r\n")";
    }

    void decodeErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QList<WsEvent> events = {{T::Disconnect}};
        QString actual;
        QVERIFY(!WsEventCodec::decode(body, &events, &actual));
        QCOMPARE(actual, error);
        QVERIFY(events.isEmpty());
    }

    void roundTrip_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("content");
        for (const T t : allTypes) {
            const QByteArray name = WsEventCodec::typeName(t);
            QTest::addRow("%s empty", name.constData()) << int(t) << QByteArray();
            QTest::addRow("%s short", name.constData()) << int(t) << QByteArray("x\r\ny");
            QTest::addRow("%s all bytes", name.constData()) << int(t) << [] {
                QByteArray all;
                for (int i = 0; i < 256; ++i)
                    all += char(i);
                return all;
            }();
        }
    }

    void roundTrip()
    {
        QFETCH(int, type);
        QFETCH(QByteArray, content);
        const WsEvent event(T(type), content);
        QList<WsEvent> events;
        QString error;
        QVERIFY2(WsEventCodec::decode(WsEventCodec::encode(event), &events, &error),
                 qPrintable(error));
        QCOMPARE(events.size(), 1);
        QVERIFY(events.first() == event);

        // The same event between two others, so lengths must be exact for the body to parse.
        const QList<WsEvent> three = {{T::Text, "before"}, event, {T::Ping, "after"}};
        QVERIFY2(WsEventCodec::decode(WsEventCodec::encode(three), &events, &error),
                 qPrintable(error));
        QCOMPARE(dump(events), dump(three));
    }

    void closeContent_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("reason");
        QTest::addColumn<QByteArray>("expected");

        QTest::addRow("1000") << 1000 << QByteArray() << QByteArray("\x03\xe8");
        QTest::addRow("1000 with reason") << 1000 << QByteArray("bye")
                                          << QByteArray("\x03\xe8"
                                                        "bye");
        QTest::addRow("1011") << 1011 << QByteArray("oops")
                              << QByteArray("\x03\xf3"
                                            "oops");
        QTest::addRow("4999") << 4999 << QByteArray() << QByteArray("\x13\x87");
        QTest::addRow("high byte only") << 0x0100 << QByteArray() << QByteArray("\x01\x00", 2);
        QTest::addRow("65535") << 65535 << QByteArray() << QByteArray("\xff\xff");
        QTest::addRow("1005 means no code") << 1005 << QByteArray("ignored") << QByteArray();
    }

    void closeContent()
    {
        QFETCH(int, code);
        QFETCH(QByteArray, reason);
        QFETCH(QByteArray, expected);
        QCOMPARE(WsEventCodec::closeContent(quint16(code), reason), expected);
    }

    void parseCloseContent_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("reason");

        QTest::addRow("empty is 1005") << QByteArray() << true << 1005 << QByteArray();
        QTest::addRow("one byte") << QByteArray("\x03") << false << 0 << QByteArray();
        QTest::addRow("1000") << QByteArray("\x03\xe8") << true << 1000 << QByteArray();
        QTest::addRow("1000 bye") << QByteArray("\x03\xe8"
                                                "bye")
                                  << true << 1000 << QByteArray("bye");
        QTest::addRow("4000 UTF-8 reason")
            << QByteArray("\x0f\xa0\xc3\xbc") << true << 4000 << QByteArray("\xc3\xbc");
        QTest::addRow("zero code") << QByteArray("\0\0", 2) << true << 0 << QByteArray();
        QTest::addRow("low byte only") << QByteArray("\0\x01", 2) << true << 1 << QByteArray();
        QTest::addRow("invalid UTF-8 reason")
            << QByteArray("\x03\xe8\xc3") << false << 0 << QByteArray();
        QTest::addRow("overlong UTF-8 reason")
            << QByteArray("\x03\xe8\xc0\xaf") << false << 0 << QByteArray();
    }

    void parseCloseContent()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, ok);
        QFETCH(int, code);
        QFETCH(QByteArray, reason);
        quint16 actualCode = 0;
        QByteArray actualReason = "untouched";
        QCOMPARE(WsEventCodec::parseCloseContent(content, &actualCode, &actualReason), ok);
        if (ok) {
            QCOMPARE(int(actualCode), code);
            QCOMPARE(actualReason, reason);
            // And back, except for 1005 which has no bytes of its own.
            QCOMPARE(WsEventCodec::closeContent(actualCode, actualReason), content);
        } else {
            QCOMPARE(actualCode, quint16(0));
            QCOMPARE(actualReason, QByteArray("untouched"));
        }
    }

    void isSendableCloseCode_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("sendable");
        const QList<QPair<int, bool>> rows = {
            {0, false},    {999, false},  {1000, true}, {1003, true}, {1004, false},
            {1005, false}, {1006, false}, {1007, true}, {1011, true}, {1014, true},
            {1015, false}, {2999, false}, {3000, true}, {4999, true}, {5000, false}};
        for (const auto &row : rows)
            QTest::addRow("%d", row.first) << row.first << row.second;
    }

    void isSendableCloseCode()
    {
        QFETCH(int, code);
        QFETCH(bool, sendable);
        QCOMPARE(WsEventCodec::isSendableCloseCode(quint16(code)), sendable);
    }

    void escapeForLog()
    {
        QCOMPARE(WsEventCodec::escapeForLog(QByteArray("a\"b\\c\t\r\n\x7f", 9)),
                 QStringLiteral("a\\\"b\\\\c\\t\\r\\n\\x7f"));
        QCOMPARE(WsEventCodec::escapeForLog("abcdef", 3), QStringLiteral("abc..."));
        QCOMPARE(WsEventCodec::escapeForLog("abc", 3), QStringLiteral("abc"));
    }
};

QTEST_MAIN(TestWsEvent)
#include "tst_wsevent.moc"
