#include "connectionsmodel.h"

#include <algorithm>

#include <QLocale>

#include "localeformat.h"

namespace {
// The State column in words; RawRole and exports keep the broker's token ("open").
QString stateText(ConnectionInfo::State state)
{
    switch (state) {
    case ConnectionInfo::State::Reading:
        return ConnectionsModel::tr("reading", "connection state: reading the request head");
    case ConnectionInfo::State::Connecting:
        return ConnectionsModel::tr("connecting", "connection state: connecting to the origin");
    case ConnectionInfo::State::Open:
        return ConnectionsModel::tr("open", "connection state");
    case ConnectionInfo::State::Closing:
        return ConnectionsModel::tr("closing", "connection state");
    case ConnectionInfo::State::Closed:
        return ConnectionsModel::tr("closed", "connection state");
    }
    return {};
}

QString formatDuration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms / 1000);
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds / 60) % 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QStringList channelNames(const ConnectionInfo &info)
{
    QStringList names;
    names.reserve(info.channels.size());
    for (const QByteArray &channel : info.channels)
        names << QString::fromUtf8(channel);
    return names;
}
} // namespace

ConnectionsModel::ConnectionsModel(QObject *parent)
    : LiveTableModel(parent), m_nowUtc(QDateTime::currentDateTimeUtc())
{}

ConnectionsModel::~ConnectionsModel() = default;

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 ConnectionsModel::usageMinutes(qint64 durationMs)
{
    // Minutes are rounded up so a connection counts one as soon as it opens (as the ledger does).
    return std::max<qint64>(1, (durationMs + 59'999) / 60'000);
}

qint64 ConnectionsModel::durationMs(const ConnectionInfo &info) const
{
    const QDateTime end = info.endedUtc.isValid() ? info.endedUtc : m_nowUtc;
    return std::max<qint64>(0, info.startedUtc.msecsTo(end));
}

QVariant ConnectionsModel::rawValue(const ConnectionInfo &info, int column) const
{
    switch (column) {
    case Id:
        return info.id;
    case Transport:
        return QString::fromLatin1(ConnectionInfo::transportName(info.transport));
    case Client:
        return info.clientAddress;
    case Route:
        return QString::fromUtf8(info.routeId);
    case Origin:
        return QString::fromUtf8(info.origin);
    case Channels:
        return channelNames(info).join(QLatin1Char(' '));
    case Started:
        return info.startedUtc;
    case Duration:
        return durationMs(info);
    case Minutes:
        return usageMinutes(durationMs(info));
    case BytesIn:
        return info.bytesFromClient;
    case BytesOut:
        return info.bytesToClient;
    case MessagesIn:
        return info.messagesFromClient;
    case MessagesOut:
        return info.messagesToClient;
    case State:
        return QString::fromLatin1(ConnectionInfo::stateName(info.state));
    default:
        return {};
    }
}

QVariant ConnectionsModel::displayValue(const ConnectionInfo &info, int column) const
{
    switch (column) {
    case Channels:
        return channelNames(info).join(QLatin1String(", "));
    case Started:
        return LocaleFormat::dateTime(info.startedUtc.toLocalTime());
    case Duration:
        return formatDuration(durationMs(info));
    case BytesIn:
        return QLocale().formattedDataSize(qint64(info.bytesFromClient));
    case BytesOut:
        return QLocale().formattedDataSize(qint64(info.bytesToClient));
    case State:
        return stateText(info.state);
    default:
        return rawValue(info, column);
    }
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionInfo &info = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(info, index.column());
    case RawRole:
        return rawValue(info, index.column());
    case IdRole:
        return info.id;
    case TransportRole:
        return QString::fromLatin1(ConnectionInfo::transportName(info.transport));
    case ChannelsRole:
        return channelNames(info);
    case Qt::TextAlignmentRole:
        if (index.column() == Id || (index.column() >= Duration && index.column() < State))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Started)
            return info.startedUtc.toString(Qt::ISODateWithMs);
        return {};
    default:
        return {};
    }
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return LiveTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Id", "column: connection number");
    case Transport:
        return tr("Transport");
    case Client:
        return tr("Client");
    case Route:
        return tr("Route");
    case Origin:
        return tr("Origin");
    case Channels:
        return tr("Channels");
    case Started:
        return tr("Started", "column: when the connection opened");
    case Duration:
        return tr("Duration");
    case Minutes:
        return tr("Minutes", "column: usage minutes");
    case BytesIn:
        return tr("Bytes in");
    case BytesOut:
        return tr("Bytes out");
    case MessagesIn:
        return tr("Msgs in", "column: messages from the client");
    case MessagesOut:
        return tr("Msgs out", "column: messages to the client");
    case State:
        return tr("State", "column: connection state");
    default:
        return {};
    }
}

void ConnectionsModel::reindexFrom(int row)
{
    for (int i = row; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).id, i);
}

void ConnectionsModel::removeRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    const int lowest = *std::min_element(rows.cbegin(), rows.cend());
    removeRowRuns(std::move(rows), [this](int first, int count) {
        for (int row = first; row < first + count; ++row)
            m_rowOf.remove(m_rows.at(row).id);
        m_rows.remove(first, count);
    });
    reindexFrom(lowest);
}

void ConnectionsModel::applySnapshot(const BrokerSnapshot &snapshot)
{
    QList<int> gone;
    for (const ConnectionInfo &info : snapshot.closed) {
        const int row = m_rowOf.value(info.id, -1);
        if (row >= 0)
            gone.append(row);
        m_recentlyClosed.append(info);
    }
    if (m_recentlyClosed.size() > MaxRecentlyClosed)
        m_recentlyClosed.remove(0, m_recentlyClosed.size() - MaxRecentlyClosed);
    removeRows(gone);

    QList<ConnectionInfo> added;
    QList<int> changed;
    auto update = [&](const ConnectionInfo &info) {
        const int row = m_rowOf.value(info.id, -1);
        if (row < 0) {
            added.append(info);
            return;
        }
        m_rows[row] = info;
        changed.append(row);
    };
    for (const ConnectionInfo &info : snapshot.updated)
        update(info);
    announceChanged(changed);

    for (const ConnectionInfo &info : snapshot.opened) {
        if (m_rowOf.contains(info.id))
            update(info); // not expected from the broker; an update is the safe reading
        else
            added.append(info);
    }
    appendRows(int(added.size()), [this, &added] {
        for (const ConnectionInfo &info : std::as_const(added)) {
            m_rowOf.insert(info.id, int(m_rows.size()));
            m_rows.append(info);
        }
    });
}

void ConnectionsModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowOf.clear();
    endResetModel();
}
