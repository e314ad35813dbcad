#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include "core/traceentry.h"
#include "ws/wsframecapture.h"

class ConnectionRegistry;
class HttpHeaders;
class WsFrameReader;
struct HttpRequestHead;
struct HttpResponseHead;
struct WsEvent;

// Records what happens on one connection while the console watches it, as TraceEntry values
// handed to the registry for the next snapshot. A session owns one only while watched, so an
// unwatched connection pays one null pointer and one branch per hook.
class SessionTracer final
{
    Q_DISABLE_COPY_MOVE(SessionTracer)

public:
    using Direction = TraceEntry::Direction;
    using Kind = TraceEntry::Kind;

    SessionTracer(ConnectionRegistry &registry, quint64 connectionId);

    void note(const QString &text);
    void warning(const QString &text);
    void requestHead(const HttpRequestHead &head);
    void responseHead(Direction direction, const HttpResponseHead &head);
    // A GRIP backend's answer: its Grip-* headers, what the broker made of them, and advice.
    void gripResponse(const HttpResponseHead &head);
    void body(Direction direction, const QByteArray &bytes);
    // WebSocket bytes as they pass; fromClient frames are masked, the others are not.
    void frames(bool fromClient, const char *data, qsizetype size);
    // A whole message already decoded (the WebSocket-over-HTTP side reads client frames itself).
    void message(bool fromClient, quint8 opcode, const QByteArray &payload);
    // Watching began mid-stream: line the frame capture up with what the relay has counted.
    void alignWith(bool fromClient, const WsFrameReader &reader);
    void alignAfterFeed(bool fromClient, const WsFrameReader &reader);
    void wsRequest(const QList<WsEvent> &events, qsizetype bytes);
    void wsResponse(const HttpResponseHead &head, const QByteArray &body);

    static QString frameSummary(const WsFrameCapture::Frame &frame);
    static QString eventsSummary(const QList<WsEvent> &events);

private:
    void record(bool fromClient, const WsFrameCapture::Frame &frame);
    void add(Direction direction, Kind kind, const QByteArray &bytes, qsizetype size,
             const QString &summary);

    ConnectionRegistry &m_registry;
    quint64 m_id = 0;
    WsFrameCapture m_capture[2]; // [0] from the client, [1] to the client
};
