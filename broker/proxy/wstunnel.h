#pragma once

#include <QByteArray>

#include "core/brokersnapshot.h"
#include "proxy/sessiontimers.h"
#include "ws/wsframereader.h"

class SessionTracer;

// What the tunnel needs from the session that owns both sockets.
class TunnelOwner
{
public:
    // Writes to the origin (toOrigin) or to the client; the owner applies backpressure.
    virtual void tunnelWrite(bool toOrigin, const char *data, qsizetype size) = 0;
    // Non-null while the console watches the connection.
    virtual SessionTracer *tunnelTracer() = 0;
    // The first close code of the conversation: a peer's close frame or the one we injected.
    virtual void tunnelCloseCode(quint16 code, const QByteArray &reason) = 0;
    // Both sides are closed (or the grace period ran out): the session ends.
    virtual void tunnelEnded(const QByteArray &reason) = 0;

protected:
    ~TunnelOwner() = default;
};

// A WebSocket passthrough after the origin's 101: bytes relayed both ways untouched, frames only
// read to count messages and see close frames. Closing it (shutdown, the route's
// max_conn_time, an operator) waits for the frame in flight in each direction, injects a close
// frame on that boundary and waits up to the grace period for both replies.
class WsTunnel final
{
    Q_DISABLE_COPY_MOVE(WsTunnel)

public:
    // maxConnTimeMs: the route's max_conn_time, 0 for none. closeGraceMs: how long a close waits.
    WsTunnel(TunnelOwner &owner, SessionTimers timers, qint64 maxConnTimeMs, qint64 closeGraceMs);

    // Arms the max_conn_time timer.
    void start();
    void fromClient(const char *data, qsizetype size) { relay(ClientToOrigin, data, size); }
    void fromOrigin(const char *data, qsizetype size) { relay(OriginToClient, data, size); }
    // Closes both sides with code: at once where the peer is at a frame boundary, else after
    // the frame in flight. A second call while closing does nothing.
    void close(quint16 code, const QByteArray &reason);
    // A socket closed. True when the tunnel handles it (it was closing and waits for the other
    // side); false when the session should end now.
    bool clientGone() { return peerGone(ClientToOrigin); }
    bool originGone() { return peerGone(OriginToClient); }
    void onTimer(quint32 timerKind, qint64 nowMs);

    bool isClosing() const { return m_closing; }
    // Its message and ping counts, and Closing while the close handshake runs.
    void report(ConnectionInfo *info) const;
    // A tracer that starts now must know where the frames in flight end.
    void alignTracer(SessionTracer &tracer) const;

private:
    enum Direction
    {
        ClientToOrigin = 0,
        OriginToClient = 1
    };

    void relay(Direction direction, const char *data, qsizetype size);
    void relayUntilBoundaryThenClose(Direction direction, const char *data, qsizetype size);
    void injectClose(Direction direction);
    bool peerGone(Direction direction);
    void noteCloseCode(quint16 code, const QByteArray &reason);
    void checkClosed();

    TunnelOwner &m_owner;
    SessionTimers m_timers;
    WsFrameReader m_readers[2];
    QByteArray m_closeReason; // the first close's reason: what the session ends with
    QByteArray m_injectReason;
    qint64 m_maxConnTimeMs;
    qint64 m_closeGraceMs;
    // Timer entries cannot be cancelled; these tell a due entry from a stale one.
    qint64 m_maxConnDeadlineMs = 0;
    qint64 m_closeDeadlineMs = 0;
    quint16 m_injectCode = 1001;
    bool m_closeCodeSeen = false;
    bool m_closing = false;
    bool m_closeInjected[2] = {false, false};
    bool m_sideEnded[2] = {false, false}; // [ClientToOrigin]: client closed or replied to our close
};
