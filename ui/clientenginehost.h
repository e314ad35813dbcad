#pragma once

#include <QHash>
#include <QObject>

#include "core/objectthread.h"
#include "loadconfig.h"
#include "loadstats.h"

class ClientEngine;

// The console's test clients and traffic generator: every ClientEngine lives on one QThread of
// its own, one engine per run (a batch of clients opened together, or a traffic run). The GUI
// talks to them only through queued calls and reads only the LoadStats values they emit, so it
// never waits on a socket.
class ClientEngineHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientEngineHost)

public:
    explicit ClientEngineHost(QObject *parent = nullptr);
    // Stops every run (closing its sockets on the engine thread) and joins the thread.
    ~ClientEngineHost() override;

    // Starts a run on the engine thread; the id names it in the calls and signals below.
    int start(const LoadConfig &config);
    void stop(int run);
    void stopAll();
    bool isRunning(int run) const { return m_engines.contains(run); }
    int runningCount() const { return int(m_engines.size()); }

    void sendMessage(int run, int clientId, const QByteArray &payload, bool binary);
    void closeClient(int run, int clientId, quint16 code, const QByteArray &reason);
    void reconnectClient(int run, int clientId);

Q_SIGNALS:
    void progress(int run, const LoadStats &stats);
    // The run's sockets are all closed by the time this arrives.
    void finished(int run, const LoadStats &stats);

private:
    ObjectThread m_engineThread; // its root object is the parent of the engines
    QHash<int, ClientEngine *> m_engines;
    int m_nextRun = 1;
};
