#include "core/connectionregistry.h"

#include "proxy/proxysession.h"

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

void ConnectionRegistry::remove(ProxySession *session)
{
    if (m_sessions.remove(session->id()) == 0)
        return;
    m_closed.append(session->info());
}

bool ConnectionRegistry::hasChanges() const
{
    return !m_opened.empty() || !m_changed.empty() || !m_closed.isEmpty();
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
        }
    }
    // Closed records are complete: a connection that opened and closed within one tick
    // appears only here.
    snapshot.closed = std::move(m_closed);
    m_closed.clear();
    m_opened.clear();
    m_changed.clear();
    snapshot.liveConnections = quint64(m_sessions.size());
    snapshot.acceptedTotal = m_acceptedTotal;
    return snapshot;
}
