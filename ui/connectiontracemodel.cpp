#include "connectiontracemodel.h"

#include <QApplication>
#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QStyle>

ConnectionTraceModel::ConnectionTraceModel(int limit, QObject *parent)
    : QAbstractTableModel(parent), m_limit(limit)
{}

int ConnectionTraceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ConnectionTraceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ConnectionTraceModel::directionLabel(TraceEntry::Direction direction)
{
    switch (direction) {
    case TraceEntry::Direction::FromClient:
        return tr("client → broker");
    case TraceEntry::Direction::ToClient:
        return tr("broker → client");
    case TraceEntry::Direction::ToBackend:
        return tr("broker → backend");
    case TraceEntry::Direction::FromBackend:
        return tr("backend → broker");
    case TraceEntry::Direction::Broker:
        break;
    }
    return tr("broker", "the broker's own remark in a connection trace");
}

QString ConnectionTraceModel::kindLabel(TraceEntry::Kind kind)
{
    switch (kind) {
    case TraceEntry::Kind::HttpHead:
        return tr("HTTP head");
    case TraceEntry::Kind::Body:
        return tr("data");
    case TraceEntry::Kind::Text:
        return tr("text frame");
    case TraceEntry::Kind::Binary:
        return tr("binary frame");
    case TraceEntry::Kind::Continuation:
        return tr("continuation");
    case TraceEntry::Kind::Ping:
        return tr("ping");
    case TraceEntry::Kind::Pong:
        return tr("pong");
    case TraceEntry::Kind::Close:
        return tr("close frame");
    case TraceEntry::Kind::Events:
        return tr("WebSocket-over-HTTP");
    case TraceEntry::Kind::Instruction:
        return tr("GRIP instruction");
    case TraceEntry::Kind::Warning:
        return tr("warning");
    case TraceEntry::Kind::Note:
        break;
    }
    return tr("note");
}

QVariant ConnectionTraceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TraceEntry &entry = m_entries.at(size_t(index.row()));
    if (role == CategoryRole) {
        if (entry.kind == TraceEntry::Kind::Warning)
            return QStringLiteral("warning grip");
        if (entry.kind == TraceEntry::Kind::Instruction || entry.kind == TraceEntry::Kind::Events)
            return QStringLiteral("grip");
        return entry.kind == TraceEntry::Kind::Note ? QStringLiteral("note")
                                                    : QStringLiteral("frame");
    }
    if (role == Qt::ForegroundRole && entry.isWarning())
        return QColor(0xb0, 0x20, 0x20);
    if (role == Qt::DecorationRole && entry.isWarning() && index.column() == Summary)
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (role == Qt::ToolTipRole && index.column() == Summary)
        return entry.summary;
    if (role == Qt::TextAlignmentRole && index.column() == Size)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.atMsUtc).time(),
                                  QStringLiteral("HH:mm:ss.zzz"));
    case Direction:
        return directionLabel(entry.direction);
    case Kind:
        return kindLabel(entry.kind);
    case Size:
        return entry.size ? QLocale().toString(entry.size) : QString();
    case Summary:
        return entry.summary;
    default:
        return {};
    }
}

QVariant ConnectionTraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Direction:
        return tr("Direction");
    case Kind:
        return tr("Kind");
    case Size:
        return tr("Bytes");
    case Summary:
        return tr("Summary");
    default:
        return {};
    }
}

void ConnectionTraceModel::append(const QList<TraceEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const qsizetype keep = qMin<qsizetype>(entries.size(), m_limit);
    const qsizetype overflow = qsizetype(m_entries.size()) + keep - m_limit;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        for (qsizetype i = 0; i < overflow; ++i) {
            if (m_entries.front().isWarning())
                --m_warnings;
            m_entries.pop_front();
        }
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(keep) - 1);
    for (qsizetype i = entries.size() - keep; i < entries.size(); ++i) {
        if (entries.at(i).isWarning())
            ++m_warnings;
        m_entries.push_back(entries.at(i));
    }
    endInsertRows();
}

void ConnectionTraceModel::clear()
{
    if (m_entries.empty())
        return;
    beginRemoveRows({}, 0, int(m_entries.size()) - 1);
    m_entries.clear();
    m_warnings = 0;
    endRemoveRows();
}
