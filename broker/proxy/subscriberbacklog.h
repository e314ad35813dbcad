#pragma once

#include <QByteArray>
#include <QtGlobal>

// What a subscriber (a held HTTP response or a Fanout WebSocket) has queued in Holdfast's own
// buffer because its reader fell behind. Messages only count once the kernel's socket buffer is
// full, so a reader that keeps up never accumulates any; a drained buffer starts over.
class SubscriberBacklog final
{
public:
    SubscriberBacklog(int maxMessages, qsizetype maxBytes)
        : m_maxMessages(maxMessages), m_maxBytes(maxBytes)
    {}

    // After a message was handed to the stream; pendingBytes is what it still has queued.
    // True once the subscriber is over either bound and must be closed.
    bool messageWritten(qsizetype pendingBytes);
    void drained() { m_messages = 0; }
    int queuedMessages() const { return m_messages; }
    // For the log and the connection's close reason.
    QByteArray describe(qsizetype pendingBytes) const;

private:
    int m_maxMessages;
    qsizetype m_maxBytes;
    int m_messages = 0;
};
