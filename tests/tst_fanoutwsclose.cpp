// WebSockets through GRIP (WebSocket-over-HTTP) as they end: detach, close events both ways,
// the broker's shutdown, silent, refusing, failing and malformed backends, the built-in test
// backend, snapshots, and a thousand subscribers. The first part: tst_fanoutws.
#include "fanoutwsfixture.h"

using namespace fanoutws;

class TestFanoutWsClose : public QObject, private Fixture
{
    Q_OBJECT

private slots:
    void initTestCase() { LogCapture::previous = qInstallMessageHandler(LogCapture::handler); }
    void cleanupTestCase() { qInstallMessageHandler(LogCapture::previous); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void detachKeepsClientDropsBackend()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"det\"}") +
                                       control("{\"type\":\"detach\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().channels, QList<QByteArray>{"det"},
                                  Wait);
        client.sendText("nobody listens");
        client.send(masked(WsOpcode::Binary, "nor here"));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesFromClient, quint64(2),
                                  Wait);
        QTest::qWait(200);
        QCOMPARE(m_backend->count(), qsizetype(1));
        // Publishes still reach the client.
        QVERIFY(publish({textItem(QStringLiteral("det"), QStringLiteral("still here"))}));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"text:still here"}));
        client.send(WsFrame::closeFrame(1000, "bye", true));
        QVERIFY(client.waitFrames(2));
        QCOMPARE(client.described().last(), QByteArray("close:1000 bye"));
        QVERIFY(client.waitDisconnected());
        QTest::qWait(100);
        QCOMPARE(m_backend->count(), qsizetype(1));
    }

    void backendCloseEvent_data()
    {
        QTest::addColumn<QByteArray>("closeEvent");
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("code");

        QTest::addRow("code and reason") << wsEvent("CLOSE", closeContent(4000, "done"))
                                         << QByteArray("close:4000 done") << 4000;
        QTest::addRow("code only")
            << wsEvent("CLOSE", closeContent(1001)) << QByteArray("close:1001 ") << 1001;
    }

    void backendCloseEvent()
    {
        QFETCH(QByteArray, closeEvent);
        QFETCH(QByteArray, frame);
        QFETCH(int, code);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("close me");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(1, eventsResponse(wsEvent("TEXT", "m:last") + closeEvent +
                                            wsEvent("TEXT", "m:after close")));
        QVERIFY(client.waitFrames(2));
        QCOMPARE(joined(client.described()), joined((QList<QByteArray>{"text:last", frame})));
        client.send(WsFrame::closeFrame(quint16(code), {}, true));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(2));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, code);
        QCOMPARE(closed.transport, ConnectionInfo::Transport::WsFanout);
        QCOMPARE(m_backend->count(), qsizetype(2));
    }

    void clientCloseReachesBackend()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.send(WsFrame::closeFrame(4001, "going", true));
        QCOMPARE(m_backend->waitBody(1), wsEvent("CLOSE", closeContent(4001, "going")));
        QCOMPARE(m_backend->body(1), QByteArray("CLOSE 7\r\n\x0f\xa1going\r\n"));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"close:4001 going"}));
        // The backend's one chance to answer the CLOSE; then the connection ends.
        m_backend->answer(1, eventsResponse(wsEvent("CLOSE", closeContent(4001))));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(1));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, 4001);
        QCOMPARE(m_backend->count(), qsizetype(2));
    }

    void nothingFollowsTheCloseFrame()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("x");
        QVERIFY(m_backend->waitCount(2));
        client.send(WsFrame::closeFrame(4001, "going", true));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"close:4001 going"}));
        // The answer to the request in flight arrives after the close handshake began: its
        // messages must not follow the close frame (RFC 6455 5.5.1).
        m_backend->answer(1, eventsResponse(wsEvent("TEXT", "m:late") + wsEvent("PING", "late")));
        QCOMPARE(m_backend->waitBody(2), wsEvent("CLOSE", closeContent(4001, "going")));
        m_backend->answer(2, eventsResponse({}));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(joined(client.described()), joined(QList<QByteArray>{"close:4001 going"}));
    }

    void delayedMessageDoesNotFollowTheCloseFrame()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"send-delayed\",\"content\":"
                                               "\"late\",\"timeout\":1}"))));
        client.send(WsFrame::closeFrame(1000, {}, true));
        QVERIFY(m_backend->waitCount(2));
        // The backend takes its time answering the CLOSE; the delayed message falls due meanwhile.
        QTest::qWait(1500);
        m_backend->answer(1, eventsResponse({}));
        QVERIFY(client.waitDisconnected());
        // Had the delay run out before the close, the message would come first; never after.
        QCOMPARE(client.described().last(), QByteArray("close:1000 "));
    }

    void backendCloseFrameIsValid_data()
    {
        QTest::addColumn<QByteArray>("closeEvent");

        QTest::addRow("1006 may not be sent") << wsEvent("CLOSE", closeContent(1006, "abnormal"));
        QTest::addRow("0 may not be sent") << wsEvent("CLOSE", closeContent(0));
        QTest::addRow("1015 may not be sent") << wsEvent("CLOSE", closeContent(1015, "tls"));
        QTest::addRow("no content") << wsEvent("CLOSE");
        QTest::addRow("one byte") << wsEvent("CLOSE", "x");
        QByteArray longReason;
        for (int i = 0; i < 100; ++i)
            longReason += "\xc3\xa9"; // 200 bytes of two-byte characters
        QTest::addRow("reason over 123 bytes of UTF-8")
            << wsEvent("CLOSE", closeContent(4000, longReason));
    }

    void backendCloseFrameIsValid()
    {
        QFETCH(QByteArray, closeEvent);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("close me");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(1, eventsResponse(closeEvent));
        QVERIFY(client.waitFrames(1));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(1));
        const Frame &frame = client.frames.first();
        QCOMPARE(frame.opcode, quint8(WsOpcode::Close));
        QVERIFY2(frame.payload.size() != 1 && frame.payload.size() <= 125,
                 frame.describe().constData());
        if (!frame.payload.isEmpty()) {
            const quint16 code = frame.closeCode();
            const bool sendable = (code >= 1000 && code <= 1003) ||
                                  (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
            QVERIFY2(sendable, frame.describe().constData());
            QVERIFY2(QUtf8StringView(frame.payload.mid(2)).isValidUtf8(),
                     frame.payload.mid(2).toHex().constData());
        }
    }

    void brokerShutdownClosesWith1001()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        m_backend->autoAnswer = [](const Message &) { return eventsResponse({}); };
        QVERIFY(m_broker->stop());
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().opcode, quint8(WsOpcode::Close));
        QCOMPARE(client.frames.first().closeCode(), quint16(1001));
        QVERIFY(client.waitDisconnected());
        QVERIFY(m_backend->waitCount(2));
        QVERIFY2(m_backend->body(1).startsWith("CLOSE "), m_backend->body(1).constData());
        QCOMPARE(m_backend->body(1).mid(m_backend->body(1).indexOf("\r\n") + 2, 2),
                 closeContent(1001));
    }

    void silentBackendTimesOut()
    {
        Configuration configuration = config();
        configuration.responseTimeoutMs = 1000;
        QVERIFY(start(configuration));
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        const QByteArray connectionId = m_backend->at(0).value("Connection-Id");
        client.sendText("anyone?");
        QVERIFY(m_backend->waitCount(2));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(client.waitFrames(1, 4000));
        QVERIFY2(timer.elapsed() >= 700, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(client.frames.first().closeCode(), quint16(1011));
        QVERIFY(client.waitDisconnected());
        QVERIFY(!LogCapture::containing(connectionId).isEmpty());
    }

    void clientDropSendsDisconnect()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.sendText("about to vanish");
        QVERIFY(m_backend->waitCount(2));
        client.socket.abort();
        m_backend->answer(1, eventsResponse({}));
        QCOMPARE(m_backend->waitBody(2), QByteArray("DISCONNECT\r\n"));
        QCOMPARE(m_backend->at(2).values("Connection-Id"),
                 m_backend->at(0).values("Connection-Id"));
        m_backend->answer(2, eventsResponse({}));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        QTest::qWait(100);
        QCOMPARE(m_backend->count(), qsizetype(3));
    }

    void refusedAtOpen_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QByteArray>("startLine");
        QTest::addColumn<QByteArray>("body");

        QTest::addRow("403 with body")
            << QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                          "Content-Length: 14\r\n\r\nnot for you!\r\n")
            << QByteArray("HTTP/1.1 403 Forbidden") << QByteArray("not for you!\r\n");
        QTest::addRow("404 with its own reason")
            << QByteArray("HTTP/1.1 404 No Such Room\r\nContent-Length: 4\r\n\r\ngone")
            << QByteArray("HTTP/1.1 404 No Such Room") << QByteArray("gone");
        QTest::addRow("401 even with an OPEN body")
            << QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Type: "
                          "application/websocket-events\r\nContent-Length: 6\r\n\r\nOPEN\r\n")
            << QByteArray("HTTP/1.1 401 Unauthorized") << QByteArray("OPEN\r\n");
    }

    void refusedAtOpen()
    {
        QFETCH(QByteArray, response);
        QFETCH(QByteArray, startLine);
        QFETCH(QByteArray, body);
        QVERIFY(start());
        WsClient client;
        client.start(m_broker->port, handshake("/ws/chat"));
        QVERIFY(m_backend->waitCount(1));
        m_backend->answer(0, response);
        QVERIFY(client.waitHead());
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.head.startLine, startLine);
        QCOMPARE(client.rest, body);
        QCOMPARE(client.head.value("Content-Length"), QByteArray::number(body.size()));
        QCOMPARE(client.head.count("Sec-WebSocket-Accept"), qsizetype(0));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, client.head.status());
    }

    void openAnswerWithoutOpenRefuses()
    {
        QVERIFY(start());
        WsClient client;
        client.start(m_broker->port, handshake("/ws/chat"));
        QVERIFY(m_backend->waitCount(1));
        m_backend->answer(0, eventsResponse(wsEvent("TEXT", "m:no open"), GripExtension));
        QVERIFY(client.waitHead());
        QVERIFY(client.waitDisconnected());
        QVERIFY2(client.head.status() >= 400, client.head.startLine.constData());
    }

    void backendUnreachable()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const QByteArray deadPort = QByteArray::number(closed.serverPort());
        closed.close();
        QVERIFY(start(config("*,path_beg=/dead 127.0.0.1:" + deadPort + ",over_http\n")));
        WsClient client;
        client.start(m_broker->port, handshake("/dead/socket"));
        QVERIFY(client.waitHead());
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.head.status(), 502);
        QVERIFY2(client.rest.contains(deadPort), client.rest.constData());
        QVERIFY(!LogCapture::containing("127.0.0.1:" + deadPort).isEmpty());
    }

    void backendFailsAfterOpen_data()
    {
        QTest::addColumn<QByteArray>("response"); // empty: the backend hangs up instead
        QTest::addColumn<QByteArray>("logged");

        QTest::addRow("500") << QByteArray("HTTP/1.1 500 Internal Server Error\r\n"
                                           "Content-Length: 5\r\n\r\noops!")
                             << QByteArray("500");
        QTest::addRow("503 with events")
            << eventsResponse(wsEvent("TEXT", "m:x")).replace("200 OK", "503 Service Unavailable")
            << QByteArray("503");
        QTest::addRow("hangs up") << QByteArray() << QByteArray("backend");
        QTest::addRow("closes mid-body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events\r\n"
                          "Content-Length: 100\r\n\r\nTEXT 3\r\nm:x\r\n")
            << QByteArray("mid-response");
    }

    void backendFailsAfterOpen()
    {
        QFETCH(QByteArray, response);
        QFETCH(QByteArray, logged);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"f\"}"))));
        const QByteArray connectionId = m_backend->at(0).value("Connection-Id");
        client.sendText("trigger");
        QVERIFY(m_backend->waitCount(2));
        if (!response.isEmpty())
            m_backend->answer(1, response);
        m_backend->hangUp(1);
        QVERIFY(client.waitFrames(1));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.frames.size(), qsizetype(1));
        QCOMPARE(client.frames.at(0).opcode, quint8(WsOpcode::Close));
        QCOMPARE(client.frames.at(0).closeCode(), quint16(1011));
        // A log line names the connection and what went wrong.
        const QList<QByteArray> lines = LogCapture::containing(connectionId);
        bool found = false;
        for (const QByteArray &line : lines)
            found = found || line.contains(logged);
        QVERIFY2(found, lines.join('\n').constData());
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, 1011);
        QTest::qWait(100);
        QCOMPARE(m_backend->count(), qsizetype(2));
    }

    // A backend that refuses connections after the handshake: the request is tried again with
    // back-off (Pushpin's behaviour) and goes through once the backend is back.
    void unreachableBackendIsRetried()
    {
        Configuration configuration = config();
        configuration.wsRetryBaseMs = 20;
        QVERIFY(start(configuration));
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        const QByteArray connectionId = m_backend->at(0).value("Connection-Id");
        m_backend->stopListening();
        client.sendText("while down");
        QTRY_VERIFY_WITH_TIMEOUT(!LogCapture::containing("retry 2 of 5").isEmpty(), Wait);
        QVERIFY(m_backend->listenAgain());
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "while down"));
        m_backend->answer(1, eventsResponse(wsEvent("TEXT", "m:back")));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(joined(client.described()), QByteArray("text:back"));
        QVERIFY(!LogCapture::containing(connectionId + ": backend 127.0.0.1:").isEmpty());
        // The count starts again for the next failure.
        client.sendText("again");
        QCOMPARE(m_backend->waitBody(2), wsEvent("TEXT", "again"));
        m_backend->answer(2, eventsResponse({}));
        QCOMPARE(m_broker->latestConnection().state, ConnectionInfo::State::Open);
    }

    void backendThatNeverRecoversCloses1011()
    {
        Configuration configuration = config();
        configuration.wsRetryBaseMs = 20;
        configuration.wsRetryMax = 3;
        QVERIFY(start(configuration));
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        m_backend->stopListening();
        client.sendText("nobody home");
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().closeCode(), quint16(1011));
        QVERIFY(client.waitDisconnected());
        QVERIFY(!LogCapture::containing("retry 3 of 3").isEmpty());
        QVERIFY(!LogCapture::containing("(after 3 retries)").isEmpty());
        QVERIFY(LogCapture::containing("retry 4 of").isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, 1011);
        QVERIFY2(closed.closeReason.contains("after 3 retries"), closed.closeReason.constData());
    }

    void malformedEventStream_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("quoted");

        QTest::addRow("content cut short")
            << QByteArray("TEXT 5\r\nhel") << QByteArray("\"TEXT 5\\r\\nhel\"");
        QTest::addRow("unknown type after a good event")
            << QByteArray("TEXT 3\r\nm:a\r\nHELLO\r\n") << QByteArray("HELLO\\r\\n");
        QTest::addRow("no CRLF after content")
            << QByteArray("TEXT 2\r\nhi!!") << QByteArray("TEXT 2");
        QTest::addRow("bad length") << QByteArray("TEXT zz\r\nab\r\n") << QByteArray("TEXT zz");
        QTest::addRow("long junk is quoted bounded") << "JUNK " + QByteArray(5000, 'j') + "\r\n"
                                                     << QByteArray("JUNK jjjj");
    }

    void malformedEventStream()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, quoted);
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        const QByteArray connectionId = m_backend->at(0).value("Connection-Id");
        client.sendText("x");
        QVERIFY(m_backend->waitCount(2));
        m_backend->answer(1, eventsResponse(body));
        QVERIFY(client.waitFrames(1));
        QVERIFY(client.waitDisconnected());
        // Nothing of a malformed answer is delivered, not even its good first event.
        QCOMPARE(client.frames.size(), qsizetype(1));
        QCOMPARE(client.frames.at(0).closeCode(), quint16(1011));
        const QList<QByteArray> lines = LogCapture::containing("malformed event stream");
        QCOMPARE(lines.size(), qsizetype(1));
        QVERIFY2(lines.first().contains(connectionId), lines.first().constData());
        QVERIFY2(lines.first().contains(quoted), lines.first().constData());
        QVERIFY2(lines.first().size() < 400, lines.first().constData());
    }

    void keepAliveIntervalIsClamped()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen({}, "Keep-Alive-Interval: 1\r\n")));
        QCOMPARE(client.head.count("Keep-Alive-Interval"), qsizetype(0));
        // Clamped to at least 20 s: no empty keep-alive request after 1 s.
        QTest::qWait(1600);
        QCOMPARE(m_backend->count(), qsizetype(1));
        client.sendText("still one at a time");
        QCOMPARE(m_backend->waitBody(1), QByteArray("TEXT 13\r\nstill one at a time\r\n"));
    }

    void selfBackendEchoesAndSubscribes()
    {
        QVERIFY(start());
        WsClient client;
        client.start(m_broker->port, handshake("/test/websocket"));
        QVERIFY(client.waitHead());
        QCOMPARE(client.head.startLine, QByteArray("HTTP/1.1 101 Switching Protocols"));
        QCOMPARE(client.head.value("Sec-WebSocket-Accept"), ClientAccept);
        QCOMPARE(client.head.count("Sec-WebSocket-Extensions"), qsizetype(0));
        client.sendText("echo me");
        client.send(masked(WsOpcode::Binary, QByteArray("\x00\xff", 2)));
        QVERIFY(client.waitFrames(2));
        QVERIFY(publish({textItem(QStringLiteral("test"), QStringLiteral("hello"))}));
        QVERIFY(publish({textItem(QStringLiteral("elsewhere"), QStringLiteral("not here"))}));
        QVERIFY(publish({textItem(QStringLiteral("test"), QStringLiteral("world"))}));
        QVERIFY(client.waitFrames(4));
        QCOMPARE(
            joined(client.described()),
            joined((QList<QByteArray>{"text:echo me", "binary:00ff", "text:hello", "text:world"})));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(4), Wait);
        const ConnectionInfo info = m_broker->latestConnection();
        QCOMPARE(info.transport, ConnectionInfo::Transport::WsFanout);
        QCOMPARE(ConnectionInfo::transportName(info.transport), QByteArray("ws-fanout"));
        QCOMPARE(info.channels, QList<QByteArray>{"test"});
        QCOMPARE(info.messagesFromClient, quint64(2));
        QCOMPARE(info.state, ConnectionInfo::State::Open);
        QCOMPARE(m_backend->count(), qsizetype(0));
        client.send(WsFrame::closeFrame(1000, {}, true));
        QVERIFY(client.waitDisconnected());
        QCOMPARE(client.described().last(), QByteArray("close:1000 "));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), qsizetype(1), Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.closeCode, 1000);
        QCOMPARE(closed.messagesToClient, quint64(4));
    }

    void snapshotsReportWsFanout()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"b\"}") +
                                       control("{\"type\":\"subscribe\",\"channel\":\"a\"}") +
                                       wsEvent("TEXT", "m:welcome"))));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), (QList<QByteArray>{"a", "b"}), Wait);
        client.sendText("one");
        QVERIFY(m_backend->waitCount(2));
        client.sendText("two");
        QVERIFY(publish({textItem(QStringLiteral("a"), QStringLiteral("pa"))}));
        QVERIFY(publish({textItem(QStringLiteral("b"), QStringLiteral("pb"))}));
        QVERIFY(client.waitFrames(3));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesFromClient, quint64(2),
                                  Wait);
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(3), Wait);
        const ConnectionInfo info = m_broker->latestConnection();
        QCOMPARE(info.transport, ConnectionInfo::Transport::WsFanout);
        QCOMPARE(info.state, ConnectionInfo::State::Open);
        QCOMPARE(info.origin, "127.0.0.1:" + QByteArray::number(m_backend->port()));
        QCOMPARE(info.path, QByteArray("/ws/chat"));
        QVERIFY(info.bytesToClient > 0);
        QVERIFY(info.bytesFromClient > 0);
    }

    void thousandSubscribersGetEveryPublishInOrder()
    {
        constexpr int Subscribers = 1000;
        constexpr int Publishes = 100;
        constexpr int Batch = 50; // within the listen backlog, so no SYN is retried
        const harness::QuietConnectionLogs quiet;
        QVERIFY(start());
        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<WsClient>> clients;
        clients.reserve(Subscribers);
        const auto opened = [&clients](size_t from) {
            size_t count = 0;
            for (size_t i = from; i < clients.size(); ++i)
                count += clients[i]->headDone ? 1 : 0;
            return count;
        };
        for (int i = 0; i < Subscribers; i += Batch) {
            const size_t from = clients.size();
            for (int j = 0; j < Batch; ++j) {
                clients.push_back(std::make_unique<WsClient>());
                clients.back()->start(m_broker->port, handshake("/test/websocket"));
            }
            QTRY_COMPARE_WITH_TIMEOUT(opened(from), size_t(Batch), 10'000);
        }
        const qint64 openedMs = timer.elapsed();
        for (const auto &client : clients)
            QCOMPARE(client->head.status(), 101);

        QList<QByteArray> expected;
        for (int i = 0; i < Publishes; ++i) {
            const QString content = QStringLiteral("message %1 of 100").arg(i);
            QVERIFY(publish({textItem(QStringLiteral("test"), content)}));
            expected.append("text:" + content.toUtf8());
        }
        const qint64 publishedMs = timer.elapsed();
        const auto complete = [&clients] {
            int count = 0;
            for (const auto &client : clients)
                count += client->frames.size() >= Publishes || client->badFrames ? 1 : 0;
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(complete(), Subscribers, 30'000);
        qInfo("%d WebSocket subscribers in %lld ms; %d publishes sent by %lld ms, all received by "
              "%lld ms",
              Subscribers, openedMs, Publishes, publishedMs, timer.elapsed());
        QTest::qWait(100);
        for (const auto &client : clients) {
            QVERIFY(!client->badFrames);
            QCOMPARE(joined(client->described()), joined(expected));
            QCOMPARE(client->socket.state(), QAbstractSocket::ConnectedState);
        }
    }
};

QTEST_MAIN(TestFanoutWsClose)
#include "tst_fanoutwsclose.moc"
