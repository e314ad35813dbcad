// The publish API of an in-process broker, spoken to over raw QTcpSockets. Subscribers are held
// by the built-in `test` backend (/test/stream on channel "test"), so whether a publish was
// delivered, or not, is seen on a real held connection.
#include <memory>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "sockettestutil.h"

using namespace sockettest;

namespace {
constexpr int Wait = 5000;
constexpr qsizetype MaxBody = 1024 * 1024;

QByteArray post(const QByteArray &body, const QByteArray &extraHeaders = {},
                const QByteArray &path = "/publish/")
{
    return "POST " + path +
           " HTTP/1.1\r\nHost: localhost:5561\r\nContent-Type: application/json\r\n" +
           extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray streamItems(const QByteArray &content, const QByteArray &channel = "test")
{
    return R"({"items":[{"channel":")" + channel + R"(","formats":{"http-stream":{"content":")" +
           content + R"("}}}]})";
}
} // namespace

class TestPublishApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<BrokerRunner> m_broker;

    bool start(const QByteArray &publishKey = {})
    {
        m_broker = std::make_unique<BrokerRunner>();
        Configuration config = BrokerRunner::configFor("* test\n");
        config.publishKey = publishKey;
        config.shutdownGraceMs = 1000;
        return m_broker->start(config) && m_broker->publishPort != 0;
    }

    // One request on a connection of its own.
    Message send(const QByteArray &request) const
    {
        Message answer;
        const auto socket = connectTo(m_broker->publishPort);
        if (!socket)
            return answer;
        writeNow(socket.get(), request);
        QByteArray buffer;
        takeMessage(socket.get(), &buffer, &answer);
        return answer;
    }

    // A client held on /test/stream (channel "test"); *buffer gets what follows the head.
    std::unique_ptr<QTcpSocket> subscribe(QByteArray *buffer) const
    {
        auto client = connectTo(m_broker->port);
        if (!client)
            return nullptr;
        writeNow(client.get(), "GET /test/stream HTTP/1.1\r\nHost: localhost:7676\r\n\r\n");
        if (!readHead(client.get(), buffer))
            return nullptr;
        const QByteArray head = buffer->left(buffer->indexOf("\r\n\r\n") + 4);
        if (!head.startsWith("HTTP/1.1 200") || !head.contains("Transfer-Encoding: chunked")) {
            qWarning("not held: %s", head.constData());
            return nullptr;
        }
        buffer->remove(0, head.size());
        return client;
    }

    // Publishes marker and checks that it is the only thing the subscriber received since
    // *buffer was last emptied: whatever was published before it was not delivered.
    bool onlyMarkerArrives(QTcpSocket *subscriber, QByteArray *buffer)
    {
        const Message answer = send(post(streamItems("marker\\n")));
        if (answer.status() != 200) {
            qWarning("marker publish failed: %s", answer.head.constData());
            return false;
        }
        const QByteArray expected = chunk("marker\n");
        if (!readAtLeast(subscriber, buffer, expected.size()) || *buffer != expected) {
            qWarning("subscriber got %s", buffer->toPercentEncoding("\n").constData());
            return false;
        }
        buffer->clear();
        return true;
    }

private Q_SLOTS:
    void cleanup()
    {
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
    }

    void publishesOnBothPaths_data()
    {
        QTest::addColumn<QByteArray>("path");

        QTest::addRow("/publish/") << QByteArray("/publish/");
        QTest::addRow("/publish") << QByteArray("/publish");
    }

    void publishesOnBothPaths()
    {
        QFETCH(QByteArray, path);
        QVERIFY(start());
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const Message answer = send(post(streamItems("hello\\n"), {}, path));
        QCOMPARE(answer.status(), 200);
        QCOMPARE(answer.value("Content-Type"), QByteArray("text/plain"));
        QCOMPARE(answer.body, QByteArray("Published\n"));
        QVERIFY(readAtLeast(subscriber.get(), &received, chunk("hello\n").size()));
        QCOMPARE(received, chunk("hello\n"));
    }

    void rootAnswers()
    {
        QVERIFY(start());
        const Message answer = send("GET / HTTP/1.1\r\nHost: localhost:5561\r\n\r\n");
        QCOMPARE(answer.status(), 200);
        QVERIFY(!answer.body.isEmpty());
    }

    void metricsUsePushpinNames()
    {
        QVERIFY(start("secret"));
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const Message published =
            send(post(streamItems("counted\\n"), "Authorization: Bearer secret\r\n"));
        QCOMPARE(published.status(), 200);
        QVERIFY(readAtLeast(subscriber.get(), &received, chunk("counted\n").size()));

        // Readable without the publish key, like Pushpin's prometheus_port.
        const Message answer = send("GET /metrics HTTP/1.1\r\nHost: localhost:5561\r\n\r\n");
        QCOMPARE(answer.status(), 200);
        QVERIFY(answer.value("Content-Type").startsWith("text/plain"));
        const QByteArray body = answer.body;
        for (const char *line : {"# TYPE connection_connected gauge\n", "connection_connected 1\n",
                                 "# TYPE connection_minute counter\n", "connection_minute 1\n",
                                 "message_received 1\n", "message_sent 1\n", "request_received 1\n",
                                 "holdfast_connections{transport=\"http-stream\"} 1\n",
                                 "holdfast_connections{transport=\"ws-fanout\"} 0\n"})
            QVERIFY2(body.contains(line),
                     (QByteArray("missing: ") + line + "in\n" + body).constData());
    }

    void otherPathsAre404_data()
    {
        QTest::addColumn<QByteArray>("request");

        QTest::addRow("POST /publish/x") << post(streamItems("x"), {}, "/publish/x");
        QTest::addRow("POST /publishx") << post(streamItems("x"), {}, "/publishx");
        QTest::addRow("POST /") << post(streamItems("x"), {}, "/");
        QTest::addRow("GET /api") << QByteArray("GET /api HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    void otherPathsAre404()
    {
        QFETCH(QByteArray, request);
        QVERIFY(start());
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const Message answer = send(request);
        QCOMPARE(answer.status(), 404);
        QVERIFY2(answer.body.contains("/publish/"), answer.body.constData());
        QVERIFY(onlyMarkerArrives(subscriber.get(), &received));
    }

    void getPublishIs405_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");

        QTest::addRow("GET /publish") << QByteArray("GET") << QByteArray("/publish");
        QTest::addRow("GET /publish/") << QByteArray("GET") << QByteArray("/publish/");
        QTest::addRow("PUT /publish/") << QByteArray("PUT") << QByteArray("/publish/");
    }

    void getPublishIs405()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QVERIFY(start());
        const Message answer =
            send(method + ' ' + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(answer.status(), 405);
        QCOMPARE(answer.values("Allow"), QList<QByteArray>{"POST"});
    }

    void invalidPublishDeliversNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("message");

        const QByteArray valid = R"({"channel":"test","formats":{"http-stream":{"content":"x"}}})";
        const QByteArray big = QByteArray(65537, 'a').toBase64();
        QTest::addRow("bad JSON") << QByteArray(R"({"items":[)" + valid + ",")
                                  << QByteArray("invalid JSON at offset 71: unterminated array");
        QTest::addRow("no items") << QByteArray(R"({"item":[)" + valid + "]}")
                                  << QByteArray(R"(missing "items" array)");
        QTest::addRow("item without channel")
            << QByteArray(R"({"items":[)" + valid + R"(,{"http-stream":{"content":"y"}}]})")
            << QByteArray(R"(items[1]: missing "channel")");
        QTest::addRow("item without format")
            << QByteArray(R"({"items":[)" + valid + R"(,{"channel":"test"}]})")
            << QByteArray(R"(items[1]: no format (expected "http-response", "http-stream" or )"
                          R"("ws-message"))");
        QTest::addRow("bad base64")
            << QByteArray(R"({"items":[)" + valid +
                          R"(,{"channel":"test","http-stream":{"content-bin":"aGk"}}]})")
            << QByteArray("items[1].http-stream.content-bin: invalid base64");
        QTest::addRow("content over 65,536 bytes")
            << QByteArray(R"({"items":[)" + valid +
                          R"(,{"channel":"test","formats":{"http-stream":{"content-bin":")" + big +
                          R"("}}}]})")
            << QByteArray("items[1].formats.http-stream.content-bin: 65537 bytes exceeds the "
                          "65536-byte limit");
        QTest::addRow("unknown action")
            << QByteArray(R"({"items":[)" + valid +
                          R"(,{"channel":"test","http-stream":{"action":"explode"}}]})")
            << QByteArray(R"(items[1].http-stream.action: unknown action "explode" (expected )"
                          R"(send, hint or close))");
    }

    void invalidPublishDeliversNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, message);
        QVERIFY(start());
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const Message answer = send(post(body));
        QCOMPARE(answer.status(), 400);
        QCOMPARE(answer.body, message + '\n');
        QVERIFY(onlyMarkerArrives(subscriber.get(), &received));
    }

    void bodyOver1MiBIs413_data()
    {
        QTest::addColumn<qsizetype>("size");
        QTest::addColumn<int>("status");

        QTest::addRow("exactly 1 MiB") << MaxBody << 200;
        QTest::addRow("1 MiB + 1") << MaxBody + 1 << 413;
    }

    void bodyOver1MiBIs413()
    {
        QFETCH(qsizetype, size);
        QFETCH(int, status);
        QVERIFY(start());
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        // Valid JSON padded with whitespace to the size wanted.
        QByteArray body = streamItems("big\\n");
        body += QByteArray(size - body.size(), ' ');
        const Message answer = send(post(body));
        QCOMPARE(answer.status(), status);
        if (status == 200) {
            QVERIFY(readAtLeast(subscriber.get(), &received, chunk("big\n").size()));
            QCOMPARE(received, chunk("big\n"));
            received.clear();
        }
        QVERIFY(onlyMarkerArrives(subscriber.get(), &received));
    }

    // curl without "Expect: 100-continue" sends the whole body before it reads, as Python's
    // urllib and most scripts do: the 413 must still reach it (not a reset, not a broken pipe).
    void oversizedBodyFromCurlIs413()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl is not installed (Debian: curl; tools/bootstrap.sh test installs it)");
        QVERIFY(start());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString bodyFile = dir.filePath(QStringLiteral("body.json"));
        QFile file(bodyFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray body = streamItems("big\\n");
        body += QByteArray(4 * MaxBody - body.size(), ' ');
        QCOMPARE(file.write(body), body.size());
        file.close();
        for (int round = 0; round < 10; ++round) {
            QProcess process;
            process.start(
                curl, {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                       QStringLiteral("-w"), QStringLiteral("%{http_code}"), QStringLiteral("-H"),
                       QStringLiteral("Expect:"), QStringLiteral("--data-binary"),
                       QLatin1Char('@') + bodyFile,
                       QStringLiteral("http://127.0.0.1:%1/publish/").arg(m_broker->publishPort)});
            QVERIFY(process.waitForFinished(Wait));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            QCOMPARE(process.readAllStandardOutput(), QByteArray("413"));
        }
    }

    void jsonAnswerWhenAsked()
    {
        QVERIFY(start());
        const Message answer = send(post(streamItems("x"), "Accept: application/json\r\n"));
        QCOMPARE(answer.status(), 200);
        QCOMPARE(answer.value("Content-Type"), QByteArray("application/json"));
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(answer.body, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(document.object(),
                 (QJsonObject{{QStringLiteral("message"), QStringLiteral("Published")}}));
    }

    void publishKeyIsRequired_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");

        const QByteArray key = "s3cret-key";
        QTest::addRow("no credentials") << QByteArray() << 401;
        QTest::addRow("wrong Bearer") << QByteArray("Authorization: Bearer nope\r\n") << 401;
        QTest::addRow("wrong Basic password")
            << QByteArray("Authorization: Basic " + QByteArray("user:nope").toBase64() + "\r\n")
            << 401;
        QTest::addRow("key as Basic user")
            << QByteArray("Authorization: Basic " + QByteArray(key + ":").toBase64() + "\r\n")
            << 401;
        QTest::addRow("wrong Fastly-Key") << QByteArray("Fastly-Key: nope\r\n") << 401;
        QTest::addRow("Bearer") << QByteArray("Authorization: Bearer " + key + "\r\n") << 200;
        QTest::addRow("Basic with KEY as password")
            << QByteArray("Authorization: Basic " + QByteArray("anyone:" + key).toBase64() + "\r\n")
            << 200;
        QTest::addRow("Basic, empty user")
            << QByteArray("Authorization: Basic " + QByteArray(":" + key).toBase64() + "\r\n")
            << 200;
        QTest::addRow("Fastly-Key") << QByteArray("Fastly-Key: " + key + "\r\n") << 200;
    }

    void publishKeyIsRequired()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        QVERIFY(start("s3cret-key"));
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const Message answer = send(post(streamItems("secret\\n"), headers));
        QCOMPARE(answer.status(), status);
        if (status == 200) {
            QVERIFY(readAtLeast(subscriber.get(), &received, chunk("secret\n").size()));
            QCOMPARE(received, chunk("secret\n"));
        } else {
            QVERIFY(!subscriber->waitForReadyRead(200));
            QCOMPARE(subscriber->bytesAvailable(), qint64(0));
        }
    }

    void nonLoopbackWithoutKeyIsRefused()
    {
        // Refused before anything is bound, so nothing listens beyond loopback.
        m_broker = std::make_unique<BrokerRunner>();
        Configuration config = BrokerRunner::configFor("* test\n");
        config.publishAddress = QHostAddress(QHostAddress::AnyIPv4);
        QSignalSpy failed(&m_broker->host, &BrokerHost::startFailed);
        QSignalSpy started(&m_broker->host, &BrokerHost::started);
        m_broker->host.start(config);
        QVERIFY(failed.count() || failed.wait(Wait));
        const QString error = failed.first().first().toString();
        QVERIFY2(error.contains(QLatin1String("0.0.0.0")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("publish key")) ||
                     error.contains(QLatin1String("--publish-key")),
                 qPrintable(error));
        QCOMPARE(started.count(), 0);
        QCOMPARE(m_broker->publishPort, quint16(0));
    }

    void keepAliveServesTwoPublishes()
    {
        QVERIFY(start());
        QByteArray received;
        const auto subscriber = subscribe(&received);
        QVERIFY(subscriber);
        const auto publisher = connectTo(m_broker->publishPort);
        QVERIFY(publisher);
        QByteArray buffer;
        Message first;
        writeNow(publisher.get(), post(streamItems("one\\n")));
        QVERIFY(takeMessage(publisher.get(), &buffer, &first));
        QCOMPARE(first.status(), 200);
        QCOMPARE(publisher->state(), QAbstractSocket::ConnectedState);
        Message second;
        writeNow(publisher.get(), post(streamItems("two\\n"), {}, "/publish"));
        QVERIFY(takeMessage(publisher.get(), &buffer, &second));
        QCOMPARE(second.status(), 200);
        QVERIFY(buffer.isEmpty());
        const QByteArray expected = chunk("one\n") + chunk("two\n");
        QVERIFY(readAtLeast(subscriber.get(), &received, expected.size()));
        QCOMPARE(received, expected);
        QCOMPARE(publisher->state(), QAbstractSocket::ConnectedState);
        // Connection: close is honoured.
        Message third;
        writeNow(publisher.get(), post(streamItems("three\\n"), "Connection: close\r\n"));
        QVERIFY(takeMessage(publisher.get(), &buffer, &third));
        QCOMPARE(third.status(), 200);
        QVERIFY(waitClosed(publisher.get()));
    }
};

QTEST_MAIN(TestPublishApi)
#include "tst_publishapi.moc"
