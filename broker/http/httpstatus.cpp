#include "http/httpstatus.h"

#include <algorithm>
#include <iterator>

namespace {
struct Reason
{
    int code;
    const char *rfc;     // "" where RFC 9110 names no such code
    const char *pushpin; // "" where Pushpin's table has none
};

// Sorted by code. The two columns differ where the RFC renamed a code (413, 414) or where only
// one of them lists it.
constexpr Reason Reasons[] = {
    {100, "Continue", "Continue"},
    {101, "Switching Protocols", "Switching Protocols"},
    {102, "", "Processing"},
    {200, "OK", "OK"},
    {201, "Created", "Created"},
    {202, "Accepted", "Accepted"},
    {203, "Non-Authoritative Information", "Non-Authoritative Information"},
    {204, "No Content", "No Content"},
    {205, "Reset Content", "Reset Content"},
    {206, "Partial Content", "Partial Content"},
    {207, "", "Multi-Status"},
    {208, "", "Already Reported"},
    {226, "", "IM Used"},
    {300, "Multiple Choices", "Multiple Choices"},
    {301, "Moved Permanently", "Moved Permanently"},
    {302, "Found", "Found"},
    {303, "See Other", "See Other"},
    {304, "Not Modified", "Not Modified"},
    {305, "", "Use Proxy"},
    {306, "", "Reserved"},
    {307, "Temporary Redirect", "Temporary Redirect"},
    {308, "Permanent Redirect", "Permanent Redirect"},
    {400, "Bad Request", "Bad Request"},
    {401, "Unauthorized", "Unauthorized"},
    {402, "", "Payment Required"},
    {403, "Forbidden", "Forbidden"},
    {404, "Not Found", "Not Found"},
    {405, "Method Not Allowed", "Method Not Allowed"},
    {406, "Not Acceptable", "Not Acceptable"},
    {407, "", "Proxy Authentication Required"},
    {408, "Request Timeout", "Request Timeout"},
    {409, "Conflict", "Conflict"},
    {410, "Gone", "Gone"},
    {411, "Length Required", "Length Required"},
    {412, "Precondition Failed", "Precondition Failed"},
    {413, "Content Too Large", "Request Entity Too Large"},
    {414, "URI Too Long", "Request-URI Too Long"},
    {415, "Unsupported Media Type", "Unsupported Media Type"},
    {416, "", "Requested Range Not Satisfiable"},
    {417, "Expectation Failed", "Expectation Failed"},
    {421, "Misdirected Request", ""},
    {422, "", "Unprocessable Entity"},
    {423, "", "Locked"},
    {424, "", "Failed Dependency"},
    {426, "Upgrade Required", "Upgrade Required"},
    {428, "", "Precondition Required"},
    {429, "Too Many Requests", "Too Many Requests"},
    {431, "Request Header Fields Too Large", "Request Header Fields Too Large"},
    {500, "Internal Server Error", "Internal Server Error"},
    {501, "Not Implemented", "Not Implemented"},
    {502, "Bad Gateway", "Bad Gateway"},
    {503, "Service Unavailable", "Service Unavailable"},
    {504, "Gateway Timeout", "Gateway Timeout"},
    {505, "HTTP Version Not Supported", "HTTP Version Not Supported"},
    {506, "", "Variant Also Negotiates"},
    {507, "", "Insufficient Storage"},
    {508, "", "Loop Detected"},
    {510, "", "Not Extended"},
    {511, "", "Network Authentication Required"},
};

const Reason *find(int code)
{
    const auto it = std::lower_bound(std::begin(Reasons), std::end(Reasons), code,
                                     [](const Reason &r, int c) { return r.code < c; });
    return it != std::end(Reasons) && it->code == code ? it : nullptr;
}
} // namespace

QByteArray HttpStatus::reason(int code)
{
    const Reason *found = find(code);
    return found ? QByteArray(found->rfc) : QByteArray();
}

QByteArray HttpStatus::pushpinReason(int code)
{
    const Reason *found = find(code);
    return found && *found->pushpin ? QByteArray(found->pushpin)
                                    : QByteArrayLiteral("Undefined Reason");
}
