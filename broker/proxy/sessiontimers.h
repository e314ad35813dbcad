#pragma once

#include "net/timerwheel.h"

// A session's timers on the broker's wheel: what its parts (GripHold, WsFanoutLink, WsTunnel)
// schedule under the session's id, which hands each due entry to that part's onTimer. Entries
// cannot be cancelled: a part keeps its deadlines and ignores a stale entry.
class SessionTimers
{
public:
    SessionTimers(TimerWheel &wheel, quint64 sessionId) : m_wheel(&wheel), m_sessionId(sessionId) {}

    void schedule(quint32 timerKind, qint64 delayMs) const
    {
        m_wheel->schedule(m_sessionId, timerKind, delayMs);
    }
    qint64 nowMs() const { return m_wheel->nowMs(); }
    // Schedules timerKind in delayMs and returns when it is due, the deadline to check it against.
    qint64 arm(quint32 timerKind, qint64 delayMs) const
    {
        schedule(timerKind, delayMs);
        return nowMs() + delayMs;
    }

private:
    TimerWheel *m_wheel;
    quint64 m_sessionId;
};
