#include <QtTest>

#include "grip/gripwsextension.h"
#include "grip/wscontrolmessage.h"
#include "grip/wsevent.h"

// Raw strings here hold an even number of '"': moc 6.4 loses the class otherwise
// (R"(a"b)" makes it report "No relevant classes found").
namespace {

using M = WsControlMessage;

// One line per message: the type, then every field that is set. keep-alive and send-delayed
// always show message-type, timeout (and keep-alive its mode), so defaults are checked too; a
// field set where it does not belong shows up as well.
QByteArray dump(const M &m)
{
    static const char *messageTypes[] = {"text", "binary", "ping", "pong"};
    QByteArray out = M::typeName(m.type);
    if (!m.channel.isEmpty())
        out += " channel=" + m.channel;
    for (const QByteArray &f : m.filters)
        out += " filter=" + f;
    if (!m.sessionId.isEmpty())
        out += " id=" + m.sessionId;
    if (!m.metaName.isEmpty())
        out += " name=" + m.metaName;
    if (m.type == M::Type::SetMeta && !m.metaDelete)
        out += " value=" + m.metaValue;
    else if (!m.metaValue.isEmpty())
        out += " stray-value=" + m.metaValue;
    if (m.metaDelete)
        out += " delete";
    if (m.hasContent)
        out += " content=" + WsEventCodec::escapeForLog(m.content, 1 << 20).toUtf8();
    else if (!m.content.isEmpty())
        out += " stray-content";
    const bool message = m.type == M::Type::KeepAlive || m.type == M::Type::SendDelayed;
    if (message || m.messageType != M::MessageType::Text)
        out += QByteArray(" message-type=") + messageTypes[int(m.messageType)];
    if (m.timeoutSecs != -1)
        out += " timeout=" + QByteArray::number(m.timeoutSecs);
    if (m.type == M::Type::KeepAlive || m.mode != M::Mode::Idle)
        out += m.mode == M::Mode::Idle ? " mode=idle" : " mode=interval";
    if (m.keepAliveOff)
        out += " off";
    return out;
}

} // namespace

class TestWsControlMessage : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("expected");

        // subscribe / unsubscribe
        QTest::addRow("subscribe") << QByteArray(R"({"type":"subscribe","channel":"test"})")
                                   << QByteArray("subscribe channel=test");
        QTest::addRow("subscribe with filters")
            << QByteArray(R"({"type":"subscribe","channel":"c","filters":["skip-self","x"]})")
            << QByteArray("subscribe channel=c filter=skip-self filter=x");
        QTest::addRow("subscribe with 5 filters")
            << QByteArray(R"({"type":"subscribe","channel":"c","filters":["1","2","3","4","5"]})")
            << QByteArray("subscribe channel=c filter=1 filter=2 filter=3 filter=4 filter=5");
        QTest::addRow("subscribe with no filters")
            << QByteArray(R"({"type":"subscribe","channel":"c","filters":[]})")
            << QByteArray("subscribe channel=c");
        QTest::addRow("subscribe UTF-8 channel")
            << QByteArray("{\"type\":\"subscribe\",\"channel\":\"\xc3\xbc\"}")
            << QByteArray("subscribe channel=\xc3\xbc");
        QTest::addRow("unsubscribe") << QByteArray(R"({"type":"unsubscribe","channel":"test"})")
                                     << QByteArray("unsubscribe channel=test");
        QTest::addRow("unsubscribe ignores filters")
            << QByteArray(R"({"type":"unsubscribe","channel":"a","filters":[1,2,3,4,5,6]})")
            << QByteArray("unsubscribe channel=a");

        // detach, session, set-meta, flush-delayed
        QTest::addRow("detach") << QByteArray(R"({"type":"detach"})") << QByteArray("detach");
        QTest::addRow("unknown members ignored")
            << QByteArray(R"({"type":"detach","channel":"x","extra":[1]})") << QByteArray("detach");
        QTest::addRow("session") << QByteArray(R"({"type":"session","id":"s1"})")
                                 << QByteArray("session id=s1");
        QTest::addRow("session without id clears")
            << QByteArray(R"({"type":"session"})") << QByteArray("session");
        QTest::addRow("session with empty id clears")
            << QByteArray(R"({"type":"session","id":""})") << QByteArray("session");
        QTest::addRow("set-meta") << QByteArray(R"({"type":"set-meta","name":"user","value":"al"})")
                                  << QByteArray("set-meta name=user value=al");
        QTest::addRow("set-meta without value deletes")
            << QByteArray(R"({"type":"set-meta","name":"user"})")
            << QByteArray("set-meta name=user delete");
        QTest::addRow("set-meta empty value sets empty")
            << QByteArray(R"({"type":"set-meta","name":"user","value":""})")
            << QByteArray("set-meta name=user value=");
        QTest::addRow("flush-delayed")
            << QByteArray(R"({"type":"flush-delayed"})") << QByteArray("flush-delayed");

        // keep-alive
        QTest::addRow("keep-alive defaults")
            << QByteArray(R"({"type":"keep-alive","content":"ka"})")
            << QByteArray("keep-alive content=ka message-type=text timeout=55 mode=idle");
        QTest::addRow("keep-alive interval")
            << QByteArray(R"({"type":"keep-alive","content":"ka","timeout":20,"mode":"interval"})")
            << QByteArray("keep-alive content=ka message-type=text timeout=20 mode=interval");
        QTest::addRow("keep-alive timeout 0 is the default")
            << QByteArray(R"({"type":"keep-alive","content":"ka","timeout":0})")
            << QByteArray("keep-alive content=ka message-type=text timeout=55 mode=idle");
        QTest::addRow("keep-alive whole float timeout")
            << QByteArray(R"({"type":"keep-alive","content":"ka","timeout":30.0})")
            << QByteArray("keep-alive content=ka message-type=text timeout=30 mode=idle");
        QTest::addRow("keep-alive INT_MAX timeout")
            << QByteArray(R"({"type":"keep-alive","content":"ka","timeout":2147483647})")
            << QByteArray("keep-alive content=ka message-type=text timeout=2147483647 mode=idle");
        QTest::addRow("keep-alive unknown mode is idle")
            << QByteArray(R"({"type":"keep-alive","content":"ka","mode":"sometimes"})")
            << QByteArray("keep-alive content=ka message-type=text timeout=55 mode=idle");
        QTest::addRow("keep-alive content-bin stays text without message-type")
            << QByteArray(R"({"type":"keep-alive","content-bin":"AAH/"})")
            << QByteArray("keep-alive content=\\x00\\x01\\xff message-type=text timeout=55 "
                          "mode=idle");
        QTest::addRow("keep-alive binary")
            << QByteArray(R"({"type":"keep-alive","content-bin":"AAH/","message-type":"binary"})")
            << QByteArray("keep-alive content=\\x00\\x01\\xff message-type=binary timeout=55 "
                          "mode=idle");
        QTest::addRow("keep-alive content-bin wins over content")
            << QByteArray(R"({"type":"keep-alive","content":"text","content-bin":"Ymlu"})")
            << QByteArray("keep-alive content=bin message-type=text timeout=55 mode=idle");
        QTest::addRow("keep-alive empty ping")
            << QByteArray(R"({"type":"keep-alive","content":"","message-type":"ping"})")
            << QByteArray("keep-alive content= message-type=ping timeout=55 mode=idle");
        QTest::addRow("keep-alive pong")
            << QByteArray(R"({"type":"keep-alive","content":"p","message-type":"pong"})")
            << QByteArray("keep-alive content=p message-type=pong timeout=55 mode=idle");
        QTest::addRow("keep-alive without content turns it off")
            << QByteArray(R"({"type":"keep-alive"})")
            << QByteArray("keep-alive message-type=text mode=idle off");
        QTest::addRow("keep-alive off ignores timeout, as Pushpin")
            << QByteArray(R"({"type":"keep-alive","timeout":-5,"mode":"interval"})")
            << QByteArray("keep-alive message-type=text mode=interval off");

        // send-delayed
        QTest::addRow("send-delayed defaults")
            << QByteArray(R"({"type":"send-delayed","content":"later"})")
            << QByteArray("send-delayed content=later message-type=text timeout=1");
        QTest::addRow("send-delayed timeout and type")
            << QByteArray(R"({"type":"send-delayed","content":"x","timeout":10,)"
                          R"("message-type":"binary"})")
            << QByteArray("send-delayed content=x message-type=binary timeout=10");
        QTest::addRow("send-delayed without content")
            << QByteArray(R"({"type":"send-delayed","timeout":"ignored"})")
            << QByteArray("send-delayed message-type=text timeout=1");
        QTest::addRow("send-delayed ignores mode")
            << QByteArray(R"({"type":"send-delayed","content":"x","mode":"interval"})")
            << QByteArray("send-delayed content=x message-type=text timeout=1");
    }

    void parse()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, expected);
        M m;
        m.channel = "stale";
        QString error;
        QVERIFY2(M::parse(json, &m, &error), qPrintable(error));
        QCOMPARE(dump(m), expected);
    }

    void parseErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");

        const QString cm = QStringLiteral("control message");
        QTest::addRow("empty") << QByteArray() << cm + ": invalid JSON at offset 0: illegal value";
        QTest::addRow("truncated") << QByteArray(R"({"type":"detach")")
                                   << cm + ": invalid JSON at offset 16: unterminated string";
        QTest::addRow("array") << QByteArray("[]") << cm + ": expected a JSON object";
        QTest::addRow("no type") << QByteArray("{}") << cm + " does not contain 'type'";
        QTest::addRow("type not a string")
            << QByteArray(R"({"type":1})") << cm + " contains 'type' with wrong type";
        QTest::addRow("unknown type") << QByteArray(R"({"type":"close"})")
                                      << cm + " contains 'type' with unknown value: close";
        QTest::addRow("auto-respond is not supported")
            << QByteArray(R"({"type":"auto-respond"})")
            << cm + " contains 'type' with unknown value: auto-respond";
        QTest::addRow("type is case-sensitive")
            << QByteArray(R"({"type":"Subscribe","channel":"a"})")
            << cm + " contains 'type' with unknown value: Subscribe";

        QTest::addRow("subscribe without channel")
            << QByteArray(R"({"type":"subscribe"})") << cm + " does not contain 'channel'";
        QTest::addRow("subscribe channel not a string")
            << QByteArray(R"({"type":"subscribe","channel":5})")
            << cm + " contains 'channel' with wrong type";
        QTest::addRow("subscribe empty channel")
            << QByteArray(R"({"type":"subscribe","channel":""})")
            << cm + " contains 'channel' with invalid value";
        QTest::addRow("unsubscribe empty channel")
            << QByteArray(R"({"type":"unsubscribe","channel":""})")
            << cm + " contains 'channel' with invalid value";
        QTest::addRow("filters not an array")
            << QByteArray(R"({"type":"subscribe","channel":"c","filters":"skip-self"})")
            << cm + " contains 'filters' with wrong type";
        QTest::addRow("filter not a string")
            << QByteArray(R"({"type":"subscribe","channel":"c","filters":["a",1]})")
            << cm + " contains 'filters' with a value of wrong type";
        QTest::addRow("6 filters")
            << QByteArray(
                   R"({"type":"subscribe","channel":"c","filters":["1","2","3","4","5","6"]})")
            << cm + " contains more than 5 filters for channel 'c'";

        QTest::addRow("session id not a string")
            << QByteArray(R"({"type":"session","id":5})") << cm + " contains 'id' with wrong type";
        QTest::addRow("set-meta without name")
            << QByteArray(R"({"type":"set-meta","value":"v"})") << cm + " does not contain 'name'";
        QTest::addRow("set-meta empty name") << QByteArray(R"({"type":"set-meta","name":""})")
                                             << cm + " contains 'name' with invalid value";
        QTest::addRow("set-meta name not a string") << QByteArray(R"({"type":"set-meta","name":1})")
                                                    << cm + " contains 'name' with wrong type";
        QTest::addRow("set-meta null value")
            << QByteArray(R"({"type":"set-meta","name":"n","value":null})")
            << cm + " contains 'value' with wrong type";
        QTest::addRow("set-meta number value")
            << QByteArray(R"({"type":"set-meta","name":"n","value":1})")
            << cm + " contains 'value' with wrong type";

        QTest::addRow("unknown message-type")
            << QByteArray(R"({"type":"keep-alive","content":"x","message-type":"close"})")
            << cm + " contains 'message-type' with unknown value: close";
        QTest::addRow("message-type not a string")
            << QByteArray(R"({"type":"send-delayed","content":"x","message-type":1})")
            << cm + " contains 'message-type' with wrong type";
        QTest::addRow("content not a string") << QByteArray(R"({"type":"keep-alive","content":1})")
                                              << cm + " contains 'content' with wrong type";
        QTest::addRow("content-bin not a string")
            << QByteArray(R"({"type":"keep-alive","content-bin":[]})")
            << cm + " contains 'content-bin' with wrong type";
        QTest::addRow("content-bin not base64")
            << QByteArray(R"({"type":"send-delayed","content-bin":"!!"})")
            << cm + " contains 'content-bin' with invalid value";
        QTest::addRow("timeout not a number")
            << QByteArray(R"({"type":"keep-alive","content":"x","timeout":"10"})")
            << cm + " contains 'timeout' with wrong type";
        QTest::addRow("timeout negative")
            << QByteArray(R"({"type":"keep-alive","content":"x","timeout":-1})")
            << cm + " contains 'timeout' with invalid value";
        QTest::addRow("timeout fractional")
            << QByteArray(R"({"type":"send-delayed","content":"x","timeout":1.5})")
            << cm + " contains 'timeout' with invalid value";
        QTest::addRow("timeout above INT_MAX")
            << QByteArray(R"({"type":"send-delayed","content":"x","timeout":2147483648})")
            << cm + " contains 'timeout' with invalid value";
        QTest::addRow("mode not a string")
            << QByteArray(R"({"type":"keep-alive","content":"x","mode":1})")
            << cm + " contains 'mode' with wrong type";
    }

    void parseErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        M m;
        QString actual;
        QVERIFY(!M::parse(json, &m, &actual));
        QCOMPARE(actual, error);
    }

    void typeNames()
    {
        const QList<QByteArray> expected = {"subscribe",    "unsubscribe",  "detach",
                                            "session",      "set-meta",     "keep-alive",
                                            "send-delayed", "flush-delayed"};
        for (int i = 0; i < expected.size(); ++i) {
            const M::Type type = M::Type(i);
            QCOMPARE(M::typeName(type), expected[i]);
            M m;
            QString error;
            QVERIFY(M::parse("{\"type\":\"" + expected[i] + "\",\"channel\":\"c\",\"name\":\"n\"}",
                             &m, &error));
            QCOMPARE(m.type, type);
        }
    }

    // Sec-WebSocket-Extensions from the backend.
    void extension_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("grip");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QString>("error");

        const QString e = QStringLiteral("Sec-WebSocket-Extensions: grip: ");
        QTest::addRow("absent") << QByteArray() << false << QByteArray() << QString();
        QTest::addRow("other extension only")
            << QByteArray("permessage-deflate; client_max_window_bits") << false << QByteArray()
            << QString();
        QTest::addRow("similar names")
            << QByteArray("x-grip, gripx, grip-foo") << false << QByteArray() << QString();
        QTest::addRow("grip") << QByteArray("grip") << true << QByteArray("m:") << QString();
        QTest::addRow("upper case") << QByteArray("GRIP") << true << QByteArray("m:") << QString();
        QTest::addRow("trailing semicolon")
            << QByteArray("grip;") << true << QByteArray("m:") << QString();
        QTest::addRow("quoted prefix")
            << QByteArray(R"(grip; message-prefix="x:")") << true << QByteArray("x:") << QString();
        QTest::addRow("bare prefix")
            << QByteArray("grip;message-prefix=x:") << true << QByteArray("x:") << QString();
        QTest::addRow("empty prefix")
            << QByteArray(R"(grip; message-prefix="")") << true << QByteArray() << QString();
        QTest::addRow("escaped quote") << QByteArray("grip; message-prefix=\"a\\\"b\\\\\"") << true
                                       << QByteArray("a\"b\\") << QString();
        QTest::addRow("separators inside quotes") << QByteArray(R"(grip; message-prefix="a,b;c")")
                                                  << true << QByteArray("a,b;c") << QString();
        QTest::addRow("parameter name case")
            << QByteArray("grip; Message-Prefix=q") << true << QByteArray("q") << QString();
        QTest::addRow("spaces") << QByteArray(R"(  grip  ;  message-prefix = "s"  )") << true
                                << QByteArray("s") << QString();
        QTest::addRow("other parameters ignored")
            << QByteArray("grip; foo=bar; flag; message-prefix=z") << true << QByteArray("z")
            << QString();
        QTest::addRow("repeated parameter, last wins")
            << QByteArray("grip; message-prefix=a; message-prefix=b") << true << QByteArray("b")
            << QString();
        QTest::addRow("after another extension")
            << QByteArray(R"(permessage-deflate; server_no_context_takeover, grip; )"
                          R"(message-prefix="p")")
            << true << QByteArray("p") << QString();
        QTest::addRow("before another extension")
            << QByteArray("grip, permessage-deflate") << true << QByteArray("m:") << QString();
        QTest::addRow("quoted comma in an earlier extension")
            << QByteArray(R"(foo; x="a, grip", grip; message-prefix=y)") << true << QByteArray("y")
            << QString();
        QTest::addRow("first grip counts")
            << QByteArray("grip; message-prefix=a, grip; message-prefix=b") << true
            << QByteArray("a") << QString();
        QTest::addRow("unterminated quote") << QByteArray("grip; message-prefix=\"abc") << false
                                            << QByteArray() << e + "unterminated quoted string";
        QTest::addRow("escape at the end") << QByteArray("grip; message-prefix=\"abc\\") << false
                                           << QByteArray() << e + "unterminated quoted string";
        QTest::addRow("no value") << QByteArray("grip; message-prefix=") << false << QByteArray()
                                  << e + "parameter without a value";
        QTest::addRow("no value before next parameter")
            << QByteArray("grip; message-prefix=; foo") << false << QByteArray()
            << e + "parameter without a value";
        QTest::addRow("prefix without =") << QByteArray("grip; message-prefix") << false
                                          << QByteArray() << e + "message-prefix without a value";
        QTest::addRow("text after quoted string")
            << QByteArray(R"(grip; message-prefix="a"b)") << false << QByteArray()
            << e + "text after a quoted string";
        QTest::addRow("stray quote") << QByteArray("grip; message-prefix=a\"b") << false
                                     << QByteArray() << e + "stray quote in a parameter value";
        QTest::addRow("empty parameter name")
            << QByteArray("grip; =x") << false << QByteArray() << e + "invalid parameter name";
    }

    void extension()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, grip);
        QFETCH(QByteArray, prefix);
        QFETCH(QString, error);
        QByteArray actual = "untouched";
        QString actualError = QStringLiteral("stale");
        QCOMPARE(GripWsExtension::parse(header, &actual, &actualError), grip);
        QCOMPARE(actual, grip ? prefix : QByteArray("untouched"));
        QCOMPARE(actualError, error);
    }

    void extensionHeaderLines()
    {
        QByteArray prefix;
        QVERIFY(GripWsExtension::parse(
            QList<QByteArray>{"permessage-deflate", R"(grip; message-prefix="")"}, &prefix));
        QCOMPARE(prefix, QByteArray(""));
        QVERIFY(!GripWsExtension::parse(QList<QByteArray>{"permessage-deflate"}, &prefix));
        QVERIFY(!GripWsExtension::parse(QList<QByteArray>(), &prefix));
        QCOMPARE(GripWsExtension::requestValue(), QByteArray("grip"));
    }

    // Pushpin's order: "c:" TEXT first, then the prefix, else drop.
    void classify_data()
    {
        QTest::addColumn<bool>("text");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("payload");

        using K = GripWsExtension::Kind;
        QTest::addRow("control") << true << QByteArray(R"(c:{"type":"detach"})") << QByteArray("m:")
                                 << int(K::Control) << QByteArray(R"({"type":"detach"})");
        QTest::addRow("empty control")
            << true << QByteArray("c:") << QByteArray("m:") << int(K::Control) << QByteArray();
        QTest::addRow("control before empty prefix")
            << true << QByteArray("c:{}") << QByteArray() << int(K::Control) << QByteArray("{}");
        QTest::addRow("control before prefix c:") << true << QByteArray("c:{}") << QByteArray("c:")
                                                  << int(K::Control) << QByteArray("{}");
        QTest::addRow("binary c: is not control")
            << false << QByteArray("c:{}") << QByteArray("m:") << int(K::Drop) << QByteArray();
        QTest::addRow("binary c: with prefix c: is data")
            << false << QByteArray("c:{}") << QByteArray("c:") << int(K::Data) << QByteArray("{}");
        QTest::addRow("text data") << true << QByteArray("m:hello") << QByteArray("m:")
                                   << int(K::Data) << QByteArray("hello");
        QTest::addRow("binary data") << false << QByteArray("m:\x01\x02") << QByteArray("m:")
                                     << int(K::Data) << QByteArray("\x01\x02");
        QTest::addRow("prefix only")
            << true << QByteArray("m:") << QByteArray("m:") << int(K::Data) << QByteArray();
        QTest::addRow("unprefixed dropped")
            << true << QByteArray("hello") << QByteArray("m:") << int(K::Drop) << QByteArray();
        QTest::addRow("prefix is case-sensitive")
            << true << QByteArray("M:hi") << QByteArray("m:") << int(K::Drop) << QByteArray();
        QTest::addRow("custom prefix")
            << true << QByteArray(">>hi") << QByteArray(">>") << int(K::Data) << QByteArray("hi");
        QTest::addRow("default prefix not used with custom")
            << true << QByteArray("m:hi") << QByteArray(">>") << int(K::Drop) << QByteArray();
        QTest::addRow("empty prefix passes everything")
            << true << QByteArray("hello") << QByteArray() << int(K::Data) << QByteArray("hello");
        QTest::addRow("empty message, empty prefix")
            << false << QByteArray() << QByteArray() << int(K::Data) << QByteArray();
    }

    void classify()
    {
        QFETCH(bool, text);
        QFETCH(QByteArray, message);
        QFETCH(QByteArray, prefix);
        QFETCH(int, kind);
        QFETCH(QByteArray, payload);
        QByteArray actual = "stale";
        QCOMPARE(int(GripWsExtension::classify(text, message, prefix, &actual)), kind);
        QCOMPARE(actual, payload);
    }
};

QTEST_MAIN(TestWsControlMessage)
#include "tst_wscontrolmessage.moc"
