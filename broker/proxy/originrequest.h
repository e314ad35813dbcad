#pragma once

#include <QByteArray>

class HttpHeaders;
struct HttpRequestHead;
struct HttpResponseHead;
struct Route;
struct RouteTarget;

// How a client's request is rewritten for the origin of a passthrough route.
class OriginRequest
{
public:
    // The head to send: client headers intact except hop-by-hop ones, the route's path rewrite,
    // Host override, X-Forwarded-For (appended), X-Forwarded-Proto, and on plain HTTP the
    // client's headers marked as originals when the route says orig_headers.
    static QByteArray head(const HttpRequestHead &request, const Route &route,
                           const RouteTarget &target, const QByteArray &clientIp, bool clientTls,
                           const QByteArray &gripSig = {});
    // The head the client gets for the origin's response head: hop-by-hop headers dropped (and
    // Grip-* ones on a GRIP route), Connection as the exchange goes on (close, or keep-alive for
    // an HTTP/1.0 client).
    static QByteArray clientResponseHead(const HttpResponseHead &response, bool grip,
                                         bool closeConnection, int requestVersionMinor);
    // The route's `header=` options, as Pushpin applies them: each replaces the client's header
    // of that name, and an empty value removes it.
    static void applyRouteHeaders(HttpHeaders *headers, const Route &route);
    // The name used for SNI and certificate checks.
    static QByteArray tlsServerName(const RouteTarget &target);
    static QByteArray describe(const RouteTarget &target);
};
