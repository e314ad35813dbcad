#include "http/httpbodyframer.h"

#include "http/httpheaders.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "http/httpsyntax.h"

#include <limits>

namespace {

bool isKnownCoding(QByteArrayView name)
{
    for (const char *known : {"gzip", "x-gzip", "deflate", "compress", "x-compress"}) {
        if (HttpHeaders::equalsIgnoreCase(name, known))
            return true;
    }
    return false;
}

} // namespace

HttpBodyFramer::HttpBodyFramer(Kind kind, quint64 length)
    : m_remaining(kind == Kind::Length ? length : 0), m_kind(kind),
      m_complete(kind == Kind::None || (kind == Kind::Length && length == 0))
{}

HttpBodyFramer HttpBodyFramer::failed(Kind kind, const char *error)
{
    HttpBodyFramer framer(kind);
    framer.m_complete = false;
    framer.m_error = error;
    return framer;
}

HttpBodyFramer HttpBodyFramer::forRequest(const HttpRequestHead &head)
{
    qint64 length = -1;
    if (!contentLength(head.headers, &length))
        return failed(Kind::Length, "invalid or conflicting Content-Length");
    switch (transferEncoding(head.headers)) {
    case TransferEncoding::Absent:
        return length >= 0 ? HttpBodyFramer(Kind::Length, quint64(length)) : HttpBodyFramer();
    case TransferEncoding::Chunked:
    case TransferEncoding::UnknownCoding:
        if (length >= 0)
            return failed(Kind::Chunked, "both Transfer-Encoding and Content-Length");
        return HttpBodyFramer(Kind::Chunked);
    case TransferEncoding::NotChunked:
    case TransferEncoding::Invalid:
        break;
    }
    return failed(Kind::Chunked, "request Transfer-Encoding does not end in chunked");
}

HttpBodyFramer HttpBodyFramer::forResponse(const QByteArray &requestMethod,
                                           const HttpResponseHead &head)
{
    // RFC 9112 6.3 items 1 and 2; after a 2xx to CONNECT the connection is a tunnel, which is the
    // caller's business, not a body.
    if (requestMethod == "HEAD" || (head.status >= 100 && head.status < 200) ||
        head.status == 204 || head.status == 304 ||
        (requestMethod == "CONNECT" && head.status / 100 == 2))
        return HttpBodyFramer();
    qint64 length = -1;
    if (!contentLength(head.headers, &length))
        return failed(Kind::Length, "invalid or conflicting Content-Length");
    const TransferEncoding te = transferEncoding(head.headers);
    if (te != TransferEncoding::Absent && length >= 0)
        return failed(Kind::Chunked, "both Transfer-Encoding and Content-Length");
    switch (te) {
    case TransferEncoding::Absent:
        return length >= 0 ? HttpBodyFramer(Kind::Length, quint64(length))
                           : HttpBodyFramer(Kind::UntilClose);
    case TransferEncoding::Chunked:
    case TransferEncoding::UnknownCoding:
        return HttpBodyFramer(Kind::Chunked);
    case TransferEncoding::NotChunked:
        return HttpBodyFramer(Kind::UntilClose);
    case TransferEncoding::Invalid:
        break;
    }
    return failed(Kind::Chunked, "malformed Transfer-Encoding");
}

HttpBodyFramer::TransferEncoding HttpBodyFramer::transferEncoding(const HttpHeaders &headers)
{
    bool present = false;
    bool any = false;
    bool sawChunked = false;
    bool lastChunked = false;
    bool unknown = false;
    for (const HttpHeader &h : headers.list()) {
        if (!HttpHeaders::equalsIgnoreCase(h.name, "Transfer-Encoding"))
            continue;
        present = true;
        QByteArrayView rest = h.value;
        while (!rest.isEmpty()) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView element =
                HttpHeaders::trimmed(comma < 0 ? rest : rest.first(comma));
            rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
            if (element.isEmpty())
                continue; // RFC 9110 5.6.1: empty list elements do not count
            any = true;
            const qsizetype semicolon = element.indexOf(';');
            const QByteArrayView name =
                HttpHeaders::trimmed(semicolon < 0 ? element : element.first(semicolon));
            if (!HttpHeaders::isToken(name))
                return TransferEncoding::Invalid;
            if (HttpHeaders::equalsIgnoreCase(name, "chunked")) {
                if (sawChunked || semicolon >= 0)
                    return TransferEncoding::Invalid;
                sawChunked = true;
                lastChunked = true;
            } else {
                lastChunked = false;
                unknown = unknown || !isKnownCoding(name);
            }
        }
    }
    if (!present)
        return TransferEncoding::Absent;
    if (!any)
        return TransferEncoding::Invalid;
    if (!lastChunked)
        return TransferEncoding::NotChunked;
    return unknown ? TransferEncoding::UnknownCoding : TransferEncoding::Chunked;
}

bool HttpBodyFramer::contentLength(const HttpHeaders &headers, qint64 *length)
{
    *length = -1;
    for (const HttpHeader &h : headers.list()) {
        if (!HttpHeaders::equalsIgnoreCase(h.name, "Content-Length"))
            continue;
        // Lists such as "5, 5" are refused too: RFC 9110 8.6 allows either choice.
        if (h.value.isEmpty())
            return false;
        qint64 value = 0;
        for (const char c : h.value) {
            if (c < '0' || c > '9')
                return false;
            if (value > (std::numeric_limits<qint64>::max() - (c - '0')) / 10)
                return false;
            value = value * 10 + (c - '0');
        }
        if (*length >= 0 && *length != value)
            return false;
        *length = value;
    }
    return true;
}

QByteArray HttpBodyFramer::errorText() const
{
    return m_error ? QByteArray(m_error) : QByteArray();
}

qsizetype HttpBodyFramer::feed(const char *data, qsizetype size, QByteArray *payload)
{
    if (m_complete || m_error || size <= 0)
        return 0;
    switch (m_kind) {
    case Kind::None:
        return 0;
    case Kind::Length: {
        const qsizetype take = m_remaining < quint64(size) ? qsizetype(m_remaining) : size;
        m_remaining -= quint64(take);
        m_payloadBytes += quint64(take);
        m_complete = m_remaining == 0;
        if (payload)
            payload->append(data, take);
        return take;
    }
    case Kind::UntilClose:
        m_payloadBytes += quint64(size);
        if (payload)
            payload->append(data, size);
        return size;
    case Kind::Chunked:
        return feedChunked(data, size, payload);
    }
    return 0;
}

qsizetype HttpBodyFramer::fail(const char *error, qsizetype consumed)
{
    m_error = error;
    return consumed;
}

qsizetype HttpBodyFramer::feedChunked(const char *data, qsizetype size, QByteArray *payload)
{
    // RFC 9112 7.1. Line ends must be CRLF here: the origin parses these same bytes, and a bare LF
    // that two parsers read differently is a smuggling vector.
    qsizetype i = 0;
    while (i < size) {
        if (m_chunkState == ChunkState::Data) {
            const quint64 available = quint64(size - i);
            const quint64 take = m_remaining < available ? m_remaining : available;
            if (payload)
                payload->append(data + i, qsizetype(take));
            i += qsizetype(take);
            m_remaining -= take;
            m_payloadBytes += take;
            if (m_remaining == 0)
                m_chunkState = ChunkState::DataCr;
            continue;
        }
        const char c = data[i];
        switch (m_chunkState) {
        case ChunkState::Size: {
            const int digit = HttpSyntax::hexDigit(c);
            if (digit >= 0) {
                // 16 hex digits fill 64 bits, so counting digits is the overflow check.
                if (++m_sizeDigits > 16)
                    return fail("chunk size too large", i);
                m_remaining = (m_remaining << 4) | quint64(digit);
            } else if (m_sizeDigits == 0) {
                return fail("malformed chunk size", i);
            } else if (c == ';') {
                m_chunkState = ChunkState::Extension;
            } else if (c == ' ' || c == '\t') {
                m_chunkState = ChunkState::SizeSpace;
            } else if (c == '\r') {
                m_chunkState = ChunkState::SizeLf;
            } else {
                return fail("malformed chunk size", i);
            }
            break;
        }
        case ChunkState::SizeSpace:
            // BWS is only allowed in front of an extension.
            if (c == ';')
                m_chunkState = ChunkState::Extension;
            else if (c != ' ' && c != '\t')
                return fail("malformed chunk extension", i);
            break;
        case ChunkState::Extension:
            if (c == '\r')
                m_chunkState = ChunkState::SizeLf;
            else if (!HttpSyntax::isFieldByte(c))
                return fail("malformed chunk extension", i);
            break;
        case ChunkState::SizeLf:
            if (c != '\n')
                return fail("chunk size line not ended by CRLF", i);
            m_lineBytes = 0;
            m_sizeDigits = 0;
            m_chunkState = m_remaining == 0 ? ChunkState::TrailerStart : ChunkState::Data;
            ++i;
            continue;
        case ChunkState::DataCr:
            if (c != '\r')
                return fail("chunk data not followed by CRLF", i);
            m_chunkState = ChunkState::DataLf;
            ++i;
            continue;
        case ChunkState::DataLf:
            if (c != '\n')
                return fail("chunk data not followed by CRLF", i);
            m_chunkState = ChunkState::Size;
            ++i;
            continue;
        case ChunkState::TrailerStart:
            if (c == '\r') {
                m_chunkState = ChunkState::FinalLf;
            } else if (c == ' ' || c == '\t' || !HttpSyntax::isFieldByte(c)) {
                return fail("malformed trailer line", i);
            } else {
                m_chunkState = ChunkState::Trailer;
            }
            break;
        case ChunkState::Trailer:
            if (c == '\r')
                m_chunkState = ChunkState::TrailerLf;
            else if (!HttpSyntax::isFieldByte(c))
                return fail("malformed trailer line", i);
            break;
        case ChunkState::TrailerLf:
            if (c != '\n')
                return fail("trailer line not ended by CRLF", i);
            m_chunkState = ChunkState::TrailerStart;
            ++i;
            continue;
        case ChunkState::FinalLf:
            if (c != '\n')
                return fail("chunked body not ended by CRLF", i);
            m_complete = true;
            return i + 1;
        case ChunkState::Data:
            break;
        }
        // Chunk-size lines, and the trailer section as a whole, are bounded (line ends not
        // counted) so that a peer cannot keep the framer reading header-like bytes forever.
        if (c != '\r' && ++m_lineBytes > MaxLineBytes) {
            return fail(m_chunkState >= ChunkState::TrailerStart ? "trailer section too long"
                                                                 : "chunk size line too long",
                        i);
        }
        ++i;
    }
    return size;
}
