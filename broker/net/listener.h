#pragma once

#include <functional>

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>

#include "net/reactor.h"

// A listening TCP socket on the Reactor: each readiness event accepts what the kernel has queued
// and hands every descriptor to the accept function.
//
// Out of descriptors (EMFILE, ENFILE, ENOBUFS, ENOMEM) a listen queue cannot be emptied, and a
// level-triggered poll would report it again at once: the loop would spin at 100 % CPU and starve
// everything else on the thread. Instead the listener stops watching its socket for a back-off
// (100 ms, doubling up to 1 s while the episode lasts), logs the episode's start and end once,
// and counts every failure; clients wait in the kernel's queue meanwhile. A listener that keeps
// the reserve (setKeepsReserve) treats a descriptor at or above the reactor's ceiling the same
// way, after handing it to the overflow function, which may still answer it.
class Listener final : public QObject, public IoHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    using AcceptFunction = std::function<void(int descriptor)>;

    static constexpr int FirstBackoffMs = 100;
    static constexpr int LongestBackoffMs = 1000;

    // name appears in the log ("clients", "publish API").
    Listener(Reactor *reactor, const char *name, AcceptFunction accept, QObject *parent = nullptr);
    ~Listener() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error, int backlog = 4096);
    void close();
    bool isListening() const { return m_fd >= 0; }
    QHostAddress serverAddress() const { return m_address; }
    quint16 serverPort() const { return m_port; }

    // Descriptors at or above Reactor::descriptorCeiling() go to overflow (which owns them),
    // and accepting pauses as when the process is out of descriptors.
    void setKeepsReserve(AcceptFunction overflow) { m_overflow = std::move(overflow); }

    // Accepts that failed, or landed in the reserve, for want of descriptors.
    quint64 exhaustedTotal() const { return m_exhaustedTotal; }
    bool isPaused() const { return m_paused; }

private:
    void onIoEvent(std::uint32_t events) override;
    void pause(const char *cause);
    void resume();

    Reactor *m_reactor;
    const char *m_name;
    AcceptFunction m_accept;
    AcceptFunction m_overflow;
    QTimer m_backoff;
    QHostAddress m_address;
    qint64 m_episodeStartMs = -1;
    quint64 m_exhaustedTotal = 0;
    quint64 m_episodeFailures = 0;
    int m_fd = -1;
    int m_backoffMs = FirstBackoffMs;
    quint16 m_port = 0;
    bool m_paused = false;
};
