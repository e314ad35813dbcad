#include "http/httprequestparser.h"

#include "http/httpbodyframer.h"

#include <cstring>

namespace {

char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

// request-target bytes: visible ASCII only. Spaces would make the line ambiguous and anything
// else has to arrive percent-encoded.
bool isTargetByte(char c)
{
    return c > 0x20 && c < 0x7f;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Splits an absolute-form target ("http://h:1/p?q") into authority "h:1" and the rest "/p?q".
// False for the other forms.
bool splitAbsoluteForm(QByteArrayView target, QByteArrayView *authority, QByteArrayView *rest)
{
    const qsizetype scheme = target.indexOf("://");
    if (scheme <= 0 || !HttpHeaders::isToken(target.first(scheme)))
        return false;
    const QByteArrayView after = target.sliced(scheme + 3);
    qsizetype end = 0;
    while (end < after.size() && after[end] != '/' && after[end] != '?' && after[end] != '#')
        ++end;
    *authority = after.first(end);
    *rest = after.sliced(end);
    return true;
}

} // namespace

QByteArray HttpRequestHead::path() const
{
    QByteArrayView t = target;
    QByteArrayView authority;
    QByteArrayView rest;
    if (!t.startsWith('/') && splitAbsoluteForm(t, &authority, &rest)) {
        // An absolute-form target with no path means "/" (RFC 9112 3.2.2).
        if (!rest.startsWith('/'))
            return QByteArrayLiteral("/");
        t = rest;
    }
    const qsizetype query = t.indexOf('?');
    return (query < 0 ? t : t.first(query)).toByteArray();
}

QByteArray HttpRequestHead::host() const
{
    // RFC 9112 3.2.2: an absolute-form target's authority wins over the Host header.
    QByteArrayView authority;
    QByteArrayView rest;
    const QByteArray hostHeader = headers.value("Host");
    if (target.startsWith('/') || !splitAbsoluteForm(target, &authority, &rest))
        authority = hostHeader;
    const qsizetype at = authority.lastIndexOf('@');
    if (at >= 0)
        authority = authority.sliced(at + 1);
    QByteArrayView name;
    if (authority.startsWith('[')) {
        const qsizetype close = authority.indexOf(']');
        name = close < 0 ? authority.sliced(1) : authority.sliced(1, close - 1);
    } else {
        const qsizetype colon = authority.indexOf(':');
        name = colon < 0 ? authority : authority.first(colon);
    }
    QByteArray out(name.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < name.size(); ++i)
        out[i] = toLower(name[i]);
    return out;
}

bool HttpRequestHead::keepAlive() const
{
    if (headers.hasToken("Connection", "close"))
        return false;
    if (versionMajor == 1 && versionMinor == 0)
        return headers.hasToken("Connection", "keep-alive");
    return true;
}

bool HttpRequestHead::isWebSocketUpgrade() const
{
    // RFC 9110 7.8: Upgrade in an HTTP/1.0 request must be ignored.
    return method == "GET" && versionMajor == 1 && versionMinor >= 1 &&
           headers.hasToken("Upgrade", "websocket") && headers.hasToken("Connection", "upgrade");
}

HttpRequestParser::HttpRequestParser(qsizetype maxHeadBytes) : m_collector(maxHeadBytes) {}

HttpRequestParser::State HttpRequestParser::feed(const char *data, qsizetype size,
                                                 qsizetype *consumed)
{
    *consumed = 0;
    if (m_state != State::NeedMore)
        return m_state;
    switch (m_collector.feed(data, size, consumed)) {
    case HttpHeadCollector::Result::NeedMore:
        return m_state;
    case HttpHeadCollector::Result::TooLarge:
        return fail(Error::HeadTooLarge, 431);
    case HttpHeadCollector::Result::Done:
        break;
    }
    m_state = parse(m_collector.head());
    // The head may point into the caller's data, and the parsed copy is all that is needed now.
    m_collector.reset();
    return m_state;
}

HttpRequestParser::State HttpRequestParser::parse(QByteArrayView head)
{
    qsizetype pos = 0;
    QByteArrayView line;
    HttpHeadCollector::nextLine(head, &pos, &line);

    // request-line = method SP request-target SP HTTP-version, with exactly one SP each.
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return fail(Error::RequestLine, 400, 1);
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!HttpHeaders::isToken(method) || target.isEmpty())
        return fail(Error::RequestLine, 400, 1);
    for (const char c : target) {
        if (!isTargetByte(c))
            return fail(Error::RequestLine, 400, 1);
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigit(version[5]) ||
        version[6] != '.' || !isDigit(version[7]))
        return fail(Error::RequestLine, 400, 1);
    m_head.versionMajor = version[5] - '0';
    m_head.versionMinor = version[7] - '0';
    if (m_head.versionMajor != 1 || m_head.versionMinor > 1)
        return fail(Error::Version, 505, 1);
    m_head.method = method.toByteArray();
    m_head.target = target.toByteArray();

    int lineNumber = 1;
    while (HttpHeadCollector::nextLine(head, &pos, &line) && !line.isEmpty()) {
        ++lineNumber;
        if (!m_head.headers.addFieldLine(line))
            return fail(Error::HeaderLine, 400, lineNumber);
    }

    const HttpHeaders &headers = m_head.headers;
    const int hosts = headers.count("Host");
    if (hosts > 1)
        return fail(Error::MultipleHost, 400);
    if (hosts == 0 && m_head.versionMinor == 1)
        return fail(Error::MissingHost, 400);

    qint64 length = -1;
    if (!HttpBodyFramer::contentLength(headers, &length))
        return fail(Error::ContentLength, 400);
    const HttpBodyFramer::TransferEncoding te = HttpBodyFramer::transferEncoding(headers);
    if (te != HttpBodyFramer::TransferEncoding::Absent) {
        // Each of these is a way to make two parsers disagree on where the body ends.
        if (length >= 0)
            return fail(Error::TransferEncodingAndLength, 400);
        if (m_head.versionMinor == 0)
            return fail(Error::TransferEncodingHttp10, 400);
        if (te == HttpBodyFramer::TransferEncoding::Invalid)
            return fail(Error::TransferEncoding, 400);
        if (te == HttpBodyFramer::TransferEncoding::NotChunked)
            return fail(Error::TransferEncodingNotChunked, 400);
        if (te == HttpBodyFramer::TransferEncoding::UnknownCoding)
            return fail(Error::UnknownCoding, 501);
    }
    return State::Done;
}

HttpRequestParser::State HttpRequestParser::fail(Error error, int status, int line)
{
    m_error = error;
    m_errorStatus = status;
    m_errorLine = line;
    m_state = State::Error;
    return m_state;
}

QByteArray HttpRequestParser::errorText() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::HeadTooLarge:
        return "request head larger than " + QByteArray::number(m_collector.maxBytes()) + " bytes";
    case Error::RequestLine:
        return QByteArrayLiteral("malformed request line");
    case Error::Version:
        return "unsupported HTTP version " + QByteArray::number(m_head.versionMajor) + '.' +
               QByteArray::number(m_head.versionMinor);
    case Error::HeaderLine:
        return "malformed header line " + QByteArray::number(m_errorLine);
    case Error::MissingHost:
        return QByteArrayLiteral("missing Host header");
    case Error::MultipleHost:
        return QByteArrayLiteral("more than one Host header");
    case Error::ContentLength:
        return QByteArrayLiteral("invalid or conflicting Content-Length");
    case Error::TransferEncodingAndLength:
        return QByteArrayLiteral("both Transfer-Encoding and Content-Length");
    case Error::TransferEncoding:
        return QByteArrayLiteral("malformed Transfer-Encoding");
    case Error::TransferEncodingNotChunked:
        return QByteArrayLiteral("Transfer-Encoding does not end in chunked");
    case Error::TransferEncodingHttp10:
        return QByteArrayLiteral("Transfer-Encoding in an HTTP/1.0 request");
    case Error::UnknownCoding:
        return QByteArrayLiteral("unsupported transfer coding");
    }
    return {};
}

qsizetype HttpRequestParser::bufferedBytes() const
{
    return m_state == State::NeedMore ? m_collector.bytes() : 0;
}

void HttpRequestParser::reset()
{
    m_collector.reset();
    m_head = HttpRequestHead();
    m_state = State::NeedMore;
    m_error = Error::None;
    m_errorStatus = 0;
    m_errorLine = 0;
}
