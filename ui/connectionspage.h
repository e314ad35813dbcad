#pragma once

#include <QWidget>

#include "core/brokersnapshot.h"
#include "grip/publishitem.h"

class ConnectionTraceView;
class ConnectionsFilterModel;
class ConnectionsModel;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QTimer;
class QToolButton;

// The Connections tab: the live table (sorted and filtered through a proxy), the detail of the
// selected connection and the actions on it. It never calls the broker: it asks through signals.
class ConnectionsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsPage)

public:
    explicit ConnectionsPage(ConnectionsModel *model, QWidget *parent = nullptr);
    ~ConnectionsPage() override;

    void setListenAddress(const QString &hostPort) { m_listen = hostPort; }
    void setChannelFilter(const QString &channel);
    bool selectConnection(quint64 id);
    quint64 selectedId() const { return m_selectedId; }
    QTableView *view() const { return m_view; }
    ConnectionsFilterModel *proxy() const { return m_proxy; }
    ConnectionTraceView *trace() const { return m_trace; }
    // The detail's Summary (false) or Messages (true) tab.
    void showMessages(bool messages);
    // Snapshot entries; those of the selected (watched) connection are shown.
    void applyTrace(const QList<TraceEntry> &entries);

    // What "Send to this connection" delivers: the text in the connection's own format, or
    // nothing for transports that take no published messages.
    static std::optional<PublishItem> itemFor(const ConnectionInfo &info, const QString &text);
    // A command that opens a similar connection ("websocat ws://…" or "curl -N http://…").
    static QString commandFor(const ConnectionInfo &info, const QString &listen);

public Q_SLOTS:
    void disconnectSelected();
    void sendToSelected();

Q_SIGNALS:
    void closeRequested(quint64 id, quint16 code, const QByteArray &reason);
    void sendRequested(quint64 id, const PublishItem &item);
    // The selected connection is traced while selected (the broker records nothing otherwise).
    void watchRequested(quint64 id, bool watch);
    void message(const QString &text);

private:
    const ConnectionInfo *selectedInfo() const;
    void onSelectionChanged();
    void updateDetail();
    void updateActions();
    void tick();

    ConnectionsModel *m_model = nullptr;
    ConnectionsFilterModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_transport = nullptr;
    QLabel *m_channelLabel = nullptr;
    QToolButton *m_clearChannel = nullptr;
    QLabel *m_count = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    ConnectionTraceView *m_trace = nullptr;
    QAction *m_disconnect = nullptr;
    QAction *m_send = nullptr;
    QAction *m_copyCommand = nullptr;
    QTimer *m_clock = nullptr;
    QString m_listen;
    quint64 m_selectedId = 0;
    bool m_columnsFitted = false;
};
