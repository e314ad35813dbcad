#pragma once

#include <functional>
#include <memory>

#include <QByteArray>

class ConnectionRegistry;
class Reactor;
class RouteTable;
class TimerWheel;
class TlsClientContext;
struct Configuration;

// What every session of one I/O thread shares. Owned by the Broker; sessions hold a reference.
struct BrokerContext
{
    const Configuration *config = nullptr;
    Reactor *reactor = nullptr;
    TimerWheel *timers = nullptr;
    TlsClientContext *tls = nullptr;
    ConnectionRegistry *registry = nullptr;
    // Replaced as a whole when routes change; sessions keep the table they matched against.
    std::shared_ptr<const RouteTable> routes;
    // Answers through ProxySession::onResolved() of the session with that id, if it still exists.
    std::function<void(const QByteArray &host, quint64 sessionId)> resolve;
    bool stopping = false;
};

// Timer kinds a session schedules on the wheel.
enum SessionTimer : quint32
{
    HeaderTimer = 1,
    ConnectTimer = 2,
    MaxConnTimeTimer = 3,
    CloseGraceTimer = 4,
};
