#pragma once

#include <QObject>
#include <QString>

#include "core/objectthread.h"

class QTimer;

// Month-to-date usage minutes for the status bar. The ledger file is read on a thread of its own
// (a read-only LedgerStore opened per query) every few seconds, so the GUI never waits on SQLite.
class UsageMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageMonitor)

public:
    explicit UsageMonitor(QObject *parent = nullptr);
    ~UsageMonitor() override;

    void start(const QString &ledgerPath, int intervalMs = 5'000);
    void refreshNow();

Q_SIGNALS:
    void usage(const QString &month, qint64 minutes, qint64 connections);
    void unavailable(const QString &reason);

private:
    // Runs on the reader's thread; only signals go back.
    void query(const QString &path);

    ObjectThread m_reader;
    QTimer *m_timer = nullptr;
    QString m_path;
    bool m_busy = false;
};
