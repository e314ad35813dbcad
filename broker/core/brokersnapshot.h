#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include "core/threadhandoff.h"
#include "core/traceentry.h"

// One connection as the ledger and the console see it. Values only: it crosses threads.
struct ConnectionInfo
{
    enum class Transport : quint8
    {
        Http,
        WebSocketPassthrough,
        HttpStream,
        Sse,
        LongPoll,
        WsFanout
    };
    enum class State : quint8
    {
        Reading,
        Connecting,
        Open,
        Closing,
        Closed
    };

    quint64 id = 0;
    Transport transport = Transport::Http;
    State state = State::Reading;
    QByteArray routeId;
    QByteArray origin;     // host:port of the target in use
    QString clientAddress; // address:port
    QByteArray userAgent;
    QByteArray path;
    QList<QByteArray> channels; // GRIP subscriptions of a held connection
    // Of the latest request on the connection (shared with the parser's copy, not duplicated).
    QList<QPair<QByteArray, QByteArray>> requestHeaders;
    QDateTime startedUtc;
    QDateTime endedUtc;
    quint64 bytesFromClient = 0;
    quint64 bytesToClient = 0;
    quint64 messagesFromClient = 0;
    quint64 messagesToClient = 0;
    quint64 pings = 0;
    quint64 requests = 0;
    // Bytes the broker holds because a peer reads slower than the other side writes.
    quint64 queuedToClient = 0;
    quint64 queuedToOrigin = 0;
    int closeCode = 0; // WebSocket close code, or the last HTTP status for plain HTTP
    QByteArray closeReason;

    static QByteArray transportName(Transport transport);
    static QByteArray stateName(State state);
    // The log line of a connection that ended: how long, bytes and messages each way, code.
    QByteArray closeSummary(const QByteArray &reason) const;
};

// One channel of the hub as the console shows it.
struct ChannelInfo
{
    QByteArray name;
    quint64 subscribers = 0;
    quint64 published = 0; // items accepted for this channel since the broker started
    QDateTime lastPublishUtc;
    QByteArray lastId;
};

// Orders a snapshot's hand-offs between threads for TSan: Broker (I/O thread) → BrokerHost (its
// owner's thread) → LedgerHost's writer thread.
inline threadhandoff::Token SnapshotHandOff;

// What changed since the previous snapshot; sent at most once per tick, and only if something did.
struct BrokerSnapshot
{
    quint64 sequence = 0;
    QList<ConnectionInfo> opened;
    QList<ConnectionInfo> updated;
    QList<ConnectionInfo> closed;
    quint64 liveConnections = 0;
    quint64 acceptedTotal = 0;
    // Every channel with subscribers, whole, when any channel changed since the last snapshot;
    // otherwise empty with channelsChanged false.
    bool channelsChanged = false;
    QList<ChannelInfo> channels;
    // Counters since the broker started (Pushpin's metric names where they exist).
    quint64 messagesReceived = 0; // items accepted by the publish API
    quint64 messagesSent = 0;     // deliveries to connections
    // What happened on the connections the console watches, in order, since the last snapshot;
    // traceDropped counts entries beyond the per-snapshot bound.
    QList<TraceEntry> trace;
    quint64 traceDropped = 0;
    // Last: marks every copy released for TSan (see SnapshotHandOff).
    threadhandoff::ReleaseOnCopy<SnapshotHandOff> handOff;
};

Q_DECLARE_METATYPE(ConnectionInfo)
Q_DECLARE_METATYPE(ChannelInfo)
Q_DECLARE_METATYPE(BrokerSnapshot)
