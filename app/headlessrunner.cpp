#include "app/headlessrunner.h"

#include <csignal>

#include <QCoreApplication>

#include "app/signalwatcher.h"
#include "core/brokerhost.h"

HeadlessRunner::HeadlessRunner(QObject *parent) : QObject(parent)
{
    auto watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
    m_host = new BrokerHost(this);
    connect(m_host, &BrokerHost::startFailed, this, [](const QString &error) {
        qCritical("holdfast: %s", qPrintable(error));
        QCoreApplication::exit(1);
    });
    connect(m_host, &BrokerHost::stopped, this, [] { QCoreApplication::exit(0); });
}

void HeadlessRunner::start(const Configuration &config)
{
    if (config.routes.isEmpty())
        qWarning(
            "holdfast: no routes configured; every request is answered 404 (use --routes FILE)");
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
