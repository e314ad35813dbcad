#include "usagetablemodel.h"

#include <QFont>
#include <QLocale>

#include "ledger/usagemath.h"
#include "localeformat.h"

namespace {
bool sameFigures(const UsageRow &a, const UsageRow &b)
{
    return a.connections == b.connections && a.openConnections == b.openConnections &&
           a.minutes == b.minutes && a.bytesFromClient == b.bytesFromClient &&
           a.bytesToClient == b.bytesToClient && a.messagesFromClient == b.messagesFromClient &&
           a.messagesToClient == b.messagesToClient;
}
} // namespace

UsageTableModel::UsageTableModel(const QString &keyTitle, QObject *parent)
    : LiveTableModel(parent), m_keyTitle(keyTitle)
{}

UsageTableModel::~UsageTableModel() = default;

int UsageTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UsageTableModel::rawValue(const UsageRow &row, int column) const
{
    switch (column) {
    case Key:
        return row.key;
    case Connections:
        return row.connections;
    case OpenConnections:
        return row.openConnections;
    case Minutes:
        return row.minutes;
    case MillionMinutes:
        // Sorts like the minutes it comes from; shown as the report's exact decimal.
        return row.minutes;
    case BytesFromClient:
        return row.bytesFromClient;
    case BytesToClient:
        return row.bytesToClient;
    case MessagesFromClient:
        return row.messagesFromClient;
    case MessagesToClient:
        return row.messagesToClient;
    default:
        return {};
    }
}

QVariant UsageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageRow &row = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case RawRole:
        return rawValue(row, column);
    case Qt::DisplayRole: {
        if (column == Key)
            return row.key;
        if (column == MillionMinutes)
            return LocaleFormat::decimal(UsageMath::millions(row.minutes));
        const QLocale locale;
        if (column == BytesFromClient || column == BytesToClient)
            return locale.formattedDataSize(rawValue(row, column).toLongLong());
        return locale.toString(rawValue(row, column).toLongLong());
    }
    case Qt::ToolTipRole:
        if (row.openConnections > 0)
            return tr("%n connection(s) still open, counted up to when the report was taken",
                      nullptr, int(row.openConnections));
        if (column == BytesFromClient || column == BytesToClient)
            return tr("%L1 bytes").arg(rawValue(row, column).toLongLong());
        return {};
    case Qt::FontRole:
        if (row.openConnections > 0 && column == OpenConnections) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == Key ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                             : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant UsageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Key:
        return m_keyTitle;
    case Connections:
        return tr("Connections");
    case OpenConnections:
        return tr("Open", "column: connections still open");
    case Minutes:
        return tr("Minutes");
    case MillionMinutes:
        return tr("Million minutes");
    case BytesFromClient:
        return tr("Bytes in");
    case BytesToClient:
        return tr("Bytes out");
    case MessagesFromClient:
        return tr("Messages in");
    case MessagesToClient:
        return tr("Messages out");
    default:
        return {};
    }
}

void UsageTableModel::setRows(const QList<UsageRow> &rows)
{
    QHash<QString, int> wanted;
    for (int i = 0; i < rows.size(); ++i)
        wanted.insert(rows.at(i).key, i);

    QList<int> gone;
    for (int at = 0; at < m_rows.size(); ++at) {
        if (!wanted.contains(m_rows.at(at).key))
            gone.append(at);
    }
    removeRowRuns(std::move(gone), [this](int first, int count) { m_rows.remove(first, count); });
    reindex();

    QList<UsageRow> added;
    QList<int> changed;
    for (const UsageRow &row : rows) {
        const int at = m_rowOf.value(row.key, -1);
        if (at < 0) {
            added.append(row);
        } else if (!sameFigures(m_rows.at(at), row)) {
            m_rows[at] = row;
            changed.append(at);
        }
    }
    announceChanged(changed);
    // New keys at the end; the view's proxy sorts them.
    if (added.isEmpty())
        return;
    appendRows(int(added.size()), [this, &added] { m_rows.append(added); });
    reindex();
}

void UsageTableModel::reindex()
{
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).key, i);
}
