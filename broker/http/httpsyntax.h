#pragma once

#include <QByteArrayView>

// Byte classes of HTTP's grammar that several parsers share (HttpHeaders::isToken is the token).
namespace HttpSyntax {

// 0-15 for a hexadecimal digit of either case, -1 for anything else.
inline int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// RFC 9110 5.5 field-value (and 15 reason-phrase, chunk-extension, trailer) bytes: HTAB, SP,
// VCHAR, obs-text. CR and LF would let a value write arbitrary lines into a message.
inline bool isFieldByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 ? u != 0x7f : u == '\t';
}

inline bool isFieldValue(QByteArrayView text)
{
    for (const char c : text) {
        if (!isFieldByte(c))
            return false;
    }
    return true;
}

} // namespace HttpSyntax
