#pragma once

#include <QString>

// How the process's file descriptors are shared out. Clients (and the origin connections made
// for them) get the low numbers; the top `reserve` are kept for what must keep working when
// clients have taken everything else: the publish API's connections, the ledger's SQLite files,
// the console. The kernel always hands out the lowest free number, so a descriptor at or above
// `ceiling` means every one below it is in use (Reactor::setDescriptorCeiling).
struct DescriptorBudget
{
    static constexpr int ReserveMin = 64;
    static constexpr int ReserveMax = 1024;
    // Of the reserve, what the process itself may need besides publish connections: the
    // ledger's database, journal and WAL, the console's files, name lookups.
    static constexpr int ProcessOverhead = 32;

    int limit = 0;          // RLIMIT_NOFILE's soft limit
    int inUse = 0;          // open when the plan was made
    int reserve = 0;        // the top descriptors kept back
    int ceiling = 0;        // limit - reserve
    int maxConnections = 0; // the most client connections that fit below the ceiling

    // Publish connections guaranteed even when clients hold every descriptor they may.
    int publishAllowance() const { return reserve - ProcessOverhead; }

    // Raises the soft limit to the hard one (as nginx's worker_rlimit_nofile or systemd's
    // LimitNOFILE would) and returns the soft limit then in force; *error says why raising failed.
    static int raiseOpenFileLimit(QString *error);
    // Descriptors the process has open now.
    static int openDescriptors();
    static DescriptorBudget plan(int limit, int inUse);
};
