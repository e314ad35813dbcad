#include "http/httpresponseparser.h"

#include "http/httpbodyframer.h"

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// reason-phrase bytes: HTAB, SP, VCHAR, obs-text.
bool isReasonByte(unsigned char c)
{
    return c >= 0x20 ? c != 0x7f : c == '\t';
}

} // namespace

HttpResponseParser::HttpResponseParser(qsizetype maxHeadBytes) : m_collector(maxHeadBytes) {}

HttpResponseParser::State HttpResponseParser::feed(const char *data, qsizetype size,
                                                   qsizetype *consumed)
{
    *consumed = 0;
    if (m_state != State::NeedMore)
        return m_state;
    switch (m_collector.feed(data, size, consumed)) {
    case HttpHeadCollector::Result::NeedMore:
        return m_state;
    case HttpHeadCollector::Result::TooLarge:
        return fail(Error::HeadTooLarge);
    case HttpHeadCollector::Result::Done:
        break;
    }
    m_state = parse(m_collector.head());
    m_collector.reset();
    return m_state;
}

HttpResponseParser::State HttpResponseParser::parse(QByteArrayView head)
{
    qsizetype pos = 0;
    QByteArrayView line;
    HttpHeadCollector::nextLine(head, &pos, &line);

    // status-line = HTTP-version SP status-code SP [ reason-phrase ]. The second SP is missing in
    // the wild often enough that RFC 9112 4 asks recipients to accept that.
    if (line.size() < 12 || !line.startsWith("HTTP/") || !isDigit(line[5]) || line[6] != '.' ||
        !isDigit(line[7]) || line[8] != ' ' || !isDigit(line[9]) || !isDigit(line[10]) ||
        !isDigit(line[11]) || (line.size() > 12 && line[12] != ' '))
        return fail(Error::StatusLine, 1);
    m_head.versionMajor = line[5] - '0';
    m_head.versionMinor = line[7] - '0';
    if (m_head.versionMajor != 1 || m_head.versionMinor > 1)
        return fail(Error::Version, 1);
    m_head.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    if (m_head.status < 100 || m_head.status > 599)
        return fail(Error::StatusLine, 1);
    const QByteArrayView reason = line.size() > 12 ? line.sliced(13) : QByteArrayView();
    for (const char c : reason) {
        if (!isReasonByte(static_cast<unsigned char>(c)))
            return fail(Error::StatusLine, 1);
    }
    m_head.reason = reason.toByteArray();

    int lineNumber = 1;
    while (HttpHeadCollector::nextLine(head, &pos, &line) && !line.isEmpty()) {
        ++lineNumber;
        if (!m_head.headers.addFieldLine(line))
            return fail(Error::HeaderLine, lineNumber);
    }

    qint64 length = -1;
    if (!HttpBodyFramer::contentLength(m_head.headers, &length))
        return fail(Error::ContentLength);
    const HttpBodyFramer::TransferEncoding te = HttpBodyFramer::transferEncoding(m_head.headers);
    // RFC 9112 6.3 lets Transfer-Encoding win over Content-Length, but only after the proxy drops
    // Content-Length; Holdfast relays heads as they are, so it refuses instead.
    if (te != HttpBodyFramer::TransferEncoding::Absent && length >= 0)
        return fail(Error::TransferEncodingAndLength);
    if (te == HttpBodyFramer::TransferEncoding::Invalid)
        return fail(Error::TransferEncoding);
    return State::Done;
}

HttpResponseParser::State HttpResponseParser::fail(Error error, int line)
{
    m_error = error;
    m_errorLine = line;
    m_state = State::Error;
    return m_state;
}

QByteArray HttpResponseParser::errorText() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::HeadTooLarge:
        return "response head larger than " + QByteArray::number(m_collector.maxBytes()) + " bytes";
    case Error::StatusLine:
        return QByteArrayLiteral("malformed status line");
    case Error::Version:
        return "unsupported HTTP version " + QByteArray::number(m_head.versionMajor) + '.' +
               QByteArray::number(m_head.versionMinor);
    case Error::HeaderLine:
        return "malformed header line " + QByteArray::number(m_errorLine);
    case Error::ContentLength:
        return QByteArrayLiteral("invalid or conflicting Content-Length");
    case Error::TransferEncodingAndLength:
        return QByteArrayLiteral("both Transfer-Encoding and Content-Length");
    case Error::TransferEncoding:
        return QByteArrayLiteral("malformed Transfer-Encoding");
    }
    return {};
}

qsizetype HttpResponseParser::bufferedBytes() const
{
    return m_state == State::NeedMore ? m_collector.bytes() : 0;
}

void HttpResponseParser::reset()
{
    m_collector.reset();
    m_head = HttpResponseHead();
    m_state = State::NeedMore;
    m_error = Error::None;
    m_errorLine = 0;
}
