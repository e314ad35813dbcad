#include "proxy/originrequest.h"

#include "core/listenaddress.h"
#include "grip/gripinstruction.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "http/httpwriter.h"
#include "routes/route.h"

namespace {
// Pushpin's orig_headers, on plain HTTP requests as there. Takes the client's marked headers out
// of *headers: kept in *marked with the option (a header the client marked itself passes as it
// is), dropped without it, so no client passes a header off as an original.
void takeMarked(HttpHeaders *headers, const Route &route, HttpHeaders *marked)
{
    const qsizetype markSize = qstrlen(Route::OrigHeaderMark);
    HttpHeaders unmarked;
    for (const HttpHeader &header : headers->list()) {
        if (header.name.size() > markSize &&
            qstrnicmp(header.name.constData(), Route::OrigHeaderMark, markSize) == 0) {
            if (route.origHeaders)
                marked->add(header.name, header.value);
        } else {
            unmarked.add(header.name, header.value);
        }
    }
    *headers = unmarked;
}
} // namespace

void OriginRequest::applyRouteHeaders(HttpHeaders *headers, const Route &route)
{
    for (const auto &extra : route.headers) {
        headers->remove(extra.first);
        if (!extra.second.isEmpty())
            headers->add(extra.first, extra.second);
    }
}

QByteArray OriginRequest::head(const HttpRequestHead &request, const Route &route,
                               const RouteTarget &target, const QByteArray &clientIp,
                               bool clientTls, const QByteArray &gripSig)
{
    const bool websocket = request.isWebSocketUpgrade();
    HttpHeaders headers = request.headers;
    HttpHeaders marked;
    if (!websocket)
        takeMarked(&headers, route, &marked);
    applyRouteHeaders(&headers, route);
    if (!websocket && route.origHeaders) {
        // As in Pushpin, the originals are marked after the route's header= and before what the
        // proxy itself changes (hop-by-hop headers, Host, X-Forwarded-*, Grip-Sig).
        for (const HttpHeader &header : headers.list())
            marked.add(Route::OrigHeaderMark + header.name, header.value);
    }
    const QByteArray upgrade = headers.value("Upgrade");
    headers.removeHopByHop();
    // A client's Grip-* headers would pass for ours (Pushpin trusts them only from a verified
    // upstream proxy, which Holdfast does not support).
    QList<QByteArray> clientGrip;
    for (const HttpHeader &header : headers.list()) {
        if (header.name.size() > 5 && qstrnicmp(header.name.constData(), "grip-", 5) == 0)
            clientGrip.append(header.name);
    }
    for (const QByteArray &name : std::as_const(clientGrip))
        headers.remove(name);
    if (!gripSig.isEmpty())
        headers.add("Grip-Sig", gripSig);
    if (websocket) {
        headers.add("Connection", "Upgrade");
        headers.add("Upgrade", upgrade);
    } else {
        // One origin connection per request: the origin's close ends an unframed body.
        headers.add("Connection", "close");
    }
    if (!route.asHost.isEmpty())
        headers.set("Host", route.asHost);
    if (!target.hostOverride.isEmpty())
        headers.set("Host", target.hostOverride);

    const QByteArray forwarded = headers.values("X-Forwarded-For").join(", ");
    headers.set("X-Forwarded-For", forwarded.isEmpty() ? clientIp : forwarded + ", " + clientIp);
    headers.set("X-Forwarded-Proto", clientTls ? "https" : "http");
    for (const HttpHeader &header : marked.list())
        headers.add(header.name, header.value);

    // An HTTP/1.0 client cannot read chunked bodies (RFC 9112 6.1); asking the origin in 1.0
    // makes it frame the response in a way the client understands.
    return HttpWriter::requestHead(request.method, route.rewritePath(request.target), headers,
                                   request.versionMinor);
}

QByteArray OriginRequest::clientResponseHead(const HttpResponseHead &response, bool grip,
                                             bool closeConnection, int requestVersionMinor)
{
    HttpHeaders headers =
        grip ? GripInstruction::clientHeaders(response.headers) : response.headers;
    headers.removeHopByHop();
    if (closeConnection)
        headers.add("Connection", "close");
    else if (requestVersionMinor == 0)
        headers.add("Connection", "keep-alive");
    return HttpWriter::responseHead(response.status, response.reason, headers);
}

QByteArray OriginRequest::tlsServerName(const RouteTarget &target)
{
    return target.hostOverride.isEmpty() ? target.host : target.hostOverride;
}

QByteArray OriginRequest::describe(const RouteTarget &target)
{
    return ListenAddress::join(target.host, target.port);
}
