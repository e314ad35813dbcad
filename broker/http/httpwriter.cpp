#include "httpwriter.h"

namespace {

qsizetype headersSize(const HttpHeaders &headers)
{
    qsizetype size = 2;
    for (const HttpHeader &h : headers.list())
        size += h.name.size() + h.value.size() + 4;
    return size;
}

void appendHeaders(QByteArray *out, const HttpHeaders &headers)
{
    for (const HttpHeader &h : headers.list()) {
        out->append(h.name);
        out->append(": ", 2);
        out->append(h.value);
        out->append("\r\n", 2);
    }
    out->append("\r\n", 2);
}

} // namespace

QByteArray HttpWriter::requestHead(const QByteArray &method, const QByteArray &target,
                                   const HttpHeaders &headers, int versionMinor)
{
    QByteArray out;
    out.reserve(method.size() + target.size() + 12 + headersSize(headers));
    out.append(method);
    out.append(' ');
    out.append(target);
    out.append(versionMinor == 0 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n", 11);
    appendHeaders(&out, headers);
    return out;
}

QByteArray HttpWriter::responseHead(int status, const QByteArray &reason,
                                    const HttpHeaders &headers, int versionMinor)
{
    QByteArray out;
    out.reserve(reason.size() + 16 + headersSize(headers));
    out.append("HTTP/1.", 7);
    out.append(char('0' + versionMinor));
    out.append(' ');
    out.append(QByteArray::number(status));
    out.append(' ');
    out.append(reason);
    out.append("\r\n", 2);
    appendHeaders(&out, headers);
    return out;
}

QByteArray HttpWriter::errorResponse(int status, const QByteArray &text, const HttpHeaders &extra)
{
    const QByteArray body = text + '\n';
    HttpHeaders headers;
    headers.add("Content-Type", "text/plain; charset=utf-8");
    headers.add("Content-Length", QByteArray::number(body.size()));
    headers.add("Connection", "close");
    for (const HttpHeader &h : extra.list()) {
        if (!HttpHeaders::equalsIgnoreCase(h.name, "Content-Type") &&
            !HttpHeaders::equalsIgnoreCase(h.name, "Content-Length") &&
            !HttpHeaders::equalsIgnoreCase(h.name, "Connection"))
            headers.add(h.name, h.value);
    }
    return responseHead(status, reasonPhrase(status), headers) + body;
}

QByteArray HttpWriter::reasonPhrase(int status)
{
    // RFC 9110 15, plus 429/431 from RFC 6585.
    switch (status) {
    case 100:
        return QByteArrayLiteral("Continue");
    case 101:
        return QByteArrayLiteral("Switching Protocols");
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 203:
        return QByteArrayLiteral("Non-Authoritative Information");
    case 204:
        return QByteArrayLiteral("No Content");
    case 205:
        return QByteArrayLiteral("Reset Content");
    case 206:
        return QByteArrayLiteral("Partial Content");
    case 300:
        return QByteArrayLiteral("Multiple Choices");
    case 301:
        return QByteArrayLiteral("Moved Permanently");
    case 302:
        return QByteArrayLiteral("Found");
    case 303:
        return QByteArrayLiteral("See Other");
    case 304:
        return QByteArrayLiteral("Not Modified");
    case 307:
        return QByteArrayLiteral("Temporary Redirect");
    case 308:
        return QByteArrayLiteral("Permanent Redirect");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 406:
        return QByteArrayLiteral("Not Acceptable");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 412:
        return QByteArrayLiteral("Precondition Failed");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 421:
        return QByteArrayLiteral("Misdirected Request");
    case 426:
        return QByteArrayLiteral("Upgrade Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 502:
        return QByteArrayLiteral("Bad Gateway");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 504:
        return QByteArrayLiteral("Gateway Timeout");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    }
    return {};
}
