#include "net/stream.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <QHostAddress>

#include "core/logging.h"
#include "net/socketaddress.h"

namespace {
constexpr qsizetype ReadChunk = 64 * 1024;
// A plain socket yields the loop after this many reads so one busy peer cannot starve the rest;
// level-triggered epoll brings us back.
constexpr int PlainReadsPerEvent = 4;

char *sharedReadBuffer()
{
    thread_local char buffer[ReadChunk];
    return buffer;
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString sslErrorText()
{
    const unsigned long code = ERR_get_error();
    if (code == 0)
        return QStringLiteral("TLS error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

void tuneSocket(int fd)
{
    const int flags = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}
} // namespace

Stream::Stream(Reactor *reactor, int fd, StreamClient *client, State state)
    : m_reactor(reactor), m_client(client), m_fd(fd), m_state(state)
{}

Stream::~Stream()
{
    shutdownSocket();
}

QString Stream::outOfDescriptorsError()
{
    return QStringLiteral("out of file descriptors");
}

Stream *Stream::adopt(Reactor *reactor, int fd, StreamClient *client)
{
    tuneSocket(fd);
    auto stream = new Stream(reactor, fd, client, State::Open);
    stream->updateInterest();
    return stream;
}

Stream *Stream::adoptTls(Reactor *reactor, int fd, StreamClient *client, SSL_CTX *context,
                         QString *error)
{
    ERR_clear_error();
    SSL *ssl = SSL_new(context);
    if (!ssl) {
        *error = sslErrorText();
        return nullptr;
    }
    tuneSocket(fd);
    auto stream = new Stream(reactor, fd, client, State::TlsHandshake);
    stream->m_ssl = ssl;
    stream->m_server = true;
    stream->m_tls = true;
    SSL_set_fd(ssl, fd);
    SSL_set_accept_state(ssl);
    stream->m_registered = reactor->add(fd, stream, EPOLLIN);
    stream->m_interest = EPOLLIN;
    if (!stream->m_registered)
        qCWarning(lcNet, "cannot watch descriptor %d: %s", fd, std::strerror(errno));
    return stream;
}

Stream *Stream::connectTo(Reactor *reactor, const QHostAddress &address, quint16 port,
                          StreamClient *client, QString *error)
{
    sockaddr_storage storage;
    const socklen_t length = SocketAddress::fill(address, port, &storage);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = errno == EMFILE || errno == ENFILE ? outOfDescriptorsError() : errnoText(errno);
        return nullptr;
    }
    if (fd >= reactor->descriptorCeiling()) {
        // The reserve is for the publish API and the ledger (Reactor::setDescriptorCeiling).
        ::close(fd);
        *error = outOfDescriptorsError();
        return nullptr;
    }
    tuneSocket(fd);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 &&
        errno != EINPROGRESS) {
        *error = errnoText(errno);
        ::close(fd);
        return nullptr;
    }
    auto stream = new Stream(reactor, fd, client, State::Connecting);
    stream->updateInterest();
    return stream;
}

bool Stream::enableTls(SSL_CTX *context, const QByteArray &serverName, bool verifyPeer,
                       QString *error)
{
    m_ssl = SSL_new(context);
    if (!m_ssl) {
        *error = sslErrorText();
        return false;
    }
    m_verifyPeer = verifyPeer;
    const QHostAddress literal(QString::fromLatin1(serverName));
    if (literal.isNull())
        SSL_set_tlsext_host_name(m_ssl, serverName.constData());
    if (verifyPeer) {
        X509_VERIFY_PARAM *param = SSL_get0_param(m_ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const bool ok = literal.isNull()
                            ? X509_VERIFY_PARAM_set1_host(param, serverName.constData(), 0) == 1
                            : X509_VERIFY_PARAM_set1_ip_asc(param, serverName.constData()) == 1;
        if (!ok) {
            *error = QStringLiteral("cannot check the certificate against %1")
                         .arg(QString::fromLatin1(serverName));
            return false;
        }
    }
    SSL_set_fd(m_ssl, m_fd);
    SSL_set_connect_state(m_ssl);
    m_tls = true;
    return true;
}

void Stream::write(const char *data, qsizetype size)
{
    if (m_state == State::Closed || m_state == State::Lingering || m_lingerWhenDrained || size <= 0)
        return;
    if (!m_turnOut.isEmpty()) {
        QByteArray ahead;
        ahead.swap(m_turnOut);
        ahead.append(data, size);
        writeNow(ahead.constData(), ahead.size());
        return;
    }
    writeNow(data, size);
}

void Stream::writeAtTurnEnd(const QByteArray &data)
{
    if (m_state == State::Closed || m_state == State::Lingering || m_lingerWhenDrained ||
        data.isEmpty())
        return;
    // Already queued behind a full socket buffer (or not connected yet): the queue keeps order
    // and is flushed when the socket is writable, so nothing is gained by waiting.
    if (m_state != State::Open || pendingBytes() > 0 || !m_deferredError.isEmpty()) {
        write(data);
        return;
    }
    if (m_turnOut.isEmpty())
        m_reactor->atTurnEnd(this);
    m_turnOut.append(data);
}

void Stream::onTurnEnd()
{
    if (m_turnOut.isEmpty() || m_state == State::Closed)
        return;
    QByteArray out;
    out.swap(m_turnOut);
    writeNow(out.constData(), out.size());
}

void Stream::writeNow(const char *data, qsizetype size)
{
    if (m_state == State::Open && pendingBytes() == 0 && m_deferredError.isEmpty()) {
        const qsizetype sent = sendSome(data, size);
        if (sent < 0)
            return;
        data += sent;
        size -= sent;
        if (size == 0)
            return;
    }
    if (pendingBytes() == 0) {
        m_out.clear();
        m_outOffset = 0;
    }
    m_out.append(data, size);
    accountQueued();
    updateInterest();
}

void Stream::accountQueued()
{
    const qsizetype now = m_state == State::Closed ? 0 : pendingBytes();
    if (now == m_accountedBytes)
        return;
    m_reactor->addQueuedBytes(now - m_accountedBytes);
    m_accountedBytes = now;
}

void Stream::setReadingPaused(bool paused)
{
    if (m_readPaused == paused || m_state == State::Closed)
        return;
    m_readPaused = paused;
    updateInterest();
    // TLS can hold decrypted records epoll knows nothing about.
    if (!paused && m_ssl && m_state == State::Open)
        m_reactor->scheduleRead(this);
}

void Stream::closeWhenDrained()
{
    if (m_state == State::Closed || m_state == State::Lingering || m_lingerWhenDrained)
        return;
    onTurnEnd();
    if (m_state == State::Closed)
        return;
    // Nothing queued before a server handshake completes can be sent: it was meant for a peer
    // that never proved able to read it.
    if ((pendingBytes() == 0 && m_state == State::Open) ||
        (m_server && m_state == State::TlsHandshake)) {
        close();
        return;
    }
    m_closeWhenDrained = true;
    m_readPaused = true;
    rearmDeadline();
    updateInterest();
}

void Stream::closeAfterLinger()
{
    if (m_state == State::Closed || m_state == State::Lingering || m_lingerWhenDrained)
        return;
    if (m_state != State::Open) {
        // Not connected or not through its handshake: nothing of the peer's was read.
        closeWhenDrained();
        return;
    }
    onTurnEnd();
    if (m_state == State::Closed)
        return;
    m_closeWhenDrained = true;
    m_lingerWhenDrained = true;
    // Reading goes on while the answer drains: a client that sends its whole body before it
    // reads would otherwise block on a full window and never read the answer.
    m_readPaused = false;
    m_lingerEndMs = m_reactor->nowMs() + LingerTimeMs;
    rearmDeadline();
    if (pendingBytes() == 0)
        startLinger();
    else
        updateInterest();
}

void Stream::rearmDeadline()
{
    const qint64 now = m_reactor->nowMs();
    if (m_state == State::Lingering)
        m_reactor->linger(this, qMin(m_lingerEndMs, now + LingerIdleMs));
    else if (m_lingerWhenDrained)
        m_reactor->linger(this, m_lingerEndMs);
    else
        m_reactor->linger(this, now + m_reactor->drainIdleMs());
}

void Stream::startLinger()
{
    m_state = State::Lingering;
    m_readWantsWrite = false; // only reads follow; a stale write interest would spin
    if (m_ssl) {
        // Our close_notify; the peer's is not awaited, its records are read away as raw bytes.
        ERR_clear_error();
        (void)SSL_shutdown(m_ssl);
        ERR_clear_error();
    }
    ::shutdown(m_fd, SHUT_WR);
    rearmDeadline();
    updateInterest();
}

void Stream::discardInput()
{
    char *buffer = sharedReadBuffer();
    for (int round = 0; round < PlainReadsPerEvent; ++round) {
        qsizetype received = 0;
        bool peerClosed = false;
        if (m_ssl && m_state == State::Open) {
            ERR_clear_error();
            const int result = SSL_read(m_ssl, buffer, int(ReadChunk));
            if (result <= 0) {
                const int code = SSL_get_error(m_ssl, result);
                if (code == SSL_ERROR_WANT_READ)
                    break;
                if (code == SSL_ERROR_WANT_WRITE) {
                    m_readWantsWrite = true;
                    updateInterest();
                    break;
                }
                peerClosed = code == SSL_ERROR_ZERO_RETURN ||
                             (code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0);
                ERR_clear_error();
                if (!peerClosed) {
                    close();
                    return;
                }
            }
            received = qMax(result, 0);
        } else {
            received = ::recv(m_fd, buffer, ReadChunk, 0);
            if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                break;
            if (received < 0) {
                close();
                return;
            }
            peerClosed = received == 0;
        }
        if (peerClosed) {
            // The client finished sending; while the answer is still draining it may yet read
            // it, so the answer is written out and the connection closed without lingering.
            if (m_state == State::Open && pendingBytes() > 0) {
                m_lingerWhenDrained = false;
                m_readPaused = true;
                updateInterest();
                return;
            }
            close();
            return;
        }
        m_discarded += received;
        if (m_discarded > LingerMaxBytes) {
            close();
            return;
        }
    }
    if (m_state == State::Lingering)
        rearmDeadline();
}

void Stream::close()
{
    if (m_state == State::Closed)
        return;
    // What was written this turn would have reached the socket already with write(): keep
    // that, as far as the socket takes it without waiting.
    if (!m_turnOut.isEmpty() && m_state == State::Open && pendingBytes() == 0 &&
        m_deferredError.isEmpty())
        (void)sendSome(m_turnOut.constData(), m_turnOut.size());
    shutdownSocket();
    m_reactor->retire(this);
}

void Stream::shutdownSocket()
{
    if (m_fd < 0)
        return;
    if (m_registered)
        m_reactor->remove(m_fd);
    m_registered = false;
    if (m_ssl) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    ::close(m_fd);
    m_fd = -1;
    m_state = State::Closed;
    m_out = QByteArray();
    m_outOffset = 0;
    m_turnOut = QByteArray();
    accountQueued();
}

void Stream::fail(const QString &error)
{
    if (m_state == State::Closed)
        return;
    // A stream told to close when drained belongs to nobody any more: it fails quietly.
    const bool notify = !m_closeWhenDrained;
    close();
    if (notify)
        m_client->onStreamClosed(this, error);
}

void Stream::onIoEvent(std::uint32_t events)
{
    if (m_state == State::Closed)
        return;
    if (!m_deferredError.isEmpty()) {
        fail(m_deferredError);
        return;
    }
    switch (m_state) {
    case State::Connecting:
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            finishConnect();
        return;
    case State::TlsHandshake:
        continueHandshake();
        return;
    case State::Open:
        break;
    case State::Lingering:
        discardInput();
        return;
    case State::Closed:
        return;
    }
    if ((events & EPOLLOUT) && pendingBytes() > 0) {
        flush();
        if (m_state == State::Closed)
            return;
    }
    if (m_readWantsWrite && (events & EPOLLOUT)) {
        m_readWantsWrite = false;
        events |= EPOLLIN;
    }
    if (!(events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        return;
    if (!m_readPaused) {
        readAvailable();
    } else if ((events & (EPOLLERR | EPOLLHUP)) && m_registered && pendingBytes() == 0) {
        // A hung-up socket reports HUP whatever we ask for; park it until reading resumes.
        m_reactor->remove(m_fd);
        m_registered = false;
    }
}

void Stream::finishConnect()
{
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error == EINPROGRESS)
        return;
    if (error != 0) {
        fail(errnoText(error));
        return;
    }
    if (m_ssl) {
        m_state = State::TlsHandshake;
        continueHandshake();
        return;
    }
    m_state = State::Open;
    updateInterest();
    m_client->onStreamConnected(this);
    if (m_state == State::Open && pendingBytes() > 0)
        flush();
}

void Stream::continueHandshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result == 1) {
        m_state = State::Open;
        updateInterest();
        // A client's first request often rides with its Finished; OpenSSL may hold it already.
        if (m_server)
            m_reactor->scheduleRead(this);
        m_client->onStreamConnected(this);
        if (m_state == State::Open && pendingBytes() > 0)
            flush();
        return;
    }
    const int code = SSL_get_error(m_ssl, result);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) {
        m_interest = 0; // force the epoll update below
        const std::uint32_t wanted = code == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT;
        if (m_registered)
            m_reactor->modify(m_fd, this, wanted);
        else
            m_registered = m_reactor->add(m_fd, this, wanted);
        m_interest = wanted;
        return;
    }
    const long verify = SSL_get_verify_result(m_ssl);
    if (m_verifyPeer && verify != X509_V_OK) {
        m_certificateError = QString::fromLatin1(X509_verify_cert_error_string(verify));
        fail(QStringLiteral("TLS certificate not trusted: %1").arg(m_certificateError));
        return;
    }
    const bool plainHttp = m_server && ERR_GET_REASON(ERR_peek_error()) == SSL_R_HTTP_REQUEST;
    // With SSL_OP_IGNORE_UNEXPECTED_EOF a peer gone mid-handshake reads as a clean shutdown.
    const bool peerClosed =
        code == SSL_ERROR_ZERO_RETURN || (code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0);
    const QString detail = peerClosed  ? QStringLiteral("connection closed during TLS handshake")
                           : plainHttp ? QStringLiteral("plain HTTP request on the TLS port")
                                       : sslErrorText();
    ERR_clear_error();
    m_handshakeFailed = m_server;
    if (plainHttp)
        answerPlainHttp();
    fail(QStringLiteral("TLS handshake failed: %1").arg(detail));
}

void Stream::answerPlainHttp()
{
    // Like nginx's "plain HTTP request was sent to HTTPS port": the client learns what went wrong
    // instead of seeing a reset. Best effort and never blocking: a small response into an empty
    // socket buffer. The rest of the request is read away first so close() sends a FIN, not a
    // reset that could discard the answer at the client.
    char scratch[4096];
    while (::recv(m_fd, scratch, sizeof scratch, MSG_DONTWAIT) > 0) {
    }
    static const char response[] = "HTTP/1.1 400 Bad Request\r\n"
                                   "Content-Type: text/plain\r\n"
                                   "Content-Length: 55\r\n"
                                   "Connection: close\r\n\r\n"
                                   "holdfast: this port speaks TLS; use https:// or wss://\n";
    (void)::send(m_fd, response, sizeof response - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(m_fd, SHUT_WR);
}

void Stream::readAvailable()
{
    if (m_lingerWhenDrained) {
        discardInput();
        return;
    }
    char *buffer = sharedReadBuffer();
    for (int round = 0; m_ssl || round < PlainReadsPerEvent; ++round) {
        qsizetype received = 0;
        if (m_ssl) {
            ERR_clear_error();
            const int result = SSL_read(m_ssl, buffer, int(ReadChunk));
            if (result <= 0) {
                const int code = SSL_get_error(m_ssl, result);
                if (code == SSL_ERROR_WANT_READ)
                    return;
                if (code == SSL_ERROR_WANT_WRITE) {
                    m_readWantsWrite = true;
                    updateInterest();
                    return;
                }
                if (code == SSL_ERROR_ZERO_RETURN ||
                    (code == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno != ECONNRESET)) {
                    fail(QString());
                    return;
                }
                fail(code == SSL_ERROR_SYSCALL ? errnoText(errno) : sslErrorText());
                return;
            }
            received = result;
        } else {
            received = ::recv(m_fd, buffer, ReadChunk, 0);
            if (received == 0) {
                fail(QString());
                return;
            }
            if (received < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                    return;
                // A reset after the peer's data is still the peer closing.
                fail(errno == ECONNRESET ? QString() : errnoText(errno));
                return;
            }
        }
        m_client->onStreamData(this, buffer, received);
        if (m_state != State::Open || m_readPaused)
            return;
        // A short read emptied the socket buffer: asking again would only return EAGAIN, a
        // syscall per event for nothing. Level-triggered epoll reports what arrives later.
        if (!m_ssl && received < ReadChunk)
            return;
    }
}

qsizetype Stream::sendSome(const char *data, qsizetype size)
{
    if (m_ssl) {
        ERR_clear_error();
        // After WANT_WRITE OpenSSL wants the same length again; the queue still starts with it.
        const int length =
            m_tlsRetryLength > 0 ? m_tlsRetryLength : int(qMin<qsizetype>(size, 1 << 30));
        const int result = SSL_write(m_ssl, data, length);
        if (result > 0) {
            m_tlsRetryLength = 0;
            return result;
        }
        const int code = SSL_get_error(m_ssl, result);
        if (code == SSL_ERROR_WANT_WRITE || code == SSL_ERROR_WANT_READ) {
            m_tlsRetryLength = length;
            return 0;
        }
        m_deferredError = code == SSL_ERROR_SYSCALL ? errnoText(errno) : sslErrorText();
    } else {
        const ssize_t result = ::send(m_fd, data, size_t(size), MSG_NOSIGNAL);
        if (result >= 0)
            return result;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return 0;
        m_deferredError = errno == EPIPE || errno == ECONNRESET
                              ? QStringLiteral("connection reset by peer")
                              : errnoText(errno);
    }
    m_reactor->scheduleRead(this);
    return -1;
}

void Stream::flush()
{
    while (pendingBytes() > 0) {
        const qsizetype sent = sendSome(m_out.constData() + m_outOffset, pendingBytes());
        if (sent < 0)
            return;
        if (sent == 0) {
            accountQueued();
            updateInterest();
            return;
        }
        m_outOffset += sent;
        // Progress: a draining close gets its idle time again (a lingering one keeps its own).
        if (m_closeWhenDrained && !m_lingerWhenDrained)
            rearmDeadline();
    }
    m_out = QByteArray();
    m_outOffset = 0;
    accountQueued();
    updateInterest();
    if (m_closeWhenDrained) {
        if (m_lingerWhenDrained)
            startLinger();
        else
            close();
        return;
    }
    m_client->onStreamDrained(this);
}

void Stream::updateInterest()
{
    if (m_state == State::Closed || m_state == State::TlsHandshake)
        return;
    std::uint32_t wanted = 0;
    if (m_state == State::Connecting) {
        wanted = EPOLLOUT;
    } else {
        if (!m_readPaused)
            wanted |= EPOLLIN;
        if (pendingBytes() > 0 || m_readWantsWrite)
            wanted |= EPOLLOUT;
    }
    if (m_registered && wanted == m_interest)
        return;
    if (!m_registered) {
        m_registered = m_reactor->add(m_fd, this, wanted);
        if (!m_registered)
            qCWarning(lcNet, "cannot watch descriptor %d: %s", m_fd, std::strerror(errno));
    } else {
        m_reactor->modify(m_fd, this, wanted);
    }
    m_interest = wanted;
}
