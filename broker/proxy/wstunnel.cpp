#include "proxy/wstunnel.h"

#include "proxy/brokercontext.h"
#include "proxy/sessiontracer.h"
#include "ws/wsframe.h"

WsTunnel::WsTunnel(TunnelOwner &owner, SessionTimers timers, qint64 maxConnTimeMs,
                   qint64 closeGraceMs)
    : m_owner(owner), m_timers(timers), m_maxConnTimeMs(maxConnTimeMs), m_closeGraceMs(closeGraceMs)
{}

void WsTunnel::start()
{
    if (m_maxConnTimeMs <= 0)
        return;
    m_maxConnDeadlineMs = m_timers.arm(MaxConnTimeTimer, m_maxConnTimeMs);
}

void WsTunnel::relay(Direction direction, const char *data, qsizetype size)
{
    if (m_closing) {
        relayUntilBoundaryThenClose(direction, data, size);
        return;
    }
    WsFrameReader &reader = m_readers[direction];
    reader.feed(data, size);
    if (SessionTracer *tracer = m_owner.tunnelTracer()) {
        tracer->frames(direction == ClientToOrigin, data, size);
        tracer->alignAfterFeed(direction == ClientToOrigin, reader);
    }
    m_owner.tunnelWrite(direction == ClientToOrigin, data, size);
    if (reader.closeSeen())
        noteCloseCode(reader.closeCode(), reader.closeReason());
}

void WsTunnel::close(quint16 code, const QByteArray &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    noteCloseCode(code, reason);
    m_injectCode = code;
    m_injectReason = reason;
    for (Direction direction : {ClientToOrigin, OriginToClient}) {
        const WsFrameReader &reader = m_readers[direction];
        if (reader.closeSeen()) {
            // That peer already sent its close; a second one would break the protocol.
            m_closeInjected[direction] = true;
            m_sideEnded[direction] = true;
        } else if (reader.atFrameBoundary()) {
            injectClose(direction);
        }
    }
    m_closeDeadlineMs = m_timers.arm(CloseGraceTimer, m_closeGraceMs);
    checkClosed();
}

void WsTunnel::injectClose(Direction direction)
{
    const QByteArray frame =
        WsFrame::closeFrame(m_injectCode, m_injectReason, direction == ClientToOrigin);
    m_owner.tunnelWrite(direction == ClientToOrigin, frame.constData(), frame.size());
    m_closeInjected[direction] = true;
}

void WsTunnel::relayUntilBoundaryThenClose(Direction direction, const char *data, qsizetype size)
{
    WsFrameReader &reader = m_readers[direction];
    if (!m_closeInjected[direction]) {
        // Finish the frame in flight so the close lands on a frame boundary; this path is rare
        // and short, so feeding byte by byte is fine.
        qsizetype used = 0;
        while (used < size && !reader.atFrameBoundary() && !reader.hasError()) {
            reader.feed(data + used, 1);
            ++used;
        }
        m_owner.tunnelWrite(direction == ClientToOrigin, data, used);
        data += used;
        size -= used;
        if (reader.atFrameBoundary() || reader.hasError())
            injectClose(direction);
    }
    // After our close, the only bytes that matter from this peer are its close reply.
    const bool before = reader.closeSeen();
    reader.feed(data, size);
    if (reader.closeSeen() && (before || m_closeInjected[direction]))
        m_sideEnded[direction] = true;
    checkClosed();
}

bool WsTunnel::peerGone(Direction direction)
{
    if (!m_closing)
        return false;
    // Nothing more to wait for from that peer, and no close frame to send it.
    m_sideEnded[direction] = true;
    m_closeInjected[direction == ClientToOrigin ? OriginToClient : ClientToOrigin] = true;
    checkClosed();
    return true;
}

void WsTunnel::onTimer(quint32 timerKind, qint64 nowMs)
{
    if (timerKind == MaxConnTimeTimer && !m_closing && m_maxConnDeadlineMs != 0 &&
        nowMs >= m_maxConnDeadlineMs)
        close(1001, "maximum connection time reached");
    else if (timerKind == CloseGraceTimer && m_closing && nowMs >= m_closeDeadlineMs)
        m_owner.tunnelEnded(m_closeReason);
}

void WsTunnel::report(ConnectionInfo *info) const
{
    info->messagesFromClient = m_readers[ClientToOrigin].messages();
    info->messagesToClient = m_readers[OriginToClient].messages();
    info->pings = m_readers[ClientToOrigin].pings() + m_readers[OriginToClient].pings();
    if (m_closing && info->state != ConnectionInfo::State::Closed)
        info->state = ConnectionInfo::State::Closing;
}

void WsTunnel::alignTracer(SessionTracer &tracer) const
{
    tracer.alignWith(true, m_readers[ClientToOrigin]);
    tracer.alignWith(false, m_readers[OriginToClient]);
}

void WsTunnel::noteCloseCode(quint16 code, const QByteArray &reason)
{
    if (m_closeCodeSeen)
        return;
    m_closeCodeSeen = true;
    m_closeReason = reason;
    m_owner.tunnelCloseCode(code, reason);
}

void WsTunnel::checkClosed()
{
    if (m_closing && m_sideEnded[ClientToOrigin] && m_sideEnded[OriginToClient] &&
        m_closeInjected[ClientToOrigin] && m_closeInjected[OriginToClient])
        m_owner.tunnelEnded(m_closeReason);
}
