#include "ledger/ledgerhost.h"

#include <QThread>

#include "ledger/ledgerwriter.h"

LedgerHost::LedgerHost(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<BrokerSnapshot>();
}

LedgerHost::~LedgerHost()
{
    if (!m_thread)
        return;
    // Last resort when the owner did not wait for stopped(): write what waits, then end.
    QMetaObject::invokeMethod(m_writer, &LedgerWriter::finish, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void LedgerHost::start(const LedgerConfig &config)
{
    if (m_thread)
        return;
    m_stopping = false;
    m_problem.clear();
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("holdfast-ledger"));
    m_writer = new LedgerWriter(config);
    m_writer->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
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
    m_thread->start();
    QMetaObject::invokeMethod(m_writer, &LedgerWriter::start, Qt::QueuedConnection);
}

void LedgerHost::consume(const BrokerSnapshot &snapshot)
{
    if (!m_writer || m_stopping)
        return;
    LedgerWriter *writer = m_writer;
    QMetaObject::invokeMethod(
        writer,
        [writer, snapshot] {
            threadhandoff::acquire(SnapshotHandOff);
            writer->consume(snapshot);
        },
        Qt::QueuedConnection);
}

void LedgerHost::stop()
{
    if (!m_thread) {
        Q_EMIT stopped();
        return;
    }
    if (m_stopping)
        return;
    m_stopping = true;
    QMetaObject::invokeMethod(m_writer, &LedgerWriter::finish, Qt::QueuedConnection);
}

void LedgerHost::onWriterFinished()
{
    if (!m_stopping || !m_thread)
        return;
    QThread *thread = m_thread;
    m_thread = nullptr;
    m_writer = nullptr;
    thread->quit();
    thread->wait();
    delete thread;
    Q_EMIT stopped();
}
