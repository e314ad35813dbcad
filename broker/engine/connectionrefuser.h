#pragma once

#include <functional>

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include "net/stream.h"

// A connection beyond Configuration::maxConnections, or beyond the descriptors the broker may give
// clients. It is not a session (no registry entry, no ledger record): it reads the request head,
// through TLS on the TLS port, answers 503 with Retry-After and closes with a lingering close, so
// that what the client still sends cannot turn the close into a reset that discards the answer.
// Deletes itself when done.
class ConnectionRefuser final : public QObject, public StreamClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionRefuser)

public:
    static constexpr int RetryAfterSeconds = 5;
    // The most a refusal may take; a client that sends nothing by then is closed unanswered.
    static constexpr int AnswerWithinMs = 2'000;

    // done runs once, when the refuser is finished with the connection.
    // why completes "holdfast: ...; try again later".
    ConnectionRefuser(Reactor *reactor, int fd, SSL_CTX *tls, const QByteArray &why,
                      std::function<void()> done, QObject *parent);
    ~ConnectionRefuser() override;

private:
    void onStreamConnected(Stream *) override {}
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *stream, const QString &error) override;
    void answer();
    void end();

    Stream *m_stream = nullptr;
    QTimer m_deadline;
    QByteArray m_head;
    std::function<void()> m_done;
    QByteArray m_why;
};
