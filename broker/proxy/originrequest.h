#pragma once

#include <QByteArray>

struct HttpRequestHead;
struct Route;
struct RouteTarget;

// How a client's request is rewritten for the origin of a passthrough route.
class OriginRequest
{
public:
    // The head to send: client headers intact except hop-by-hop ones, the route's path rewrite,
    // Host override, X-Forwarded-For (appended) and X-Forwarded-Proto.
    static QByteArray head(const HttpRequestHead &request, const Route &route,
                           const RouteTarget &target, const QByteArray &clientIp, bool clientTls,
                           const QByteArray &gripSig = {});
    // The name used for SNI and certificate checks.
    static QByteArray tlsServerName(const RouteTarget &target);
    static QByteArray describe(const RouteTarget &target);
};
