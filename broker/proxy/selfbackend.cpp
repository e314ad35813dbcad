#include "proxy/selfbackend.h"

#include "http/httprequestparser.h"

bool SelfBackend::instruct(const HttpRequestHead &request, GripInstruction *instruction,
                           GripHold::Response *response)
{
    const QByteArray path = request.path();
    *instruction = GripInstruction();
    instruction->channels.append(GripChannel{Channel, {}, {}});
    response->status = 200;
    response->reason = "OK";
    response->headers = HttpHeaders();
    response->body.clear();
    // Pushpin's test handler calls them /stream and /response; the starter kit /test/stream,
    // /test/sse and /test/long-poll.
    if (path.endsWith("/stream")) {
        instruction->hold = GripInstruction::Hold::Stream;
        response->headers.add("Content-Type", "text/plain");
        return true;
    }
    if (path.endsWith("/sse")) {
        instruction->hold = GripInstruction::Hold::Stream;
        response->headers.add("Content-Type", "text/event-stream");
        response->headers.add("Cache-Control", "no-cache");
        return true;
    }
    if (path.endsWith("/long-poll") || path.endsWith("/response")) {
        instruction->hold = GripInstruction::Hold::Response;
        response->headers.add("Content-Type", "text/plain");
        return true;
    }
    response->status = 404;
    response->reason = "Not Found";
    response->headers.add("Content-Type", "text/plain; charset=utf-8");
    response->body = "holdfast: the test backend serves /test/stream, /test/sse and "
                     "/test/long-poll\n";
    return false;
}
