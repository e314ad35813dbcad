#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include "http/httpheaders.h"
#include "net/stream.h"
#include "proxy/sessiontimers.h"

struct BrokerContext;
struct Route;
struct RouteTarget;

// What the dialer reports to the session that wants an origin connection.
class DialerOwner
{
public:
    // Trying target now (the next one after a failure).
    virtual void dialAttempt(const RouteTarget &target) = 0;
    // Resolve-only dialing: the target's address, for the owner's own connections.
    virtual void dialResolved(const QHostAddress &address) = 0;
    // The connection is open, TLS included; the owner takes the stream over (Stream::setClient).
    virtual void dialConnected(Stream *origin) = 0;
    // No target could be reached (or the process is out of descriptors): the client's answer.
    virtual void dialFailed(int status, const QByteArray &text, const HttpHeaders &extra) = 0;

protected:
    ~DialerOwner() = default;
};

// A connection to a route's origin: resolves the target's name, connects (TLS when the target
// says ssl), and on failure or the connect timeout tries the route's next target, as Pushpin
// does; when every target failed the owner answers 502, or 504 when the last one timed out.
class OriginDialer final : public StreamClient
{
    Q_DISABLE_COPY_MOVE(OriginDialer)

public:
    OriginDialer(DialerOwner &owner, BrokerContext &context, SessionTimers timers,
                 quint64 sessionId);
    // Closes a connection that was not handed over.
    ~OriginDialer();

    // label: how log lines and answers name the route ("route 'id'"). resolveOnly: stop at the
    // address (WebSocket-over-HTTP opens a connection per request).
    void start(const Route &route, const QByteArray &label, bool resolveOnly);
    void onResolved(const QList<QHostAddress> &addresses, const QString &error);
    void onTimer(quint32 timerKind, qint64 nowMs);
    // Stops dialing: a pending connection is closed, late results are ignored.
    void cancel();
    // cancel(), and forgets the route and address: a new request on the connection may not be
    // dialed at all (the built-in test backend), and the route table may have been replaced.
    void reset();

    // Pushpin's private subnets, closed to an `untrusted` target: 127/8, 10/8, 172.16/12,
    // 192.168/16, 169.254/16, ::1, fc00::/7, fe80::/10, IPv4-mapped IPv6 alike, and the
    // unspecified addresses (they reach this host).
    static bool isPrivateAddress(const QHostAddress &address);

    bool isDialing() const { return m_dialing; }
    // The target tried last (the one connected, once connected); only after start().
    const RouteTarget &target() const;
    int targetIndex() const { return m_targetIndex; }
    // Null until a target's address is known.
    QHostAddress address() const { return m_address; }

private:
    void onStreamConnected(Stream *stream) override;
    void onStreamData(Stream *, const char *, qsizetype) override {}
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *stream, const QString &error) override;

    void tryTarget();
    void connectToAddress(const QHostAddress &address);
    void failed(const QString &error, bool timedOut);

    DialerOwner &m_owner;
    BrokerContext &m_context;
    SessionTimers m_timers;
    quint64 m_sessionId;
    const Route *m_route = nullptr;
    QByteArray m_label;
    QHostAddress m_address;
    Stream *m_stream = nullptr;
    qint64 m_deadlineMs = 0;
    int m_targetIndex = 0;
    bool m_resolveOnly = false;
    bool m_dialing = false;
    bool m_resolving = false;
};
