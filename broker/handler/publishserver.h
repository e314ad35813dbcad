#pragma once

#include <functional>
#include <memory>
#include <unordered_map>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

#include "grip/publishparser.h"
#include "net/listener.h"
#include "net/stream.h"

class ChannelHub;
class Reactor;

// The publish API (Pushpin's HTTP control API, Fastly's /publish/). Lives in the broker's thread
// and hands items straight to the hub. Its connections run on the broker's Reactor like the
// clients': a QTcpSocket would cost an event-queue wake-up (eventfd write, poll, read) per
// publish on top of the socket's own syscalls (docs/benchmarks.md, S4).
class PublishServer final : public QObject, private StreamClient
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishServer)

public:
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024; // Pushpin's push_in_http_max_body_size

    PublishServer(ChannelHub &hub, Reactor &reactor, const QByteArray &publishKey,
                  QObject *parent = nullptr);
    ~PublishServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    // Stops listening; requests on open connections are answered 503 from then on.
    void close()
    {
        m_server.close();
        m_closing = true;
    }
    // Accepts that failed for want of descriptors (Listener::exhaustedTotal).
    quint64 exhaustedTotal() const { return m_server.exhaustedTotal(); }
    // Bodies over this are answered 413 (Configuration::maxPublishBodyBytes).
    void setMaxBodyBytes(qsizetype bytes) { m_maxBodyBytes = bytes; }
    // Per item content after decoding (Configuration::maxItemContentBytes; 0: no limit).
    void setMaxContentBytes(qsizetype bytes) { m_maxContentBytes = bytes; }
    void setMetricsProvider(std::function<QByteArray()> provider)
    {
        m_metrics = std::move(provider);
    }

private:
    struct Client;

    void accept(int descriptor);
    void onStreamConnected(Stream *) override {}
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *stream, const QString &error) override;
    // Answers, then closes with a lingering close (the client may still be sending a body the
    // answer refused); the stream's client record goes.
    void answerAndClose(Stream *stream, const QByteArray &answer);
    QByteArray tooLargeAnswer() const; // 413 with the limit, closing

    QByteArray handle(const QByteArray &method, const QByteArray &path,
                      const class HttpHeaders &headers, const QByteArray &body);
    bool authorized(const class HttpHeaders &headers) const;

    ChannelHub &m_hub;
    Reactor &m_reactor;
    Listener m_server;
    QByteArray m_publishKey;
    std::unordered_map<Stream *, std::unique_ptr<Client>> m_clients;
    std::function<QByteArray()> m_metrics;
    qsizetype m_maxBodyBytes = MaxBodyBytes;
    qsizetype m_maxContentBytes = PublishParser::MaxContentBytes;
    bool m_closing = false;
};
