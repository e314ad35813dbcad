#pragma once

#include <optional>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

// JSON as the GRIP parsers read it (grip-instruct bodies, WebSocket control messages, the
// publish API): the one home for how a document, a string, an integer and base64 are read, and
// for Pushpin's error wording (its VariantUtil: "hold contains 'timeout' with wrong type").
namespace GripJson {
// The top-level object; false with *problem ("invalid JSON at offset 17: unterminated string",
// "expected a JSON object").
bool object(const QByteArray &json, QJsonObject *out, QString *problem);

enum class Field
{
    Absent,
    Read,
    WrongType
};
// A string member, as UTF-8 (never null when read: an empty string reads as "").
Field string(const QJsonObject &object, const QString &key, QByteArray *out);

// JSON has only doubles: an integer is a number without a fraction, within [min, max]. The
// range is checked before converting, so 1e300 is out of range rather than undefined behaviour.
enum class Number
{
    Ok,
    NotInteger, // not a number, or one with a fraction
    OutOfRange
};
Number integer(const QJsonValue &value, qint64 min, qint64 max, qint64 *out);

// Standard base64; false on a character outside the alphabet (Qt's abort mode), as Pushpin
// reads grip-instruct and control messages.
bool base64(QByteArrayView text, QByteArray *out);
// Strict RFC 4648 4, for the publish API: the standard alphabet only (no whitespace, no
// base64url), length a multiple of four, "=" only as one or two final padding characters, so a
// typo never turns into silently different content. The decoded size, known before decoding so
// an oversized payload is never decoded; nullopt when the text is not such base64.
std::optional<qsizetype> strictBase64Size(QByteArrayView text);

// Pushpin's wording, parent being the object's name ("hold", "control message").
QString missing(const QString &parent, const QString &key);
QString wrongType(const QString &parent, const QString &key);
QString invalidValue(const QString &parent, const QString &key);
} // namespace GripJson
