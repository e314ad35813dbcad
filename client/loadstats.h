#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include "latencyhistogram.h"
#include "loadconfig.h"

// One client as a GUI table shows it; only clients that changed since the last LoadStats.
struct ClientRow
{
    int id = 0;
    ClientState state = ClientState::Waiting;
    QString reason;
    quint64 received = 0;
    int connects = 0;
    QList<QByteArray> recent; // messages since the last row, at most LoadConfig::recentMessages
};

// A coalesced picture of a run, emitted every statsIntervalMs and once at the end. A value: the
// engine's thread never shares it.
struct LoadStats
{
    enum class Phase : quint8
    {
        Idle,
        Resolving,
        Ramping,
        Settling,
        Running,
        Draining,
        Finished
    };

    Phase phase = Phase::Idle;
    quint64 sequence = 0;
    qint64 elapsedMs = 0;
    qint64 publishingMs = 0; // time since publishing started, for rates

    int requested = 0;
    int opened = 0; // clients started so far (the ramp's progress)
    int connecting = 0;
    int open = 0;
    int everOpen = 0; // clients that reached Open at least once
    int closed = 0;
    int failed = 0;
    QMap<QString, int> failures; // reason -> clients

    quint64 received = 0; // messages, including ones not from our publisher
    quint64 bytes = 0;
    double deliveredPerSecond = 0; // over the last interval
    quint64 expected = 0;          // sum over clients of our publishes they should have had
    quint64 lost = 0;              // sum over clients of expected minus received, never below 0
    quint64 duplicates = 0;        // publishes a client got again, or after a later one

    quint64 publishesSent = 0;
    quint64 publishesAccepted = 0;
    quint64 publishesFailed = 0;
    QString publishError; // the latest reason a publish failed
    quint64 publishRequests = 0;
    int publishConnections = 0;
    // From the first publish request written to the last answer, and accepted publishes per
    // second of it (the publish API's throughput; 0 before an answer).
    qint64 publishWallUs = 0;
    double publishesPerSecond = 0;

    // Echo mode (LoadConfig::echo); the round trips are in `latency`.
    bool echo = false;
    quint64 echoSent = 0;
    quint64 echoes = 0;         // came back as sent
    quint64 echoErrors = 0;     // came back different, or with none outstanding
    quint64 echoUnanswered = 0; // sent, but the client ended or the drain ran out first
    double echoesPerSecond = 0; // echoes over the first send to the last echo
    qint64 echoWallUs = 0;

    // With LoadConfig::cpuPids: CPU seconds this process and those pids used from the start of
    // the run phase (first publish or echo) to the end (drain included); -1 when not measured.
    double clientCpuSeconds = -1;
    double targetCpuSeconds = -1;
    qint64 cpuWindowMs = 0;

    LatencyHistogram latency;
    QList<ClientRow> clients; // with LoadConfig::reportClients

    static QString phaseName(Phase phase);
    QJsonObject toJson() const;
};
