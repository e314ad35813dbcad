#include "proxy/originrequest.h"

#include <algorithm>

#include "core/listenaddress.h"
#include "grip/gripinstruction.h"
#include "grip/gripsigner.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "http/httpwriter.h"
#include "routes/route.h"

namespace {
// Pushpin's orig_headers (HTTP and WebSocket requests alike, as there). Takes the client's marked
// headers out of *headers: kept in *marked with the option (a header the client marked itself
// passes as it is), dropped without it, so no client passes a header off as an original.
void takeMarked(HttpHeaders *headers, const Route &route, HttpHeaders *marked)
{
    const qsizetype markSize = qstrlen(Route::OrigHeaderMark);
    const auto isMarked = [markSize](const HttpHeader &header) {
        return header.name.size() > markSize &&
               qstrnicmp(header.name.constData(), Route::OrigHeaderMark, markSize) == 0;
    };
    // Almost no request carries one: leave the list alone then (this runs per request).
    if (std::none_of(headers->list().cbegin(), headers->list().cend(), isMarked))
        return;
    HttpHeaders unmarked;
    for (const HttpHeader &header : headers->list()) {
        if (!isMarked(header))
            unmarked.add(header.name, header.value);
        else if (route.origHeaders)
            marked->add(header.name, header.value);
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

namespace {
bool saysTls(const HttpHeaders &headers)
{
    QByteArray proto = headers.value("X-Forwarded-Proto");
    if (proto.isEmpty())
        proto = headers.value("X-Forwarded-Protocol");
    return proto == "https" || proto == "wss";
}

void applyForwardedFor(HttpHeaders *headers, const QByteArray &clientIp,
                       const Configuration::XffRule &rule)
{
    QList<QByteArray> values;
    for (const QByteArray &value : headers->values("X-Forwarded-For")) {
        for (const QByteArray &part : value.split(',')) {
            const QByteArray trimmed = part.trimmed();
            if (!trimmed.isEmpty())
                values.append(trimmed);
        }
    }
    if (rule.truncate >= 0)
        values = values.mid(qMax<qsizetype>(values.size() - rule.truncate, 0));
    if (rule.append)
        values.append(clientIp);
    headers->remove("X-Forwarded-For");
    if (!values.isEmpty())
        headers->add("X-Forwarded-For", values.join(", "));
}
} // namespace

ClientHop ClientHop::of(const QByteArray &ip, bool tlsListener, const HttpHeaders &headers,
                        bool websocket, const Configuration &config, qint64 nowSecs)
{
    ClientHop hop;
    hop.ip = ip;
    hop.websocket = websocket;
    hop.tls = tlsListener || (config.acceptXForwardedProto && saysTls(headers));
    const QByteArray token = headers.value("Grip-Sig");
    hop.trusted = !config.upstreamKey.isEmpty() && !token.isEmpty() &&
                  GripSigner::verify(token, config.upstreamKey, nowSecs);
    return hop;
}

HttpHeaders OriginRequest::forwardedHeaders(const HttpHeaders &client, const Route &route,
                                            const ClientHop &hop, const Configuration &config,
                                            bool grip, const QByteArray &gripSig)
{
    HttpHeaders headers = client;
    HttpHeaders marked;
    takeMarked(&headers, route, &marked);
    applyRouteHeaders(&headers, route);
    if (route.origHeaders) {
        // As in Pushpin, the originals are marked after the route's header= and before what the
        // proxy itself changes (hop-by-hop headers, Host, X-Forwarded-*, Grip-Sig).
        for (const HttpHeader &header : headers.list())
            marked.add(Route::OrigHeaderMark + header.name, header.value);
    }
    headers.removeHopByHop();
    if (!hop.trusted) {
        // A client's Grip-* headers would pass for ours; only the GRIP proxy in front, proven by
        // its Grip-Sig (upstream_key), may send them.
        QList<QByteArray> clientGrip;
        for (const HttpHeader &header : headers.list()) {
            if (GripInstruction::isGripHeader(header.name))
                clientGrip.append(header.name);
        }
        for (const QByteArray &name : std::as_const(clientGrip))
            headers.remove(name);
        if (grip) {
            if (!gripSig.isEmpty())
                headers.add("Grip-Sig", gripSig);
            headers.add("Grip-Feature", GripFeatures);
        }
    }
    if (config.acceptXForwardedProto ||
        config.setXForwardedProto != Configuration::ForwardedProto::Off) {
        headers.remove("X-Forwarded-Proto");
        headers.remove("X-Forwarded-Protocol");
    }
    if (hop.tls && config.setXForwardedProto != Configuration::ForwardedProto::Off) {
        const QByteArray scheme = hop.websocket ? "wss" : "https";
        headers.add("X-Forwarded-Proto", scheme);
        if (config.setXForwardedProto == Configuration::ForwardedProto::Both)
            headers.add("X-Forwarded-Protocol", scheme);
    }
    applyForwardedFor(&headers, hop.ip, hop.trusted ? config.xffTrustedRule : config.xffRule);
    for (const HttpHeader &header : marked.list())
        headers.add(header.name, header.value);
    return headers;
}

QByteArray OriginRequest::head(const HttpRequestHead &request, const Route &route,
                               const RouteTarget &target, const ClientHop &hop,
                               const Configuration &config, bool grip, const QByteArray &gripSig)
{
    const bool websocket = request.isWebSocketUpgrade();
    HttpHeaders headers = forwardedHeaders(request.headers, route, hop, config, grip, gripSig);
    if (websocket) {
        headers.add("Connection", "Upgrade");
        headers.add("Upgrade", request.headers.value("Upgrade"));
    } else {
        // One origin connection per request: the origin's close ends an unframed body.
        headers.add("Connection", "close");
    }
    if (!route.asHost.isEmpty())
        headers.set("Host", route.asHost);
    if (!target.hostOverride.isEmpty())
        headers.set("Host", target.hostOverride);
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
