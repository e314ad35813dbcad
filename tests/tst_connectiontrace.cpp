// What the console sees of a watched connection: an in-process broker, real sockets for clients,
// origins and GRIP backends, and the TraceEntry values the snapshots carry once the connection is
// watched (frames both ways, held-stream chunks, the backend's GRIP exchange and plain-words
// warnings about it).
#include <algorithm>
#include <functional>
#include <memory>

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "sockettestutil.h"
#include "testpublisher.h"
#include "ws/wsframe.h"

using namespace sockettest;

namespace {
constexpr int Wait = 5000;

QByteArray upgrade(const QByteArray &path)
{
    return "GET " + path +
           " HTTP/1.1\r\nHost: app.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

QByteArray get(const QByteArray &path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: app.test\r\n\r\n";
}

QByteArray response(const QByteArray &headers, const QByteArray &body = {})
{
    return "HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

QByteArray eventsResponse(const QByteArray &body, const QByteArray &headers = {})
{
    return response("Content-Type: application/websocket-events\r\n" + headers, body);
}
} // namespace

class TestConnectionTrace : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_origin;
    std::unique_ptr<BrokerRunner> m_broker;

    bool start(const QByteArray &routes)
    {
        m_broker = std::make_unique<BrokerRunner>();
        return m_broker->start(BrokerRunner::configFor(routes));
    }

    QByteArray originRoute(const QByteArray &options = {}) const
    {
        return "* 127.0.0.1:" + QByteArray::number(m_origin.serverPort()) + options + "\n";
    }

    std::unique_ptr<QTcpSocket> acceptOrigin()
    {
        if (!m_origin.hasPendingConnections() && !m_origin.waitForNewConnection(Wait))
            return nullptr;
        return std::unique_ptr<QTcpSocket>(m_origin.nextPendingConnection());
    }

    // The id of the one live connection the broker has reported.
    quint64 onlyConnectionId() const
    {
        for (const BrokerSnapshot &snapshot : std::as_const(m_broker->snapshots)) {
            if (!snapshot.opened.isEmpty())
                return snapshot.opened.first().id;
        }
        return 0;
    }

    QList<TraceEntry> trace() const
    {
        QList<TraceEntry> all;
        for (const BrokerSnapshot &snapshot : std::as_const(m_broker->snapshots))
            all += snapshot.trace;
        return all;
    }

    bool hasEntry(TraceEntry::Direction direction, TraceEntry::Kind kind,
                  const QByteArray &bytes) const
    {
        for (const TraceEntry &entry : trace()) {
            if (entry.direction == direction && entry.kind == kind && entry.bytes == bytes)
                return true;
        }
        return false;
    }

    bool hasWarning(const QString &part) const
    {
        for (const TraceEntry &entry : trace()) {
            if (entry.isWarning() && entry.summary.contains(part))
                return true;
        }
        return false;
    }

    bool hasSummary(TraceEntry::Kind kind, const QString &part) const
    {
        for (const TraceEntry &entry : trace()) {
            if (entry.kind == kind && entry.summary.contains(part))
                return true;
        }
        return false;
    }

    bool hasEntryWhere(const std::function<bool(const TraceEntry &)> &matches) const
    {
        const QList<TraceEntry> all = trace();
        return std::any_of(all.cbegin(), all.cend(), matches);
    }

    // A client's GET /events, answered by the backend with backendResponse; null (with a
    // warning) when the exchange does not complete up to the client's response head.
    std::unique_ptr<QTcpSocket> heldClient(const QByteArray &backendResponse)
    {
        auto client = connectTo(m_broker->port);
        if (!client)
            return nullptr;
        writeNow(client.get(), get("/events"));
        const auto backend = acceptOrigin();
        QByteArray atBackend;
        if (!backend || !readHead(backend.get(), &atBackend)) {
            qWarning("the backend got no request");
            return nullptr;
        }
        writeNow(backend.get(), backendResponse);
        QByteArray buffer;
        Message head;
        if (!takeHead(client.get(), &buffer, &head))
            return nullptr;
        return client;
    }

    quint64 latestMessagesToClient() const
    {
        ConnectionInfo info;
        return m_broker->latest(&info) ? info.messagesToClient : 0;
    }

    void dumpTrace() const
    {
        for (const TraceEntry &entry : trace())
            qInfo("%s %s %s", TraceEntry::directionName(entry.direction).constData(),
                  TraceEntry::kindName(entry.kind).constData(), qPrintable(entry.summary));
    }

    quint64 watchOnlyConnection()
    {
        quint64 id = 0;
        [&] { QTRY_VERIFY_WITH_TIMEOUT((id = onlyConnectionId()) != 0, Wait); }();
        if (id)
            m_broker->host.watchConnection(id, true);
        return id;
    }

    bool publish(const QByteArray &json)
    {
        harness::Publisher publisher(m_broker->publishPort);
        return publisher.publish(json);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_origin.listen(QHostAddress::LocalHost, 0)); }

    void cleanup()
    {
        if (m_broker) {
            if (QTest::currentTestFailed())
                dumpTrace();
            QVERIFY(m_broker->stop());
        }
        m_broker.reset();
        while (m_origin.hasPendingConnections())
            delete m_origin.nextPendingConnection();
    }

    void unwatchedConnectionsAreNotTraced()
    {
        QVERIFY(start("*,path_beg=/test/ test\n"));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), get("/test/stream"));
        QByteArray buffer;
        Message head;
        QVERIFY(takeHead(client.get(), &buffer, &head));
        QTRY_VERIFY_WITH_TIMEOUT(onlyConnectionId() != 0, Wait);
        QVERIFY(publish(
            R"({"items":[{"channel":"test","formats":{"http-stream":{"content":"x\n"}}}]})"));
        QVERIFY(readAtLeast(client.get(), &buffer, 1));
        // The snapshot that reports the delivery has arrived, and nothing was traced.
        QTRY_VERIFY_WITH_TIMEOUT(latestMessagesToClient() >= 1, Wait);
        QVERIFY(trace().isEmpty());
    }

    void passthroughFramesBothWaysAfterWatching()
    {
        QVERIFY(start(originRoute()));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), upgrade("/chat"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray atOrigin;
        QVERIFY(readHead(origin.get(), &atOrigin));
        writeNow(origin.get(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                                   WsFrame::acceptKey("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n");
        QByteArray atClient;
        QVERIFY(readHead(client.get(), &atClient));
        // Half a frame before watching starts: the capture must skip its rest, not misread it.
        const QByteArray early = WsFrame::build(WsOpcode::Text, "before-watch", true, true);
        writeNow(client.get(), early.left(8));
        QVERIFY(readAtLeast(origin.get(), &atOrigin, atOrigin.indexOf("\r\n\r\n") + 4 + 8));
        QVERIFY(watchOnlyConnection());
        QTRY_VERIFY_WITH_TIMEOUT(hasSummary(TraceEntry::Kind::Note, QStringLiteral("watching")),
                                 Wait);
        writeNow(client.get(), early.mid(8) + WsFrame::build(WsOpcode::Text, "hello", true, true));
        writeNow(origin.get(), WsFrame::build(WsOpcode::Binary, QByteArray("\x00\x01\xff", 3)));
        QTRY_VERIFY_WITH_TIMEOUT(
            hasEntry(TraceEntry::Direction::FromClient, TraceEntry::Kind::Text, "hello"), Wait);
        QTRY_VERIFY_WITH_TIMEOUT(hasEntry(TraceEntry::Direction::ToClient, TraceEntry::Kind::Binary,
                                          QByteArray("\x00\x01\xff", 3)),
                                 Wait);
        QVERIFY(
            !hasEntry(TraceEntry::Direction::FromClient, TraceEntry::Kind::Text, "before-watch"));
        writeNow(client.get(), WsFrame::closeFrame(4000, "bye", true));
        QTRY_VERIFY_WITH_TIMEOUT(
            hasSummary(TraceEntry::Kind::Close, QStringLiteral("close 4000 \"bye\"")), Wait);
    }

    void largePayloadIsCountedButCut()
    {
        QVERIFY(start("*,path_beg=/test/ test\n"));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), upgrade("/test/websocket"));
        QByteArray buffer;
        Message head;
        QVERIFY(takeHead(client.get(), &buffer, &head));
        QCOMPARE(head.status(), 101);
        QVERIFY(watchOnlyConnection());
        QTRY_VERIFY_WITH_TIMEOUT(hasSummary(TraceEntry::Kind::Note, QStringLiteral("test")), Wait);
        const QByteArray big(TraceEntry::maxBytes * 3, 'z');
        writeNow(client.get(), WsFrame::build(WsOpcode::Text, big, true, true));
        QTRY_VERIFY_WITH_TIMEOUT(hasEntryWhere([&big](const TraceEntry &entry) {
                                     return entry.direction == TraceEntry::Direction::ToClient &&
                                            entry.kind == TraceEntry::Kind::Text &&
                                            entry.size == quint64(big.size()) &&
                                            entry.bytes == big.left(TraceEntry::maxBytes);
                                 }),
                                 Wait);
    }

    void heldStreamShowsItsGripInstructionAndChunks()
    {
        QVERIFY(start(originRoute()));
        const auto client =
            heldClient(response("Content-Type: text/plain\r\nGrip-Hold: stream\r\n"
                                "Grip-Channel: news\r\n"
                                "Grip-Keep-Alive: \\n; format=cstring; timeout=20\r\n",
                                "hello\n"));
        QVERIFY(client);
        QVERIFY(watchOnlyConnection());
        // Watching began after the exchange, which the broker kept for this moment.
        QTRY_VERIFY_WITH_TIMEOUT(
            hasSummary(TraceEntry::Kind::Instruction, QStringLiteral("hold stream on 'news'")),
            Wait);
        QVERIFY(hasSummary(TraceEntry::Kind::Instruction, QStringLiteral("keep-alive after 20 s")));
        QVERIFY(!hasWarning(QString()));
        QVERIFY(publish(
            R"({"items":[{"channel":"news","formats":{"http-stream":{"content":"flash\n"}}}]})"));
        QTRY_VERIFY_WITH_TIMEOUT(hasEntryWhere([](const TraceEntry &entry) {
                                     return entry.direction == TraceEntry::Direction::ToClient &&
                                            entry.kind == TraceEntry::Kind::Body &&
                                            entry.bytes.contains("flash\n");
                                 }),
                                 Wait);
    }

    void holdWithoutChannelIsWarnedAbout()
    {
        QVERIFY(start(originRoute()));
        const auto client = heldClient(response("Grip-Hold: stream\r\n"));
        QVERIFY(client);
        QVERIFY(watchOnlyConnection());
        QTRY_VERIFY_WITH_TIMEOUT(hasWarning(QStringLiteral("Grip-Hold without a Grip-Channel")),
                                 Wait);
        QVERIFY(hasWarning(QStringLiteral("without Grip-Keep-Alive")));
    }

    void badKeepAliveOnALaterRequestIsWarnedAbout()
    {
        QVERIFY(start(originRoute()));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), get("/first"));
        auto backend = acceptOrigin();
        QVERIFY(backend);
        QByteArray atBackend;
        QVERIFY(readHead(backend.get(), &atBackend));
        writeNow(backend.get(), response("Content-Type: text/plain\r\n", "plain"));
        QByteArray buffer;
        Message answer;
        QVERIFY(takeMessage(client.get(), &buffer, &answer));
        QCOMPARE(answer.body, QByteArray("plain"));
        QVERIFY(watchOnlyConnection());
        QTRY_VERIFY_WITH_TIMEOUT(hasSummary(TraceEntry::Kind::Note, QStringLiteral("watching")),
                                 Wait);
        writeNow(client.get(), get("/second"));
        backend = acceptOrigin();
        QVERIFY(backend);
        atBackend.clear();
        QVERIFY(readHead(backend.get(), &atBackend));
        writeNow(backend.get(), response("Grip-Hold: stream\r\nGrip-Channel: a\r\n"
                                         "Grip-Keep-Alive: x; format=nonsense\r\n"));
        QVERIFY(takeMessage(client.get(), &buffer, &answer));
        QCOMPARE(answer.status(), 502);
        QTRY_VERIFY_WITH_TIMEOUT(hasWarning(QStringLiteral("Grip-Keep-Alive")), Wait);
        QVERIFY(hasWarning(QStringLiteral("502")));
        QVERIFY(hasEntry(TraceEntry::Direction::FromClient, TraceEntry::Kind::HttpHead,
                         get("/second").chopped(2)));
    }

    void wsOverHttpEventsAreDecodedAndBadLengthsWarned()
    {
        QVERIFY(start(originRoute(",over_http")));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), upgrade("/ws"));
        auto backend = acceptOrigin();
        QVERIFY(backend);
        QByteArray atBackend;
        QVERIFY(readHead(backend.get(), &atBackend));
        writeNow(
            backend.get(),
            eventsResponse("OPEN\r\nTEXT 27\r\nc:{\"type\":\"subscribe\",\"channel\":\"room\"}\r\n",
                           "Sec-WebSocket-Extensions: grip\r\n"));
        QByteArray buffer;
        Message head;
        QVERIFY(takeHead(client.get(), &buffer, &head));
        QCOMPARE(head.status(), 101);
        QVERIFY(watchOnlyConnection());
        QTRY_VERIFY_WITH_TIMEOUT(hasSummary(TraceEntry::Kind::Note, QStringLiteral("room")), Wait);
        writeNow(client.get(), WsFrame::build(WsOpcode::Text, "hi", true, true));
        backend = acceptOrigin();
        QVERIFY(backend);
        atBackend.clear();
        QVERIFY(readHead(backend.get(), &atBackend));
        QTRY_VERIFY_WITH_TIMEOUT(
            hasSummary(TraceEntry::Kind::Events, QStringLiteral("POST TEXT 2")), Wait);
        QVERIFY(hasEntry(TraceEntry::Direction::FromClient, TraceEntry::Kind::Text, "hi"));
        // The length says five bytes, three follow.
        writeNow(backend.get(), eventsResponse("TEXT 5\r\nabc\r\n"));
        QTRY_VERIFY_WITH_TIMEOUT(hasWarning(QStringLiteral("cannot be read")), Wait);
        QVERIFY(hasWarning(QStringLiteral("hex length")));
        QTRY_VERIFY_WITH_TIMEOUT(hasSummary(TraceEntry::Kind::Close, QStringLiteral("1011")), Wait);
    }

    void unwatchStopsTracing()
    {
        QVERIFY(start("*,path_beg=/test/ test\n"));
        const auto client = connectTo(m_broker->port);
        writeNow(client.get(), upgrade("/test/websocket"));
        QByteArray buffer;
        Message head;
        QVERIFY(takeHead(client.get(), &buffer, &head));
        const quint64 id = watchOnlyConnection();
        QVERIFY(id);
        writeNow(client.get(), WsFrame::build(WsOpcode::Text, "one", true, true));
        QTRY_VERIFY_WITH_TIMEOUT(
            hasEntry(TraceEntry::Direction::ToClient, TraceEntry::Kind::Text, "one"), Wait);
        m_broker->host.watchConnection(id, false);
        // The echo of "two" proves the broker handled it after the unwatch.
        writeNow(client.get(), WsFrame::build(WsOpcode::Text, "two", true, true));
        QVERIFY(readAtLeast(client.get(), &buffer, 2 + 3 + 2 + 3));
        QTRY_VERIFY_WITH_TIMEOUT(latestMessagesToClient() >= 2, Wait);
        QVERIFY(!hasEntry(TraceEntry::Direction::FromClient, TraceEntry::Kind::Text, "two"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionTrace)
#include "tst_connectiontrace.moc"
