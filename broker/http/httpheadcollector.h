#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Finds the end of a message head (request or response) in a byte stream, holding the bytes of an
// unfinished head between reads. Shared by both parsers.
class HttpHeadCollector
{
public:
    enum class Result
    {
        NeedMore,
        Done,
        TooLarge
    };

    explicit HttpHeadCollector(qsizetype maxBytes) : m_maxBytes(maxBytes) {}

    // Stops right after the blank line ending the head. Empty lines before the first line are
    // skipped (RFC 9112 2.2) but count towards maxBytes.
    Result feed(const char *data, qsizetype size, qsizetype *consumed);
    // After Done: the head from its first line through the blank line. It may point into the data
    // given to the last feed(), so it is only valid until that data or this collector changes.
    QByteArrayView head() const { return m_head; }
    // Head bytes seen so far, including skipped empty lines and line terminators.
    qsizetype bytes() const { return m_bytes; }
    qsizetype maxBytes() const { return m_maxBytes; }
    void reset();

    // Splits a head into lines: CRLF or bare LF, terminator removed. *pos advances; returns false
    // when no line is left.
    static bool nextLine(QByteArrayView head, qsizetype *pos, QByteArrayView *line);

private:
    QByteArray m_buffer;
    QByteArrayView m_head;
    qsizetype m_maxBytes;
    qsizetype m_bytes = 0;
    qsizetype m_lineLength = 0; // bytes of the current unfinished line, before its LF
    char m_lineFirst = 0;       // its first byte, to tell "\r\n" from a real line
    bool m_started = false;     // a non-empty line has been seen
};
