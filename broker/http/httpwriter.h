#pragma once

#include "http/httpheaders.h"

#include <QByteArray>

// Serializes heads. Names and values are written as given: callers must not pass CR or LF in
// them (everything from HttpRequestParser/HttpResponseParser is already checked).
class HttpWriter
{
public:
    static QByteArray requestHead(const QByteArray &method, const QByteArray &target,
                                  const HttpHeaders &headers, int versionMinor = 1);
    static QByteArray responseHead(int status, const QByteArray &reason, const HttpHeaders &headers,
                                   int versionMinor = 1);
    // Content-Type, Content-Length and Connection are always ours; the same names in extra are
    // skipped so the response stays well framed.
    static QByteArray errorResponse(int status, const QByteArray &text,
                                    const HttpHeaders &extra = {});
    // content as one HTTP/1.1 chunk (size in hex, CRLF, content, CRLF); empty content would be
    // the last-chunk, so callers send none.
    static QByteArray chunk(const QByteArray &content);
};
