#pragma once

#include <functional>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

// Coarse timeouts for many connections at the cost of one QTimer. Entries cannot be cancelled:
// the callback checks whether the owner still wants the timeout (lazy cancellation), which keeps
// an entry at 24 bytes and scheduling O(1).
class TimerWheel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimerWheel)

public:
    using Callback = std::function<void(quint64 id, quint32 kind)>;

    TimerWheel(int tickMs, Callback callback, QObject *parent = nullptr);

    void schedule(quint64 id, quint32 kind, qint64 delayMs);
    qint64 nowMs() const { return m_clock.elapsed(); }
    qsizetype pendingCount() const { return m_count; }

private:
    struct Entry
    {
        quint64 id;
        qint64 deadlineMs;
        quint32 kind;
    };

    void advance();

    static constexpr qsizetype SlotCount = 1024;
    std::vector<std::vector<Entry>> m_slots;
    Callback m_callback;
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_processedTick = 0;
    qsizetype m_count = 0;
    int m_tickMs;
};
