#include "proxy/griphold.h"

#include <algorithm>

#include "proxy/brokercontext.h"
#include "handler/channelhub.h"
#include "http/httpwriter.h"
#include "http/httpstatus.h"

GripHold::GripHold(HoldOwner &owner, SessionTimers timers, ChannelHub &hub,
                   const GripInstruction &instruction, bool chunked)
    : m_owner(owner), m_timers(timers), m_hub(hub), m_instruction(instruction), m_chunked(chunked)
{
    for (const GripChannel &channel : std::as_const(m_instruction.channels))
        m_hub.subscribe(channel.name, this, channel.prevId);
}

GripInstruction GripHold::routed(GripInstruction instruction, const QByteArray &prefix,
                                 const QList<QByteArray> &implicitChannels)
{
    for (GripChannel &channel : instruction.channels)
        channel.name.prepend(prefix);
    for (const QByteArray &name : implicitChannels) {
        const bool named =
            std::any_of(instruction.channels.cbegin(), instruction.channels.cend(),
                        [&name](const GripChannel &channel) { return channel.name == name; });
        if (!named)
            instruction.channels.append(GripChannel{name, {}, {}});
    }
    return instruction;
}

QByteArray GripHold::Response::toBytes(bool closeConnection) const
{
    HttpHeaders out = headers;
    out.removeHopByHop();
    out.remove("Transfer-Encoding");
    out.set("Content-Length", QByteArray::number(body.size()));
    if (closeConnection)
        out.add("Connection", "close");
    return HttpWriter::responseHead(status, reason.isEmpty() ? HttpStatus::reason(status) : reason,
                                    out) +
           body;
}

ConnectionInfo::Transport GripHold::transportFor(const GripInstruction &instruction,
                                                 const Response &response)
{
    if (instruction.hold != GripInstruction::Hold::Stream)
        return ConnectionInfo::Transport::LongPoll;
    return response.headers.value("Content-Type").startsWith("text/event-stream")
               ? ConnectionInfo::Transport::Sse
               : ConnectionInfo::Transport::HttpStream;
}

GripHold::~GripHold()
{
    detach();
}

void GripHold::detach()
{
    if (!m_attached)
        return;
    m_attached = false;
    for (const GripChannel &channel : std::as_const(m_instruction.channels))
        m_hub.unsubscribe(channel.name, this);
}

QList<QByteArray> GripHold::channels() const
{
    QList<QByteArray> names;
    for (const GripChannel &channel : m_instruction.channels)
        names.append(channel.name);
    return names;
}

void GripHold::start(Response response, qint64 nowMs)
{
    if (isStream())
        startStream(std::move(response), nowMs);
    else
        startResponse(std::move(response), nowMs);
}

void GripHold::startStream(Response response, qint64 nowMs)
{
    HttpHeaders &headers = response.headers;
    headers.remove("Content-Length");
    headers.remove("Transfer-Encoding");
    if (m_chunked) {
        // What Pushpin and Fastly send, byte for byte.
        headers.add("Connection", "Transfer-Encoding");
        headers.add("Transfer-Encoding", "chunked");
    } else
        headers.add("Connection", "close"); // an HTTP/1.0 stream ends when the connection does
    // Pushpin fills in the standard phrase when Grip-Status or grip-instruct gives only a code.
    const QByteArray reason =
        response.reason.isEmpty() ? HttpStatus::reason(response.status) : response.reason;
    m_owner.holdWrite(HttpWriter::responseHead(response.status, reason, headers));
    m_lastWriteMs = nowMs;
    if (!response.body.isEmpty())
        writeContent(response.body);
    if (m_instruction.keepAlive.enabled)
        scheduleKeepAlive(nowMs);
}

void GripHold::startResponse(Response response, qint64 nowMs)
{
    m_timeoutResponse = std::move(response);
    m_timeoutDeadlineMs = nowMs + m_instruction.timeoutSecs * 1000;
    m_timers.schedule(HoldTimeoutTimer, m_instruction.timeoutSecs * 1000);
}

void GripHold::scheduleKeepAlive(qint64 nowMs)
{
    const qint64 period = m_instruction.keepAlive.timeoutSecs * 1000;
    const qint64 due = m_instruction.keepAlive.mode == GripKeepAlive::Mode::Idle
                           ? m_lastWriteMs + period
                           : nowMs + period;
    m_nextKeepAliveMs = qMax(due, nowMs);
    m_timers.schedule(KeepAliveTimer, m_nextKeepAliveMs - nowMs);
}

void GripHold::onTimer(quint32 timerKind, qint64 nowMs)
{
    if (!m_attached)
        return;
    if (timerKind == HoldTimeoutTimer && !isStream()) {
        if (nowMs >= m_timeoutDeadlineMs)
            sendResponse(m_timeoutResponse, "long-poll timed out");
        return;
    }
    if (timerKind != KeepAliveTimer || !isStream() || !m_instruction.keepAlive.enabled ||
        nowMs < m_nextKeepAliveMs)
        return;
    const qint64 period = m_instruction.keepAlive.timeoutSecs * 1000;
    const bool idleEnough = nowMs - m_lastWriteMs >= period;
    if (m_instruction.keepAlive.mode == GripKeepAlive::Mode::Interval || idleEnough) {
        writeContent(m_instruction.keepAlive.data);
    }
    scheduleKeepAlive(nowMs);
}

void GripHold::deliver(const Delivery &delivery)
{
    if (!m_attached)
        return;
    const PublishItem &item = *delivery.item;
    if (isStream()) {
        if (!item.httpStream)
            return;
        switch (item.httpStream->action) {
        case HttpStreamFormat::Action::Send:
            ++m_messagesSent;
            writeContent(item.httpStream->content, delivery.streamChunk);
            return;
        case HttpStreamFormat::Action::Close:
            detach();
            // A chunked response ends cleanly and the connection serves the next request, as in
            // Pushpin; an HTTP/1.0 stream can only end with the connection.
            if (m_chunked)
                m_owner.holdWrite(QByteArrayLiteral("0\r\n\r\n"));
            m_owner.holdEnded(!m_chunked, "stream closed by a publish");
            return;
        case HttpStreamFormat::Action::Hint:
            // Pushpin would re-fetch the next link; without one there is nothing to fetch.
            return;
        }
        return;
    }
    if (!item.httpResponse || item.httpResponse->action != HttpResponseFormat::Action::Send)
        return;
    const HttpResponseFormat &format = *item.httpResponse;
    Response response;
    response.status = format.code;
    response.reason = format.reason;
    // Pushpin inherits the held response's headers, minus every name the publish sets
    // (handler/httpsession.cpp).
    response.headers = m_timeoutResponse.headers;
    for (const auto &header : format.headers)
        response.headers.remove(header.first);
    for (const auto &header : format.headers)
        response.headers.add(header.first, header.second);
    response.body = format.body;
    ++m_messagesSent;
    sendResponse(response, "long-poll answered by a publish");
}

void GripHold::writeContent(const QByteArray &content, const QByteArray &preframed)
{
    if (content.isEmpty())
        return; // an empty chunk would end a chunked response
    m_lastWriteMs = m_timers.nowMs();
    if (!m_chunked)
        m_owner.holdWrite(content);
    else
        m_owner.holdWrite(preframed.isEmpty() ? HttpWriter::chunk(content) : preframed);
}

void GripHold::sendResponse(const Response &response, const QByteArray &why)
{
    detach();
    HttpHeaders headers = response.headers;
    headers.remove("Transfer-Encoding");
    headers.remove("Content-Length");
    headers.add("Content-Length", QByteArray::number(response.body.size()));
    const QByteArray reason =
        response.reason.isEmpty() ? HttpStatus::reason(response.status) : response.reason;
    m_owner.holdWrite(HttpWriter::responseHead(response.status, reason, headers) + response.body);
    m_owner.holdEnded(false, why);
}
