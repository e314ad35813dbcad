#pragma once

#include <QByteArray>
#include <QtGlobal>

// What a subscriber (a held HTTP response or a Fanout WebSocket) has queued in Holdfast's own
// buffer because its reader fell behind. Messages only count once the kernel's socket buffer is
// full, so a reader that keeps up never accumulates any; a drained buffer starts over.
class SubscriberBacklog final
{
public:
    // Below this, a subscriber is not closed for the total: its share is too small to matter.
    static constexpr qsizetype FairShareBytes = 64 * 1024;

    SubscriberBacklog(int maxMessages, qsizetype maxBytes, qint64 maxTotalBytes)
        : m_maxMessages(maxMessages), m_maxBytes(maxBytes), m_maxTotalBytes(maxTotalBytes)
    {}

    // After a message was handed to the stream; pendingBytes is what it still has queued,
    // totalBytes what every connection of the broker has (Reactor::queuedBytes). True once the
    // subscriber is over a bound and must be closed.
    bool messageWritten(qsizetype pendingBytes, qint64 totalBytes);
    void drained() { m_messages = 0; }
    int queuedMessages() const { return m_messages; }
    // For the log and the connection's close reason.
    QByteArray describe(qsizetype pendingBytes) const;

private:
    int m_maxMessages;
    qsizetype m_maxBytes;
    qint64 m_maxTotalBytes;
    qint64 m_totalBytes = 0; // when over m_maxTotalBytes, for describe()
    int m_messages = 0;
};
