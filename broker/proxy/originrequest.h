#pragma once

#include <QByteArray>

#include "core/configuration.h"
#include "http/httpheaders.h"

struct HttpRequestHead;
struct HttpResponseHead;
struct Route;
struct RouteTarget;

// The hop the request came in on, as the origin is told about it.
struct ClientHop
{
    QByteArray ip;
    bool tls = false;       // over TLS, or said so in X-Forwarded-Proto with acceptXForwardedProto
    bool trusted = false;   // signed by the GRIP proxy in front (Configuration::upstreamKey)
    bool websocket = false; // the scheme is wss rather than https

    // tls and trusted for this request, by the configuration's rules.
    static ClientHop of(const QByteArray &ip, bool tlsListener, const HttpHeaders &headers,
                        bool websocket, const Configuration &config, qint64 nowSecs);
};

// How a client's request is rewritten for the origin of a passthrough route.
class OriginRequest
{
public:
    // What Grip-Feature says Holdfast does (Pushpin lists its own the same way).
    static constexpr const char *GripFeatures = "status, link:gone";

    // The client's headers as any origin gets them, in Pushpin's order: marked originals taken
    // out (orig_headers), the route's header=, the originals marked, hop-by-hop headers and (from
    // an untrusted client) Grip-* dropped; with grip, our Grip-Sig and Grip-Feature;
    // X-Forwarded-Proto/-Protocol and X-Forwarded-For by the configured rules; the marked
    // originals last.
    static HttpHeaders forwardedHeaders(const HttpHeaders &client, const Route &route,
                                        const ClientHop &hop, const Configuration &config,
                                        bool grip, const QByteArray &gripSig);
    // The head to send: forwardedHeaders(), Connection (and Upgrade), the Host override and the
    // route's path rewrite.
    static QByteArray head(const HttpRequestHead &request, const Route &route,
                           const RouteTarget &target, const ClientHop &hop,
                           const Configuration &config, bool grip, const QByteArray &gripSig = {});
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
