#include "grip/publishitem.h"

bool operator==(const HttpStreamFormat &a, const HttpStreamFormat &b)
{
    return a.action == b.action && a.content == b.content && a.contentFilters == b.contentFilters;
}

bool operator==(const HttpResponseFormat &a, const HttpResponseFormat &b)
{
    return a.action == b.action && a.code == b.code && a.reason == b.reason &&
           a.headers == b.headers && a.body == b.body && a.contentFilters == b.contentFilters;
}

bool operator==(const WsMessageFormat &a, const WsMessageFormat &b)
{
    return a.action == b.action && a.type == b.type && a.content == b.content &&
           a.closeCode == b.closeCode && a.closeReason == b.closeReason &&
           a.contentFilters == b.contentFilters;
}

bool operator==(const PublishItem &a, const PublishItem &b)
{
    return a.channel == b.channel && a.id == b.id && a.prevId == b.prevId && a.noSeq == b.noSeq &&
           a.size == b.size && a.meta == b.meta && a.httpStream == b.httpStream &&
           a.httpResponse == b.httpResponse && a.wsMessage == b.wsMessage;
}

const char *publishActionName(HttpStreamFormat::Action action)
{
    switch (action) {
    case HttpStreamFormat::Action::Send:
        return "send";
    case HttpStreamFormat::Action::Hint:
        return "hint";
    case HttpStreamFormat::Action::Close:
        return "close";
    }
    return "?";
}

const char *publishActionName(HttpResponseFormat::Action action)
{
    switch (action) {
    case HttpResponseFormat::Action::Send:
        return "send";
    case HttpResponseFormat::Action::Hint:
        return "hint";
    }
    return "?";
}

const char *publishActionName(WsMessageFormat::Action action)
{
    switch (action) {
    case WsMessageFormat::Action::Send:
        return "send";
    case WsMessageFormat::Action::Close:
        return "close";
    case WsMessageFormat::Action::Refresh:
        return "refresh";
    case WsMessageFormat::Action::Hint:
        return "hint";
    }
    return "?";
}

const char *publishTypeName(WsMessageFormat::Type type)
{
    switch (type) {
    case WsMessageFormat::Type::Text:
        return "text";
    case WsMessageFormat::Type::Binary:
        return "binary";
    case WsMessageFormat::Type::Ping:
        return "ping";
    case WsMessageFormat::Type::Pong:
        return "pong";
    }
    return "?";
}
