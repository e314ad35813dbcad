#pragma once

#include <QString>

// How the ledger runs; passed by value to LedgerHost::start() and on to the writer's thread.
struct LedgerConfig
{
    QString path; // the SQLite file; its directory is created (0700) if missing
    // Writes are batched: pending records and the checkpoint of open connections go to disk in
    // one transaction at most this far apart.
    int flushIntervalMs = 1'000;
    // The byte and message counters of an open connection are rewritten at most this often (its
    // duration is checkpointed every flush, and its close writes the final figures): after a
    // crash an open connection's counters may lag by this much.
    int liveCountersIntervalMs = 30'000;
    // While the disk refuses writes, at most this many connection records wait in memory; the
    // closed records that find no room are counted as dropped.
    int maxPendingRecords = 100'000;
    // Records of connections that started before the current UTC month and this many full months
    // before it are pruned; their monthly totals are kept.
    int retentionMonths = 13;
    int pruneIntervalMs = 3'600'000;
};
