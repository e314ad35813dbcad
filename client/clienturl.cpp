#include "clienturl.h"

#include <QHostAddress>
#include <QUrl>

ClientUrl ClientUrl::parse(const QString &text)
{
    ClientUrl result;
    const QUrl url(text, QUrl::StrictMode);
    if (text.trimmed().isEmpty()) {
        result.error = QStringLiteral("unparsable URL: empty");
        return result;
    }
    if (!url.isValid()) {
        result.error = QStringLiteral("unparsable URL '%1': %2").arg(text, url.errorString());
        return result;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss")) {
        result.tls = true;
    } else if (scheme != QLatin1String("http") && scheme != QLatin1String("ws")) {
        result.error =
            QStringLiteral("unparsable URL '%1': the scheme must be http, https, ws or wss")
                .arg(text);
        return result;
    }
    if (url.host().isEmpty()) {
        result.error = QStringLiteral("unparsable URL '%1': no host").arg(text);
        return result;
    }
    const int defaultPort = result.tls ? 443 : 80;
    const int port = url.port(defaultPort);
    if (port <= 0 || port > 65535) {
        result.error = QStringLiteral("unparsable URL '%1': bad port").arg(text);
        return result;
    }
    result.port = quint16(port);
    result.host = url.host(QUrl::FullyEncoded).toLatin1();
    const bool ipv6 =
        QHostAddress(QString::fromLatin1(result.host)).protocol() == QAbstractSocket::IPv6Protocol;
    result.hostHeader = ipv6 ? '[' + result.host + ']' : result.host;
    if (port != defaultPort)
        result.hostHeader += ':' + QByteArray::number(port);
    result.target = url.path(QUrl::FullyEncoded).toLatin1();
    if (result.target.isEmpty())
        result.target = "/";
    if (url.hasQuery())
        result.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return result;
}
