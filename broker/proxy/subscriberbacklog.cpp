#include "proxy/subscriberbacklog.h"

bool SubscriberBacklog::messageWritten(qsizetype pendingBytes)
{
    if (pendingBytes == 0) {
        m_messages = 0;
        return false;
    }
    ++m_messages;
    return (m_maxMessages > 0 && m_messages > m_maxMessages) ||
           (m_maxBytes > 0 && pendingBytes > m_maxBytes);
}

QByteArray SubscriberBacklog::describe(qsizetype pendingBytes) const
{
    return "slow subscriber: " + QByteArray::number(m_messages) + " messages / " +
           QByteArray::number(pendingBytes) + " bytes queued (limits " +
           QByteArray::number(m_maxMessages) + " / " + QByteArray::number(m_maxBytes) + ")";
}
