#pragma once

#include <QHostAddress>

#include "clienturl.h"
#include "loadconfig.h"

class Reactor;
class TestClient;
class TimerWheel;
typedef struct ssl_ctx_st SSL_CTX;

// What a TestClient reports to its engine. Direct calls, never signals: there may be a hundred
// thousand messages a second.
class TestClientListener
{
public:
    // Subscribed: a 101, a response head, or a long-poll request written.
    virtual void onClientOpen(TestClient *client) = 0;
    virtual void onClientMessage(TestClient *client, QByteArrayView payload, bool binary) = 0;
    // State or reason changed (ended, reconnecting); the client stays owned by the engine.
    virtual void onClientChanged(TestClient *client) = 0;

protected:
    ~TestClientListener() = default;
};

// Everything the clients of one run share, owned by the engine and alive as long as they are.
struct ClientContext
{
    Reactor *reactor = nullptr;
    TimerWheel *timers = nullptr;
    SSL_CTX *tls = nullptr; // null for plain URLs
    TestClientListener *listener = nullptr;
    const LoadConfig *config = nullptr;
    ClientUrl url;
    QHostAddress address;
};
