#pragma once

#include <QAbstractTableModel>
#include <QList>

#include "routes/route.h"

// The routes shown on the Routes tab: what is in force, plus the user's edits until Apply.
// Changed only through setRoutes/insertRoute/replaceRoute/removeRoute.
class RoutesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutesModel)

public:
    enum Column
    {
        ConditionColumn,
        TargetsColumn,
        TlsColumn,
        InsecureColumn,
        HostOverrideColumn,
        ModeColumn,
        MaxConnTimeColumn,
        IdColumn,
        ColumnCount
    };
    // The route's Pushpin-syntax line, for copying and for tests.
    static constexpr int LineRole = Qt::UserRole + 1;

    explicit RoutesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const QList<Route> &routes() const { return m_routes; }
    const Route &routeAt(int row) const { return m_routes.at(row); }
    void setRoutes(const QList<Route> &routes);
    void insertRoute(int row, const Route &route);
    void replaceRoute(int row, const Route &route);
    void removeRoute(int row);

    // "Passthrough", "Fanout (GRIP)" or "Fanout over HTTP".
    static QString modeText(const Route &route);

private:
    QList<Route> m_routes;
};
