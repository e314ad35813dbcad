#pragma once

#include <functional>
#include <memory>

#include <QByteArray>
#include <QHash>
#include <QSet>

#include "grip/gripsigner.h"

class ChannelHub;
class ConnectionRegistry;
class Reactor;
class RouteTable;
class TimerWheel;
class TlsClientContext;
struct Configuration;
struct Route;

// What every session of one I/O thread shares. Owned by the Broker; sessions hold a reference.
struct BrokerContext
{
    const Configuration *config = nullptr;
    Reactor *reactor = nullptr;
    TimerWheel *timers = nullptr;
    TlsClientContext *tls = nullptr;
    ConnectionRegistry *registry = nullptr;
    ChannelHub *hub = nullptr;
    // Grip-Sig for routes without their own sig_key, and the signers of those that have one.
    GripSigner signer;
    QHash<QByteArray, GripSigner> routeSigners;
    // Route id + header name of GRIP headers already reported as unsupported.
    QSet<QByteArray> gripHeadersLogged;
    // Replaced as a whole when routes change; sessions keep the table they matched against.
    std::shared_ptr<const RouteTable> routes;
    // Answers through ProxySession::onResolved() of the session with that id, if it still exists.
    std::function<void(const QByteArray &host, quint64 sessionId)> resolve;
    bool stopping = false;
    // Counted for /metrics.
    quint64 slowSubscribersClosed = 0;
    quint64 tlsHandshakeFailures = 0;
    // Peers whose failed TLS handshake was logged: a scanner retrying gets one line, not many.
    QSet<QByteArray> tlsFailedPeersLogged;
    // Makes Connection-Id values unique across broker runs.
    QByteArray connectionIdPrefix = "hf-";

    // The Grip-Sig for a request on this route: its own sig_key, or the broker's.
    QByteArray gripSignature(const Route &route);
    void tlsHandshakeFailed(const QByteArray &peerIp, const QString &error);
    // A backend on route asked for GRIP features Holdfast does not act on: said once per route
    // and feature, never dropped silently.
    void gripUnsupported(const Route &route, const QList<QByteArray> &features);
};

// Timer kinds a session schedules on the wheel.
enum SessionTimer : quint32
{
    HeaderTimer = 1,
    ConnectTimer = 2,
    MaxConnTimeTimer = 3,
    CloseGraceTimer = 4,
    KeepAliveTimer = 5,
    HoldTimeoutTimer = 6,
    ResponseTimer = 7,
    WsRequestTimer = 8,
    WsKeepAliveTimer = 9,
    WsDelayedTimer = 10,
    WsBackendKeepAliveTimer = 11,
    WsRetryTimer = 12,
};
