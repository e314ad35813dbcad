#pragma once

#include <vector>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QString>

#include "clienturl.h"
#include "http/httpbodyframer.h"
#include "http/httpresponseparser.h"
#include "loadconfig.h"
#include "net/stream.h"

class Reactor;
typedef struct ssl_ctx_st SSL_CTX;

// POSTs timestamped publishes (LoadMessage) to a GRIP publish endpoint at a set rate over one
// keep-alive connection. One request is in flight at a time; publishes that fall due meanwhile
// go out together as the items of the next request, so a slow endpoint lowers the request rate,
// never the publish rate.
class Publisher final : public StreamClient
{
    Q_DISABLE_COPY_MOVE(Publisher)

public:
    static constexpr int MaxItemsPerRequest = 200;

    Publisher(Reactor *reactor, SSL_CTX *tls, const ClientUrl &url, const QHostAddress &address,
              const LoadConfig &config);
    ~Publisher();

    // pace() is called every few milliseconds by the engine; it sends what fell due since start().
    void start();
    void pace();
    // No new publishes; the one in flight may still be answered.
    void finishSending() { m_running = false; }
    void stop();

    // The next sequence number; sequences below it were sent.
    quint64 nextSeq() const { return quint64(m_sentAt.size()); }
    enum Outcome : quint8
    {
        Unanswered, // in flight, or the run stopped first: it may well have been delivered
        Accepted,
        Failed // refused, or the connection failed before an answer
    };
    // When sequence s was sent (µs, system clock) and what became of it.
    const std::vector<qint64> &sentAt() const { return m_sentAt; }
    const std::vector<quint8> &outcomes() const { return m_outcomes; }
    quint64 acceptedCount() const { return m_acceptedCount; }
    quint64 failedCount() const { return m_failedCount; }
    QString lastError() const { return m_lastError; }
    bool isIdle() const { return m_inFlight == 0; }

    // The JSON body for these publishes (exposed for tests).
    static QByteArray body(const QByteArray &channel, ClientTransport transport,
                           const QList<QByteArray> &contents, quint64 firstSeq);

private:
    void onStreamConnected(Stream *stream) override;
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *stream) override;
    void onStreamClosed(Stream *stream, const QString &error) override;

    void connectNow(qint64 nowMs);
    void sendDue(qint64 nowMs);
    void finishRequest(bool ok, const QString &error);

    Reactor *m_reactor;
    SSL_CTX *m_tls;
    ClientUrl m_url;
    QHostAddress m_address;
    const LoadConfig &m_config;
    Stream *m_stream = nullptr;
    HttpResponseParser m_head;
    HttpBodyFramer m_body;
    std::vector<qint64> m_sentAt;
    std::vector<quint8> m_outcomes;
    QString m_lastError;
    QElapsedTimer m_clock;
    qint64 m_lastConnectMs = -1;
    quint64 m_acceptedCount = 0;
    quint64 m_failedCount = 0;
    quint64 m_firstInFlight = 0;
    int m_inFlight = 0;
    bool m_connected = false;
    bool m_headDone = false;
    bool m_running = false;
};
