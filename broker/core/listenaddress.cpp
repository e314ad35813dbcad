#include "core/listenaddress.h"

bool ListenAddress::parse(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress parsed(QHostAddress::Any);
    if (host == QLatin1String("localhost"))
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!host.isEmpty() && !parsed.setAddress(host))
        return false;
    *address = parsed;
    *port = quint16(value);
    return true;
}

QByteArray ListenAddress::join(const QByteArray &host, quint16 port)
{
    return (host.contains(':') ? '[' + host + ']' : host) + ':' + QByteArray::number(port);
}
