#include "net/descriptorbudget.h"

#include <cerrno>
#include <cstring>

#include <sys/resource.h>

#include <QDir>

int DescriptorBudget::raiseOpenFileLimit(QString *error)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return 1024;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
        else
            *error = QString::fromLocal8Bit(std::strerror(errno));
    }
    // An unlimited or huge hard limit still ends at what an int counts.
    return limit.rlim_cur > rlim_t(0x7fffffff) ? 0x7fffffff : int(limit.rlim_cur);
}

int DescriptorBudget::openDescriptors()
{
    // Less "." and "..", and the descriptor of the listing itself.
    const QDir fds(QStringLiteral("/proc/self/fd"));
    return qMax(
        0, int(fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size()) - 1);
}

DescriptorBudget DescriptorBudget::plan(int limit, int inUse)
{
    DescriptorBudget budget;
    budget.limit = limit;
    budget.inUse = inUse;
    budget.reserve = qBound(ReserveMin, limit / 16, ReserveMax);
    budget.ceiling = limit - budget.reserve;
    budget.maxConnections = qMax(0, budget.ceiling - inUse);
    return budget;
}
