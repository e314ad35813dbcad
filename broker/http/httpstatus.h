#pragma once

#include <QByteArray>

// Reason phrases of HTTP status codes, in one table.
namespace HttpStatus {
// RFC 9110 section 15 (plus 429 and 431 from RFC 6585), for the answers the broker makes;
// empty for a code it does not name.
QByteArray reason(int code);
// Pushpin's table (src/core/statusreasons.cpp, the IANA registry of 2015), for a published
// http-response without a reason, so that a subscriber reads what Pushpin would have sent;
// "Undefined Reason" for a code it does not name, as there.
QByteArray pushpinReason(int code);
} // namespace HttpStatus
