#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

enum class ClientTransport : quint8
{
    WebSocket,
    Sse,
    Stream, // HTTP streaming: a chunked or raw body, one message per line
    Poll    // long-poll: one message per response, then the request again
};

enum class ClientState : quint8
{
    Waiting,    // not opened yet (ramp), or waiting to reconnect
    Connecting, // TCP and TLS
    Handshake,  // request sent, no answer yet
    Open,       // subscribed: 101, response head, or a long-poll request outstanding
    Closed,     // ended without an error: by the server, by stop(), by closeClient()
    Failed      // ended with an error; the client's reason says which
};

// What ClientEngine::start() runs. Durations in milliseconds; 0 means "none" where noted.
struct LoadConfig
{
    QString url;
    ClientTransport transport = ClientTransport::Sse;
    int clients = 1;
    double rampRate = 0; // clients opened per second; 0 opens them as fast as the loop allows
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray subprotocol; // WebSocket only; comma-separated to offer several
    bool verifyTls = true;
    QString caFile;                // extra trusted CAs (PEM) besides the system store
    int connectTimeoutMs = 10'000; // TCP, TLS and the answer's head together
    qint64 durationMs = 0;         // publishing (or holding) phase; 0 runs until stop()
    // Processes whose CPU time is read at the start and end of the run window, as the client's
    // own (LoadStats::cpu*): a benchmark's broker.
    QList<qint64> cpuPids;
    qint64 settleMs = 500;        // after the ramp, before publishing: subscriptions settle
    qint64 drainMs = 2000;        // after the last publish: late deliveries still count
    qint64 reconnectDelayMs = -1; // SSE uses the server's retry (default 3 s) when -1

    QString publishUrl;    // empty: no publisher, clients only
    QByteArray publishKey; // sent as Authorization: Bearer
    QByteArray channel = "test";
    double publishRate = 10; // publishes per second; 0 is as fast as the endpoint answers
    // The run publishes exactly this many, then drains (durationMs still bounds it); 0: no limit.
    quint64 publishCount = 0;
    // Keep-alive connections to the publish endpoint, each with one request in flight: at
    // publishRate 0 that many requests are outstanding at once.
    int publishConnections = 1;
    // Items per request. 0 keeps the default: paced publishes that fall due together are merged
    // (up to Publisher::MaxItemsPerRequest), unpaced requests carry one. With N > 0 paced requests
    // carry at most N and unpaced ones N each; 1 makes one publish one request, whatever the rate.
    int itemsPerRequest = 0;

    // WebSocket echo (the passthrough benchmark): once the run starts, every open client sends a
    // text message of echoSize bytes stamped "hfl:<n>:<µs>" and sends the next as soon as the
    // server echoed one, keeping echoInflight outstanding. Round trips go into the latency
    // histogram; an echo that differs from what was sent counts as an error.
    bool echo = false;
    int echoSize = 64;
    int echoInflight = 1;

    int statsIntervalMs = 200;
    bool reportClients = false; // per-client rows in each LoadStats, for a GUI
    int recentMessages = 0;     // messages per client per row, newest last; 0 keeps none
    // A GUI's clients stay listed until stop(), so one that closed or failed can be reconnected;
    // without it a run ends as soon as every client has ended.
    bool keepWhenEnded = false;

    // The smallest echoSize: the stamp of any echo fits ("hfl:" + 10 digits + ':' + 16 digits).
    static constexpr int MinEchoSize = 32;
    static constexpr int MaxEchoSize = 16 << 20;
    static constexpr int MaxEchoInflight = 1024;

    static bool parseTransport(const QString &text, ClientTransport *transport);
    static QString transportName(ClientTransport transport);
    static QString stateName(ClientState state);
};
