#include "net/reactor.h"

#include <cerrno>
#include <cstring>

#include <sys/epoll.h>
#include <unistd.h>

#include <QSocketNotifier>

#include "core/logging.h"

namespace {
constexpr int MaxEventsPerRound = 256;
// Lingering deadlines are seconds long; checking them ten times a second is precise enough.
constexpr int LingerSweepMs = 100;
} // namespace

Reactor::Reactor(QObject *parent)
    : QObject(parent), m_deferred(this), m_turnEnd(this), m_lingerSweep(this)
{
    m_clock.start();
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    if (m_epollFd < 0) {
        qCCritical(lcNet, "epoll_create1 failed: %s", std::strerror(errno));
        return;
    }
    m_notifier = new QSocketNotifier(m_epollFd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Reactor::dispatch);
    m_deferred.setSingleShot(true);
    m_deferred.setInterval(0);
    connect(&m_deferred, &QTimer::timeout, this, [this] {
        runScheduledReads();
        purgeRetired();
    });
    // A zero timer fires after the events already pending in this loop iteration.
    m_turnEnd.setSingleShot(true);
    m_turnEnd.setInterval(0);
    connect(&m_turnEnd, &QTimer::timeout, this, &Reactor::endTurn);
    m_lingerSweep.setInterval(LingerSweepMs);
    connect(&m_lingerSweep, &QTimer::timeout, this, &Reactor::expireLingering);
}

Reactor::~Reactor()
{
    // Lingering connections belong to nobody else: end them, or their descriptors would leak
    // with a broker that is stopped and started again in the same process.
    while (!m_lingering.empty()) {
        IoHandler *handler = m_lingering.back().handler;
        dropLingering(handler);
        handler->onLingerExpired();
    }
    purgeRetired();
    if (m_epollFd >= 0)
        ::close(m_epollFd);
}

bool Reactor::add(int fd, IoHandler *handler, std::uint32_t events)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool Reactor::modify(int fd, IoHandler *handler, std::uint32_t events)
{
    epoll_event ev{};
    ev.events = events;
    ev.data.ptr = handler;
    return epoll_ctl(m_epollFd, EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Reactor::remove(int fd)
{
    epoll_ctl(m_epollFd, EPOLL_CTL_DEL, fd, nullptr);
}

void Reactor::retire(Retirable *object)
{
    if (auto handler = dynamic_cast<IoHandler *>(object)) {
        if (handler->m_scheduledReadSlot != IoHandler::NotQueued)
            m_scheduledReads[handler->m_scheduledReadSlot] = nullptr;
        if (handler->m_turnEndSlot != IoHandler::NotQueued)
            m_endOfTurn[handler->m_turnEndSlot] = nullptr;
        handler->m_scheduledReadSlot = IoHandler::NotQueued;
        handler->m_turnEndSlot = IoHandler::NotQueued;
        dropLingering(handler);
    }
    m_retired.push_back(object);
    if (!m_dispatching)
        m_deferred.start();
}

void Reactor::scheduleRead(IoHandler *handler)
{
    if (handler->m_scheduledReadSlot == IoHandler::NotQueued) {
        handler->m_scheduledReadSlot = m_scheduledReads.size();
        m_scheduledReads.push_back(handler);
    }
    m_deferred.start();
}

void Reactor::atTurnEnd(IoHandler *handler)
{
    if (handler->m_turnEndSlot != IoHandler::NotQueued)
        return;
    handler->m_turnEndSlot = m_endOfTurn.size();
    m_endOfTurn.push_back(handler);
    if (!m_turnEnd.isActive())
        m_turnEnd.start();
}

void Reactor::linger(IoHandler *handler, qint64 deadlineMs)
{
    if (handler->m_lingerSlot != IoHandler::NotQueued) {
        m_lingering[handler->m_lingerSlot].deadlineMs = deadlineMs;
        return;
    }
    handler->m_lingerSlot = m_lingering.size();
    m_lingering.push_back({handler, deadlineMs});
    if (!m_lingerSweep.isActive())
        m_lingerSweep.start();
}

void Reactor::dropLingering(IoHandler *handler)
{
    const std::size_t slot = handler->m_lingerSlot;
    if (slot == IoHandler::NotQueued)
        return;
    Q_ASSERT(m_lingering[slot].handler == handler);
    // Swap-remove: order does not matter to a sweep that looks at every entry.
    m_lingering[slot] = m_lingering.back();
    m_lingering[slot].handler->m_lingerSlot = slot;
    m_lingering.pop_back();
    handler->m_lingerSlot = IoHandler::NotQueued;
    if (m_lingering.empty())
        m_lingerSweep.stop();
}

void Reactor::expireLingering()
{
    const qint64 now = nowMs();
    std::vector<IoHandler *> expired;
    for (const Lingering &entry : m_lingering) {
        if (entry.deadlineMs <= now)
            expired.push_back(entry.handler);
    }
    for (IoHandler *handler : expired)
        dropLingering(handler);
    m_dispatching = true;
    for (IoHandler *handler : expired)
        handler->onLingerExpired();
    m_dispatching = false;
    purgeRetired();
}

std::vector<IoHandler *> Reactor::takeQueue(std::vector<IoHandler *> *queue,
                                            std::size_t IoHandler::*slot)
{
    std::vector<IoHandler *> taken;
    taken.swap(*queue);
    for (IoHandler *handler : taken) {
        if (handler)
            handler->*slot = IoHandler::NotQueued;
    }
    return taken;
}

void Reactor::endTurn()
{
    const std::vector<IoHandler *> due = takeQueue(&m_endOfTurn, &IoHandler::m_turnEndSlot);
    m_dispatching = true;
    // A handler retired by an earlier one in this list is still allocated until the purge.
    for (IoHandler *handler : due) {
        if (handler)
            handler->onTurnEnd();
    }
    m_dispatching = false;
    purgeRetired();
}

void Reactor::dispatch()
{
    epoll_event events[MaxEventsPerRound];
    const int count = epoll_wait(m_epollFd, events, MaxEventsPerRound, 0);
    if (count < 0 && errno != EINTR)
        qCWarning(lcNet, "epoll_wait failed: %s", std::strerror(errno));
    m_dispatching = true;
    for (int i = 0; i < count; ++i)
        static_cast<IoHandler *>(events[i].data.ptr)->onIoEvent(events[i].events);
    m_dispatching = false;
    purgeRetired();
}

void Reactor::runScheduledReads()
{
    const std::vector<IoHandler *> ready =
        takeQueue(&m_scheduledReads, &IoHandler::m_scheduledReadSlot);
    m_dispatching = true;
    for (IoHandler *handler : ready) {
        // A handler retired by an earlier one in this list is still allocated until the purge.
        if (handler)
            handler->onIoEvent(EPOLLIN);
    }
    m_dispatching = false;
}

void Reactor::purgeRetired()
{
    while (!m_retired.empty()) {
        std::vector<Retirable *> retired;
        retired.swap(m_retired);
        for (Retirable *object : retired)
            delete object;
    }
}
