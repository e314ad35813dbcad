#include "proxy/proxysession.h"

#include "core/configuration.h"
#include "proxy/connectionregistry.h"
#include "core/logging.h"
#include "grip/griplint.h"
#include "grip/gripsigner.h"
#include "handler/channelhub.h"
#include "proxy/selfbackend.h"
#include "ws/wshandshake.h"

#include <utility>

#include <unistd.h>

#include <QUrl>
#include "http/httpwriter.h"
#include "net/timerwheel.h"
#include "net/tlsclientcontext.h"
#include "proxy/originrequest.h"
#include "proxy/sessiontracer.h"
#include "routes/routetable.h"
#include "ws/wsframe.h"
#include "http/httpstatus.h"

namespace {
// Owner of fire-and-forget streams: they close themselves once their request is written.
class NoStreamClient final : public StreamClient
{
public:
    void onStreamConnected(Stream *) override {}
    void onStreamData(Stream *, const char *, qsizetype) override {}
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *, const QString &) override {}
};

// Bytes after a request that wait for its response (pipelining, early WebSocket frames).
constexpr qsizetype HeldClientBytesMax = 64 * 1024;

QByteArray addressText(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped ? QHostAddress(v4).toString().toLatin1() : address.toString().toLatin1();
}
} // namespace

ProxySession::ProxySession(BrokerContext &context, quint64 id, int fd, const QHostAddress &peer,
                           quint16 peerPort, SSL_CTX *tls)
    : m_context(context), m_requestParser(context.config->maxHeaderBytes),
      m_backlog(context.config->maxPendingMessages, context.config->maxPendingBytes,
                context.config->maxPendingBytesTotal)
{
    m_info.id = id;
    m_info.startedUtc = QDateTime::currentDateTimeUtc();
    m_clientIp = addressText(peer);
    m_info.clientAddress =
        QString::fromLatin1((m_clientIp.contains(':') ? "[" + m_clientIp + "]" : m_clientIp) + ':' +
                            QByteArray::number(peerPort));
    m_clientTls = tls != nullptr;
    QString error;
    if (tls)
        m_client = Stream::adoptTls(context.reactor, fd, this, tls, &error);
    if (tls && !m_client) {
        // Out of memory in OpenSSL: the descriptor is still ours to close, quietly.
        qCWarning(lcTls, "conn %llu: cannot start TLS: %s", id, qPrintable(error));
        ::close(fd);
        return;
    }
    if (!m_client)
        m_client = Stream::adopt(context.reactor, fd, this);
}

ProxySession::~ProxySession()
{
    if (m_client)
        m_client->close();
    if (m_origin)
        m_origin->close();
}

ConnectionInfo ProxySession::info() const
{
    ConnectionInfo copy = m_info;
    copy.messagesFromClient = m_readers[ClientToOrigin].messages();
    copy.messagesToClient = m_readers[OriginToClient].messages() + m_heldMessages +
                            (m_hold ? m_hold->messagesSent() : 0);
    if (m_link) {
        copy.messagesFromClient = m_link->messagesFromClient();
        copy.messagesToClient = m_link->messagesToClient();
        copy.channels = m_link->channels();
    }
    copy.pings = m_readers[ClientToOrigin].pings() + m_readers[OriginToClient].pings();
    copy.queuedToClient = m_client ? quint64(m_client->pendingBytes()) : 0;
    copy.queuedToOrigin = m_origin ? quint64(m_origin->pendingBytes()) : 0;
    return copy;
}

void ProxySession::start()
{
    m_context.registry->add(this);
    if (!m_client) {
        finish("cannot start TLS");
        return;
    }
    m_headDeadlineMs = m_context.timers->nowMs() + m_context.config->headerTimeoutMs;
    m_context.timers->schedule(id(), HeaderTimer, m_context.config->headerTimeoutMs);
    qCInfo(lcConn, "conn %llu opened from %s", id(), qPrintable(m_info.clientAddress));
}

void ProxySession::changed()
{
    m_context.registry->markChanged(this);
}

QByteArray ProxySession::routeLabel() const
{
    return m_route ? "route '" + m_route->id + "'" : QByteArray("no route");
}

void ProxySession::writeToSubscriber(const QByteArray &bytes)
{
    if (!m_client || bytes.isEmpty())
        return;
    m_client->writeAtTurnEnd(bytes);
    m_info.bytesToClient += quint64(bytes.size());
}

Stream *ProxySession::destination(Direction direction) const
{
    return direction == ClientToOrigin ? m_origin : m_client;
}

void ProxySession::writeTo(Direction direction, const char *data, qsizetype size)
{
    Stream *target = destination(direction);
    if (!target || size <= 0)
        return;
    target->write(data, size);
    if (direction == OriginToClient)
        m_info.bytesToClient += quint64(size);
    if (target->pendingBytes() <= m_context.config->relayHighWaterBytes)
        return;
    if (direction == ClientToOrigin) {
        m_clientBackpressured = true;
        updateClientReading();
    } else if (m_origin) {
        m_originBackpressured = true;
        m_origin->setReadingPaused(true);
    }
}

void ProxySession::updateClientReading()
{
    if (!m_client)
        return;
    bool hold = false;
    switch (m_phase) {
    case Phase::Resolving:
    case Phase::Connecting:
    case Phase::AwaitingResponse:
    case Phase::RelayingResponse:
    case Phase::ReadingGripBody:
    case Phase::Held:
        hold = m_requestBody.isComplete() ? !m_heldClientBytes.isEmpty()
                                          : m_heldClientBytes.size() >= HeldClientBytesMax;
        break;
    default:
        break;
    }
    m_client->setReadingPaused(m_clientBackpressured || hold);
}

void ProxySession::onStreamData(Stream *stream, const char *data, qsizetype size)
{
    if (stream == m_client) {
        m_info.bytesFromClient += quint64(size);
        handleClientBytes(data, size);
    } else if (stream == m_origin) {
        handleOriginBytes(data, size);
    }
    if (m_phase != Phase::Finished)
        changed();
}

void ProxySession::handleClientBytes(const char *data, qsizetype size)
{
    switch (m_phase) {
    case Phase::ReadingHead:
        parseClientHead(data, size);
        return;
    case Phase::Resolving:
    case Phase::Connecting:
    case Phase::AwaitingResponse:
    case Phase::RelayingResponse:
        if (!m_requestBody.isComplete() && m_origin && m_origin->state() == Stream::State::Open &&
            m_heldClientBytes.isEmpty()) {
            forwardRequestBody(data, size);
            return;
        }
        m_heldClientBytes.append(data, size);
        updateClientReading();
        return;
    case Phase::ReadingGripBody:
    case Phase::Held:
        m_heldClientBytes.append(data, size);
        updateClientReading();
        return;
    case Phase::WsFanout:
        m_link->onClientData(data, size);
        return;
    case Phase::Tunnel:
        relayTunnel(ClientToOrigin, data, size);
        return;
    case Phase::TunnelClosing:
        relayUntilBoundaryThenClose(ClientToOrigin, data, size);
        return;
    case Phase::Finished:
        return;
    }
}

void ProxySession::parseClientHead(const char *data, qsizetype size)
{
    qsizetype consumed = 0;
    switch (m_requestParser.feed(data, size, &consumed)) {
    case HttpRequestParser::State::NeedMore:
        return;
    case HttpRequestParser::State::Error:
        respondError(m_requestParser.errorStatus(), m_requestParser.errorText());
        return;
    case HttpRequestParser::State::Done:
        m_heldClientBytes = QByteArray(data + consumed, size - consumed);
        beginRequest();
        return;
    }
}

void ProxySession::forwardRequestBody(const char *data, qsizetype size)
{
    const qsizetype body = m_requestBody.feed(data, size);
    if (m_requestBody.hasError()) {
        respondError(400, "malformed request body: " + m_requestBody.errorText());
        return;
    }
    writeTo(ClientToOrigin, data, body);
    if (body < size) {
        m_heldClientBytes.append(data + body, size - body);
        updateClientReading();
    }
}

void ProxySession::beginRequest()
{
    const HttpRequestHead &head = m_requestParser.head();
    ++m_info.requests;
    m_info.path = head.path();
    m_info.userAgent = head.headers.value("User-Agent");
    m_info.requestHeaders.clear();
    for (const HttpHeader &header : head.headers.list())
        m_info.requestHeaders.append({header.name, header.value});
    if (m_tracer)
        m_tracer->requestHead(head);
    m_headDeadlineMs = 0;
    m_websocket = head.isWebSocketUpgrade();
    m_closeAfterResponse = m_websocket || !head.keepAlive() || m_context.stopping;
    m_routes = m_context.routes;
    m_route = m_routes ? m_routes->match(head.host(), head.path(), m_websocket, false) : nullptr;
    if (!m_route) {
        respondError(404, "no route for host '" + head.host() + "' and path '" + head.path() + "'");
        return;
    }
    m_info.routeId = m_route->id;
    // As in Pushpin, plain HTTP on every route is GRIP unless the route says no_grip.
    m_grip = !m_websocket && !m_route->noGrip;
    const RouteTarget &first = m_route->targets.first();
    if (first.isTest && !m_websocket) {
        startSelfBackend();
        return;
    }
    if (m_websocket && (first.overHttp || first.isTest)) {
        int status = 400;
        QByteArray why;
        if (!WsHandshake::validate(head, &status, &why)) {
            respondError(status, "not a valid WebSocket handshake: " + why);
            return;
        }
        m_wsOverHttp = true;
        if (first.isTest) {
            startWsFanout(QHostAddress());
            return;
        }
    }
    m_requestBody = HttpBodyFramer::forRequest(head);
    m_targetIndex = 0;
    connectToTarget();
    updateClientReading();
}

void ProxySession::connectToTarget()
{
    const RouteTarget &target = m_route->targets.at(m_targetIndex);
    m_info.origin = OriginRequest::describe(target);
    m_info.state = ConnectionInfo::State::Connecting;
    m_phase = Phase::Resolving;
    m_connectDeadlineMs = m_context.timers->nowMs() + m_context.config->connectTimeoutMs;
    m_context.timers->schedule(id(), ConnectTimer, m_context.config->connectTimeoutMs);
    const QHostAddress literal(QString::fromLatin1(target.host));
    if (!literal.isNull())
        connectToAddress(literal);
    else if (target.host.compare("localhost", Qt::CaseInsensitive) == 0)
        connectToAddress(QHostAddress(QHostAddress::LocalHost));
    else
        m_context.resolve(target.host, id());
}

void ProxySession::onResolved(const QList<QHostAddress> &addresses, const QString &error)
{
    if (m_phase != Phase::Resolving)
        return;
    if (addresses.isEmpty()) {
        targetFailed(QStringLiteral("cannot resolve its name (%1)").arg(error), false);
        return;
    }
    QHostAddress chosen = addresses.first();
    for (const QHostAddress &address : addresses) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            chosen = address;
            break;
        }
    }
    connectToAddress(chosen);
}

void ProxySession::connectToAddress(const QHostAddress &address)
{
    m_originAddress = address;
    if (m_wsOverHttp) {
        // Each WebSocket-over-HTTP request opens its own backend connection.
        startWsFanout(address);
        return;
    }
    const RouteTarget &target = m_route->targets.at(m_targetIndex);
    m_phase = Phase::Connecting;
    QString error;
    m_origin = Stream::connectTo(m_context.reactor, address, target.port, this, &error);
    if (!m_origin) {
        targetFailed(error, false);
        return;
    }
    if (target.ssl &&
        !m_origin->enableTls(m_context.tls->context(!target.untrusted),
                             OriginRequest::tlsServerName(target), !target.untrusted, &error)) {
        targetFailed(error, false);
    }
}

void ProxySession::targetFailed(const QString &error, bool timedOut)
{
    if (m_origin) {
        m_origin->close();
        m_origin = nullptr;
    }
    const QByteArray origin = m_info.origin;
    const QByteArray why =
        timedOut ? "did not connect within " +
                       QByteArray::number(m_context.config->connectTimeoutMs / 1000) + " s"
                 : error.toUtf8();
    qCWarning(lcConn, "conn %llu %s: origin %s failed: %s", id(), routeLabel().constData(),
              origin.constData(), why.constData());
    if (error == Stream::outOfDescriptorsError()) {
        // Our shortage, not the origin's fault, and no other target would fare better.
        HttpHeaders retry;
        retry.add("Retry-After", "5");
        respondError(503, routeLabel() + ": " + why + "; try again later", retry);
        return;
    }
    if (++m_targetIndex < m_route->targets.size()) {
        connectToTarget();
        return;
    }
    const bool certificate = error.startsWith(QLatin1String("TLS"));
    respondError(timedOut ? 504 : 502,
                 routeLabel() + ": origin " + origin +
                     (certificate || timedOut ? QByteArray(" ") : QByteArray(" unreachable: ")) +
                     why);
}

void ProxySession::onStreamConnected(Stream *stream)
{
    if (stream != m_origin)
        return;
    m_phase = Phase::AwaitingResponse;
    m_connectDeadlineMs = 0;
    m_responseDeadlineMs = m_context.timers->nowMs() + m_context.config->responseTimeoutMs;
    m_context.timers->schedule(id(), ResponseTimer, m_context.config->responseTimeoutMs);
    m_info.state = ConnectionInfo::State::Open;
    const QByteArray head = OriginRequest::head(
        m_requestParser.head(), *m_route, m_route->targets.at(m_targetIndex), m_clientIp,
        m_clientTls, m_grip ? m_context.gripSignature(*m_route) : QByteArray());
    writeTo(ClientToOrigin, head.constData(), head.size());
    QByteArray held;
    held.swap(m_heldClientBytes);
    if (!held.isEmpty())
        handleClientBytes(held.constData(), held.size());
    updateClientReading();
    changed();
}

void ProxySession::handleOriginBytes(const char *data, qsizetype size)
{
    switch (m_phase) {
    case Phase::AwaitingResponse:
        handleResponseHead(data, size);
        return;
    case Phase::RelayingResponse:
        relayResponseBody(data, size);
        return;
    case Phase::ReadingGripBody:
        readGripBody(data, size);
        return;
    case Phase::Tunnel:
        relayTunnel(OriginToClient, data, size);
        return;
    case Phase::TunnelClosing:
        relayUntilBoundaryThenClose(OriginToClient, data, size);
        return;
    default:
        return;
    }
}

void ProxySession::handleResponseHead(const char *data, qsizetype size)
{
    while (size > 0) {
        qsizetype consumed = 0;
        const auto state = m_responseParser.feed(data, size, &consumed);
        m_originHead.append(data, consumed);
        data += consumed;
        size -= consumed;
        if (state == HttpResponseParser::State::NeedMore)
            return;
        if (state == HttpResponseParser::State::Error) {
            respondError(502, routeLabel() + ": origin " + m_info.origin +
                                  " sent a malformed response: " + m_responseParser.errorText());
            return;
        }
        const HttpResponseHead &head = m_responseParser.head();
        if (m_tracer && !m_grip)
            m_tracer->responseHead(TraceEntry::Direction::FromBackend, head);
        if (head.status == 101 && m_websocket) {
            writeTo(OriginToClient, m_originHead.constData(), m_originHead.size());
            m_originHead = QByteArray();
            startTunnel(data, size);
            return;
        }
        if (head.status == 101) {
            respondError(502, routeLabel() + ": origin " + m_info.origin +
                                  " switched protocols on a request that asked for no upgrade");
            return;
        }
        if (head.status < 200) {
            // Interim responses (100 Continue, 103 Early Hints) go through as they are.
            writeTo(OriginToClient, m_originHead.constData(), m_originHead.size());
            m_originHead.clear();
            m_responseParser.reset();
            continue;
        }
        if (m_grip && handleGripResponse(data, size))
            return;
        m_responseBody = HttpBodyFramer::forResponse(m_requestParser.head().method, head);
        m_closeAfterResponse = m_closeAfterResponse ||
                               m_responseBody.kind() == HttpBodyFramer::Kind::UntilClose ||
                               !m_requestBody.isComplete();
        HttpHeaders headers = m_grip ? GripInstruction::clientHeaders(head.headers) : head.headers;
        headers.removeHopByHop();
        if (m_closeAfterResponse)
            headers.add("Connection", "close");
        else if (m_requestParser.head().versionMinor == 0)
            headers.add("Connection", "keep-alive");
        const QByteArray out = HttpWriter::responseHead(head.status, head.reason, headers);
        writeTo(OriginToClient, out.constData(), out.size());
        m_info.closeCode = head.status;
        qCInfo(lcConn, "conn %llu %s %s -> %d via %s", id(),
               m_requestParser.head().method.constData(), m_requestParser.head().target.constData(),
               head.status, routeLabel().constData());
        m_originHead = QByteArray();
        m_phase = Phase::RelayingResponse;
        if (m_responseBody.isComplete())
            finishResponse();
        else if (size > 0)
            relayResponseBody(data, size);
        return;
    }
}

void ProxySession::relayResponseBody(const char *data, qsizetype size)
{
    const qsizetype body = m_responseBody.feed(data, size);
    if (m_responseBody.hasError()) {
        qCWarning(lcConn, "conn %llu %s: origin %s sent a malformed body: %s", id(),
                  routeLabel().constData(), m_info.origin.constData(),
                  m_responseBody.errorText().constData());
        if (m_client)
            m_client->close();
        m_client = nullptr;
        finish("origin sent a malformed body");
        return;
    }
    writeTo(OriginToClient, data, body);
    if (m_responseBody.isComplete())
        finishResponse();
}

void ProxySession::finishResponse()
{
    if (m_origin) {
        m_origin->close();
        m_origin = nullptr;
    }
    m_originBackpressured = false;
    if (m_closeAfterResponse || m_context.stopping) {
        finish("response complete");
        return;
    }
    readNextRequest();
}

void ProxySession::readNextRequest()
{
    m_phase = Phase::ReadingHead;
    m_info.state = ConnectionInfo::State::Reading;
    m_requestParser.reset();
    m_responseParser.reset();
    m_headDeadlineMs = m_context.timers->nowMs() + m_context.config->headerTimeoutMs;
    m_context.timers->schedule(id(), HeaderTimer, m_context.config->headerTimeoutMs);
    QByteArray held;
    held.swap(m_heldClientBytes);
    updateClientReading();
    if (!held.isEmpty())
        handleClientBytes(held.constData(), held.size());
}

void ProxySession::startTunnel(const char *rest, qsizetype size)
{
    m_phase = Phase::Tunnel;
    m_info.transport = ConnectionInfo::Transport::WebSocketPassthrough;
    m_info.state = ConnectionInfo::State::Open;
    m_info.closeCode = 0;
    qCInfo(lcConn, "conn %llu websocket %s via %s to %s", id(),
           m_requestParser.head().target.constData(), routeLabel().constData(),
           m_info.origin.constData());
    if (m_route->maxConnTimeSeconds > 0) {
        const qint64 delay = qint64(m_route->maxConnTimeSeconds) * 1000;
        m_tunnelDeadlineMs = m_context.timers->nowMs() + delay;
        m_context.timers->schedule(id(), MaxConnTimeTimer, delay);
    }
    if (size > 0)
        relayTunnel(OriginToClient, rest, size);
    QByteArray held;
    held.swap(m_heldClientBytes);
    if (!held.isEmpty() && m_phase == Phase::Tunnel)
        relayTunnel(ClientToOrigin, held.constData(), held.size());
    updateClientReading();
    if (m_context.stopping && m_phase == Phase::Tunnel)
        beginTunnelClose(1001, "broker shutting down");
}

void ProxySession::relayTunnel(Direction direction, const char *data, qsizetype size)
{
    WsFrameReader &reader = m_readers[direction];
    reader.feed(data, size);
    if (m_tracer) {
        m_tracer->frames(direction == ClientToOrigin, data, size);
        m_tracer->alignAfterFeed(direction == ClientToOrigin, reader);
    }
    writeTo(direction, data, size);
    if (reader.closeSeen() && m_info.closeCode == 0) {
        m_info.closeCode = reader.closeCode();
        m_info.closeReason = reader.closeReason();
    }
}

void ProxySession::beginTunnelClose(quint16 code, const QByteArray &reason)
{
    m_phase = Phase::TunnelClosing;
    m_info.state = ConnectionInfo::State::Closing;
    if (m_info.closeCode == 0) {
        m_info.closeCode = code;
        m_info.closeReason = reason;
    }
    for (Direction direction : {ClientToOrigin, OriginToClient}) {
        WsFrameReader &reader = m_readers[direction];
        if (reader.closeSeen()) {
            // That peer already sent its close; a second one would break the protocol.
            m_closeInjected[direction] = true;
            m_sideEnded[direction] = true;
        } else if (reader.atFrameBoundary()) {
            const QByteArray frame = WsFrame::closeFrame(code, reason, direction == ClientToOrigin);
            writeTo(direction, frame.constData(), frame.size());
            m_closeInjected[direction] = true;
        }
    }
    m_closeDeadlineMs = m_context.timers->nowMs() + m_context.config->shutdownGraceMs;
    m_context.timers->schedule(id(), CloseGraceTimer, m_context.config->shutdownGraceMs);
    m_closeCodePending = code;
    m_closeReasonPending = reason;
    checkTunnelClosed();
}

void ProxySession::relayUntilBoundaryThenClose(Direction direction, const char *data,
                                               qsizetype size)
{
    WsFrameReader &reader = m_readers[direction];
    if (!m_closeInjected[direction]) {
        // Finish the frame in flight so the close lands on a frame boundary; this path is rare
        // and short, so feeding byte by byte is fine.
        qsizetype used = 0;
        while (used < size && !reader.atFrameBoundary() && !reader.hasError()) {
            reader.feed(data + used, 1);
            ++used;
        }
        writeTo(direction, data, used);
        data += used;
        size -= used;
        if (reader.atFrameBoundary() || reader.hasError()) {
            const QByteArray frame = WsFrame::closeFrame(m_closeCodePending, m_closeReasonPending,
                                                         direction == ClientToOrigin);
            writeTo(direction, frame.constData(), frame.size());
            m_closeInjected[direction] = true;
        }
    }
    // After our close, the only bytes that matter from this peer are its close reply.
    const bool before = reader.closeSeen();
    reader.feed(data, size);
    if (reader.closeSeen() && (before || m_closeInjected[direction]))
        m_sideEnded[direction] = true;
    checkTunnelClosed();
}

void ProxySession::checkTunnelClosed()
{
    if (m_phase != Phase::TunnelClosing)
        return;
    const bool clientDone = m_sideEnded[ClientToOrigin] || !m_client;
    const bool originDone = m_sideEnded[OriginToClient] || !m_origin;
    if (clientDone && originDone && m_closeInjected[ClientToOrigin] &&
        m_closeInjected[OriginToClient])
        finish(m_info.closeReason);
}

void ProxySession::onStreamDrained(Stream *stream)
{
    changed();
    if (stream == m_client)
        m_backlog.drained();
    if (stream == m_origin && m_clientBackpressured) {
        m_clientBackpressured = false;
        updateClientReading();
    } else if (stream == m_client && m_originBackpressured && m_origin) {
        m_originBackpressured = false;
        m_origin->setReadingPaused(false);
    }
}

void ProxySession::onStreamClosed(Stream *stream, const QString &error)
{
    if (stream == m_client && stream->handshakeFailed())
        m_context.tlsHandshakeFailed(m_clientIp, error);
    if (stream == m_client && m_phase == Phase::WsFanout) {
        // The backend still hears about it (DISCONNECT) before the session ends.
        m_client = nullptr;
        m_link->onClientDropped();
        return;
    }
    if (stream == m_client && m_phase == Phase::Held && !m_goneUrl.isEmpty())
        sendGoneCallback();
    if (stream == m_client) {
        m_client = nullptr;
        const QByteArray reason = error.isEmpty() ? QByteArray("client closed")
                                                  : "client connection failed: " + error.toUtf8();
        if (m_phase == Phase::TunnelClosing) {
            m_sideEnded[ClientToOrigin] = true;
            m_closeInjected[OriginToClient] = true;
            checkTunnelClosed();
            return;
        }
        if (m_phase != Phase::Tunnel && m_origin) {
            m_origin->close();
            m_origin = nullptr;
        }
        finish(reason);
        return;
    }
    if (stream != m_origin)
        return;
    m_origin = nullptr;
    switch (m_phase) {
    case Phase::Resolving:
    case Phase::Connecting:
        targetFailed(error.isEmpty() ? QStringLiteral("connection closed") : error, false);
        return;
    case Phase::AwaitingResponse:
        respondError(502, routeLabel() + ": origin " + m_info.origin +
                              " closed the connection without a response" +
                              (error.isEmpty() ? QByteArray() : ": " + error.toUtf8()));
        return;
    case Phase::ReadingGripBody:
        if (error.isEmpty() && m_responseBody.kind() == HttpBodyFramer::Kind::UntilClose) {
            finishGripBody();
            return;
        }
        respondError(502, routeLabel() + ": backend " + m_info.origin +
                              " closed the connection in the middle of a GRIP response");
        return;
    case Phase::RelayingResponse:
        if (error.isEmpty() && m_responseBody.kind() == HttpBodyFramer::Kind::UntilClose) {
            m_closeAfterResponse = true;
            finishResponse();
            return;
        }
        if (m_client)
            m_client->close();
        m_client = nullptr;
        finish("origin closed mid-response");
        return;
    case Phase::Tunnel:
        finish(error.isEmpty() ? QByteArray("origin closed") : "origin failed: " + error.toUtf8());
        return;
    case Phase::TunnelClosing:
        m_sideEnded[OriginToClient] = true;
        m_closeInjected[ClientToOrigin] = true;
        checkTunnelClosed();
        return;
    default:
        return;
    }
}

void ProxySession::onTimer(quint32 kind)
{
    const qint64 now = m_context.timers->nowMs();
    switch (kind) {
    case HeaderTimer:
        if (m_phase != Phase::ReadingHead || m_headDeadlineMs == 0 || now < m_headDeadlineMs)
            return;
        if (m_requestParser.bufferedBytes() > 0 || m_info.requests == 0)
            respondError(408, "no complete request head within " +
                                  QByteArray::number(m_context.config->headerTimeoutMs / 1000) +
                                  " s");
        else
            finish("idle keep-alive connection timed out");
        return;
    case ConnectTimer:
        if ((m_phase == Phase::Resolving || m_phase == Phase::Connecting) &&
            m_connectDeadlineMs != 0 && now >= m_connectDeadlineMs)
            targetFailed(QString(), true);
        return;
    case MaxConnTimeTimer:
        if (m_phase == Phase::Tunnel && now >= m_tunnelDeadlineMs)
            beginTunnelClose(1001, "maximum connection time reached");
        return;
    case CloseGraceTimer:
        if (m_phase == Phase::TunnelClosing && now >= m_closeDeadlineMs)
            finish(m_info.closeReason);
        return;
    case ResponseTimer:
        if (m_phase == Phase::AwaitingResponse && now >= m_responseDeadlineMs)
            respondError(504,
                         routeLabel() + ": origin " + m_info.origin + " sent no response within " +
                             QByteArray::number(m_context.config->responseTimeoutMs / 1000) + " s");
        return;
    case KeepAliveTimer:
    case HoldTimeoutTimer:
        if (m_phase == Phase::Held && m_hold)
            m_hold->onTimer(kind, now);
        return;
    case WsRequestTimer:
    case WsKeepAliveTimer:
    case WsDelayedTimer:
    case WsBackendKeepAliveTimer:
        if (m_phase == Phase::WsFanout && m_link)
            m_link->onTimer(kind, now);
        return;
    default:
        return;
    }
}

void ProxySession::shutdown()
{
    switch (m_phase) {
    case Phase::ReadingHead:
        if (m_requestParser.bufferedBytes() > 0)
            respondError(503, "the broker is shutting down");
        else
            finish("broker shutting down");
        return;
    case Phase::Tunnel:
        beginTunnelClose(1001, "broker shutting down");
        return;
    case Phase::WsFanout:
        m_link->shutdown(1001, "broker shutting down");
        return;
    case Phase::Held:
        if (m_hold && m_hold->isStream() && m_requestParser.head().versionMinor >= 1)
            holdWrite(QByteArrayLiteral("0\r\n\r\n"));
        finish("broker shutting down");
        return;
    case Phase::TunnelClosing:
    case Phase::Finished:
        return;
    default:
        // The request in flight may finish within the grace period; the connection closes after.
        m_closeAfterResponse = true;
        return;
    }
}

void ProxySession::abort(const QByteArray &reason)
{
    if (m_client)
        m_client->close();
    if (m_origin)
        m_origin->close();
    m_client = nullptr;
    m_origin = nullptr;
    finish(reason);
}

void ProxySession::respondError(int status, const QByteArray &text, const HttpHeaders &extra)
{
    if (m_origin) {
        m_origin->close();
        m_origin = nullptr;
    }
    qCInfo(lcConn, "conn %llu -> %d %s", id(), status, text.constData());
    if (m_tracer && status >= 500)
        m_tracer->warning(
            QStringLiteral("The client got %1: %2").arg(status).arg(QString::fromUtf8(text)));
    const QByteArray response = HttpWriter::errorResponse(status, "holdfast: " + text, extra);
    writeTo(OriginToClient, response.constData(), response.size());
    m_info.closeCode = status;
    m_lingerOnClose = true;
    finish(text);
}

void ProxySession::finish(const QByteArray &reason)
{
    if (m_phase == Phase::Finished)
        return;
    m_phase = Phase::Finished;
    if (m_tracer)
        m_tracer->note(QStringLiteral("connection closed: %1").arg(QString::fromUtf8(reason)));
    endHold();
    m_info.state = ConnectionInfo::State::Closed;
    m_info.endedUtc = QDateTime::currentDateTimeUtc();
    if (m_info.closeReason.isEmpty())
        m_info.closeReason = reason;
    // Whatever is queued still reaches the peer; the streams close themselves once drained.
    if (m_client && m_lingerOnClose)
        m_client->closeAfterLinger();
    else if (m_client)
        m_client->closeWhenDrained();
    if (m_origin)
        m_origin->closeWhenDrained();
    m_client = nullptr;
    m_origin = nullptr;
    const ConnectionInfo final = info();
    qCInfo(lcConn,
           "conn %llu closed after %.3f s (%s): %s, in %llu B/%llu msgs, out %llu B/%llu msgs, "
           "code %d",
           id(), double(final.startedUtc.msecsTo(final.endedUtc)) / 1000.0,
           ConnectionInfo::transportName(final.transport).constData(), reason.constData(),
           final.bytesFromClient, final.messagesFromClient, final.bytesToClient,
           final.messagesToClient, final.closeCode);
    m_context.registry->remove(this);
    m_context.reactor->retire(this);
}

bool ProxySession::handleGripResponse(const char *data, qsizetype size)
{
    const HttpResponseHead &head = m_responseParser.head();
    // Kept past the hold's start: the console shows it when it begins watching later.
    m_gripHead = head;
    if (m_tracer)
        m_tracer->gripResponse(head);
    GripInstruction instruction;
    QString error;
    if (!GripInstruction::parse(head.headers, &instruction, &error)) {
        respondError(502, routeLabel() + ": backend " + m_info.origin +
                              " sent an invalid GRIP instruction: " + error.toUtf8());
        return true;
    }
    // What Holdfast parses but does not act on yet is said once per route, never dropped silently.
    if (!instruction.next.url.isEmpty())
        instruction.unsupportedHeaders.append("Grip-Link rel=next (reliable streaming)");
    if (!instruction.meta.isEmpty())
        instruction.unsupportedHeaders.append("Grip-Set-Meta (used by filters)");
    for (const GripChannel &channel : std::as_const(instruction.channels)) {
        if (!channel.filters.isEmpty()) {
            instruction.unsupportedHeaders.append("Grip-Channel filter=");
            break;
        }
    }
    for (const QByteArray &name : std::as_const(instruction.unsupportedHeaders)) {
        const QByteArray key = m_route->id + ' ' + name.toLower();
        if (!m_context.gripHeadersLogged.contains(key)) {
            m_context.gripHeadersLogged.insert(key);
            qCWarning(lcConn, "%s: backend sent %s, which Holdfast does not support yet; ignored",
                      routeLabel().constData(), name.constData());
        }
    }
    const bool instructBody =
        head.headers.value("Content-Type").startsWith("application/grip-instruct");
    if (instruction.hold == GripInstruction::Hold::None && !instructBody)
        return false;
    m_instruction = instruction;
    m_gripBody.clear();
    m_responseBody = HttpBodyFramer::forResponse(m_requestParser.head().method, head);
    m_phase = Phase::ReadingGripBody;
    if (m_responseBody.isComplete())
        finishGripBody();
    else if (size > 0)
        readGripBody(data, size);
    return true;
}

void ProxySession::readGripBody(const char *data, qsizetype size)
{
    m_responseBody.feed(data, size, &m_gripBody);
    if (m_responseBody.hasError()) {
        respondError(502, routeLabel() + ": backend " + m_info.origin +
                              " sent a malformed body: " + m_responseBody.errorText());
        return;
    }
    // Pushpin answers 502 too when a GRIP response is larger than it accepts.
    const qsizetype limit = m_context.config->maxGripBodyBytes;
    if (m_gripBody.size() > limit) {
        respondError(502, routeLabel() + ": backend " + m_info.origin +
                              " sent a GRIP response body over " + QByteArray::number(limit) +
                              " bytes");
        return;
    }
    if (m_responseBody.isComplete())
        finishGripBody();
}

void ProxySession::finishGripBody()
{
    if (m_origin) {
        m_origin->close();
        m_origin = nullptr;
    }
    GripHold::Response response;
    GripInstruction instruction = m_instruction;
    if (m_gripHead.headers.value("Content-Type").startsWith("application/grip-instruct")) {
        QString error;
        HttpHeaders headers;
        if (!GripInstruction::parseJson(m_gripBody, &instruction, &response.status,
                                        &response.reason, &headers, &response.body, &error)) {
            respondError(502,
                         routeLabel() + ": backend " + m_info.origin +
                             " sent an invalid application/grip-instruct body: " + error.toUtf8());
            return;
        }
        response.headers = headers;
    } else {
        response.status = m_gripHead.status;
        response.reason = m_gripHead.reason;
        response.headers = GripInstruction::clientHeaders(m_gripHead.headers);
        response.body = m_gripBody;
    }
    m_gripBody = QByteArray();
    if (instruction.status > 0) {
        response.status = instruction.status;
        response.reason = instruction.reason;
    }
    if (instruction.hold == GripInstruction::Hold::None) {
        // An instruction body without a hold is simply the response to send.
        sendPlainResponse(response, "response complete");
        return;
    }
    enterHold(instruction, response);
}

void ProxySession::sendPlainResponse(GripHold::Response response, const QByteArray &reason)
{
    response.headers.removeHopByHop();
    response.headers.remove("Transfer-Encoding");
    response.headers.set("Content-Length", QByteArray::number(response.body.size()));
    if (m_closeAfterResponse)
        response.headers.add("Connection", "close");
    if (response.reason.isEmpty())
        response.reason = HttpStatus::reason(response.status);
    const QByteArray out =
        HttpWriter::responseHead(response.status, response.reason, response.headers) +
        response.body;
    m_info.closeCode = response.status;
    writeTo(OriginToClient, out.constData(), out.size());
    if (m_closeAfterResponse || m_context.stopping)
        finish(reason);
    else
        readNextRequest();
}

void ProxySession::startSelfBackend()
{
    GripInstruction instruction;
    GripHold::Response response;
    m_info.origin = "test";
    if (!SelfBackend::instruct(m_requestParser.head(), &instruction, &response)) {
        sendPlainResponse(response, "test backend: unknown path");
        return;
    }
    if (m_tracer)
        m_tracer->note(
            QStringLiteral("built-in test backend: %1").arg(GripLint::describe(instruction)));
    enterHold(instruction, response);
}

void ProxySession::enterHold(const GripInstruction &instruction, GripHold::Response response)
{
    if (m_origin) {
        m_origin->close();
        m_origin = nullptr;
    }
    const bool chunked = m_requestParser.head().versionMinor >= 1;
    endHold();
    m_goneUrl = instruction.gone.url;
    m_hold = std::make_unique<GripHold>(*this, *m_context.hub, instruction, chunked);
    m_info.channels = m_hold->channels();
    m_info.state = ConnectionInfo::State::Open;
    m_info.closeCode = response.status;
    response.headers.removeHopByHop();
    m_phase = Phase::Held;
    const bool stream = instruction.hold == GripInstruction::Hold::Stream;
    if (stream) {
        const bool sse = response.headers.value("Content-Type").startsWith("text/event-stream");
        m_info.transport =
            sse ? ConnectionInfo::Transport::Sse : ConnectionInfo::Transport::HttpStream;
        if (!chunked)
            m_closeAfterResponse = true;
    } else {
        m_info.transport = ConnectionInfo::Transport::LongPoll;
    }
    qCInfo(lcConn, "conn %llu %s held (%s) on %s via %s", id(),
           m_requestParser.head().target.constData(),
           ConnectionInfo::transportName(m_info.transport).constData(),
           m_info.channels.join(", ").constData(), routeLabel().constData());
    if (stream)
        m_hold->startStream(response, m_context.timers->nowMs());
    else
        m_hold->startResponse(response, m_context.timers->nowMs());
    updateClientReading();
    changed();
}

void ProxySession::holdWrite(const QByteArray &bytes)
{
    if (!m_client)
        return;
    if (m_tracer)
        m_tracer->body(TraceEntry::Direction::ToClient, bytes);
    writeToSubscriber(bytes);
    m_context.registry->markCountersChanged(this);
    if (checkBacklog())
        finish(m_info.closeReason);
}

bool ProxySession::checkBacklog()
{
    if (!m_client ||
        !m_backlog.messageWritten(m_client->pendingBytes(), m_context.reactor->queuedBytes()))
        return false;
    const QByteArray why = m_backlog.describe(m_client->pendingBytes());
    qCWarning(lcConn, "conn %llu from %s closed, %s; other subscribers are unaffected", id(),
              qPrintable(m_info.clientAddress), why.constData());
    ++m_context.slowSubscribersClosed;
    // What is queued would only reach a reader that is not reading: drop it with the socket.
    m_client->close();
    m_client = nullptr;
    m_info.closeReason = why;
    if (m_tracer)
        m_tracer->warning(QString::fromUtf8(why));
    return true;
}

void ProxySession::holdSchedule(quint32 timerKind, qint64 delayMs)
{
    m_context.timers->schedule(id(), timerKind, delayMs);
}

qint64 ProxySession::holdNowMs() const
{
    return m_context.timers->nowMs();
}

void ProxySession::holdEnded(bool closeConnection, const QByteArray &reason)
{
    endHold();
    if (m_phase == Phase::Finished)
        return;
    if (closeConnection || m_closeAfterResponse || m_context.stopping) {
        finish(reason);
        return;
    }
    readNextRequest();
}

void ProxySession::endHold()
{
    if (!m_hold)
        return;
    m_heldMessages += m_hold->messagesSent();
    m_hold->detach();
    m_endedHold = std::move(m_hold);
}

void ProxySession::startWsFanout(const QHostAddress &address)
{
    m_phase = Phase::WsFanout;
    m_connectDeadlineMs = 0;
    m_info.transport = ConnectionInfo::Transport::WsFanout;
    m_info.state = ConnectionInfo::State::Connecting;
    const RouteTarget &target = m_route->targets.at(m_targetIndex);
    m_info.origin = target.isTest ? QByteArray("test") : OriginRequest::describe(target);
    m_link = std::make_unique<WsFanoutLink>(
        *this, m_context, *m_route, target, m_requestParser.head(), m_clientIp,
        m_context.connectionIdPrefix + QByteArray::number(id()));
    m_link->setClientTls(m_clientTls);
    m_link->start(address);
    QByteArray held;
    held.swap(m_heldClientBytes);
    if (!held.isEmpty() && m_phase == Phase::WsFanout)
        m_link->onClientData(held.constData(), held.size());
    updateClientReading();
}

void ProxySession::fanoutWrite(const QByteArray &bytes)
{
    // Before the handshake completes the link writes an HTTP head; afterwards whole frames.
    if (m_tracer && m_info.state == ConnectionInfo::State::Open)
        m_tracer->frames(false, bytes.constData(), bytes.size());
    else if (m_tracer)
        m_tracer->body(TraceEntry::Direction::ToClient, bytes);
    writeToSubscriber(bytes);
    m_context.registry->markCountersChanged(this);
    // The backend still hears DISCONNECT, as when the client drops; the link ends the session.
    if (m_info.state == ConnectionInfo::State::Open && checkBacklog())
        m_link->onClientDropped();
}

void ProxySession::fanoutSchedule(quint32 timerKind, qint64 delayMs)
{
    m_context.timers->schedule(id(), timerKind, delayMs);
}

qint64 ProxySession::fanoutNowMs() const
{
    return m_context.timers->nowMs();
}

void ProxySession::fanoutOpened()
{
    m_info.state = ConnectionInfo::State::Open;
    qCInfo(lcConn, "conn %llu websocket %s over HTTP via %s to %s", id(),
           m_requestParser.head().target.constData(), routeLabel().constData(),
           m_info.origin.constData());
    changed();
}

void ProxySession::fanoutEnded(int closeCode, const QByteArray &reason)
{
    m_info.closeCode = closeCode;
    if (m_info.closeReason.isEmpty())
        m_info.closeReason = reason;
    finish(reason);
}

void ProxySession::closeByOperator(quint16 code, const QByteArray &reason)
{
    switch (m_phase) {
    case Phase::Tunnel:
        beginTunnelClose(code, reason);
        return;
    case Phase::WsFanout:
        m_link->shutdown(code, reason);
        return;
    case Phase::Finished:
        return;
    default:
        abort(reason);
        return;
    }
}

bool ProxySession::deliverDirect(const PublishItem &item)
{
    const Delivery delivery = ChannelHub::deliveryOf({}, item);
    if (m_phase == Phase::Held && m_hold) {
        if (!(m_hold->isStream() ? bool(item.httpStream) : bool(item.httpResponse)))
            return false;
        m_hold->deliver(delivery);
        return true;
    }
    if (m_phase == Phase::WsFanout && m_link && item.wsMessage) {
        m_link->deliver(delivery);
        return true;
    }
    return false;
}

void ProxySession::sendGoneCallback()
{
    // Grip-Link rel=gone (Pushpin 1.41): an empty POST when the client goes away, best effort and
    // never retried. The backend is the one that just answered this session.
    const QByteArray url = std::exchange(m_goneUrl, QByteArray());
    if (!m_route || m_originAddress.isNull())
        return;
    const RouteTarget &target = m_route->targets.at(m_targetIndex);
    QByteArray path = url;
    QByteArray host = m_requestParser.head().headers.value("Host");
    if (url.startsWith("http://") || url.startsWith("https://")) {
        const QUrl parsed(QString::fromUtf8(url));
        path = parsed.path(QUrl::FullyEncoded).toUtf8();
        if (parsed.hasQuery())
            path += '?' + parsed.query(QUrl::FullyEncoded).toUtf8();
        host = parsed.authority(QUrl::FullyEncoded).toUtf8();
    } else if (!url.startsWith('/')) {
        const QByteArray base = m_requestParser.head().path();
        path = base.left(base.lastIndexOf('/') + 1) + url;
    }
    if (path.isEmpty())
        path = "/";
    HttpHeaders headers;
    headers.add("Host", host);
    const QByteArray signature = m_context.gripSignature(*m_route);
    if (!signature.isEmpty())
        headers.add("Grip-Sig", signature);
    headers.add("Content-Length", "0");
    headers.add("Connection", "close");
    QString error;
    static NoStreamClient nobody;
    Stream *callback =
        Stream::connectTo(m_context.reactor, m_originAddress, target.port, &nobody, &error);
    if (!callback) {
        qCWarning(lcConn, "conn %llu gone callback to %s failed: %s", id(), path.constData(),
                  qPrintable(error));
        return;
    }
    if (target.ssl)
        callback->enableTls(m_context.tls->context(!target.untrusted),
                            OriginRequest::tlsServerName(target), !target.untrusted, &error);
    callback->write(HttpWriter::requestHead("POST", path, headers));
    callback->closeWhenDrained();
    qCInfo(lcConn, "conn %llu gone: POST %s", id(), path.constData());
}

void ProxySession::setWatched(bool watched)
{
    if (!watched) {
        m_tracer.reset();
        return;
    }
    if (m_tracer || m_phase == Phase::Finished)
        return;
    m_tracer = std::make_unique<SessionTracer>(*m_context.registry, id());
    traceCurrentState();
    changed();
}

void ProxySession::traceCurrentState()
{
    m_tracer->note(QStringLiteral("watching %1 connection from now on (%2)")
                       .arg(QString::fromLatin1(ConnectionInfo::transportName(m_info.transport)),
                            QString::fromLatin1(ConnectionInfo::stateName(m_info.state))));
    if (m_gripHead.status != 0 && (m_phase == Phase::Held || m_phase == Phase::ReadingHead))
        m_tracer->gripResponse(m_gripHead);
    if (m_phase == Phase::Held && m_hold)
        m_tracer->note(
            QStringLiteral("held on %1").arg(QString::fromUtf8(m_hold->channels().join(", "))));
    if (m_phase == Phase::WsFanout && m_link)
        m_tracer->note(QStringLiteral("subscribed to %1")
                           .arg(m_link->channels().isEmpty()
                                    ? QStringLiteral("no channel")
                                    : QString::fromUtf8(m_link->channels().join(", "))));
    if (m_phase == Phase::Tunnel) {
        m_tracer->alignWith(true, m_readers[ClientToOrigin]);
        m_tracer->alignWith(false, m_readers[OriginToClient]);
    }
}
