#include "net/timerwheel.h"

#include <utility>

TimerWheel::TimerWheel(int tickMs, Callback callback, QObject *parent)
    : QObject(parent), m_slots(SlotCount), m_callback(std::move(callback)), m_timer(this),
      m_tickMs(tickMs)
{
    m_clock.start();
    m_timer.setInterval(tickMs);
    connect(&m_timer, &QTimer::timeout, this, &TimerWheel::advance);
}

void TimerWheel::schedule(quint64 id, quint32 kind, qint64 delayMs)
{
    const qint64 deadline = nowMs() + qMax<qint64>(delayMs, 0);
    // Round up so an entry never fires early; never into a tick that was already processed.
    const qint64 tick = qMax((deadline + m_tickMs - 1) / m_tickMs, m_processedTick + 1);
    m_slots[size_t(tick % SlotCount)].push_back(Entry{id, deadline, kind});
    ++m_count;
    if (!m_timer.isActive())
        m_timer.start();
}

void TimerWheel::advance()
{
    const qint64 now = nowMs();
    const qint64 currentTick = now / m_tickMs;
    std::vector<Entry> due;
    // After a stall, process every skipped tick, but no slot twice.
    const qint64 first = qMax(m_processedTick + 1, currentTick - SlotCount + 1);
    for (qint64 tick = first; tick <= currentTick; ++tick) {
        auto &slot = m_slots[size_t(tick % SlotCount)];
        for (size_t i = 0; i < slot.size();) {
            if (slot[i].deadlineMs <= now) {
                due.push_back(slot[i]);
                slot[i] = slot.back();
                slot.pop_back();
            } else {
                ++i;
            }
        }
    }
    m_processedTick = currentTick;
    m_count -= qsizetype(due.size());
    if (m_count == 0)
        m_timer.stop();
    for (const Entry &entry : due)
        m_callback(entry.id, entry.kind);
}
