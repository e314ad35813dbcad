// WebSockets through GRIP (WebSocket-over-HTTP, Pushpin's over_http) against an in-process broker.
// The GRIP backend (tests/common/gripwsbackend.h) is a QTcpServer that sees every POST the broker
// makes and answers it when the test says so; clients are raw QTcpSockets speaking RFC 6455 with
// masked frames, and items go to the publish API over a raw socket. Everything is driven by this
// thread's event loop (QTest::qWaitFor), and every socket appends to its own buffer, so no wait
// consumes bytes.
#include <functional>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "grip/gripsigner.h"
#include "gripsigcheck.h"
#include "gripwsbackend.h"
#include "logcapture.h"
#include "sockettestutil.h"
#include "testpublisher.h"
#include "ws/wsframe.h"
#include "wstestclient.h"

using namespace harness;
using namespace sockettest;

namespace {
constexpr int Wait = 5000;
const QByteArray SigKey = "tst-ws-secret";
const QByteArray SigIssuer = "tst-ws-issuer";
// RFC 6455 §1.3's example key and the accept value it gives.
const QByteArray ClientKey = "dGhlIHNhbXBsZSBub25jZQ==";
const QByteArray ClientAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

QByteArray handshake(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path +
           " HTTP/1.1\r\nHost: app.test:7676\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: " +
           ClientKey + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
}

QByteArray joined(const QList<QByteArray> &list)
{
    return list.join(" | ");
}

} // namespace

class TestFanoutWs : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<BrokerRunner> m_broker;
    std::unique_ptr<Publisher> m_publisher;

    Configuration config(const QByteArray &extraRoutes = {}) const
    {
        Configuration config = BrokerRunner::configFor(
            "*,path_beg=/ws 127.0.0.1:" + QByteArray::number(m_backend->port()) +
            ",over_http\n*,path_beg=/test test\n" + extraRoutes);
        config.sigKey = SigKey;
        config.sigIssuer = SigIssuer;
        config.shutdownGraceMs = 500;
        return config;
    }

    bool start(const Configuration &configuration)
    {
        m_broker = std::make_unique<BrokerRunner>();
        return m_broker->start(configuration) && m_broker->publishPort != 0;
    }

    bool start() { return start(config()); }

    bool publish(const QList<QJsonObject> &list)
    {
        if (!m_publisher)
            m_publisher = std::make_unique<Publisher>(m_broker->publishPort);
        return m_publisher->publish(items(list));
    }

    // The client's handshake goes out, the backend's OPEN request is request `index` and gets
    // openResponse; true when the client then has a 101.
    bool open(WsClient *client, const QByteArray &openResponse,
              const QByteArray &request = handshake("/ws/chat"), qsizetype index = 0)
    {
        client->start(m_broker->port, request);
        if (!m_backend->waitCount(index + 1))
            return false;
        if (m_backend->body(index) != "OPEN\r\n") {
            qWarning("first request body: %s", m_backend->body(index).constData());
            return false;
        }
        m_backend->answer(index, openResponse);
        if (!client->waitHead())
            return false;
        if (client->head.status() != 101)
            qWarning("handshake answered %s: %s", client->head.startLine.constData(),
                     client->rest.constData());
        return client->head.status() == 101;
    }

    ConnectionInfo latest() const
    {
        ConnectionInfo info;
        m_broker->latest(&info);
        return info;
    }

    QList<QByteArray> sortedChannels() const
    {
        QList<QByteArray> channels = latest().channels;
        std::sort(channels.begin(), channels.end());
        return channels;
    }

private slots:
    void initTestCase() { LogCapture::previous = qInstallMessageHandler(LogCapture::handler); }

    void cleanupTestCase() { qInstallMessageHandler(LogCapture::previous); }

    void init()
    {
        LogCapture::clear();
        m_backend = std::make_unique<Backend>();
        QVERIFY(m_backend->listen());
    }

    void cleanup()
    {
        // Whatever the broker asks on its way down (CLOSE events) is answered at once.
        if (m_backend) {
            m_backend->autoAnswer = [](const Message &) { return eventsResponse({}); };
            m_backend->answerPending(eventsResponse({}));
        }
        m_publisher.reset();
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
        m_backend.reset();
    }

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
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesFromClient, quint64(4), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesFromClient, quint64(3), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesToClient, quint64(expected.size()), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(sortedChannels(), (QList<QByteArray>{"other", "room"}), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(sortedChannels(), QList<QByteArray>{"other"}, Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().channels.size(), qsizetype(20), Wait);
        QVERIFY(!latest().channels.contains("c21"));
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().channels, QList<QByteArray>{"pf"}, Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesToClient, quint64(3), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().channels, QList<QByteArray>{"k"}, Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().channels, QList<QByteArray>{"r"}, Wait);
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

    void detachKeepsClientDropsBackend()
    {
        QVERIFY(start());
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"det\"}") +
                                       control("{\"type\":\"detach\"}"))));
        QTRY_COMPARE_WITH_TIMEOUT(latest().channels, QList<QByteArray>{"det"}, Wait);
        client.sendText("nobody listens");
        client.send(masked(WsOpcode::Binary, "nor here"));
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesFromClient, quint64(2), Wait);
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
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesToClient, quint64(4), Wait);
        const ConnectionInfo info = latest();
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
        QTRY_COMPARE_WITH_TIMEOUT(sortedChannels(), (QList<QByteArray>{"a", "b"}), Wait);
        client.sendText("one");
        QVERIFY(m_backend->waitCount(2));
        client.sendText("two");
        QVERIFY(publish({textItem(QStringLiteral("a"), QStringLiteral("pa"))}));
        QVERIFY(publish({textItem(QStringLiteral("b"), QStringLiteral("pb"))}));
        QVERIFY(client.waitFrames(3));
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesFromClient, quint64(2), Wait);
        QTRY_COMPARE_WITH_TIMEOUT(latest().messagesToClient, quint64(3), Wait);
        const ConnectionInfo info = latest();
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
        struct QuietConnections
        {
            QuietConnections()
            {
                QLoggingCategory::setFilterRules(QStringLiteral("holdfast.broker.conn.info=false"));
            }
            ~QuietConnections() { QLoggingCategory::setFilterRules(QString()); }
        } quiet;
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

QTEST_MAIN(TestFanoutWs)
#include "tst_fanoutws.moc"
