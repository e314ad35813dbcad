#include "core/traceentry.h"

#include <QDateTime>

TraceEntry TraceEntry::make(quint64 connectionId, Direction direction, Kind kind, const char *data,
                            qsizetype size, const QString &summary)
{
    TraceEntry entry;
    entry.connectionId = connectionId;
    entry.atMsUtc = QDateTime::currentMSecsSinceEpoch();
    entry.direction = direction;
    entry.kind = kind;
    entry.size = quint64(qMax<qsizetype>(size, 0));
    if (data && size > 0)
        entry.bytes = QByteArray(data, qMin(size, maxBytes));
    entry.summary = summary;
    return entry;
}

QByteArray TraceEntry::directionName(Direction direction)
{
    switch (direction) {
    case Direction::FromClient:
        return QByteArrayLiteral("client→broker");
    case Direction::ToClient:
        return QByteArrayLiteral("broker→client");
    case Direction::ToBackend:
        return QByteArrayLiteral("broker→backend");
    case Direction::FromBackend:
        return QByteArrayLiteral("backend→broker");
    case Direction::Broker:
        break;
    }
    return QByteArrayLiteral("broker");
}

QByteArray TraceEntry::kindName(Kind kind)
{
    switch (kind) {
    case Kind::HttpHead:
        return QByteArrayLiteral("http-head");
    case Kind::Body:
        return QByteArrayLiteral("body");
    case Kind::Text:
        return QByteArrayLiteral("text");
    case Kind::Binary:
        return QByteArrayLiteral("binary");
    case Kind::Continuation:
        return QByteArrayLiteral("continuation");
    case Kind::Ping:
        return QByteArrayLiteral("ping");
    case Kind::Pong:
        return QByteArrayLiteral("pong");
    case Kind::Close:
        return QByteArrayLiteral("close");
    case Kind::Events:
        return QByteArrayLiteral("ws-over-http");
    case Kind::Instruction:
        return QByteArrayLiteral("grip");
    case Kind::Warning:
        return QByteArrayLiteral("warning");
    case Kind::Note:
        break;
    }
    return QByteArrayLiteral("note");
}
