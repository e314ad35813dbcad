// Interop: a GRIP WebSocket-over-HTTP backend written with the official GRIP library for Node
// (@fanoutio/grip 4.3: WebSocketContext, decodeWebSocketEvents via
// getWebSocketContextFromNodeReq, encodeWebSocketEvents, validateSig; tests/peers/grip-node)
// drives the real holdfast binary. Raw WebSocket clients connect through Holdfast on an over_http
// route: echo, binary, subscribe then publish (content and content-bin), unsubscribe, the
// backend's CLOSE event with a code, a publish's close action with a code, a client's close
// echoed by the backend, and DISCONNECT when a client drops. Every request Holdfast made must
// carry a Grip-Sig that the library's validateSig accepts.
//
// Skips (with the reason) only when node or the npm package is missing: tools/bootstrap.sh runs
// `npm ci --prefix tests/peers/grip-node`.
#include <QTemporaryDir>
#include <QtTest>

#include "interop.h"

using namespace interop;

namespace {

constexpr int WaitMs = 10'000;
const QByteArray SigKey = "gripnode-test-key";
const QByteArray SigIss = "gripnode-test";

QByteArray wsMessageItem(const QByteArray &channel, const QByteArray &format)
{
    return "[{\"channel\":\"" + channel + "\",\"formats\":{\"ws-message\":" + format + "}}]";
}

} // namespace

class TestGripNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void echo();
    void publish();
    void unsubscribe();
    void backendClose();
    void publishClose();
    void clientClose();
    void disconnect();

private:
    // Opens a client on /ws/<channel> and waits for the 101 and the backend's subscription.
    bool openClient(WsClient &client, const QByteArray &channel);
    void publishTo(const QByteArray &channel, const QByteArray &format);

    QTemporaryDir m_dir;
    GripNodeBackend m_backend;
    HoldfastProcess m_holdfast;
};

void TestGripNode::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    QByteArray why;
    if (!GripNodeBackend::available(QStringLiteral(HOLDFAST_GRIP_NODE_DIR), &why))
        QSKIP(why.constData());
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_backend.start(QStringLiteral(HOLDFAST_GRIP_NODE_DIR),
                             {QStringLiteral("--sig-key"), QString::fromUtf8(SigKey),
                              QStringLiteral("--sig-iss"), QString::fromUtf8(SigIss)},
                             &why),
             why.constData());
    QVERIFY2(m_holdfast.start(m_dir.path(),
                              "*,path_beg=/ws 127.0.0.1:" + QByteArray::number(m_backend.port) +
                                  ",over_http\n",
                              {QStringLiteral("--sig-key"), QString::fromUtf8(SigKey),
                               QStringLiteral("--sig-iss"), QString::fromUtf8(SigIss)},
                              &why),
             why.constData());
}

void TestGripNode::cleanupTestCase()
{
    QVERIFY2(m_holdfast.stop(), "a holdfast process outlived SIGKILL");
    if (!m_backend.child)
        return;
    const QByteArrayList requests = m_backend.child->linesStartingWith("REQUEST ");
    QVERIFY2(m_backend.stop(), "the node backend outlived SIGKILL");
    QVERIFY2(!m_backend.child->output.contains("ERROR "), m_backend.child->output.constData());
    QVERIFY(!requests.isEmpty());
    for (const QByteArray &line : requests)
        QVERIFY2(line.endsWith(" sig=ok"), "Grip-Sig not valid for the library: " + line);
}

bool TestGripNode::openClient(WsClient &client, const QByteArray &channel)
{
    const qsizetype before = m_backend.child->linesStartingWith("REQUEST ").size();
    client.open(m_holdfast.port, "/ws/" + channel);
    if (!client.waitOpen(WaitMs)) {
        qWarning("%s: no 101: %s | %s\nholdfast:\n%s", client.name.constData(),
                 printable(client.head).constData(), printable(client.rest).constData(),
                 m_holdfast.child->output.constData());
        return false;
    }
    // The 101 follows the backend's OPEN answer, which subscribed the connection.
    return m_backend.child->linesStartingWith("REQUEST ").size() > before;
}

void TestGripNode::publishTo(const QByteArray &channel, const QByteArray &format)
{
    QCOMPARE(interop::publish(m_holdfast.publishPort, wsMessageItem(channel, format)),
             QByteArray("HTTP/1.1 200 OK"));
}

// TEXT is echoed with the backend's prefix; BINARY is echoed as binary; "bin:" answers binary.
void TestGripNode::echo()
{
    WsClient client("echo");
    QVERIFY(openClient(client, "room-echo"));
    QVERIFY2(!client.head.toLower().contains("sec-websocket-extensions: grip"),
             "the grip extension leaked to the client: " + client.head);
    client.sendText("hello");
    client.sendText("gr\xc3\xbc\xc3\x9f");
    client.sendBinary(QByteArray("\x00\x01\xff", 3));
    client.sendText("bin:raw");
    QVERIFY2(client.waitFrames(4, WaitMs), client.described().join(" | "));
    QCOMPARE(client.described(),
             (QByteArrayList{"TEXT echo:hello", "TEXT echo:gr\\xc3\\xbc\\xc3\\x9f",
                             "BINARY echo:\\x00\\x01\\xff", "BINARY raw"}));
}

// Subscribed at OPEN by the library's subscribe(): publishes with content and content-bin reach
// the client on that channel only.
void TestGripNode::publish()
{
    WsClient a("publish a");
    WsClient b("publish b");
    QVERIFY(openClient(a, "room-a"));
    QVERIFY(openClient(b, "room-b"));
    publishTo("room-a", "{\"content\":\"hello\"}");
    publishTo("room-a", "{\"content-bin\":\"" + QByteArray("\x00\xfe", 2).toBase64() + "\"}");
    publishTo("room-b", "{\"content\":\"for b\"}");
    QVERIFY2(a.waitFrames(2, WaitMs), a.described().join(" | "));
    QVERIFY2(b.waitFrames(1, WaitMs), b.described().join(" | "));
    // An echo after the publishes proves nothing else was on its way.
    a.sendText("end");
    b.sendText("end");
    QVERIFY2(a.waitFrames(3, WaitMs), a.described().join(" | "));
    QVERIFY2(b.waitFrames(2, WaitMs), b.described().join(" | "));
    QCOMPARE(a.described(), (QByteArrayList{"TEXT hello", "BINARY \\x00\\xfe", "TEXT echo:end"}));
    QCOMPARE(b.described(), (QByteArrayList{"TEXT for b", "TEXT echo:end"}));
}

// The library's unsubscribe() control message stops delivery.
void TestGripNode::unsubscribe()
{
    WsClient client("unsubscribe");
    QVERIFY(openClient(client, "room-unsub"));
    publishTo("room-unsub", "{\"content\":\"before\"}");
    QVERIFY2(client.waitFrames(1, WaitMs), client.described().join(" | "));
    client.sendText("unsub");
    QVERIFY2(client.waitFrames(2, WaitMs), client.described().join(" | "));
    publishTo("room-unsub", "{\"content\":\"after\"}");
    QTest::qWait(300);
    client.sendText("end");
    QVERIFY2(client.waitFrames(3, WaitMs), client.described().join(" | "));
    QCOMPARE(client.described(),
             (QByteArrayList{"TEXT before", "TEXT echo:unsub", "TEXT echo:end"}));
}

// The backend's CLOSE event (WebSocketContext.close(4001)) closes the client with that code.
void TestGripNode::backendClose()
{
    WsClient client("backend close");
    QVERIFY(openClient(client, "room-bclose"));
    client.sendText("close:4001");
    QVERIFY2(client.waitFrames(1, WaitMs), client.described().join(" | "));
    QCOMPARE(client.described(), QByteArrayList{"CLOSE 4001"});
    QVERIFY2(client.waitDisconnected(WaitMs), "TCP connection not closed after the close frames");
}

// A publish's close action with a code closes the client with that code.
void TestGripNode::publishClose()
{
    WsClient client("publish close");
    QVERIFY(openClient(client, "room-pclose"));
    publishTo("room-pclose", "{\"action\":\"close\",\"code\":4002}");
    QVERIFY2(client.waitFrames(1, WaitMs), client.described().join(" | "));
    QCOMPARE(client.described(), QByteArrayList{"CLOSE 4002"});
    QVERIFY2(client.waitDisconnected(WaitMs), "TCP connection not closed after the close frames");
}

// The client closes with 4003: the backend gets CLOSE and answers CLOSE with the same code, as
// the library's README does.
void TestGripNode::clientClose()
{
    WsClient client("client close");
    QVERIFY(openClient(client, "room-cclose"));
    client.sendClose(4003, "bye");
    QVERIFY2(client.waitFrames(1, WaitMs), client.described().join(" | "));
    // The code only: whose reason comes back is compared with Pushpin in tst_pushpindiffws.
    QCOMPARE(client.frames.first().opcode, 0x8);
    QCOMPARE(client.frames.first().payload.left(2), QByteArray("\x0f\xa3"));
    QVERIFY2(client.waitDisconnected(WaitMs), "TCP connection not closed after the close frames");
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return m_backend.child->output.contains(
                         " path=/ws/room-cclose events=CLOSE:4003:bye ");
                 },
                 WaitMs),
             m_backend.child->output.constData());
}

// A client that drops its TCP connection: the backend gets DISCONNECT.
void TestGripNode::disconnect()
{
    WsClient client("disconnect");
    QVERIFY(openClient(client, "room-drop"));
    client.abort();
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return m_backend.child->output.contains(
                         " path=/ws/room-drop events=DISCONNECT ");
                 },
                 WaitMs),
             m_backend.child->output.constData());
}

QTEST_GUILESS_MAIN(TestGripNode)
#include "tst_gripnode.moc"
