#pragma once

#include <QWidget>

class ChannelsModel;
class ConnectionsFilterModel;
class ConnectionsModel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

// The Channels tab: every channel with subscribers, and below it the subscribers of the selected
// one (the same live connections, filtered by the channels column).
class ChannelsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelsPage)

public:
    ChannelsPage(ChannelsModel *channels, ConnectionsModel *connections, QWidget *parent = nullptr);
    ~ChannelsPage() override;

    QString selectedChannel() const;
    bool selectChannel(const QString &name);
    QTableView *view() const { return m_view; }
    QTableView *subscribersView() const { return m_subscribers; }

Q_SIGNALS:
    void channelSelected(const QString &name); // empty when none is
    void publishRequested(const QString &name);
    void connectionActivated(quint64 id);

private:
    ChannelsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    ConnectionsFilterModel *m_subscribersProxy = nullptr;
    QTableView *m_view = nullptr;
    QTableView *m_subscribers = nullptr;
    QPushButton *m_publish = nullptr;
    bool m_subscribersFitted = false;
};
