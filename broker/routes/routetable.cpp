#include "routes/routetable.h"

#include <tuple>
#include <utility>

RouteTable::RouteTable(QList<Route> routes) : m_routes(std::move(routes))
{
    for (int n = 0; n < m_routes.size(); ++n) {
        const Route &route = m_routes[n];
        if (!route.domain.isEmpty())
            m_byDomain[route.domain].append(n);
        if (route.id.isEmpty())
            continue;
        if (m_byId.contains(route.id))
            m_byId[route.id] = -1;
        else
            m_byId.insert(route.id, n);
    }
}

const Route *RouteTable::match(const QByteArray &host, const QByteArray &path, bool isWebSocket,
                               bool isTls) const
{
    const QByteArray name = normalizeHost(host);
    // A host with rules of its own never falls back to "*", even if none of them match: that
    // is Pushpin's behaviour, and a Pushpin routes file must route the same way here.
    auto rules = m_byDomain.constFind(name);
    if (name == "*" || rules == m_byDomain.constEnd())
        rules = m_byDomain.constFind(QByteArrayLiteral("*"));
    if (rules == m_byDomain.constEnd())
        return nullptr;

    // Most specific first: explicit proto, then longer path_beg, then explicit ssl.
    auto rank = [](const Route &route) {
        return std::make_tuple(!route.proto.isEmpty(), route.pathBeg.size(), route.ssl >= 0);
    };
    const Route *best = nullptr;
    for (int index : rules.value()) {
        const Route &candidate = m_routes[index];
        if (!candidate.matchesRequest(path, isWebSocket, isTls))
            continue;
        if (!best || rank(candidate) > rank(*best))
            best = &candidate;
    }
    return best;
}

const Route *RouteTable::findById(const QByteArray &id) const
{
    const int index = m_byId.value(id, -1);
    return index < 0 ? nullptr : &m_routes[index];
}

const QList<Route> &RouteTable::routes() const
{
    return m_routes;
}

bool RouteTable::isEmpty() const
{
    return m_routes.isEmpty();
}

QByteArray RouteTable::normalizeHost(const QByteArray &host)
{
    QByteArray name = host.trimmed();
    if (name.startsWith('[')) {
        const int close = name.indexOf(']');
        name = close < 0 ? name.mid(1) : name.mid(1, close - 1);
    } else if (name.count(':') == 1) {
        // "name:port"; a bare IPv6 address has several colons and no port.
        name.truncate(name.indexOf(':'));
    }
    return name.toLower();
}
