#include "usagemonitor.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTimer>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"

UsageMonitor::UsageMonitor(QObject *parent) : QObject(parent)
{
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &UsageMonitor::refreshNow);
}

UsageMonitor::~UsageMonitor()
{
    // A query in flight finishes first; what it emits is dropped with this object.
    m_reader.finish();
}

void UsageMonitor::start(const QString &ledgerPath, int intervalMs)
{
    m_path = ledgerPath;
    if (!m_reader.isRunning()) {
        connect(this, &UsageMonitor::usage, this, [this] { m_busy = false; });
        connect(this, &UsageMonitor::unavailable, this, [this] { m_busy = false; });
        m_reader.start(new QObject, QStringLiteral("holdfast-usage"));
    }
    m_timer->start(intervalMs);
    refreshNow();
}

void UsageMonitor::refreshNow()
{
    // One query at a time: a slow disk must not pile them up.
    if (m_busy || !m_reader.isRunning())
        return;
    m_busy = true;
    m_reader.post([this, path = m_path] { query(path); });
}

void UsageMonitor::query(const QString &path)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString month = UsageMath::monthOf(now);
    if (!QFileInfo::exists(path)) {
        Q_EMIT unavailable(tr("no ledger yet"));
        return;
    }
    LedgerStore store;
    if (!store.open(path, LedgerStore::Mode::ReadOnly)) {
        Q_EMIT unavailable(store.errorString());
        return;
    }
    const MonthUsage result = store.monthUsage(month, now);
    store.close();
    Q_EMIT usage(month, result.minutes, result.connections);
}
