#pragma once

#include <QMainWindow>

#include "core/brokersnapshot.h"
#include "core/configuration.h"
#include "ledger/ledgerconfig.h"

class BrokerHost;
class LedgerHost;
class QLabel;
class QPlainTextEdit;

// The console's first face: broker state and a log of connection events. The full console
// (tables, composer, usage) grows from here.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const Configuration &config, QWidget *parent = nullptr);
    ~MainWindow() override;
    // Records every connection of the broker in the usage ledger from now on.
    void startLedger(const LedgerConfig &config);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void applySnapshot(const BrokerSnapshot &snapshot);
    void appendLog(const QString &line);
    void updateStatus();

    BrokerHost *m_host = nullptr;
    LedgerHost *m_ledger = nullptr;
    QLabel *m_ledgerWarning = nullptr;
    QLabel *m_listening = nullptr;
    QLabel *m_live = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QString m_address;
    quint64 m_liveConnections = 0;
    quint64 m_acceptedTotal = 0;
    bool m_closeRequested = false;
};
