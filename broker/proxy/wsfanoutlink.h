#pragma once

#include <memory>

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>

#include "core/brokersnapshot.h"
#include "grip/wsevent.h"
#include "handler/subscriber.h"
#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "net/stream.h"
#include "proxy/originrequest.h"
#include "proxy/sessiontimers.h"
#include "ws/wsdeflate.h"
#include "ws/wsframedecoder.h"

class SessionTracer;
struct BrokerContext;
struct Route;
struct RouteTarget;
struct WsControlMessage;

// What the link needs from the session that owns the client socket.
class WsFanoutOwner
{
public:
    virtual void fanoutWrite(const QByteArray &bytes) = 0;
    // The backend accepted: the 101 went to the client.
    virtual void fanoutOpened() = 0;
    // The client connection is over (what was written is still flushed). closeCode is the
    // WebSocket close code, or the HTTP status when the backend refused the handshake.
    virtual void fanoutEnded(int closeCode, const QByteArray &reason) = 0;
    // Non-null while the console watches the connection.
    virtual SessionTracer *fanoutTracer() = 0;
    // The connection's channels changed (a control message): the console's row is stale.
    virtual void fanoutChannelsChanged() = 0;

protected:
    ~WsFanoutOwner() = default;
};

// A client WebSocket terminated by Holdfast and spoken to a GRIP backend as WebSocket-over-HTTP
// (Pushpin's over_http): one POST of events at a time, client messages batched meanwhile,
// control messages from the backend acted on, and publishes to its channels delivered as frames.
// The `test` target answers in-process instead (the starter kit's /test/websocket).
class WsFanoutLink final : public StreamClient, public Subscriber
{
    Q_DISABLE_COPY_MOVE(WsFanoutLink)

public:
    WsFanoutLink(WsFanoutOwner &owner, SessionTimers timers, BrokerContext &context,
                 const Route &route, const RouteTarget &target, const HttpRequestHead &request,
                 const QByteArray &connectionId);
    ~WsFanoutLink();

    // The hop the client came in on: what X-Forwarded-* tell the backend.
    void setClientHop(const ClientHop &hop) { m_hop = hop; }
    // address: the resolved backend (unused for the `test` target).
    void start(const QHostAddress &address);
    void onClientData(const char *data, qsizetype size);
    // The client's TCP connection ended without a close handshake.
    void onClientDropped();
    void onTimer(quint32 timerKind, qint64 nowMs);
    void shutdown(quint16 code, const QByteArray &reason);

    void deliver(const Delivery &delivery) override;

    QList<QByteArray> channels() const { return m_channels; }
    // Its message counts and subscriptions.
    void report(ConnectionInfo *info) const
    {
        info->messagesFromClient = m_messagesFromClient;
        info->messagesToClient = m_messagesToClient;
        info->channels = m_channels;
    }

private:
    enum class State : quint8
    {
        Opening,
        Open,
        Closing,
        Ended
    };

    void onStreamConnected(Stream *stream) override;
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *stream) override;
    void onStreamClosed(Stream *stream, const QString &error) override;

    void queueEvent(WsEvent event);
    // force: send even with no events (a keep-alive or a refresh).
    void sendRequestIfIdle(bool force = false);
    // Sends m_inFlight (again, after a failure) on a new backend connection.
    void sendInFlight();
    // The backend request failed before its answer: retried with back-off when Pushpin would,
    // else fail().
    void requestFailed(const QByteArray &why);
    void setMeta(const QByteArray &name, const QByteArray &value, bool remove);
    QByteArray requestHead(qsizetype bodySize) const;
    void handleResponse();
    void handleSelfBackend(const QList<WsEvent> &events);
    void acceptHandshake(const HttpHeaders &responseHeaders);
    // endReason: for the log and the ledger when it was not the backend's own refusal.
    void refuseHandshake(int status, const QByteArray &reason, const HttpHeaders &headers,
                         const QByteArray &body, const QByteArray &endReason = {});
    void applyEvents(const QList<WsEvent> &events);
    void applyControl(const WsControlMessage &control);
    // channel: the full name (route prefix included); within --max-ws-channels.
    void subscribe(const QByteArray &channel);
    void sendFrame(quint8 opcode, const QByteArray &payload);
    // A text or binary message, compressed when permessage-deflate was agreed.
    QByteArray dataFrame(quint8 opcode, const QByteArray &payload);
    // Inflates the compressed messages in place; at the first that fails, drops it and the rest
    // and returns false with the close code (1007 corrupt, 1009 too big) and why.
    bool inflateMessages(QList<WsFrameDecoder::Message> *messages, quint16 *code, QByteArray *why);
    void closeClient(quint16 code, const QByteArray &reason);
    void fail(const QByteArray &why);
    void end(int closeCode, const QByteArray &reason);
    void unsubscribeAll();
    void requeueUnaccepted(const QByteArray &acceptedHeader);

    WsFanoutOwner &m_owner;
    SessionTimers m_timers;
    BrokerContext &m_context;
    const Route &m_route;
    const RouteTarget &m_target;
    HttpRequestHead m_request;
    QByteArray m_connectionId;
    QHostAddress m_address;
    WsFrameDecoder m_decoder;
    std::unique_ptr<WsDeflate> m_deflate; // permessage-deflate agreed with the client

    QList<WsEvent> m_outgoing; // waiting for the request in flight to finish
    QList<WsEvent> m_inFlight; // what the current request carries
    qint64 m_inFlightBytes = 0;
    qint64 m_replayedBytes = 0; // Content-Bytes-Replayed of the next request
    Stream *m_backend = nullptr;
    HttpResponseParser m_responseParser;
    HttpBodyFramer m_responseBody;
    QByteArray m_responseBytes;
    bool m_responseHeadDone = false;
    bool m_requestConnected = false; // this request's connection was established
    bool m_requestSent = false;      // and its bytes all written
    int m_retries = 0;               // of the request in flight
    qint64 m_retryDueMs = 0;         // a retry is waiting for WsRetryTimer

    QByteArray m_messagePrefix;
    QList<QByteArray> m_channels;
    QList<QPair<QByteArray, QByteArray>> m_meta;
    QByteArray m_keepAliveContent;
    quint8 m_keepAliveOpcode = 0;
    qint64 m_keepAliveMs = 0;
    bool m_keepAliveInterval = false;
    qint64 m_nextKeepAliveMs = 0;
    qint64 m_lastClientWriteMs = 0;
    QByteArray m_delayedContent;
    quint8 m_delayedOpcode = 0;
    qint64 m_delayedDueMs = 0;
    bool m_hasDelayed = false;
    ClientHop m_hop; // what the backend is told about the client (X-Forwarded-*)
    quint16 m_closeCode = 1000;
    qint64 m_backendKeepAliveMs = 0; // Keep-Alive-Interval
    qint64 m_lastRequestMs = 0;
    qint64 m_requestDeadlineMs = 0;
    quint64 m_messagesFromClient = 0;
    quint64 m_messagesToClient = 0;
    State m_state = State::Opening;
    bool m_grip = false;
    bool m_detached = false;
    bool m_self = false;
    bool m_closeSent = false;
    bool m_channelLimitLogged = false; // a backend looping over subscribes logs once
};
