#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// The "grip" WebSocket extension (Sec-WebSocket-Extensions: grip; message-prefix="..."), as
// Pushpin's src/proxy/wsproxysession.cpp negotiates it. Holdfast drops the client's own
// Sec-WebSocket-Extensions towards the backend and offers requestValue() instead; GRIP mode is on
// when the backend's answer (101, or the OPEN response over HTTP) names "grip". That header is
// then not passed to the client.
class GripWsExtension
{
public:
    static QByteArray defaultMessagePrefix() { return QByteArrayLiteral("m:"); }
    static QByteArray requestValue() { return QByteArrayLiteral("grip"); }

    // Reads a Sec-WebSocket-Extensions value (a comma-separated list, possibly with several
    // extensions). True when "grip" is present and well formed; *messagePrefix is then its
    // message-prefix parameter (token or quoted string, \-escapes undone; may be empty, which
    // turns prefixes off) or "m:" when absent. The extension name and parameter names compare
    // case-insensitively (Pushpin: exactly). The first "grip" element counts; a repeated
    // message-prefix parameter takes the last value (as Pushpin's hash does); other parameters
    // are ignored.
    //
    // False when grip is absent, or when the grip element is malformed (unterminated quote, a
    // parameter "name=" with no value, junk after a quoted string): Pushpin then treats grip as
    // absent too. In the malformed case *error (if given) says why, so the caller can log it;
    // it is left empty when grip is simply absent. *messagePrefix is untouched on false.
    static bool parse(const QByteArray &headerValue, QByteArray *messagePrefix,
                      QString *error = nullptr);
    // Several header lines: the same as parse() of their values joined with ", ".
    static bool parse(const QList<QByteArray> &headerValues, QByteArray *messagePrefix,
                      QString *error = nullptr);

    // What a message from the backend is, in GRIP mode, in Pushpin's order: a TEXT message
    // starting "c:" is a control message (checked before the prefix, so it wins even when the
    // prefix is "" or "c:"); otherwise a TEXT or BINARY message starting with the prefix is data,
    // delivered without it; anything else is dropped ("dropping unprefixed message"). Control
    // messages must arrive as one frame; the caller drops fragmented ones. Ping, pong and close
    // carry no prefix and are not classified here.
    enum class Kind
    {
        Control, // *payload = the JSON after "c:" (for WsControlMessage::parse)
        Data,    // *payload = the message without the prefix
        Drop     // *payload cleared
    };
    static Kind classify(bool text, const QByteArray &message, const QByteArray &messagePrefix,
                         QByteArray *payload);
};
