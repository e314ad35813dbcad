#include "mainwindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "channelsmodel.h"
#include "channelspage.h"
#include "connectionsmodel.h"
#include "connectionspage.h"
#include "connectiontraceview.h"
#include "engine/brokerendpoint.h"
#include "engine/brokernode.h"
#include "localeformat.h"
#include "logpage.h"
#include "publishcomposer.h"
#include "routes/routesfile.h"
#include "routespage.h"
#include "settingsdialog.h"
#include "testclientspage.h"
#include "usagemonitor.h"
#include "usagepage.h"
#include "routesmodel.h"

MainWindow::MainWindow(const Configuration &config, const QStringList &givenOptions,
                       QWidget *parent)
    : QMainWindow(parent), m_config(config), m_givenOptions(givenOptions)
{
    setWindowTitle(tr("Holdfast"));
    resize(1100, 680);

    m_connections = new ConnectionsModel(this);
    m_channels = new ChannelsModel(this);

    auto central = new QWidget(this);
    auto layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    m_ledgerWarning = new QLabel(central);
    m_ledgerWarning->setObjectName(QStringLiteral("ledgerWarning"));
    m_ledgerWarning->setWordWrap(true);
    m_ledgerWarning->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                                  "padding: 4px; }"));
    m_ledgerWarning->hide();
    layout->addWidget(m_ledgerWarning);
    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_connectionsPage = new ConnectionsPage(m_connections, m_tabs);
    m_channelsPage = new ChannelsPage(m_channels, m_connections, m_tabs);
    m_composer = new PublishComposer(m_tabs);
    m_log = new LogPage(m_tabs);
    m_usagePage = new UsagePage(m_tabs);
    m_routesPage = new RoutesPage(m_tabs);
    m_testClientsPage = new TestClientsPage(m_tabs);
    m_tabs->addTab(m_connectionsPage, tr("&Connections"));
    m_tabs->addTab(m_channelsPage, tr("C&hannels"));
    m_tabs->addTab(m_composer, tr("&Publish"));
    m_tabs->addTab(m_log, tr("&Log"));
    m_tabs->addTab(m_usagePage, tr("&Usage"));
    m_tabs->addTab(m_routesPage, tr("&Routes"));
    m_tabs->addTab(m_testClientsPage, tr("&Test clients"));
    layout->addWidget(m_tabs);
    setCentralWidget(central);
    for (int tab = ConnectionsTab; tab <= TestClientsTab; ++tab) {
        auto shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + tab)), this);
        connect(shortcut, &QShortcut::activated, this,
                [this, tab] { m_tabs->setCurrentIndex(tab); });
    }

    m_listening = new QLabel(tr("Starting the broker…"), statusBar());
    m_listening->setObjectName(QStringLiteral("listening"));
    m_listening->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_publishing = new QLabel(statusBar());
    m_publishing->setObjectName(QStringLiteral("publishing"));
    m_publishing->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_live = new QLabel(statusBar());
    m_live->setObjectName(QStringLiteral("live"));
    m_rate = new QLabel(statusBar());
    m_rate->setObjectName(QStringLiteral("rate"));
    m_minutes = new QLabel(tr("— min this month"), statusBar());
    m_minutes->setObjectName(QStringLiteral("minutes"));
    m_minutes->setToolTip(tr("Usage minutes of connections started this month (UTC), from the "
                             "ledger"));
    for (QLabel *label : {m_listening, m_publishing, m_live, m_rate, m_minutes})
        statusBar()->addPermanentWidget(label);

    m_node = new BrokerNode(this);
    BrokerEndpoint *broker = m_node->endpoint();
    connect(broker, &BrokerEndpoint::started, this, [this](const QString &address, quint16 port) {
        m_address = QStringLiteral("%1:%2").arg(address).arg(port);
        m_listening->setText(tr("Broker listening on %1").arg(m_address));
        m_connectionsPage->setListenAddress(m_address);
        m_testClientsPage->setEmbeddedBroker(address, port);
        appendLog(tr("Broker listening on %1").arg(m_address));
        updateActions();
        updateStatus();
    });
    connect(broker, &BrokerEndpoint::publishListening, this,
            [this](const QString &address, quint16 port) {
                m_publishing->setText(tr("Publish API on %1:%2").arg(address).arg(port));
                m_composer->setEmbeddedTarget(address, port, m_config.publishKey);
                m_testClientsPage->setEmbeddedPublish(address, port, m_config.publishKey);
            });
    connect(broker, &BrokerEndpoint::tlsListening, this,
            [this](const QString &address, quint16 port) {
                appendLog(tr("TLS listener (https://, wss://) on %1:%2").arg(address).arg(port));
            });
    connect(broker, &BrokerEndpoint::tlsReloaded, this,
            [this](const QString &subject, const QDateTime &notAfterUtc) {
                appendLog(tr("TLS certificate reloaded: %1, valid until %2")
                              .arg(subject, LocaleFormat::dateTime(notAfterUtc)));
            });
    connect(broker, &BrokerEndpoint::tlsReloadFailed, this, &MainWindow::appendError);
    connect(broker, &BrokerEndpoint::startFailed, this, [this](const QString &error) {
        m_listening->setText(tr("The broker could not start: %1").arg(error));
        appendError(error);
        updateActions();
    });
    connect(broker, &BrokerEndpoint::snapshotReady, this, &MainWindow::queueSnapshot);
    connect(broker, &BrokerEndpoint::routesRejected, this, [this](const QStringList &errors) {
        for (const QString &error : errors)
            appendError(error);
    });
    connect(broker, &BrokerEndpoint::routesApplied, this, [this](int count, const QString &source) {
        appendLog(tr("%n route(s) applied from %1", nullptr, count).arg(source));
        if (source == QLatin1String("console")) {
            // A restart keeps what the console put in force.
            m_config.routes = m_routesPage->model()->routes();
            m_routesPage->markApplied();
        } else if (!m_config.routesFile.isEmpty() && source == m_config.routesFile) {
            // The broker reloaded the watched file: show what it now has in force.
            const RoutesParseResult reloaded = RoutesFile::load(m_config.routesFile);
            if (reloaded.ok()) {
                m_config.routes = reloaded.routes;
                m_routesPage->setRoutesInForce(reloaded.routes);
            }
        }
    });
    connect(m_routesPage, &RoutesPage::applyRequested, broker, &BrokerEndpoint::setRoutes);
    connect(m_routesPage, &RoutesPage::message, this, &MainWindow::appendLog);
    m_routesPage->setRoutesInForce(m_config.routes);
    connect(broker, &BrokerEndpoint::commandFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 8000);
        appendError(message);
    });
    connect(broker, &BrokerEndpoint::stopped, this, [this] {
        flushSnapshots();
        m_listening->setText(tr("Broker stopped"));
        m_publishing->clear();
        m_composer->setEmbeddedTarget({}, 0, {});
        m_liveConnections = 0;
        appendLog(tr("Broker stopped"));
        updateActions();
        updateStatus();
        if (m_restartRequested) {
            m_restartRequested = false;
            startBroker();
        } else if (m_closeRequested) {
            close();
        }
    });
    connect(m_node, &BrokerNode::ledgerProblemChanged, this, [this](const QString &message) {
        if (message.isEmpty()) {
            m_ledgerWarning->hide();
            appendLog(tr("The usage ledger is writing again."));
            return;
        }
        m_ledgerWarning->setText(tr("Usage ledger: %1").arg(message));
        m_ledgerWarning->show();
        appendError(message);
    });
    connect(m_node, &BrokerNode::finished, this, [this] {
        if (m_closeRequested)
            close();
    });
    m_usage = new UsageMonitor(this);
    connect(m_usage, &UsageMonitor::usage, this,
            [this](const QString &month, qint64 minutes, qint64 connections) {
                m_minutes->setText(tr("%L1 min this month").arg(minutes));
                m_minutes->setToolTip(tr("%1: %L2 usage minutes over %Ln connection(s), from the "
                                         "ledger",
                                         nullptr, int(connections))
                                          .arg(month)
                                          .arg(minutes));
            });
    connect(m_usage, &UsageMonitor::unavailable, this, [this](const QString &reason) {
        m_minutes->setText(tr("— min this month"));
        m_minutes->setToolTip(tr("Usage minutes unavailable: %1").arg(reason));
    });

    connect(m_connectionsPage, &ConnectionsPage::closeRequested, broker,
            &BrokerEndpoint::closeConnection);
    connect(m_connectionsPage, &ConnectionsPage::sendRequested, broker,
            &BrokerEndpoint::sendToConnection);
    connect(m_connectionsPage, &ConnectionsPage::watchRequested, broker,
            &BrokerEndpoint::watchConnection);
    connect(m_connectionsPage, &ConnectionsPage::message, this, &MainWindow::appendLog);
    connect(m_channelsPage, &ChannelsPage::channelSelected, m_connectionsPage,
            &ConnectionsPage::setChannelFilter);
    connect(m_channelsPage, &ChannelsPage::publishRequested, this, [this](const QString &name) {
        m_composer->setChannel(name);
        m_tabs->setCurrentIndex(PublishTab);
    });
    connect(m_channelsPage, &ChannelsPage::connectionActivated, this, [this](quint64 id) {
        m_tabs->setCurrentIndex(ConnectionsTab);
        m_connectionsPage->selectConnection(id);
    });
    connect(m_composer, &PublishComposer::message, this, &MainWindow::appendLog);
    connect(m_usagePage, &UsagePage::message, this, &MainWindow::appendLog);

    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(ViewUpdateIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &MainWindow::flushSnapshots);
    m_rateTimer = new QTimer(this);
    m_rateTimer->setInterval(1000);
    connect(m_rateTimer, &QTimer::timeout, this, &MainWindow::sampleRate);
    m_rateTimer->start();
    m_sampleClock.start();

    createActions();
    if (config.routesFile.isEmpty())
        appendLog(tr("No routes file: the built-in test backend serves /test/stream, /test/sse "
                     "and /test/long-poll. Start with --routes FILE for your own routes."));
    startBroker();
    updateStatus();

    const QString screenshots = qEnvironmentVariable("HOLDFAST_SCREENSHOT_DIR");
    if (!screenshots.isEmpty()) {
        const int delayMs = qEnvironmentVariableIntValue("HOLDFAST_SCREENSHOT_DELAY_MS");
        QTimer::singleShot(delayMs > 0 ? delayMs : 6000, this, [this, screenshots] {
            if (!saveScreenshots(screenshots))
                appendError(tr("Could not save screenshots into %1").arg(screenshots));
            close();
        });
    }
}

bool MainWindow::saveScreenshots(const QString &directory)
{
    if (!QDir().mkpath(directory))
        return false;
    // Show a little of everything: a selected connection, a selected channel, a filled composer.
    if (m_connections->rowCount() > 0)
        m_connectionsPage->selectConnection(m_connections->connectionAt(0).id);
    const QStringList channels = m_channels->names();
    const QStringList names = {QStringLiteral("connections"), QStringLiteral("channels"),
                               QStringLiteral("publish"),     QStringLiteral("log"),
                               QStringLiteral("usage"),       QStringLiteral("routes"),
                               QStringLiteral("testclients")};
    bool ok = true;
    for (int tab = ConnectionsTab; tab <= TestClientsTab; ++tab) {
        if (tab == ChannelsTab && !channels.isEmpty()) {
            m_channelsPage->selectChannel(channels.first());
            m_composer->setChannel(channels.first());
        }
        if (tab == UsageTab) {
            // Showing the tab starts a read of the ledger on its thread; wait for it, briefly.
            QEventLoop loop;
            connect(m_usagePage, &UsagePage::refreshed, &loop, &QEventLoop::quit);
            QTimer::singleShot(3000, &loop, &QEventLoop::quit);
            m_tabs->setCurrentIndex(tab);
            loop.exec();
        }
        if (tab == TestClientsTab && !m_address.isEmpty()) {
            // A few live clients on the demo's channel, one selected, so the table and its
            // messages have something to show.
            m_testClientsPage->setTarget(ClientTransport::Stream,
                                         QStringLiteral("http://%1/test/stream").arg(m_address), 3);
            const int run = m_testClientsPage->openClients();
            QEventLoop loop;
            QTimer::singleShot(2500, &loop, &QEventLoop::quit);
            loop.exec();
            m_testClientsPage->selectClient(run, 0);
        }
        m_tabs->setCurrentIndex(tab);
        QCoreApplication::processEvents();
        const QString path = QDir(directory).filePath(names.at(tab) + QStringLiteral(".png"));
        ok = grab().save(path) && ok;
        if (tab == ConnectionsTab && m_connections->rowCount() > 0) {
            // The selected connection's traffic: watched since it was selected above, so give
            // the demo's publishes a moment to arrive.
            m_connectionsPage->showMessages(true);
            QEventLoop loop;
            QTimer::singleShot(2500, &loop, &QEventLoop::quit);
            loop.exec();
            QTableView *trace = m_connectionsPage->trace()->view();
            trace->selectRow(trace->model()->rowCount() - 1);
            ok = grab().save(QDir(directory).filePath(QStringLiteral("messages.png"))) && ok;
            m_connectionsPage->showMessages(false);
        }
    }
    // The dialog with the longest labels, where a translation is likeliest to be cut off.
    SettingsDialog settings(AppSettings::load(), m_givenOptions, this);
    settings.show();
    QCoreApplication::processEvents();
    ok = settings.grab().save(QDir(directory).filePath(QStringLiteral("settings.png"))) && ok;
    settings.close();
    m_testClientsPage->closeAll();
    m_tabs->setCurrentIndex(ConnectionsTab);
    // The filter a channel selection set would surprise the next user of the window.
    m_connectionsPage->setChannelFilter({});
    return ok;
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *broker = menuBar()->addMenu(tr("&Broker"));
    m_startAction = broker->addAction(tr("&Start"), this, &MainWindow::startBroker);
    m_startAction->setObjectName(QStringLiteral("startBroker"));
    m_startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_stopAction = broker->addAction(tr("S&top"), this, &MainWindow::stopBroker);
    m_stopAction->setObjectName(QStringLiteral("stopBroker"));
    m_stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_restartAction = broker->addAction(tr("&Restart"), this, &MainWindow::restartBroker);
    m_restartAction->setObjectName(QStringLiteral("restartBroker"));
    m_restartAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    broker->addSeparator();
    broker->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *settings = edit->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setObjectName(QStringLiteral("settings"));
    settings->setShortcut(QKeySequence::Preferences);
    settings->setMenuRole(QAction::PreferencesRole);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("Connections"), tr("Channels"), tr("Publish"),     tr("Log"),
                               tr("Usage"),       tr("Routes"),   tr("Test clients")};
    for (int tab = ConnectionsTab; tab <= TestClientsTab; ++tab) {
        QAction *action =
            view->addAction(names.at(tab), this, [this, tab] { m_tabs->setCurrentIndex(tab); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + tab)));
        action->setShortcutContext(Qt::WidgetShortcut); // the QShortcuts above do the work
    }
    QToolBar *toolbar = addToolBar(tr("Broker", "toolbar title"));
    toolbar->setObjectName(QStringLiteral("brokerToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->setMovable(false);
    toolbar->addActions({m_startAction, m_stopAction, m_restartAction});
    updateActions();
}

void MainWindow::startBroker()
{
    if (m_node->isBrokerRunning())
        return;
    m_pending.clear();
    m_connections->clear();
    m_channels->clear();
    m_messagesSent = m_sampledSent = 0;
    m_listening->setText(tr("Starting the broker…"));
    m_node->startBroker(m_config);
    updateActions();
}

void MainWindow::showSettings()
{
    auto dialog = new SettingsDialog(AppSettings::load(), m_givenOptions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        // The dialog saved them; the next start uses them, minus this run's command line.
        dialog->settings().applyTo(&m_config, nullptr, m_givenOptions);
        appendLog(tr("Settings saved; they apply the next time the broker starts."));
    });
    dialog->open();
}

void MainWindow::stopBroker()
{
    if (!m_node->isBrokerRunning())
        return;
    m_listening->setText(tr("Stopping the broker…"));
    m_node->stopBroker();
    updateActions();
}

void MainWindow::restartBroker()
{
    if (!m_node->isBrokerRunning()) {
        startBroker();
        return;
    }
    // The same Configuration again once the old broker has let its clients go.
    m_restartRequested = true;
    stopBroker();
}

void MainWindow::updateActions()
{
    if (!m_startAction)
        return;
    const bool running = m_node->isBrokerRunning();
    m_startAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_restartAction->setEnabled(running);
}

void MainWindow::startLedger(const LedgerConfig &config)
{
    m_node->startLedger(config);
    m_usage->start(config.path);
    m_usagePage->setLedgerPath(config.path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_node->isBrokerRunning() && !m_node->isLedgerRunning()) {
        event->accept();
        return;
    }
    // WebSocket clients get their 1001, then the ledger writes the broker's last snapshot;
    // BrokerNode::finished() closes the window again.
    event->ignore();
    if (m_closeRequested)
        return;
    m_closeRequested = true;
    m_restartRequested = false;
    if (m_node->isBrokerRunning())
        m_listening->setText(tr("Stopping the broker…"));
    m_node->shutDown();
}

void MainWindow::queueSnapshot(const BrokerSnapshot &snapshot)
{
    // However often the broker ticks, the tables change at most every ViewUpdateIntervalMs.
    m_pending.append(snapshot);
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void MainWindow::flushSnapshots()
{
    m_flushTimer->stop();
    if (m_pending.isEmpty())
        return;
    const QList<BrokerSnapshot> pending = std::exchange(m_pending, {});
    m_connections->setNow(QDateTime::currentDateTimeUtc());
    bool channelsChanged = false;
    for (const BrokerSnapshot &snapshot : pending) {
        m_connections->applySnapshot(snapshot);
        m_channels->applySnapshot(snapshot);
        m_connectionsPage->applyTrace(snapshot.trace);
        channelsChanged = channelsChanged || snapshot.channelsChanged;
        logSnapshot(snapshot);
    }
    const BrokerSnapshot &last = pending.last();
    m_liveConnections = last.liveConnections;
    m_acceptedTotal = last.acceptedTotal;
    m_messagesSent = last.messagesSent;
    if (channelsChanged)
        m_composer->setChannels(m_channels->names());
    updateStatus();
}

void MainWindow::logSnapshot(const BrokerSnapshot &snapshot)
{
    for (const ConnectionInfo &info : snapshot.opened) {
        appendLog(tr("#%1 %2 opened from %3 %4")
                      .arg(info.id)
                      .arg(QString::fromLatin1(ConnectionInfo::transportName(info.transport)),
                           info.clientAddress, QString::fromUtf8(info.path)));
    }
    for (const ConnectionInfo &info : snapshot.closed) {
        appendLog(tr("#%1 %2 closed: %3 (in %L4 B, out %L5 B)")
                      .arg(info.id)
                      .arg(QString::fromLatin1(ConnectionInfo::transportName(info.transport)),
                           QString::fromUtf8(info.closeReason))
                      .arg(info.bytesFromClient)
                      .arg(info.bytesToClient));
    }
}

void MainWindow::appendLog(const QString &line)
{
    m_log->append(LogPage::Level::Info, line);
}

void MainWindow::appendError(const QString &line)
{
    m_log->append(LogPage::Level::Error, line);
}

void MainWindow::sampleRate()
{
    const qint64 elapsed = m_sampleClock.restart();
    // A restarted broker counts from zero again.
    const quint64 delta = m_messagesSent >= m_sampledSent ? m_messagesSent - m_sampledSent : 0;
    m_sampledSent = m_messagesSent;
    m_deliveriesPerSecond = elapsed > 0 ? double(delta) * 1000.0 / double(elapsed) : 0;
    updateStatus();
}

void MainWindow::updateStatus()
{
    m_live->setText(tr("%Ln live connection(s), %L1 accepted", nullptr, int(m_liveConnections))
                        .arg(m_acceptedTotal));
    m_rate->setText(tr("%1 deliveries/s").arg(QLocale().toString(m_deliveriesPerSecond, 'f', 0)));
}
