#include "core/brokercontext.h"

#include <QDateTime>

#include "core/configuration.h"
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
