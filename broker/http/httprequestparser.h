#pragma once

#include "http/httpheadcollector.h"
#include "http/httpheaders.h"

#include <QByteArray>
#include <QByteArrayView>

struct HttpRequestHead
{
    QByteArray method;
    QByteArray target;
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;

    QByteArray path() const;
    QByteArray host() const;
    bool keepAlive() const;
    bool isWebSocketUpgrade() const;
};

class HttpRequestParser
{
public:
    enum class State
    {
        NeedMore,
        Done,
        Error
    };

    explicit HttpRequestParser(qsizetype maxHeadBytes = 16 * 1024);

    State feed(const char *data, qsizetype size, qsizetype *consumed);
    State state() const { return m_state; }
    const HttpRequestHead &head() const { return m_head; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorText() const;
    qsizetype bufferedBytes() const;
    void reset();

private:
    enum class Error : quint8
    {
        None,
        HeadTooLarge,
        RequestLine,
        Version,
        HeaderLine,
        MissingHost,
        MultipleHost,
        ContentLength,
        TransferEncodingAndLength,
        TransferEncoding,
        TransferEncodingNotChunked,
        TransferEncodingHttp10,
        UnknownCoding,
    };

    State parse(QByteArrayView head);
    State fail(Error error, int status, int line = 0);

    HttpHeadCollector m_collector;
    HttpRequestHead m_head;
    State m_state = State::NeedMore;
    Error m_error = Error::None;
    int m_errorStatus = 0;
    int m_errorLine = 0;
};
