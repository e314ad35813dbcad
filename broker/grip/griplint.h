#pragma once

#include <QByteArray>
#include <QStringList>

#include "grip/gripinstruction.h"
#include "http/httpheaders.h"

// Plain-words advice about what a GRIP backend sent, for the console's connection detail: the
// mistakes that make a connection quietly receive nothing, which the protocol itself accepts.
class GripLint
{
public:
    // The Grip-* headers of one backend response (and its status), as the broker read them.
    static QStringList responseWarnings(int status, const HttpHeaders &headers);
    // A WebSocket-over-HTTP response: its status, headers and body.
    static QStringList wsResponseWarnings(int status, const HttpHeaders &headers,
                                          const QByteArray &body);
    // One line: "hold stream on 'a', 'b'; timeout 55 s; keep-alive every 20 s (idle)".
    static QString describe(const GripInstruction &instruction);
    // The Grip-* headers only, one "Name: value" per line.
    static QString gripHeaderLines(const HttpHeaders &headers);
};
