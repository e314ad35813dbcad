#pragma once

#include <memory>
#include <vector>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QString>

#include "clienturl.h"
#include "loadconfig.h"

class Reactor;
typedef struct ssl_ctx_st SSL_CTX;

// POSTs timestamped publishes (LoadMessage) to a GRIP publish endpoint at a set rate over
// LoadConfig::publishConnections keep-alive connections, one request in flight on each.
// Sequence numbers are global: whichever connection is free takes the next ones, so the clients
// count loss and latency the same way with one connection or many (arrivals may then be out of
// order). Publishes that fall due while every connection waits for an answer go out together as
// the items of the next request (up to itemsPerRequest), so a slow endpoint lowers the request
// rate, not the publish rate.
class Publisher final
{
    Q_DISABLE_COPY_MOVE(Publisher)

public:
    static constexpr int MaxItemsPerRequest = 200;
    static constexpr int MaxConnections = 1024;

    Publisher(Reactor *reactor, SSL_CTX *tls, const ClientUrl &url, const QHostAddress &address,
              const LoadConfig &config);
    ~Publisher();

    // pace() is called every few milliseconds by the engine; it sends what fell due since start().
    void start();
    void pace();
    // No new publishes; the requests in flight may still be answered.
    void finishSending() { m_running = false; }
    void stop();

    // The next sequence number; sequences below it were sent.
    quint64 nextSeq() const { return quint64(m_sentAt.size()); }
    // LoadConfig::publishCount publishes were sent (never true without a count).
    bool allSent() const { return m_config.publishCount > 0 && nextSeq() >= m_config.publishCount; }
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
    quint64 requestCount() const { return m_requestCount; }
    int connectionCount() const { return int(m_links.size()); }
    QString lastError() const { return m_lastError; }
    bool isIdle() const { return m_inFlight == 0; }
    // From the first request written to the last answer, in microseconds; 0 before an answer.
    qint64 wallMicros() const
    {
        return m_firstSendNs >= 0 && m_lastAnswerNs > m_firstSendNs
                   ? (m_lastAnswerNs - m_firstSendNs) / 1000
                   : 0;
    }

    // The JSON body for these publishes (exposed for tests).
    static QByteArray body(const QByteArray &channel, ClientTransport transport,
                           const QList<QByteArray> &contents, quint64 firstSeq);

private:
    class Link;
    friend class Link;

    void sendDue();
    void send(Link *link, quint64 items);
    void answered(Link *link, bool ok, const QString &error);
    quint64 owed() const;

    Reactor *m_reactor;
    SSL_CTX *m_tls;
    ClientUrl m_url;
    QHostAddress m_address;
    const LoadConfig &m_config;
    std::vector<std::unique_ptr<Link>> m_links;
    std::vector<qint64> m_sentAt;
    std::vector<quint8> m_outcomes;
    QList<QByteArray> m_contents; // reused for each request's items
    QString m_lastError;
    QElapsedTimer m_clock;
    qint64 m_firstSendNs = -1;
    qint64 m_lastAnswerNs = -1;
    quint64 m_acceptedCount = 0;
    quint64 m_failedCount = 0;
    quint64 m_requestCount = 0;
    int m_inFlight = 0; // requests, over all links
    bool m_running = false;
};
