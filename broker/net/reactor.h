#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class QSocketNotifier;

// Anything the reactor may delete once the current dispatch round has finished.
class Retirable
{
public:
    virtual ~Retirable() = default;
};

class IoHandler : public Retirable
{
public:
    // events: EPOLLIN / EPOLLOUT / EPOLLERR / EPOLLHUP bits as epoll reported them.
    virtual void onIoEvent(std::uint32_t events) = 0;
    // The event-loop turn that asked for it (Reactor::atTurnEnd) is over.
    virtual void onTurnEnd() {}
    // The deadline given to Reactor::linger() has passed.
    virtual void onLingerExpired() {}

private:
    friend class Reactor;
    static constexpr std::size_t NotQueued = ~std::size_t(0);
    // Where the reactor queued this handler, so that retiring it clears the entry in O(1): a
    // publish to thousands of subscribers queues them all, and some close in the same turn.
    std::size_t m_turnEndSlot = NotQueued;
    std::size_t m_scheduledReadSlot = NotQueued;
    std::size_t m_lingerSlot = NotQueued;
};

// One epoll set behind a single QSocketNotifier: Qt 6.4's poll()-based dispatchers walk every
// notifier on each wakeup, which costs milliseconds at 5,000 sockets (performance-notes.md).
class Reactor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Reactor)

public:
    explicit Reactor(QObject *parent = nullptr);
    ~Reactor() override;

    bool isValid() const { return m_epollFd >= 0; }
    bool add(int fd, IoHandler *handler, std::uint32_t events);
    bool modify(int fd, IoHandler *handler, std::uint32_t events);
    void remove(int fd);

    // Deletes the object after the current dispatch round, so events already fetched for it in
    // this round find it alive (and closed) instead of freed.
    void retire(Retirable *object);

    // Delivers a synthetic EPOLLIN soon: TLS may hold decrypted bytes that epoll cannot see.
    void scheduleRead(IoHandler *handler);

    // Calls handler->onTurnEnd() once the events of this loop turn have been handled, so work
    // that arrives in a burst (several publishes read in one turn) can be finished once. Asking
    // again in the same turn changes nothing.
    void atTurnEnd(IoHandler *handler);

    // A closing connection reading away what its peer still sends (Stream::closeAfterLinger)
    // until deadlineMs (on nowMs()'s clock); asking again moves the deadline. Retiring the
    // handler ends it. One coarse timer checks every deadline, so a refusal flood costs no timer
    // per connection.
    void linger(IoHandler *handler, qint64 deadlineMs);
    int lingeringCount() const { return int(m_lingering.size()); }
    // How long a closing connection (Stream::closeWhenDrained) may go without taking a byte of
    // what is queued for it before it is dropped, like nginx's send_timeout: a reader that
    // stopped must not hold a descriptor forever. Counted in lingeringCount() meanwhile.
    void setDrainIdleMs(int ms) { m_drainIdleMs = ms; }
    int drainIdleMs() const { return m_drainIdleMs; }

    // Bytes every Stream of this reactor holds queued in its own buffer (kernel buffers full).
    qint64 queuedBytes() const { return m_queuedBytes; }
    void addQueuedBytes(qint64 delta) { m_queuedBytes += delta; }
    qint64 nowMs() const { return m_clock.elapsed(); }

    // Descriptors numbered at or above this are the broker's reserve (for the publish API, the
    // ledger and the console): client connections and the origin connections made for them are
    // refused there. The kernel hands out the lowest free number, so a descriptor at the ceiling
    // means every one below it is taken. No ceiling by default.
    void setDescriptorCeiling(int ceiling) { m_descriptorCeiling = ceiling; }
    int descriptorCeiling() const { return m_descriptorCeiling; }

private:
    struct Lingering
    {
        IoHandler *handler;
        qint64 deadlineMs;
    };

    void dispatch();
    void runScheduledReads();
    void purgeRetired();
    void endTurn();
    void expireLingering();
    void dropLingering(IoHandler *handler);
    // Takes the queue for running: entries retired since are null, and each handler may queue
    // itself again while the taken ones run.
    static std::vector<IoHandler *> takeQueue(std::vector<IoHandler *> *queue,
                                              std::size_t IoHandler::*slot);

    int m_epollFd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_deferred;
    QTimer m_turnEnd;
    QTimer m_lingerSweep;
    QElapsedTimer m_clock;
    std::vector<Lingering> m_lingering;
    qint64 m_queuedBytes = 0;
    int m_drainIdleMs = 60'000;
    int m_descriptorCeiling = 0x7fffffff;
    std::vector<Retirable *> m_retired;
    std::vector<IoHandler *> m_scheduledReads;
    std::vector<IoHandler *> m_endOfTurn;
    bool m_dispatching = false;
};
