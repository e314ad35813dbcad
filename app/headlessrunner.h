#pragma once

#include <QObject>

#include "core/configuration.h"
#include "ledger/ledgerconfig.h"

class BrokerNode;

// Runs the broker and its ledger without a window until SIGINT/SIGTERM; the ledger writes what
// waits before the process exits. A second signal exits at once. SIGHUP reloads the TLS
// listener's certificate.
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)

public:
    explicit HeadlessRunner(QObject *parent = nullptr);
    void start(const Configuration &config, const LedgerConfig &ledger);

private:
    void onTermination(int signalNumber);

    BrokerNode *m_node = nullptr;
    bool m_terminating = false;
};
