#pragma once

#include "http/httpheaders.h"
#include "http/httprequestparser.h"

#include <QByteArray>

struct HttpResponseHead
{
    int versionMajor = 1;
    int versionMinor = 1;
    int status = 0;
    QByteArray reason;
    HttpHeaders headers;
};

// Parses an origin's response head. Errors have no status of their own: whatever went wrong, the
// client gets a 502.
class HttpResponseParser
{
public:
    enum class State
    {
        NeedMore,
        Done,
        Error
    };

    explicit HttpResponseParser(qsizetype maxHeadBytes = 64 * 1024);

    State feed(const char *data, qsizetype size, qsizetype *consumed);
    State state() const { return m_state; }
    const HttpResponseHead &head() const { return m_head; }
    QByteArray errorText() const;
    qsizetype bufferedBytes() const;
    void reset();

private:
    enum class Error : quint8
    {
        None,
        HeadTooLarge,
        StatusLine,
        Version,
        HeaderLine,
        ContentLength,
        TransferEncodingAndLength,
        TransferEncoding,
    };

    State parse(QByteArrayView head);
    State fail(Error error, int line = 0);

    HttpHeadCollector m_collector;
    HttpResponseHead m_head;
    State m_state = State::NeedMore;
    Error m_error = Error::None;
    int m_errorLine = 0;
};
