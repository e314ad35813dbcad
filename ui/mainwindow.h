#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QMainWindow>
#include <QStringList>

#include "core/brokersnapshot.h"
#include "core/configuration.h"
#include "ledger/ledgerconfig.h"

class BrokerNode;
class ChannelsModel;
class ChannelsPage;
class ConnectionsModel;
class ConnectionsPage;
class LogPage;
class PublishComposer;
class QAction;
class QLabel;
class QTabWidget;
class QTimer;
class RoutesPage;
class TestClientsPage;
class UsageMonitor;
class UsagePage;

// The console: Connections, Channels, Publish, Log, Usage, Routes and Test clients tabs over the
// embedded broker, with the broker's addresses, live connections, deliveries/s and month-to-date
// minutes in the status bar. It owns the broker and the ledger; the pages only ask through signals.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum Tab
    {
        ConnectionsTab,
        ChannelsTab,
        PublishTab,
        LogTab,
        UsageTab,
        RoutesTab,
        TestClientsTab
    };
    // Snapshots are applied to the tables at most this often, however fast they come.
    static constexpr int ViewUpdateIntervalMs = 100;

    // givenOptions: command-line options of this run; they win over saved settings.
    explicit MainWindow(const Configuration &config, const QStringList &givenOptions = {},
                        QWidget *parent = nullptr);
    ~MainWindow() override;
    // Records every connection of the broker in the usage ledger from now on.
    void startLedger(const LedgerConfig &config);

    void startBroker();
    void stopBroker();
    void restartBroker();

    ConnectionsModel *connectionsModel() const { return m_connections; }
    ChannelsModel *channelsModel() const { return m_channels; }
    ConnectionsPage *connectionsPage() const { return m_connectionsPage; }
    ChannelsPage *channelsPage() const { return m_channelsPage; }
    PublishComposer *composer() const { return m_composer; }
    UsagePage *usagePage() const { return m_usagePage; }
    RoutesPage *routesPage() const { return m_routesPage; }
    TestClientsPage *testClientsPage() const { return m_testClientsPage; }
    // Edit ▸ Settings…; saved values are used by the next Start or Restart.
    void showSettings();
    const Configuration &configuration() const { return m_config; }
    QTabWidget *tabs() const { return m_tabs; }
    // Saves a PNG of each tab into directory (tools/screenshots.sh sets
    // HOLDFAST_SCREENSHOT_DIR, and the window does this after a few seconds, then closes).
    bool saveScreenshots(const QString &directory);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void queueSnapshot(const BrokerSnapshot &snapshot);
    void flushSnapshots();
    void logSnapshot(const BrokerSnapshot &snapshot);
    void appendLog(const QString &line);
    void appendError(const QString &line);
    void sampleRate();
    void updateStatus();
    void updateActions();

    Configuration m_config;
    QStringList m_givenOptions;
    BrokerNode *m_node = nullptr;
    UsageMonitor *m_usage = nullptr;
    ConnectionsModel *m_connections = nullptr;
    ChannelsModel *m_channels = nullptr;
    QTabWidget *m_tabs = nullptr;
    ConnectionsPage *m_connectionsPage = nullptr;
    ChannelsPage *m_channelsPage = nullptr;
    PublishComposer *m_composer = nullptr;
    LogPage *m_log = nullptr;
    UsagePage *m_usagePage = nullptr;
    RoutesPage *m_routesPage = nullptr;
    TestClientsPage *m_testClientsPage = nullptr;
    QLabel *m_ledgerWarning = nullptr;
    QLabel *m_listening = nullptr;
    QLabel *m_publishing = nullptr;
    QLabel *m_live = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_minutes = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_restartAction = nullptr;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_rateTimer = nullptr;
    QList<BrokerSnapshot> m_pending;
    QString m_address;
    quint64 m_liveConnections = 0;
    quint64 m_acceptedTotal = 0;
    quint64 m_messagesSent = 0;
    quint64 m_sampledSent = 0;
    QElapsedTimer m_sampleClock;
    double m_deliveriesPerSecond = 0;
    bool m_closeRequested = false;
    bool m_restartRequested = false;
};
