// WebSocket passthrough through an in-process broker, with a raw origin and a raw client made of
// QTcpSockets, so every byte on both sides can be compared with what was sent.
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "sockettestutil.h"
#include "ws/wsframe.h"
#include "ws/wsframereader.h"

using namespace sockettest;

namespace {
constexpr int Wait = 5000;

QByteArray upgradeRequest(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path +
           " HTTP/1.1\r\nHost: app.test:7676\r\nUpgrade: websocket\r\n"
           "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n"
           "Sec-WebSocket-Extensions: permessage-deflate\r\n" +
           extraHeaders + "\r\n";
}

const QByteArray SwitchingProtocols =
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";

QByteArray masked(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    return WsFrame::build(opcode, payload, fin, true);
}

QByteArray plain(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    return WsFrame::build(opcode, payload, fin, false);
}

struct Tunnel
{
    std::unique_ptr<QTcpSocket> client;
    QTcpSocket *origin = nullptr; // owned by the origin server
    QByteArray originRequest;
    QByteArray clientReceived; // everything after the 101 head
};
} // namespace

class TestPassthrough : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_origin;
    std::unique_ptr<BrokerRunner> m_broker;

    bool startBroker(const QByteArray &routes, int headerTimeoutMs = 10'000,
                     int connectTimeoutMs = 10'000)
    {
        m_broker = std::make_unique<BrokerRunner>();
        Configuration config = BrokerRunner::configFor(routes);
        config.headerTimeoutMs = headerTimeoutMs;
        config.connectTimeoutMs = connectTimeoutMs;
        config.shutdownGraceMs = 1000;
        return m_broker->start(config);
    }

    QByteArray originRoute(const QByteArray &options = {}) const
    {
        return "*" + options + " 127.0.0.1:" + QByteArray::number(m_origin.serverPort()) + "\n";
    }

    std::unique_ptr<QTcpSocket> connectClient() { return connectTo(m_broker->port, Wait); }

    // Client upgrade through the broker; the origin answers with response (+ extra bytes).
    bool openTunnel(Tunnel *tunnel, const QByteArray &path = "/chat",
                    const QByteArray &response = SwitchingProtocols)
    {
        tunnel->client = connectClient();
        if (!tunnel->client)
            return false;
        writeNow(tunnel->client.get(), upgradeRequest(path));
        if (!m_origin.waitForNewConnection(Wait))
            return false;
        tunnel->origin = m_origin.nextPendingConnection();
        if (!readHead(tunnel->origin, &tunnel->originRequest))
            return false;
        writeNow(tunnel->origin, response);
        QByteArray head;
        if (!readHead(tunnel->client.get(), &head))
            return false;
        const qsizetype end = head.indexOf("\r\n\r\n") + 4;
        tunnel->clientReceived = head.mid(end);
        return head.left(end) == response.left(response.indexOf("\r\n\r\n") + 4);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_origin.listen(QHostAddress::LocalHost, 0)); }

    void cleanup()
    {
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
        while (m_origin.hasPendingConnections())
            delete m_origin.nextPendingConnection();
    }

    void relaysBytesUnchanged_data()
    {
        QTest::addColumn<QList<QByteArray>>("fromClient");
        QTest::addColumn<QList<QByteArray>>("fromOrigin");
        QTest::addColumn<int>("clientMessages");
        QTest::addColumn<int>("originMessages");

        QTest::addRow("text") << QList<QByteArray>{masked(WsOpcode::Text, "hello")}
                              << QList<QByteArray>{plain(WsOpcode::Text, "hello back")} << 1 << 1;
        QTest::addRow("binary 64 KiB")
            << QList<QByteArray>{masked(WsOpcode::Binary, randomBytes(65536))}
            << QList<QByteArray>{plain(WsOpcode::Binary, randomBytes(70000))} << 1 << 1;
        QTest::addRow("1 MiB each way")
            << QList<QByteArray>{masked(WsOpcode::Binary, randomBytes(1 << 20))}
            << QList<QByteArray>{plain(WsOpcode::Binary, randomBytes(1 << 20))} << 1 << 1;
        QTest::addRow("fragmented with ping and pong")
            << QList<QByteArray>{masked(WsOpcode::Text, "frag-1 ", false),
                                 masked(WsOpcode::Ping, "are you there"),
                                 masked(WsOpcode::Continuation, "frag-2 ", false),
                                 masked(WsOpcode::Continuation, "frag-3", true)}
            << QList<QByteArray>{plain(WsOpcode::Pong, "are you there"),
                                 plain(WsOpcode::Binary, "a", false),
                                 plain(WsOpcode::Continuation, "b", true)}
            << 1 << 1;
        // RSV1 marks a permessage-deflate frame: the relay must not care what is inside.
        QByteArray compressed = masked(WsOpcode::Text, randomBytes(300));
        compressed[0] = char(quint8(compressed[0]) | 0x40);
        QTest::addRow("compressed frame (RSV1)")
            << QList<QByteArray>{compressed, masked(WsOpcode::Text, "x")} << QList<QByteArray>{}
            << 2 << 0;
        QTest::addRow("many small frames in one write") << QList<QByteArray>{[] {
            QByteArray all;
            for (int i = 0; i < 500; ++i)
                all += masked(WsOpcode::Text, QByteArray::number(i));
            return all;
        }()} << QList<QByteArray>{} << 500 << 0;
    }

    void relaysBytesUnchanged()
    {
        QFETCH(QList<QByteArray>, fromClient);
        QFETCH(QList<QByteArray>, fromOrigin);
        QFETCH(int, clientMessages);
        QFETCH(int, originMessages);
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        // The first origin frame travels in the same segment as the 101 head.
        const QByteArray firstOriginBytes =
            fromOrigin.isEmpty() ? QByteArray() : fromOrigin.takeFirst();
        QVERIFY(openTunnel(&tunnel, "/chat", SwitchingProtocols + firstOriginBytes));

        QByteArray expectedAtOrigin;
        for (const QByteArray &piece : fromClient) {
            writeNow(tunnel.client.get(), piece);
            expectedAtOrigin += piece;
        }
        QByteArray expectedAtClient = firstOriginBytes;
        for (const QByteArray &piece : fromOrigin) {
            writeNow(tunnel.origin, piece);
            expectedAtClient += piece;
        }
        QByteArray atOrigin;
        QVERIFY(readAtLeast(tunnel.origin, &atOrigin, expectedAtOrigin.size()));
        QVERIFY(readAtLeast(tunnel.client.get(), &tunnel.clientReceived, expectedAtClient.size()));
        QCOMPARE(atOrigin.size(), expectedAtOrigin.size());
        QVERIFY(atOrigin == expectedAtOrigin);
        QCOMPARE(tunnel.clientReceived.size(), expectedAtClient.size());
        QVERIFY(tunnel.clientReceived == expectedAtClient);

        writeNow(tunnel.client.get(), WsFrame::closeFrame(1000, "done", true));
        QVERIFY(readAtLeast(tunnel.origin, &atOrigin, expectedAtOrigin.size() + 12));
        writeNow(tunnel.origin, WsFrame::closeFrame(1000, "done", false));
        tunnel.origin->disconnectFromHost();
        QVERIFY(waitClosed(tunnel.client.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.transport, ConnectionInfo::Transport::WebSocketPassthrough);
        QCOMPARE(record.messagesFromClient, quint64(clientMessages));
        QCOMPARE(record.messagesToClient, quint64(originMessages));
        QCOMPARE(record.closeCode, 1000);
        QCOMPARE(record.closeReason, QByteArray("done"));
        QVERIFY(record.bytesFromClient >= quint64(expectedAtOrigin.size()));
        QVERIFY(record.bytesToClient >= quint64(expectedAtClient.size()));
    }

    void rewritesTheUpgradeRequest_data()
    {
        QTest::addColumn<QByteArray>("condition");
        QTest::addColumn<QByteArray>("targetOptions");
        QTest::addColumn<QByteArray>("requestPath");
        QTest::addColumn<QByteArray>("originLine");
        QTest::addColumn<QByteArray>("originHost");

        QTest::addRow("unchanged")
            << QByteArray() << QByteArray() << QByteArray("/chat?room=1")
            << QByteArray("GET /chat?room=1 HTTP/1.1") << QByteArray("app.test:7676");
        QTest::addRow("replace_beg")
            << QByteArray(",path_beg=/api") << QByteArray() << QByteArray("/api/chat?x=1")
            << QByteArray("GET /v2/chat?x=1 HTTP/1.1") << QByteArray("app.test:7676");
        QTest::addRow("host override")
            << QByteArray() << QByteArray(",host=origin.internal") << QByteArray("/chat")
            << QByteArray("GET /chat HTTP/1.1") << QByteArray("origin.internal");
    }

    void rewritesTheUpgradeRequest()
    {
        QFETCH(QByteArray, condition);
        QFETCH(QByteArray, targetOptions);
        QFETCH(QByteArray, requestPath);
        QFETCH(QByteArray, originLine);
        QFETCH(QByteArray, originHost);
        const QByteArray replace = condition.contains("path_beg") ? ",replace_beg=/v2" : "";
        QVERIFY(startBroker("*" + condition + replace + " 127.0.0.1:" +
                            QByteArray::number(m_origin.serverPort()) + targetOptions + "\n"));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel, requestPath));
        const QList<QByteArray> lines = tunnel.originRequest.split('\n');
        QCOMPARE(lines.first().trimmed(), originLine);
        const QByteArray request = tunnel.originRequest;
        QVERIFY2(request.contains("\r\nHost: " + originHost + "\r\n"), request.constData());
        QVERIFY(request.contains("\r\nX-Forwarded-For: 127.0.0.1\r\n"));
        QVERIFY2(!request.contains("X-Forwarded-Proto"), request.constData()); // plain: unsaid
        QVERIFY(request.contains("\r\nSec-WebSocket-Protocol: chat\r\n"));
        QVERIFY(request.contains("\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"));
        QVERIFY(request.contains("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"));
        QVERIFY(request.contains("\r\nConnection: Upgrade\r\n"));
        QVERIFY(request.contains("\r\nUpgrade: websocket\r\n"));
        QVERIFY(!request.contains("keep-alive"));
    }

    void relaysCloseCodes()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        const QByteArray clientClose = WsFrame::closeFrame(4001, "client says bye", true);
        writeNow(tunnel.client.get(), clientClose);
        QByteArray atOrigin;
        QVERIFY(readAtLeast(tunnel.origin, &atOrigin, clientClose.size()));
        QVERIFY(atOrigin == clientClose);
        const QByteArray originClose = WsFrame::closeFrame(4002, "origin agrees", false);
        writeNow(tunnel.origin, originClose);
        QVERIFY(readAtLeast(tunnel.client.get(), &tunnel.clientReceived, originClose.size()));
        QVERIFY(tunnel.clientReceived == originClose);
        tunnel.origin->disconnectFromHost();
        QVERIFY(waitClosed(tunnel.client.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.closeCode, 4001);
        QCOMPARE(record.closeReason, QByteArray("client says bye"));
    }

    void originDropClosesClient()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        writeNow(tunnel.origin, plain(WsOpcode::Text, "last words"));
        tunnel.origin->abort();
        QVERIFY(waitClosed(tunnel.client.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QVERIFY2(record.closeReason.startsWith("origin"), record.closeReason.constData());
    }

    void clientDropClosesOrigin()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        tunnel.client->abort();
        QVERIFY(waitClosed(tunnel.origin));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
    }

    void relaysRefusedUpgrade()
    {
        QVERIFY(startBroker(originRoute()));
        const QByteArray refusal = "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                                   "Content-Length: 20\r\n\r\nnot for you, client\n";
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), upgradeRequest("/chat"));
        QVERIFY(m_origin.waitForNewConnection(Wait));
        QTcpSocket *origin = m_origin.nextPendingConnection();
        QByteArray request;
        QVERIFY(readHead(origin, &request));
        writeNow(origin, refusal);
        const QByteArray response = readUntilClosed(client.get());
        QVERIFY2(response.startsWith("HTTP/1.1 403 Forbidden\r\n"), response.constData());
        QVERIFY(response.endsWith("\r\n\r\nnot for you, client\n"));
        QVERIFY(response.contains("\r\nConnection: close\r\n"));
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
    }

    void answersErrors_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("bodyPart");

        QTest::addRow("malformed request line")
            << QByteArray("GET  /two-spaces HTTP/1.1\r\nHost: a\r\n\r\n") << 400
            << QByteArray("holdfast:");
        QTest::addRow("header without colon")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nBroken header\r\n\r\n") << 400
            << QByteArray("holdfast:");
        QTest::addRow("oversized headers")
            << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(17 * 1024, 'x') +
                          "\r\n\r\n")
            << 431 << QByteArray("holdfast:");
        QTest::addRow("HTTP/2.0 request line")
            << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505 << QByteArray("holdfast:");
        QTest::addRow("no route for the host")
            << QByteArray("GET /x HTTP/1.1\r\nHost: elsewhere.test\r\n\r\n") << 404
            << QByteArray("no route for host 'elsewhere.test'");
    }

    void answersErrors()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QByteArray, bodyPart);
        QVERIFY(
            startBroker("app.test 127.0.0.1:" + QByteArray::number(m_origin.serverPort()) + "\n"));
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), request);
        const QByteArray response = readUntilClosed(client.get());
        QVERIFY2(response.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '),
                 response.constData());
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(response.contains(bodyPart), response.constData());
        QVERIFY(!m_origin.hasPendingConnections());
    }

    void slowHeadersTimeOut()
    {
        QVERIFY(startBroker(originRoute(), 400));
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), "GET / HTTP/1.1\r\nHost: a\r\n");
        QElapsedTimer timer;
        timer.start();
        QByteArray response;
        QVERIFY(readHead(client.get(), &response, 5000));
        QVERIFY2(response.startsWith("HTTP/1.1 408 Request Timeout\r\n"), response.constData());
        QVERIFY(timer.elapsed() >= 300);
        QVERIFY(waitClosed(client.get()));
    }

    void originDownIs502()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QVERIFY(startBroker("*,id=chat 127.0.0.1:" + QByteArray::number(deadPort) + "\n"));
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), upgradeRequest("/chat"));
        const QByteArray response = readUntilClosed(client.get());
        QVERIFY2(response.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), response.constData());
        QVERIFY2(response.contains("route 'chat'"), response.constData());
        QVERIFY2(response.contains("unreachable: Connection refused"), response.constData());
    }

    void failsOverToTheNextTarget()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QVERIFY(startBroker("* 127.0.0.1:" + QByteArray::number(deadPort) +
                            " 127.0.0.1:" + QByteArray::number(m_origin.serverPort()) + "\n"));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
    }

    void connectTimeoutIs504()
    {
        // A listener whose backlog is full leaves further SYNs unanswered, like a dead host.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
        QVERIFY(::listen(fd, 0) == 0);
        socklen_t length = sizeof address;
        QVERIFY(::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0);
        const quint16 port = ntohs(address.sin_port);
        std::vector<std::unique_ptr<QTcpSocket>> fillers;
        for (int i = 0; i < 4; ++i) {
            fillers.push_back(std::make_unique<QTcpSocket>());
            fillers.back()->connectToHost(QHostAddress::LocalHost, port);
        }
        // The first connection fills the queue; the ones after it are left hanging.
        QVERIFY(fillers.front()->waitForConnected(Wait));
        QVERIFY(!fillers.back()->waitForConnected(300));

        QVERIFY(startBroker("* 127.0.0.1:" + QByteArray::number(port) + "\n", 10'000, 600));
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), upgradeRequest("/chat"));
        QByteArray response;
        QVERIFY(readHead(client.get(), &response, 8000));
        ::close(fd);
        QVERIFY2(response.startsWith("HTTP/1.1 504 Gateway Timeout\r\n"), response.constData());
    }

    void maxConnTimeClosesBothSidesWith1001()
    {
        QVERIFY(startBroker(originRoute(",max_conn_time=1")));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        // Half a frame towards the client when the limit strikes: the close must wait for it.
        const QByteArray frame = plain(WsOpcode::Binary, randomBytes(100));
        writeNow(tunnel.origin, frame.left(60));
        QByteArray atOrigin;
        WsFrameReader originSaw;
        QTRY_VERIFY_WITH_TIMEOUT((originSaw.feed(tunnel.origin->readAll()), originSaw.closeSeen()),
                                 4000);
        QCOMPARE(originSaw.closeCode(), quint16(1001));
        QCOMPARE(originSaw.closeReason(), QByteArray("maximum connection time reached"));
        writeNow(tunnel.origin, frame.mid(60));
        WsFrameReader clientSaw;
        clientSaw.feed(tunnel.clientReceived);
        QTRY_VERIFY_WITH_TIMEOUT((clientSaw.feed(tunnel.client->readAll()), clientSaw.closeSeen()),
                                 4000);
        QVERIFY(!clientSaw.hasError());
        QCOMPARE(clientSaw.messages(), quint64(1));
        QCOMPARE(clientSaw.closeCode(), quint16(1001));
        // Both peers answer the close; the broker then closes the TCP connections.
        writeNow(tunnel.client.get(), WsFrame::closeFrame(1001, {}, true));
        writeNow(tunnel.origin, WsFrame::closeFrame(1001, {}, false));
        QVERIFY(waitClosed(tunnel.client.get()));
        QVERIFY(waitClosed(tunnel.origin));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.closeCode, 1001);
        QCOMPARE(record.closeReason, QByteArray("maximum connection time reached"));
    }

    void slowClientBoundsWhatIsQueued()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        tunnel.client->setReadBufferSize(4096); // stop reading: the kernel buffers fill up
        const QByteArray frame = plain(WsOpcode::Binary, randomBytes(1 << 20));
        const int frames = 16;
        for (int i = 0; i < frames; ++i)
            tunnel.origin->write(frame);
        const qint64 highWater = 1024 * 1024;
        // The broker queues up to its high-water mark, then stops reading from the origin, so the
        // origin keeps most of its 16 MiB unsent.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                tunnel.origin->waitForBytesWritten(10);
                ConnectionInfo info;
                return m_broker->latest(&info) && info.queuedToClient >= quint64(highWater / 2);
            }(),
            Wait);
        for (int i = 0; i < 20; ++i)
            tunnel.origin->waitForBytesWritten(10);
        ConnectionInfo info;
        QVERIFY(m_broker->latest(&info));
        QVERIFY2(info.queuedToClient <= quint64(highWater + 64 * 1024),
                 QByteArray::number(info.queuedToClient).constData());
        QVERIFY(tunnel.origin->bytesToWrite() > 4 * highWater);

        // Once the client reads again, every byte arrives, in order.
        tunnel.client->setReadBufferSize(0);
        QByteArray expected;
        for (int i = 0; i < frames; ++i)
            expected += frame;
        QElapsedTimer timer;
        timer.start();
        while (tunnel.clientReceived.size() < expected.size() && timer.elapsed() < 20'000) {
            tunnel.origin->waitForBytesWritten(5);
            tunnel.client->waitForReadyRead(5);
            tunnel.clientReceived += tunnel.client->readAll();
        }
        QCOMPARE(tunnel.clientReceived.size(), expected.size());
        QVERIFY(tunnel.clientReceived == expected);
    }

    void routesReplacedWithoutDroppingConnections()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel before;
        QVERIFY(openTunnel(&before));
        QTcpServer second;
        QVERIFY(second.listen(QHostAddress::LocalHost, 0));
        RoutesParseResult parsed = RoutesFile::parse(
            "* 127.0.0.1:" + QByteArray::number(second.serverPort()) + "\n", "replaced");
        QVERIFY(parsed.ok());
        QSignalSpy applied(&m_broker->host, &BrokerHost::routesApplied);
        m_broker->host.setRoutes(parsed.routes);
        QVERIFY(applied.wait(Wait));

        const QByteArray ping = masked(WsOpcode::Text, "still here");
        writeNow(before.client.get(), ping);
        QByteArray atOrigin;
        QVERIFY(readAtLeast(before.origin, &atOrigin, ping.size()));
        QVERIFY(atOrigin == ping);

        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), upgradeRequest("/new"));
        QVERIFY(second.waitForNewConnection(Wait));
        QVERIFY(!m_origin.hasPendingConnections());
    }

    void stopClosesWebSocketsWith1001()
    {
        QVERIFY(startBroker(originRoute()));
        Tunnel tunnel;
        QVERIFY(openTunnel(&tunnel));
        m_broker->host.stop();
        WsFrameReader clientSaw;
        WsFrameReader originSaw;
        QTRY_VERIFY_WITH_TIMEOUT((clientSaw.feed(tunnel.client->readAll()), clientSaw.closeSeen()),
                                 Wait);
        QTRY_VERIFY_WITH_TIMEOUT((originSaw.feed(tunnel.origin->readAll()), originSaw.closeSeen()),
                                 Wait);
        QCOMPARE(clientSaw.closeCode(), quint16(1001));
        QCOMPARE(originSaw.closeCode(), quint16(1001));
        QCOMPARE(clientSaw.closeReason(), QByteArray("broker shutting down"));
        // Peers that never answer are cut off after the grace period.
        QVERIFY(waitClosed(tunnel.client.get(), 5000));
        QVERIFY(m_broker->stop());
    }
};

QTEST_GUILESS_MAIN(TestPassthrough)
#include "tst_passthrough.moc"
