#pragma once

#include <QCoreApplication>
#include <QStringList>

// `holdfast report --month YYYY-MM [--by route|transport|day] [--format csv|json] [-o FILE]
// [--ledger FILE]`: reads the ledger read-only, without a window and without a broker.
class ReportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ReportCommand)

public:
    // arguments start with "report". Returns the exit code: 0, 1 (ledger unreadable, output
    // unwritable) or 2 (bad arguments). Needs a QCoreApplication (for the SQL plugin).
    static int run(const QStringList &arguments);
};
