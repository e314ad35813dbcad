#pragma once

#include <vector>

#include <QElapsedTimer>
#include <QHash>

#include "core/brokersnapshot.h"

class ProxySession;

// The live sessions of one I/O thread and what changed about them since the last snapshot.
// Sessions report changes by id; a change costs one flag test, so relaying a frame stays cheap.
class ConnectionRegistry final
{
    Q_DISABLE_COPY_MOVE(ConnectionRegistry)

public:
    ConnectionRegistry() = default;

    void add(ProxySession *session);
    void markChanged(ProxySession *session);
    // Only byte and message counters moved (a delivery, relayed data): reported at most every
    // countersIntervalMs, so 10,000 busy subscribers do not mean 40,000 rows a second for the
    // console to copy and apply.
    void markCountersChanged(ProxySession *session);
    // Takes the session's final record; the caller retires the session afterwards.
    void remove(ProxySession *session);

    ProxySession *find(quint64 id) const { return m_sessions.value(id); }
    const QHash<quint64, ProxySession *> &sessions() const { return m_sessions; }
    qsizetype liveCount() const { return m_sessions.size(); }
    quint64 acceptedTotal() const { return m_acceptedTotal; }
    // Pushpin's connection_minute: every connection counts its duration rounded up to whole
    // minutes, from its first moment on.
    quint64 connectionMinutes(const QDateTime &nowUtc) const;
    quint64 requestsReceived() const;

    // An entry for the console about a watched connection; rides on the next snapshot. Bounded
    // per tick so a watched firehose cannot grow the snapshot without limit.
    void trace(TraceEntry &&entry);

    bool hasChanges() const;
    BrokerSnapshot takeSnapshot();

private:
    QHash<quint64, ProxySession *> m_sessions;
    std::vector<quint64> m_opened;
    std::vector<quint64> m_changed;
    std::vector<quint64> m_countersChanged;
    QElapsedTimer m_countersClock;
    QList<ConnectionInfo> m_closed;
    QList<TraceEntry> m_trace;
    quint64 m_traceDropped = 0;
    quint64 m_sequence = 0;
    quint64 m_acceptedTotal = 0;
    quint64 m_closedMinutes = 0;
    quint64 m_closedRequests = 0;

public:
    static constexpr qsizetype maxTracePerSnapshot = 2000;
    static constexpr qint64 countersIntervalMs = 1000;

private:
    bool countersDue() const;
};
