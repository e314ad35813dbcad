#include "ledger/ledgerhost.h"

#include "ledger/ledgerwriter.h"

LedgerHost::LedgerHost(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<BrokerSnapshot>();
}

LedgerHost::~LedgerHost()
{
    if (!m_thread.isRunning())
        return;
    // Last resort when the owner did not wait for stopped(): write what waits, then end.
    QMetaObject::invokeMethod(m_writer, &LedgerWriter::finish, Qt::BlockingQueuedConnection);
    m_thread.finish();
}

void LedgerHost::start(const LedgerConfig &config)
{
    if (m_thread.isRunning())
        return;
    m_stopping = false;
    m_problem.clear();
    m_writer = new LedgerWriter(config);
    connect(m_writer, &LedgerWriter::opened, this, &LedgerHost::opened);
    connect(m_writer, &LedgerWriter::problem, this, [this](const QString &message) {
        m_problem = message;
        Q_EMIT problem(message);
    });
    connect(m_writer, &LedgerWriter::recovered, this, [this] {
        m_problem.clear();
        Q_EMIT recovered();
    });
    connect(m_writer, &LedgerWriter::finished, this, &LedgerHost::onWriterFinished);
    m_thread.start(m_writer, QStringLiteral("holdfast-ledger"));
    LedgerWriter *writer = m_writer;
    m_thread.post([writer] { writer->start(); });
}

void LedgerHost::consume(const BrokerSnapshot &snapshot)
{
    if (!m_writer || m_stopping)
        return;
    LedgerWriter *writer = m_writer;
    m_thread.post([writer, snapshot] {
        threadhandoff::acquire(SnapshotHandOff);
        writer->consume(snapshot);
    });
}

void LedgerHost::stop()
{
    if (!m_thread.isRunning()) {
        Q_EMIT stopped();
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    LedgerWriter *writer = m_writer;
    m_thread.post([writer] { writer->finish(); });
}

void LedgerHost::onWriterFinished()
{
    if (!m_stopping || !m_thread.isRunning())
        return;
    m_writer = nullptr;
    m_thread.finish();
    Q_EMIT stopped();
}
