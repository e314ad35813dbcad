#pragma once

#include <QByteArray>

#include "http/httpheaders.h"
#include "http/httprequestparser.h"

// The server side of the opening handshake (RFC 6455 §4.2) for WebSockets the broker terminates.
// The only extension it answers is the one the caller negotiated (permessage-deflate, WsDeflate):
// acceptResponse() never passes another Sec-WebSocket-Extensions header on.
class WsHandshake
{
public:
    // Checks a client's upgrade request: GET, HTTP/1.1 or later, Host, Upgrade: websocket,
    // Connection: upgrade, Sec-WebSocket-Version: 13 and one Sec-WebSocket-Key that decodes to 16
    // bytes. On failure returns false with *error (e.g. "missing Sec-WebSocket-Key") and *status:
    // 426 for a version other than 13 (answer with rejectResponse(), which names version 13),
    // 400 for everything else. status and error may be null.
    static bool validate(const HttpRequestHead &request, int *status, QByteArray *error);

    // "HTTP/1.1 101 Switching Protocols" with Upgrade, Connection and Sec-WebSocket-Accept, plus
    // extra headers (e.g. the Sec-WebSocket-Protocol a backend chose). Extra headers named
    // Upgrade, Connection, Sec-WebSocket-Accept or Sec-WebSocket-Extensions are dropped.
    // extensions: the Sec-WebSocket-Extensions value agreed with the client, if any.
    // Call only after validate() succeeded.
    static QByteArray acceptResponse(const HttpRequestHead &request, const HttpHeaders &extra = {},
                                     const QByteArray &extensions = {});

    // A complete error response for a failed validate(): text body, Connection: close, and for
    // 426 also Upgrade: websocket and Sec-WebSocket-Version: 13 (RFC 6455 §4.4, RFC 9110
    // §15.5.22). The caller closes the connection after writing it.
    static QByteArray rejectResponse(int status, const QByteArray &error);
};
