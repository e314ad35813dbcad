#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include "http/httpheaders.h"

struct GripChannel
{
    QByteArray name;
    QByteArray prevId; // null when not given
    QList<QByteArray> filters;
};

struct GripKeepAlive
{
    QByteArray data; // decoded: what is written to the client
    qint64 timeoutSecs = 55;
    enum class Mode
    {
        Idle,
        Interval
    } mode = Mode::Idle;
    bool enabled = false;
};

struct GripLink
{
    QByteArray url; // as sent, possibly relative: the caller resolves it against the request URL
    qint64 timeoutSecs = 120;
};

// What a GRIP backend asked for in its response, read as Pushpin's src/handler/instruct.cpp does.
struct GripInstruction
{
    static constexpr qint64 minimumTimeoutSecs = 5;          // Grip-Timeout below this is raised
    static constexpr qint64 minimumKeepAliveTimeoutSecs = 1; // keep-alive timeout likewise
    static constexpr int maxFilters = 5; // Pushpin's MESSAGEFILTERSTACK_SIZE_MAX

    enum class Hold
    {
        None,
        Stream,
        Response
    } hold = Hold::None;
    QList<GripChannel> channels;
    qint64 timeoutSecs = 55; // Grip-Timeout, raised to minimumTimeoutSecs
    GripKeepAlive keepAlive; // Grip-Keep-Alive: data; format=raw|cstring|base64; timeout=N;
                             // mode=idle|interval
    int status = 0;          // Grip-Status: code [reason] (0 = not given)
    QByteArray reason;       // empty = not given: the caller picks the standard phrase
    QList<QPair<QByteArray, QByteArray>> meta; // Grip-Set-Meta, in order; a repeated key keeps
                                               // its first place and takes the last value
    GripLink next; // Grip-Link: <url>; rel=next[; timeout=N] (url empty = not given)
    GripLink gone; // Grip-Link: <url>; rel=gone
    // Grip-* names we do not act on (Grip-Expose-Headers, or anything unknown), once each as first
    // spelled, so the caller can log them once per route.
    QList<QByteArray> unsupportedHeaders;

    static bool isGripHeader(const QByteArray &name); // case-insensitive "Grip-" prefix

    // Parses every Grip-* header of a backend response into *out (reset first). Returns false with
    // *error = "<Header>: <problem>" for malformed input; *out is then unspecified.
    //
    // Where a header is taken once (Grip-Hold, Grip-Timeout, Grip-Keep-Alive, Grip-Status), the
    // first one counts, as in Pushpin. Grip-Channel, Grip-Set-Meta and Grip-Link may be repeated
    // and comma-separated; parameter values may be quoted strings ("a\"b"); empty list elements
    // are skipped (RFC 9110 5.6.1). Channel and parameter names compare case-insensitively.
    static bool parse(const HttpHeaders &headers, GripInstruction *out, QString *error);

    // True for Content-Type: application/grip-instruct (any case, parameters ignored). Pushpin
    // requires such a response to have status 200 and reports an error otherwise; that check is
    // the caller's, as is preferring the body over any Grip-* headers.
    static bool isInstructContentType(const HttpHeaders &headers);

    // Parses an application/grip-instruct body: {"hold":{"mode","channels":[{"name","prev-id",
    // "filters"}],"timeout","keep-alive":{"content"|"content-bin","timeout"},"meta"},
    // "response":{"code","reason","headers","body"|"body-bin"}}. *out gets the hold (reset
    // first); *code, *reason, *headers and *responseBody the response to send now (200, "", none
    // and "" when not given). Errors as for parse(), prefixed "grip-instruct: ".
    static bool parseJson(const QByteArray &body, GripInstruction *out, int *code,
                          QByteArray *reason, HttpHeaders *headers, QByteArray *responseBody,
                          QString *error);

    // The headers to pass to the client: all except Grip-* (hop-by-hop is the caller's job).
    static HttpHeaders clientHeaders(const HttpHeaders &backendHeaders);
};
