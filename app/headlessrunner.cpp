#include "app/headlessrunner.h"

#include <csignal>

#include <QCoreApplication>

#include "app/signalwatcher.h"
#include "engine/brokerendpoint.h"
#include "engine/brokernode.h"

HeadlessRunner::HeadlessRunner(QObject *parent) : QObject(parent)
{
    auto watcher = new SignalWatcher(this);
    connect(watcher, &SignalWatcher::terminationRequested, this, &HeadlessRunner::onTermination);
    m_node = new BrokerNode(this);
    connect(watcher, &SignalWatcher::reloadRequested, this, [this] {
        qInfo("holdfast: SIGHUP received, reloading the TLS certificate");
        m_node->reloadCertificates();
    });
    connect(m_node->endpoint(), &BrokerEndpoint::startFailed, this, [](const QString &error) {
        qCritical("holdfast: %s", qPrintable(error));
        QCoreApplication::exit(1);
    });
    connect(m_node, &BrokerNode::finished, this, [] { QCoreApplication::exit(0); });
}

void HeadlessRunner::start(const Configuration &config, const LedgerConfig &ledger)
{
    m_node->startLedger(ledger);
    if (config.routesFile.isEmpty())
        qWarning("holdfast: no routes file; the built-in test backend serves /test/stream, "
                 "/test/sse and /test/long-poll (use --routes FILE for your own)");
    else if (config.routes.isEmpty())
        qWarning("holdfast: the routes file has no routes; every request is answered 404");
    m_node->startBroker(config);
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
    m_node->shutDown();
}
