#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include "routes/route.h"

// Everything the broker needs to start, passed by value to Broker::start().
struct Configuration
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 7676;
    QHostAddress publishAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 publishPort = 5561;

    // The client TLS listener (https://, wss://) runs when tlsCertFile is set.
    QHostAddress tlsListenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 tlsListenPort = 7443;
    QString tlsCertFile; // PEM chain, leaf first
    QString tlsKeyFile;  // unencrypted PEM key

    QList<Route> routes;
    QString routesFile; // watched and reloaded when set

    QString extraCaFile; // trusted for TLS origins in addition to the system store

    // Proxy chains, as Pushpin's [proxy] settings of the same names. X-Forwarded-For: keep the
    // last `truncate` values the client sent (-1: all of them), then append the client's address.
    struct XffRule
    {
        int truncate = -1;
        bool append = false;
        bool operator==(const XffRule &other) const
        {
            return truncate == other.truncate && append == other.append;
        }
    };
    enum class ForwardedProto : quint8
    {
        ProtoOnly, // X-Forwarded-Proto: https (or wss) on TLS requests; Pushpin's default
        Both,      // and X-Forwarded-Protocol too (Pushpin's "true")
        Off        // neither (the client's are still dropped when accept is off)
    };
    // accept_x_forwarded_protocol: a request whose X-Forwarded-Proto (or X-Forwarded-Protocol)
    // says https or wss counts as a TLS request (ssl= conditions, what the origin is told).
    bool acceptXForwardedProto = false;
    ForwardedProto setXForwardedProto = ForwardedProto::ProtoOnly; // set_x_forwarded_protocol
    // x_forwarded_for: Holdfast appends by default (Pushpin's default passes the header as it is).
    XffRule xffRule{-1, true};
    XffRule xffTrustedRule{-1, true}; // x_forwarded_for_trusted: for upstream-signed requests
    // upstream_key: a request with a Grip-Sig valid for this key comes from a GRIP proxy in front
    // of this one; its Grip-* headers pass and its responses are relayed, not acted on.
    QByteArray upstreamKey;

    // Grip-Sig towards GRIP backends; Pushpin's default key, so backends written for it verify.
    QByteArray sigKey = "changeme";
    QByteArray sigIssuer = "holdfast";
    // Required on the publish API when set (Bearer, Basic password or Fastly-Key).
    QByteArray publishKey;

    int headerTimeoutMs = 10'000;
    int connectTimeoutMs = 10'000;
    // How long an origin or GRIP backend may take to start its response (nginx's
    // proxy_read_timeout default); long streams after the head are not limited.
    int responseTimeoutMs = 60'000;
    qsizetype maxHeaderBytes = 16 * 1024;
    // Past this many bytes queued towards a slow reader, the other side stops being read.
    qsizetype relayHighWaterBytes = 1024 * 1024;
    // Limits: each one's answer and its test are listed in docs/security.md.
    // Client connections on both listeners; beyond, 503 with Retry-After.
    int maxConnections = 10'000;
    qsizetype maxPublishBodyBytes = 1024 * 1024; // Pushpin's push_in_http_max_body_size
    qsizetype maxWsMessageBytes = 1024 * 1024;   // from a Fanout WebSocket client; 1009 beyond
    // A GRIP backend's response body is read whole before the hold starts; beyond, 502.
    qsizetype maxGripBodyBytes = 1024 * 1024;
    // Channels one Fanout WebSocket may subscribe to (Pushpin's connection_subscription_max);
    // further subscribe control messages are ignored, as there.
    int maxWsChannels = 20;
    // A WebSocket-over-HTTP request that failed before the backend could act on it is tried
    // again up to this many times, after base x 2^n ms plus up to base ms of jitter (Pushpin: 5
    // tries from 1 s); then the client is closed with 1011.
    int wsRetryMax = 5;
    int wsRetryBaseMs = 1'000;
    // permessage-deflate (RFC 7692) towards Fanout WebSocket clients, negotiated when a client
    // offers it; off by default like Pushpin's allow_compression. Passthrough WebSockets relay
    // whatever their two ends negotiate either way.
    bool wsCompression = false;
    // A Fanout WebSocket client's pings and pongs go to the backend as PING/PONG events, as in
    // Pushpin, instead of being answered by Holdfast.
    bool wsForwardPings = false;
    // Per content or body of a published item after decoding; beyond, the publish is refused
    // 400. Fastly Fanout's documented 65,536 by default; 0 is no limit, as in Pushpin.
    qsizetype maxItemContentBytes = 65'536;
    // Pushpin's message_wait: how long an item whose prev-id is not the channel's last id waits
    // for its predecessor; and id_cache_ttl: how long a channel remembers ids (0: not at all).
    int messageWaitMs = 5'000;
    int idCacheTtlMs = 60'000;
    // A subscriber (held response or Fanout WebSocket) behind by more than either is closed.
    int maxPendingMessages = 1'000;
    qsizetype maxPendingBytes = 8 * 1024 * 1024;
    // All connections together: past this many bytes queued in Holdfast's buffers, a subscriber
    // with more than SubscriberBacklog::FairShareBytes queued is closed as slow when the next
    // message reaches it, so 10,000 readers that stopped cannot take 10,000 x maxPendingBytes.
    qint64 maxPendingBytesTotal = qint64(1024) * 1024 * 1024;
    // A connection closing after its last bytes is dropped when it takes none for this long
    // (Reactor::setDrainIdleMs; nginx's send_timeout).
    int drainIdleMs = 60'000;
    int snapshotIntervalMs = 250;
    // How long a stopping broker waits for WebSocket close handshakes and responses to finish.
    int shutdownGraceMs = 3'000;
};
