#pragma once

#include <functional>

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QTcpServer>

class ChannelHub;
class QTcpSocket;

// The publish API (Pushpin's HTTP control API, Fastly's /publish/): low volume, so Qt's own
// sockets are fine here. Lives in the broker's thread and hands items straight to the hub.
class PublishServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishServer)

public:
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024; // Pushpin's push_in_http_max_body_size

    PublishServer(ChannelHub &hub, const QByteArray &publishKey, QObject *parent = nullptr);
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
    // Bodies over this are answered 413 (Configuration::maxPublishBodyBytes).
    void setMaxBodyBytes(qsizetype bytes) { m_maxBodyBytes = bytes; }
    void setMetricsProvider(std::function<QByteArray()> provider)
    {
        m_metrics = std::move(provider);
    }

private:
    struct Client;

    void accept();
    void readFrom(QTcpSocket *socket);
    QByteArray handle(const QByteArray &method, const QByteArray &path,
                      const class HttpHeaders &headers, const QByteArray &body);
    bool authorized(const class HttpHeaders &headers) const;

    ChannelHub &m_hub;
    QTcpServer m_server;
    QByteArray m_publishKey;
    QHash<QTcpSocket *, Client *> m_clients;
    std::function<QByteArray()> m_metrics;
    qsizetype m_maxBodyBytes = MaxBodyBytes;
    bool m_closing = false;
};
