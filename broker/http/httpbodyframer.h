#pragma once

#include <QByteArray>
#include <QtGlobal>

class HttpHeaders;
struct HttpRequestHead;
struct HttpResponseHead;

// Tells where a message body ends while its bytes are relayed as they are: it never copies
// payload and chunk data is skipped in one step, so only chunk-size and trailer lines are looked
// at byte by byte.
class HttpBodyFramer
{
public:
    enum class Kind
    {
        None,
        Length,
        Chunked,
        UntilClose
    };
    // What a Transfer-Encoding header list amounts to, for the parsers and the factories below.
    enum class TransferEncoding
    {
        Absent,
        Chunked,       // final coding is chunked, all others known
        UnknownCoding, // final coding is chunked, an earlier one is not a registered coding
        NotChunked,    // final coding is something else
        Invalid,       // empty list, chunked twice or with parameters, a coding that is no token
    };

    // Longest chunk-size line, and longest trailer section, before the body counts as malformed;
    // CR and LF are not counted.
    static constexpr quint32 MaxLineBytes = 8 * 1024;

    HttpBodyFramer() = default;
    // For a body whose framing the caller already knows; length is used by Kind::Length only.
    explicit HttpBodyFramer(Kind kind, quint64 length = 0);

    static HttpBodyFramer forRequest(const HttpRequestHead &head);
    static HttpBodyFramer forResponse(const QByteArray &requestMethod,
                                      const HttpResponseHead &head);

    static TransferEncoding transferEncoding(const HttpHeaders &headers);
    // False if a Content-Length is not all digits, too large, or disagrees with another one.
    // *length is -1 when there is none.
    static bool contentLength(const HttpHeaders &headers, qint64 *length);

    Kind kind() const { return m_kind; }
    // Returns 0 once complete or failed; on failure the bytes before the bad one are counted.
    // With payload set, the decoded body bytes (chunk framing removed) are appended to it.
    qsizetype feed(const char *data, qsizetype size, QByteArray *payload = nullptr);
    bool isComplete() const { return m_complete; }
    bool hasError() const { return m_error != nullptr; }
    QByteArray errorText() const;
    quint64 payloadBytes() const { return m_payloadBytes; }

private:
    enum class ChunkState : quint8
    {
        Size,
        SizeSpace,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        TrailerStart,
        Trailer,
        TrailerLf,
        FinalLf,
    };

    static HttpBodyFramer failed(Kind kind, const char *error);
    qsizetype feedChunked(const char *data, qsizetype size, QByteArray *payload);
    qsizetype fail(const char *error, qsizetype consumed);

    quint64 m_remaining = 0;
    quint64 m_payloadBytes = 0;
    const char *m_error = nullptr; // a string literal, so a framer stays small and copyable
    quint32 m_lineBytes = 0;
    Kind m_kind = Kind::None;
    ChunkState m_chunkState = ChunkState::Size;
    quint8 m_sizeDigits = 0;
    bool m_complete = true;
};
