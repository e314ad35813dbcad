#pragma once

#include <QHash>
#include <QList>

#include "ledger/usagereport.h"
#include "livetablemodel.h"

// One breakdown of a month's usage (by route or by transport), one row per key of a UsageReport.
// setRows() diffs by key, so a refresh keeps the selection and the scroll position.
class UsageTableModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageTableModel)

public:
    enum Column
    {
        Key,
        Connections,
        OpenConnections,
        Minutes,
        MillionMinutes,
        BytesFromClient,
        BytesToClient,
        MessagesFromClient,
        MessagesToClient,
        ColumnCount
    };
    enum Role
    {
        RawRole = Qt::UserRole + 1 // the number (or key) as the report has it: for sort and tests
    };

    explicit UsageTableModel(const QString &keyTitle, QObject *parent = nullptr);
    ~UsageTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setRows(const QList<UsageRow> &rows);
    const QList<UsageRow> &rows() const { return m_rows; }
    int rowOf(const QString &key) const { return m_rowOf.value(key, -1); }

private:
    QVariant rawValue(const UsageRow &row, int column) const;
    void reindex();

    QString m_keyTitle;
    QList<UsageRow> m_rows;
    QHash<QString, int> m_rowOf;
};
