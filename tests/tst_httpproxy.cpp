// Plain HTTP through a passthrough route of an in-process broker. The origin is a QTcpServer in
// the test and the client a raw QTcpSocket, so every byte either side sees can be checked. curl
// as the client: tst_httpproxycurl.
#include "httpproxyfixture.h"
#include "proxy/originrequest.h"

using namespace httpproxy;

class TestHttpProxy : public QObject, private Fixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(listenOrigin()); }
    void cleanup() { tearDown(); }

    // A burst of connects (a load ramp, clients reconnecting after a restart) must find room in the
    // accept queue: with Qt's default backlog of 50 the kernel drops the 51st SYN of a burst and
    // that client waits a second for its retransmit. ss(8) reports a listener's backlog as Send-Q.
    void listenersTakeBurstsOfConnections()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("ss")).isEmpty())
            QSKIP("ss (iproute2) is not installed; it is the only way to read a listen backlog");
        QVERIFY(startBroker());
        QFile somaxconn(QStringLiteral("/proc/sys/net/core/somaxconn"));
        QVERIFY(somaxconn.open(QIODevice::ReadOnly));
        const int cap = somaxconn.readAll().trimmed().toInt();
        auto backlogOf = [](quint16 port) {
            QProcess ss;
            ss.start(QStringLiteral("ss"),
                     {QStringLiteral("-ltnH"), QStringLiteral("sport = :%1").arg(port)});
            if (!ss.waitForFinished(5000))
                return -1;
            const QList<QByteArray> fields = ss.readAllStandardOutput().simplified().split(' ');
            return fields.size() > 2 ? fields.at(2).toInt() : -1;
        };
        QCOMPARE(backlogOf(m_broker->port), qMin(4096, cap));
        QCOMPARE(backlogOf(m_broker->publishPort), qMin(1024, cap));
    }

    void forwardsAndRewritesHeaders_data()
    {
        QTest::addColumn<QByteArray>("extraClientHeaders");
        QTest::addColumn<QByteArray>("targetOptions");
        QTest::addColumn<QByteArray>("originHost");
        QTest::addColumn<QByteArray>("forwardedFor");

        QTest::addRow("plain") << QByteArray() << QByteArray() << QByteArray("app.test:7676")
                               << QByteArray("127.0.0.1");
        QTest::addRow("X-Forwarded-For appended")
            << QByteArray("X-Forwarded-For: 10.1.2.3\r\n") << QByteArray()
            << QByteArray("app.test:7676") << QByteArray("10.1.2.3, 127.0.0.1");
        // As Pushpin (set_x_forwarded_protocol=proto-only): a plain request says nothing, and a
        // client's own claim is dropped unless accept_x_forwarded_protocol trusts it.
        QTest::addRow("a client's X-Forwarded-Proto dropped")
            << QByteArray("X-Forwarded-Proto: https\r\n") << QByteArray()
            << QByteArray("app.test:7676") << QByteArray("127.0.0.1");
        QTest::addRow("host= on the target")
            << QByteArray() << QByteArray(",host=origin.internal") << QByteArray("origin.internal")
            << QByteArray("127.0.0.1");
    }

    void forwardsAndRewritesHeaders()
    {
        QFETCH(QByteArray, extraClientHeaders);
        QFETCH(QByteArray, targetOptions);
        QFETCH(QByteArray, originHost);
        QFETCH(QByteArray, forwardedFor);
        QVERIFY(startBroker(targetOptions));
        auto client = connectClient();
        QVERIFY(client);
        const QByteArray request = get(
            "/path/to?q=1&r=%20", "User-Agent: tst_httpproxy\r\nConnection: keep-alive, X-Hop\r\n"
                                  "Keep-Alive: timeout=5\r\nTE: trailers\r\nX-Hop: 1\r\n"
                                  "Proxy-Connection: keep-alive\r\nX-Kept: yes\r\nAccept: */*\r\n" +
                                      extraClientHeaders);
        const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                    "Content-Length: 11\r\nConnection: keep-alive, X-Origin-Hop\r\n"
                                    "Keep-Alive: timeout=30\r\nX-Origin-Hop: gone\r\n"
                                    "X-Origin: kept\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
                                    "hello world";
        writeNow(client.get(), request);
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        const char *seen = atOrigin.head.constData();
        QCOMPARE(atOrigin.startLine, QByteArray("GET /path/to?q=1&r=%20 HTTP/1.1"));
        QCOMPARE(atOrigin.values("Host"), QList<QByteArray>{originHost});
        QCOMPARE(atOrigin.values("Connection"), QList<QByteArray>{"close"});
        QCOMPARE(atOrigin.values("X-Forwarded-For"), QList<QByteArray>{forwardedFor});
        QCOMPARE(atOrigin.count("X-Forwarded-Proto"), qsizetype(0));
        // A GRIP request says which GRIP features Holdfast has.
        QCOMPARE(atOrigin.value("Grip-Feature"), QByteArray(OriginRequest::GripFeatures));
        QCOMPARE(atOrigin.value("X-Kept"), QByteArray("yes"));
        QCOMPARE(atOrigin.value("User-Agent"), QByteArray("tst_httpproxy"));
        QCOMPARE(atOrigin.value("Accept"), QByteArray("*/*"));
        QVERIFY2(atOrigin.count("Keep-Alive") == 0, seen);
        QVERIFY2(atOrigin.count("TE") == 0, seen);
        QVERIFY2(atOrigin.count("X-Hop") == 0, seen);
        QVERIFY2(atOrigin.count("Proxy-Connection") == 0, seen);
        QVERIFY2(!atOrigin.head.toLower().contains("keep-alive"), seen);
        QVERIFY(originBuffer.isEmpty());

        writeNow(origin.get(), response);
        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &atClient, Side::Response));
        const char *got = atClient.head.constData();
        QCOMPARE(atClient.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(atClient.value("Content-Type"), QByteArray("text/plain"));
        QCOMPARE(atClient.values("Content-Length"), QList<QByteArray>{"11"});
        QCOMPARE(atClient.value("X-Origin"), QByteArray("kept"));
        QCOMPARE(atClient.values("Set-Cookie"), (QList<QByteArray>{"a=1", "b=2"}));
        QVERIFY2(atClient.count("Keep-Alive") == 0, got);
        QVERIFY2(atClient.count("X-Origin-Hop") == 0, got);
        // An HTTP/1.1 client keeps the connection without being told.
        QVERIFY2(atClient.count("Connection") == 0, got);
        QCOMPARE(atClient.body, QByteArray("hello world"));
        // The origin connection was for this request only.
        QVERIFY(waitClosed(origin.get()));
        QVERIFY(clientBuffer.isEmpty());
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void keepAliveServesSequentialRequests()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        QSignalSpy disconnected(client.get(), &QTcpSocket::disconnected);
        QByteArray clientBuffer;
        for (int i = 0; i < 3; ++i) {
            const QByteArray n = QByteArray::number(i);
            Message atOrigin;
            Message atClient;
            QVERIFY(roundTrip(client.get(), &clientBuffer, get("/request/" + n),
                              ok("response " + n, "X-Index: " + n + "\r\n"), &atOrigin, &atClient));
            QCOMPARE(atOrigin.startLine, QByteArray("GET /request/" + n + " HTTP/1.1"));
            QCOMPARE(atClient.status(), 200);
            QCOMPARE(atClient.value("X-Index"), n);
            QCOMPARE(atClient.body, QByteArray("response " + n));
            QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        }
        QCOMPARE(disconnected.count(), 0);
        QVERIFY(clientBuffer.isEmpty());
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/one") + get("/two", "Content-Length: 5\r\n", "POST") +
                                   "hello" + get("/three", {}, "HEAD") + get("/four"));
        const QList<QByteArray> lines = {"GET /one HTTP/1.1", "POST /two HTTP/1.1",
                                         "HEAD /three HTTP/1.1", "GET /four HTTP/1.1"};
        const QList<QByteArray> responses = {
            ok("first"), ok("second"),
            "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Head: yes\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfourth\r\n0\r\n\r\n"};
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const auto origin = acceptOrigin();
            QVERIFY(origin);
            QByteArray originBuffer;
            Message atOrigin;
            QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
            QCOMPARE(atOrigin.startLine, lines.at(i));
            if (i == 1)
                QCOMPARE(atOrigin.body, QByteArray("hello"));
            // The next request waits for this response: no second origin connection yet.
            QVERIFY(!m_origin.waitForNewConnection(100));
            writeNow(origin.get(), responses.at(i));
            QVERIFY(waitClosed(origin.get()));
        }
        QByteArray clientBuffer;
        const QList<QByteArray> bodies = {"first", "second", "", "6\r\nfourth\r\n0\r\n\r\n"};
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            Message atClient;
            QVERIFY(takeMessage(client.get(), &clientBuffer, &atClient, Side::Response, i == 2));
            QCOMPARE(atClient.status(), 200);
            QCOMPARE(atClient.body, bodies.at(i));
        }
        // Nothing more: each request got exactly one response.
        client->waitForReadyRead(100);
        clientBuffer += client->readAll();
        QVERIFY2(clientBuffer.isEmpty(), clientBuffer.constData());
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void relaysRequestBodies_data()
    {
        QTest::addColumn<QByteArray>("framing");
        QTest::addColumn<QList<QByteArray>>("pieces");

        QTest::addRow("Content-Length") << QByteArray("Content-Length: 26\r\n")
                                        << QList<QByteArray>{"abcdefghijklm", "nopqrstuvwxyz"};
        const QByteArray binary = randomBytes(70'000);
        QTest::addRow("Content-Length, 70 kB binary")
            << QByteArray("Content-Length: 70000\r\n") << QList<QByteArray>{binary};
        const QByteArray chunked = "5\r\nhello\r\n6;ext=1;q=\"x\"\r\n world\r\n1A\r\n" +
                                   QByteArray("abcdefghijklmnopqrstuvwxyz") +
                                   "\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n";
        QTest::addRow("chunked, extension and trailer")
            << QByteArray("Transfer-Encoding: chunked\r\n")
            << QList<QByteArray>{chunked.left(10), chunked.mid(10, 31), chunked.mid(41)};
        QList<QByteArray> small;
        for (qsizetype i = 0; i < chunked.size(); i += 3)
            small.append(chunked.mid(i, 3));
        QTest::addRow("chunked, three bytes per write")
            << QByteArray("Transfer-Encoding: chunked\r\n") << small;
        QTest::addRow("chunked, empty")
            << QByteArray("Transfer-Encoding: chunked\r\n") << QList<QByteArray>{"0\r\n\r\n"};
        QTest::addRow("chunked, 16 KiB chunks")
            << QByteArray("Transfer-Encoding: chunked\r\n")
            << QList<QByteArray>{"4000\r\n" + randomBytes(0x4000) + "\r\n",
                                 "4000\r\n" + randomBytes(0x4000) + "\r\n0\r\n\r\n"};
    }

    void relaysRequestBodies()
    {
        QFETCH(QByteArray, framing);
        QFETCH(QList<QByteArray>, pieces);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(),
                 get("/upload", "Content-Type: application/octet-stream\r\n" + framing, "POST"));
        QByteArray expected;
        for (const QByteArray &piece : std::as_const(pieces)) {
            writeNow(client.get(), piece);
            expected += piece;
        }
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        QCOMPARE(atOrigin.startLine, QByteArray("POST /upload HTTP/1.1"));
        const qsizetype colon = framing.indexOf(':');
        QCOMPARE(atOrigin.values(framing.left(colon)),
                 QList<QByteArray>{framing.mid(colon + 1).trimmed()});
        QCOMPARE(atOrigin.body.size(), expected.size());
        QVERIFY(atOrigin.body == expected);
        QVERIFY(!origin->waitForReadyRead(50));
        QVERIFY(originBuffer.isEmpty() && origin->bytesAvailable() == 0);

        writeNow(origin.get(), ok("got it"));
        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &atClient, Side::Response));
        QCOMPARE(atClient.status(), 200);
        QCOMPARE(atClient.body, QByteArray("got it"));
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void streamsLargeRequestBody()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        const qsizetype total = 8 * 1024 * 1024;
        const qsizetype slice = 64 * 1024;
        const QByteArray body = randomBytes(total);
        const QByteArray head =
            get("/big", "Content-Length: " + QByteArray::number(total) + "\r\n", "PUT");
        writeNow(client.get(), head);
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeHead(origin.get(), &originBuffer, &atOrigin));
        QCOMPARE(atOrigin.startLine, QByteArray("PUT /big HTTP/1.1"));

        // Hand the body to the client socket one slice at a time; the origin must see the first
        // bytes while most of the body has not even been given to the client socket yet.
        qsizetype handedOver = 0;
        while (originBuffer.isEmpty() && handedOver < total) {
            client->write(body.mid(handedOver, slice));
            handedOver += slice;
            client->waitForBytesWritten(20);
            origin->waitForReadyRead(20);
            originBuffer += origin->readAll();
        }
        QVERIFY2(!originBuffer.isEmpty(),
                 "the origin saw no body bytes before the client finished");
        const qsizetype notYetSent = total - handedOver + client->bytesToWrite();
        QVERIFY2(notYetSent > total / 2,
                 qPrintable(QStringLiteral("the origin saw body bytes only when %1 of %2 bytes "
                                           "were left to send")
                                .arg(notYetSent)
                                .arg(total)));

        QElapsedTimer timer;
        timer.start();
        while (originBuffer.size() < total && timer.elapsed() < 30'000) {
            if (handedOver < total && client->bytesToWrite() < 4 * slice) {
                client->write(body.mid(handedOver, slice));
                handedOver += slice;
            }
            client->waitForBytesWritten(5);
            origin->waitForReadyRead(5);
            originBuffer += origin->readAll();
        }
        QCOMPARE(originBuffer.size(), total);
        QVERIFY(originBuffer == body);

        writeNow(origin.get(), "HTTP/1.1 201 Created\r\nContent-Length: 6\r\n\r\nstored");
        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &atClient, Side::Response));
        QCOMPARE(atClient.status(), 201);
        QCOMPARE(atClient.body, QByteArray("stored"));
    }

    void relaysChunkedResponseAsItArrives()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/stream"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n";
        const QByteArray first = "7;name=first\r\nchunk-1\r\n";
        const QByteArray rest = "8\r\nchunk-22\r\n0\r\nX-Digest: abc\r\nX-Count: 2\r\n\r\n";
        writeNow(origin.get(), head + first);

        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeHead(client.get(), &clientBuffer, &atClient));
        QCOMPARE(atClient.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(atClient.values("Transfer-Encoding"), QList<QByteArray>{"chunked"});
        QCOMPARE(atClient.count("Content-Length"), qsizetype(0));
        // The first chunk arrives while the origin has not finished the response.
        QVERIFY(readAtLeast(client.get(), &clientBuffer, first.size()));
        QCOMPARE(clientBuffer, first);
        QCOMPARE(origin->state(), QAbstractSocket::ConnectedState);

        writeNow(origin.get(), rest);
        QVERIFY(readAtLeast(client.get(), &clientBuffer, first.size() + rest.size()));
        QCOMPARE(clientBuffer, first + rest);
        QVERIFY(waitClosed(origin.get()));

        // Chunked framing ends the response, so the connection is still usable.
        clientBuffer.clear();
        Message second;
        QVERIFY(
            roundTrip(client.get(), &clientBuffer, get("/after"), ok("after"), &atOrigin, &second));
        QCOMPARE(second.body, QByteArray("after"));
    }

    void responseWithoutLengthEndsWithClose_data()
    {
        QTest::addColumn<QByteArray>("head");

        QTest::addRow("HTTP/1.1 without length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                          "Connection: keep-alive\r\n\r\n");
        QTest::addRow("HTTP/1.0 origin") << QByteArray("HTTP/1.0 200 OK\r\nServer: old\r\n\r\n");
        QTest::addRow("coding other than chunked")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    }

    void responseWithoutLengthEndsWithClose()
    {
        QFETCH(QByteArray, head);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/unframed"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        const QByteArray part1 = randomBytes(3000);
        const QByteArray part2 = "the end\r\n\r\n";
        writeNow(origin.get(), head + part1);
        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeHead(client.get(), &clientBuffer, &atClient));
        writeNow(origin.get(), part2);
        origin->disconnectFromHost();
        QVERIFY(takeBody(client.get(), &clientBuffer, &atClient, Side::Response));
        QCOMPARE(atClient.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(atClient.values("Connection"), QList<QByteArray>{"close"});
        QVERIFY(atClient.endedByClose);
        QCOMPARE(atClient.body.size(), part1.size() + part2.size());
        QVERIFY(atClient.body == part1 + part2);
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
    }

    void bodylessResponses_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("response");

        QTest::addRow("HEAD with Content-Length")
            << QByteArray("HEAD")
            << QByteArray(
                   "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Type: text/html\r\n\r\n");
        QTest::addRow("HEAD with chunked")
            << QByteArray("HEAD")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        QTest::addRow("204") << QByteArray("DELETE")
                             << QByteArray("HTTP/1.1 204 No Content\r\nX-Deleted: 1\r\n\r\n");
        QTest::addRow("304 with Content-Length")
            << QByteArray("GET")
            << QByteArray(
                   "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 500\r\n\r\n");
    }

    void bodylessResponses()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, response);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/resource", "If-None-Match: \"v1\"\r\n", method));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        QCOMPARE(atOrigin.startLine, QByteArray(method + " /resource HTTP/1.1"));
        // Only the head: the broker must not wait for a body or for the origin to close.
        writeNow(origin.get(), response);
        QVERIFY(waitClosed(origin.get()));

        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeHead(client.get(), &clientBuffer, &atClient));
        QCOMPARE(atClient.startLine, response.left(response.indexOf("\r\n")));
        Message sent;
        parseHead(response, &sent);
        QCOMPARE(atClient.values("Content-Length"), sent.values("Content-Length"));
        QCOMPARE(atClient.values("Transfer-Encoding"), sent.values("Transfer-Encoding"));
        QVERIFY(clientBuffer.isEmpty());

        Message next;
        QVERIFY(roundTrip(client.get(), &clientBuffer, get("/next"), ok("next"), &atOrigin, &next));
        QCOMPARE(next.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(next.body, QByteArray("next"));
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void relaysInterimResponses()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(),
                 get("/upload", "Expect: 100-continue\r\nContent-Length: 5\r\n", "POST"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeHead(origin.get(), &originBuffer, &atOrigin));
        QCOMPARE(atOrigin.value("Expect"), QByteArray("100-continue"));
        QVERIFY(originBuffer.isEmpty());
        const QByteArray proceed = "HTTP/1.1 100 Continue\r\n\r\n";
        writeNow(origin.get(), proceed);

        // The client sends its body only after it has seen the 100.
        QByteArray clientBuffer;
        Message interim;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &interim, Side::Response));
        QCOMPARE(interim.head, proceed);
        QVERIFY(clientBuffer.isEmpty());
        writeNow(client.get(), "hello");
        QVERIFY(takeBody(origin.get(), &originBuffer, &atOrigin, Side::Request));
        QCOMPARE(atOrigin.body, QByteArray("hello"));

        const QByteArray hints = "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n";
        writeNow(origin.get(), hints + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
        Message early;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &early, Side::Response));
        QCOMPARE(early.head, hints);
        Message finalResponse;
        QVERIFY(takeMessage(client.get(), &clientBuffer, &finalResponse, Side::Response));
        QCOMPARE(finalResponse.startLine, QByteArray("HTTP/1.1 201 Created"));
        QCOMPARE(finalResponse.body, QByteArray("ok"));

        Message next;
        QVERIFY(roundTrip(client.get(), &clientBuffer, get("/next"), ok("next"), &atOrigin, &next));
        QCOMPARE(next.body, QByteArray("next"));
    }

    void connectionPersistence_data()
    {
        QTest::addColumn<QByteArray>("version");
        QTest::addColumn<QByteArray>("connection");
        QTest::addColumn<bool>("keptOpen");
        QTest::addColumn<QByteArray>("responseConnection");

        QTest::addRow("HTTP/1.0") << QByteArray("HTTP/1.0") << QByteArray() << false
                                  << QByteArray("close");
        QTest::addRow("HTTP/1.0 keep-alive")
            << QByteArray("HTTP/1.0") << QByteArray("Connection: keep-alive\r\n") << true
            << QByteArray("keep-alive");
        QTest::addRow("HTTP/1.1 close")
            << QByteArray("HTTP/1.1") << QByteArray("Connection: close\r\n") << false
            << QByteArray("close");
    }

    void connectionPersistence()
    {
        QFETCH(QByteArray, version);
        QFETCH(QByteArray, connection);
        QFETCH(bool, keptOpen);
        QFETCH(QByteArray, responseConnection);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        QByteArray clientBuffer;
        const int rounds = keptOpen ? 2 : 1;
        for (int i = 0; i < rounds; ++i) {
            Message atOrigin;
            Message atClient;
            QVERIFY(roundTrip(client.get(), &clientBuffer, get("/old", connection, "GET", version),
                              ok("old!"), &atOrigin, &atClient));
            QCOMPARE(atOrigin.values("Connection"), QList<QByteArray>{"close"});
            // The origin is asked in the client's version, so it frames what the client reads.
            QVERIFY2(atOrigin.startLine.endsWith(" " + version), atOrigin.startLine.constData());
            QCOMPARE(atClient.status(), 200);
            QCOMPARE(atClient.body, QByteArray("old!"));
            QCOMPARE(atClient.values("Connection"), QList<QByteArray>{responseConnection});
        }
        if (keptOpen) {
            QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
        } else {
            QCOMPARE(readUntilClosed(client.get()), QByteArray());
            QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        }
    }

    void malformedChunkedRequestBodyIs400_data()
    {
        QTest::addColumn<QByteArray>("body");

        QTest::addRow("chunk size not hex") << QByteArray("zz\r\nhello\r\n0\r\n\r\n");
        QTest::addRow("no CRLF after chunk data") << QByteArray("5\r\nhelloXX0\r\n\r\n");
        QTest::addRow("bad size after a good chunk") << QByteArray("5\r\nhello\r\n-3\r\nabc\r\n");
    }

    void malformedChunkedRequestBodyIs400()
    {
        QFETCH(QByteArray, body);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/upload", "Transfer-Encoding: chunked\r\n", "POST") + body);
        const QByteArray response = readUntilClosed(client.get());
        QVERIFY2(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response.constData());
        QVERIFY2(response.contains("malformed request body"), response.constData());
        QVERIFY(response.contains("\r\nConnection: close\r\n"));
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        // The request cannot complete, so the origin connection goes too.
        const auto origin = acceptOrigin();
        if (origin)
            QVERIFY(waitClosed(origin.get()));
    }

    void originClosingMidBodyTruncates_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<bool>("reset");

        const QByteArray lengthHead = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
        QTest::addRow("Content-Length, close") << lengthHead + "0123456789" << false;
        QTest::addRow("Content-Length, reset") << lengthHead + "0123456789" << true;
        QTest::addRow("chunked, close")
            << QByteArray(
                   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n")
            << false;
    }

    void originClosingMidBodyTruncates()
    {
        QFETCH(QByteArray, response);
        QFETCH(bool, reset);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/truncated"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        writeNow(origin.get(), response);
        QByteArray clientBuffer;
        Message atClient;
        QVERIFY(takeHead(client.get(), &clientBuffer, &atClient));
        QVERIFY(readAtLeast(client.get(), &clientBuffer, response.size() - atClient.head.size()));
        if (reset)
            origin->abort();
        else
            origin->disconnectFromHost();
        clientBuffer += readUntilClosed(client.get());
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(clientBuffer, response.mid(atClient.head.size()));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.closeReason, QByteArray("origin closed mid-response"));
    }

    void malformedResponseHeadIs502_data()
    {
        QTest::addColumn<QByteArray>("response");

        QTest::addRow("garbage") << QByteArray("garbage\r\n\r\n");
        QTest::addRow("another protocol") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        QTest::addRow("status not a number") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
        QTest::addRow("header without colon")
            << QByteArray("HTTP/1.1 200 OK\r\nBroken header\r\n\r\n");
        QTest::addRow("conflicting Content-Length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello");
        QTest::addRow("Transfer-Encoding and Content-Length") << QByteArray(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
        QTest::addRow("HTTP/2.0") << QByteArray("HTTP/2.0 200 OK\r\n\r\n");
    }

    void malformedResponseHeadIs502()
    {
        QFETCH(QByteArray, response);
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        writeNow(client.get(), get("/broken"));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        writeNow(origin.get(), response);
        const QByteArray atClient = readUntilClosed(client.get());
        QVERIFY2(atClient.startsWith("HTTP/1.1 502 Bad Gateway\r\n"), atClient.constData());
        QVERIFY2(atClient.contains("malformed response"), atClient.constData());
        QVERIFY(atClient.contains("\r\nConnection: close\r\n"));
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        QVERIFY(waitClosed(origin.get()));
    }

    void idleKeepAliveClosesQuietly()
    {
        QVERIFY(startBroker({}, 300));
        auto client = connectClient();
        QVERIFY(client);
        QByteArray clientBuffer;
        Message atOrigin;
        Message atClient;
        QVERIFY(
            roundTrip(client.get(), &clientBuffer, get("/once"), ok("once"), &atOrigin, &atClient));
        QCOMPARE(atClient.body, QByteArray("once"));
        QElapsedTimer idle;
        idle.start();
        const QByteArray after = readUntilClosed(client.get(), 3000);
        const qint64 elapsed = idle.elapsed();
        QCOMPARE(client->state(), QAbstractSocket::UnconnectedState);
        // Closed without a 408: the client sent nothing it would need an answer for.
        QCOMPARE(after, QByteArray());
        QVERIFY2(elapsed >= 250, qPrintable(QString::number(elapsed)));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.closeCode, 200);
        QCOMPARE(record.closeReason, QByteArray("idle keep-alive connection timed out"));
    }

    void recordsTheHttpConnection()
    {
        QVERIFY(startBroker());
        auto client = connectClient();
        QVERIFY(client);
        QByteArray clientBuffer;
        Message atOrigin;
        Message first;
        Message second;
        const QByteArray request1 = get("/first", "User-Agent: recorder/1\r\n");
        const QByteArray request2 = get("/second", "User-Agent: recorder/2\r\n");
        QVERIFY(roundTrip(client.get(), &clientBuffer, request1, ok("one"), &atOrigin, &first));
        QVERIFY(roundTrip(client.get(), &clientBuffer, request2,
                          "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found", &atOrigin,
                          &second));
        QCOMPARE(second.status(), 404);
        client->disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo record;
        QVERIFY(m_broker->closedRecord(0, &record));
        QCOMPARE(record.transport, ConnectionInfo::Transport::Http);
        QCOMPARE(record.requests, quint64(2));
        QCOMPARE(record.closeCode, 404);
        QCOMPARE(record.path, QByteArray("/second"));
        QCOMPARE(record.userAgent, QByteArray("recorder/2"));
        QCOMPARE(record.closeReason, QByteArray("client closed"));
        QCOMPARE(record.bytesFromClient, quint64(request1.size() + request2.size()));
        QCOMPARE(record.bytesToClient, quint64(first.head.size() + first.body.size() +
                                               second.head.size() + second.body.size()));
        QCOMPARE(record.messagesFromClient, quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestHttpProxy)
#include "tst_httpproxy.moc"
