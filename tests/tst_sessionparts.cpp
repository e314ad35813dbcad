// The parts a ProxySession is made of, each against a fake owner and without sockets: the
// WebSocket passthrough tunnel (relay, close handshake on frame boundaries, grace period,
// max_conn_time), the reader of a GRIP backend's answer, where a gone callback goes, and what a
// route changes in a hold's channels and the origin's request head; the untrusted-target address
// policy.
#include <QtTest>

#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "net/timerwheel.h"
#include "proxy/brokercontext.h"
#include "proxy/gonecallback.h"
#include "proxy/griphold.h"
#include "proxy/gripresponsereader.h"
#include "proxy/origindialer.h"
#include "grip/gripsigner.h"
#include "proxy/originrequest.h"
#include "routes/route.h"
#include "proxy/wstunnel.h"
#include "ws/wsframe.h"
#include "ws/wsframereader.h"

namespace {

constexpr qint64 GraceMs = 5'000;
constexpr qint64 MaxConnMs = 60'000;

// Records what the tunnel does; frames written each way are read back with WsFrameReader.
class FakeTunnelOwner final : public TunnelOwner
{
public:
    void tunnelWrite(bool toOrigin, const char *data, qsizetype size) override
    {
        (toOrigin ? toOriginBytes : toClientBytes).append(data, size);
    }
    SessionTracer *tunnelTracer() override { return nullptr; }
    void tunnelCloseCode(quint16 code, const QByteArray &reason) override
    {
        closeCodes.append(code);
        closeReason = reason;
    }
    void tunnelEnded(const QByteArray &reason) override { ended.append(reason); }

    QByteArray toOriginBytes;
    QByteArray toClientBytes;
    QList<quint16> closeCodes;
    QByteArray closeReason;
    QList<QByteArray> ended;
};

WsFrameReader readerOf(const QByteArray &bytes)
{
    WsFrameReader reader;
    reader.feed(bytes);
    return reader;
}

QByteArray clientText(const QByteArray &text)
{
    return WsFrame::buildMasked(WsOpcode::Text, text, 0x01020304);
}

QByteArray originText(const QByteArray &text)
{
    return WsFrame::build(WsOpcode::Text, text);
}

HttpResponseHead responseHead(const QByteArray &text)
{
    HttpResponseParser parser;
    qsizetype consumed = 0;
    const auto state = parser.feed(text.constData(), text.size(), &consumed);
    if (state != HttpResponseParser::State::Done)
        qFatal("test response head does not parse: %s", text.constData());
    return parser.head();
}

ClientHop plainHop()
{
    ClientHop hop;
    hop.ip = "10.0.0.9";
    return hop;
}

HttpRequestHead requestHead(const QByteArray &text)
{
    HttpRequestParser parser(64 * 1024);
    qsizetype consumed = 0;
    const auto state = parser.feed(text.constData(), text.size(), &consumed);
    if (state != HttpRequestParser::State::Done)
        qFatal("test request head does not parse: %s", text.constData());
    return parser.head();
}

} // namespace

class TestSessionParts : public QObject
{
    Q_OBJECT

public:
    TestSessionParts() : m_wheel(100, [](quint64, quint32) {}) {}

private Q_SLOTS:
    void tunnelRelaysBytesUntouchedAndCounts();
    void tunnelNotesTheFirstCloseCodeOnly();
    void tunnelCloseInjectsOnFrameBoundaries();
    void tunnelCloseWaitsForTheFrameInFlight();
    void tunnelCloseToAPeerThatAlreadyClosed();
    void tunnelPeerGoneWhileClosing();
    void tunnelPeerGoneWhileOpenEndsTheSession();
    void tunnelGracePeriodEndsIt();
    void tunnelMaxConnTime();
    void tunnelReportsToTheConsole();

    void gripReaderPlainResponseIsNotGrip();
    void gripReaderStreamHoldWithBody();
    void gripReaderStatusOverride();
    void gripReaderInstructBody();
    void gripReaderRefusals_data();
    void gripReaderRefusals();
    void gripReaderUntilCloseBody();
    void gripReaderSaysWhatItDoesNotDo();

    void goneCallbackTargets_data();
    void goneCallbackTargets();

    void privateAddresses_data();
    void privateAddresses();
    void holdChannelsFollowTheRoute();
    void origHeadersAreMarkedCopies();
    void markedClientHeadersAreDroppedWithoutOrigHeaders();
    void routeHeaderWithoutValueRemoves();
    void forwardingRules_data();
    void forwardingRules();
    void acceptedForwardedProtoMakesTheRequestTls();
    void upstreamSignedRequestIsTrusted();
    void gripFeatureTellsTheBackendWhatHoldfastDoes();

private:
    SessionTimers timers() { return SessionTimers(m_wheel, 1); }

    TimerWheel m_wheel;
};

void TestSessionParts::tunnelRelaysBytesUntouchedAndCounts()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    tunnel.start();
    const QByteArray fromClient = clientText("hello") + clientText("again");
    const QByteArray fromOrigin = originText("welcome");
    // Split mid-frame: bytes go through as they come, frames are only counted.
    tunnel.fromClient(fromClient.constData(), 3);
    tunnel.fromClient(fromClient.constData() + 3, fromClient.size() - 3);
    tunnel.fromOrigin(fromOrigin.constData(), fromOrigin.size());
    QCOMPARE(owner.toOriginBytes, fromClient);
    QCOMPARE(owner.toClientBytes, fromOrigin);
    ConnectionInfo info;
    tunnel.report(&info);
    QCOMPARE(info.messagesFromClient, quint64(2));
    QCOMPARE(info.messagesToClient, quint64(1));
    QVERIFY(owner.ended.isEmpty());
    QVERIFY(owner.closeCodes.isEmpty());
}

void TestSessionParts::tunnelNotesTheFirstCloseCodeOnly()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    const QByteArray close = WsFrame::closeFrame(4001, "bye", true);
    tunnel.fromClient(close.constData(), close.size());
    const QByteArray reply = WsFrame::closeFrame(1000, "ok", false);
    tunnel.fromOrigin(reply.constData(), reply.size());
    QCOMPARE(owner.closeCodes, QList<quint16>{4001});
    QCOMPARE(owner.closeReason, QByteArray("bye"));
    // A peer-initiated close handshake is relayed; the sockets' close ends the session.
    QVERIFY(owner.ended.isEmpty());
}

void TestSessionParts::tunnelCloseInjectsOnFrameBoundaries()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    tunnel.close(1001, "broker shutting down");
    QVERIFY(tunnel.isClosing());
    QCOMPARE(owner.closeCodes, QList<quint16>{1001});
    const WsFrameReader toOrigin = readerOf(owner.toOriginBytes);
    const WsFrameReader toClient = readerOf(owner.toClientBytes);
    QVERIFY(toOrigin.closeSeen());
    QVERIFY(toClient.closeSeen());
    QCOMPARE(toOrigin.closeCode(), quint16(1001));
    QCOMPARE(toClient.closeReason(), QByteArray("broker shutting down"));
    // The frame toward the origin is masked, as a client's must be (RFC 6455 5.3).
    QVERIFY(quint8(owner.toOriginBytes.at(1)) & 0x80);
    QVERIFY(!(quint8(owner.toClientBytes.at(1)) & 0x80));
    QVERIFY(owner.ended.isEmpty());

    // Data after our close is not relayed; the replies end it.
    const QByteArray late = originText("late");
    tunnel.fromOrigin(late.constData(), late.size());
    QCOMPARE(readerOf(owner.toClientBytes).messages(), quint64(0));
    const QByteArray clientReply = WsFrame::closeFrame(1001, {}, true);
    tunnel.fromClient(clientReply.constData(), clientReply.size());
    QVERIFY(owner.ended.isEmpty());
    const QByteArray originReply = WsFrame::closeFrame(1001, {}, false);
    tunnel.fromOrigin(originReply.constData(), originReply.size());
    QCOMPARE(owner.ended, QList<QByteArray>{"broker shutting down"});
    // A second close while closing changes nothing.
    tunnel.close(1000, "again");
    QCOMPARE(owner.closeCodes.size(), 1);
}

void TestSessionParts::tunnelCloseWaitsForTheFrameInFlight()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    const QByteArray message = originText(QByteArray(300, 'x'));
    tunnel.fromOrigin(message.constData(), 100);
    tunnel.close(1001, "going away");
    // Toward the client a frame is in flight: no close frame yet, the rest of it first.
    QCOMPARE(owner.toClientBytes, message.left(100));
    tunnel.fromOrigin(message.constData() + 100, message.size() - 100);
    QVERIFY(owner.toClientBytes.startsWith(message));
    const WsFrameReader toClient = readerOf(owner.toClientBytes);
    QCOMPARE(toClient.messages(), quint64(1));
    QVERIFY(toClient.closeSeen());
    QCOMPARE(toClient.closeCode(), quint16(1001));
}

void TestSessionParts::tunnelCloseToAPeerThatAlreadyClosed()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    const QByteArray clientClose = WsFrame::closeFrame(1000, "done", true);
    tunnel.fromClient(clientClose.constData(), clientClose.size());
    owner.toOriginBytes.clear();
    tunnel.close(1001, "operator");
    // The client already sent its close: a second one toward the origin would break the
    // protocol, and the client's side counts as ended.
    QVERIFY(owner.toOriginBytes.isEmpty());
    QVERIFY(readerOf(owner.toClientBytes).closeSeen());
    const QByteArray originReply = WsFrame::closeFrame(1000, {}, false);
    tunnel.fromOrigin(originReply.constData(), originReply.size());
    QCOMPARE(owner.ended, QList<QByteArray>{"done"});
}

void TestSessionParts::tunnelPeerGoneWhileClosing()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    tunnel.close(1001, "bye");
    QVERIFY(tunnel.clientGone());
    QVERIFY(owner.ended.isEmpty()); // still waiting for the origin's reply
    QVERIFY(tunnel.originGone());
    QCOMPARE(owner.ended, QList<QByteArray>{"bye"});
}

void TestSessionParts::tunnelPeerGoneWhileOpenEndsTheSession()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    QVERIFY(!tunnel.clientGone());
    QVERIFY(!tunnel.originGone());
    QVERIFY(owner.ended.isEmpty()); // the session decides
}

void TestSessionParts::tunnelGracePeriodEndsIt()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    const qint64 start = m_wheel.nowMs();
    tunnel.close(1001, "bye");
    tunnel.onTimer(CloseGraceTimer, start + GraceMs / 2);
    QVERIFY(owner.ended.isEmpty());
    tunnel.onTimer(MaxConnTimeTimer, start + 10 * GraceMs); // not this tunnel's timer now
    QVERIFY(owner.ended.isEmpty());
    tunnel.onTimer(CloseGraceTimer, start + GraceMs + 1000);
    QCOMPARE(owner.ended, QList<QByteArray>{"bye"});
}

void TestSessionParts::tunnelMaxConnTime()
{
    FakeTunnelOwner owner;
    const qsizetype pendingBefore = m_wheel.pendingCount();
    WsTunnel tunnel(owner, timers(), MaxConnMs, GraceMs);
    tunnel.start();
    QCOMPARE(m_wheel.pendingCount(), pendingBefore + 1);
    const qint64 start = m_wheel.nowMs();
    tunnel.onTimer(MaxConnTimeTimer, start + MaxConnMs / 2); // a stale entry
    QVERIFY(!tunnel.isClosing());
    tunnel.onTimer(MaxConnTimeTimer, start + MaxConnMs + 1000);
    QVERIFY(tunnel.isClosing());
    QCOMPARE(readerOf(owner.toClientBytes).closeReason(),
             QByteArray("maximum connection time reached"));
}

void TestSessionParts::tunnelReportsToTheConsole()
{
    FakeTunnelOwner owner;
    WsTunnel tunnel(owner, timers(), 0, GraceMs);
    const QByteArray ping = WsFrame::buildMasked(WsOpcode::Ping, "p", 7);
    tunnel.fromClient(ping.constData(), ping.size());
    ConnectionInfo info;
    info.state = ConnectionInfo::State::Open;
    tunnel.report(&info);
    QCOMPARE(info.pings, quint64(1));
    QCOMPARE(info.state, ConnectionInfo::State::Open);
    tunnel.close(1001, "bye");
    tunnel.report(&info);
    QCOMPARE(info.state, ConnectionInfo::State::Closing);
    info.state = ConnectionInfo::State::Closed;
    tunnel.report(&info);
    QCOMPARE(info.state, ConnectionInfo::State::Closed);
}

void TestSessionParts::gripReaderPlainResponseIsNotGrip()
{
    GripResponseReader reader;
    const auto head =
        responseHead("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n");
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::NotGrip);
    QCOMPARE(reader.head().status, 200);
}

void TestSessionParts::gripReaderStreamHoldWithBody()
{
    GripResponseReader reader;
    const auto head =
        responseHead("HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\nGrip-Channel: news\r\n"
                     "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::NeedMore);
    const QByteArray body = "6\r\nstart\n\r\n0\r\n\r\n";
    QCOMPARE(reader.feed(body.constData(), 5), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.feed(body.constData() + 5, body.size() - 5), GripResponseReader::State::Done);
    QCOMPARE(reader.instruction().hold, GripInstruction::Hold::Stream);
    QCOMPARE(reader.instruction().channels.size(), 1);
    const GripHold::Response response = reader.takeResponse();
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray("start\n"));
    // The client gets the backend's headers without the Grip-* ones.
    QVERIFY(!response.headers.contains("Grip-Hold"));
    QCOMPARE(response.headers.value("Content-Type"), QByteArray("text/plain"));
}

void TestSessionParts::gripReaderStatusOverride()
{
    GripResponseReader reader;
    const auto head = responseHead("HTTP/1.1 200 OK\r\nGrip-Hold: response\r\nGrip-Channel: a\r\n"
                                   "Grip-Status: 404 Gone Fishing\r\nContent-Length: 0\r\n\r\n");
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::Done);
    const GripHold::Response response = reader.takeResponse();
    QCOMPARE(response.status, 404);
    QCOMPARE(response.reason, QByteArray("Gone Fishing"));
}

void TestSessionParts::gripReaderInstructBody()
{
    GripResponseReader reader;
    const QByteArray json =
        R"({"hold":{"mode":"response","channels":[{"name":"jobs"}],"timeout":30},)"
        R"("response":{"code":202,"headers":{"X-A":"1"},"body":"waiting\n"}})";
    const auto head = responseHead("HTTP/1.1 200 OK\r\nContent-Type: application/grip-instruct\r\n"
                                   "Content-Length: " +
                                   QByteArray::number(json.size()) + "\r\n\r\n");
    QCOMPARE(reader.begin("POST", head, 1024), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.feed(json.constData(), json.size()), GripResponseReader::State::Done);
    QCOMPARE(reader.instruction().hold, GripInstruction::Hold::Response);
    QCOMPARE(reader.instruction().timeoutSecs, qint64(30));
    const GripHold::Response response = reader.takeResponse();
    QCOMPARE(response.status, 202);
    QCOMPARE(response.headers.value("X-A"), QByteArray("1"));
    QCOMPARE(response.body, QByteArray("waiting\n"));
}

void TestSessionParts::gripReaderRefusals_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error");
    QTest::addRow("bad Grip-Hold") << QByteArray("HTTP/1.1 200 OK\r\nGrip-Hold: forever\r\n"
                                                 "Content-Length: 0\r\n\r\n")
                                   << QByteArray() << "sent an invalid GRIP instruction: Grip-Hold";
    QTest::addRow("bad instruct JSON")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/grip-instruct\r\n"
                      "Content-Length: 1\r\n\r\n")
        << QByteArray("{")
        << "sent an invalid application/grip-instruct body: grip-instruct: invalid JSON";
    QTest::addRow("body over the limit")
        << QByteArray("HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\nGrip-Channel: a\r\n"
                      "Content-Length: 40\r\n\r\n")
        << QByteArray(40, 'x') << "sent a GRIP response body over 32 bytes";
    QTest::addRow("bad chunk") << QByteArray(
                                      "HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\n"
                                      "Grip-Channel: a\r\nTransfer-Encoding: chunked\r\n\r\n")
                               << QByteArray("zz\r\n") << "sent a malformed body: ";
}

void TestSessionParts::gripReaderRefusals()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    GripResponseReader reader;
    GripResponseReader::State state = reader.begin("GET", responseHead(head), 32);
    if (state == GripResponseReader::State::NeedMore)
        state = reader.feed(body.constData(), body.size());
    QCOMPARE(state, GripResponseReader::State::Error);
    QVERIFY2(QString::fromUtf8(reader.error()).startsWith(error), reader.error().constData());
}

void TestSessionParts::gripReaderUntilCloseBody()
{
    const auto head =
        responseHead("HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\nGrip-Channel: a\r\n\r\n");
    GripResponseReader reader;
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.feed("first", 5), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.closed(true), GripResponseReader::State::Done);
    QCOMPARE(reader.takeResponse().body, QByteArray("first"));

    // A connection error is no end of the body; neither is a close before Content-Length.
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.closed(false), GripResponseReader::State::Error);
    const auto sized = responseHead("HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\nGrip-Channel: a\r\n"
                                    "Content-Length: 10\r\n\r\n");
    QCOMPARE(reader.begin("GET", sized, 1024), GripResponseReader::State::NeedMore);
    QCOMPARE(reader.closed(true), GripResponseReader::State::Error);
    QCOMPARE(reader.error(), QByteArray("closed the connection in the middle of a GRIP response"));
}

void TestSessionParts::gripReaderSaysWhatItDoesNotDo()
{
    GripResponseReader reader;
    const auto head = responseHead("HTTP/1.1 200 OK\r\nGrip-Hold: stream\r\nGrip-Channel: a\r\n"
                                   "Grip-Link: </next>; rel=next\r\nContent-Length: 0\r\n\r\n");
    QCOMPARE(reader.begin("GET", head, 1024), GripResponseReader::State::Done);
    QVERIFY2(reader.unsupported().contains("Grip-Link rel=next (reliable streaming)"),
             reader.unsupported().join(", ").constData());
}

void TestSessionParts::goneCallbackTargets_data()
{
    QTest::addColumn<QByteArray>("url");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("host");
    QTest::addRow("absolute path")
        << QByteArray("/left?who=1") << QByteArray("/left?who=1") << QByteArray("app.test");
    QTest::addRow("relative") << QByteArray("gone") << QByteArray("/stream/gone")
                              << QByteArray("app.test");
    QTest::addRow("absolute URL") << QByteArray("https://other.test:8443/g/x?y=%20")
                                  << QByteArray("/g/x?y=%20") << QByteArray("other.test:8443");
    QTest::addRow("URL without path")
        << QByteArray("http://other.test") << QByteArray("/") << QByteArray("other.test");
}

void TestSessionParts::goneCallbackTargets()
{
    QFETCH(QByteArray, url);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, host);
    const HttpRequestHead request =
        requestHead("GET /stream/events?x=1 HTTP/1.1\r\nHost: app.test\r\n\r\n");
    QByteArray gotPath;
    QByteArray gotHost;
    GoneCallback::resolve(url, request, &gotPath, &gotHost);
    QCOMPARE(gotPath, path);
    QCOMPARE(gotHost, host);
}

void TestSessionParts::privateAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("isPrivate");
    for (const char *address :
         {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
          "169.254.0.5", "0.0.0.0", "::1", "::", "fc00::1", "fdab::1", "fe80::1", "febf::1",
          "::ffff:127.0.0.1", "::ffff:10.0.0.1"})
        QTest::addRow("%s", address) << QString::fromLatin1(address) << true;
    for (const char *address : {"8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1",
                                "11.0.0.1", "2001:db8::1", "fec0::1", "::2", "::ffff:8.8.8.8"})
        QTest::addRow("%s", address) << QString::fromLatin1(address) << false;
}

void TestSessionParts::privateAddresses()
{
    QFETCH(QString, address);
    QFETCH(bool, isPrivate);
    const QHostAddress parsed(address);
    QVERIFY(!parsed.isNull());
    QCOMPARE(OriginDialer::isPrivateAddress(parsed), isPrivate);
}

void TestSessionParts::holdChannelsFollowTheRoute()
{
    GripInstruction instruction;
    instruction.hold = GripInstruction::Hold::Stream;
    instruction.channels = {GripChannel{"news", "7", {}}, GripChannel{"sport", {}, {}}};
    // prefix= goes before the backend's names only; sub= joins as written, once.
    const GripInstruction routed =
        GripHold::routed(instruction, "app-", {"app-news", "global", "global"});
    QList<QByteArray> names;
    for (const GripChannel &channel : routed.channels)
        names.append(channel.name);
    QCOMPARE(names, (QList<QByteArray>{"app-news", "app-sport", "global"}));
    QCOMPARE(routed.channels.first().prevId, QByteArray("7"));
    // Without either option the instruction is unchanged.
    QCOMPARE(GripHold::routed(instruction, {}, {}).channels.size(), 2);
    QCOMPARE(GripHold::routed(instruction, {}, {}).channels.first().name, QByteArray("news"));
}

void TestSessionParts::origHeadersAreMarkedCopies()
{
    Route route;
    route.origHeaders = true;
    route.headers = {{"X-Tenant", "rewritten"}};
    RouteTarget target;
    target.host = "origin.test";
    target.port = 80;
    const HttpRequestHead request =
        requestHead("GET /a HTTP/1.1\r\nHost: app.test\r\nX-Tenant: client\r\n"
                    "eb9bf0f5-X-Seen: upstream\r\nConnection: keep-alive\r\n\r\n");
    const QByteArray head =
        OriginRequest::head(request, route, target, plainHop(), Configuration(), false);
    // As in Pushpin the copies are taken after the route's header= and before the proxy's own
    // changes (hop-by-hop removal, X-Forwarded-For); a header the client marked passes as it is.
    QVERIFY2(head.contains("\r\nX-Tenant: rewritten\r\n"), head.constData());
    QVERIFY2(head.contains("\r\neb9bf0f5-X-Tenant: rewritten\r\n"), head.constData());
    QVERIFY2(!head.contains("eb9bf0f5-X-Forwarded-For"), head.constData());
    QVERIFY2(head.contains("\r\neb9bf0f5-Host: app.test\r\n"), head.constData());
    QVERIFY2(head.contains("\r\neb9bf0f5-Connection: keep-alive\r\n"), head.constData());
    QVERIFY2(head.contains("\r\neb9bf0f5-X-Seen: upstream\r\n"), head.constData());
    QVERIFY2(!head.contains("eb9bf0f5-eb9bf0f5"), head.constData());
}

void TestSessionParts::routeHeaderWithoutValueRemoves()
{
    Route route;
    route.headers = {{"Cookie", ""}, {"X-Added", "1"}};
    RouteTarget target;
    target.host = "origin.test";
    target.port = 80;
    const HttpRequestHead request =
        requestHead("GET /a HTTP/1.1\r\nHost: app.test\r\nCookie: a=1\r\ncookie: b=2\r\n\r\n");
    const QByteArray head =
        OriginRequest::head(request, route, target, plainHop(), Configuration(), false);
    QVERIFY2(!head.toLower().contains("cookie"), head.constData());
    QVERIFY2(head.contains("\r\nX-Added: 1\r\n"), head.constData());
}

void TestSessionParts::markedClientHeadersAreDroppedWithoutOrigHeaders()
{
    Route route;
    RouteTarget target;
    target.host = "origin.test";
    target.port = 80;
    const HttpRequestHead request = requestHead(
        "GET /a HTTP/1.1\r\nHost: app.test\r\nEB9BF0F5-X-Forged: yes\r\nX-Kept: 1\r\n\r\n");
    const QByteArray head =
        OriginRequest::head(request, route, target, plainHop(), Configuration(), false);
    QVERIFY2(!head.toLower().contains("eb9bf0f5"), head.constData());
    QVERIFY2(head.contains("\r\nX-Kept: 1\r\n"), head.constData());
}

// Pushpin's set_x_forwarded_protocol and x_forwarded_for rules on what the origin is told.
void TestSessionParts::forwardingRules_data()
{
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<int>("mode"); // Configuration::ForwardedProto
    QTest::addColumn<int>("truncate");
    QTest::addColumn<bool>("append");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("websocket");
    QTest::addColumn<QByteArray>("forwardedFor");   // empty: no header
    QTest::addColumn<QByteArray>("forwardedProto"); // empty: no header
    QTest::addColumn<QByteArray>("forwardedProtocol");
    const int protoOnly = int(Configuration::ForwardedProto::ProtoOnly);
    const int both = int(Configuration::ForwardedProto::Both);
    const int off = int(Configuration::ForwardedProto::Off);
    const QByteArray said = "X-Forwarded-For: 1.1.1.1, 2.2.2.2\r\nX-Forwarded-Proto: https\r\n"
                            "X-Forwarded-Protocol: https\r\n";
    QTest::addRow("defaults, plain: a client's proto is not believed")
        << said << protoOnly << -1 << true << false << false
        << QByteArray("1.1.1.1, 2.2.2.2, 10.0.0.9") << QByteArray() << QByteArray();
    QTest::addRow("defaults, TLS") << QByteArray() << protoOnly << -1 << true << true << false
                                   << QByteArray("10.0.0.9") << QByteArray("https") << QByteArray();
    QTest::addRow("TLS WebSocket") << QByteArray() << protoOnly << -1 << true << true << true
                                   << QByteArray("10.0.0.9") << QByteArray("wss") << QByteArray();
    QTest::addRow("both headers") << QByteArray() << both << -1 << true << true << false
                                  << QByteArray("10.0.0.9") << QByteArray("https")
                                  << QByteArray("https");
    QTest::addRow("off passes the client's")
        << said << off << -1 << true << true << false << QByteArray("1.1.1.1, 2.2.2.2, 10.0.0.9")
        << QByteArray("https") << QByteArray("https");
    QTest::addRow("truncate:0,append") << said << protoOnly << 0 << true << false << false
                                       << QByteArray("10.0.0.9") << QByteArray() << QByteArray();
    QTest::addRow("truncate:1") << said << protoOnly << 1 << false << false << false
                                << QByteArray("2.2.2.2") << QByteArray() << QByteArray();
    QTest::addRow("Pushpin's default: as it is")
        << said << protoOnly << -1 << false << false << false << QByteArray("1.1.1.1, 2.2.2.2")
        << QByteArray() << QByteArray();
    QTest::addRow("truncate:0 alone removes it")
        << said << protoOnly << 0 << false << false << false << QByteArray() << QByteArray()
        << QByteArray();
}

void TestSessionParts::forwardingRules()
{
    QFETCH(QByteArray, client);
    QFETCH(int, mode);
    QFETCH(int, truncate);
    QFETCH(bool, append);
    QFETCH(bool, tls);
    QFETCH(bool, websocket);
    QFETCH(QByteArray, forwardedFor);
    QFETCH(QByteArray, forwardedProto);
    QFETCH(QByteArray, forwardedProtocol);
    Configuration config;
    config.setXForwardedProto = Configuration::ForwardedProto(mode);
    config.xffRule = Configuration::XffRule{truncate, append};
    ClientHop hop = plainHop();
    hop.tls = tls;
    hop.websocket = websocket;
    const HttpHeaders headers = OriginRequest::forwardedHeaders(
        requestHead("GET / HTTP/1.1\r\nHost: a\r\n" + client + "\r\n").headers, Route(), hop,
        config, false, {});
    QCOMPARE(headers.values("X-Forwarded-For"),
             forwardedFor.isEmpty() ? QList<QByteArray>() : QList<QByteArray>{forwardedFor});
    QCOMPARE(headers.values("X-Forwarded-Proto"),
             forwardedProto.isEmpty() ? QList<QByteArray>() : QList<QByteArray>{forwardedProto});
    QCOMPARE(headers.values("X-Forwarded-Protocol"), forwardedProtocol.isEmpty()
                                                         ? QList<QByteArray>()
                                                         : QList<QByteArray>{forwardedProtocol});
}

void TestSessionParts::acceptedForwardedProtoMakesTheRequestTls()
{
    Configuration config;
    const HttpHeaders says =
        requestHead("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\n\r\n").headers;
    const HttpHeaders protocol =
        requestHead("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Protocol: wss\r\n\r\n").headers;
    const HttpHeaders plain =
        requestHead("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: http\r\n\r\n").headers;
    QVERIFY(!ClientHop::of("10.0.0.9", false, says, false, config, 0).tls);
    config.acceptXForwardedProto = true;
    QVERIFY(ClientHop::of("10.0.0.9", false, says, false, config, 0).tls);
    QVERIFY(ClientHop::of("10.0.0.9", false, protocol, false, config, 0).tls);
    QVERIFY(!ClientHop::of("10.0.0.9", false, plain, false, config, 0).tls);
    QVERIFY(ClientHop::of("10.0.0.9", true, plain, false, config, 0).tls);
}

void TestSessionParts::upstreamSignedRequestIsTrusted()
{
    constexpr qint64 Now = 1'800'000'000;
    Configuration config;
    config.upstreamKey = "upstream-secret";
    config.xffTrustedRule = Configuration::XffRule{-1, false};
    const auto headersWith = [](const QByteArray &token) {
        return requestHead("GET / HTTP/1.1\r\nHost: a\r\nGrip-Sig: " + token +
                           "\r\nGrip-Last: c; last-id=1\r\nX-Forwarded-For: 9.9.9.9\r\n\r\n")
            .headers;
    };
    const QByteArray good = GripSigner::fromKey("upstream-secret", "fanout").token(Now);
    const QByteArray other = GripSigner::fromKey("another-secret", "fanout").token(Now);
    const QByteArray expired = GripSigner::fromKey("upstream-secret", "fanout").token(Now - 7200);
    QVERIFY(!good.isEmpty());
    QVERIFY(!ClientHop::of("10.0.0.9", false, headersWith(other), false, config, Now).trusted);
    QVERIFY(!ClientHop::of("10.0.0.9", false, headersWith(expired), false, config, Now).trusted);
    Configuration noKey;
    QVERIFY(!ClientHop::of("10.0.0.9", false, headersWith(good), false, noKey, Now).trusted);

    const ClientHop hop = ClientHop::of("10.0.0.9", false, headersWith(good), false, config, Now);
    QVERIFY(hop.trusted);
    // The upstream's Grip-* pass, none of ours is added, and the trusted X-Forwarded-For rule.
    const HttpHeaders headers =
        OriginRequest::forwardedHeaders(headersWith(good), Route(), hop, config, true, "ours");
    QCOMPARE(headers.values("Grip-Sig"), QList<QByteArray>{good});
    QCOMPARE(headers.value("Grip-Last"), QByteArray("c; last-id=1"));
    QVERIFY(!headers.contains("Grip-Feature"));
    QCOMPARE(headers.value("X-Forwarded-For"), QByteArray("9.9.9.9"));
    // Untrusted, the same headers lose their Grip-* and get ours.
    const HttpHeaders untrusted = OriginRequest::forwardedHeaders(headersWith(other), Route(),
                                                                  plainHop(), config, true, "ours");
    QCOMPARE(untrusted.values("Grip-Sig"), QList<QByteArray>{"ours"});
    QVERIFY(!untrusted.contains("Grip-Last"));
    QCOMPARE(untrusted.value("X-Forwarded-For"), QByteArray("9.9.9.9, 10.0.0.9"));
}

void TestSessionParts::gripFeatureTellsTheBackendWhatHoldfastDoes()
{
    const HttpHeaders client =
        requestHead("GET / HTTP/1.1\r\nHost: a\r\nGrip-Feature: everything\r\n\r\n").headers;
    const HttpHeaders grip =
        OriginRequest::forwardedHeaders(client, Route(), plainHop(), Configuration(), true, "s");
    QCOMPARE(grip.values("Grip-Feature"), QList<QByteArray>{OriginRequest::GripFeatures});
    const HttpHeaders plain =
        OriginRequest::forwardedHeaders(client, Route(), plainHop(), Configuration(), false, {});
    QVERIFY(!plain.contains("Grip-Feature"));
    QVERIFY(!plain.contains("Grip-Sig"));
}

QTEST_GUILESS_MAIN(TestSessionParts)
#include "tst_sessionparts.moc"
