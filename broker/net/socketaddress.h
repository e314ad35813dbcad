#pragma once

#include <sys/socket.h>

#include <QHostAddress>

// Between Qt's addresses and the sockaddr the socket calls take, IPv4 and IPv6 alike.
namespace SocketAddress {
// Fills *out with address and port; returns the length to pass to bind() or connect().
socklen_t fill(const QHostAddress &address, quint16 port, sockaddr_storage *out);
// The address and port of a sockaddr the kernel filled in (getsockname, getpeername).
void read(const sockaddr_storage &in, QHostAddress *address, quint16 *port);
// Of a connected or bound descriptor; false when the call fails.
bool local(int fd, QHostAddress *address, quint16 *port);
bool peer(int fd, QHostAddress *address, quint16 *port);
// As logs and X-Forwarded-For write it: an IPv4-mapped IPv6 address (a dual-stack listener's
// IPv4 peer) as plain IPv4.
QByteArray text(const QHostAddress &address);
} // namespace SocketAddress
