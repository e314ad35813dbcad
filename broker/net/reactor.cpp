#include "net/reactor.h"

#include <cerrno>
#include <cstring>

#include <sys/epoll.h>
#include <unistd.h>

#include <QSocketNotifier>

#include "core/logging.h"

namespace {
constexpr int MaxEventsPerRound = 256;
}

Reactor::Reactor(QObject *parent) : QObject(parent), m_deferred(this), m_turnEnd(this)
{
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
}

Reactor::~Reactor()
{
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
