#include "app/headlessrunner.h"

#include <csignal>

#include <QCoreApplication>

#include "app/signalwatcher.h"
#include "core/brokerhost.h"
#include "ledger/ledgerhost.h"

HeadlessRunner::HeadlessRunner(QObject *parent) : QObject(parent)
{
    auto watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
    m_host = new BrokerHost(this);
    connect(watcher, &SignalWatcher::reloadRequested, this, [this] {
        qInfo("holdfast: SIGHUP received, reloading the TLS certificate");
        m_host->reloadCertificates();
    });
    m_ledger = new LedgerHost(this);
    // Queued on to the ledger's thread: the broker's I/O thread never waits on the disk.
    connect(m_host, &BrokerHost::snapshotReady, m_ledger, &LedgerHost::consume);
    connect(m_host, &BrokerHost::startFailed, this, [](const QString &error) {
        qCritical("holdfast: %s", qPrintable(error));
        QCoreApplication::exit(1);
    });
    // The broker's last snapshot reaches the ledger before its stop request does.
    connect(m_host, &BrokerHost::stopped, m_ledger, &LedgerHost::stop);
    connect(m_ledger, &LedgerHost::stopped, this, [] { QCoreApplication::exit(0); });
}

void HeadlessRunner::start(const Configuration &config, const LedgerConfig &ledger)
{
    m_ledger->start(ledger);
    if (config.routesFile.isEmpty())
        qWarning("holdfast: no routes file; the built-in test backend serves /test/stream, "
                 "/test/sse and /test/long-poll (use --routes FILE for your own)");
    else if (config.routes.isEmpty())
        qWarning("holdfast: the routes file has no routes; every request is answered 404");
    m_host->start(config);
}

void HeadlessRunner::onTermination(int signalNumber)
{
    if (m_terminating) {
        qWarning("holdfast: second signal, exiting without waiting");
        std::_Exit(1);
    }
    m_terminating = true;
    qInfo("holdfast: %s received, closing connections",
          signalNumber == SIGINT ? "SIGINT" : "SIGTERM");
    m_host->stop();
}
