#include "proxy/gonecallback.h"

#include <QHostAddress>
#include <QUrl>

#include "core/logging.h"
#include "http/httprequestparser.h"
#include "http/httpwriter.h"
#include "net/stream.h"
#include "net/tlsclientcontext.h"
#include "proxy/brokercontext.h"
#include "proxy/originrequest.h"
#include "routes/route.h"

namespace {
// Owner of fire-and-forget streams: they close themselves once their request is written.
class NoStreamClient final : public StreamClient
{
public:
    void onStreamConnected(Stream *) override {}
    void onStreamData(Stream *, const char *, qsizetype) override {}
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *, const QString &) override {}
};
} // namespace

void GoneCallback::resolve(const QByteArray &url, const HttpRequestHead &request, QByteArray *path,
                           QByteArray *host)
{
    *path = url;
    *host = request.headers.value("Host");
    if (url.startsWith("http://") || url.startsWith("https://")) {
        const QUrl parsed(QString::fromUtf8(url));
        *path = parsed.path(QUrl::FullyEncoded).toUtf8();
        if (parsed.hasQuery())
            *path += '?' + parsed.query(QUrl::FullyEncoded).toUtf8();
        *host = parsed.authority(QUrl::FullyEncoded).toUtf8();
    } else if (!url.startsWith('/')) {
        const QByteArray base = request.path();
        *path = base.left(base.lastIndexOf('/') + 1) + url;
    }
    if (path->isEmpty())
        *path = "/";
}

void GoneCallback::send(BrokerContext &context, const Route &route, const RouteTarget &target,
                        const QHostAddress &address, const HttpRequestHead &request,
                        const QByteArray &url, quint64 connectionId)
{
    QByteArray path;
    QByteArray host;
    resolve(url, request, &path, &host);
    HttpHeaders headers;
    headers.add("Host", host);
    const QByteArray signature = context.gripSignature(route);
    if (!signature.isEmpty())
        headers.add("Grip-Sig", signature);
    headers.add("Content-Length", "0");
    headers.add("Connection", "close");
    QString error;
    static NoStreamClient nobody;
    Stream *callback = Stream::connectTo(context.reactor, address, target.port, &nobody, &error);
    if (!callback) {
        qCWarning(lcConn, "conn %llu gone callback to %s failed: %s", connectionId,
                  path.constData(), qPrintable(error));
        return;
    }
    if (target.ssl)
        callback->enableTls(context.tls->context(!target.insecure),
                            OriginRequest::tlsServerName(target), !target.insecure, &error);
    callback->write(HttpWriter::requestHead("POST", path, headers));
    callback->closeWhenDrained();
    qCInfo(lcConn, "conn %llu gone: POST %s", connectionId, path.constData());
}
