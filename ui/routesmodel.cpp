#include "routesmodel.h"

#include <QStringList>

namespace {
QString conditionText(const Route &route)
{
    // The line minus its targets: everything before the first unquoted space.
    Route conditionOnly = route;
    conditionOnly.explicitId = false;
    RouteTarget placeholder;
    placeholder.isTest = true;
    conditionOnly.targets = {placeholder};
    const QByteArray line = conditionOnly.toLine();
    const qsizetype cut = line.lastIndexOf(" test");
    return QString::fromUtf8(cut >= 0 ? line.left(cut) : line);
}

QString yesNo(bool value)
{
    return value ? RoutesModel::tr("yes") : RoutesModel::tr("no");
}
} // namespace

RoutesModel::RoutesModel(QObject *parent) : QAbstractTableModel(parent) {}

int RoutesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_routes.size());
}

int RoutesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RoutesModel::modeText(const Route &route)
{
    if (route.noGrip)
        return tr("Passthrough");
    for (const RouteTarget &target : route.targets) {
        if (target.overHttp)
            return tr("Fanout over HTTP");
    }
    return tr("Fanout (GRIP)");
}

QVariant RoutesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Route &route = m_routes.at(index.row());
    if (role == LineRole)
        return QString::fromUtf8(route.toLine());
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    bool ssl = false;
    bool insecure = false;
    QStringList targets;
    QStringList hosts;
    for (const RouteTarget &target : route.targets) {
        ssl = ssl || target.ssl;
        insecure = insecure || target.insecure;
        targets << (target.isTest ? QStringLiteral("test")
                                  : QString::fromUtf8(target.toText().split(',').first()));
        if (!target.hostOverride.isEmpty())
            hosts << QString::fromUtf8(target.hostOverride);
    }
    switch (index.column()) {
    case ConditionColumn:
        return conditionText(route);
    case TargetsColumn:
        return targets.join(QLatin1Char(' '));
    case TlsColumn:
        return yesNo(ssl);
    case InsecureColumn:
        return yesNo(insecure);
    case HostOverrideColumn:
        return hosts.join(QLatin1Char(' '));
    case ModeColumn:
        return modeText(route);
    case MaxConnTimeColumn:
        return route.maxConnTimeSeconds > 0 ? tr("%n s", nullptr, route.maxConnTimeSeconds)
                                            : tr("unlimited");
    case IdColumn:
        return QString::fromUtf8(route.id);
    default:
        return {};
    }
}

QVariant RoutesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ConditionColumn:
        return tr("Condition");
    case TargetsColumn:
        return tr("Targets");
    case TlsColumn:
        return tr("TLS");
    case InsecureColumn:
        return tr("Insecure TLS");
    case HostOverrideColumn:
        return tr("Host override");
    case ModeColumn:
        return tr("Mode");
    case MaxConnTimeColumn:
        return tr("Max connection time");
    case IdColumn:
        return tr("Id");
    default:
        return {};
    }
}

void RoutesModel::setRoutes(const QList<Route> &routes)
{
    // Rare and user-driven (import, reload), so a reset is fine here.
    beginResetModel();
    m_routes = routes;
    endResetModel();
}

void RoutesModel::insertRoute(int row, const Route &route)
{
    row = qBound(0, row, int(m_routes.size()));
    beginInsertRows({}, row, row);
    m_routes.insert(row, route);
    endInsertRows();
}

void RoutesModel::replaceRoute(int row, const Route &route)
{
    if (row < 0 || row >= m_routes.size())
        return;
    m_routes[row] = route;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RoutesModel::removeRoute(int row)
{
    if (row < 0 || row >= m_routes.size())
        return;
    beginRemoveRows({}, row, row);
    m_routes.removeAt(row);
    endRemoveRows();
}
