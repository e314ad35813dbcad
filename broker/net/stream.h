#pragma once

#include <cstdint>

#include <QByteArray>
#include <QString>

#include "net/reactor.h"

class QHostAddress;
class Stream;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

// Callbacks never arrive from inside a Stream method the client called: a failed write is
// reported on the next reactor round, so a session never tears itself down mid-call.
class StreamClient
{
public:
    virtual void onStreamConnected(Stream *stream) = 0;
    virtual void onStreamData(Stream *stream, const char *data, qsizetype size) = 0;
    // The pending output was written out completely.
    virtual void onStreamDrained(Stream *stream) = 0;
    // The peer closed (error empty) or the connection failed. The stream is already closed and
    // retired; the pointer only identifies it.
    virtual void onStreamClosed(Stream *stream, const QString &error) = 0;

protected:
    ~StreamClient() = default;
};

// A non-blocking TCP (optionally TLS client or server) connection registered with a Reactor. Output
// goes straight to the socket and is queued only after EAGAIN; the caller watches pendingBytes() to
// apply backpressure.
class Stream final : public IoHandler
{
    Q_DISABLE_COPY_MOVE(Stream)

public:
    enum class State : std::uint8_t
    {
        Connecting,
        TlsHandshake,
        Open,
        Lingering, // the answer is out and the sending side shut; reading away the rest
        Closed
    };

    // Bounds of closeAfterLinger(), like nginx's lingering_time, lingering_timeout and a byte
    // budget: long enough for a client to finish sending a body the broker refused, short enough
    // that a client cannot hold the descriptor.
    static constexpr int LingerTimeMs = 10'000;
    static constexpr int LingerIdleMs = 2'000;
    static constexpr qsizetype LingerMaxBytes = 16 * 1024 * 1024;

    static Stream *adopt(Reactor *reactor, int fd, StreamClient *client);
    // An accepted connection that starts with a server-side TLS handshake; onStreamConnected()
    // follows once it completes. nullptr with *error set when OpenSSL cannot make the session
    // (fd is then still the caller's).
    static Stream *adoptTls(Reactor *reactor, int fd, StreamClient *client, SSL_CTX *context,
                            QString *error);
    // nullptr with *error set when the connect fails at once (e.g. no route to host); the error
    // is outOfDescriptorsError() when the process has none left below the reactor's ceiling.
    static Stream *connectTo(Reactor *reactor, const QHostAddress &address, quint16 port,
                             StreamClient *client, QString *error);
    ~Stream() override;
    static QString outOfDescriptorsError();

    // Client-side TLS, started once the TCP connect completes. serverName is used for SNI and,
    // when verifying, for the host name (or IP address) check.
    bool enableTls(SSL_CTX *context, const QByteArray &serverName, bool verifyPeer, QString *error);
    // Why the TLS handshake failed, when it did because of the origin's certificate.
    QString certificateError() const { return m_certificateError; }

    // The peer never completed a server-side handshake (onStreamClosed() carries why).
    bool handshakeFailed() const { return m_handshakeFailed; }
    bool isTls() const { return m_tls; }

    // Hands the callbacks to another client: a connection one object made (OriginDialer) and
    // another uses from now on.
    void setClient(StreamClient *client) { m_client = client; }

    State state() const { return m_state; }
    bool isClosed() const { return m_state == State::Closed; }
    int descriptor() const { return m_fd; }

    void write(const char *data, qsizetype size);
    void write(const QByteArray &data) { write(data.constData(), data.size()); }
    // Like write(), but the bytes go out together with everything else written this way during
    // the current loop turn, in one send(): when several publishes arrive in one turn a
    // subscriber costs one syscall, not one per message (performance-notes.md). Order with
    // write() is kept.
    void writeAtTurnEnd(const QByteArray &data);
    qsizetype pendingBytes() const { return m_out.size() - m_outOffset; }

    void setReadingPaused(bool paused);
    bool isReadingPaused() const { return m_readPaused; }

    // Writes what is queued, then closes without further callbacks; a peer that takes nothing
    // for Reactor::drainIdleMs() is dropped.
    void closeWhenDrained();
    // For an answer that ends a connection while the client may still be sending (a refused
    // body, a head too large, a refusal): closing with unread bytes makes the kernel send a
    // reset, which destroys the answer before the client reads it. Instead: write what is
    // queued, shut down the sending side, read and discard until the client closes or a bound
    // (LingerTimeMs, LingerIdleMs, LingerMaxBytes) is reached, then close. No callbacks follow;
    // the reactor counts the connection in lingeringCount() meanwhile.
    void closeAfterLinger();
    // Closes at once without callbacks.
    void close();

private:
    Stream(Reactor *reactor, int fd, StreamClient *client, State state);
    void onIoEvent(std::uint32_t events) override;
    void onTurnEnd() override;
    void onLingerExpired() override { close(); }
    void startLinger();
    // The one deadline of a closing stream: lingering, LingerIdleMs from now within the
    // LingerTimeMs total; draining before a linger, that total; draining a plain close,
    // drainIdleMs from now (each bit of progress re-arms it).
    void rearmDeadline();
    void discardInput();
    void writeNow(const char *data, qsizetype size);
    void finishConnect();
    void continueHandshake();
    void readAvailable();
    void flush();
    qsizetype sendSome(const char *data, qsizetype size);
    void updateInterest();
    // Tells the reactor how pendingBytes() changed since the last call.
    void accountQueued();
    void shutdownSocket();
    void fail(const QString &error);
    void answerPlainHttp();

    Reactor *m_reactor;
    StreamClient *m_client;
    SSL *m_ssl = nullptr;
    QByteArray m_out;
    QByteArray m_turnOut; // writeAtTurnEnd() bytes not yet handed to the socket
    qsizetype m_outOffset = 0;
    qsizetype m_discarded = 0;
    qsizetype m_accountedBytes = 0;
    qint64 m_lingerEndMs = 0;
    int m_tlsRetryLength = 0;
    QString m_certificateError;
    QString m_deferredError;
    int m_fd;
    std::uint32_t m_interest = 0;
    State m_state;
    bool m_readPaused = false;
    bool m_registered = false;
    bool m_closeWhenDrained = false;
    bool m_lingerWhenDrained = false;
    bool m_readWantsWrite = false;
    bool m_verifyPeer = false;
    bool m_server = false;
    bool m_tls = false;
    bool m_handshakeFailed = false;
};
