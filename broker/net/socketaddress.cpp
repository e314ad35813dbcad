#include "net/socketaddress.h"

#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

socklen_t SocketAddress::fill(const QHostAddress &address, quint16 port, sockaddr_storage *out)
{
    *out = sockaddr_storage{};
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto in6 = reinterpret_cast<sockaddr_in6 *>(out);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        return sizeof *in6;
    }
    auto in4 = reinterpret_cast<sockaddr_in *>(out);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof *in4;
}

void SocketAddress::read(const sockaddr_storage &in, QHostAddress *address, quint16 *port)
{
    address->setAddress(reinterpret_cast<const sockaddr *>(&in));
    *port = in.ss_family == AF_INET6 ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&in)->sin6_port)
                                     : ntohs(reinterpret_cast<const sockaddr_in *>(&in)->sin_port);
}

bool SocketAddress::local(int fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
    read(storage, address, port);
    return true;
}

bool SocketAddress::peer(int fd, QHostAddress *address, quint16 *port)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return false;
    read(storage, address, port);
    return true;
}

QByteArray SocketAddress::text(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return (mapped ? QHostAddress(v4) : address).toString().toLatin1();
}
