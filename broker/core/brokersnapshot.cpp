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
