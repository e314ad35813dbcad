#include "net/listener.h"

#include <cerrno>
#include <cstring>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/logging.h"
#include "net/socketaddress.h"

namespace {
// Enough to empty a burst in one event without letting one listener hold the thread.
constexpr int AcceptsPerEvent = 64;

bool outOfDescriptors(int error)
{
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}
} // namespace

Listener::Listener(Reactor *reactor, const char *name, AcceptFunction accept, QObject *parent)
    : QObject(parent), m_reactor(reactor), m_name(name), m_accept(std::move(accept)),
      m_backoff(this)
{
    m_backoff.setSingleShot(true);
    m_backoff.callOnTimeout(this, &Listener::resume);
}

Listener::~Listener()
{
    // Closing the descriptor takes it out of the epoll set; the reactor may be gone already.
    if (m_fd >= 0)
        ::close(m_fd);
}

bool Listener::listen(const QHostAddress &address, quint16 port, QString *error, int backlog)
{
    sockaddr_storage storage;
    const socklen_t length = SocketAddress::fill(address, port, &storage);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    // The kernel caps the backlog at net.core.somaxconn.
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 ||
        ::listen(fd, backlog) != 0 || !m_reactor->add(fd, this, EPOLLIN)) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return false;
    }
    SocketAddress::local(fd, &m_address, &m_port);
    m_fd = fd;
    return true;
}

void Listener::close()
{
    m_backoff.stop();
    if (m_fd < 0)
        return;
    m_reactor->remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
}

void Listener::onIoEvent(std::uint32_t)
{
    for (int i = 0; i < AcceptsPerEvent && m_fd >= 0 && !m_paused; ++i) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            if (error == EAGAIN || error == EWOULDBLOCK)
                break;
            if (outOfDescriptors(error)) {
                pause(std::strerror(error));
                return;
            }
            // ECONNABORTED, EINTR, EPROTO and network errors concern one connection only.
            continue;
        }
        if (m_overflow && fd >= m_reactor->descriptorCeiling()) {
            m_overflow(fd);
            pause("the descriptors kept in reserve are all that is left");
            return;
        }
        if (m_episodeStartMs >= 0) {
            qCWarning(lcNet,
                      "%s: accepting again after %.1f s; %llu accept(s) failed for want of "
                      "descriptors meanwhile (the clients waited in the listen queue)",
                      m_name, double(m_reactor->nowMs() - m_episodeStartMs) / 1000.0,
                      m_episodeFailures);
            m_episodeStartMs = -1;
            m_episodeFailures = 0;
            m_backoffMs = FirstBackoffMs;
        }
        m_accept(fd);
    }
}

void Listener::pause(const char *cause)
{
    ++m_exhaustedTotal;
    ++m_episodeFailures;
    if (m_episodeStartMs < 0) {
        m_episodeStartMs = m_reactor->nowMs();
        qCWarning(lcNet,
                  "%s: out of file descriptors (%s): accepting paused, retried every %d-%d ms "
                  "until descriptors are free",
                  m_name, cause, FirstBackoffMs, LongestBackoffMs);
    }
    m_paused = true;
    m_reactor->modify(m_fd, this, 0);
    m_backoff.start(m_backoffMs);
    m_backoffMs = qMin(m_backoffMs * 2, LongestBackoffMs);
}

void Listener::resume()
{
    m_paused = false;
    if (m_fd < 0)
        return;
    m_reactor->modify(m_fd, this, EPOLLIN);
    // Whatever waited in the queue meanwhile is taken now, not at the next connection.
    onIoEvent(EPOLLIN);
}
