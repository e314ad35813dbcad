#include "proxy/wsfanoutlink.h"

#include "proxy/brokercontext.h"
#include "core/configuration.h"
#include "core/logging.h"
#include "grip/gripinstruction.h"
#include "grip/gripwsextension.h"
#include "grip/wscontrolmessage.h"
#include "handler/channelhub.h"
#include "http/httpwriter.h"
#include "net/timerwheel.h"
#include "net/tlsclientcontext.h"
#include "proxy/originrequest.h"
#include "proxy/sessiontracer.h"
#include "routes/route.h"
#include "ws/wsframe.h"
#include "ws/wshandshake.h"
#include "http/httpstatus.h"

#include <QRandomGenerator>

namespace {
// Pushpin's limits (websocketoverhttp.cpp, handlerengine.cpp).
constexpr qsizetype ResponseBodyMax = 1'000'000;
constexpr qsizetype RefusalBodyMax = 100'000;
constexpr qint64 BackendKeepAliveMinMs = 20'000;
constexpr int QuotedBytesMax = 64;

quint8 opcodeFor(WsControlMessage::MessageType type)
{
    switch (type) {
    case WsControlMessage::MessageType::Text:
        return WsOpcode::Text;
    case WsControlMessage::MessageType::Binary:
        return WsOpcode::Binary;
    case WsControlMessage::MessageType::Ping:
        return WsOpcode::Ping;
    case WsControlMessage::MessageType::Pong:
        return WsOpcode::Pong;
    }
    return WsOpcode::Text;
}

bool isMeta(const QByteArray &name)
{
    return name.size() > 5 && qstrnicmp(name.constData(), "meta-", 5) == 0;
}
} // namespace

WsFanoutLink::WsFanoutLink(WsFanoutOwner &owner, SessionTimers timers, BrokerContext &context,
                           const Route &route, const RouteTarget &target,
                           const HttpRequestHead &request, const QByteArray &connectionId)
    : m_owner(owner), m_timers(timers), m_context(context), m_route(route), m_target(target),
      m_request(request), m_connectionId(connectionId),
      m_decoder(context.config->maxWsMessageBytes), m_self(target.isTest)
{}

WsFanoutLink::~WsFanoutLink()
{
    if (m_backend)
        m_backend->close();
    unsubscribeAll();
}

void WsFanoutLink::start(const QHostAddress &address)
{
    m_address = address;
    queueEvent(WsEvent{WsEvent::Type::Open, {}});
}

void WsFanoutLink::queueEvent(WsEvent event)
{
    if (m_state == State::Ended || m_detached)
        return;
    m_outgoing.append(std::move(event));
    sendRequestIfIdle();
}

void WsFanoutLink::sendRequestIfIdle(bool force)
{
    if (m_state == State::Ended || m_backend || !m_inFlight.isEmpty() || m_retryDueMs > 0)
        return;
    if (m_outgoing.isEmpty() && !force)
        return;
    m_lastRequestMs = m_timers.nowMs();
    if (m_self) {
        const QList<WsEvent> events = std::move(m_outgoing);
        m_outgoing.clear();
        handleSelfBackend(events);
        return;
    }
    if (m_target.oneEvent && m_outgoing.size() > 1) {
        // `one_event`: the rest waits for this request's answer.
        m_inFlight.append(m_outgoing.takeFirst());
    } else {
        m_inFlight = std::move(m_outgoing);
        m_outgoing.clear();
    }
    sendInFlight();
}

void WsFanoutLink::sendInFlight()
{
    const QByteArray body = WsEventCodec::encode(m_inFlight);
    m_inFlightBytes = body.size();
    if (SessionTracer *tracer = m_owner.fanoutTracer())
        tracer->wsRequest(m_inFlight, body.size());
    m_requestConnected = false;
    m_requestSent = false;
    QString error;
    m_backend = Stream::connectTo(m_context.reactor, m_address, m_target.port, this, &error);
    if (!m_backend) {
        requestFailed("backend " + OriginRequest::describe(m_target) +
                      " unreachable: " + error.toUtf8());
        return;
    }
    if (m_target.ssl &&
        !m_backend->enableTls(m_context.tls->context(!m_target.insecure),
                              OriginRequest::tlsServerName(m_target), !m_target.insecure, &error)) {
        requestFailed("backend " + OriginRequest::describe(m_target) + ": " + error.toUtf8());
        return;
    }
    m_responseParser.reset();
    m_responseBody = HttpBodyFramer();
    m_responseBytes.clear();
    m_responseHeadDone = false;
    m_backend->write(requestHead(body.size()) + body);
    m_requestSent = m_backend->pendingBytes() == 0;
    const int timeout = m_context.config->responseTimeoutMs;
    m_requestDeadlineMs = m_lastRequestMs + timeout;
    m_timers.schedule(WsRequestTimer, timeout);
}

QByteArray WsFanoutLink::requestHead(qsizetype bodySize) const
{
    HttpHeaders headers =
        OriginRequest::forwardedHeaders(m_request.headers, m_route, m_hop, *m_context.config, true,
                                        m_context.gripSignature(m_route));
    // The client may not speak for the backend: no Meta-* or framing of its own.
    QList<QByteArray> drop;
    for (const HttpHeader &header : headers.list()) {
        if (isMeta(header.name))
            drop.append(header.name);
    }
    for (const char *name :
         {"Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
          "Content-Length", "Content-Type", "Accept", "Connection-Id", "Transfer-Encoding"})
        drop.append(name);
    for (const QByteArray &name : std::as_const(drop))
        headers.remove(name);
    if (!m_route.asHost.isEmpty())
        headers.set("Host", m_route.asHost);
    if (!m_target.hostOverride.isEmpty())
        headers.set("Host", m_target.hostOverride);
    headers.add("Content-Type", "application/websocket-events");
    headers.add("Accept", "application/websocket-events");
    headers.add("Connection-Id", m_connectionId);
    headers.add("Sec-WebSocket-Extensions", GripWsExtension::requestValue());
    for (const auto &meta : m_meta)
        headers.add("Meta-" + meta.first, meta.second);
    if (m_replayedBytes > 0)
        headers.add("Content-Bytes-Replayed", QByteArray::number(m_replayedBytes));
    headers.add("Content-Length", QByteArray::number(bodySize));
    headers.add("Connection", "close");
    return HttpWriter::requestHead("POST", m_route.rewritePath(m_request.target), headers);
}

void WsFanoutLink::onStreamConnected(Stream *stream)
{
    if (stream == m_backend)
        m_requestConnected = true;
}

void WsFanoutLink::onStreamData(Stream *stream, const char *data, qsizetype size)
{
    if (stream != m_backend)
        return;
    if (!m_responseHeadDone) {
        qsizetype consumed = 0;
        const auto state = m_responseParser.feed(data, size, &consumed);
        if (state == HttpResponseParser::State::NeedMore)
            return;
        if (state == HttpResponseParser::State::Error) {
            fail("backend sent a malformed response: " + m_responseParser.errorText());
            return;
        }
        m_responseHeadDone = true;
        m_responseBody = HttpBodyFramer::forResponse("POST", m_responseParser.head());
        data += consumed;
        size -= consumed;
    }
    m_responseBody.feed(data, size, &m_responseBytes);
    if (m_responseBody.hasError()) {
        fail("backend sent a malformed body: " + m_responseBody.errorText());
        return;
    }
    if (m_responseBytes.size() > ResponseBodyMax) {
        fail("backend response body over " + QByteArray::number(ResponseBodyMax) + " bytes");
        return;
    }
    if (!m_responseBody.isComplete())
        return;
    m_backend->close();
    m_backend = nullptr;
    handleResponse();
}

void WsFanoutLink::onStreamDrained(Stream *stream)
{
    if (stream == m_backend)
        m_requestSent = true;
}

void WsFanoutLink::onStreamClosed(Stream *stream, const QString &error)
{
    if (stream != m_backend)
        return;
    m_backend = nullptr;
    if (m_responseHeadDone && error.isEmpty() &&
        m_responseBody.kind() == HttpBodyFramer::Kind::UntilClose) {
        handleResponse();
        return;
    }
    QByteArray what = m_responseHeadDone ? " closed mid-response"
                      : error.isEmpty()
                          ? " closed the connection before its response head was complete"
                          : " failed";
    const QByteArray why = "backend " + OriginRequest::describe(m_target) + what +
                           (error.isEmpty() ? QByteArray() : ": " + error.toUtf8());
    if (m_responseHeadDone)
        fail(why);
    else
        requestFailed(why);
}

void WsFanoutLink::requestFailed(const QByteArray &why)
{
    if (m_backend) {
        m_backend->close();
        m_backend = nullptr;
    }
    // As in Pushpin: only once the client has its 101, and only when the backend cannot have
    // acted on the request (never reached, or the request not sent whole); a backend's answer,
    // even a 500, is never retried.
    const bool unseen = !m_requestConnected || !m_requestSent;
    const int maximum = m_context.config->wsRetryMax;
    if (m_state == State::Opening || !unseen || m_retries >= maximum) {
        fail(m_retries > 0 ? why + " (after " + QByteArray::number(m_retries) + " retries)" : why);
        return;
    }
    const qint64 base = m_context.config->wsRetryBaseMs;
    const qint64 delay = (base << m_retries) + QRandomGenerator::global()->bounded(base + 1);
    ++m_retries;
    const QString note = QStringLiteral("%1; retry %2 of %3 in %4 ms")
                             .arg(QString::fromUtf8(why))
                             .arg(m_retries)
                             .arg(maximum)
                             .arg(delay);
    qCWarning(lcConn, "%s: %s", m_connectionId.constData(), qPrintable(note));
    if (SessionTracer *tracer = m_owner.fanoutTracer())
        tracer->warning(note);
    m_retryDueMs = m_timers.nowMs() + delay;
    m_timers.schedule(WsRetryTimer, delay);
}

void WsFanoutLink::handleResponse()
{
    m_retries = 0;
    const HttpResponseHead head = m_responseParser.head();
    const QByteArray body = std::move(m_responseBytes);
    m_responseBytes = QByteArray();
    if (SessionTracer *tracer = m_owner.fanoutTracer())
        tracer->wsResponse(head, body);
    const bool opening = m_state == State::Opening;
    if (head.status != 200) {
        if (opening)
            refuseHandshake(head.status, head.reason, head.headers, body.left(RefusalBodyMax));
        else
            fail("backend answered " + QByteArray::number(head.status) + ' ' + head.reason);
        return;
    }
    QList<WsEvent> events;
    QString error;
    if (!WsEventCodec::decode(body, &events, &error)) {
        fail("backend sent a malformed event stream: " + error.toUtf8());
        return;
    }
    if (opening) {
        if (events.isEmpty() || events.first().type != WsEvent::Type::Open) {
            fail("backend's answer to OPEN does not start with OPEN");
            return;
        }
        events.removeFirst();
        acceptHandshake(head.headers);
    }
    for (const HttpHeader &header : head.headers.list()) {
        if (header.name.size() > 9 && qstrnicmp(header.name.constData(), "set-meta-", 9) == 0)
            setMeta(header.name.mid(9), header.value, header.value.isEmpty());
    }
    const QByteArray interval = head.headers.value("Keep-Alive-Interval");
    if (!interval.isEmpty()) {
        bool ok = false;
        const qint64 seconds = interval.toLongLong(&ok);
        m_backendKeepAliveMs = ok && seconds > 0 ? qMax(seconds * 1000, BackendKeepAliveMinMs) : 0;
        if (m_backendKeepAliveMs > 0)
            m_timers.schedule(WsBackendKeepAliveTimer, m_backendKeepAliveMs);
    }
    const bool closing = m_state == State::Closing;
    requeueUnaccepted(head.headers.value("Content-Bytes-Accepted"));
    m_inFlight.clear();
    applyEvents(events);
    if (m_state == State::Ended)
        return;
    if (closing && m_outgoing.isEmpty()) {
        // The backend had its one chance to answer the client's CLOSE.
        end(m_closeCode, "client closed");
        return;
    }
    sendRequestIfIdle();
}

void WsFanoutLink::acceptHandshake(const HttpHeaders &responseHeaders)
{
    m_grip =
        GripWsExtension::parse(responseHeaders.value("Sec-WebSocket-Extensions"), &m_messagePrefix);
    HttpHeaders extra;
    for (const HttpHeader &header : responseHeaders.list()) {
        const QByteArray name = header.name.toLower();
        // The grip extension is between us and the backend; the client negotiated none.
        if (name == "content-type" || name == "content-length" || name == "keep-alive-interval" ||
            name == "connection" || name == "transfer-encoding" || name == "upgrade" ||
            name == "sec-websocket-extensions" || name == "sec-websocket-accept" ||
            name.startsWith("set-meta-") || name == "date" || name == "server")
            continue;
        extra.add(header.name, header.value);
    }
    // permessage-deflate is between the client and Holdfast: the backend's events stay plain.
    QByteArray extensions;
    if (m_context.config->wsCompression) {
        WsDeflateParams params;
        QByteArray why;
        if (WsDeflate::negotiate(m_request.headers.values("Sec-WebSocket-Extensions"), &params,
                                 &why)) {
            m_deflate = std::make_unique<WsDeflate>(params);
            m_decoder.setRsv1Allowed(true);
            extensions = params.responseValue();
        } else if (!why.isEmpty()) {
            qCInfo(lcConn, "%s: permessage-deflate declined: %s", m_connectionId.constData(),
                   why.constData());
        }
    }
    m_owner.fanoutWrite(WsHandshake::acceptResponse(m_request, extra, extensions));
    m_state = State::Open;
    m_lastClientWriteMs = m_timers.nowMs();
    m_owner.fanoutOpened();
    // Pushpin subscribes the target's `sub=` channels once the client has its 101.
    for (const QByteArray &channel : m_target.subscriptions)
        subscribe(channel);
}

void WsFanoutLink::refuseHandshake(int status, const QByteArray &reason, const HttpHeaders &headers,
                                   const QByteArray &body, const QByteArray &endReason)
{
    HttpHeaders out;
    const QByteArray contentType = headers.value("Content-Type");
    if (!contentType.isEmpty())
        out.add("Content-Type", contentType);
    out.add("Content-Length", QByteArray::number(body.size()));
    out.add("Connection", "close");
    m_owner.fanoutWrite(HttpWriter::responseHead(
                            status, reason.isEmpty() ? HttpStatus::reason(status) : reason, out) +
                        body);
    end(status, endReason.isEmpty()
                    ? "backend refused the WebSocket with " + QByteArray::number(status)
                    : endReason);
}

void WsFanoutLink::handleSelfBackend(const QList<WsEvent> &events)
{
    // The starter kit's /test/websocket: accept, subscribe to "test", echo what the client sends.
    for (const WsEvent &event : events) {
        if (m_state == State::Ended)
            return;
        switch (event.type) {
        case WsEvent::Type::Open: {
            if (m_state != State::Opening)
                break;
            HttpHeaders headers;
            headers.add("Sec-WebSocket-Extensions", GripWsExtension::requestValue());
            acceptHandshake(headers);
            WsControlMessage subscribe;
            subscribe.type = WsControlMessage::Type::Subscribe;
            subscribe.channel = "test";
            applyControl(subscribe);
            break;
        }
        case WsEvent::Type::Text:
            sendFrame(WsOpcode::Text, event.content);
            break;
        case WsEvent::Type::Binary:
            sendFrame(WsOpcode::Binary, event.content);
            break;
        case WsEvent::Type::Ping: // forwarded (--ws-forward-pings): the test backend answers
            sendFrame(WsOpcode::Pong, event.content);
            break;
        case WsEvent::Type::Close:
            end(m_closeCode, "client closed");
            return;
        case WsEvent::Type::Disconnect:
            end(1006, "client disconnected");
            return;
        default:
            break;
        }
    }
}

void WsFanoutLink::applyEvents(const QList<WsEvent> &events)
{
    for (const WsEvent &event : events) {
        if (m_state == State::Ended)
            return;
        switch (event.type) {
        case WsEvent::Type::Text:
        case WsEvent::Type::Binary: {
            const quint8 opcode =
                event.type == WsEvent::Type::Text ? WsOpcode::Text : WsOpcode::Binary;
            if (!m_grip) {
                sendFrame(opcode, event.content);
                break;
            }
            if (event.type == WsEvent::Type::Text && event.content.startsWith("c:")) {
                WsControlMessage control;
                QString error;
                if (WsControlMessage::parse(event.content.mid(2), &control, &error))
                    applyControl(control);
                else
                    qCWarning(lcConn, "%s: ignoring a bad control message: %s",
                              m_connectionId.constData(), qPrintable(error));
                break;
            }
            if (!event.content.startsWith(m_messagePrefix)) {
                qCInfo(lcConn, "%s: dropping unprefixed message from the backend",
                       m_connectionId.constData());
                break;
            }
            sendFrame(opcode, event.content.mid(m_messagePrefix.size()));
            break;
        }
        case WsEvent::Type::Ping:
            sendFrame(WsOpcode::Ping, event.content);
            break;
        case WsEvent::Type::Pong:
            sendFrame(WsOpcode::Pong, event.content);
            break;
        case WsEvent::Type::Close: {
            quint16 code = 1000;
            QByteArray reason;
            WsEventCodec::parseCloseContent(event.content, &code, &reason);
            // Codes such as 1005/1006 describe a close but may not be sent in one.
            if (code != 1005 && !WsEventCodec::isSendableCloseCode(code))
                code = 1011;
            if (m_state != State::Closing)
                closeClient(code, reason);
            end(code, reason.isEmpty() ? QByteArray("backend closed") : reason);
            return;
        }
        case WsEvent::Type::Disconnect:
            end(1006, "backend sent DISCONNECT");
            return;
        case WsEvent::Type::Open:
            break;
        }
    }
}

void WsFanoutLink::subscribe(const QByteArray &channel)
{
    if (m_channels.contains(channel))
        return;
    // Above the limit the request is ignored, as Pushpin does: the client cannot be told, so the
    // log and the console's trace say it for the backend's developer.
    if (m_channels.size() >= m_context.config->maxWsChannels) {
        const QString why =
            QStringLiteral("subscribe to \"%1\" ignored: already on %2 channels, the limit per "
                           "WebSocket (--max-ws-channels)")
                .arg(WsEventCodec::escapeForLog(channel, QuotedBytesMax))
                .arg(m_channels.size());
        if (SessionTracer *tracer = m_owner.fanoutTracer())
            tracer->warning(why);
        if (!m_channelLimitLogged) {
            m_channelLimitLogged = true;
            qCWarning(lcConn, "%s: %s", m_connectionId.constData(), qPrintable(why));
        }
        return;
    }
    m_channels.append(channel);
    m_context.hub->subscribe(channel, this);
    m_owner.fanoutChannelsChanged();
}

void WsFanoutLink::applyControl(const WsControlMessage &control)
{
    const qint64 now = m_timers.nowMs();
    switch (control.type) {
    case WsControlMessage::Type::Subscribe:
        subscribe(m_route.prefix + control.channel);
        return;
    case WsControlMessage::Type::Unsubscribe: {
        const QByteArray channel = m_route.prefix + control.channel;
        // As in Pushpin, the target's implicit channels stay whatever the backend says.
        if (!m_target.subscriptions.contains(channel) && m_channels.removeAll(channel) > 0) {
            m_context.hub->unsubscribe(channel, this);
            m_owner.fanoutChannelsChanged();
        }
        return;
    }
    case WsControlMessage::Type::Detach:
        m_detached = true;
        m_outgoing.clear();
        return;
    case WsControlMessage::Type::Session:
        return; // sessions matter for Pushpin's HTTP session routing, which Holdfast lacks
    case WsControlMessage::Type::SetMeta:
        setMeta(control.metaName, control.metaValue, control.metaDelete);
        return;
    case WsControlMessage::Type::KeepAlive:
        if (control.keepAliveOff) {
            m_keepAliveMs = 0;
            return;
        }
        m_keepAliveContent = control.content;
        m_keepAliveOpcode = opcodeFor(control.messageType);
        m_keepAliveMs = (control.timeoutSecs > 0 ? control.timeoutSecs : 55) * 1000;
        m_keepAliveInterval = control.mode == WsControlMessage::Mode::Interval;
        m_nextKeepAliveMs = (m_keepAliveInterval ? now : m_lastClientWriteMs) + m_keepAliveMs;
        m_timers.schedule(WsKeepAliveTimer, qMax<qint64>(m_nextKeepAliveMs - now, 0));
        return;
    case WsControlMessage::Type::SendDelayed: {
        m_delayedContent = control.content;
        m_delayedOpcode = opcodeFor(control.messageType);
        const qint64 delay = (control.timeoutSecs > 0 ? control.timeoutSecs : 1) * 1000;
        m_delayedDueMs = now + delay;
        m_hasDelayed = true;
        m_timers.schedule(WsDelayedTimer, delay);
        return;
    }
    case WsControlMessage::Type::FlushDelayed:
        if (m_hasDelayed) {
            m_hasDelayed = false;
            sendFrame(m_delayedOpcode, m_delayedContent);
        }
        return;
    }
}

void WsFanoutLink::setMeta(const QByteArray &name, const QByteArray &value, bool remove)
{
    for (qsizetype i = 0; i < m_meta.size(); ++i) {
        if (m_meta[i].first.compare(name, Qt::CaseInsensitive) == 0) {
            if (remove)
                m_meta.removeAt(i);
            else
                m_meta[i].second = value;
            return;
        }
    }
    if (!remove)
        m_meta.append({name, value});
}

void WsFanoutLink::onClientData(const char *data, qsizetype size)
{
    if (m_state == State::Ended || m_state == State::Closing)
        return;
    QList<WsFrameDecoder::Message> messages;
    bool ok = m_decoder.feed(data, size, &messages);
    quint16 failCode = 0;
    QByteArray failWhy;
    if (m_deflate && !inflateMessages(&messages, &failCode, &failWhy))
        ok = false;
    else if (!ok) {
        failCode = m_decoder.closeCodeForError();
        failWhy = m_decoder.errorText();
    }
    if (SessionTracer *tracer = m_owner.fanoutTracer()) {
        for (const WsFrameDecoder::Message &message : std::as_const(messages))
            tracer->message(true, message.opcode, message.payload);
    }
    for (const WsFrameDecoder::Message &message : std::as_const(messages)) {
        if (m_state == State::Ended || m_state == State::Closing)
            return;
        switch (message.opcode) {
        case WsOpcode::Text:
        case WsOpcode::Binary:
            ++m_messagesFromClient;
            queueEvent(WsEvent{message.opcode == WsOpcode::Text ? WsEvent::Type::Text
                                                                : WsEvent::Type::Binary,
                               message.payload});
            break;
        case WsOpcode::Ping:
            // Pushpin sends it to the backend, whose PONG event (or nothing) answers; by default
            // it is answered here, as a backend round trip per ping costs a POST each.
            if (m_context.config->wsForwardPings)
                queueEvent(WsEvent{WsEvent::Type::Ping, message.payload});
            else
                sendFrame(WsOpcode::Pong, message.payload);
            break;
        case WsOpcode::Pong:
            if (m_context.config->wsForwardPings)
                queueEvent(WsEvent{WsEvent::Type::Pong, message.payload});
            break;
        case WsOpcode::Close: {
            quint16 code = 1005;
            QByteArray reason;
            WsFrameDecoder::parseClose(message.payload, &code, &reason);
            m_closeCode = code;
            closeClient(code, reason);
            m_state = State::Closing;
            if (m_detached) {
                end(code, "client closed");
                return;
            }
            m_outgoing.append(WsEvent{WsEvent::Type::Close, message.payload});
            sendRequestIfIdle();
            return;
        }
        default:
            break;
        }
    }
    if (!ok && m_state != State::Ended) {
        const quint16 code = failCode;
        qCInfo(lcConn, "%s: client sent a bad frame: %s", m_connectionId.constData(),
               failWhy.constData());
        m_closeCode = code;
        closeClient(code, failWhy.left(120));
        m_state = State::Closing;
        m_outgoing.append(WsEvent{WsEvent::Type::Close, WsEventCodec::closeContent(code, {})});
        sendRequestIfIdle();
    }
}

void WsFanoutLink::onClientDropped()
{
    if (m_state == State::Ended)
        return;
    if (m_state == State::Opening || m_detached) {
        end(1006, "client disconnected");
        return;
    }
    if (m_state == State::Closing && m_inFlight.isEmpty() && m_outgoing.isEmpty() && !m_backend &&
        m_retryDueMs == 0) {
        end(m_closeCode, "client closed");
        return;
    }
    if (m_state == State::Open) {
        m_closeCode = 1006;
        m_state = State::Closing;
        m_outgoing.append(WsEvent{WsEvent::Type::Disconnect, {}});
        sendRequestIfIdle();
    }
}

void WsFanoutLink::onTimer(quint32 timerKind, qint64 nowMs)
{
    if (m_state == State::Ended)
        return;
    switch (timerKind) {
    case WsRequestTimer:
        if (m_backend && nowMs >= m_requestDeadlineMs)
            requestFailed("backend sent no response within " +
                          QByteArray::number(m_context.config->responseTimeoutMs / 1000) + " s");
        return;
    case WsRetryTimer:
        if (m_retryDueMs > 0 && nowMs >= m_retryDueMs) {
            m_retryDueMs = 0;
            sendInFlight();
        }
        return;
    case WsKeepAliveTimer:
        if (m_keepAliveMs <= 0 || m_state != State::Open || nowMs < m_nextKeepAliveMs)
            return;
        if (m_keepAliveInterval || nowMs - m_lastClientWriteMs >= m_keepAliveMs)
            sendFrame(m_keepAliveOpcode, m_keepAliveContent);
        m_nextKeepAliveMs = (m_keepAliveInterval ? nowMs : m_lastClientWriteMs) + m_keepAliveMs;
        m_timers.schedule(WsKeepAliveTimer, qMax<qint64>(m_nextKeepAliveMs - nowMs, 1));
        return;
    case WsDelayedTimer:
        if (m_hasDelayed && nowMs >= m_delayedDueMs) {
            m_hasDelayed = false;
            sendFrame(m_delayedOpcode, m_delayedContent);
        }
        return;
    case WsBackendKeepAliveTimer:
        if (m_backendKeepAliveMs <= 0 || m_state != State::Open)
            return;
        if (nowMs - m_lastRequestMs >= m_backendKeepAliveMs)
            sendRequestIfIdle(true);
        m_timers.schedule(WsBackendKeepAliveTimer,
                          qMax<qint64>(m_lastRequestMs + m_backendKeepAliveMs - nowMs, 1));
        return;
    default:
        return;
    }
}

void WsFanoutLink::shutdown(quint16 code, const QByteArray &reason)
{
    if (m_state == State::Ended)
        return;
    if (m_state == State::Opening) {
        end(code, reason);
        return;
    }
    if (m_state == State::Open)
        closeClient(code, reason);
    m_closeCode = code;
    m_state = State::Closing;
    m_outgoing.append(WsEvent{WsEvent::Type::Close, WsEventCodec::closeContent(code, reason)});
    sendRequestIfIdle();
}

void WsFanoutLink::deliver(const Delivery &delivery)
{
    if (m_state != State::Open || !delivery.item->wsMessage)
        return;
    const WsMessageFormat &format = *delivery.item->wsMessage;
    switch (format.action) {
    case WsMessageFormat::Action::Send:
        if (!delivery.wsFrame.isEmpty() && !m_closeSent) {
            ++m_messagesToClient;
            m_lastClientWriteMs = m_timers.nowMs();
            // The shared frame serves every uncompressed connection; a compressed one deflates
            // with its own context (its window holds what this client was sent before).
            if (m_deflate) {
                const quint8 opcode = quint8(delivery.wsFrame.at(0)) & 0x0F;
                if (opcode == WsOpcode::Text || opcode == WsOpcode::Binary) {
                    m_owner.fanoutWrite(dataFrame(opcode, format.content));
                    return;
                }
            }
            m_owner.fanoutWrite(delivery.wsFrame);
        }
        return;
    case WsMessageFormat::Action::Close: {
        // Without a code Pushpin closes with 1000, and so does Holdfast (tst_pushpindiffws).
        const quint16 code = format.closeCode > 0 ? quint16(format.closeCode) : quint16(1000);
        closeClient(code, format.closeReason);
        m_closeCode = code;
        m_state = State::Closing;
        m_outgoing.append(
            WsEvent{WsEvent::Type::Close, WsEventCodec::closeContent(code, format.closeReason)});
        sendRequestIfIdle();
        return;
    }
    case WsMessageFormat::Action::Refresh:
        sendRequestIfIdle(true);
        return;
    case WsMessageFormat::Action::Hint:
        return;
    }
}

void WsFanoutLink::sendFrame(quint8 opcode, const QByteArray &payload)
{
    // Nothing may follow a close frame (RFC 6455 5.5.1).
    if (m_state == State::Ended || m_closeSent)
        return;
    if (opcode == WsOpcode::Text || opcode == WsOpcode::Binary)
        ++m_messagesToClient;
    m_lastClientWriteMs = m_timers.nowMs();
    m_owner.fanoutWrite(dataFrame(opcode, payload));
}

QByteArray WsFanoutLink::dataFrame(quint8 opcode, const QByteArray &payload)
{
    // Control frames are never compressed (RFC 7692 §6).
    if (m_deflate && (opcode == WsOpcode::Text || opcode == WsOpcode::Binary))
        return WsFrame::buildCompressed(opcode, m_deflate->compress(payload));
    return WsFrame::build(opcode, payload);
}

bool WsFanoutLink::inflateMessages(QList<WsFrameDecoder::Message> *messages, quint16 *code,
                                   QByteArray *why)
{
    for (qsizetype i = 0; i < messages->size(); ++i) {
        WsFrameDecoder::Message &message = (*messages)[i];
        if (!message.compressed)
            continue;
        QByteArray inflated;
        const qsizetype limit = m_decoder.maxMessageBytes();
        const WsDeflate::Result result = m_deflate->decompress(message.payload, limit, &inflated);
        if (result == WsDeflate::Result::Ok && message.opcode == WsOpcode::Text &&
            !WsFrameDecoder::isValidUtf8(inflated)) {
            *code = 1007;
            *why = "text message is not valid UTF-8";
        } else if (result == WsDeflate::Result::TooBig) {
            *code = 1009;
            *why = "message larger than " + QByteArray::number(limit) + " bytes once inflated";
        } else if (result == WsDeflate::Result::Corrupt) {
            // RFC 7692 only says to fail the connection (Pushpin drops it without a close
            // frame); 1007 says the data is not what the frame claims.
            *code = 1007;
            *why = "invalid permessage-deflate data: " + m_deflate->errorText();
        } else {
            message.payload = std::move(inflated);
            message.compressed = false;
            continue;
        }
        messages->resize(i);
        return false;
    }
    return true;
}

void WsFanoutLink::closeClient(quint16 code, const QByteArray &reason)
{
    if (m_closeSent)
        return;
    m_closeSent = true;
    m_owner.fanoutWrite(code == 1005 ? WsFrame::build(WsOpcode::Close, {})
                                     : WsFrame::closeFrame(code, reason, false));
}

void WsFanoutLink::fail(const QByteArray &why)
{
    if (m_state == State::Ended)
        return;
    QByteArray quoted = why;
    if (quoted.size() > 300)
        quoted = quoted.left(300) + "...";
    qCWarning(lcConn, "%s: %s", m_connectionId.constData(), quoted.constData());
    if (m_backend) {
        m_backend->close();
        m_backend = nullptr;
    }
    if (m_state == State::Opening) {
        HttpHeaders headers;
        headers.add("Content-Type", "text/plain; charset=utf-8");
        // The client gets a 502 either way; the log and the ledger say what broke.
        refuseHandshake(502, {}, headers, "holdfast: route '" + m_route.id + "': " + why + '\n',
                        why.left(QuotedBytesMax * 4));
        return;
    }
    closeClient(1011, "backend error");
    end(1011, why.left(QuotedBytesMax * 4));
}

void WsFanoutLink::end(int closeCode, const QByteArray &reason)
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    unsubscribeAll();
    if (m_backend) {
        m_backend->close();
        m_backend = nullptr;
    }
    m_owner.fanoutEnded(closeCode, reason);
}

void WsFanoutLink::unsubscribeAll()
{
    for (const QByteArray &channel : std::as_const(m_channels))
        m_context.hub->unsubscribe(channel, this);
    m_channels.clear();
}

void WsFanoutLink::requeueUnaccepted(const QByteArray &acceptedHeader)
{
    m_replayedBytes = 0;
    bool ok = false;
    const qint64 accepted = acceptedHeader.trimmed().toLongLong(&ok);
    if (acceptedHeader.isEmpty() || !ok || accepted < 0 || accepted >= m_inFlightBytes)
        return;
    // The backend took only part of the body: what it did not take is sent again, from the start
    // of the first event it did not take whole, with the part it already has announced.
    qint64 offset = 0;
    QList<WsEvent> again;
    for (const WsEvent &event : std::as_const(m_inFlight)) {
        const qint64 size = WsEventCodec::encode(event).size();
        if (offset + size > accepted) {
            if (again.isEmpty())
                m_replayedBytes = accepted - offset;
            again.append(event);
        }
        offset += size;
    }
    m_outgoing = again + m_outgoing;
}
