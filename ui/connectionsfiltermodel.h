#pragma once

#include <QSortFilterProxyModel>

// Sorts connections by their raw values and filters them by free text (any column), transport
// and channel.
class ConnectionsFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsFilterModel)

public:
    explicit ConnectionsFilterModel(QObject *parent = nullptr);
    ~ConnectionsFilterModel() override;

    void setText(const QString &text);
    void setTransport(const QString &transport); // empty: every transport
    void setChannel(const QString &channel);     // empty: every connection
    QString channel() const { return m_channel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_transport;
    QString m_channel;
};
