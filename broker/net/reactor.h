#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

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

private:
    friend class Reactor;
    static constexpr std::size_t NotQueued = ~std::size_t(0);
    // Where the reactor queued this handler, so that retiring it clears the entry in O(1): a
    // publish to thousands of subscribers queues them all, and some close in the same turn.
    std::size_t m_turnEndSlot = NotQueued;
    std::size_t m_scheduledReadSlot = NotQueued;
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

private:
    void dispatch();
    void runScheduledReads();
    void purgeRetired();
    void endTurn();
    // Takes the queue for running: entries retired since are null, and each handler may queue
    // itself again while the taken ones run.
    static std::vector<IoHandler *> takeQueue(std::vector<IoHandler *> *queue,
                                              std::size_t IoHandler::*slot);

    int m_epollFd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_deferred;
    QTimer m_turnEnd;
    std::vector<Retirable *> m_retired;
    std::vector<IoHandler *> m_scheduledReads;
    std::vector<IoHandler *> m_endOfTurn;
    bool m_dispatching = false;
};
