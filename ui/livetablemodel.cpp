#include "livetablemodel.h"

#include <algorithm>

namespace {
// Sorted, without repeats.
QList<int> normalized(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}
} // namespace

void LiveTableModel::removeRowRuns(QList<int> rows,
                                   const std::function<void(int first, int count)> &erase)
{
    rows = normalized(std::move(rows));
    for (qsizetype last = rows.size() - 1; last >= 0;) {
        qsizetype first = last;
        while (first > 0 && rows.at(first - 1) == rows.at(first) - 1)
            --first;
        beginRemoveRows({}, rows.at(first), rows.at(last));
        erase(rows.at(first), rows.at(last) - rows.at(first) + 1);
        endRemoveRows();
        last = first - 1;
    }
}

void LiveTableModel::announceChanged(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    const int columns = columnCount();
    if (rows.size() * 2 > rowCount()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columns - 1));
        return;
    }
    rows = normalized(std::move(rows));
    for (qsizetype first = 0; first < rows.size();) {
        qsizetype last = first;
        while (last + 1 < rows.size() && rows.at(last + 1) == rows.at(last) + 1)
            ++last;
        Q_EMIT dataChanged(index(rows.at(first), 0), index(rows.at(last), columns - 1));
        first = last + 1;
    }
}

void LiveTableModel::appendRows(int count, const std::function<void()> &append)
{
    if (count <= 0)
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + count - 1);
    append();
    endInsertRows();
}
