#include "testclient.h"

#include <algorithm>

#include <QRandomGenerator>

#include "net/timerwheel.h"
#include "ws/wsframe.h"

namespace {
// Long-poll bodies and stream lines beyond this are cut: a load client counts, it does not store.
constexpr qsizetype MaxPendingBytes = 1 << 20;

QString statusText(const HttpResponseHead &head)
{
    return QStringLiteral("%1 %2").arg(head.status).arg(QString::fromLatin1(head.reason));
}
} // namespace

TestClient::TestClient(int id, const ClientContext *context)
    : m_context(context), m_ws(16 << 20, false), m_id(id)
{}

TestClient::~TestClient()
{
    closeStream();
}

void TestClient::open()
{
    closeStream();
    ++m_generation;
    ++m_connects;
    m_head.reset();
    m_framer = HttpBodyFramer();
    m_pending.clear();
    m_sse.reset();
    m_ws = WsFrameDecoder(16 << 20, false);
    m_phase = Phase::Connecting;
    setState(ClientState::Connecting);
    QString error;
    m_stream = Stream::connectTo(m_context->reactor, m_context->address, m_context->url.port, this,
                                 &error);
    if (!m_stream) {
        fail(QStringLiteral("cannot connect: %1").arg(error));
        return;
    }
    if (m_context->tls && !m_stream->enableTls(m_context->tls, m_context->url.host,
                                               m_context->config->verifyTls, &error)) {
        fail(QStringLiteral("TLS setup failed: %1").arg(error));
        return;
    }
    m_context->timers->schedule(quint64(m_generation) << 32 | quint32(m_id), ConnectTimer,
                                m_context->config->connectTimeoutMs);
}

void TestClient::abort(const QString &reason)
{
    closeStream();
    ++m_generation;
    if (!hasEnded())
        setState(ClientState::Closed, reason);
}

bool TestClient::send(const QByteArray &payload, bool binary)
{
    if (m_phase != Phase::WebSocket || !m_stream)
        return false;
    m_stream->write(
        WsFrame::build(binary ? WsOpcode::Binary : WsOpcode::Text, payload, true, true));
    return true;
}

bool TestClient::sendText(QByteArrayView payload)
{
    if (m_phase != Phase::WebSocket || !m_stream)
        return false;
    // RFC 6455 §5.3: every client frame is masked with a fresh key.
    const quint32 key = QRandomGenerator::global()->generate();
    const quint8 mask[4] = {quint8(key >> 24), quint8(key >> 16), quint8(key >> 8), quint8(key)};
    const qsizetype size = payload.size();
    m_frame.resize(0);
    m_frame.append(char(0x80 | WsOpcode::Text));
    if (size <= 125) {
        m_frame.append(char(0x80 | size));
    } else if (size <= 0xFFFF) {
        m_frame.append(char(0x80 | 126));
        m_frame.append(char(size >> 8));
        m_frame.append(char(size & 0xFF));
    } else {
        m_frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            m_frame.append(char((quint64(size) >> shift) & 0xFF));
    }
    m_frame.append(reinterpret_cast<const char *>(mask), 4);
    const qsizetype start = m_frame.size();
    m_frame.append(payload.data(), size);
    WsFrame::applyMask(m_frame.data() + start, size, mask, 0);
    m_stream->write(m_frame);
    return true;
}

bool TestClient::Tally::markReceived(quint64 seq, quint64 windowBits)
{
    if (seq < nextExpectedSeq)
        return false;
    if (seq == nextExpectedSeq && ahead.empty()) {
        ++nextExpectedSeq; // in order: the common case, no bits
        return true;
    }
    if (ahead.empty())
        ahead.assign(size_t(windowBits / 64), 0);
    const quint64 window = quint64(ahead.size()) * 64;
    const auto bit = [&](quint64 s) -> quint64 & { return ahead[size_t((s % window) / 64)]; };
    const auto mask = [&](quint64 s) { return quint64(1) << (s % 64); };
    if (seq >= nextExpectedSeq + window) {
        // Too far ahead to keep waiting for everything below: what is still missing there is
        // given up (it counts as lost).
        const quint64 base = seq - window + 1;
        if (base - nextExpectedSeq >= window)
            std::fill(ahead.begin(), ahead.end(), 0);
        else
            for (quint64 s = nextExpectedSeq; s < base; ++s)
                bit(s) &= ~mask(s);
        nextExpectedSeq = base;
    }
    if (bit(seq) & mask(seq))
        return false;
    bit(seq) |= mask(seq);
    while (bit(nextExpectedSeq) & mask(nextExpectedSeq)) {
        bit(nextExpectedSeq) &= ~mask(nextExpectedSeq);
        ++nextExpectedSeq;
    }
    return true;
}

void TestClient::closeWith(quint16 code, const QByteArray &reason)
{
    if (m_phase == Phase::WebSocket && m_stream)
        m_stream->write(WsFrame::closeFrame(code, reason, true));
    abort(m_phase == Phase::WebSocket ? QStringLiteral("closed by the client with %1").arg(code)
                                      : QStringLiteral("closed by the client"));
}

void TestClient::onTimer(quint32 kind, quint32 generation)
{
    if (generation != m_generation)
        return;
    if (kind == ReconnectTimer && m_state == ClientState::Waiting) {
        open();
        return;
    }
    if (kind == ConnectTimer &&
        (m_state == ClientState::Connecting || m_state == ClientState::Handshake)) {
        const int ms = m_context->config->connectTimeoutMs;
        if (m_state == ClientState::Handshake)
            fail(QStringLiteral("no answer within %1 ms").arg(ms));
        else if (m_stream && m_stream->state() == Stream::State::TlsHandshake)
            fail(QStringLiteral("TLS handshake not done within %1 ms").arg(ms));
        else
            fail(QStringLiteral("no connection within %1 ms").arg(ms));
    }
}

void TestClient::onStreamConnected(Stream *)
{
    writeRequest();
}

void TestClient::writeRequest()
{
    const LoadConfig &config = *m_context->config;
    const ClientUrl &url = m_context->url;
    QByteArray request = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.hostHeader + "\r\n";
    switch (config.transport) {
    case ClientTransport::WebSocket: {
        QByteArray nonce(16, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
        m_wsKey = nonce.toBase64();
        request += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: "
                   "13\r\nSec-WebSocket-Key: " +
                   m_wsKey + "\r\n";
        if (!config.subprotocol.isEmpty())
            request += "Sec-WebSocket-Protocol: " + config.subprotocol + "\r\n";
        break;
    }
    case ClientTransport::Sse:
        request += "Accept: text/event-stream\r\nCache-Control: no-cache\r\n";
        if (!m_sse.lastEventId().isEmpty())
            request += "Last-Event-ID: " + m_sse.lastEventId() + "\r\n";
        break;
    case ClientTransport::Stream:
    case ClientTransport::Poll:
        request += "Accept: */*\r\n";
        break;
    }
    bool userAgent = false;
    for (const auto &header : config.headers) {
        request += header.first + ": " + header.second + "\r\n";
        userAgent = userAgent || HttpHeaders::equalsIgnoreCase(header.first, "User-Agent");
    }
    if (!userAgent)
        request += "User-Agent: holdfast-load\r\n";
    request += "\r\n";
    m_phase = Phase::AwaitHead;
    m_head.reset();
    m_stream->write(request);
    if (config.transport == ClientTransport::Poll) {
        // The request is all a long-poll subscription needs; the answer comes with a message.
        setState(ClientState::Open);
        m_context->listener->onClientOpen(this);
    } else {
        setState(ClientState::Handshake);
    }
}

void TestClient::onStreamData(Stream *, const char *data, qsizetype size)
{
    if (m_phase == Phase::AwaitHead) {
        qsizetype used = 0;
        const HttpResponseParser::State state = m_head.feed(data, size, &used);
        if (state == HttpResponseParser::State::Error) {
            fail(QStringLiteral("garbage from the server: %1")
                     .arg(QString::fromLatin1(m_head.errorText())));
            return;
        }
        if (state == HttpResponseParser::State::NeedMore)
            return;
        data += used;
        size -= used;
        handleHead();
        if (!m_stream)
            return;
    }
    if (m_phase == Phase::Body)
        handleBody(data, size);
    else if (m_phase == Phase::WebSocket && size > 0)
        handleWebSocket(data, size);
}

void TestClient::handleHead()
{
    const HttpResponseHead &head = m_head.head();
    const ClientTransport transport = m_context->config->transport;
    if (transport == ClientTransport::WebSocket) {
        if (head.status != 101) {
            fail(QStringLiteral("expected 101 Switching Protocols, got %1").arg(statusText(head)));
            return;
        }
        if (HttpHeaders::trimmed(head.headers.value("Sec-WebSocket-Accept")).toByteArray() !=
            WsFrame::acceptKey(m_wsKey)) {
            fail(QStringLiteral("the 101 answer has a wrong Sec-WebSocket-Accept"));
            return;
        }
        const QByteArray chosen =
            HttpHeaders::trimmed(head.headers.value("Sec-WebSocket-Protocol")).toByteArray();
        if (!chosen.isEmpty()) {
            bool offered = false;
            for (const QByteArray &p : m_context->config->subprotocol.split(','))
                offered = offered || p.trimmed() == chosen;
            if (!offered) {
                fail(QStringLiteral("the server chose subprotocol '%1', which was not offered")
                         .arg(QString::fromLatin1(chosen)));
                return;
            }
        }
        m_phase = Phase::WebSocket;
        // Held clients keep no response headers: thousands of them add up.
        m_head.reset();
        setState(ClientState::Open);
        m_context->listener->onClientOpen(this);
        return;
    }
    if (head.status < 200 || head.status > 299) {
        fail(QStringLiteral("HTTP %1").arg(statusText(head)));
        return;
    }
    if (transport == ClientTransport::Sse &&
        !head.headers.value("Content-Type").toLower().startsWith("text/event-stream")) {
        fail(QStringLiteral("not an event stream (Content-Type: %1)")
                 .arg(QString::fromLatin1(head.headers.value("Content-Type"))));
        return;
    }
    m_keepAlive = head.versionMinor >= 1 && !head.headers.hasToken("Connection", "close");
    m_framer = HttpBodyFramer::forResponse("GET", head);
    m_head.reset();
    m_phase = Phase::Body;
    if (transport != ClientTransport::Poll && m_state != ClientState::Open) {
        setState(ClientState::Open);
        m_context->listener->onClientOpen(this);
    }
    if (m_framer.isComplete())
        bodyComplete();
}

void TestClient::handleBody(const char *data, qsizetype size)
{
    while (size > 0 && m_phase == Phase::Body && !m_framer.isComplete()) {
        m_payload.resize(0);
        const qsizetype used = m_framer.feed(data, size, &m_payload);
        if (m_framer.hasError()) {
            fail(QStringLiteral("garbage from the server: %1")
                     .arg(QString::fromLatin1(m_framer.errorText())));
            return;
        }
        deliverPayload();
        if (!m_stream)
            return;
        data += used;
        size -= used;
        if (m_framer.isComplete()) {
            bodyComplete();
            return;
        }
        if (used == 0)
            return;
    }
}

void TestClient::deliverPayload()
{
    if (m_payload.isEmpty())
        return;
    switch (m_context->config->transport) {
    case ClientTransport::Sse:
        m_sse.feed(m_payload, &m_events);
        for (const SseEvent &event : std::as_const(m_events))
            message(event.data, false);
        m_events.clear();
        return;
    case ClientTransport::Stream: {
        qsizetype start = 0;
        while (true) {
            const qsizetype lf = m_payload.indexOf('\n', start);
            if (lf < 0)
                break;
            QByteArrayView line(m_payload.constData() + start, lf - start);
            if (!m_pending.isEmpty()) {
                m_pending.append(line);
                line = m_pending;
            }
            if (line.endsWith('\r'))
                line.chop(1);
            if (!line.isEmpty())
                message(line, false);
            m_pending.resize(0);
            start = lf + 1;
        }
        if (start < m_payload.size() && m_pending.size() < MaxPendingBytes)
            m_pending.append(m_payload.constData() + start, m_payload.size() - start);
        return;
    }
    case ClientTransport::Poll:
        if (m_pending.size() < MaxPendingBytes)
            m_pending.append(m_payload);
        return;
    case ClientTransport::WebSocket:
        return;
    }
}

void TestClient::bodyComplete()
{
    const LoadConfig &config = *m_context->config;
    switch (config.transport) {
    case ClientTransport::Sse:
        // The spec's reconnect: after the retry time, with Last-Event-ID.
        reconnectAfter(config.reconnectDelayMs >= 0 ? config.reconnectDelayMs : m_sse.retryMs());
        return;
    case ClientTransport::Stream:
        closeStream();
        setState(ClientState::Closed, QStringLiteral("the server ended the stream"));
        return;
    case ClientTransport::Poll: {
        ++m_responses;
        const QByteArray body = m_pending.trimmed();
        m_pending.clear();
        if (!body.isEmpty())
            message(body, false);
        if (hasEnded())
            return;
        // As a browser's script would: ask again at once, on the same connection if it stays.
        if (m_stream && m_keepAlive)
            writeRequest();
        else
            reconnectAfter(config.reconnectDelayMs > 0 ? config.reconnectDelayMs : 0);
        return;
    }
    case ClientTransport::WebSocket:
        return;
    }
}

void TestClient::handleWebSocket(const char *data, qsizetype size)
{
    m_wsMessages.clear();
    const bool ok = m_ws.feed(data, size, &m_wsMessages);
    for (const WsFrameDecoder::Message &frame : std::as_const(m_wsMessages)) {
        if (!m_stream)
            return;
        switch (frame.opcode) {
        case WsOpcode::Text:
        case WsOpcode::Binary:
            message(frame.payload, frame.opcode == WsOpcode::Binary);
            break;
        case WsOpcode::Ping:
            m_stream->write(WsFrame::build(WsOpcode::Pong, frame.payload, true, true));
            break;
        case WsOpcode::Close: {
            quint16 code = WsFrame::NoStatusCode;
            QByteArray why;
            WsFrameDecoder::parseClose(frame.payload, &code, &why);
            m_stream->write(WsFrame::closeFrame(code, {}, true));
            closeStream();
            setState(ClientState::Closed,
                     why.isEmpty() ? QStringLiteral("closed by the server with %1").arg(code)
                                   : QStringLiteral("closed by the server with %1 %2")
                                         .arg(code)
                                         .arg(QString::fromUtf8(why)));
            return;
        }
        default:
            break;
        }
    }
    if (!ok && m_stream) {
        m_stream->write(WsFrame::closeFrame(m_ws.closeCodeForError(), {}, true));
        fail(QStringLiteral("invalid WebSocket data from the server: %1")
                 .arg(QString::fromLatin1(m_ws.errorText())));
    }
}

void TestClient::message(QByteArrayView payload, bool binary)
{
    m_context->listener->onClientMessage(this, payload, binary);
}

void TestClient::onStreamDrained(Stream *) {}

void TestClient::onStreamClosed(Stream *, const QString &error)
{
    m_stream = nullptr;
    const ClientTransport transport = m_context->config->transport;
    if (m_phase == Phase::Body && error.isEmpty() &&
        m_framer.kind() == HttpBodyFramer::Kind::UntilClose) {
        bodyComplete();
        return;
    }
    if (!error.isEmpty()) {
        if (m_phase == Phase::Connecting && !error.startsWith(QLatin1String("TLS")))
            fail(QStringLiteral("cannot connect: %1").arg(error));
        else
            fail(error);
        return;
    }
    switch (m_phase) {
    case Phase::Idle:
    case Phase::Connecting:
        fail(QStringLiteral("the server closed the connection while connecting"));
        return;
    case Phase::AwaitHead:
        // An idle keep-alive connection between long-polls may be closed; a browser retries.
        if (transport == ClientTransport::Poll && m_responses > 0 && m_head.bufferedBytes() == 0) {
            reconnectAfter(0);
            return;
        }
        fail(QStringLiteral("the server closed the connection without answering"));
        return;
    case Phase::Body:
        if (transport == ClientTransport::Sse) {
            reconnectAfter(m_context->config->reconnectDelayMs >= 0
                               ? m_context->config->reconnectDelayMs
                               : m_sse.retryMs());
            return;
        }
        fail(QStringLiteral("the server closed the connection in the middle of a response"));
        return;
    case Phase::WebSocket:
        fail(QStringLiteral("the server closed the connection without a close frame"));
        return;
    }
}

void TestClient::reconnectAfter(qint64 delayMs)
{
    closeStream();
    ++m_generation;
    setState(ClientState::Waiting, QStringLiteral("reconnecting"));
    if (delayMs <= 0) {
        open();
        return;
    }
    m_context->timers->schedule(quint64(m_generation) << 32 | quint32(m_id), ReconnectTimer,
                                delayMs);
}

void TestClient::closeStream()
{
    if (m_stream) {
        m_stream->close();
        m_stream = nullptr;
    }
    m_phase = Phase::Idle;
}

void TestClient::setState(ClientState state, const QString &reason)
{
    m_state = state;
    m_reason = reason;
    m_tally.dirty = true;
    if (state == ClientState::Open)
        m_tally.everOpen = true;
    m_context->listener->onClientChanged(this);
}

void TestClient::fail(const QString &reason)
{
    closeStream();
    ++m_generation;
    setState(ClientState::Failed, reason);
}
