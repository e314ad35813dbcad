#include "proxy/brokercontext.h"

#include <QDateTime>

#include "core/configuration.h"
#include "core/logging.h"
#include "routes/route.h"

QByteArray BrokerContext::gripSignature(const Route &route)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (route.sigKey.isEmpty())
        return signer.isValid() ? signer.token(now) : QByteArray();
    const QByteArray issuer = route.sigIss.isEmpty() ? config->sigIssuer : route.sigIss;
    // Parsing a PEM key per request would cost more than the request; keep one per key.
    const QByteArray cacheKey = issuer + '\n' + route.sigKey;
    auto it = routeSigners.find(cacheKey);
    if (it == routeSigners.end())
        it = routeSigners.insert(cacheKey, GripSigner::fromKey(route.sigKey, issuer));
    return it->isValid() ? it->token(now) : QByteArray();
}

void BrokerContext::tlsHandshakeFailed(const QByteArray &peerIp, const QString &error)
{
    ++tlsHandshakeFailures;
    // Bounded: a scan from many addresses must not grow the set without end.
    if (tlsFailedPeersLogged.size() >= 4096)
        tlsFailedPeersLogged.clear();
    if (tlsFailedPeersLogged.contains(peerIp))
        return;
    tlsFailedPeersLogged.insert(peerIp);
    qCWarning(lcTls,
              "TLS client %s: %s (further failures from this address are counted in "
              "/metrics, not logged)",
              peerIp.constData(), qPrintable(error));
}

void BrokerContext::gripUnsupported(const Route &route, const QList<QByteArray> &features)
{
    for (const QByteArray &name : features) {
        const QByteArray key = route.id + ' ' + name.toLower();
        if (gripHeadersLogged.contains(key))
            continue;
        gripHeadersLogged.insert(key);
        qCWarning(lcConn,
                  "route '%s': backend sent %s, which Holdfast does not support yet; ignored",
                  route.id.constData(), name.constData());
    }
}
