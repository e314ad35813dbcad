#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>

#include "routes/route.h"

// Answers "which route serves this request" the way Pushpin's DomainMap does. An immutable
// value: build a new table on reload and swap it in.
class RouteTable
{
public:
    RouteTable() = default;
    explicit RouteTable(QList<Route> routes);

    // Pushpin's precedence: if any route names this exact host, only those are considered
    // (no fall back to "*", as in Pushpin); otherwise the "*" routes. Among matching rules an
    // explicit proto beats none, then the longer path_beg, then an explicit ssl; a remaining
    // tie goes to the earlier route. Routes with domain "" never match here.
    // `host` may carry a port and IPv6 brackets ("[::1]:8080"); case does not matter. `path`
    // may carry a query, which is not matched against.
    const Route *match(const QByteArray &host, const QByteArray &path, bool isWebSocket,
                       bool isTls) const;
    // nullptr if no route, or more than one route, has this id (Pushpin makes a shared id
    // unusable rather than picking one).
    const Route *findById(const QByteArray &id) const;
    const QList<Route> &routes() const;
    bool isEmpty() const;

    // The host as routes store it: lower case, no port, no IPv6 brackets.
    static QByteArray normalizeHost(const QByteArray &host);

private:
    QList<Route> m_routes;
    QHash<QByteArray, QList<int>> m_byDomain; // exact domains; key "*" holds the wildcard rules
    QHash<QByteArray, int> m_byId;            // -1 marks an id used more than once
};
