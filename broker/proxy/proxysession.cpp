#include "proxy/proxysession.h"

#include <QDateTime>

#include <utility>

#include <unistd.h>

#include "core/configuration.h"
#include "core/listenaddress.h"
#include "core/logging.h"
#include "grip/griplint.h"
#include "handler/channelhub.h"
#include "http/httpstatus.h"
#include "http/httpwriter.h"
#include "net/socketaddress.h"
#include "net/timerwheel.h"
#include "net/tlsclientcontext.h"
#include "proxy/connectionregistry.h"
#include "proxy/gonecallback.h"
#include "proxy/originrequest.h"
#include "proxy/selfbackend.h"
#include "proxy/sessiontracer.h"
#include "routes/routetable.h"
#include "ws/wshandshake.h"

namespace {
// Bytes after a request that wait for its response (pipelining, early WebSocket frames).
constexpr qsizetype HeldClientBytesMax = 64 * 1024;
} // namespace

ProxySession::ProxySession(BrokerContext &context, quint64 id, int fd, const QHostAddress &peer,
                           quint16 peerPort, SSL_CTX *tls)
    : m_context(context), m_timers(*context.timers, id), m_dialer(*this, context, m_timers, id),
      m_requestParser(context.config->maxHeaderBytes),
      m_backlog(context.config->maxPendingMessages, context.config->maxPendingBytes,
                context.config->maxPendingBytesTotal)
{
    m_info.id = id;
    m_info.startedUtc = QDateTime::currentDateTimeUtc();
    m_clientIp = SocketAddress::text(peer);
    m_info.clientAddress = QString::fromLatin1(ListenAddress::join(m_clientIp, peerPort));
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
    copy.messagesToClient = m_heldMessages + (m_hold ? m_hold->messagesSent() : 0);
    if (m_tunnel)
        m_tunnel->report(&copy);
    if (m_link)
        m_link->report(&copy);
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
    m_headDeadlineMs = m_timers.arm(HeaderTimer, m_context.config->headerTimeoutMs);
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

bool ProxySession::writeToSubscriber(const QByteArray &bytes, bool message)
{
    if (!m_client || bytes.isEmpty())
        return false;
    m_client->writeAtTurnEnd(bytes);
    m_info.bytesToClient += quint64(bytes.size());
    m_context.registry->markCountersChanged(this);
    return message && checkBacklog();
}

void ProxySession::writeTo(Direction direction, const char *data, qsizetype size)
{
    Stream *target = direction == ClientToOrigin ? m_origin : m_client;
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
    case Phase::Dialing:
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
    case Phase::Dialing:
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
        m_tunnel->fromClient(data, size);
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
    m_dialer.reset();
    m_websocket = head.isWebSocketUpgrade();
    m_closeAfterResponse = m_websocket || !head.keepAlive() || m_context.stopping;
    m_routes = m_context.routes;
    m_hop = ClientHop::of(m_clientIp, m_clientTls, head.headers, m_websocket, *m_context.config,
                          QDateTime::currentSecsSinceEpoch());
    m_route =
        m_routes ? m_routes->match(head.host(), head.path(), m_websocket, m_hop.tls) : nullptr;
    if (!m_route) {
        respondError(404, "no route for host '" + head.host() + "' and path '" + head.path() + "'");
        return;
    }
    m_info.routeId = m_route->id;
    // As in Pushpin, plain HTTP on every route is GRIP unless the route says no_grip, or the
    // GRIP proxy in front (upstream_key) does GRIP itself.
    m_grip = !m_websocket && !m_route->noGrip && !m_hop.trusted;
    const RouteTarget &first = m_route->targets.first();
    if (!m_websocket && first.overHttp && !m_hop.trusted &&
        head.headers.value("Content-Type").split(';').first().trimmed() ==
            "application/websocket-events") {
        // Pushpin's rule: only a trusted GRIP proxy may talk WebSocket-over-HTTP to a backend.
        respondError(403, "client not allowed to send WebSocket events directly");
        return;
    }
    if (first.isTest && !m_websocket) {
        startSelfBackend();
        return;
    }
    if (m_websocket && ((first.overHttp && !m_hop.trusted) || first.isTest)) {
        int status = 400;
        QByteArray why;
        if (!WsHandshake::validate(head, &status, &why)) {
            respondError(status, "not a valid WebSocket handshake: " + why);
            return;
        }
        m_wsOverHttp = true;
        if (first.isTest) {
            startWsFanout(first, QHostAddress());
            return;
        }
    }
    m_requestBody = HttpBodyFramer::forRequest(head);
    m_phase = Phase::Dialing;
    // Each WebSocket-over-HTTP request opens its own backend connection: only the address.
    m_dialer.start(*m_route, routeLabel(), m_wsOverHttp);
    updateClientReading();
}

void ProxySession::dialAttempt(const RouteTarget &target)
{
    m_info.origin = OriginRequest::describe(target);
    m_info.state = ConnectionInfo::State::Connecting;
}

void ProxySession::dialResolved(const QHostAddress &address)
{
    startWsFanout(m_dialer.target(), address);
}

void ProxySession::dialFailed(int status, const QByteArray &text, const HttpHeaders &extra)
{
    respondError(status, text, extra);
}

void ProxySession::onResolved(const QList<QHostAddress> &addresses, const QString &error)
{
    m_dialer.onResolved(addresses, error);
}

void ProxySession::onStreamConnected(Stream *)
{
    // The client's TLS handshake is done: nothing to do until its request arrives. The origin's
    // connection comes through dialConnected().
}

void ProxySession::dialConnected(Stream *origin)
{
    origin->setClient(this);
    m_origin = origin;
    m_phase = Phase::AwaitingResponse;
    m_responseDeadlineMs = m_timers.arm(ResponseTimer, m_context.config->responseTimeoutMs);
    m_info.state = ConnectionInfo::State::Open;
    const QByteArray head = OriginRequest::head(
        m_requestParser.head(), *m_route, m_dialer.target(), m_hop, *m_context.config, m_grip,
        m_grip ? m_context.gripSignature(*m_route) : QByteArray());
    writeTo(ClientToOrigin, head.constData(), head.size());
    const QByteArray held = std::exchange(m_heldClientBytes, QByteArray());
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
        gripBodyRead(m_gripReader.feed(data, size));
        return;
    case Phase::Tunnel:
        m_tunnel->fromOrigin(data, size);
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
        const QByteArray out = OriginRequest::clientResponseHead(
            head, m_grip, m_closeAfterResponse, m_requestParser.head().versionMinor);
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
        abort("origin sent a malformed body");
        return;
    }
    writeTo(OriginToClient, data, body);
    if (m_responseBody.isComplete())
        finishResponse();
}

void ProxySession::finishResponse()
{
    closeOrigin();
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
    m_headDeadlineMs = m_timers.arm(HeaderTimer, m_context.config->headerTimeoutMs);
    const QByteArray held = std::exchange(m_heldClientBytes, QByteArray());
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
    m_tunnel =
        std::make_unique<WsTunnel>(*this, m_timers, qint64(m_route->maxConnTimeSeconds) * 1000,
                                   m_context.config->shutdownGraceMs);
    m_tunnel->start();
    if (size > 0)
        m_tunnel->fromOrigin(rest, size);
    const QByteArray held = std::exchange(m_heldClientBytes, QByteArray());
    if (!held.isEmpty() && m_phase == Phase::Tunnel)
        m_tunnel->fromClient(held.constData(), held.size());
    updateClientReading();
    if (m_context.stopping && m_phase == Phase::Tunnel)
        m_tunnel->close(1001, "broker shutting down");
}

void ProxySession::tunnelWrite(bool toOrigin, const char *data, qsizetype size)
{
    writeTo(toOrigin ? ClientToOrigin : OriginToClient, data, size);
}

void ProxySession::tunnelCloseCode(quint16 code, const QByteArray &reason)
{
    m_info.closeCode = code;
    m_info.closeReason = reason;
}

void ProxySession::tunnelEnded(const QByteArray &reason)
{
    finish(reason);
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
    if (stream == m_client && m_phase == Phase::Held && m_hold && !m_hold->goneUrl().isEmpty() &&
        !m_dialer.address().isNull())
        GoneCallback::send(m_context, *m_route, m_dialer.target(), m_dialer.address(),
                           m_requestParser.head(), m_hold->goneUrl(), id());
    if (stream == m_client) {
        m_client = nullptr;
        const QByteArray reason = error.isEmpty() ? QByteArray("client closed")
                                                  : "client connection failed: " + error.toUtf8();
        if (m_phase == Phase::Tunnel && m_tunnel->clientGone())
            return;
        if (m_phase != Phase::Tunnel)
            closeOrigin();
        finish(reason);
        return;
    }
    if (stream != m_origin)
        return;
    m_origin = nullptr;
    switch (m_phase) {
    case Phase::AwaitingResponse:
        respondError(502, routeLabel() + ": origin " + m_info.origin +
                              " closed the connection without a response" +
                              (error.isEmpty() ? QByteArray() : ": " + error.toUtf8()));
        return;
    case Phase::ReadingGripBody:
        gripBodyRead(m_gripReader.closed(error.isEmpty()));
        return;
    case Phase::RelayingResponse:
        if (error.isEmpty() && m_responseBody.kind() == HttpBodyFramer::Kind::UntilClose) {
            m_closeAfterResponse = true;
            finishResponse();
            return;
        }
        abort("origin closed mid-response");
        return;
    case Phase::Tunnel:
        if (!m_tunnel->originGone())
            finish(error.isEmpty() ? QByteArray("origin closed")
                                   : "origin failed: " + error.toUtf8());
        return;
    default:
        return;
    }
}

void ProxySession::onTimer(quint32 kind)
{
    const qint64 now = m_timers.nowMs();
    if (kind == HeaderTimer && m_phase == Phase::ReadingHead && m_headDeadlineMs != 0 &&
        now >= m_headDeadlineMs) {
        if (m_requestParser.bufferedBytes() > 0 || m_info.requests == 0)
            respondError(408, "no complete request head within " +
                                  QByteArray::number(m_context.config->headerTimeoutMs / 1000) +
                                  " s");
        else
            finish("idle keep-alive connection timed out");
    } else if (kind == ResponseTimer && m_phase == Phase::AwaitingResponse &&
               now >= m_responseDeadlineMs) {
        respondError(504, routeLabel() + ": origin " + m_info.origin + " sent no response within " +
                              QByteArray::number(m_context.config->responseTimeoutMs / 1000) +
                              " s");
    } else if (m_phase == Phase::Dialing) {
        // Each part tells its own timer kinds, and stale entries, apart.
        m_dialer.onTimer(kind, now);
    } else if (m_phase == Phase::Tunnel) {
        m_tunnel->onTimer(kind, now);
    } else if (m_phase == Phase::Held && m_hold) {
        m_hold->onTimer(kind, now);
    } else if (m_phase == Phase::WsFanout && m_link) {
        m_link->onTimer(kind, now);
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
        m_tunnel->close(1001, "broker shutting down");
        return;
    case Phase::WsFanout:
        m_link->shutdown(1001, "broker shutting down");
        return;
    case Phase::Held:
        if (m_hold && m_hold->isStream() && m_requestParser.head().versionMinor >= 1)
            holdWrite(QByteArrayLiteral("0\r\n\r\n"));
        finish("broker shutting down");
        return;
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
    m_client = nullptr;
    closeOrigin();
    finish(reason);
}

void ProxySession::closeOrigin()
{
    if (m_origin)
        m_origin->close();
    m_origin = nullptr;
}

void ProxySession::respondError(int status, const QByteArray &text, const HttpHeaders &extra)
{
    m_dialer.cancel();
    closeOrigin();
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
    m_dialer.cancel();
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
    qCInfo(lcConn, "%s", info().closeSummary(reason).constData());
    m_context.registry->remove(this);
    m_context.reactor->retire(this);
}

bool ProxySession::handleGripResponse(const char *data, qsizetype size)
{
    const HttpResponseHead &head = m_responseParser.head();
    if (m_tracer)
        m_tracer->gripResponse(head);
    const auto state =
        m_gripReader.begin(m_requestParser.head().method, head, m_context.config->maxGripBodyBytes);
    if (state != GripResponseReader::State::Error)
        m_context.gripUnsupported(*m_route, m_gripReader.unsupported());
    if (state == GripResponseReader::State::NotGrip)
        return false;
    m_phase = Phase::ReadingGripBody;
    if (state == GripResponseReader::State::NeedMore && size > 0)
        gripBodyRead(m_gripReader.feed(data, size));
    else
        gripBodyRead(state);
    return true;
}

void ProxySession::gripBodyRead(GripResponseReader::State state)
{
    if (state == GripResponseReader::State::NeedMore)
        return;
    if (state == GripResponseReader::State::Error) {
        respondError(502, routeLabel() + ": backend " + m_info.origin + ' ' + m_gripReader.error());
        return;
    }
    closeOrigin();
    const GripInstruction &instruction = m_gripReader.instruction();
    if (instruction.hold == GripInstruction::Hold::None)
        // An instruction body without a hold is simply the response to send.
        sendPlainResponse(m_gripReader.takeResponse(), "response complete");
    else
        enterHold(instruction, m_dialer.target(), m_gripReader.takeResponse());
}

void ProxySession::sendPlainResponse(const GripHold::Response &response, const QByteArray &reason)
{
    const QByteArray out = response.toBytes(m_closeAfterResponse);
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
    enterHold(instruction, m_route->targets.first(), response);
}

void ProxySession::enterHold(const GripInstruction &instruction, const RouteTarget &target,
                             GripHold::Response response)
{
    closeOrigin();
    const bool chunked = m_requestParser.head().versionMinor >= 1;
    endHold();
    m_hold = std::make_unique<GripHold>(
        *this, m_timers, *m_context.hub,
        GripHold::routed(instruction, m_route->prefix, target.subscriptions), chunked);
    m_info.channels = m_hold->channels();
    m_info.state = ConnectionInfo::State::Open;
    m_info.closeCode = response.status;
    response.headers.removeHopByHop();
    m_phase = Phase::Held;
    m_info.transport = GripHold::transportFor(instruction, response);
    const bool stream = instruction.hold == GripInstruction::Hold::Stream;
    // An HTTP/1.0 stream has no chunks: it ends when the connection does.
    m_closeAfterResponse = m_closeAfterResponse || (stream && !chunked);
    qCInfo(lcConn, "conn %llu %s held (%s) on %s via %s", id(),
           m_requestParser.head().target.constData(),
           ConnectionInfo::transportName(m_info.transport).constData(),
           m_info.channels.join(", ").constData(), routeLabel().constData());
    m_hold->start(response, m_timers.nowMs());
    updateClientReading();
    changed();
}

void ProxySession::holdWrite(const QByteArray &bytes)
{
    if (m_tracer && m_client)
        m_tracer->body(TraceEntry::Direction::ToClient, bytes);
    if (writeToSubscriber(bytes, true))
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

void ProxySession::startWsFanout(const RouteTarget &target, const QHostAddress &address)
{
    m_phase = Phase::WsFanout;
    m_info.transport = ConnectionInfo::Transport::WsFanout;
    m_info.state = ConnectionInfo::State::Connecting;
    m_info.origin = target.isTest ? QByteArray("test") : OriginRequest::describe(target);
    m_link = std::make_unique<WsFanoutLink>(
        *this, m_timers, m_context, *m_route, target, m_requestParser.head(),
        m_context.connectionIdPrefix + QByteArray::number(id()));
    m_link->setClientHop(m_hop);
    m_link->start(address);
    const QByteArray held = std::exchange(m_heldClientBytes, QByteArray());
    if (!held.isEmpty() && m_phase == Phase::WsFanout)
        m_link->onClientData(held.constData(), held.size());
    updateClientReading();
}

void ProxySession::fanoutWrite(const QByteArray &bytes)
{
    // Before the handshake completes the link writes an HTTP head; afterwards whole frames.
    const bool open = m_info.state == ConnectionInfo::State::Open;
    if (m_tracer && open)
        m_tracer->frames(false, bytes.constData(), bytes.size());
    else if (m_tracer)
        m_tracer->body(TraceEntry::Direction::ToClient, bytes);
    // The backend still hears DISCONNECT, as when the client drops; the link ends the session.
    if (writeToSubscriber(bytes, open))
        m_link->onClientDropped();
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
        // A second disconnect while the close handshake runs does not wait for it.
        if (m_tunnel->isClosing())
            abort(reason);
        else
            m_tunnel->close(code, reason);
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
    if (m_gripReader.head().status != 0 &&
        (m_phase == Phase::Held || m_phase == Phase::ReadingHead))
        m_tracer->gripResponse(m_gripReader.head());
    if (m_phase == Phase::Held && m_hold)
        m_tracer->note(
            QStringLiteral("held on %1").arg(QString::fromUtf8(m_hold->channels().join(", "))));
    if (m_phase == Phase::WsFanout && m_link)
        m_tracer->note(QStringLiteral("subscribed to %1")
                           .arg(m_link->channels().isEmpty()
                                    ? QStringLiteral("no channel")
                                    : QString::fromUtf8(m_link->channels().join(", "))));
    if (m_phase == Phase::Tunnel)
        m_tunnel->alignTracer(*m_tracer);
}
