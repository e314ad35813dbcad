#pragma once

#include <memory>

#include <QByteArray>
#include <QHostAddress>
#include <QList>

#include "proxy/brokercontext.h"
#include "core/brokersnapshot.h"
#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "net/stream.h"
#include "proxy/griphold.h"
#include "proxy/gripresponsereader.h"
#include "proxy/origindialer.h"
#include "proxy/subscriberbacklog.h"
#include "proxy/wsfanoutlink.h"
#include "proxy/wstunnel.h"

class RouteTable;
class SessionTracer;
struct Route;

// One client TCP connection: a keep-alive series of HTTP requests, each reverse-proxied or held by
// the backend's GRIP instruction (GripHold), or one WebSocket upgrade: relayed to the origin
// untouched (WsTunnel) or spoken to a GRIP backend as WebSocket-over-HTTP (WsFanoutLink).
class ProxySession final : public StreamClient,
                           public HoldOwner,
                           public WsFanoutOwner,
                           public TunnelOwner,
                           public DialerOwner,
                           public Retirable
{
    Q_DISABLE_COPY_MOVE(ProxySession)

public:
    // tls: the server context of the TLS listener the connection came through, else nullptr.
    ProxySession(BrokerContext &context, quint64 id, int fd, const QHostAddress &peer,
                 quint16 peerPort, SSL_CTX *tls = nullptr);
    ~ProxySession() override;

    quint64 id() const { return m_info.id; }
    QDateTime startedUtc() const { return m_info.startedUtc; }
    quint64 requestCount() const { return m_info.requests; }
    ConnectionInfo::Transport transport() const { return m_info.transport; }
    ConnectionInfo info() const;
    bool isReported() const { return m_reported; }
    void setReported(bool reported) { m_reported = reported; }
    bool countersReported() const { return m_countersReported; }
    void setCountersReported(bool reported) { m_countersReported = reported; }

    void start();
    void onTimer(quint32 kind);
    void onResolved(const QList<QHostAddress> &addresses, const QString &error);
    // The broker is stopping: WebSockets are closed with 1001, idle keep-alives at once.
    void shutdown();
    // Closes both sides at once (end of the shutdown grace period).
    void abort(const QByteArray &reason);
    // An operator's disconnect from the console: WebSockets get a close frame with code.
    void closeByOperator(quint16 code, const QByteArray &reason);
    // Delivers one item to this connection alone, in its own format. False when the connection
    // holds no subscription that can carry it (e.g. a passthrough tunnel).
    bool deliverDirect(const PublishItem &item);
    // The console watches this connection: from now on what passes is traced (see SessionTracer),
    // starting with what the broker already knows (the backend's last GRIP instruction).
    void setWatched(bool watched);

private:
    enum class Phase : quint8
    {
        ReadingHead,
        Dialing,
        AwaitingResponse,
        RelayingResponse,
        ReadingGripBody,
        Held,
        WsFanout,
        Tunnel,
        Finished
    };
    enum Direction
    {
        ClientToOrigin = 0,
        OriginToClient = 1
    };

    void onStreamConnected(Stream *stream) override;
    void onStreamData(Stream *stream, const char *data, qsizetype size) override;
    void onStreamDrained(Stream *stream) override;
    void onStreamClosed(Stream *stream, const QString &error) override;

    void handleClientBytes(const char *data, qsizetype size);
    void parseClientHead(const char *data, qsizetype size);
    void beginRequest();
    void dialAttempt(const RouteTarget &target) override;
    void dialResolved(const QHostAddress &address) override;
    void dialConnected(Stream *origin) override;
    void dialFailed(int status, const QByteArray &text, const HttpHeaders &extra) override;
    void forwardRequestBody(const char *data, qsizetype size);
    void handleOriginBytes(const char *data, qsizetype size);
    void handleResponseHead(const char *data, qsizetype size);
    void relayResponseBody(const char *data, qsizetype size);
    void finishResponse();
    void readNextRequest();
    bool handleGripResponse(const char *data, qsizetype size);
    void gripBodyRead(GripResponseReader::State state);
    void sendPlainResponse(const GripHold::Response &response, const QByteArray &reason);
    void startSelfBackend();
    // target: the one that answered (its sub= channels join the hold).
    void enterHold(const GripInstruction &instruction, const RouteTarget &target,
                   GripHold::Response response);
    void holdWrite(const QByteArray &bytes) override;
    void holdEnded(bool closeConnection, const QByteArray &reason) override;
    void endHold();
    void startWsFanout(const RouteTarget &target, const QHostAddress &address);
    void fanoutWrite(const QByteArray &bytes) override;
    void fanoutOpened() override;
    void fanoutEnded(int closeCode, const QByteArray &reason) override;
    SessionTracer *fanoutTracer() override { return m_tracer.get(); }
    void fanoutChannelsChanged() override { changed(); }
    void startTunnel(const char *rest, qsizetype size);
    void tunnelWrite(bool toOrigin, const char *data, qsizetype size) override;
    SessionTracer *tunnelTracer() override { return m_tracer.get(); }
    void tunnelCloseCode(quint16 code, const QByteArray &reason) override;
    void tunnelEnded(const QByteArray &reason) override;
    // Answers status and closes with a lingering close: the client may still be sending.
    void respondError(int status, const QByteArray &text, const HttpHeaders &extra = {});
    // After a message to a held or Fanout WebSocket subscriber: closes it when over its backlog.
    bool checkBacklog();
    void finish(const QByteArray &reason);
    // Closes the origin connection at once, dropping what is queued for it.
    void closeOrigin();

    void writeTo(Direction direction, const char *data, qsizetype size);
    // Held responses and Fanout WebSockets: written at the end of the loop turn, so the
    // publishes of one turn reach a subscriber in one send(). message: counted against the
    // backlog; true when it put the subscriber over it and the client connection was dropped.
    bool writeToSubscriber(const QByteArray &bytes, bool message);
    void updateClientReading();
    void changed();
    void traceCurrentState();
    QByteArray routeLabel() const;

    BrokerContext &m_context;
    SessionTimers m_timers;
    OriginDialer m_dialer;
    ConnectionInfo m_info;
    Stream *m_client = nullptr;
    Stream *m_origin = nullptr;
    HttpRequestParser m_requestParser;
    HttpResponseParser m_responseParser;
    HttpBodyFramer m_requestBody;
    HttpBodyFramer m_responseBody;
    std::shared_ptr<const RouteTable> m_routes;
    const Route *m_route = nullptr;
    QByteArray m_clientIp;
    QByteArray m_originHead;      // raw response head bytes, relayed verbatim for a 101
    QByteArray m_heldClientBytes; // bytes after the current request (pipelining, early frames)
    QByteArray m_lastError;
    std::unique_ptr<WsTunnel> m_tunnel;
    std::unique_ptr<GripHold> m_hold;
    std::unique_ptr<WsFanoutLink> m_link;
    std::unique_ptr<GripHold> m_endedHold;   // kept until the next hold: it may be mid-call
    std::unique_ptr<SessionTracer> m_tracer; // only while the console watches
    SubscriberBacklog m_backlog;
    GripResponseReader m_gripReader;
    quint64 m_heldMessages = 0;
    qint64 m_headDeadlineMs = 0;
    qint64 m_responseDeadlineMs = 0;
    Phase m_phase = Phase::ReadingHead;
    bool m_reported = false;
    bool m_countersReported = false;
    bool m_clientTls = false; // came in on the TLS listener
    ClientHop m_hop;          // this request's: TLS (or said so), trusted upstream
    bool m_websocket = false;
    bool m_grip = false;
    bool m_wsOverHttp = false;
    bool m_closeAfterResponse = false;
    bool m_lingerOnClose = false;
    bool m_clientBackpressured = false;
    bool m_originBackpressured = false;
};
