// Plain HTTP through the broker with curl as the client, the interop peer nobody here wrote:
// downloads framed each way an origin can frame them, and uploads with and without chunks.
#include "httpproxyfixture.h"

using namespace httpproxy;

class TestHttpProxyCurl : public QObject, private Fixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(listenOrigin()); }
    void cleanup() { tearDown(); }

    void curlFetchesThroughTheBroker_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<bool>("originCloses");

        QTest::addRow("Content-Length") << ok("hello via curl", "X-Origin: raw\r\n") << false;
        QTest::addRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nX-Origin: raw\r\n"
                                               "Transfer-Encoding: chunked\r\n\r\n"
                                               "6\r\nhello \r\n8\r\nvia curl\r\n0\r\n\r\n")
                                 << false;
        QTest::addRow("until close")
            << QByteArray("HTTP/1.1 200 OK\r\nX-Origin: raw\r\n\r\nhello via curl") << true;
    }

    void curlFetchesThroughTheBroker()
    {
        QFETCH(QByteArray, response);
        QFETCH(bool, originCloses);
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        QVERIFY(startBroker());
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   curlArguments() << QStringLiteral("-D") << QStringLiteral("-")
                                   << QStringLiteral("-H") << QStringLiteral("X-Test: curl")
                                   << brokerUrl(QStringLiteral("/via/curl?x=1")));
        QVERIFY(curl.waitForStarted(Wait));
        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeMessage(origin.get(), &originBuffer, &atOrigin, Side::Request));
        QCOMPARE(atOrigin.startLine, QByteArray("GET /via/curl?x=1 HTTP/1.1"));
        QVERIFY(atOrigin.value("User-Agent").startsWith("curl/"));
        QCOMPARE(atOrigin.value("X-Test"), QByteArray("curl"));
        QCOMPARE(atOrigin.values("Connection"), QList<QByteArray>{"close"});
        QCOMPARE(atOrigin.value("X-Forwarded-For"), QByteArray("127.0.0.1"));
        writeNow(origin.get(), response);
        if (originCloses)
            origin->disconnectFromHost();
        QVERIFY(curl.waitForFinished(20'000));
        const QByteArray output = curl.readAllStandardOutput();
        QVERIFY2(curl.exitStatus() == QProcess::NormalExit && curl.exitCode() == 0,
                 curl.readAllStandardError().constData());
        QVERIFY2(output.startsWith("HTTP/1.1 200 OK\r\n"), output.constData());
        QVERIFY2(output.contains("\r\nX-Origin: raw\r\n"), output.constData());
        QVERIFY2(output.endsWith("\r\n\r\nhello via curl"), output.constData());
    }

    void curlUploadsThroughTheBroker_data()
    {
        QTest::addColumn<bool>("chunked");

        QTest::addRow("Content-Length") << false;
        QTest::addRow("chunked") << true;
    }

    void curlUploadsThroughTheBroker()
    {
        QFETCH(bool, chunked);
        if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
            QSKIP("curl is not installed");
        QVERIFY(startBroker());
        QTemporaryFile file;
        QVERIFY(file.open());
        const QByteArray data = randomBytes(300 * 1024);
        QCOMPARE(file.write(data), data.size());
        QVERIFY(file.flush());

        QStringList arguments = curlArguments();
        arguments << QStringLiteral("--data-binary") << QLatin1Char('@') + file.fileName()
                  << QStringLiteral("-H")
                  << QStringLiteral("Content-Type: application/octet-stream");
        if (chunked)
            arguments << QStringLiteral("-H") << QStringLiteral("Transfer-Encoding: chunked");
        arguments << brokerUrl(QStringLiteral("/upload"));
        QProcess curl;
        curl.start(QStringLiteral("curl"), arguments);
        QVERIFY(curl.waitForStarted(Wait));

        const auto origin = acceptOrigin();
        QVERIFY(origin);
        QByteArray originBuffer;
        Message atOrigin;
        QVERIFY(takeHead(origin.get(), &originBuffer, &atOrigin));
        QCOMPARE(atOrigin.startLine, QByteArray("POST /upload HTTP/1.1"));
        if (chunked) {
            QCOMPARE(atOrigin.values("Transfer-Encoding"), QList<QByteArray>{"chunked"});
            QCOMPARE(atOrigin.count("Content-Length"), qsizetype(0));
        } else {
            QCOMPARE(atOrigin.values("Content-Length"),
                     QList<QByteArray>{QByteArray::number(data.size())});
        }
        // curl may wait for a 100 before it sends a large body.
        if (atOrigin.value("Expect").compare("100-continue", Qt::CaseInsensitive) == 0)
            writeNow(origin.get(), "HTTP/1.1 100 Continue\r\n\r\n");
        QVERIFY(takeBody(origin.get(), &originBuffer, &atOrigin, Side::Request, false, 20'000));
        QByteArray payload = atOrigin.body;
        if (chunked) {
            payload.clear();
            QCOMPARE(chunkedLength(atOrigin.body, &payload), atOrigin.body.size());
        }
        QCOMPARE(payload.size(), data.size());
        QVERIFY(payload == data);

        const QByteArray reply = "stored " + QByteArray::number(payload.size()) + " bytes";
        writeNow(origin.get(), ok(reply));
        QVERIFY(curl.waitForFinished(20'000));
        QVERIFY2(curl.exitStatus() == QProcess::NormalExit && curl.exitCode() == 0,
                 curl.readAllStandardError().constData());
        QCOMPARE(curl.readAllStandardOutput(), reply);
    }
};

QTEST_GUILESS_MAIN(TestHttpProxyCurl)
#include "tst_httpproxycurl.moc"
