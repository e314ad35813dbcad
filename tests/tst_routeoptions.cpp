// What a Pushpin routes file's channel and header options do to real traffic through an
// in-process broker: prefix= on the channels a GRIP backend names (HTTP holds and WebSocket-over-
// HTTP), sub= as implicit subscriptions the backend cannot drop, one_event (one event per
// backend request), orig_headers, an untrusted target refused on loopback, and the proxy-chain
// settings (accept_x_forwarded_protocol, upstream_key). The backend is the hand-answered one of
// common/gripwsbackend.h, for HTTP holds and events alike.
#include <QDateTime>

#include "fanoutwsfixture.h"

using namespace fanoutws;

namespace {
QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: app.test:7676\r\n" + extraHeaders + "\r\n";
}

QByteArray streamHold(const QByteArray &channels)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nGrip-Hold: stream\r\nGrip-Channel: " +
           channels + "\r\nContent-Length: 0\r\n\r\n";
}
} // namespace

class TestRouteOptions : public QObject, private Fixture
{
    Q_OBJECT

private:
    QByteArray backend() const { return "127.0.0.1:" + QByteArray::number(m_backend->port()); }

    // A client held on a stream by the backend's answer (request 0); its head is read.
    bool holdStream(const QByteArray &path, const QByteArray &channels,
                    std::unique_ptr<QTcpSocket> *client, QByteArray *buffer)
    {
        *client = connectTo(m_broker->port);
        if (!*client)
            return false;
        writeNow(client->get(), get(path));
        if (!m_backend->waitCount(1) || !m_backend->answer(0, streamHold(channels)))
            return false;
        // The backend writes from this thread's event loop: wait in it, not on the socket.
        QTcpSocket *socket = client->get();
        if (!QTest::qWaitFor([&] { return (*buffer += socket->readAll()).contains("\r\n\r\n"); },
                             Wait))
            return false;
        const qsizetype end = buffer->indexOf("\r\n\r\n") + 4;
        const bool ok = buffer->startsWith("HTTP/1.1 200 ");
        buffer->remove(0, end);
        return ok;
    }

private slots:
    void initTestCase() { LogCapture::previous = qInstallMessageHandler(LogCapture::handler); }
    void cleanupTestCase() { qInstallMessageHandler(LogCapture::previous); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void prefixAndSubOnAnHttpHold()
    {
        QVERIFY(start(config("*,path_beg=/hold,prefix=app- " + backend() + ",sub=global\n")));
        std::unique_ptr<QTcpSocket> client;
        QByteArray buffer;
        QVERIFY(holdStream("/hold", "news", &client, &buffer));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(),
                                  (QList<QByteArray>{"app-news", "global"}), Wait);
        // The backend's own name without the prefix reaches nobody.
        QVERIFY(publish({streamItem(QStringLiteral("news"), "unprefixed\n")}));
        QVERIFY(publish({streamItem(QStringLiteral("app-news"), "prefixed\n")}));
        QVERIFY(publish({streamItem(QStringLiteral("global"), "implicit\n")}));
        const QByteArray expected = chunk("prefixed\n") + chunk("implicit\n");
        QTRY_COMPARE_WITH_TIMEOUT((buffer += client->readAll()), expected, Wait);
    }

    void prefixAndSubOnWebSocketOverHttp()
    {
        QVERIFY(
            start(config("*,path_beg=/pre,prefix=app- " + backend() + ",over_http,sub=global\n")));
        WsClient client;
        QVERIFY(open(&client, gripOpen(control("{\"type\":\"subscribe\",\"channel\":\"room\"}")),
                     handshake("/pre/chat")));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(),
                                  (QList<QByteArray>{"app-room", "global"}), Wait);
        QVERIFY(publish({textItem(QStringLiteral("room"), QStringLiteral("unprefixed"))}));
        QVERIFY(publish({textItem(QStringLiteral("app-room"), QStringLiteral("prefixed"))}));
        QVERIFY(publish({textItem(QStringLiteral("global"), QStringLiteral("implicit"))}));
        QVERIFY(client.waitFrames(2));

        // The backend may leave its own channels, never the route's implicit one ("global" here
        // is its own name, so "app-global" is what it asks to leave).
        client.sendText("leave");
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "leave"));
        m_backend->answer(
            1, eventsResponse(control("{\"type\":\"unsubscribe\",\"channel\":\"room\"}") +
                              control("{\"type\":\"unsubscribe\",\"channel\":\"global\"}")));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), QList<QByteArray>{"global"}, Wait);
        QVERIFY(publish({textItem(QStringLiteral("app-room"), QStringLiteral("gone"))}));
        QVERIFY(publish({textItem(QStringLiteral("global"), QStringLiteral("still here"))}));
        QVERIFY(client.waitFrames(3));
        QTest::qWait(100);
        QCOMPARE(joined(client.described()),
                 joined((QList<QByteArray>{"text:prefixed", "text:implicit", "text:still here"})));
    }

    void oneEventPerRequest()
    {
        QVERIFY(start(config("*,path_beg=/one " + backend() + ",over_http,one_event\n")));
        WsClient client;
        QVERIFY(open(&client, gripOpen(), handshake("/one/chat")));
        client.sendText("first");
        QCOMPARE(m_backend->waitBody(1), wsEvent("TEXT", "first"));
        // Held while request 1 is unanswered; then each goes alone.
        client.sendText("second");
        client.sendText("third");
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesFromClient, quint64(3),
                                  Wait);
        m_backend->answer(1, eventsResponse({}));
        QCOMPARE(m_backend->waitBody(2), wsEvent("TEXT", "second"));
        m_backend->answer(2, eventsResponse({}));
        QCOMPARE(m_backend->waitBody(3), wsEvent("TEXT", "third"));
        m_backend->answer(3, eventsResponse({}));
    }

    void origHeadersReachTheBackend()
    {
        QVERIFY(start(config("*,path_beg=/orig,orig_headers,header=X-Tenant:route " + backend() +
                             "\n*,path_beg=/plain " + backend() + "\n")));
        for (const QByteArray &path : {QByteArray("/orig"), QByteArray("/plain")}) {
            const auto client = connectTo(m_broker->port);
            QVERIFY(client);
            writeNow(client.get(),
                     get(path, "X-Tenant: client\r\neb9bf0f5-X-Forged: from the client\r\n"));
            const qsizetype index = path == "/orig" ? 0 : 1;
            QVERIFY(m_backend->waitCount(index + 1));
            const Message &request = m_backend->at(index);
            if (path == "/orig") {
                QCOMPARE(request.value("X-Tenant"), QByteArray("route"));
                // Marked after the route's header=, as Pushpin does (tst_pushpindiff compares).
                QCOMPARE(request.value("eb9bf0f5-X-Tenant"), QByteArray("route"));
                QCOMPARE(request.value("eb9bf0f5-Host"), QByteArray("app.test:7676"));
                QCOMPARE(request.value("eb9bf0f5-X-Forged"), QByteArray("from the client"));
            } else {
                // Without the option a client cannot pass a header off as an original.
                QCOMPARE(request.count("eb9bf0f5-X-Forged"), qsizetype(0));
                QCOMPARE(request.count("eb9bf0f5-X-Tenant"), qsizetype(0));
                QCOMPARE(request.value("X-Tenant"), QByteArray("client"));
            }
            m_backend->answer(index, "HTTP/1.1 204 No Content\r\n\r\n");
        }
    }

    // With accept_x_forwarded_protocol a TLS-terminating proxy in front makes ssl= routes match.
    void acceptedForwardedProtoMatchesSslRoutes_data()
    {
        QTest::addColumn<bool>("accept");
        QTest::addRow("accepted") << true;
        QTest::addRow("not accepted: no route") << false;
    }

    void acceptedForwardedProtoMatchesSslRoutes()
    {
        QFETCH(bool, accept);
        Configuration configuration = config("*,ssl=yes,path_beg=/secure/ " + backend() + "\n");
        configuration.acceptXForwardedProto = accept;
        QVERIFY(start(configuration));
        const auto client = connectTo(m_broker->port);
        QVERIFY(client);
        writeNow(client.get(), get("/secure/x", "X-Forwarded-Proto: https\r\n"));
        if (!accept) {
            QByteArray reply;
            QTRY_VERIFY_WITH_TIMEOUT((reply += client->readAll()).contains("no route"), Wait);
            QVERIFY2(reply.startsWith("HTTP/1.1 404 "), reply);
            return;
        }
        QVERIFY(m_backend->waitCount(1));
        QCOMPARE(m_backend->at(0).values("X-Forwarded-Proto"), QList<QByteArray>{"https"});
        m_backend->answer(0, "HTTP/1.1 204 No Content\r\n\r\n");
    }

    // A request signed with upstream_key comes from a GRIP proxy in front: its GRIP headers reach
    // the backend and the backend's instruction goes back to that proxy untouched.
    void upstreamSignedRequestIsRelayed()
    {
        Configuration configuration = config("*,path_beg=/chain/ " + backend() + "\n");
        configuration.upstreamKey = "upstream-key";
        QVERIFY(start(configuration));
        const QByteArray token =
            GripSigner::fromKey("upstream-key", "edge").token(QDateTime::currentSecsSinceEpoch());
        const auto client = connectTo(m_broker->port);
        QVERIFY(client);
        writeNow(client.get(), get("/chain/x", "Grip-Sig: " + token + "\r\n"));
        QVERIFY(m_backend->waitCount(1));
        QCOMPARE(m_backend->at(0).values("Grip-Sig"), QList<QByteArray>{token});
        QCOMPARE(m_backend->at(0).count("Grip-Feature"), qsizetype(0));
        m_backend->answer(0, streamHold("news"));
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT((reply += client->readAll()).contains("\r\n\r\n"), Wait);
        QVERIFY2(reply.contains("\r\nGrip-Hold: stream\r\n"), reply);
        QVERIFY2(reply.contains("\r\nGrip-Channel: news\r\n"), reply);
        QVERIFY(m_broker->latestChannels().isEmpty());
    }

    // Only a trusted GRIP proxy may speak WebSocket-over-HTTP to an over_http backend (Pushpin).
    void clientEventsToAnOverHttpBackendAre403()
    {
        QVERIFY(start());
        const auto client = connectTo(m_broker->port);
        QVERIFY(client);
        writeNow(client.get(), "POST /ws/chat HTTP/1.1\r\nHost: app.test\r\nContent-Type: "
                               "application/websocket-events; charset=utf-8\r\n"
                               "Content-Length: 6\r\n\r\nOPEN\r\n");
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT((reply += client->readAll()).contains("directly"), Wait);
        QVERIFY2(reply.startsWith("HTTP/1.1 403 "), reply);
        QCOMPARE(m_backend->count(), qsizetype(0));
    }

    void untrustedTargetIsRefusedOnLoopback_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addRow("http") << QByteArray("/u/x");
        QTest::addRow("websocket over http") << QByteArray("/u/ws");
    }

    void untrustedTargetIsRefusedOnLoopback()
    {
        QFETCH(QByteArray, path);
        QVERIFY(start(config("*,path_beg=/u/ws " + backend() + ",over_http,untrusted\n" +
                             "*,path_beg=/u/x " + backend() + ",untrusted\n")));
        const auto client = connectTo(m_broker->port);
        QVERIFY(client);
        writeNow(client.get(), path.endsWith("ws") ? handshake(path) : get(path));
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT((reply += client->readAll()).contains("private address"), Wait);
        QVERIFY2(reply.startsWith("HTTP/1.1 502 "), reply);
        QVERIFY2(reply.contains("refused: the target is marked untrusted and 127.0.0.1 is a "
                                "private address"),
                 reply);
        QTest::qWait(100);
        QCOMPARE(m_backend->count(), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestRouteOptions)
#include "tst_routeoptions.moc"
