#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// A GRIP control message: the JSON of a backend TEXT message "c:{...}", read as Pushpin's
// src/handler/wscontrolmessage.cpp does and with the defaults its handlerengine.cpp applies.
//
// Recognising one is the caller's job and comes first (GripWsExtension::classify): in Pushpin's
// wsproxysession.cpp a single-frame TEXT message starting "c:" is a control message before any
// message-prefix test, whatever the prefix (even "" or "c:"); the JSON is what follows "c:".
//
// On a parse error Pushpin's handler logs at debug level and ignores the message; the connection
// stays up. Callers should do the same (log the error, keep the connection).
struct WsControlMessage
{
    static constexpr int maxFilters = 5;                // Pushpin's MESSAGEFILTERSTACK_SIZE_MAX
    static constexpr qint64 defaultKeepAliveSecs = 55;  // DEFAULT_WS_KEEPALIVE_TIMEOUT
    static constexpr qint64 defaultSendDelayedSecs = 1; // DEFAULT_WS_SENDDELAYED_TIMEOUT

    enum class Type
    {
        Subscribe,
        Unsubscribe,
        Detach,
        Session,
        SetMeta,
        KeepAlive,
        SendDelayed,
        FlushDelayed
    } type = Type::Detach;

    // subscribe / unsubscribe: the channel as sent (the route's channel prefix is the caller's).
    // Filters are read for subscribe only, as in Pushpin.
    QByteArray channel;
    QList<QByteArray> filters;

    // session: the id; empty (or "id" absent) clears the session, as Pushpin's handler does.
    QByteArray sessionId;

    // set-meta: "value" absent → metaDelete; "value": "" sets an empty value (Pushpin keeps it).
    QByteArray metaName;
    QByteArray metaValue;
    bool metaDelete = false;

    // keep-alive / send-delayed. "content-bin" (base64) wins over "content" (UTF-8 text) when
    // both are given, as in Pushpin. hasContent tells "content": "" (an empty message) from no
    // content at all.
    QByteArray content;
    bool hasContent = false;
    // From "message-type"; text when absent, even for content-bin: Pushpin defaults it to text
    // before looking at the content, so a backend wanting binary frames must say so.
    enum class MessageType
    {
        Text,
        Binary,
        Ping,
        Pong
    } messageType = MessageType::Text;
    // Effective seconds: keep-alive 55 and send-delayed 1 when "timeout" is absent or 0 (Pushpin
    // treats 0 as "use the default"). "timeout" is read only when there is content, as in
    // Pushpin; -1 for every other type and for keep-alive turned off.
    qint64 timeoutSecs = -1;
    // keep-alive "mode": "interval" → Interval; anything else, or absent → Idle (Pushpin).
    enum class Mode
    {
        Idle,
        Interval
    } mode = Mode::Idle;
    // keep-alive with neither content nor content-bin turns keep-alive off. A send-delayed
    // without content still queues an empty message after 1 s, as Pushpin does.
    bool keepAliveOff = false;

    static QByteArray typeName(Type type); // "subscribe", "set-meta", ...

    // json is the text after "c:". Returns false with *error for: invalid JSON, not an object,
    // "type" missing, not a string or unknown (Pushpin's newer "auto-respond" is unknown here),
    // channel missing/not a string/empty, "filters" not an array of strings or more than 5,
    // set-meta "name" missing/not a string/empty, "value" not a string (JSON null included, as in
    // Pushpin), "id" not a string, "message-type" not one of text|binary|ping|pong, "content" not a
    // string, "content-bin" not a string or not valid base64 (Pushpin decodes leniently),
    // "timeout" not a number, not whole, negative or above INT_MAX, "mode" not a string. Other
    // members are ignored. *out is reset first and unspecified on failure.
    static bool parse(const QByteArray &json, WsControlMessage *out, QString *error);
};
