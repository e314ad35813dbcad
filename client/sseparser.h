#pragma once

#include <QByteArray>
#include <QList>

struct SseEvent
{
    QByteArray type; // "message" unless an event field said otherwise
    QByteArray data; // data lines joined with LF, the final LF removed
    QByteArray lastEventId;
};

// A text/event-stream parser as the WHATWG HTML standard (9.2.6) describes it: lines end with
// CRLF, LF or CR (also split across reads), a leading BOM is dropped, ':' lines are comments, a
// field without a colon has an empty value, and an empty line dispatches the event.
class SseParser
{
public:
    static constexpr qint64 DefaultRetryMs = 3000;

    // Appends the events completed by these bytes to *out.
    void feed(const char *data, qsizetype size, QList<SseEvent> *out);
    void feed(const QByteArray &data, QList<SseEvent> *out)
    {
        feed(data.constData(), data.size(), out);
    }

    // The last event ID buffer: what a reconnect sends as Last-Event-ID. It survives reset().
    QByteArray lastEventId() const { return m_lastEventId; }
    qint64 retryMs() const { return m_retryMs; }
    // For a new connection: a partial line or event is dropped, as the spec does at end of
    // stream; the last event ID and the retry time are kept.
    void reset();

private:
    void processLine(const char *line, qsizetype size, QList<SseEvent> *out);
    void dispatch(QList<SseEvent> *out);

    QByteArray m_line;
    QByteArray m_data;
    QByteArray m_type;
    QByteArray m_lastEventId;
    qint64 m_retryMs = DefaultRetryMs;
    quint8 m_bomMatched = 0;
    bool m_bomChecked = false;
    bool m_skipLf = false; // the previous read ended in CR, so a leading LF belongs to it
};
