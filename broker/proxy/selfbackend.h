#pragma once

#include "grip/gripinstruction.h"
#include "proxy/griphold.h"

struct HttpRequestHead;

// The built-in `test` target (Fastly's starter-kit "self" backend, Pushpin's test handler):
// answers GRIP instructions in-process, holding every request on channel "test".
class SelfBackend
{
public:
    static constexpr const char *Channel = "test";

    // False when the path names no endpoint; *response then holds a 404 to send.
    static bool instruct(const HttpRequestHead &request, GripInstruction *instruction,
                         GripHold::Response *response);
};
