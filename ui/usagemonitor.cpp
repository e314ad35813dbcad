#include "usagemonitor.h"

#include <QDateTime>
#include <QFileInfo>
#include <QThread>
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
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

void UsageMonitor::start(const QString &ledgerPath, int intervalMs)
{
    m_path = ledgerPath;
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName(QStringLiteral("holdfast-usage"));
        m_reader = new QObject;
        m_reader->moveToThread(m_thread);
        connect(m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
        connect(this, &UsageMonitor::query, m_reader, [this](const QString &path) {
            // Runs on the reader's thread; only signals go back.
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
        });
        connect(this, &UsageMonitor::usage, this, [this] { m_busy = false; });
        connect(this, &UsageMonitor::unavailable, this, [this] { m_busy = false; });
        m_thread->start();
    }
    m_timer->start(intervalMs);
    refreshNow();
}

void UsageMonitor::refreshNow()
{
    // One query at a time: a slow disk must not pile them up.
    if (m_busy || !m_thread)
        return;
    m_busy = true;
    Q_EMIT query(m_path);
}
