#include "connectionsfiltermodel.h"

#include "connectionsmodel.h"

ConnectionsFilterModel::ConnectionsFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ConnectionsModel::RawRole);
    setDynamicSortFilter(true);
}

ConnectionsFilterModel::~ConnectionsFilterModel() = default;

void ConnectionsFilterModel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void ConnectionsFilterModel::setTransport(const QString &transport)
{
    if (transport == m_transport)
        return;
    m_transport = transport;
    invalidateFilter();
}

void ConnectionsFilterModel::setChannel(const QString &channel)
{
    if (channel == m_channel)
        return;
    m_channel = channel;
    invalidateFilter();
}

bool ConnectionsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    const QModelIndex first = model->index(sourceRow, 0, sourceParent);
    if (!m_transport.isEmpty() &&
        model->data(first, ConnectionsModel::TransportRole).toString() != m_transport) {
        return false;
    }
    if (!m_channel.isEmpty() &&
        !model->data(first, ConnectionsModel::ChannelsRole).toStringList().contains(m_channel)) {
        return false;
    }
    if (m_text.isEmpty())
        return true;
    const int columns = model->columnCount(sourceParent);
    for (int column = 0; column < columns; ++column) {
        const QString cell = model->data(model->index(sourceRow, column, sourceParent)).toString();
        if (cell.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
