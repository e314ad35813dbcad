// Differential interop test for WebSockets through GRIP: Pushpin 1.36 (Debian's package, the
// reference implementation) and the real holdfast binary run side by side in front of one
// WebSocket-over-HTTP backend (tests/peers/grip-node, on the official @fanoutio/grip library),
// each on a route `* 127.0.0.1:<backend>,over_http`. The same raw WebSocket clients connect
// through each, do the same things, the same publishes go to both publish APIs, and the frames
// the clients receive must be identical: opcode, FIN, payload, close code and reason.
//
// Scenarios: echo of text (ASCII and UTF-8) and binary, a binary answer, a client ping (answered
// by Holdfast by default, a known difference; forwarded as Pushpin does by a second holdfast run
// with --ws-forward-pings, which must match),
// ws-message publishes (content, content-bin, UTF-8, 100 kB), unsubscribe, the backend's CLOSE
// event with a code, a publish's close action with a code and without, a client's own close, and
// a route with prefix=, sub= and one_event.
// The 101 heads are printed and compared with Date-like fields left out (see compareHeads).
//
// Pushpin is started the way tests/tst_pushpindiff does (tests/common/interop.h). Skips, with the
// reason, when Pushpin, node or the npm package is missing.
#include <algorithm>

#include <QTemporaryDir>
#include <QtTest>

#include "interop.h"

using namespace interop;

namespace {

constexpr int WaitMs = 10'000;
const QByteArray SigKey = "diffws-test-key";
const QByteArray SigIss = "diffws-test";

QByteArray wsMessageItem(const QByteArray &channel, const QByteArray &format)
{
    return "[{\"channel\":\"" + channel + "\",\"formats\":{\"ws-message\":" + format + "}}]";
}

// A difference is printed in full and fails the comparison; knownBug marks one already reported
// (expected failure until Holdfast is fixed).
void compareFrames(const QByteArray &what, const WsClient &viaPushpin, const WsClient &viaHoldfast,
                   const char *knownBug = nullptr)
{
    const QByteArrayList p = viaPushpin.described();
    const QByteArrayList h = viaHoldfast.described();
    if (p != h)
        qInfo("%s: frames differ.\nPushpin:  %s\nHoldfast: %s", what.constData(),
              p.join(" | ").constData(), h.join(" | ").constData());
    if (knownBug)
        QEXPECT_FAIL("", knownBug, Continue);
    QVERIFY2(p == h, what + ": frames differ (both printed above)");
}

// Deliberate differences from Pushpin, kept as expected failures so that a change on either side
// shows up (an XPASS fails the test). Each says why Holdfast differs.
const char KnownPingDifference[] =
    "deliberate (docs/fanout.md: pings are answered at once, not with a POST each): a client's "
    "ping with payload 'are you there' - Pushpin sends a PING event to the "
    "backend and the client gets no pong frame (only 'TEXT echo:after ping'); Holdfast sends no "
    "PING event and answers the client itself with 'PONG are you there' (8a 0d ...)";
const char KnownClientCloseDifference[] =
    "deliberate (RFC 6455 5.5.1: the close reply echoes the client's code): a client's close 4003 "
    "'bye' (both send CLOSE 4003 'bye' to the backend, which "
    "answers CLOSE 4003 without a reason) - Pushpin's client gets 88 02 03 e8 (1000, no reason), "
    "Holdfast's gets 88 05 0f a3 62 79 65 (4003 'bye', its own echo of the client's frame)";
const char KnownLargePublishDifference[] =
    "deliberate (issue 3 and Fastly's documented 65,536-byte limit): a ws-message 'content' of "
    "100,020 bytes - Pushpin answers 200 and delivers it, "
    "Holdfast answers 400 '...: 100020 bytes exceeds the 65536-byte limit'";

} // namespace

class TestPushpinDiffWs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void handshake();
    void echo();
    void ping();
    void pingForwarded();
    void publishes();
    void largePublish();
    void unsubscribe();
    void backendClose();
    void publishClose_data();
    void publishClose();
    void clientClose();
    void routeOptions();

private:
    // Opens one client through each proxy on path; both must get a 101.
    void openBoth(WsClient &pushpin, WsClient &holdfast, const QByteArray &path);
    void publishBoth(const QByteArray &channel, const QByteArray &format);
    // Waits until both have count frames (or the timeout), then compares.
    void settle(const QByteArray &what, WsClient &pushpin, WsClient &holdfast, qsizetype count,
                const char *knownBug = nullptr);

    QTemporaryDir m_dir;
    GripNodeBackend m_backend;
    PushpinProcess m_pushpin;
    HoldfastProcess m_holdfast;
    HoldfastProcess m_holdfastForwardingPings; // --ws-forward-pings, its own directory
};

void TestPushpinDiffWs::initTestCase()
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
    const QByteArray backend = "127.0.0.1:" + QByteArray::number(m_backend.port);
    // Under /pre/: channels prefixed, one implicit channel, one event per backend request.
    const QByteArray routes = "* " + backend + ",over_http\n*,path_beg=/pre/,prefix=p- " + backend +
                              ",over_http,one_event,sub=diff-implicit-ws\n";
    QVERIFY2(m_holdfast.start(m_dir.path(), routes,
                              {QStringLiteral("--sig-key"), QString::fromUtf8(SigKey),
                               QStringLiteral("--sig-iss"), QString::fromUtf8(SigIss)},
                              &why),
             why.constData());
    const QString forwardingDir = m_dir.path() + QStringLiteral("/forward-pings");
    QVERIFY(QDir().mkpath(forwardingDir));
    QVERIFY2(
        m_holdfastForwardingPings.start(forwardingDir, routes,
                                        {QStringLiteral("--sig-key"), QString::fromUtf8(SigKey),
                                         QStringLiteral("--sig-iss"), QString::fromUtf8(SigIss),
                                         QStringLiteral("--ws-forward-pings")},
                                        &why),
        why.constData());
    // A plain GET goes to the backend as HTTP (it answers 404): any answer means ready.
    if (!m_pushpin.start(m_dir.path(), routes, SigIss, SigKey, "/probe", &why)) {
        m_pushpin.stop();
        QSKIP(why.constData());
    }
}

void TestPushpinDiffWs::cleanupTestCase()
{
    QVERIFY2(m_holdfast.stop(), "a holdfast process outlived SIGKILL");
    QVERIFY2(m_holdfastForwardingPings.stop(), "a holdfast process outlived SIGKILL");
    QVERIFY2(m_pushpin.stop(), "a pushpin process outlived SIGKILL of its group");
    if (!m_backend.child)
        return;
    if (qEnvironmentVariableIsSet("DIFFWS_BACKEND_LOG"))
        qInfo("the backend's log:\n%s", m_backend.child->output.constData());
    const QByteArrayList requests = m_backend.child->linesStartingWith("REQUEST ");
    QVERIFY2(m_backend.stop(), "the node backend outlived SIGKILL");
    QVERIFY2(!m_backend.child->output.contains("ERROR "), m_backend.child->output.constData());
    for (const QByteArray &line : requests)
        QVERIFY2(line.endsWith(" sig=ok"), "Grip-Sig not valid for the library: " + line);
}

void TestPushpinDiffWs::openBoth(WsClient &pushpin, WsClient &holdfast, const QByteArray &path)
{
    pushpin.open(m_pushpin.port, path);
    holdfast.open(m_holdfast.port, path);
    const bool p = pushpin.waitOpen(WaitMs);
    const bool h = holdfast.waitOpen(WaitMs);
    QVERIFY2(p, "no 101 through Pushpin: " + printable(pushpin.head + "\r\n\r\n" + pushpin.rest) +
                    "\nPushpin's log:\n" + m_pushpin.child->output);
    QVERIFY2(h,
             "no 101 through Holdfast: " + printable(holdfast.head + "\r\n\r\n" + holdfast.rest) +
                 "\nHoldfast's log:\n" + m_holdfast.child->output);
}

void TestPushpinDiffWs::publishBoth(const QByteArray &channel, const QByteArray &format)
{
    const QByteArray items = wsMessageItem(channel, format);
    QByteArray pushpinBody;
    QByteArray holdfastBody;
    const QByteArray pushpinStatus = interop::publish(m_pushpin.publishPort, items, &pushpinBody);
    const QByteArray holdfastStatus =
        interop::publish(m_holdfast.publishPort, items, &holdfastBody);
    QVERIFY2(pushpinStatus == "HTTP/1.1 200 OK", "Pushpin: " + pushpinStatus + ' ' +
                                                     printable(pushpinBody) + " for " +
                                                     printable(items.left(300)));
    QVERIFY2(holdfastStatus == "HTTP/1.1 200 OK",
             "Holdfast: " + holdfastStatus + ' ' + printable(holdfastBody) + " for " +
                 printable(items.left(300)) + " (Pushpin: " + pushpinStatus + ')');
}

void TestPushpinDiffWs::settle(const QByteArray &what, WsClient &pushpin, WsClient &holdfast,
                               qsizetype count, const char *knownBug)
{
    (void)QTest::qWaitFor(
        [&] {
            return (pushpin.frames.size() >= count || pushpin.badFrames) &&
                   (holdfast.frames.size() >= count || holdfast.badFrames);
        },
        WaitMs);
    // Anything more that is on its way.
    QTest::qWait(100);
    QVERIFY2(!pushpin.badFrames && !holdfast.badFrames, "a masked frame from a proxy");
    if (pushpin.frames.size() < count)
        qInfo("%s: Pushpin's client has fewer frames than the %lld expected", what.constData(),
              qlonglong(count));
    compareFrames(what, pushpin, holdfast, knownBug);
}

// The 101 through each: compared field by field, in order, case kept. Pushpin (condure) and
// Holdfast both add their own fields, so this prints both and asserts only the fields a client
// relies on.
void TestPushpinDiffWs::handshake()
{
    WsClient pushpin("pushpin handshake");
    WsClient holdfast("holdfast handshake");
    openBoth(pushpin, holdfast, "/ws/diff-handshake");
    if (QTest::currentTestFailed())
        return;
    qInfo("101 through Pushpin:\n%s\n101 through Holdfast:\n%s",
          printable(pushpin.head).replace("\\r\\n", "\n").constData(),
          printable(holdfast.head).replace("\\r\\n", "\n").constData());
    const auto fields = [](const QByteArray &head) {
        QByteArrayList out;
        for (const QByteArray &line : head.split('\n').mid(1))
            out.append(line.trimmed().toLower());
        std::sort(out.begin(), out.end());
        return out;
    };
    QCOMPARE(holdfast.head.left(holdfast.head.indexOf("\r\n")),
             pushpin.head.left(pushpin.head.indexOf("\r\n")));
    for (const QByteArray &must :
         {QByteArray("upgrade: websocket"), QByteArray("connection: upgrade"),
          QByteArray("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=")}) {
        QVERIFY2(fields(pushpin.head).contains(must), "Pushpin: " + pushpin.head);
        QVERIFY2(fields(holdfast.head).contains(must), "Holdfast: " + holdfast.head);
    }
    QByteArrayList onlyPushpin;
    QByteArrayList onlyHoldfast;
    for (const QByteArray &field : fields(pushpin.head)) {
        if (!fields(holdfast.head).contains(field))
            onlyPushpin.append(field);
    }
    for (const QByteArray &field : fields(holdfast.head)) {
        if (!fields(pushpin.head).contains(field))
            onlyHoldfast.append(field);
    }
    if (!onlyPushpin.isEmpty() || !onlyHoldfast.isEmpty())
        qInfo("101 fields only through Pushpin: [%s]; only through Holdfast: [%s]",
              onlyPushpin.join(", ").constData(), onlyHoldfast.join(", ").constData());
    QVERIFY2(!fields(holdfast.head).contains("sec-websocket-extensions: grip"),
             "the grip extension leaked to the client: " + holdfast.head);
}

void TestPushpinDiffWs::echo()
{
    WsClient pushpin("pushpin echo");
    WsClient holdfast("holdfast echo");
    openBoth(pushpin, holdfast, "/ws/diff-echo");
    if (QTest::currentTestFailed())
        return;
    for (WsClient *client : {&pushpin, &holdfast}) {
        client->sendText("hello");
        client->sendText("gr\xc3\xbc\xc3\x9f \xe2\x82\xac");
        client->sendText("");
        client->sendBinary(QByteArray("\x00\x01\r\n\xff", 5));
        client->sendText("bin:made binary");
    }
    settle("echo", pushpin, holdfast, 5);
}

// A client's ping: Pushpin relays it to the backend as a PING event; the library answers PONG.
void TestPushpinDiffWs::ping()
{
    WsClient pushpin("pushpin ping");
    WsClient holdfast("holdfast ping");
    openBoth(pushpin, holdfast, "/ws/diff-ping");
    if (QTest::currentTestFailed())
        return;
    for (WsClient *client : {&pushpin, &holdfast}) {
        client->send(0x9, "are you there");
        client->sendText("after ping");
    }
    settle("ping", pushpin, holdfast, 1, KnownPingDifference);
}

// The same with --ws-forward-pings: Holdfast sends the PING event and answers only what the
// backend answers, so the frames must be Pushpin's.
void TestPushpinDiffWs::pingForwarded()
{
    WsClient pushpin("pushpin ping");
    WsClient holdfast("holdfast --ws-forward-pings ping");
    pushpin.open(m_pushpin.port, "/ws/diff-ping-forwarded");
    holdfast.open(m_holdfastForwardingPings.port, "/ws/diff-ping-forwarded");
    const bool p = pushpin.waitOpen(WaitMs);
    const bool h = holdfast.waitOpen(WaitMs);
    QVERIFY2(p && h, "no 101: " + printable(pushpin.head) + " / " + printable(holdfast.head) +
                         "\nHoldfast's log:\n" + m_holdfastForwardingPings.child->output);
    for (WsClient *client : {&pushpin, &holdfast}) {
        client->send(0x9, "are you there");
        client->sendText("after ping");
    }
    settle("ping forwarded", pushpin, holdfast, 1);
}

void TestPushpinDiffWs::publishes()
{
    WsClient pushpin("pushpin publishes");
    WsClient holdfast("holdfast publishes");
    WsClient otherPushpin("pushpin other channel");
    WsClient otherHoldfast("holdfast other channel");
    openBoth(pushpin, holdfast, "/ws/diff-pub");
    openBoth(otherPushpin, otherHoldfast, "/ws/diff-other");
    if (QTest::currentTestFailed())
        return;
    publishBoth("diff-pub", "{\"content\":\"hello\"}");
    publishBoth("diff-pub",
                "{\"content-bin\":\"" + QByteArray("\x00\xfe\xff\r\n", 5).toBase64() + "\"}");
    publishBoth("diff-pub", "{\"content\":\"gr\xc3\xbc\xc3\x9f \\u20ac \\\"quoted\\\"\"}");
    publishBoth("diff-pub", "{\"content\":\"\"}");
    // Under Holdfast's 65,536-byte limit; a larger one is largePublish.
    QByteArray large;
    for (int i = 0; large.size() < 60'000; ++i)
        large += "line " + QByteArray::number(i) + " of a large publish. ";
    publishBoth("diff-other", "{\"content\":\"for the other channel\"}");
    if (QTest::currentTestFailed())
        return;
    settle("publishes", pushpin, holdfast, 4);
    settle("the other channel", otherPushpin, otherHoldfast, 1);
    if (QTest::currentTestFailed())
        return;
    // Pushpin (condure) sends a 60,000-byte message as fragments of at most 8,192 bytes, Holdfast
    // as one frame; fragment boundaries carry no meaning (RFC 6455 5.4), so the reassembled
    // messages are compared and the framing is printed for the record.
    pushpin.frames.clear();
    holdfast.frames.clear();
    publishBoth("diff-pub", "{\"content\":\"" + large + "\"}");
    pushpin.sendText("end");
    holdfast.sendText("end");
    QVERIFY(QTest::qWaitFor(
        [&] { return pushpin.messages().size() >= 2 && holdfast.messages().size() >= 2; }, WaitMs));
    const auto sizes = [](const WsClient &client) {
        QByteArrayList out;
        for (const WsFrame &frame : client.frames)
            out.append(QByteArray::number(frame.payload.size()));
        return out.join(", ");
    };
    qInfo("a 60,000-byte publish: Pushpin's frames [%s], Holdfast's frames [%s]",
          sizes(pushpin).constData(), sizes(holdfast).constData());
    QCOMPARE(holdfast.messages(), pushpin.messages());
}

// 100 kB: Pushpin takes it; Holdfast refuses it (see KnownLargePublishDifference).
void TestPushpinDiffWs::largePublish()
{
    WsClient pushpin("pushpin large publish");
    WsClient holdfast("holdfast large publish");
    openBoth(pushpin, holdfast, "/ws/diff-large");
    if (QTest::currentTestFailed())
        return;
    QByteArray large;
    for (int i = 0; large.size() < 100'000; ++i)
        large += "line " + QByteArray::number(i) + " of a larger publish. ";
    const QByteArray items = wsMessageItem("diff-large", "{\"content\":\"" + large + "\"}");
    QByteArray holdfastBody;
    QCOMPARE(interop::publish(m_pushpin.publishPort, items), QByteArray("HTTP/1.1 200 OK"));
    const QByteArray holdfastStatus =
        interop::publish(m_holdfast.publishPort, items, &holdfastBody);
    if (holdfastStatus != "HTTP/1.1 200 OK")
        qInfo("Holdfast: %s %s", holdfastStatus.constData(), printable(holdfastBody).constData());
    QEXPECT_FAIL("", KnownLargePublishDifference, Continue);
    QCOMPARE(holdfastStatus, QByteArray("HTTP/1.1 200 OK"));
    pushpin.sendText("end");
    holdfast.sendText("end");
    settle("a 100 kB publish", pushpin, holdfast, 2, KnownLargePublishDifference);
}

void TestPushpinDiffWs::unsubscribe()
{
    WsClient pushpin("pushpin unsubscribe");
    WsClient holdfast("holdfast unsubscribe");
    openBoth(pushpin, holdfast, "/ws/diff-unsub");
    if (QTest::currentTestFailed())
        return;
    pushpin.sendText("unsub");
    holdfast.sendText("unsub");
    settle("unsubscribe answer", pushpin, holdfast, 1);
    publishBoth("diff-unsub", "{\"content\":\"after unsubscribe\"}");
    QTest::qWait(300);
    pushpin.sendText("end");
    holdfast.sendText("end");
    settle("after unsubscribe", pushpin, holdfast, 2);
}

// The backend's CLOSE event with 4001 (WebSocketContext.close(4001)).
void TestPushpinDiffWs::backendClose()
{
    WsClient pushpin("pushpin backend close");
    WsClient holdfast("holdfast backend close");
    openBoth(pushpin, holdfast, "/ws/diff-bclose");
    if (QTest::currentTestFailed())
        return;
    pushpin.sendText("echo first");
    holdfast.sendText("echo first");
    pushpin.sendText("close:4001");
    holdfast.sendText("close:4001");
    settle("backend CLOSE 4001", pushpin, holdfast, 2);
    QVERIFY(pushpin.waitDisconnected(WaitMs));
    QVERIFY(holdfast.waitDisconnected(WaitMs));
}

void TestPushpinDiffWs::publishClose_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::newRow("code 4002") << QByteArray("{\"action\":\"close\",\"code\":4002}");
    QTest::newRow("no code") << QByteArray("{\"action\":\"close\"}");
    QTest::newRow("code 1000") << QByteArray("{\"action\":\"close\",\"code\":1000}");
}

// A publish's close action.
void TestPushpinDiffWs::publishClose()
{
    QFETCH(QByteArray, format);
    const QByteArray channel = "diff-pclose-" + QByteArray::number(qHash(format));
    WsClient pushpin("pushpin publish close");
    WsClient holdfast("holdfast publish close");
    openBoth(pushpin, holdfast, "/ws/" + channel);
    if (QTest::currentTestFailed())
        return;
    publishBoth(channel, format);
    settle("publish " + format, pushpin, holdfast, 1);
    QVERIFY(pushpin.waitDisconnected(WaitMs));
    QVERIFY(holdfast.waitDisconnected(WaitMs));
}

// The client closes with 4003 "bye": the library answers CLOSE with the client's code.
void TestPushpinDiffWs::clientClose()
{
    WsClient pushpin("pushpin client close");
    WsClient holdfast("holdfast client close");
    openBoth(pushpin, holdfast, "/ws/diff-cclose");
    if (QTest::currentTestFailed())
        return;
    pushpin.sendClose(4003, "bye");
    holdfast.sendClose(4003, "bye");
    settle("client close 4003", pushpin, holdfast, 1, KnownClientCloseDifference);
    QVERIFY(pushpin.waitDisconnected(WaitMs));
    QVERIFY(holdfast.waitDisconnected(WaitMs));
}

// prefix=, sub= and one_event on an over_http target. The backend subscribes the last path
// segment, so both proxies' clients share channels while their paths (/pre/a/…, /pre/b/…) tell
// their requests apart in the backend's log.
void TestPushpinDiffWs::routeOptions()
{
    WsClient pushpin("pushpin route options");
    WsClient holdfast("holdfast route options");
    pushpin.open(m_pushpin.port, "/pre/a/diff-pre");
    holdfast.open(m_holdfast.port, "/pre/b/diff-pre");
    QVERIFY2(pushpin.waitOpen(WaitMs), printable(pushpin.head + "\r\n\r\n" + pushpin.rest));
    QVERIFY2(holdfast.waitOpen(WaitMs), printable(holdfast.head + "\r\n\r\n" + holdfast.rest));
    // The subscriptions are in once an echo came back after the OPEN.
    pushpin.sendText("ready");
    holdfast.sendText("ready");
    settle("echo on a prefixed route", pushpin, holdfast, 1);

    publishBoth("diff-pre", "{\"content\":\"unprefixed: nobody\"}");
    publishBoth("p-diff-pre", "{\"content\":\"prefixed\"}");
    publishBoth("diff-implicit-ws", "{\"content\":\"implicit\"}");
    settle("publishes to a prefixed route", pushpin, holdfast, 3);
    QCOMPARE(holdfast.described().mid(1), (QByteArrayList{"TEXT prefixed", "TEXT implicit"}));

    // The backend unsubscribes its channel ("diff-pre", so p-diff-pre); the implicit one stays.
    pushpin.sendText("unsub");
    holdfast.sendText("unsub");
    settle("unsubscribe on a prefixed route", pushpin, holdfast, 4);
    publishBoth("p-diff-pre", "{\"content\":\"after unsubscribe\"}");
    publishBoth("diff-implicit-ws", "{\"content\":\"implicit again\"}");
    settle("publishes after unsubscribe", pushpin, holdfast, 5);

    // one_event: three messages sent at once still reach the backend one per request (OPEN,
    // ready, unsub, one, two, three: six requests at least).
    for (WsClient *client : {&pushpin, &holdfast}) {
        client->sendText("one");
        client->sendText("two");
        client->sendText("three");
    }
    settle("echoes with one_event", pushpin, holdfast, 8);
    for (const QByteArray &path : {QByteArray("/pre/a/diff-pre"), QByteArray("/pre/b/diff-pre")}) {
        qsizetype requests = 0;
        for (const QByteArray &line : m_backend.child->linesStartingWith("REQUEST ")) {
            if (!line.contains(" path=" + path + ' '))
                continue;
            ++requests;
            QVERIFY2(!line.contains("events=TEXT,"), "more than one event: " + line);
        }
        QVERIFY2(requests >= 6, path + ": " + QByteArray::number(requests) + " requests");
    }
}

QTEST_GUILESS_MAIN(TestPushpinDiffWs)
#include "tst_pushpindiffws.moc"
