#pragma once

#include <memory>
#include <unordered_set>

#include <QByteArray>
#include <QHostAddress>
#include <QString>

class Listener;
class Reactor;

// A WebSocket echo server on the broker's own engine: one epoll Reactor, a Stream per connection
// and no QObject per connection. It answers any upgrade request with a 101 (no subprotocol, no
// extensions), sends every text and binary message back unmasked as it came, answers pings and
// closes as RFC 6455 says. It is the origin of the passthrough benchmark (docs/loadgen.md):
// what Holdfast and nginx proxy to, and the "direct" baseline.
class EchoOrigin final
{
    Q_DISABLE_COPY_MOVE(EchoOrigin)

public:
    EchoOrigin();
    ~EchoOrigin();

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const;

    // Echoed messages and open connections so far (for tests and the exit line).
    quint64 echoed() const { return m_echoed; }
    int connections() const { return int(m_connections.size()); }

private:
    class Connection;
    friend class Connection;

    void accept(qintptr descriptor);
    void closed(Connection *connection);

    std::unique_ptr<Reactor> m_reactor;
    std::unique_ptr<Listener> m_listener;
    std::unordered_set<Connection *> m_connections;
    // Every echo of one read goes out in one write(), built here: no allocation per message.
    QByteArray m_out;
    quint64 m_echoed = 0;
};
