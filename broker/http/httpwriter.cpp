#include "http/httpwriter.h"
#include "http/httpstatus.h"

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
    return responseHead(status, HttpStatus::reason(status), headers) + body;
}

QByteArray HttpWriter::chunk(const QByteArray &content)
{
    return QByteArray::number(content.size(), 16) + "\r\n" + content + "\r\n";
}
