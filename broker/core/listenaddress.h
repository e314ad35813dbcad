#pragma once

#include <QHostAddress>
#include <QString>

// Where a listener binds, as written on the command line and in the console's settings:
// "HOST:PORT", "[IPv6]:PORT", "localhost:PORT", or ":PORT" for every interface.
namespace ListenAddress {
// False, leaving *address and *port alone, when text is none of those.
bool parse(const QString &text, QHostAddress *address, quint16 *port);
// "host:port", an IPv6 host in brackets: how logs and the console name an endpoint.
QByteArray join(const QByteArray &host, quint16 port);
} // namespace ListenAddress
