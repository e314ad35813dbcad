#include "proxy/connectionregistry.h"

#include "proxy/proxysession.h"

namespace {
quint64 minutesBetween(const QDateTime &start, const QDateTime &end)
{
    const qint64 ms = qMax<qint64>(start.msecsTo(end), 1);
    return quint64((ms + 59'999) / 60'000);
}
} // namespace

quint64 ConnectionRegistry::connectionMinutes(const QDateTime &nowUtc) const
{
    quint64 minutes = m_closedMinutes;
    for (ProxySession *session : m_sessions)
        minutes += minutesBetween(session->startedUtc(), nowUtc);
    return minutes;
}

quint64 ConnectionRegistry::requestsReceived() const
{
    quint64 requests = m_closedRequests;
    for (ProxySession *session : m_sessions)
        requests += session->requestCount();
    return requests;
}

void ConnectionRegistry::add(ProxySession *session)
{
    m_sessions.insert(session->id(), session);
    m_opened.push_back(session->id());
    session->setReported(true);
    ++m_acceptedTotal;
}

void ConnectionRegistry::markChanged(ProxySession *session)
{
    if (session->isReported())
        return;
    session->setReported(true);
    m_changed.push_back(session->id());
}

void ConnectionRegistry::markCountersChanged(ProxySession *session)
{
    if (session->isReported() || session->countersReported())
        return;
    session->setCountersReported(true);
    m_countersChanged.push_back(session->id());
}

bool ConnectionRegistry::countersDue() const
{
    return !m_countersChanged.empty() &&
           (!m_countersClock.isValid() || m_countersClock.elapsed() >= countersIntervalMs);
}

void ConnectionRegistry::remove(ProxySession *session)
{
    if (m_sessions.remove(session->id()) == 0)
        return;
    const ConnectionInfo info = session->info();
    m_closedMinutes += minutesBetween(info.startedUtc, info.endedUtc);
    m_closedRequests += info.requests;
    m_closed.append(info);
}

void ConnectionRegistry::trace(TraceEntry &&entry)
{
    if (m_trace.size() >= maxTracePerSnapshot) {
        ++m_traceDropped;
        return;
    }
    m_trace.append(std::move(entry));
}

bool ConnectionRegistry::hasChanges() const
{
    return !m_opened.empty() || !m_changed.empty() || !m_closed.isEmpty() || !m_trace.isEmpty() ||
           m_traceDropped > 0 || countersDue();
}

BrokerSnapshot ConnectionRegistry::takeSnapshot()
{
    BrokerSnapshot snapshot;
    snapshot.sequence = ++m_sequence;
    for (quint64 id : m_opened) {
        if (ProxySession *session = find(id)) {
            snapshot.opened.append(session->info());
            session->setReported(false);
        }
    }
    for (quint64 id : m_changed) {
        if (ProxySession *session = find(id)) {
            snapshot.updated.append(session->info());
            session->setReported(false);
            session->setCountersReported(false); // this row carries the counters too
        }
    }
    if (countersDue()) {
        for (quint64 id : m_countersChanged) {
            ProxySession *session = find(id);
            if (session && session->countersReported()) {
                snapshot.updated.append(session->info());
                session->setCountersReported(false);
            }
        }
        m_countersChanged.clear();
        m_countersClock.start();
    }
    // Closed records are complete: a connection that opened and closed within one tick
    // appears only here.
    snapshot.closed = std::move(m_closed);
    m_closed.clear();
    snapshot.trace = std::move(m_trace);
    m_trace.clear();
    snapshot.traceDropped = m_traceDropped;
    m_traceDropped = 0;
    m_opened.clear();
    m_changed.clear();
    snapshot.liveConnections = quint64(m_sessions.size());
    snapshot.acceptedTotal = m_acceptedTotal;
    return snapshot;
}
