#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "grip/publishitem.h"

struct PublishParseResult
{
    QList<PublishItem> items; // empty whenever error is set: a request is delivered whole or not
    // The first problem found, naming where it is: `items[2].formats.http-stream.content-bin:
    // invalid base64`, `items[0]: missing "channel"`, `missing "items" array`. Meant to be sent
    // back as the text of a 400 response.
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// Reads the body of a publish request ({"items":[...]}, as Pushpin's POST /publish and Fastly
// Fanout's take it) into items, checking all of it before returning any. Where the docs are
// vague this accepts what Pushpin 1.36 accepts, with these deliberate differences, mostly
// requests Pushpin would pass on broken or silently changed:
// - base64 is strict (RFC 4648 alphabet, padding required, no whitespace);
// - contents and bodies are limited to MaxContentBytes after decoding (by default; Pushpin has no
//   limit, which maxContentBytes 0 gives);
// - "content" with "content-bin" (or "body" with "body-bin") is an error, not a silent choice;
// - an unknown action is an error with a message, and each format has only its own actions;
// - header names must be tokens and header values and reasons free of control characters;
// - a ws-message close code must be one a peer accepts (RFC 6455 7.4), with a reason of at most
//   123 bytes; ping/pong content fits in 125 bytes; text built from content-bin must be UTF-8;
// - "body-patch" is rejected as not supported rather than ignored.
// JSON null counts as absent for optional fields, as in Pushpin 1.36 built with Qt 5. Fields an
// action does not use (content of a close, say) are not read, also as in Pushpin.
class PublishParser
{
public:
    // Per content/body after base64 decoding (Fastly Fanout's documented limit): the default of
    // Configuration::maxItemContentBytes.
    static constexpr qsizetype MaxContentBytes = 65536;

    static PublishParseResult parse(const QByteArray &json,
                                    qsizetype maxContentBytes = MaxContentBytes);
};
