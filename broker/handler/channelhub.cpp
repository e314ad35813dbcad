#include "handler/channelhub.h"

#include <algorithm>

#include "core/brokersnapshot.h"
#include "handler/subscriber.h"
#include "http/httpwriter.h"
#include "ws/wsframe.h"

namespace {
quint8 wsOpcodeOf(WsMessageFormat::Type type)
{
    switch (type) {
    case WsMessageFormat::Type::Text:
        return WsOpcode::Text;
    case WsMessageFormat::Type::Binary:
        return WsOpcode::Binary;
    case WsMessageFormat::Type::Ping:
        return WsOpcode::Ping;
    case WsMessageFormat::Type::Pong:
        return WsOpcode::Pong;
    }
    return WsOpcode::Text;
}
} // namespace

ChannelHub::ChannelHub(QObject *parent) : QObject(parent), m_expiry(this)
{
    m_clock.start();
    m_expiry.setInterval(250);
    m_expiry.callOnTimeout(this, &ChannelHub::expirePending);
}

void ChannelHub::setTimings(qint64 messageWaitMs, qint64 idCacheMs)
{
    m_messageWaitMs = messageWaitMs;
    m_idCacheMs = idCacheMs;
}

void ChannelHub::subscribe(const QByteArray &channel, Subscriber *subscriber,
                           const QByteArray &prevId)
{
    Channel &entry = m_channels[channel];
    if (std::find(entry.subscribers.begin(), entry.subscribers.end(), subscriber) !=
        entry.subscribers.end())
        return;
    entry.subscribers.push_back(subscriber);
    m_changed = true;
    // The subscriber has seen prevId: items chained to it are in order.
    if (entry.lastId.isEmpty() && !prevId.isEmpty())
        entry.lastId = prevId;
}

void ChannelHub::unsubscribe(const QByteArray &channel, Subscriber *subscriber)
{
    auto it = m_channels.find(channel);
    if (it == m_channels.end())
        return;
    auto &list = it->subscribers;
    list.erase(std::remove(list.begin(), list.end(), subscriber), list.end());
    m_changed = true;
    if (m_delivering == 0)
        dropIfUnused(channel);
}

void ChannelHub::dropIfUnused(const QByteArray &name)
{
    auto it = m_channels.find(name);
    // Pushpin forgets a channel's last id when nobody listens any more.
    if (it != m_channels.end() && it->subscribers.empty())
        m_channels.erase(it);
}

qsizetype ChannelHub::subscriberCount(const QByteArray &channel) const
{
    const auto it = m_channels.constFind(channel);
    return it == m_channels.constEnd() ? 0 : qsizetype(it->subscribers.size());
}

void ChannelHub::publish(const QList<PublishItem> &items)
{
    for (const PublishItem &item : items) {
        ++m_stats.itemsReceived;
        if (!m_channels.contains(item.channel))
            continue; // nobody subscribed: nothing is stored, as in Pushpin
        ++m_delivering;
        accept(item.channel, item);
        --m_delivering;
        dropIfUnused(item.channel);
    }
}

void ChannelHub::accept(const QByteArray &name, const PublishItem &item)
{
    Channel &channel = m_channels[name];
    ++channel.published;
    channel.lastPublishUtc = QDateTime::currentDateTimeUtc();
    m_changed = true;
    const qint64 now = m_clock.elapsed();
    if (!item.id.isEmpty() && m_idCacheMs > 0) {
        while (!channel.recentOrder.empty() &&
               now - channel.recentOrder.front().first > m_idCacheMs) {
            channel.recentIds.remove(channel.recentOrder.front().second);
            channel.recentOrder.pop_front();
        }
        if (channel.recentIds.contains(item.id)) {
            ++m_stats.duplicates;
            return;
        }
        channel.recentIds.insert(item.id);
        channel.recentOrder.emplace_back(now, item.id);
    }
    const bool outOfOrder = !item.noSeq && !item.prevId.isEmpty() && !channel.lastId.isEmpty() &&
                            item.prevId != channel.lastId;
    if (outOfOrder && qsizetype(channel.pending.size()) < PendingMax) {
        ++m_stats.reordered;
        channel.pending.push_back(Pending{item, now + m_messageWaitMs});
        if (!m_expiry.isActive())
            m_expiry.start();
        return;
    }
    deliver(name, item);
    deliverReadyPending(name);
}

void ChannelHub::deliver(const QByteArray &name, const PublishItem &item)
{
    std::vector<Subscriber *> subscribers;
    {
        Channel &channel = m_channels[name];
        if (!item.id.isEmpty())
            channel.lastId = item.id;
        // A copy: a subscriber may unsubscribe (or close) while it is being served.
        subscribers = channel.subscribers;
    }
    const Delivery delivery = deliveryOf(name, item);
    for (Subscriber *subscriber : subscribers)
        subscriber->deliver(delivery);
    m_stats.deliveries += subscribers.size();
}

void ChannelHub::deliverReadyPending(const QByteArray &name)
{
    for (;;) {
        auto it = m_channels.find(name);
        if (it == m_channels.end())
            return;
        auto &pending = it->pending;
        const QByteArray lastId = it->lastId;
        const auto next = std::find_if(pending.begin(), pending.end(),
                                       [&](const Pending &p) { return p.item.prevId == lastId; });
        if (next == pending.end())
            return;
        const PublishItem item = next->item;
        pending.erase(next);
        deliver(name, item);
    }
}

void ChannelHub::expirePending()
{
    const qint64 now = m_clock.elapsed();
    bool waiting = false;
    const QList<QByteArray> names = m_channels.keys();
    for (const QByteArray &name : names) {
        auto it = m_channels.find(name);
        if (it == m_channels.end())
            continue;
        // What waited long enough goes out in arrival order, then whatever now follows it.
        ++m_delivering;
        for (;;) {
            it = m_channels.find(name);
            if (it == m_channels.end() || it->pending.empty() ||
                it->pending.front().expiresMs > now)
                break;
            const PublishItem item = it->pending.front().item;
            it->pending.erase(it->pending.begin());
            deliver(name, item);
            deliverReadyPending(name);
        }
        --m_delivering;
        it = m_channels.find(name);
        waiting = waiting || (it != m_channels.end() && !it->pending.empty());
        dropIfUnused(name);
    }
    if (!waiting)
        m_expiry.stop();
}

bool ChannelHub::takeChanged()
{
    const bool changed = m_changed;
    m_changed = false;
    return changed;
}

QList<ChannelInfo> ChannelHub::channelInfos() const
{
    QList<ChannelInfo> infos;
    infos.reserve(m_channels.size());
    for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it) {
        ChannelInfo info;
        info.name = it.key();
        info.subscribers = quint64(it->subscribers.size());
        info.published = it->published;
        info.lastPublishUtc = it->lastPublishUtc;
        info.lastId = it->lastId;
        infos.append(info);
    }
    return infos;
}

Delivery ChannelHub::deliveryOf(const QByteArray &channel, const PublishItem &item)
{
    Delivery delivery;
    delivery.channel = channel;
    delivery.item = &item;
    if (item.httpStream && item.httpStream->action == HttpStreamFormat::Action::Send)
        delivery.streamChunk = HttpWriter::chunk(item.httpStream->content);
    if (item.wsMessage && item.wsMessage->action == WsMessageFormat::Action::Send)
        delivery.wsFrame = wsFrameFor(*item.wsMessage);
    return delivery;
}

QByteArray ChannelHub::wsFrameFor(const WsMessageFormat &format)
{
    return WsFrame::build(wsOpcodeOf(format.type), format.content);
}
