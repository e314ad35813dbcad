// permessage-deflate (RFC 7692) on Fanout WebSockets (WebSocket-over-HTTP) against an in-process
// broker with --ws-compression: the 101 answers the offer, publishes and backend messages reach
// the client compressed (each connection with its own context), compressed client messages reach
// the backend as plain events, a corrupt stream closes 1007 with a log line, a zip bomb 1009.
// Off by default: no extension in the 101 and RSV1 stays a protocol error. Also
// --ws-forward-pings: client pings and pongs become PING/PONG events.
#include "fanoutwsfixture.h"
#include "ws/wsdeflate.h"

using namespace fanoutws;

namespace {
const QByteArray Offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

// The client's side of the codec: WsDeflate compresses with its "server" parameters.
QByteArray clientMessage(WsDeflate *deflate, quint8 opcode, const QByteArray &message)
{
    return WsFrame::buildCompressed(opcode, deflate->compress(message), true, true);
}

// What the client received, inflated with the client's own inflater: "text:hello" as in
// Frame::describe(), "(deflated)" marking the frames that had RSV1.
QList<QByteArray> inflatedFrames(const WsClient &client, WsDeflate *inflater)
{
    QList<QByteArray> out;
    for (const Frame &frame : client.frames) {
        if (!frame.rsv1) {
            out.append(frame.describe());
            continue;
        }
        Frame plain = frame;
        if (inflater->decompress(frame.payload, 1 << 24, &plain.payload) != WsDeflate::Result::Ok)
            plain.payload = "<corrupt>";
        out.append("(deflated)" + plain.describe());
    }
    return out;
}
// LogCapture keeps warnings; a client's bad data is logged at info level, kept here.
QMutex connLinesMutex;
QList<QByteArray> connLines;
void captureAll(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (context.category && qstrcmp(context.category, "holdfast.broker.conn") == 0) {
        QMutexLocker lock(&connLinesMutex);
        connLines.append(text.toUtf8());
    }
    LogCapture::handler(type, context, text);
}
bool logged(const QByteArray &needle)
{
    QMutexLocker lock(&connLinesMutex);
    return std::any_of(connLines.cbegin(), connLines.cend(),
                       [&](const QByteArray &line) { return line.contains(needle); });
}

// The backend's requests from index `first` on, each answered empty, joined until they hold
// `size` bytes: client messages may be split over requests however the timing falls.
QByteArray bodiesUpTo(Backend *backend, qsizetype first, qsizetype size)
{
    QByteArray all;
    for (qsizetype i = first; all.size() < size; ++i) {
        const QByteArray body = backend->waitBody(i);
        if (body.isEmpty())
            break;
        all += body;
        backend->answer(i, eventsResponse({}));
    }
    return all;
}
} // namespace

class TestFanoutWsDeflate : public QObject, private Fixture
{
    Q_OBJECT

private:
    // A broker with --ws-compression and a client on /ws/chat that negotiated it.
    bool startCompressed(WsClient *client)
    {
        Configuration configuration = config();
        configuration.wsCompression = true;
        client->allowRsv1 = true;
        return start(configuration) && open(client, gripOpen(), handshake("/ws/chat", Offer));
    }

private slots:
    void initTestCase() { LogCapture::previous = qInstallMessageHandler(captureAll); }
    void cleanupTestCase() { qInstallMessageHandler(LogCapture::previous); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void offByDefault()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(), handshake("/ws/chat", Offer)));
        QCOMPARE(client.head.count("Sec-WebSocket-Extensions"), qsizetype(0));
        // RSV1 without the extension is still a protocol error.
        WsDeflate deflate(WsDeflateParams{});
        client.send(clientMessage(&deflate, WsOpcode::Text, "hello"));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().opcode, quint8(WsOpcode::Close));
        QCOMPARE(client.frames.first().closeCode(), quint16(1002));
    }

    void negotiatedInThe101_data()
    {
        QTest::addColumn<QByteArray>("offer");
        QTest::addColumn<QByteArray>("answer"); // empty: no extension
        QTest::addRow("plain") << QByteArray("permessage-deflate")
                               << QByteArray("permessage-deflate");
        QTest::addRow("second offer")
            << QByteArray("permessage-deflate; server_max_window_bits=8, permessage-deflate; "
                          "server_no_context_takeover")
            << QByteArray("permessage-deflate; server_no_context_takeover");
        QTest::addRow("bad offer declined")
            << QByteArray("permessage-deflate; bogus") << QByteArray();
        QTest::addRow("malformed header declined")
            << QByteArray("permessage-deflate; x=\"unterminated") << QByteArray();
        QTest::addRow("not offered") << QByteArray("x-other") << QByteArray();
    }

    void negotiatedInThe101()
    {
        QFETCH(QByteArray, offer);
        QFETCH(QByteArray, answer);
        Configuration configuration = config();
        configuration.wsCompression = true;
        QVERIFY(start(configuration));
        WsClient client;
        client.allowRsv1 = true;
        QVERIFY(open(&client, gripOpen(),
                     handshake("/ws/chat", "Sec-WebSocket-Extensions: " + offer + "\r\n")));
        QCOMPARE(client.head.values("Sec-WebSocket-Extensions"),
                 answer.isEmpty() ? QList<QByteArray>{} : QList<QByteArray>{answer});
        // The backend never hears of it: it is offered grip only.
        QCOMPARE(m_backend->at(0).values("Sec-WebSocket-Extensions"), QList<QByteArray>{"grip"});
    }

    // Two subscribers, one compressed and one not: the plain one gets the shared frame, the
    // compressed one frames deflated with its context (the repeat is smaller).
    void publishesArriveCompressed()
    {
        Configuration configuration = config();
        configuration.wsCompression = true;
        QVERIFY(start(configuration));
        WsClient compressed;
        compressed.allowRsv1 = true;
        WsClient plain;
        const QByteArray subscribe = control("{\"type\":\"subscribe\",\"channel\":\"room\"}");
        QVERIFY(open(&compressed, gripOpen(subscribe), handshake("/ws/chat", Offer)));
        QCOMPARE(compressed.head.value("Sec-WebSocket-Extensions"),
                 QByteArray("permessage-deflate"));
        QVERIFY(open(&plain, gripOpen(subscribe), handshake("/ws/chat"), 1));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), QList<QByteArray>{"room"}, Wait);
        const QString long1 =
            QString(QStringLiteral("the same long sentence again and again. ")).repeated(50);
        QVERIFY(publish({textItem(QStringLiteral("room"), long1)}));
        QVERIFY(publish({textItem(QStringLiteral("room"), long1)}));
        QVERIFY(
            publish({wsItem(QStringLiteral("room"),
                            {{QStringLiteral("content-bin"),
                              QString::fromLatin1(QByteArray("\x00\x01\xff", 3).toBase64())}})}));
        QVERIFY(compressed.waitFrames(3));
        QVERIFY(plain.waitFrames(3));
        WsDeflate inflater(WsDeflateParams{});
        const QByteArray longText = long1.toUtf8();
        QCOMPARE(joined(inflatedFrames(compressed, &inflater)),
                 joined({"(deflated)text:" + longText, "(deflated)text:" + longText,
                         "(deflated)binary:0001ff"}));
        QVERIFY(compressed.frames[0].payload.size() < longText.size() / 10);
        QVERIFY2(compressed.frames[1].payload.size() < compressed.frames[0].payload.size(),
                 "context takeover: the repeat refers back to the first");
        QCOMPARE(joined(plain.described()),
                 joined({"text:" + longText, "text:" + longText, "binary:0001ff"}));
        // Backend messages and its ping: data compressed, control frames not.
        compressed.frames.clear();
        compressed.sendText("ask");
        QCOMPARE(m_backend->waitBody(2), wsEvent("TEXT", "ask"));
        m_backend->answer(2, eventsResponse(wsEvent("TEXT", "m:answer") + wsEvent("PING", "p")));
        QVERIFY(compressed.waitFrames(2));
        QCOMPARE(joined(inflatedFrames(compressed, &inflater)),
                 joined({"(deflated)text:answer", "ping:p"}));
    }

    // Compressed client messages (one whole, one in three fragments with a ping between, one
    // relying on the previous message's window) reach the backend as plain events.
    void clientMessagesInflated()
    {
        WsClient client;
        QVERIFY(startCompressed(&client));
        WsDeflate deflate(WsDeflateParams{});
        client.send(clientMessage(&deflate, WsOpcode::Text, "gr\xc3\xbc\xc3\x9f dich"));
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "gr\xc3\xbc\xc3\x9f dich"));
        const QByteArray big = QByteArray("fragmented and compressed ").repeated(400);
        const QByteArray deflated = deflate.compress(big);
        const qsizetype third = deflated.size() / 3;
        client.send(WsFrame::buildCompressed(WsOpcode::Binary, deflated.left(third), false, true) +
                    masked(WsOpcode::Continuation, deflated.mid(third, third), false) +
                    masked(WsOpcode::Ping, "mid") +
                    masked(WsOpcode::Continuation, deflated.mid(2 * third), true));
        client.send(clientMessage(&deflate, WsOpcode::Text, big.left(100)));
        client.send(clientMessage(&deflate, WsOpcode::Text, {}));
        client.send(WsFrame::buildCompressed(WsOpcode::Text, {}, true, true)); // empty payload
        client.send(masked(WsOpcode::Text, "plain too"));
        m_backend->answer(1, eventsResponse({}));
        const QByteArray expected = wsEvent("BINARY", big) + wsEvent("TEXT", big.left(100)) +
                                    wsEvent("TEXT", "") + wsEvent("TEXT", "") +
                                    wsEvent("TEXT", "plain too");
        QCOMPARE(bodiesUpTo(m_backend.get(), 2, expected.size()), expected);
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().describe(), QByteArray("pong:mid"));
    }

    void corruptStreamCloses1007()
    {
        WsClient client;
        QVERIFY(startCompressed(&client));
        client.send(WsFrame::buildCompressed(WsOpcode::Text, QByteArray("\xff\xff\xff\xff", 4),
                                             true, true));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().opcode, quint8(WsOpcode::Close));
        QCOMPARE(client.frames.first().closeCode(), quint16(1007));
        QTRY_VERIFY_WITH_TIMEOUT(logged("invalid permessage-deflate data"), Wait);
        // The backend hears the close, not the garbage.
        QCOMPARE(m_backend->waitBody(1), wsEvent("CLOSE", closeContent(1007)));
    }

    // 64 MiB of zeros in about 64 KiB: far under --max-ws-message compressed, far over it inflated.
    void zipBombCloses1009()
    {
        Configuration configuration = config();
        configuration.wsCompression = true;
        configuration.maxWsMessageBytes = 1 << 20;
        QVERIFY(start(configuration));
        WsClient client;
        client.allowRsv1 = true;
        QVERIFY(open(&client, gripOpen(), handshake("/ws/chat", Offer)));
        WsDeflate deflate(WsDeflateParams{});
        const QByteArray bomb = clientMessage(&deflate, WsOpcode::Binary, QByteArray(64 << 20, 0));
        QVERIFY(bomb.size() < 100'000);
        client.send(bomb);
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().opcode, quint8(WsOpcode::Close));
        QCOMPARE(client.frames.first().closeCode(), quint16(1009));
        QCOMPARE(m_backend->waitBody(1), wsEvent("CLOSE", closeContent(1009)));
    }

    // The built-in test target: echoes compressed, and publishes to "test" come compressed.
    void testTargetCompressed()
    {
        Configuration configuration = config();
        configuration.wsCompression = true;
        QVERIFY(start(configuration));
        WsClient client;
        client.allowRsv1 = true;
        client.start(m_broker->port, handshake("/test/websocket", Offer));
        QVERIFY(client.waitHead());
        QCOMPARE(client.head.status(), 101);
        QCOMPARE(client.head.value("Sec-WebSocket-Extensions"), QByteArray("permessage-deflate"));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), QList<QByteArray>{"test"}, Wait);
        WsDeflate deflate(WsDeflateParams{});
        client.send(clientMessage(&deflate, WsOpcode::Text, "echo me"));
        QVERIFY(client.waitFrames(1));
        QVERIFY(publish({textItem(QStringLiteral("test"), QStringLiteral("published"))}));
        QVERIFY(client.waitFrames(2));
        WsDeflate inflater(WsDeflateParams{});
        QCOMPARE(joined(inflatedFrames(client, &inflater)),
                 joined({"(deflated)text:echo me", "(deflated)text:published"}));
    }

    void pingsAnsweredByDefault()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.send(masked(WsOpcode::Ping, "here?"));
        client.send(masked(WsOpcode::Pong, "unsolicited"));
        client.sendText("after");
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().describe(), QByteArray("pong:here?"));
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "after"));
    }

    // --ws-forward-pings: as Pushpin, the backend gets PING/PONG events and its answer decides.
    void pingsForwarded()
    {
        Configuration configuration = config();
        configuration.wsForwardPings = true;
        QVERIFY(start(configuration));
        WsClient client;
        QVERIFY(open(&client, gripOpen()));
        client.send(masked(WsOpcode::Ping, "here?"));
        client.send(masked(WsOpcode::Pong, "unsolicited"));
        client.send(masked(WsOpcode::Ping, {}));
        client.sendText("after");
        const QByteArray expected = wsEvent("PING", "here?") + wsEvent("PONG", "unsolicited") +
                                    wsEvent("PING") + wsEvent("TEXT", "after");
        // The first may go alone while the rest wait for its answer.
        QByteArray seen = m_backend->waitBody(1);
        m_backend->answer(1, eventsResponse(wsEvent("PONG", "here?")));
        if (seen != expected) {
            seen += m_backend->waitBody(2);
            m_backend->answer(2, eventsResponse({}));
        }
        QCOMPARE(seen, expected);
        QVERIFY(client.waitFrames(1));
        QTest::qWait(50); // nothing else: Holdfast did not answer itself
        QCOMPARE(joined(client.described()), QByteArray("pong:here?"));
    }

    void testTargetAnswersForwardedPings()
    {
        Configuration configuration = config();
        configuration.wsForwardPings = true;
        QVERIFY(start(configuration));
        WsClient client;
        client.start(m_broker->port, handshake("/test/websocket"));
        QVERIFY(client.waitHead());
        QCOMPARE(client.head.status(), 101);
        client.send(masked(WsOpcode::Ping, "t"));
        QVERIFY(client.waitFrames(1));
        QCOMPARE(client.frames.first().describe(), QByteArray("pong:t"));
    }
};

QTEST_MAIN(TestFanoutWsDeflate)
#include "tst_fanoutwsdeflate.moc"
