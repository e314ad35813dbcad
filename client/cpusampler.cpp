#include "cpusampler.h"

#include <sys/resource.h>
#include <unistd.h>

#include <QFile>

namespace {
double seconds(const timeval &t)
{
    return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}
} // namespace

double CpuSampler::processSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const qsizetype end = text.lastIndexOf(')');
    if (end < 0)
        return 0;
    const QList<QByteArray> fields = text.mid(end + 2).split(' ');
    // After the name: state(0) ppid(1) ... utime(11) stime(12), in clock ticks.
    if (fields.size() < 13)
        return 0;
    static const double ticks = double(sysconf(_SC_CLK_TCK));
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / ticks;
}

CpuSampler::Sample CpuSampler::sample() const
{
    Sample result;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0)
        result.selfSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    for (qint64 pid : m_pids)
        result.othersSeconds += processSeconds(pid);
    return result;
}
