#include "grip/gripurl.h"

#include <QUrlQuery>

#include "grip/gripsigner.h"

bool GripUrl::parse(const QString &text, GripUrl *out, QString *error)
{
    *out = GripUrl();
    // A '+' in a base64 key is a '+', not a space, as in pygripcontrol.
    QUrl url(text.trimmed().replace(QLatin1Char('+'), QLatin1String("%2B")), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        *error = QStringLiteral("not a URL: %1").arg(text.trimmed());
        return false;
    }
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) {
        *error = QStringLiteral("a GRIP_URL starts with http:// or https://, not %1://")
                     .arg(url.scheme());
        return false;
    }
    QUrlQuery query(url);
    auto take = [&query](const QString &name) {
        const QByteArray value = query.queryItemValue(name, QUrl::FullyDecoded).toUtf8();
        query.removeAllQueryItems(name);
        return value;
    };
    out->iss = take(QStringLiteral("iss"));
    out->key = take(QStringLiteral("key"));
    out->verifyIss = take(QStringLiteral("verify-iss"));
    out->verifyKey = take(QStringLiteral("verify-key"));
    if (!out->iss.isEmpty() && out->key.isEmpty()) {
        *error = QStringLiteral("iss is given without a key to sign with");
        return false;
    }
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/publish/"));
    url.setQuery(query);
    url.setFragment(QString());
    out->publishUrl = url;
    return true;
}

QByteArray GripUrl::authorization(qint64 nowSecs, QString *error) const
{
    if (key.isEmpty())
        return {};
    if (iss.isEmpty()) {
        const QByteArray plain =
            key.startsWith("base64:") ? QByteArray::fromBase64(key.mid(7)) : key;
        return "Bearer " + plain;
    }
    const GripSigner signer = GripSigner::fromKey(key, iss);
    const QByteArray token = signer.token(nowSecs);
    if (token.isEmpty()) {
        *error = signer.errorString();
        return {};
    }
    return "Bearer " + token;
}
