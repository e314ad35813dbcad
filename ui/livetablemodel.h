#pragma once

#include <functional>

#include <QAbstractTableModel>
#include <QList>

// Base of the console's live tables (connections, channels, test clients, usage), which get a
// new state every tick for up to 10,000 rows. Changes reach the views as few signals as they can
// be, so a view keeps its selection and scroll position and repaints only what changed. The
// subclass keeps its rows and its key index; these only shape the signals around its edits.
class LiveTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // Removes rows (any order, repeats allowed) in contiguous runs from the bottom, so the runs
    // still to go keep their numbers; erase(first, count) drops one run from the storage.
    void removeRowRuns(QList<int> rows, const std::function<void(int first, int count)> &erase);
    // One dataChanged per run of changed rows (all columns), or one for the whole table when
    // most rows changed: cheaper for the view than thousands of small ones.
    void announceChanged(QList<int> rows);
    // count rows that append() adds at the end of the storage, as one insert.
    void appendRows(int count, const std::function<void()> &append);
};
