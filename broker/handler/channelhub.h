#pragma once

#include <deque>
#include <utility>
#include <vector>

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "grip/publishitem.h"

class Subscriber;

// Channels, their subscribers, and Pushpin's ordering rules for published items: an item whose
// prev-id does not follow the channel's last id waits for its predecessor (or the message wait),
// and an id seen on the channel within the id cache's time is not delivered again.
class ChannelHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelHub)

public:
    // Pushpin's message_wait, id_cache_ttl (the defaults of Configuration::messageWaitMs and
    // idCacheTtlMs) and per-channel pending bound.
    static constexpr qint64 MessageWaitMs = 5000;
    static constexpr qint64 IdCacheMs = 60'000;
    static constexpr qsizetype PendingMax = 100;

    struct Stats
    {
        quint64 itemsReceived = 0;
        quint64 deliveries = 0;
        quint64 duplicates = 0;
        quint64 reordered = 0;
    };

    explicit ChannelHub(QObject *parent = nullptr);
    // idCacheMs 0: ids are not remembered (no de-duplication).
    void setTimings(qint64 messageWaitMs, qint64 idCacheMs);

    void subscribe(const QByteArray &channel, Subscriber *subscriber,
                   const QByteArray &prevId = {});
    void unsubscribe(const QByteArray &channel, Subscriber *subscriber);
    void publish(const QList<PublishItem> &items);

    qsizetype subscriberCount(const QByteArray &channel) const;
    // Whether channels or their counters changed since the last call; clears the flag.
    bool takeChanged();
    // The shared frame a ws-message send becomes.
    static QByteArray wsFrameFor(const WsMessageFormat &format);
    // What a subscriber is handed for item: its sends serialized once (an HTTP chunk, a
    // WebSocket frame). The console's "send to this connection" uses it too.
    static struct Delivery deliveryOf(const QByteArray &channel, const PublishItem &item);
    QList<struct ChannelInfo> channelInfos() const;
    QList<QByteArray> channels() const { return m_channels.keys(); }
    const Stats &stats() const { return m_stats; }

private:
    struct Pending
    {
        PublishItem item;
        qint64 expiresMs;
    };
    struct Channel
    {
        std::vector<Subscriber *> subscribers;
        std::vector<Pending> pending;
        // Ids seen within IdCacheMs, and the same in arrival order so expiry is amortised O(1)
        // however fast a channel is published to.
        QSet<QByteArray> recentIds;
        std::deque<std::pair<qint64, QByteArray>> recentOrder;
        QByteArray lastId;
        quint64 published = 0;
        QDateTime lastPublishUtc;
    };

    // These look the channel up by name after every delivery: a subscriber may subscribe to a new
    // channel while it is served, and a QHash insert moves every entry.
    void accept(const QByteArray &name, const PublishItem &item);
    void deliver(const QByteArray &name, const PublishItem &item);
    void deliverReadyPending(const QByteArray &name);
    void expirePending();
    void dropIfUnused(const QByteArray &name);

    QHash<QByteArray, Channel> m_channels;
    QElapsedTimer m_clock;
    qint64 m_messageWaitMs = MessageWaitMs;
    qint64 m_idCacheMs = IdCacheMs;
    QTimer m_expiry;
    Stats m_stats;
    // While items are delivered, channels are only emptied, never erased, so a pending chain is
    // not lost half-way.
    int m_delivering = 0;
    bool m_changed = false;
};
