#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One backend of a route, as written after the condition in a Pushpin routes file.
struct RouteTarget
{
    QByteArray host; // name, IPv4, or IPv6 without brackets
    quint16 port = 0;
    bool ssl = false;        // `ssl`: TLS to the origin (SNI = hostOverride or host)
    QByteArray hostOverride; // `host=name`: Host header (and SNI) sent to the origin
    // `insecure`: accept an origin certificate the trust store does not verify (local
    // development).
    bool insecure = false;
    // `untrusted`, as in Pushpin: the target gets no exemption from the outbound policy, so a
    // private, loopback or link-local address is refused (OriginDialer::isPrivateAddress).
    bool untrusted = false;
    bool overHttp = false; // `over_http`: WebSocket-over-HTTP to a GRIP backend
    bool oneEvent = false; // `one_event`: one WebSocket-over-HTTP event per backend request
    // `sub=channel`, repeatable: implicit subscriptions of every GRIP hold and WebSocket-over-HTTP
    // connection on this target; not prefixed, never unsubscribed by the backend.
    QList<QByteArray> subscriptions;
    bool isTest = false; // Pushpin's built-in `test` target

    // "host:port,ssl,host=x" in Pushpin syntax; round-trips through the parser ([v6]:port for
    // IPv6, "test" for the test target, values quoted when they need it).
    QByteArray toText() const;

    bool operator==(const RouteTarget &other) const;
    bool operator!=(const RouteTarget &other) const { return !(*this == other); }
};

// One line of a routes file: a condition and the targets it sends to.
struct Route
{
    // Pushpin's marker for a copy of a client header kept as the client sent it.
    static constexpr const char *OrigHeaderMark = "eb9bf0f5-";

    QByteArray id; // `id=`; else generated like Pushpin: "domain,proto,ssl,path_beg"
    bool explicitId = false;
    QByteArray domain;  // "*" any host; "" = no domain (addressable only by id); else lower-case
    QByteArray proto;   // "" any, "http", "ws"
    int ssl = -1;       // `ssl=yes|no` on the condition: -1 unset, 0 no, 1 yes
    QByteArray pathBeg; // `path_beg=` (never empty when set)
    bool hasReplaceBeg = false;
    QByteArray replaceBeg;                        // `replace_beg=`
    int pathRem = 0;                              // `path_rem=N`
    QByteArray asHost;                            // `as_host=`
    QList<QPair<QByteArray, QByteArray>> headers; // `header=Name:Value`, repeatable
    QByteArray sigIss, sigKey;                    // `sig_iss=`, `sig_key=` (decoded)
    QByteArray prefix; // `prefix=`: prepended to every channel the backend names (not to `sub=`)
    bool noGrip = false;
    // `orig_headers`: the backend also gets the client's headers as received, each marked with
    // Route::OrigHeaderMark (OriginRequest::head).
    bool origHeaders = false;
    bool debug = false;   // `debug`: loads with a warning (Holdfast's errors always carry detail)
    bool session = false; // `session`: loads with a warning (not supported)
    int maxConnTimeSeconds = 0; // ours: `max_conn_time=SECONDS`, 0 = unlimited
    QList<RouteTarget> targets; // at least one; tried in order (failover)
    QString fileName;
    int line = 0; // where it came from

    // The request target (origin-form, "/path?query") with path_rem / replace_beg applied as
    // Pushpin does; the query is kept. Targets not starting with '/' ("*", absolute-form) are
    // returned unchanged.
    QByteArray rewritePath(const QByteArray &target) const;

    // One Pushpin-syntax line that parses back to an equal Route (id= only if explicitId).
    QByteArray toLine() const;

    // The id Pushpin generates from the condition: "domain,proto,ssl,path_beg", "*" for unset
    // parts, ssl as "ssl" / "no-ssl".
    QByteArray conditionId() const;

    // Whether the condition (not the domain) accepts this request; `path` may carry a query.
    bool matchesRequest(const QByteArray &path, bool isWebSocket, bool isTls) const;

    // Compares everything except where the route came from (fileName, line).
    bool operator==(const Route &other) const;
    bool operator!=(const Route &other) const { return !(*this == other); }
};
