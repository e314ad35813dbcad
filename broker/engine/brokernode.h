#pragma once

#include <QObject>

#include "core/configuration.h"
#include "ledger/ledgerconfig.h"

class BrokerEndpoint;
class BrokerHost;
class LedgerHost;

// One broker with its usage ledger, without a window: what the console and the headless runner
// both run. The ledger is fed on the broker's own thread (never through the caller's) and runs
// for as long as the node: the broker may stop, start and restart under it. shutDown() stops the
// broker (clients get their 1001 and the grace period), lets the ledger write what waits after
// the broker's last snapshot, then says finished(). Lives in the caller's thread.
class BrokerNode final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerNode)

public:
    explicit BrokerNode(QObject *parent = nullptr);
    ~BrokerNode() override;

    // The broker as the console sees it: its events and its commands.
    BrokerEndpoint *endpoint() const;

    void startLedger(const LedgerConfig &config);
    void startBroker(const Configuration &config);
    // Asynchronous, like BrokerEndpoint::stopped(); the ledger keeps running.
    void stopBroker();
    bool isBrokerRunning() const;
    bool isLedgerRunning() const;
    // SIGHUP: the TLS listener re-reads its certificate and key.
    void reloadCertificates();
    void shutDown();
    // The ledger's current problem, empty while it writes fine.
    QString ledgerProblem() const;

Q_SIGNALS:
    void ledgerOpened(const QString &path, int recoveredRecords);
    void ledgerProblemChanged(const QString &message); // empty: writing again
    void finished();

private:
    void onBrokerStopped();

    BrokerHost *m_broker;
    LedgerHost *m_ledger;
    bool m_shuttingDown = false;
};
