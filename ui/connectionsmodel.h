#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>

#include "core/brokersnapshot.h"
#include "livetablemodel.h"

// The live connections of the embedded broker, one row each. Changed only by applySnapshot(),
// incrementally (LiveTableModel). DisplayRole is formatted; RawRole carries the value to sort,
// filter and export by.
class ConnectionsModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsModel)

public:
    enum Column
    {
        Id,
        Transport,
        Client,
        Route,
        Origin,
        Channels,
        Started,
        Duration,
        Minutes,
        BytesIn,
        BytesOut,
        MessagesIn,
        MessagesOut,
        State,
        ColumnCount
    };
    enum Role
    {
        RawRole = Qt::UserRole + 1, // unformatted value of the cell
        IdRole,                     // the connection id (quint64), any column
        TransportRole,              // transport name (QString), any column
        ChannelsRole                // channel names (QStringList), any column
    };

    explicit ConnectionsModel(QObject *parent = nullptr);
    ~ConnectionsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void applySnapshot(const BrokerSnapshot &snapshot);
    // Forgets every row, e.g. when the broker restarts; never per tick.
    void clear();
    // Durations and minutes are derived from the time; the caller repaints what is visible
    // after moving it, so no dataChanged is sent for 10,000 rows every second.
    void setNow(const QDateTime &nowUtc) { m_nowUtc = nowUtc; }
    QDateTime now() const { return m_nowUtc; }

    int rowOf(quint64 id) const { return m_rowOf.value(id, -1); }
    const ConnectionInfo &connectionAt(int row) const { return m_rows.at(row); }
    // Every connection that left the table, the newest last, at most MaxRecentlyClosed.
    const QList<ConnectionInfo> &recentlyClosed() const { return m_recentlyClosed; }
    static constexpr int MaxRecentlyClosed = 200;

    static qint64 usageMinutes(qint64 durationMs);

private:
    QVariant rawValue(const ConnectionInfo &info, int column) const;
    QVariant displayValue(const ConnectionInfo &info, int column) const;
    qint64 durationMs(const ConnectionInfo &info) const;
    void removeRows(QList<int> rows);
    void reindexFrom(int row);

    QList<ConnectionInfo> m_rows;
    QHash<quint64, int> m_rowOf;
    QList<ConnectionInfo> m_recentlyClosed;
    QDateTime m_nowUtc;
};
