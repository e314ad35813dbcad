#pragma once

#include <deque>

#include <QAbstractTableModel>

#include "core/traceentry.h"

// The recent traffic of the watched connection, newest last, bounded: the oldest rows leave in
// one run when new ones would pass the limit.
class ConnectionTraceModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTraceModel)

public:
    enum Column
    {
        Time,
        Direction,
        Kind,
        Size,
        Summary,
        ColumnCount
    };
    // "frame", "grip" or "warning", for the view's filter; a warning is also "grip".
    static constexpr int CategoryRole = Qt::UserRole + 1;

    explicit ConnectionTraceModel(int limit = 1000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const QList<TraceEntry> &entries);
    void clear();
    const TraceEntry &entryAt(int row) const { return m_entries.at(size_t(row)); }
    int warningCount() const { return m_warnings; }

    static QString directionLabel(TraceEntry::Direction direction);
    static QString kindLabel(TraceEntry::Kind kind);

private:
    std::deque<TraceEntry> m_entries;
    int m_limit = 0;
    int m_warnings = 0;
};
