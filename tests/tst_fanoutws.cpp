// WebSockets through GRIP (WebSocket-over-HTTP, Pushpin's over_http) against an in-process
// broker: the handshake and the requests it makes, client messages as events, the backend's
// messages and control messages, publishes. The fixture (common/fanoutwsfixture.h) drives
// everything from this thread's event loop, and every socket appends to its own buffer, so no
// wait consumes bytes. Closing, failures and scale: tst_fanoutwsclose.
#include "fanoutwsfixture.h"

using namespace fanoutws;

class TestFanoutWs : public QObject, private Fixture
{
    Q_OBJECT

private slots:
    void initTestCase() { LogCapture::previous = qInstallMessageHandler(LogCapture::handler); }
    void cleanupTestCase() { qInstallMessageHandler(LogCapture::previous); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void handshakeAndRequestShape()
    {
        QVERIFY(start());
        WsClient client;
        const QByteArray request = handshake(
            "/ws/chat?room=1",
            "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Extensions: "
            "permessage-deflate\r\nCookie: session=abc123\r\nMeta-Foo: spoofed\r\n"
            "meta-user: mallory\r\nGrip-Sig: forged.by.client\r\nConnection-Id: spoofed-id\r\n"
            "X-Custom: kept\r\n");
        client.start(m_broker->port, request);
        QVERIFY(m_backend->waitCount(1));
        const Message opening = m_backend->at(0);
        QCOMPARE(opening.startLine, QByteArray("POST /ws/chat?room=1 HTTP/1.1"));
        QCOMPARE(opening.body, QByteArray("OPEN\r\n"));
        QCOMPARE(opening.value("Content-Length"), QByteArray("6"));
        QCOMPARE(opening.values("Content-Type"), QList<QByteArray>{"application/websocket-events"});
        QCOMPARE(opening.values("Accept"), QList<QByteArray>{"application/websocket-events"});
        QCOMPARE(opening.values("Sec-WebSocket-Extensions"), QList<QByteArray>{"grip"});
        QCOMPARE(opening.count("Connection-Id"), qsizetype(1));
        const QByteArray connectionId = opening.value("Connection-Id");
        QVERIFY(!connectionId.isEmpty());
        QVERIFY(connectionId != "spoofed-id");
        QCOMPARE(opening.values("Cookie"), QList<QByteArray>{"session=abc123"});
        QCOMPARE(opening.values("X-Custom"), QList<QByteArray>{"kept"});
        QCOMPARE(opening.values("Sec-WebSocket-Protocol"), QList<QByteArray>{"chat, superchat"});
        QCOMPARE(opening.namesStartingWith("Meta-"), QList<QByteArray>());
        QCOMPARE(opening.count("Sec-WebSocket-Key"), qsizetype(0));
        QCOMPARE(opening.count("Upgrade"), qsizetype(0));
        QJsonObject claims;
        QVERIFY(verifyGripSig(opening, SigKey, &claims));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QString::fromLatin1(SigIssuer));
        QVERIFY(!GripSigner::verify(opening.value("Grip-Sig"), "changeme",
                                    QDateTime::currentSecsSinceEpoch()));

        m_backend->answer(0, gripOpen({}, "Sec-WebSocket-Protocol: chat\r\nX-Backend: yes\r\n"
                                          "Set-Meta-Room: lobby\r\nKeep-Alive-Interval: 120\r\n"));
        QVERIFY(client.waitHead());
        QCOMPARE(client.head.startLine, QByteArray("HTTP/1.1 101 Switching Protocols"));
        QCOMPARE(client.head.value("Sec-WebSocket-Accept"), ClientAccept);
        QCOMPARE(client.head.value("Upgrade").toLower(), QByteArray("websocket"));
        QCOMPARE(client.head.values("Sec-WebSocket-Protocol"), QList<QByteArray>{"chat"});
        QCOMPARE(client.head.values("X-Backend"), QList<QByteArray>{"yes"});
        // The grip extension is between broker and backend; the client negotiated none.
        QCOMPARE(client.head.count("Sec-WebSocket-Extensions"), qsizetype(0));
        for (const char *name : {"Content-Type", "Content-Length", "Set-Meta-Room",
                                 "Keep-Alive-Interval", "Transfer-Encoding"})
            QVERIFY2(client.head.count(name) == 0, name);
        QVERIFY(client.rest.isEmpty());

        // Later requests replay the client's headers and carry a fresh signature.
        client.sendText("hello");
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 5\r\nhello\r\n"));
        const Message text = m_backend->at(1);
        QCOMPARE(text.startLine, QByteArray("POST /ws/chat?room=1 HTTP/1.1"));
        QCOMPARE(text.values("Connection-Id"), QList<QByteArray>{connectionId});
        QCOMPARE(text.values("Cookie"), QList<QByteArray>{"session=abc123"});
        QCOMPARE(text.values("Sec-WebSocket-Extensions"), QList<QByteArray>{"grip"});
        QCOMPARE(text.values("Content-Type"), QList<QByteArray>{"application/websocket-events"});
        QCOMPARE(text.values("Content-Length"), QList<QByteArray>{"15"});
        QCOMPARE(text.namesStartingWith("Meta-"), QList<QByteArray>{"Meta-Room"});
        QCOMPARE(text.value("Meta-Room"), QByteArray("lobby"));
        QVERIFY(verifyGripSig(text, SigKey));

        // Another connection, another id.
        WsClient second;
        QVERIFY(open(&second, gripOpen(), handshake("/ws/chat"), 2));
        QVERIFY(!m_backend->at(2).value("Connection-Id").isEmpty());
        QVERIFY(m_backend->at(2).value("Connection-Id") != connectionId);
    }

    void framesSentWithTheHandshakeWaitForOpen()
    {
        QVERIFY(start());
        WsClient client;
        client.start(m_broker->port, handshake("/ws/chat") + masked(WsOpcode::Text, "early") +
                                         masked(WsOpcode::Binary, "bird"));
        QVERIFY(m_backend->waitCount(1));
        QCOMPARE(m_backend->body(0), QByteArray("OPEN\r\n"));
        QTest::qWait(100);
        QCOMPARE(m_backend->count(), qsizetype(1));
        m_backend->answer(0, gripOpen());
        QVERIFY(client.waitHead());
        QCOMPARE(client.head.status(), 101);
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "early") + wsEvent("BINARY", "bird"));
    }

    void badClientFrameClosesAndTellsBackend_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("code");

        QTest::addRow("text not UTF-8") << masked(WsOpcode::Text, "bad \xff utf-8") << 1007;
        QTest::addRow("unmasked") << WsFrame::build(WsOpcode::Text, "naked") << 1002;
        QTest::addRow("reserved opcode") << masked(0x3, "what") << 1002;
    }

    void badClientFrameClosesAndTellsBackend()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, code);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("fine");
        client.send(frame);
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.at(0).opcode, quint8(WsOpcode::Close));
        QCOMPARE(int(client.frames.at(0).closeCode()), code);
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 4\r\nfine\r\n"));
        m_backend->answer(1, eventsResponse({}));
        QVERIFY(m_backend->waitCount(3));
        QVERIFY2(m_backend->body(2).startsWith("CLOSE "), m_backend->body(2).constData());
        QCOMPARE(m_backend->body(2).mid(m_backend->body(2).indexOf("\r\n") + 2, 2),
                 closeContent(quint16(code)));
        m_backend->answer(2, eventsResponse({}));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(1));
    }

    void clientMessagesBecomeEvents_data()
    {
        QTest::addColumn<int>("opcode");
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QByteArray>("expected");

        QByteArray all;
        for (int i = 0; i < 256; ++i)
            all += char(i);
        const QByteArray long300(300, 'x');
        const QByteArray big(70000, 'y');
        QTest::addRow("text") << int(WsOpcode::Text) << QByteArray("hello")
                              << QByteArray("TEXT 5\r\nhello\r\n");
        QTest::addRow("text, 16 bytes is hex 10")
            << int(WsOpcode::Text) << QByteArray("sixteen bytes!!!")
            << QByteArray("TEXT 10\r\nsixteen bytes!!!\r\n");
        QTest::addRow("text, lower-case hex")
            << int(WsOpcode::Text) << long300 << "TEXT 12c\r\n" + long300 + "\r\n";
        QTest::addRow("utf-8 counts bytes")
            << int(WsOpcode::Text) << QByteArray("h\xc3\xa9llo \xe2\x82\xac")
            << QByteArray("TEXT a\r\nh\xc3\xa9llo \xe2\x82\xac\r\n");
        QTest::addRow("empty text")
            << int(WsOpcode::Text) << QByteArray() << QByteArray("TEXT 0\r\n\r\n");
        QTest::addRow("binary, every byte")
            << int(WsOpcode::Binary) << all << "BINARY 100\r\n" + all + "\r\n";
        QTest::addRow("binary with CRLF inside")
            << int(WsOpcode::Binary) << QByteArray("a\r\nTEXT 1\r\nb")
            << QByteArray("BINARY c\r\na\r\nTEXT 1\r\nb\r\n");
        QTest::addRow("text over 64 KiB")
            << int(WsOpcode::Text) << big << "TEXT 11170\r\n" + big + "\r\n";
    }

    void clientMessagesBecomeEvents()
    {
        QFETCH(int, opcode);
        QFETCH(QByteArray, payload);
        QFETCH(QByteArray, expected);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.send(masked(quint8(opcode), payload));
        QVERIFY(m_backend->waitCount(2));
        QCOMPARE(m_backend->body(1).size(), expected.size());
        QCOMPARE(m_backend->body(1), expected);
        QCOMPARE(m_backend->at(1).value("Content-Length"), QByteArray::number(expected.size()));
    }

    void fragmentedMessageAndPingsStayLocal()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        // A ping inside a fragmented message is answered here; the message goes on whole.
        client.send(masked(WsOpcode::Text, "hel", false));
        client.send(masked(WsOpcode::Ping, "p1"));
        client.send(masked(WsOpcode::Continuation, "lo"));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"pong:p1"}));
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 5\r\nhello\r\n"));
        m_backend->answer(1, eventsResponse({}));
        client.send(masked(WsOpcode::Ping, "p2"));
        client.send(masked(WsOpcode::Pong, "unsolicited"));
        QVERIFY(client.waitFrames(2));
        client.sendText("after");
        QCOMPARE(m_backend->waitBody(2), QByteArray("TEXT 5\r\nafter\r\n"));
        QCOMPARE(m_backend->count(), qsizetype(3));
        QCOMPARE(joined(client.described()), joined((QList<QByteArray>{"pong:p1", "pong:p2"})));
    }

    void messagesDuringARequestAreBatched()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("one");
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 3\r\none\r\n"));
        // Request 1 stays unanswered while more arrive: one request at a time.
        client.sendText("two");
        client.send(masked(WsOpcode::Binary, QByteArray("\x00\x03", 2)));
        client.sendText("four");
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesFromClient, quint64(4),
                                  Wait);
        QTest::qWait(200);
        QCOMPARE(m_backend->count(), qsizetype(2));
        m_backend->answer(1, eventsResponse({}));
        QCOMPARE(m_backend->waitBody(2), wsEvent("TEXT", "two") +
                                             wsEvent("BINARY", QByteArray("\x00\x03", 2)) +
                                             wsEvent("TEXT", "four"));
        m_backend->answer(2, eventsResponse({}));
        client.sendText("five");
        QCOMPARE(m_backend->waitBody(3), QByteArray("TEXT 4\r\nfive\r\n"));
    }

    void unacceptedBytesAreReplayed()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("one");
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 3\r\none\r\n"));
        client.sendText("two");
        client.sendText("three");
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesFromClient, quint64(3),
                                  Wait);
        m_backend->answer(1, eventsResponse({}));
        const QByteArray batch = wsEvent("TEXT", "two") + wsEvent("TEXT", "three");
        QCOMPARE(m_backend->waitBody(2), batch);
        // The backend takes "TEXT 3\r\ntwo\r\n" and 4 bytes of the next event: that event comes
        // again, whole, with the 4 bytes it already has announced (Pushpin 1.41's back-pressure).
        const qsizetype accepted = wsEvent("TEXT", "two").size() + 4;
        m_backend->answer(2, eventsResponse({}, "Content-Bytes-Accepted: " +
                                                    QByteArray::number(accepted) + "\r\n"));
        QCOMPARE(m_backend->waitBody(3), wsEvent("TEXT", "three"));
        QCOMPARE(m_backend->at(3).value("Content-Bytes-Replayed"), QByteArray("4"));
        m_backend->answer(3, eventsResponse({}));
        client.sendText("four");
        QCOMPARE(m_backend->waitBody(4), wsEvent("TEXT", "four"));
        QVERIFY(m_backend->at(4).value("Content-Bytes-Replayed").isEmpty());
    }

    void backendMessagesReachClient_data()
    {
        QTest::addColumn<QByteArray>("extension");
        QTest::addColumn<QByteArray>("events");
        QTest::addColumn<QList<QByteArray>>("frames");
        QTest::addColumn<bool>("unprefixedDelivered");

        QTest::addRow("grip: m: stripped, unprefixed dropped")
            << GripExtension
            << wsEvent("TEXT", "m:one") + wsEvent("TEXT", "plain") +
                   wsEvent("BINARY", "m:\x01\xff") + wsEvent("BINARY", "raw") +
                   wsEvent("TEXT", "m:") + wsEvent("TEXT", "m:two")
            << QList<QByteArray>{"text:one", "binary:01ff", "text:", "text:two"} << false;
        QTest::addRow("grip: message-prefix")
            << QByteArray("Sec-WebSocket-Extensions: grip; message-prefix=\"x-\"\r\n")
            << wsEvent("TEXT", "x-one") + wsEvent("TEXT", "m:dropped") +
                   wsEvent("BINARY", "x-\x02") + wsEvent("TEXT", "x-two")
            << QList<QByteArray>{"text:one", "binary:02", "text:two"} << false;
        QTest::addRow("grip: empty message-prefix")
            << QByteArray("Sec-WebSocket-Extensions: grip; message-prefix=\"\"\r\n")
            << wsEvent("TEXT", "m:one") + wsEvent("TEXT", "plain") + wsEvent("BINARY", "\x03")
            << QList<QByteArray>{"text:m:one", "text:plain", "binary:03"} << true;
        QTest::addRow("no grip extension: relayed as is")
            << QByteArray()
            << wsEvent("TEXT", "m:one") + wsEvent("TEXT", "plain") +
                   wsEvent("TEXT", "c:{\"type\":\"detach\"}") + wsEvent("BINARY", "\x04")
            << QList<QByteArray>{"text:m:one", "text:plain", "text:c:{\"type\":\"detach\"}",
                                 "binary:04"}
            << true;
        QTest::addRow("other extension only: not grip")
            << QByteArray("Sec-WebSocket-Extensions: gripper\r\n") << wsEvent("TEXT", "m:one")
            << QList<QByteArray>{"text:m:one"} << true;
    }

    void backendMessagesReachClient()
    {
        QFETCH(QByteArray, extension);
        QFETCH(QByteArray, events);
        QFETCH(QList<QByteArray>, frames);
        QFETCH(bool, unprefixedDelivered);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, eventsResponse("OPEN\r\n" + events, extension)));
        QCOMPARE(client.head.count("Sec-WebSocket-Extensions"), qsizetype(0));
        // The same in the answer to a later request.
        client.sendText("again");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(1, eventsResponse(events + wsEvent("TEXT", "end marker")));
        QList<QByteArray> expected = frames + frames;
        if (unprefixedDelivered)
            expected.append("text:end marker");
        QVERIFY(client.waitFrames(expected.size()));
        QTest::qWait(100);
        QCOMPARE(joined(client.described()), joined(expected));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient,
                                  quint64(expected.size()), Wait);
    }

    void backendResponseFraming_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QList<QByteArray>>("parts"); // written one by one
        QTest::addColumn<bool>("hangUp");

        const QByteArray events = wsEvent("TEXT", "m:hello world") + "TEXT D\r\nm:upper hex!!\r\n" +
                                  wsEvent("BINARY", "m:\x7f");
        const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events\r\n";
        QTest::addRow("content-length, in pieces")
            << ok + "Content-Length: " + QByteArray::number(events.size()) + "\r\n\r\n"
            << QList<QByteArray>{events.left(7), events.mid(7, 20), events.mid(27)} << false;
        QTest::addRow("chunked, events split across chunks")
            << ok + "Transfer-Encoding: chunked\r\n\r\n"
            << QList<QByteArray>{"5\r\n" + events.left(5) + "\r\n",
                                 QByteArray::number(events.size() - 5, 16) + "\r\n" +
                                     events.mid(5) + "\r\n",
                                 "0\r\n\r\n"}
            << false;
        QTest::addRow("until close") << ok + "\r\n" << QList<QByteArray>{events} << true;
    }

    void backendResponseFraming()
    {
        QFETCH(QByteArray, head);
        QFETCH(QList<QByteArray>, parts);
        QFETCH(bool, hangUp);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("go");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(1, head);
        for (const QByteArray &part : std::as_const(parts)) {
            QTest::qWait(30);
            m_backend->answer(1, part);
        }
        if (hangUp)
            m_backend->hangUp(1);
        QVERIFY(client.waitFrames(3));
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:hello world", "text:upper hex!!", "binary:7f"})));
        // The connection goes on.
        client.sendText("more");
        QCOMPARE(m_backend->waitBody(2), wsEvent("TEXT", "more"));
        QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    }

    void backendPingAndPongReachClient()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(wsEvent("PING", "are you there") + wsEvent("PONG"))));
        QVERIFY(client.waitFrames(2));
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"ping:are you there", "pong:"})));
    }

    void subscribeAndUnsubscribe()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"room\"}") +
                                       control("{\"type\":\"subscribe\",\"channel\":\"other\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), (QList<QByteArray>{"other", "room"}),
                                  Wait);
        QVERIFY(publish({textItem(QStringLiteral("room"), QStringLiteral("hi room"))}));
        QVERIFY(publish({textItem(QStringLiteral("nobody"), QStringLiteral("not mine"))}));
        QVERIFY(publish({textItem(QStringLiteral("other"), QStringLiteral("hi other"))}));
        QVERIFY(client.waitFrames(2));
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:hi room", "text:hi other"})));

        client.sendText("leave room");
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT a\r\nleave room\r\n"));
        m_backend->answer(
            1, eventsResponse(control("{\"type\":\"unsubscribe\",\"channel\":\"room\"}") +
                              wsEvent("TEXT", "m:left")));
        QVERIFY(client.waitFrames(3));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), QList<QByteArray>{"other"}, Wait);
        // Items to one channel are delivered in publish order, so "gone" would precede "marker".
        QVERIFY(publish({textItem(QStringLiteral("room"), QStringLiteral("gone"))}));
        QVERIFY(publish({textItem(QStringLiteral("other"), QStringLiteral("marker"))}));
        QVERIFY(client.waitFrames(4));
        QTest::qWait(100);
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:hi room", "text:hi other", "text:left",
                                           "text:marker"})));
    }

    void subscriptionsAboveTwentyAreIgnored()
    {
        QVERIFY(start());
        WsClient client;
        QByteArray controls;
        for (int i = 1; i <= 21; ++i)
            controls +=
                control("{\"type\":\"subscribe\",\"channel\":\"c" + QByteArray::number(i) + "\"}");
        QVERIFY(open(&client, gripOpen(controls)));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().channels.size(), qsizetype(20),
                                  Wait);
        QVERIFY(!m_broker->latestConnection().channels.contains("c21"));
        QVERIFY(publish({textItem(QStringLiteral("c21"), QStringLiteral("too many"))}));
        QVERIFY(publish({textItem(QStringLiteral("c20"), QStringLiteral("twentieth"))}));
        QVERIFY(client.waitFrames(1));
        QTest::qWait(100);
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"text:twentieth"}));
    }

    void publishFormats()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"pf\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().channels, QList<QByteArray>{"pf"},
                                  Wait);
        const QByteArray bytes("\x00\x01\xfe\xff", 4);
        QVERIFY(publish({textItem(QStringLiteral("pf"), QStringLiteral("h\u00e9llo"))}));
        QVERIFY(publish({wsItem(QStringLiteral("pf"), {{QStringLiteral("content-bin"),
                                                        QString::fromLatin1(bytes.toBase64())}})}));
        QVERIFY(publish(
            {wsItem(QStringLiteral("pf"), {{QStringLiteral("content"), QStringLiteral("as binary")},
                                           {QStringLiteral("type"), QStringLiteral("binary")}})}));
        QVERIFY(client.waitFrames(3));
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:h\xc3\xa9llo", "binary:0001feff",
                                           "binary:" + QByteArray("as binary").toHex()})));
        QCOMPARE(client.frames.at(1).payload, bytes);
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(3), Wait);
    }

    void publishCloseAction_data()
    {
        QTest::addColumn<QJsonObject>("format");
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QByteArray>("closeEvent");

        QTest::addRow("code and reason")
            << QJsonObject{{QStringLiteral("action"), QStringLiteral("close")},
                           {QStringLiteral("code"), 4002},
                           {QStringLiteral("reason"), QStringLiteral("kicked")}}
            << QByteArray("close:4002 kicked") << wsEvent("CLOSE", closeContent(4002, "kicked"));
        QTest::addRow("code only")
            << QJsonObject{{QStringLiteral("action"), QStringLiteral("close")},
                           {QStringLiteral("code"), 1013}}
            << QByteArray("close:1013 ") << wsEvent("CLOSE", closeContent(1013));
        // Without a code Pushpin closes with 1000 (tst_pushpindiffws), and so does Holdfast.
        QTest::addRow("no code") << QJsonObject{{QStringLiteral("action"), QStringLiteral("close")}}
                                 << QByteArray("close:1000 ")
                                 << wsEvent("CLOSE", closeContent(1000));
    }

    void publishCloseAction()
    {
        QFETCH(QJsonObject, format);
        QFETCH(QByteArray, frame);
        QFETCH(QByteArray, closeEvent);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"k\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().channels, QList<QByteArray>{"k"},
                                  Wait);
        QVERIFY(publish({textItem(QStringLiteral("k"), QStringLiteral("last words"))}));
        QVERIFY(publish({wsItem(QStringLiteral("k"), format)}));
        QVERIFY(client.waitFrames(2));
        QCOMPARE(joined(client.described()), joined((QList<QByteArray>{"text:last words", frame})));
        // The backend hears of it.
        QCOMPARE(m_backend->waitBody(1), closeEvent);
        client.send(WsFrame::closeFrame(client.frames.at(1).closeCode(), {}, true));
        m_backend->answer(1, eventsResponse({}));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(2));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        if (!client.frames.at(1).payload.isEmpty())
            QCOMPARE(closed.closeCode, int(client.frames.at(1).closeCode()));
    }

    void publishRefreshAsksTheBackend()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"r\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().channels, QList<QByteArray>{"r"},
                                  Wait);
        QVERIFY(publish({wsItem(QStringLiteral("r"),
                                {{QStringLiteral("action"), QStringLiteral("refresh")}})}));
        // An empty request: the backend may answer with whatever is new.
        QCOMPARE(m_backend->waitBody(1), QByteArray());
        QCOMPARE(m_backend->at(1).value("Connection-Id"), m_backend->at(0).value("Connection-Id"));
        QVERIFY(verifyGripSig(m_backend->at(1), SigKey));
        m_backend->answer(1, eventsResponse(wsEvent("TEXT", "m:refreshed")));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), QByteArray("text:refreshed"));
    }

    void setMetaBecomesMetaHeaders()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(
            open(&client,
                 gripOpen(control("{\"type\":\"set-meta\",\"name\":\"user\",\"value\":\"alice\"}"),
                          "Set-Meta-Room: lobby\r\n"),
                 handshake("/ws/chat", "Meta-User: mallory\r\nMeta-Foo: spoofed\r\n")));
        QVERIFY(m_backend->at(0).namesStartingWith("Meta-").isEmpty());
        client.sendText("1");
        QVERIFY(m_backend->waitCount(2));
        Message request = m_backend->at(1);
        QCOMPARE(request.values("Meta-user"), QList<QByteArray>{"alice"});
        QCOMPARE(request.values("Meta-Room"), QList<QByteArray>{"lobby"});
        QCOMPARE(request.namesStartingWith("Meta-").size(), qsizetype(2));
        // Changed by header and by control message; an empty Set-Meta value and a set-meta
        // without value delete.
        m_backend->answer(1, eventsResponse(control("{\"type\":\"set-meta\",\"name\":\"user\"}") +
                                                control("{\"type\":\"set-meta\",\"name\":\"lang\","
                                                        "\"value\":\"fi\"}"),
                                            "Set-Meta-Room:\r\nSet-Meta-Color: blue\r\n"));
        client.sendText("2");
        QVERIFY(m_backend->waitCount(3));
        request = m_backend->at(2);
        QCOMPARE(request.values("Meta-lang"), QList<QByteArray>{"fi"});
        QCOMPARE(request.values("Meta-Color"), QList<QByteArray>{"blue"});
        QCOMPARE(request.namesStartingWith("Meta-").size(), qsizetype(2));
        QCOMPARE(request.body, QByteArray("TEXT 1\r\n2\r\n"));
    }

    void keepAliveControlMessage_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("frame");

        QTest::addRow("text") << QByteArray(
                                     "{\"type\":\"keep-alive\",\"content\":\"ka\",\"timeout\":1}")
                              << QByteArray("text:ka");
        QTest::addRow("binary, content-bin")
            << QByteArray("{\"type\":\"keep-alive\",\"content-bin\":\"AAE=\","
                          "\"message-type\":\"binary\",\"timeout\":1}")
            << QByteArray("binary:0001");
    }

    void keepAliveControlMessage()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, frame);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control(json))));
        QElapsedTimer sinceOpen;
        sinceOpen.start();
        QVERIFY(client.waitFrames(1, 3000));
        const qint64 first = sinceOpen.elapsed();
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{frame}));
        QVERIFY2(first >= 800, qPrintable(QString::number(first)));
        // It goes on while the client stays idle.
        QVERIFY(client.waitFrames(2, 3000));
        QVERIFY2(sinceOpen.elapsed() >= first + 800, qPrintable(QString::number(first)));
        QCOMPARE(joined(client.described()), joined((QList<QByteArray>{frame, frame})));
        // Turned off by a keep-alive without content.
        client.sendText("stop");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(
            1, eventsResponse(control("{\"type\":\"keep-alive\"}") + wsEvent("TEXT", "m:off")));
        QVERIFY(QTest::qWaitFor([&] { return client.described().contains("text:off"); }, Wait));
        QTest::qWait(1500);
        QCOMPARE(client.described().last(), QByteArray("text:off"));
    }

    void sendDelayedAndFlushDelayed()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"send-delayed\",\"content\":\"soon\","
                                               "\"timeout\":1}"))));
        QElapsedTimer sinceOpen;
        sinceOpen.start();
        QTest::qWait(300);
        QCOMPARE(client.frames.size(), qsizetype(0));
        QVERIFY(client.waitFrames(1, 3000));
        QVERIFY2(sinceOpen.elapsed() >= 800, qPrintable(QString::number(sinceOpen.elapsed())));
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"text:soon"}));

        // A later send-delayed replaces an earlier one; flush-delayed sends it now.
        client.sendText("go");
        QVERIFY(m_backend->waitCount(2));
        QElapsedTimer sinceFlush;
        sinceFlush.start();
        m_backend->answer(
            1, eventsResponse(
                   control("{\"type\":\"send-delayed\",\"content\":\"replaced\",\"timeout\":30}") +
                   control("{\"type\":\"send-delayed\",\"content\":\"flushed\",\"timeout\":30}") +
                   control("{\"type\":\"flush-delayed\"}") + wsEvent("TEXT", "m:after")));
        QVERIFY(client.waitFrames(3));
        QVERIFY2(sinceFlush.elapsed() < 1000, qPrintable(QString::number(sinceFlush.elapsed())));
        QTest::qWait(100);
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:soon", "text:flushed", "text:after"})));
    }
};

QTEST_MAIN(TestFanoutWs)
#include "tst_fanoutws.moc"
