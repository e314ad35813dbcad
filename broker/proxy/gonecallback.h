#pragma once

#include <QByteArray>

class QHostAddress;
struct BrokerContext;
struct HttpRequestHead;
struct Route;
struct RouteTarget;

// Grip-Link rel=gone (Pushpin 1.41): an empty POST to the backend when a held client goes away,
// best effort and never retried. The backend is the one that answered the held request.
class GoneCallback
{
public:
    // The request target and Host header for url, which may be absolute, absolute-path or
    // relative to the path of the client's request.
    static void resolve(const QByteArray &url, const HttpRequestHead &request, QByteArray *path,
                        QByteArray *host);
    // Sends the POST on its own connection, which closes itself once written.
    static void send(BrokerContext &context, const Route &route, const RouteTarget &target,
                     const QHostAddress &address, const HttpRequestHead &request,
                     const QByteArray &url, quint64 connectionId);
};
