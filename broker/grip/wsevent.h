#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// One WebSocket-over-HTTP event (application/websocket-events), as in Pushpin's
// src/proxy/websocketoverhttp.cpp.
struct WsEvent
{
    enum class Type
    {
        Open,
        Text,
        Binary,
        Ping,
        Pong,
        Close,
        Disconnect
    } type = Type::Open;
    QByteArray content; // Close: 2-byte big-endian code + UTF-8 reason (see WsEventCodec)

    WsEvent() = default;
    WsEvent(Type t, const QByteArray &c = QByteArray()) : type(t), content(c) {}
    bool operator==(const WsEvent &other) const
    {
        return type == other.type && content == other.content;
    }
    bool operator!=(const WsEvent &other) const { return !(*this == other); }
};

// Encodes and strictly decodes bodies of "TYPE <hex-length>\r\n<bytes>\r\n" or "TYPE\r\n" events.
class WsEventCodec
{
public:
    // A backend response body larger than this is an error (Pushpin's RESPONSE_BODY_MAX). The
    // caller enforces it while reading; decode() does not look at it.
    static constexpr qsizetype maxResponseBody = 1000000;
    // How many bytes of a malformed body an error message quotes at most.
    static constexpr qsizetype errorQuoteMax = 64;

    // "OPEN", "TEXT", ... (upper case, as on the wire).
    static QByteArray typeName(WsEvent::Type type);
    // Exact, case-sensitive match of the upper-case names, as Pushpin compares them.
    static bool typeFromName(const QByteArray &name, WsEvent::Type *type);

    // "TEXT 5\r\nhello\r\n", the length in lower-case hex as Pushpin writes it. Events without
    // content are just "OPEN\r\n" (likewise PING, PONG, CLOSE, DISCONNECT), except TEXT and
    // BINARY, which always carry a length ("TEXT 0\r\n\r\n"): an empty message is still a
    // message, and some GRIP libraries read a length-less TEXT as having no content at all.
    static QByteArray encode(const WsEvent &event);
    static QByteArray encode(const QList<WsEvent> &events);

    // Strict parser for a backend response body. An empty body is valid (no events: a
    // keep-alive). Accepts hex lengths in any case, "TYPE\r\n" without a length and
    // "TYPE 0\r\n\r\n". Rejects unknown or lower-case type names, lengths that are not plain hex
    // (no sign, space or 0x), content that the body cuts short and content not followed by CRLF.
    // Pushpin itself is laxer (it skips unknown types and never checks the CRLF after content);
    // we fail instead so a broken backend is reported rather than half understood.
    //
    // On failure returns false, clears *events and sets *error to
    // "<problem> at offset <n>: \"<up to 64 bytes from there, escaped>\"", e.g.
    // unknown event type at offset 9: "FOO 1\r\nx\r\n". The problems are: "event line not
    // terminated by CRLF", "empty event type", "unknown event type", "invalid event length",
    // "event content cut short (<n> of <m> bytes)", "event content not followed by CRLF" (quoting
    // the bytes where the CRLF should be; the event's line is named as well).
    static bool decode(const QByteArray &body, QList<WsEvent> *events, QString *error);

    // CLOSE content: 2-byte big-endian code, then the reason. Code 1005 ("no status") gives empty
    // content, as 1005 is never sent; the reason is kept whole (the caller cuts it to 123 bytes
    // if it becomes a close frame).
    static QByteArray closeContent(quint16 code, const QByteArray &reason);
    // Empty content → 1005 and an empty reason. False for a single byte (no whole code) and for a
    // reason that is not valid UTF-8; *code and *reason are then untouched. The code is not
    // checked: see isSendableCloseCode().
    static bool parseCloseContent(const QByteArray &content, quint16 *code, QByteArray *reason);
    // Whether a close frame may carry this code (RFC 6455 7.4): 1000-1003, 1007-1014, 3000-4999.
    // A backend CLOSE with any other code (1005, 1006, 1015, 0...) must not be relayed as is.
    static bool isSendableCloseCode(quint16 code);

    // Bytes for a log line: printable ASCII as is, \r \n \t \\ \" escaped, the rest as \xHH;
    // at most maxBytes of input, "..." appended when cut.
    static QString escapeForLog(const QByteArray &bytes, qsizetype maxBytes = errorQuoteMax);
};
