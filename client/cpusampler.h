#pragma once

#include <QList>
#include <QtGlobal>

// CPU time (user + system) of this process and of other processes by pid, read from /proc and
// getrusage: a benchmark divides what both sides spent in the run window by what was delivered,
// so a reader can see whether the broker or the client was the limit.
class CpuSampler final
{
public:
    struct Sample
    {
        double selfSeconds = 0;
        double othersSeconds = 0;
    };

    explicit CpuSampler(QList<qint64> pids) : m_pids(std::move(pids)) {}

    Sample sample() const;
    // A pid that does not exist (or is gone) counts as 0.
    static double processSeconds(qint64 pid);

private:
    QList<qint64> m_pids;
};
