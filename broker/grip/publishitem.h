#pragma once

#include <optional>

#include <QByteArray>
#include <QList>
#include <QPair>

// Values shared by every subscriber of a channel. Contents are QByteArrays, which are implicitly
// shared: handing one item to 10,000 subscribers copies a pointer, never the payload. Only the
// parser builds these, so every field already satisfies the limits documented below.

// Pushpin's content-filters (skip-self, build-id, var-subst, ...) are kept as given: the parser
// only checks that they are strings, so that deciding whether a filter is supported is left to
// the code that delivers, which can say so instead of dropping it silently.
using PublishContentFilters = QList<QByteArray>;

struct HttpStreamFormat
{
    enum class Action
    {
        Send,
        Hint,
        Close
    } action = Action::Send;
    QByteArray content; // Send only; empty for Hint and Close
    PublishContentFilters contentFilters;
};

struct HttpResponseFormat
{
    enum class Action
    {
        Send,
        Hint
    } action = Action::Send;
    int code = 200;    // 0..999
    QByteArray reason; // never empty for Send: the standard phrase when not given
    // Names are RFC 9110 tokens and values have no CR, LF, NUL or other controls, so they can be
    // written as they are. Framing headers (Content-Length, Transfer-Encoding) are not removed
    // here: the writer owns framing.
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    PublishContentFilters contentFilters;
};

struct WsMessageFormat
{
    enum class Action
    {
        Send,
        Close,
        Refresh,
        Hint
    } action = Action::Send;
    enum class Type
    {
        Text,
        Binary,
        Ping,
        Pong
    } type = Type::Text;
    QByteArray content;     // Text content is valid UTF-8; Ping/Pong content fits a control frame
    int closeCode = -1;     // Close only: -1 = not given (closes with 1000, as Pushpin)
    QByteArray closeReason; // Close only; at most 123 bytes and only with a closeCode
    PublishContentFilters contentFilters;
};

struct PublishItem
{
    QByteArray channel; // never empty
    QByteArray id;      // empty when not given
    QByteArray prevId;  // empty when not given
    bool noSeq = false;
    int size = -1; // Pushpin's optional "size" for block stats; -1 when not given
    QList<QPair<QByteArray, QByteArray>> meta; // sorted by key (JSON object order is not kept)
    std::optional<HttpStreamFormat> httpStream;
    std::optional<HttpResponseFormat> httpResponse;
    std::optional<WsMessageFormat> wsMessage;
};

// Field-by-field equality, so tests and de-duplication can compare whole items.
bool operator==(const HttpStreamFormat &a, const HttpStreamFormat &b);
bool operator==(const HttpResponseFormat &a, const HttpResponseFormat &b);
bool operator==(const WsMessageFormat &a, const WsMessageFormat &b);
bool operator==(const PublishItem &a, const PublishItem &b);
inline bool operator!=(const PublishItem &a, const PublishItem &b)
{
    return !(a == b);
}

// The JSON spelling of each enum value ("send", "close", "binary", ...), for logs and the UI.
const char *publishActionName(HttpStreamFormat::Action action);
const char *publishActionName(HttpResponseFormat::Action action);
const char *publishActionName(WsMessageFormat::Action action);
const char *publishTypeName(WsMessageFormat::Type type);
