#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "pythonpeer.h"

// python3-websockets 10.4 on both sides of an in-process broker: a second, independent
// WebSocket implementation checks that the relay is byte-exact and keeps the handshake intact.
namespace {

constexpr int PeerTimeoutMs = 30'000;
constexpr int RecordTimeoutMs = 5'000;

const QString OriginScript = QStringLiteral("ws_origin.py");
const QString ClientScript = QStringLiteral("ws_client.py");

// An origin on 127.0.0.1:0 and a broker routing every request to it.
struct Relay
{
    bool start(const QStringList &originArgs = {})
    {
        if (!origin.start(OriginScript, originArgs))
            return false;
        return broker.start(
            BrokerRunner::configFor("* 127.0.0.1:" + QByteArray::number(origin.port()) + "\n"));
    }
    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("ws://127.0.0.1:%1%2").arg(broker.port).arg(path);
    }

    // Declared first so it is destroyed last: the broker stops before its origin goes away.
    PythonPeer origin;
    BrokerRunner broker;
};

qsizetype closedPassthroughCount(const BrokerRunner &broker)
{
    qsizetype count = 0;
    for (const BrokerSnapshot &snapshot : broker.snapshots) {
        for (const ConnectionInfo &info : snapshot.closed)
            count += info.transport == ConnectionInfo::Transport::WebSocketPassthrough ? 1 : 0;
    }
    return count;
}

struct RawReply
{
    QByteArray bytes;
    bool closedByPeer = false;
};

// A hand-written upgrade request, so the test sees the status line and body exactly as sent.
RawReply rawUpgrade(quint16 port, const QByteArray &path, int timeoutMs)
{
    RawReply reply;
    QTcpSocket socket;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { reply.bytes += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(5000))
        return reply;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    reply.closedByPeer = QTest::qWaitFor(
        [&] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    reply.bytes += socket.readAll();
    return reply;
}

} // namespace

class TestPassthroughInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void echoIsByteExact_data();
    void echoIsByteExact();
    void subprotocolIsNegotiatedEndToEnd();
    void permessageDeflate_data();
    void permessageDeflate();
    void clientCloseCodeReachesOrigin();
    void originCloseCodeReachesClient();
    void originKilledEndsClientPromptly();
    void originRejectionIsRelayed();
    void thousandConcurrentConnections();
    void forwardedForAndHost();
};

void TestPassthroughInterop::initTestCase()
{
    if (!PythonPeer::websocketsAvailable())
        QSKIP("/usr/bin/python3 cannot import websockets (apt install python3-websockets)");
}

void TestPassthroughInterop::cleanup()
{
    QLoggingCategory::setFilterRules(QString());
}

void TestPassthroughInterop::echoIsByteExact_data()
{
    QTest::addColumn<bool>("deflate");
    QTest::addRow("permessage-deflate") << true;
    QTest::addRow("uncompressed") << false;
}

void TestPassthroughInterop::echoIsByteExact()
{
    QFETCH(bool, deflate);
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QStringList args = {QStringLiteral("--url"), relay.url(QStringLiteral("/echo")),
                        QStringLiteral("--scenario"), QStringLiteral("echo")};
    if (!deflate)
        args << QStringLiteral("--no-deflate");
    QVERIFY(client.startClient(ClientScript, args));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
    // Every check must be present and true: a scenario cut short must not pass by omission.
    const QJsonObject checks = result.value(QLatin1String("checks")).toObject();
    for (const char *name : {"text", "binary", "text_1mib", "binary_1mib", "fragmented", "ping"})
        QVERIFY2(checks.value(QLatin1String(name)).toBool(), name);
    QCOMPARE(result.value(QLatin1String("close_code")).toInt(), 1000);

    QByteArray open;
    QVERIFY(relay.origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    QCOMPARE(PythonPeer::fields(open).value("path"), QByteArray("/echo"));

    QTRY_COMPARE_WITH_TIMEOUT(relay.broker.closedCount(), 1, RecordTimeoutMs);
    ConnectionInfo info;
    QVERIFY(relay.broker.closedRecord(0, &info));
    QCOMPARE(info.transport, ConnectionInfo::Transport::WebSocketPassthrough);
    QCOMPARE(info.state, ConnectionInfo::State::Closed);
    QCOMPARE(info.path, QByteArray("/echo"));
    QCOMPARE(info.closeCode, 1000);
    // text, binary, two of 1 MiB and one fragmented message (counted once), each way.
    QCOMPARE(info.messagesFromClient, quint64(5));
    QCOMPARE(info.messagesToClient, quint64(5));
    if (!deflate) {
        QVERIFY2(info.bytesFromClient > 2u * 1024 * 1024, QByteArray::number(info.bytesFromClient));
        QVERIFY2(info.bytesToClient > 2u * 1024 * 1024, QByteArray::number(info.bytesToClient));
    }
}

void TestPassthroughInterop::subprotocolIsNegotiatedEndToEnd()
{
    Relay relay;
    QVERIFY(relay.start({QStringLiteral("--subprotocols"), QStringLiteral("chat,superchat")}));

    PythonPeer client;
    QVERIFY(client.startClient(ClientScript,
                               {QStringLiteral("--url"), relay.url(), QStringLiteral("--scenario"),
                                QStringLiteral("close"), QStringLiteral("--subprotocol"),
                                QStringLiteral("superchat")}));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
    QCOMPARE(result.value(QLatin1String("subprotocol")).toString(), QStringLiteral("superchat"));

    QByteArray open;
    QVERIFY(relay.origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    QCOMPARE(PythonPeer::fields(open).value("subprotocol"), QByteArray("superchat"));
}

void TestPassthroughInterop::permessageDeflate_data()
{
    QTest::addColumn<bool>("clientOffersDeflate");
    QTest::addRow("offered") << true;
    QTest::addRow("client --no-deflate") << false;
}

void TestPassthroughInterop::permessageDeflate()
{
    QFETCH(bool, clientOffersDeflate);
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QStringList args = {QStringLiteral("--url"), relay.url(), QStringLiteral("--scenario"),
                        QStringLiteral("close")};
    if (!clientOffersDeflate)
        args << QStringLiteral("--no-deflate");
    QVERIFY(client.startClient(ClientScript, args));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
    const QJsonValue clientExtensions = result.value(QLatin1String("extensions"));

    QByteArray open;
    QVERIFY(relay.origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    const QByteArray originExtensions = PythonPeer::fields(open).value("extensions");

    if (clientOffersDeflate) {
        QVERIFY2(clientExtensions.toString().contains(QLatin1String("permessage-deflate")),
                 describe(result));
        QVERIFY2(originExtensions.contains("permessage-deflate"), open);
    } else {
        QVERIFY2(clientExtensions.isNull(), describe(result));
        QCOMPARE(originExtensions, QByteArray("-"));
    }
}

void TestPassthroughInterop::clientCloseCodeReachesOrigin()
{
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QVERIFY(client.startClient(ClientScript, {QStringLiteral("--url"), relay.url(),
                                              QStringLiteral("--scenario"), QStringLiteral("close"),
                                              QStringLiteral("--code"), QStringLiteral("4001")}));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    // ok means the origin's answering close frame came back through the broker with 4001.
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));

    QByteArray closed;
    QVERIFY(relay.origin.waitForLine("CLOSED ", PeerTimeoutMs, &closed));
    const auto fields = PythonPeer::fields(closed);
    QCOMPARE(fields.value("code"), QByteArray("4001"));
    QCOMPARE(fields.value("reason"), QByteArray("client-close"));

    QTRY_COMPARE_WITH_TIMEOUT(relay.broker.closedCount(), 1, RecordTimeoutMs);
    ConnectionInfo info;
    QVERIFY(relay.broker.closedRecord(0, &info));
    QCOMPARE(info.transport, ConnectionInfo::Transport::WebSocketPassthrough);
    QCOMPARE(info.closeCode, 4001);
}

void TestPassthroughInterop::originCloseCodeReachesClient()
{
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QVERIFY(client.startClient(ClientScript,
                               {QStringLiteral("--url"), relay.url(), QStringLiteral("--scenario"),
                                QStringLiteral("origin-close"), QStringLiteral("--code"),
                                QStringLiteral("4002")}));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
    QCOMPARE(result.value(QLatin1String("close_code")).toInt(), 4002);
    QCOMPARE(result.value(QLatin1String("close_reason")).toString(),
             QStringLiteral("origin-close"));

    QByteArray closed;
    QVERIFY(relay.origin.waitForLine("CLOSED ", PeerTimeoutMs, &closed));
    QCOMPARE(PythonPeer::fields(closed).value("code"), QByteArray("4002"));

    QTRY_COMPARE_WITH_TIMEOUT(relay.broker.closedCount(), 1, RecordTimeoutMs);
    ConnectionInfo info;
    QVERIFY(relay.broker.closedRecord(0, &info));
    QCOMPARE(info.closeCode, 4002);
}

void TestPassthroughInterop::originKilledEndsClientPromptly()
{
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QVERIFY(client.startClient(ClientScript,
                               {QStringLiteral("--url"), relay.url(), QStringLiteral("--scenario"),
                                QStringLiteral("wait-close"), QStringLiteral("--timeout"),
                                QStringLiteral("30")}));
    QVERIFY2(client.waitForLine("CONNECTED", PeerTimeoutMs), describe(client));
    QVERIFY(relay.origin.waitForLine("OPEN ", PeerTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!relay.broker.snapshots.isEmpty(), RecordTimeoutMs);
    QCOMPARE(relay.broker.closedCount(), 0);

    QElapsedTimer sinceKill;
    sinceKill.start();
    relay.origin.kill();
    // The client waits up to 30 s; an end within 5 s means the broker passed the loss on.
    QVERIFY2(client.waitForFinished(5000), describe(client));
    qInfo("client saw the end %lld ms after the origin was killed", sinceKill.elapsed());
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));

    QTRY_COMPARE_WITH_TIMEOUT(relay.broker.closedCount(), 1, RecordTimeoutMs);
    ConnectionInfo info;
    QVERIFY(relay.broker.closedRecord(0, &info));
    QCOMPARE(info.transport, ConnectionInfo::Transport::WebSocketPassthrough);
    QCOMPARE(info.state, ConnectionInfo::State::Closed);
    QVERIFY(info.endedUtc.isValid());
}

void TestPassthroughInterop::originRejectionIsRelayed()
{
    Relay relay;
    QVERIFY(relay.start({QStringLiteral("--status"), QStringLiteral("403")}));

    PythonPeer client;
    QVERIFY(client.startClient(ClientScript,
                               {QStringLiteral("--url"), relay.url(QStringLiteral("/denied")),
                                QStringLiteral("--scenario"), QStringLiteral("status"),
                                QStringLiteral("--expect-status"), QStringLiteral("403")}));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
    QCOMPARE(result.value(QLatin1String("status")).toInt(), 403);

    QByteArray rejected;
    QVERIFY(relay.origin.waitForLine("REJECTED ", PeerTimeoutMs, &rejected));
    QCOMPARE(PythonPeer::fields(rejected).value("path"), QByteArray("/denied"));

    // The origin's body is relayed too, and then the broker closes the connection.
    const RawReply raw = rawUpgrade(relay.broker.port, "/denied", PeerTimeoutMs);
    QVERIFY2(raw.closedByPeer, raw.bytes);
    QVERIFY2(raw.bytes.startsWith("HTTP/1.1 403 "), raw.bytes);
    QVERIFY2(raw.bytes.contains("\r\n\r\norigin says 403\n"), raw.bytes);
}

void TestPassthroughInterop::thousandConcurrentConnections()
{
    // 3,000 connection log lines would bury the test output.
    QLoggingCategory::setFilterRules(QStringLiteral("holdfast.broker.conn.info=false"));
    Relay relay;
    QVERIFY(relay.start());

    constexpr int Clients = 1000;
    constexpr int Messages = 10;
    QElapsedTimer timer;
    timer.start();
    PythonPeer client;
    QVERIFY(client.startClient(
        ClientScript,
        {QStringLiteral("--url"), relay.url(), QStringLiteral("--scenario"), QStringLiteral("load"),
         QStringLiteral("--clients"), QString::number(Clients), QStringLiteral("--messages"),
         QString::number(Messages), QStringLiteral("--timeout"), QStringLiteral("150")}));
    QVERIFY2(client.waitForFinished(170'000), describe(client));
    const QJsonObject result = client.finalJson();
    qInfo("load scenario took %lld ms: %s", timer.elapsed(), describe(result).constData());
    QCOMPARE(result.value(QLatin1String("connected")).toInt(), Clients);
    QCOMPARE(result.value(QLatin1String("errors")).toInt(), 0);
    QCOMPARE(result.value(QLatin1String("echoed")).toInt(), Clients * Messages);
    QVERIFY(result.value(QLatin1String("ok")).toBool());

    QTRY_COMPARE_WITH_TIMEOUT(closedPassthroughCount(relay.broker), qsizetype(Clients), 20'000);
    QCOMPARE(relay.broker.closedCount(), qsizetype(Clients));
    quint64 messagesFromClients = 0;
    for (int i = 0; i < Clients; ++i) {
        ConnectionInfo info;
        QVERIFY(relay.broker.closedRecord(quint64(i), &info));
        messagesFromClients += info.messagesFromClient;
    }
    QCOMPARE(messagesFromClients, quint64(Clients * Messages));
}

void TestPassthroughInterop::forwardedForAndHost()
{
    Relay relay;
    QVERIFY(relay.start());

    PythonPeer client;
    QVERIFY(
        client.startClient(ClientScript, {QStringLiteral("--url"), relay.url(),
                                          QStringLiteral("--scenario"), QStringLiteral("close")}));
    QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
    QVERIFY2(client.finalJson().value(QLatin1String("ok")).toBool(), describe(client));

    QByteArray open;
    QVERIFY(relay.origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    const auto fields = PythonPeer::fields(open);
    QCOMPARE(fields.value("xff"), QByteArray("127.0.0.1"));
    // The client's Host (the broker's address), not the origin's.
    QCOMPARE(fields.value("host"), "127.0.0.1:" + QByteArray::number(relay.broker.port));
}

QTEST_GUILESS_MAIN(TestPassthroughInterop)
#include "tst_passthroughinterop.moc"
