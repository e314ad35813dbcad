#pragma once

#include <vector>

#include <QByteArray>
#include <QList>
#include <QString>

#include "clientcontext.h"
#include "http/httpbodyframer.h"
#include "http/httpresponseparser.h"
#include "net/stream.h"
#include "sseparser.h"
#include "ws/wsframedecoder.h"

// One test client of one transport on the shared reactor. It never deletes itself; the engine
// owns it and reads its counters. Timers go through the engine's wheel with the client's id and
// a generation, so a timer from an earlier connection attempt is ignored.
class TestClient final : public StreamClient
{
    Q_DISABLE_COPY_MOVE(TestClient)

public:
    enum TimerKind : quint32
    {
        ConnectTimer = 1,
        ReconnectTimer = 2,
    };

    TestClient(int id, const ClientContext *context);
    ~TestClient();

    int id() const { return m_id; }
    ClientState state() const { return m_state; }
    QString reason() const { return m_reason; }
    bool hasEnded() const
    {
        return m_state == ClientState::Closed || m_state == ClientState::Failed;
    }
    int connects() const { return m_connects; }

    void open();
    // Closes the socket at once, without a close frame; the client ends as Closed (reason given).
    void abort(const QString &reason);
    // WebSocket only: false if the client is not an open WebSocket.
    bool send(const QByteArray &payload, bool binary);
    // The same for a text message on the echo path: the frame is built in a buffer the client
    // keeps, so an echo costs no allocation.
    bool sendText(QByteArrayView payload);
    // A close frame with this code for WebSockets, then the socket closes; others just close.
    void closeWith(quint16 code, const QByteArray &reason);
    void onTimer(quint32 kind, quint32 generation);
    // Ends the client with this reason (also used for a run that cannot start, e.g. a bad URL).
    void fail(const QString &reason);

    // What the engine counts for this client; it updates it from the listener calls.
    struct Tally
    {
        quint64 received = 0;
        quint64 expectFromSeq = 0; // our publishes from this sequence on should arrive
        quint64 endSeq = 0;        // and before this one, once the client ended (0: running)
        quint64 windowReceived = 0;
        quint64 duplicates = 0; // our publishes that arrived again (or behind the window)
        // Every publish below nextExpectedSeq arrived or was given up; `ahead` marks those above
        // it that arrived early, as a ring of bits over a window of sequences. Empty (no heap)
        // until a publish arrives out of order or after a gap: several publish connections
        // reorder, long-poll skips.
        quint64 nextExpectedSeq = 0;
        std::vector<quint64> ahead;
        // Echo mode: messages sent and echoes settled (answered or not), and when each of the
        // outstanding ones was sent (a ring of echoInflight entries).
        quint64 echoSent = 0;
        quint64 echoSettled = 0;
        quint64 echoLost = 0; // outstanding when the client connected again: never coming back
        std::vector<qint64> echoSentAt;
        bool everOpen = false;
        bool windowStarted = false; // expectFromSeq is set
        bool dirty = true;          // changed since the last row a GUI was sent
        QList<QByteArray> recent;

        // Records that publish `seq` arrived; false if it had already (a duplicate) or is older
        // than the window. windowBits is a power of two, at least 64.
        bool markReceived(quint64 seq, quint64 windowBits);
    };
    Tally &tally() { return m_tally; }

private:
    enum class Phase : quint8
    {
        Idle,
        Connecting,
        AwaitHead,
        Body,
        WebSocket
    };

    void onStreamConnected(Stream *stream) override;
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *stream) override;
    void onStreamClosed(Stream *stream, const QString &error) override;

    void writeRequest();
    void handleHead();
    void handleBody(const char *data, qsizetype size);
    void deliverPayload();
    void bodyComplete();
    void handleWebSocket(const char *data, qsizetype size);
    void message(QByteArrayView payload, bool binary);
    void reconnectAfter(qint64 delayMs);
    void closeStream();
    void setState(ClientState state, const QString &reason = QString());

    const ClientContext *m_context;
    Tally m_tally;
    Stream *m_stream = nullptr;
    HttpResponseParser m_head;
    HttpBodyFramer m_framer;
    SseParser m_sse;
    WsFrameDecoder m_ws;
    QByteArray m_payload; // decoded body bytes of one read, reused
    QByteArray m_pending; // an unfinished stream line, or a long-poll body so far
    QList<SseEvent> m_events;
    QList<WsFrameDecoder::Message> m_wsMessages;
    QByteArray m_wsKey;
    QByteArray m_frame; // sendText()'s frame, reused
    QString m_reason;
    int m_id;
    int m_connects = 0;
    int m_responses = 0; // complete responses on this client (long-poll)
    quint32 m_generation = 0;
    ClientState m_state = ClientState::Waiting;
    Phase m_phase = Phase::Idle;
    bool m_keepAlive = false;
};
