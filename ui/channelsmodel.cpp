#include "channelsmodel.h"

#include <QSet>

#include "localeformat.h"

namespace {
bool sameChannel(const ChannelInfo &a, const ChannelInfo &b)
{
    return a.subscribers == b.subscribers && a.published == b.published &&
           a.lastPublishUtc == b.lastPublishUtc && a.lastId == b.lastId;
}
} // namespace

ChannelsModel::ChannelsModel(QObject *parent) : LiveTableModel(parent) {}

ChannelsModel::~ChannelsModel() = default;

int ChannelsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ChannelsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChannelsModel::rawValue(const ChannelInfo &info, int column) const
{
    switch (column) {
    case Name:
        return QString::fromUtf8(info.name);
    case Subscribers:
        return info.subscribers;
    case Published:
        return info.published;
    case LastPublish:
        return info.lastPublishUtc;
    case LastId:
        return QString::fromUtf8(info.lastId);
    default:
        return {};
    }
}

QVariant ChannelsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChannelInfo &info = m_rows.at(index.row());
    if (role == RawRole)
        return rawValue(info, index.column());
    if (role == Qt::DisplayRole) {
        if (index.column() == LastPublish) {
            return info.lastPublishUtc.isValid()
                       ? LocaleFormat::dateTime(info.lastPublishUtc.toLocalTime())
                       : QString();
        }
        return rawValue(info, index.column());
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Subscribers || index.column() == Published))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ChannelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return LiveTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Channel");
    case Subscribers:
        return tr("Subscribers");
    case Published:
        return tr("Published", "column: messages published to the channel");
    case LastPublish:
        return tr("Last publish");
    case LastId:
        return tr("Last id", "column: id of the latest publish");
    default:
        return {};
    }
}

void ChannelsModel::applySnapshot(const BrokerSnapshot &snapshot)
{
    if (!snapshot.channelsChanged)
        return;
    QHash<QByteArray, const ChannelInfo *> incoming;
    for (const ChannelInfo &info : snapshot.channels)
        incoming.insert(info.name, &info);

    // Channels that lost their last subscriber: in runs from the bottom.
    QList<int> gone;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!incoming.contains(m_rows.at(row).name))
            gone.append(row);
    }
    const bool removed = !gone.isEmpty();
    removeRowRuns(std::move(gone), [this](int first, int count) { m_rows.remove(first, count); });
    if (removed) {
        m_rowOf.clear();
        for (int row = 0; row < m_rows.size(); ++row)
            m_rowOf.insert(m_rows.at(row).name, row);
    }

    QList<int> changed;
    QList<ChannelInfo> added;
    for (const ChannelInfo &info : snapshot.channels) {
        const int row = m_rowOf.value(info.name, -1);
        if (row < 0) {
            added.append(info);
        } else if (!sameChannel(m_rows.at(row), info)) {
            m_rows[row] = info;
            changed.append(row);
        }
    }
    announceChanged(changed);
    appendRows(int(added.size()), [this, &added] {
        for (const ChannelInfo &info : std::as_const(added)) {
            m_rowOf.insert(info.name, int(m_rows.size()));
            m_rows.append(info);
        }
    });
}

void ChannelsModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}

QStringList ChannelsModel::names() const
{
    QStringList out;
    for (const ChannelInfo &info : m_rows)
        out << QString::fromUtf8(info.name);
    return out;
}
