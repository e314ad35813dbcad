#include "engine/brokernode.h"

#include "engine/brokerhost.h"
#include "ledger/ledgerhost.h"

BrokerNode::BrokerNode(QObject *parent)
    : QObject(parent), m_broker(new BrokerHost(this)), m_ledger(new LedgerHost(this))
{
    LedgerHost *ledger = m_ledger;
    // On the broker's thread: the ledger's thread gets every snapshot without the caller's
    // thread in between. The broker's last snapshot is queued to the ledger before its stopped()
    // reaches this thread, so a shutdown's ledger stop comes after it.
    m_broker->setSnapshotSink(
        [ledger](const BrokerSnapshot &snapshot) { ledger->consume(snapshot); });
    connect(m_broker, &BrokerHost::stopped, this, &BrokerNode::onBrokerStopped);
    connect(m_ledger, &LedgerHost::opened, this, &BrokerNode::ledgerOpened);
    connect(m_ledger, &LedgerHost::problem, this, &BrokerNode::ledgerProblemChanged);
    connect(m_ledger, &LedgerHost::recovered, this,
            [this] { Q_EMIT ledgerProblemChanged(QString()); });
    connect(m_ledger, &LedgerHost::stopped, this, [this] {
        if (m_shuttingDown)
            Q_EMIT finished();
    });
}

BrokerNode::~BrokerNode()
{
    // The broker's thread goes first: it is the one that feeds the ledger.
    delete m_broker;
    delete m_ledger;
}

BrokerEndpoint *BrokerNode::endpoint() const
{
    return m_broker;
}

void BrokerNode::startLedger(const LedgerConfig &config)
{
    // The ledger starts before a broker that feeds it, never under a running one.
    Q_ASSERT(!m_broker->isRunning());
    m_ledger->start(config);
}

void BrokerNode::startBroker(const Configuration &config)
{
    if (m_shuttingDown)
        return;
    m_broker->start(config);
}

void BrokerNode::stopBroker()
{
    m_broker->stop();
}

bool BrokerNode::isBrokerRunning() const
{
    return m_broker->isRunning();
}

bool BrokerNode::isLedgerRunning() const
{
    return m_ledger->isRunning();
}

void BrokerNode::reloadCertificates()
{
    m_broker->reloadCertificates();
}

QString BrokerNode::ledgerProblem() const
{
    return m_ledger->problemText();
}

void BrokerNode::shutDown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_broker->isRunning())
        m_broker->stop(); // the ledger follows in onBrokerStopped()
    else
        m_ledger->stop();
}

void BrokerNode::onBrokerStopped()
{
    if (m_shuttingDown)
        m_ledger->stop();
}
