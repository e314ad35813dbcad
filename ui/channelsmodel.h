#pragma once

#include <QHash>
#include <QList>

#include "core/brokersnapshot.h"
#include "livetablemodel.h"

// Every channel with subscribers, one row each, fed by the whole channel list a snapshot carries
// when a channel changed, diffed by name (LiveTableModel).
class ChannelsModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelsModel)

public:
    enum Column
    {
        Name,
        Subscribers,
        Published,
        LastPublish,
        LastId,
        ColumnCount
    };
    enum Role
    {
        RawRole = Qt::UserRole + 1
    };

    explicit ChannelsModel(QObject *parent = nullptr);
    ~ChannelsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void applySnapshot(const BrokerSnapshot &snapshot);
    void clear();

    int rowOf(const QByteArray &name) const { return m_rowOf.value(name, -1); }
    QStringList names() const;

private:
    QVariant rawValue(const ChannelInfo &info, int column) const;

    QList<ChannelInfo> m_rows;
    QHash<QByteArray, int> m_rowOf;
};
