// Fills a ledger with 100,000 connection records of one month, then times the month report in
// each grouping and the metrics figure. Not a test: run it by hand (docs/benchmarks.md).
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"
#include "ledger/usagereport.h"

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int count = argc > 1 ? QByteArray(argv[1]).toInt() : 100'000;
    QTemporaryDir dir;
    LedgerStore store;
    if (!store.open(dir.filePath(QStringLiteral("ledger.sqlite")))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    qint64 begin = 0;
    qint64 end = 0;
    UsageMath::monthRange(QStringLiteral("2026-11"), &begin, &end);
    const qint64 session = store.beginSession(begin);
    const char *transports[] = {"http", "ws-passthrough", "http-stream", "sse", "long-poll"};
    QList<LedgerRecord> batch;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        LedgerRecord r;
        r.connectionId = quint64(i + 1);
        r.transport = QString::fromLatin1(transports[i % 5]);
        r.route = QStringLiteral("route-%1").arg(i % 50);
        r.clientAddress = QStringLiteral("10.0.%1.%2:4000").arg(i / 256 % 256).arg(i % 256);
        r.path = QStringLiteral("/stream/%1").arg(i % 1000);
        r.startedMs = begin + qint64(i) * ((end - begin - 3'600'000) / count);
        r.endedMs = i % 100 == 0 ? -1 : r.startedMs + (i * 7919) % 3'600'000;
        r.bytesFromClient = i % 4096;
        r.bytesToClient = (i * 31) % 65536;
        r.messagesFromClient = i % 17;
        r.messagesToClient = i % 101;
        batch.append(r);
        if (batch.size() == 10'000) {
            store.write(batch, session, end);
            batch.clear();
        }
    }
    store.write(batch, session, end);
    std::printf("filled %d records in %lld ms\n", count, timer.elapsed());

    for (auto grouping : {UsageReport::Grouping::Route, UsageReport::Grouping::Transport,
                          UsageReport::Grouping::Day}) {
        timer.restart();
        UsageReport report;
        report.build(store, QStringLiteral("2026-11"), grouping, end);
        const QByteArray json = report.toJson();
        const QByteArray csv = report.toCsv();
        std::printf("report --by %-9s %3lld ms (%lld rows, %lld minutes, %lld B json)\n",
                    qPrintable(UsageReport::groupingName(grouping)), timer.elapsed(),
                    qint64(report.rows().size()), report.total().minutes, qint64(json.size()));
        Q_UNUSED(csv);
    }
    timer.restart();
    const MonthUsage usage = store.monthUsage(QStringLiteral("2026-11"), end);
    std::printf("monthUsage           %3lld ms (%lld minutes, %lld open)\n", timer.elapsed(),
                usage.minutes, usage.openConnections);
    return 0;
}
