#include "proxy/subscriberbacklog.h"

bool SubscriberBacklog::messageWritten(qsizetype pendingBytes, qint64 totalBytes)
{
    if (pendingBytes == 0) {
        m_messages = 0;
        return false;
    }
    ++m_messages;
    if (m_maxTotalBytes > 0 && totalBytes > m_maxTotalBytes && pendingBytes > FairShareBytes) {
        m_totalBytes = totalBytes;
        return true;
    }
    return (m_maxMessages > 0 && m_messages > m_maxMessages) ||
           (m_maxBytes > 0 && pendingBytes > m_maxBytes);
}

QByteArray SubscriberBacklog::describe(qsizetype pendingBytes) const
{
    QByteArray text = "slow subscriber: " + QByteArray::number(m_messages) + " messages / " +
                      QByteArray::number(pendingBytes) + " bytes queued (limits " +
                      QByteArray::number(m_maxMessages) + " / " + QByteArray::number(m_maxBytes);
    if (m_totalBytes > 0)
        text += "; all connections " + QByteArray::number(m_totalBytes) + " bytes, limit " +
                QByteArray::number(m_maxTotalBytes);
    return text + ")";
}
