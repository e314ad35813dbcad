#include "ws/wshandshake.h"

#include "http/httpwriter.h"
#include "ws/wsframe.h"
#include "http/httpstatus.h"

namespace {

bool reject(int *status, QByteArray *error, int code, const char *text)
{
    if (status)
        *status = code;
    if (error)
        *error = text;
    return false;
}

} // namespace

bool WsHandshake::validate(const HttpRequestHead &request, int *status, QByteArray *error)
{
    const HttpHeaders &headers = request.headers;
    if (request.method != "GET")
        return reject(status, error, 400, "WebSocket upgrade must use GET");
    if (request.versionMajor != 1 || request.versionMinor < 1)
        return reject(status, error, 400, "WebSocket upgrade needs HTTP/1.1");
    if (!headers.contains("Host"))
        return reject(status, error, 400, "missing Host");
    if (!headers.hasToken("Upgrade", "websocket"))
        return reject(status, error, 400, "missing Upgrade: websocket");
    if (!headers.hasToken("Connection", "upgrade"))
        return reject(status, error, 400, "missing Connection: upgrade");

    const int versions = headers.count("Sec-WebSocket-Version");
    if (versions == 0)
        return reject(status, error, 400, "missing Sec-WebSocket-Version");
    if (versions > 1 || HttpHeaders::trimmed(headers.value("Sec-WebSocket-Version")) != "13")
        return reject(status, error, 426, "unsupported Sec-WebSocket-Version (only 13)");

    const int keys = headers.count("Sec-WebSocket-Key");
    if (keys == 0)
        return reject(status, error, 400, "missing Sec-WebSocket-Key");
    if (keys > 1)
        return reject(status, error, 400, "more than one Sec-WebSocket-Key");
    // 16 bytes are exactly 24 base64 characters with "==" padding (RFC 6455 §4.1, item 7).
    const QByteArray key = HttpHeaders::trimmed(headers.value("Sec-WebSocket-Key")).toByteArray();
    const auto decoded =
        QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (key.size() != 24 || !decoded || decoded.decoded.size() != 16)
        return reject(status, error, 400, "Sec-WebSocket-Key is not 16 base64-encoded bytes");
    return true;
}

QByteArray WsHandshake::acceptResponse(const HttpRequestHead &request, const HttpHeaders &extra,
                                       const QByteArray &extensions)
{
    const QByteArray key =
        HttpHeaders::trimmed(request.headers.value("Sec-WebSocket-Key")).toByteArray();
    HttpHeaders headers;
    headers.add("Upgrade", "websocket");
    headers.add("Connection", "Upgrade");
    headers.add("Sec-WebSocket-Accept", WsFrame::acceptKey(key));
    for (const HttpHeader &h : extra.list()) {
        if (HttpHeaders::equalsIgnoreCase(h.name, "Upgrade") ||
            HttpHeaders::equalsIgnoreCase(h.name, "Connection") ||
            HttpHeaders::equalsIgnoreCase(h.name, "Sec-WebSocket-Accept") ||
            HttpHeaders::equalsIgnoreCase(h.name, "Sec-WebSocket-Extensions"))
            continue;
        headers.add(h.name, h.value);
    }
    if (!extensions.isEmpty())
        headers.add("Sec-WebSocket-Extensions", extensions);
    return HttpWriter::responseHead(101, HttpStatus::reason(101), headers);
}

QByteArray WsHandshake::rejectResponse(int status, const QByteArray &error)
{
    if (status != 426)
        return HttpWriter::errorResponse(status, error);
    // Built here rather than by errorResponse(): a sender of Upgrade must also list it in
    // Connection (RFC 9110 §7.8), and errorResponse() owns Connection.
    const QByteArray body = error + '\n';
    HttpHeaders headers;
    headers.add("Content-Type", "text/plain; charset=utf-8");
    headers.add("Content-Length", QByteArray::number(body.size()));
    headers.add("Connection", "Upgrade, close");
    headers.add("Upgrade", "websocket");
    headers.add("Sec-WebSocket-Version", "13");
    return HttpWriter::responseHead(status, HttpStatus::reason(status), headers) + body;
}
