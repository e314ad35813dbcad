// The channel hub, the heart of Fanout, with fake subscribers at its seam: delivery to each
// subscriber once, nothing kept for channels nobody listens to, Pushpin's ordering (an item
// whose prev-id does not follow waits for its predecessor, at most PendingMax per channel, at
// most MessageWaitMs), de-duplication by id, and subscribers that leave while being served.
#include <functional>

#include <QtTest>

#include "core/brokersnapshot.h"
#include "handler/channelhub.h"
#include "handler/subscriber.h"

namespace {

class FakeSubscriber final : public Subscriber
{
public:
    void deliver(const Delivery &delivery) override
    {
        ids.append(delivery.item->id);
        chunks.append(delivery.streamChunk);
        if (onDeliver)
            onDeliver();
    }

    QList<QByteArray> ids;
    QList<QByteArray> chunks;
    std::function<void()> onDeliver;
};

PublishItem item(const QByteArray &channel, const QByteArray &id, const QByteArray &prevId = {},
                 const QByteArray &content = "x")
{
    PublishItem out;
    out.channel = channel;
    out.id = id;
    out.prevId = prevId;
    out.httpStream.emplace();
    out.httpStream->content = content;
    return out;
}

} // namespace

class TestChannelHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySubscriberOfTheChannelOnce();
    void nothingKeptWithoutSubscribers();
    void sameIdIsDeliveredOnce();
    void outOfOrderWaitsForItsPredecessor();
    void subscribeWithPrevIdStartsTheChain();
    void noSeqIsNotOrdered();
    void pendingIsBoundedPerChannel();
    void pendingGoesOutAfterMessageWait();
    void lastIdIsForgottenWhenNobodyListens();
    void subscriberLeavingWhileServed();
    void changesAreReported();
    void timingsAreConfigurable();
};

void TestChannelHub::everySubscriberOfTheChannelOnce()
{
    ChannelHub hub;
    FakeSubscriber a1, a2, b;
    hub.subscribe("a", &a1);
    hub.subscribe("a", &a2);
    hub.subscribe("a", &a2); // twice is once
    hub.subscribe("b", &b);
    QCOMPARE(hub.subscriberCount("a"), qsizetype(2));
    hub.publish({item("a", "1", {}, "abc")});
    QCOMPARE(a1.ids, QList<QByteArray>{"1"});
    QCOMPARE(a2.ids, QList<QByteArray>{"1"});
    QVERIFY(b.ids.isEmpty());
    QCOMPARE(a1.chunks.first(), QByteArray("3\r\nabc\r\n"));
    QCOMPARE(hub.stats().itemsReceived, quint64(1));
    QCOMPARE(hub.stats().deliveries, quint64(2));
}

void TestChannelHub::nothingKeptWithoutSubscribers()
{
    ChannelHub hub;
    hub.publish({item("nobody", "1"), item("nobody", "3", "2")});
    QCOMPARE(hub.stats().itemsReceived, quint64(2));
    QVERIFY(hub.channels().isEmpty());
    // A subscriber arriving later gets nothing of the past, and no chain to wait on.
    FakeSubscriber late;
    hub.subscribe("nobody", &late);
    hub.publish({item("nobody", "5", "4")});
    QCOMPARE(late.ids, QList<QByteArray>{"5"});
}

void TestChannelHub::sameIdIsDeliveredOnce()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1"), item("c", "1"), item("c", "2")});
    hub.publish({item("c", "1")});
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "2"}));
    QCOMPARE(hub.stats().duplicates, quint64(2));
    // Items without an id are never duplicates of each other.
    hub.publish({item("c", {}), item("c", {})});
    QCOMPARE(s.ids.size(), 4);
}

void TestChannelHub::outOfOrderWaitsForItsPredecessor()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1")});
    hub.publish({item("c", "4", "3")});
    hub.publish({item("c", "3", "2")});
    QCOMPARE(s.ids, QList<QByteArray>{"1"});
    QCOMPARE(hub.stats().reordered, quint64(2));
    // The missing link releases the whole chain, in order.
    hub.publish({item("c", "2", "1")});
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "2", "3", "4"}));
}

void TestChannelHub::subscribeWithPrevIdStartsTheChain()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s, "p0");
    hub.publish({item("c", "p2", "p1")});
    QVERIFY(s.ids.isEmpty());
    hub.publish({item("c", "p1", "p0")});
    QCOMPARE(s.ids, (QList<QByteArray>{"p1", "p2"}));
}

void TestChannelHub::noSeqIsNotOrdered()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1")});
    PublishItem unordered = item("c", "9", "8");
    unordered.noSeq = true;
    hub.publish({unordered});
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "9"}));
}

void TestChannelHub::pendingIsBoundedPerChannel()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "first")});
    QList<PublishItem> waiting;
    for (int i = 0; i < ChannelHub::PendingMax; ++i)
        waiting.append(item("c", "w" + QByteArray::number(i), "missing"));
    hub.publish(waiting);
    QCOMPARE(s.ids.size(), 1);
    // One more than the bound cannot wait: it goes out at once, as in Pushpin.
    hub.publish({item("c", "over", "missing")});
    QCOMPARE(s.ids, (QList<QByteArray>{"first", "over"}));
    QCOMPARE(hub.stats().reordered, quint64(ChannelHub::PendingMax));
}

void TestChannelHub::pendingGoesOutAfterMessageWait()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1")});
    QElapsedTimer waited;
    waited.start();
    hub.publish({item("c", "3", "2"), item("c", "4", "3")});
    QCOMPARE(s.ids.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(s.ids.size(), 3, int(ChannelHub::MessageWaitMs) + 2000);
    QVERIFY2(waited.elapsed() >= ChannelHub::MessageWaitMs - 300,
             qPrintable(QString::number(waited.elapsed())));
    // Released in arrival order, the follower right after the item it follows.
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "3", "4"}));
}

void TestChannelHub::lastIdIsForgottenWhenNobodyListens()
{
    ChannelHub hub;
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1")});
    hub.unsubscribe("c", &s);
    QVERIFY(hub.channels().isEmpty());
    hub.subscribe("c", &s);
    hub.publish({item("c", "3", "2")});
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "3"}));
}

void TestChannelHub::subscriberLeavingWhileServed()
{
    ChannelHub hub;
    FakeSubscriber leaver, stayer, other;
    leaver.onDeliver = [&] {
        hub.unsubscribe("c", &leaver);
        // Joining another channel from inside a delivery moves the hub's entries.
        for (int i = 0; i < 64; ++i)
            hub.subscribe("grow" + QByteArray::number(i), &other);
    };
    hub.subscribe("c", &leaver);
    hub.subscribe("c", &stayer);
    hub.publish({item("c", "1"), item("c", "2")});
    QCOMPARE(leaver.ids, QList<QByteArray>{"1"});
    QCOMPARE(stayer.ids, (QList<QByteArray>{"1", "2"}));
    QCOMPARE(hub.subscriberCount("c"), qsizetype(1));
    // The last one leaving inside a delivery: the channel goes once the delivery is over.
    stayer.onDeliver = [&] { hub.unsubscribe("c", &stayer); };
    hub.publish({item("c", "3")});
    QVERIFY(!hub.channels().contains("c"));
}

void TestChannelHub::changesAreReported()
{
    ChannelHub hub;
    QVERIFY(!hub.takeChanged());
    FakeSubscriber s;
    hub.subscribe("c", &s);
    QVERIFY(hub.takeChanged());
    QVERIFY(!hub.takeChanged());
    hub.publish({item("c", "1")});
    QVERIFY(hub.takeChanged());
    const QList<ChannelInfo> infos = hub.channelInfos();
    QCOMPARE(infos.size(), qsizetype(1));
    QCOMPARE(infos.first().name, QByteArray("c"));
    QCOMPARE(infos.first().subscribers, quint64(1));
    QCOMPARE(infos.first().published, quint64(1));
    QCOMPARE(infos.first().lastId, QByteArray("1"));
}

// Pushpin's message_wait and id_cache_ttl as options: a short wait, and no id cache at all.
void TestChannelHub::timingsAreConfigurable()
{
    ChannelHub hub;
    hub.setTimings(300, 0);
    FakeSubscriber s;
    hub.subscribe("c", &s);
    hub.publish({item("c", "1"), item("c", "1")});
    QCOMPARE(s.ids, (QList<QByteArray>{"1", "1"}));
    QCOMPARE(hub.stats().duplicates, quint64(0));
    QElapsedTimer waited;
    waited.start();
    hub.publish({item("c", "3", "2")});
    QCOMPARE(s.ids.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(s.ids.size(), 3, 3000);
    QVERIFY2(waited.elapsed() >= 200, qPrintable(QString::number(waited.elapsed())));
    QVERIFY2(waited.elapsed() < int(ChannelHub::MessageWaitMs),
             qPrintable(QString::number(waited.elapsed())));
}

QTEST_GUILESS_MAIN(TestChannelHub)
#include "tst_channelhub.moc"
