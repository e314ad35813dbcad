#include "usageloader.h"

#include <QFileInfo>

#include "core/threadhandoff.h"
#include "ledger/ledgerstore.h"

namespace {
// Orders for TSan what comes back from the loader's thread (the report built there); what goes
// there is ordered by ObjectThread::post (see threadhandoff.h).
threadhandoff::Token UsageHandOff;
} // namespace

const UsageReport &UsageData::report(UsageReport::Grouping grouping) const
{
    switch (grouping) {
    case UsageReport::Grouping::Route:
        break;
    case UsageReport::Grouping::Transport:
        return byTransport;
    case UsageReport::Grouping::Day:
        return byDay;
    }
    return byRoute;
}

UsageLoader::UsageLoader(QObject *parent) : QObject(parent)
{
    m_worker.start(new QObject, QStringLiteral("holdfast-usage-view"));
}

UsageLoader::~UsageLoader()
{
    // A running report finishes first; what it posts back is dropped with this object.
    for (const auto &cancelled : std::as_const(m_cancelled))
        *cancelled = true;
    m_worker.finish();
}

int UsageLoader::load(const QString &ledgerPath, const QString &month, qint64 nowMs, Done done,
                      Progress progress)
{
    const int request = ++m_lastRequest;
    const auto cancelled = std::make_shared<std::atomic<bool>>(false);
    m_cancelled.insert(request, cancelled);
    // The destructor waits for the thread, so the worker can always post to this object; what
    // it posts after that is dropped with it.
    UsageLoader *self = this;
    m_worker.post([=] {
        // Runs on the loader's thread; only queued calls go back.
        auto post = [&](std::function<void()> call) {
            threadhandoff::release(UsageHandOff);
            QMetaObject::invokeMethod(
                self,
                [call = std::move(call)] {
                    threadhandoff::acquire(UsageHandOff);
                    call();
                },
                Qt::QueuedConnection);
        };
        auto isCancelled = [&] { return bool(*cancelled); };
        UsageData data;
        data.month = month;
        data.nowMs = nowMs;
        LedgerStore store;
        if (isCancelled()) {
            // Not started: nothing to report.
        } else if (!QFileInfo::exists(ledgerPath)) {
            data.error = ledgerPath.isEmpty() ? tr("No usage ledger: the broker runs without one.")
                                              : tr("No usage ledger yet at %1.").arg(ledgerPath);
        } else if (!store.open(ledgerPath, LedgerStore::Mode::ReadOnly)) {
            data.error = store.errorString();
        } else {
            data.ok = true;
            int step = 0;
            for (auto [grouping, report] :
                 {std::pair(UsageReport::Grouping::Route, &data.byRoute),
                  std::pair(UsageReport::Grouping::Transport, &data.byTransport),
                  std::pair(UsageReport::Grouping::Day, &data.byDay)}) {
                if (isCancelled())
                    break;
                if (!report->build(store, month, grouping, nowMs)) {
                    data.ok = false;
                    data.error = report->errorString();
                    break;
                }
                ++step;
                if (progress)
                    post([progress, step] { progress(step, Steps); });
            }
            store.close();
        }
        // Posted even when cancelled, so the request is forgotten on the owner's thread.
        post([self, done, data, cancelled, request] {
            self->m_cancelled.remove(request);
            if (!*cancelled)
                done(data);
        });
    });
    return request;
}

void UsageLoader::cancel(int request)
{
    if (const auto cancelled = m_cancelled.value(request))
        *cancelled = true;
}
