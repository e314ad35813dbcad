#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include <QHash>
#include <QObject>
#include <QString>

#include "core/objectthread.h"
#include "ledger/usagereport.h"

// One month of the ledger as the Usage tab shows it: the same reports `holdfast report` writes,
// by route, by transport and by day, all taken at the same moment.
struct UsageData
{
    QString month;
    qint64 nowMs = 0;
    bool ok = false;
    QString error;
    UsageReport byRoute;
    UsageReport byTransport;
    UsageReport byDay;

    const UsageReport &report(UsageReport::Grouping grouping) const;
};

// Builds UsageData on a thread of its own, with a read-only LedgerStore opened per request (as
// UsageMonitor does for the status bar), so the GUI never waits on SQLite. Results and progress
// come back on the owner's thread through the callbacks given to load().
class UsageLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageLoader)

public:
    using Progress = std::function<void(int done, int total)>;
    using Done = std::function<void(const UsageData &data)>;
    static constexpr int Steps = 3; // one report per grouping

    explicit UsageLoader(QObject *parent = nullptr);
    ~UsageLoader() override;

    // Returns the request's id. Requests run one after another; a cancelled one stops between
    // reports and never calls done.
    int load(const QString &ledgerPath, const QString &month, qint64 nowMs, Done done,
             Progress progress = {});
    void cancel(int request);

private:
    ObjectThread m_worker;
    int m_lastRequest = 0;
    // A flag per request still running; the worker only reads it.
    QHash<int, std::shared_ptr<std::atomic<bool>>> m_cancelled;
};
