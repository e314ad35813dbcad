#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// One thing that happened on a connection the console is watching: a frame, a chunk of a held
// response, a GRIP exchange with the backend, or a warning about what the backend sent. Values
// only: entries cross from the broker's thread to the GUI inside a BrokerSnapshot.
struct TraceEntry
{
    enum class Direction : quint8
    {
        FromClient,
        ToClient,
        ToBackend,
        FromBackend,
        Broker // the broker's own observation (a warning, a state summary)
    };
    enum class Kind : quint8
    {
        HttpHead,
        Body,
        Text,
        Binary,
        Continuation,
        Ping,
        Pong,
        Close,
        Events, // a WebSocket-over-HTTP body, decoded in summary
        Instruction,
        Warning,
        Note
    };

    // Payload beyond this is counted in size but not kept: a watched connection carrying large
    // messages must not grow the snapshot without bound.
    static constexpr qsizetype maxBytes = 4096;

    quint64 connectionId = 0;
    qint64 atMsUtc = 0;
    Direction direction = Direction::Broker;
    Kind kind = Kind::Note;
    quint64 size = 0; // the whole payload as it went over the wire
    QByteArray bytes; // its first maxBytes
    QString summary;  // one line, e.g. "close 1000 \"bye\"" or "TEXT 5, PING"

    static TraceEntry make(quint64 connectionId, Direction direction, Kind kind, const char *data,
                           qsizetype size, const QString &summary);
    static QByteArray directionName(Direction direction);
    static QByteArray kindName(Kind kind);
    bool isWarning() const { return kind == Kind::Warning; }
};

Q_DECLARE_METATYPE(TraceEntry)
