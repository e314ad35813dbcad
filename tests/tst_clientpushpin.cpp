#include <memory>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "clientengine.h"
#include "interop.h"

// The client engine against Pushpin (Debian's package): WebSocket, HTTP-stream and long-poll go
// to Pushpin's built-in test handler (/ws, /stream and /response on channel "test"); SSE to a
// GRIP backend in this process that holds every request as an event stream on "test".
namespace {

constexpr int RunTimeoutMs = 60'000;

class SseGripBackend : public QTcpServer
{
protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer] {
            buffer->append(socket->readAll());
            qsizetype end = -1;
            while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                buffer->remove(0, end + 4);
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              "Grip-Hold: stream\r\nGrip-Channel: test\r\nContent-Length: "
                              "0\r\n\r\n");
            }
        });
    }
};

} // namespace

class TstClientPushpin : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SseGripBackend m_backend;
    interop::PushpinProcess m_pushpin;

    bool streamAnswers200()
    {
        QTcpSocket socket;
        QByteArray in;
        connect(&socket, &QTcpSocket::readyRead, &socket, [&] { in += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_pushpin.port);
        socket.write("GET /stream?channel=probe HTTP/1.1\r\nHost: probe\r\n\r\n");
        return QTest::qWaitFor([&] { return in.contains("\r\n"); }, 2000) &&
               in.startsWith("HTTP/1.1 200");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_backend.listen(QHostAddress::LocalHost, 0));
        const QByteArray routes =
            "*,path_beg=/sse 127.0.0.1:" + QByteArray::number(m_backend.serverPort()) +
            "\n* test\n";
        QByteArray why;
        if (!m_pushpin.start(m_dir.path(), routes, "holdfast-test", "holdfast-test-key", "/", &why))
            QSKIP(why.constData());
        // Right after start a held request can get a 500 until the handler is connected.
        QVERIFY2(QTest::qWaitFor([this] { return streamAnswers200(); }, 20'000),
                 "Pushpin's /stream never answered 200");
    }

    void cleanupTestCase() { QVERIFY(m_pushpin.stop()); }

    void transports_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("transport");
        QTest::addRow("ws") << QStringLiteral("ws://127.0.0.1:PORT/ws")
                            << int(ClientTransport::WebSocket);
        QTest::addRow("sse") << QStringLiteral("http://127.0.0.1:PORT/sse/events")
                             << int(ClientTransport::Sse);
        QTest::addRow("stream") << QStringLiteral("http://127.0.0.1:PORT/stream")
                                << int(ClientTransport::Stream);
        QTest::addRow("poll") << QStringLiteral("http://127.0.0.1:PORT/response")
                              << int(ClientTransport::Poll);
    }

    void transports()
    {
        QFETCH(QString, url);
        QFETCH(int, transport);
        LoadConfig config;
        config.url = url.replace(QLatin1String("PORT"), QString::number(m_pushpin.port));
        config.transport = ClientTransport(transport);
        config.clients = 20;
        // Pushpin subscribes a held request a moment after it answers the head.
        config.settleMs = 800;
        config.durationMs = 1500;
        config.drainMs = 3000;
        config.publishUrl =
            QStringLiteral("http://127.0.0.1:%1/publish/").arg(m_pushpin.publishPort);
        config.publishRate = 20;
        if (config.transport == ClientTransport::Poll) {
            // Publishes are spaced wider for long-poll. Pushpin still answers these publishes
            // slowly (about 9 in 3 s here), so due ones go out several per request, and a
            // long-poll client takes one message per response: loss is reported, not asserted.
            config.publishRate = 4;
            config.durationMs = 3000;
        }
        ClientEngine engine;
        QSignalSpy finished(&engine, &ClientEngine::finished);
        engine.start(config);
        QVERIFY(finished.count() || finished.wait(RunTimeoutMs));
        const LoadStats stats = finished.first().first().value<LoadStats>();
        QVERIFY2(stats.failed == 0,
                 qPrintable(stats.failures.isEmpty() ? QString() : stats.failures.firstKey()));
        QCOMPARE(stats.everOpen, 20);
        QVERIFY2(stats.publishesAccepted >= 5, qPrintable(QStringLiteral("%1 accepted, %2 sent; %3")
                                                              .arg(stats.publishesAccepted)
                                                              .arg(stats.publishesSent)
                                                              .arg(stats.publishError)));
        QCOMPARE(stats.publishesFailed, quint64(0));
        QCOMPARE(stats.expected, stats.publishesAccepted * 20);
        QCOMPARE(stats.duplicates, quint64(0));
        if (ClientTransport(transport) == ClientTransport::Poll) {
            qInfo("long-poll through Pushpin: %llu of %llu publishes lost across 20 clients",
                  stats.lost, stats.expected);
            // Every client got answers and asked again: more deliveries than clients.
            QVERIFY2(stats.latency.count() > 20,
                     qPrintable(QString::number(stats.latency.count())));
        } else {
            QCOMPARE(stats.lost, quint64(0));
        }
        QVERIFY(stats.latency.count() > 0);
        QVERIFY(stats.latency.percentile(50) < 2'000'000);
    }
};

QTEST_GUILESS_MAIN(TstClientPushpin)
#include "tst_clientpushpin.moc"
