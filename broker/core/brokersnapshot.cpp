#include "core/brokersnapshot.h"

QByteArray ConnectionInfo::transportName(Transport transport)
{
    switch (transport) {
    case Transport::Http:
        return QByteArrayLiteral("http");
    case Transport::WebSocketPassthrough:
        return QByteArrayLiteral("ws-passthrough");
    case Transport::HttpStream:
        return QByteArrayLiteral("http-stream");
    case Transport::Sse:
        return QByteArrayLiteral("sse");
    case Transport::LongPoll:
        return QByteArrayLiteral("long-poll");
    case Transport::WsFanout:
        return QByteArrayLiteral("ws-fanout");
    }
    return {};
}

QByteArray ConnectionInfo::stateName(State state)
{
    switch (state) {
    case State::Reading:
        return QByteArrayLiteral("reading");
    case State::Connecting:
        return QByteArrayLiteral("connecting");
    case State::Open:
        return QByteArrayLiteral("open");
    case State::Closing:
        return QByteArrayLiteral("closing");
    case State::Closed:
        return QByteArrayLiteral("closed");
    }
    return {};
}

QByteArray ConnectionInfo::closeSummary(const QByteArray &reason) const
{
    // Concatenated, not QString::arg: the reason is peer text and may contain "%1".
    const double seconds = double(startedUtc.msecsTo(endedUtc)) / 1000.0;
    return "conn " + QByteArray::number(id) + " closed after " +
           QByteArray::number(seconds, 'f', 3) + " s (" + transportName(transport) +
           "): " + reason + ", in " + QByteArray::number(bytesFromClient) + " B/" +
           QByteArray::number(messagesFromClient) + " msgs, out " +
           QByteArray::number(bytesToClient) + " B/" + QByteArray::number(messagesToClient) +
           " msgs, code " + QByteArray::number(closeCode);
}
