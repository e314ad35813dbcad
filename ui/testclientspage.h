#pragma once

#include <QWidget>

#include "loadconfig.h"

class ClientEngineHost;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class TestClientsModel;
class TrafficGeneratorPage;

// The Test clients tab: open one or N clients of a transport to any URL (presets for the embedded
// broker's /test/* endpoints and the seed's curl example), watch each one's state, messages and
// failure reason, send text or binary from a WebSocket, close with a code, reconnect. The traffic
// generator is its second section. The engines run on the host's thread; this page only queues
// calls and applies their LoadStats.
class TestClientsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestClientsPage)

public:
    explicit TestClientsPage(QWidget *parent = nullptr);
    ~TestClientsPage() override;

    // Where the embedded broker listens; the presets and the traffic generator follow it.
    void setEmbeddedBroker(const QString &address, quint16 port);
    void setEmbeddedPublish(const QString &address, quint16 port, const QByteArray &key);

    // Opens clients with what the form says; returns the run id, or 0 if the form is incomplete.
    int openClients();
    void selectClient(int run, int clientId);
    void sendToSelected(const QByteArray &payload, bool binary);
    void closeSelected(quint16 code);
    void reconnectSelected();
    void closeAll();

    TestClientsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPlainTextEdit *messages() const { return m_messages; }
    TrafficGeneratorPage *trafficGenerator() const { return m_traffic; }
    QTabWidget *sections() const { return m_sections; }
    ClientEngineHost *engines() const { return m_engines; }
    // The form, for tests and for the presets.
    void setTarget(ClientTransport transport, const QString &url, int clients = 1);
    QComboBox *presets() const { return m_presets; }

private:
    QWidget *buildClientsSection();
    void fillPresets();
    void applyPreset(int index);
    int selectedRow() const;
    void showSelected();
    void updateButtons();

    ClientEngineHost *m_engines = nullptr;
    TestClientsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTabWidget *m_sections = nullptr;
    TrafficGeneratorPage *m_traffic = nullptr;
    QComboBox *m_presets = nullptr;
    QComboBox *m_transport = nullptr;
    QLineEdit *m_url = nullptr;
    QSpinBox *m_count = nullptr;
    QLineEdit *m_subprotocol = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_closeAll = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_messages = nullptr;
    QLineEdit *m_sendText = nullptr;
    QCheckBox *m_binary = nullptr;
    QPushButton *m_send = nullptr;
    QSpinBox *m_closeCode = nullptr;
    QPushButton *m_close = nullptr;
    QPushButton *m_reconnect = nullptr;
    QString m_brokerAddress; // host:port of the embedded broker, empty until it listens
};
