#pragma once

#include <QString>

struct ConnectionInfo;

// One connection as the ledger stores it. Times are UTC milliseconds since the epoch.
struct LedgerRecord
{
    qint64 session = 0; // the broker run that saw the connection; its ids restart each run
    quint64 connectionId = 0;
    QString transport; // ConnectionInfo::transportName(): "http", "ws-passthrough", ...
    QString route;
    QString origin;
    QString clientAddress;
    QString userAgent;
    QString path;
    qint64 startedMs = 0;
    qint64 endedMs = -1;     // -1 while the connection is open
    qint64 checkpointMs = 0; // last time a writer confirmed the connection open
    qint64 bytesFromClient = 0;
    qint64 bytesToClient = 0;
    qint64 messagesFromClient = 0;
    qint64 messagesToClient = 0;
    int closeCode = 0;
    QString closeReason;

    bool isOpen() const { return endedMs < 0; }
    static LedgerRecord fromConnection(const ConnectionInfo &info, bool closed);
};
