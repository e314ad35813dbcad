#include "mainwindow.h"

#include <QCloseEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTime>
#include <QVBoxLayout>

#include "core/brokerhost.h"
#include "ledger/ledgerhost.h"

namespace {
constexpr int LogLinesMax = 5000;
}

MainWindow::MainWindow(const Configuration &config, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Holdfast"));
    resize(900, 560);
    auto central = new QWidget(this);
    auto layout = new QVBoxLayout(central);
    m_listening = new QLabel(tr("Starting the broker…"), central);
    m_listening->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_listening);
    m_ledgerWarning = new QLabel(central);
    m_ledgerWarning->setObjectName(QStringLiteral("ledgerWarning"));
    m_ledgerWarning->setWordWrap(true);
    m_ledgerWarning->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                                  "padding: 4px; }"));
    m_ledgerWarning->hide();
    layout->addWidget(m_ledgerWarning);
    m_log = new QPlainTextEdit(central);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(LogLinesMax);
    m_log->setPlaceholderText(tr("Connection events appear here."));
    layout->addWidget(m_log);
    setCentralWidget(central);
    m_live = new QLabel(statusBar());
    statusBar()->addPermanentWidget(m_live);

    m_host = new BrokerHost(this);
    connect(m_host, &BrokerHost::started, this, [this](const QString &address, quint16 port) {
        m_address = QStringLiteral("%1:%2").arg(address).arg(port);
        m_listening->setText(tr("Broker listening on %1").arg(m_address));
        updateStatus();
    });
    connect(m_host, &BrokerHost::startFailed, this, [this](const QString &error) {
        m_listening->setText(tr("The broker could not start: %1").arg(error));
        appendLog(error);
    });
    connect(m_host, &BrokerHost::snapshotReady, this, &MainWindow::applySnapshot);
    connect(m_host, &BrokerHost::routesRejected, this, [this](const QStringList &errors) {
        for (const QString &error : errors)
            appendLog(error);
    });
    connect(m_host, &BrokerHost::stopped, this, [this] {
        if (m_closeRequested)
            close();
    });
    m_ledger = new LedgerHost(this);
    connect(m_host, &BrokerHost::snapshotReady, m_ledger, &LedgerHost::consume);
    connect(m_ledger, &LedgerHost::problem, this, [this](const QString &message) {
        m_ledgerWarning->setText(tr("Usage ledger: %1").arg(message));
        m_ledgerWarning->show();
        appendLog(message);
    });
    connect(m_ledger, &LedgerHost::recovered, this, [this] {
        m_ledgerWarning->hide();
        appendLog(tr("The usage ledger is writing again."));
    });
    connect(m_ledger, &LedgerHost::stopped, this, [this] {
        if (m_closeRequested)
            close();
    });
    if (config.routesFile.isEmpty())
        appendLog(tr("No routes file: the built-in test backend serves /test/stream, /test/sse "
                     "and /test/long-poll. Start with --routes FILE for your own routes."));
    m_host->start(config);
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::startLedger(const LedgerConfig &config)
{
    m_ledger->start(config);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_host->isRunning()) {
        // The broker's last snapshot is with the ledger; let it write before the window goes.
        if (m_ledger->isRunning()) {
            m_closeRequested = true;
            m_ledger->stop();
            event->ignore();
            return;
        }
        event->accept();
        return;
    }
    // Let WebSocket clients get their 1001 before the window goes.
    m_closeRequested = true;
    m_listening->setText(tr("Stopping the broker…"));
    m_host->stop();
    event->ignore();
}

void MainWindow::applySnapshot(const BrokerSnapshot &snapshot)
{
    for (const ConnectionInfo &info : snapshot.opened)
        appendLog(tr("#%1 opened from %2").arg(info.id).arg(info.clientAddress));
    for (const ConnectionInfo &info : snapshot.closed) {
        appendLog(tr("#%1 %2 closed: %3 (in %4 B, out %5 B)")
                      .arg(info.id)
                      .arg(QString::fromLatin1(ConnectionInfo::transportName(info.transport)),
                           QString::fromUtf8(info.closeReason))
                      .arg(info.bytesFromClient)
                      .arg(info.bytesToClient));
    }
    m_liveConnections = snapshot.liveConnections;
    m_acceptedTotal = snapshot.acceptedTotal;
    updateStatus();
}

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss ")) + line);
}

void MainWindow::updateStatus()
{
    m_live->setText(
        tr("%1 live connection(s), %2 accepted").arg(m_liveConnections).arg(m_acceptedTotal));
}
