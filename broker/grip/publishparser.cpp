#include "grip/publishparser.h"

#include <climits>
#include <cmath>
#include <initializer_list>
#include <optional>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QUtf8StringView>

#include "grip/gripjson.h"
#include "http/httpheaders.h"
#include "http/httpsyntax.h"
#include "http/httpstatus.h"

namespace {

// RFC 6455 5.5: control frames carry at most 125 payload bytes; a close frame spends two of them
// on the status code.
constexpr qsizetype MaxControlPayload = 125;
constexpr qsizetype MaxCloseReason = MaxControlPayload - 2;

// Collects the first error. Every reader returns false once it has failed so callers can stop
// at once without checking the message.
struct Context
{
    QString error;
    qsizetype maxContentBytes = PublishParser::MaxContentBytes; // 0: no limit (Pushpin)

    bool tooBig(qsizetype size) const { return maxContentBytes > 0 && size > maxContentBytes; }

    bool fail(const QString &path, const QString &what)
    {
        error = path.isEmpty() ? what : path + QStringLiteral(": ") + what;
        return false;
    }
};

QString child(const QString &path, QLatin1String key)
{
    return path + QLatin1Char('.') + key;
}

QString child(const QString &path, const QString &key)
{
    return path + QLatin1Char('.') + key;
}

QString element(const QString &path, qsizetype index)
{
    return path + QStringLiteral("[%1]").arg(index);
}

// User text echoed in a message is cut short: the message goes back in a 400 response and into
// logs, and a 64 KiB "action" should not make it there whole.
QString quoted(const QString &text)
{
    constexpr qsizetype limit = 40;
    if (text.size() <= limit)
        return QLatin1Char('"') + text + QLatin1Char('"');
    return QLatin1Char('"') + text.left(limit) + QStringLiteral("...\"");
}

// Pushpin reads JSON through QVariant; with Qt 5 (Debian's 1.36 build) null becomes an invalid
// variant and so counts as a missing field. Publishers that serialize an unset id as null rely
// on that.
QJsonValue field(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    return value.isNull() ? QJsonValue(QJsonValue::Undefined) : value;
}

bool present(const QJsonValue &value)
{
    return !value.isUndefined();
}

// Only called with integral values: exact digits while a double holds them exactly, else short.
QString numberText(double value)
{
    if (std::fabs(value) < 1e15)
        return QString::number(static_cast<qint64>(value));
    return QString::number(value, 'g', 6);
}

QString tooLarge(qsizetype size, qsizetype limit)
{
    return QStringLiteral("%1 bytes exceeds the %2-byte limit").arg(size).arg(limit);
}

bool readString(Context &ctx, const QJsonValue &value, const QString &path, QByteArray *out)
{
    if (!value.isString())
        return ctx.fail(path, QStringLiteral("expected a string"));
    *out = value.toString().toUtf8();
    return true;
}

bool readOptionalString(Context &ctx, const QJsonObject &object, const QString &path,
                        QLatin1String key, std::optional<QByteArray> *out)
{
    const QJsonValue value = field(object, key);
    if (!present(value))
        return true;
    QByteArray text;
    if (!readString(ctx, value, child(path, key), &text))
        return false;
    *out = text;
    return true;
}

bool readInt(Context &ctx, const QJsonValue &value, const QString &path, int min, int max, int *out)
{
    qint64 number = 0;
    switch (GripJson::integer(value, min, max, &number)) {
    case GripJson::Number::NotInteger:
        return ctx.fail(path, QStringLiteral("expected an integer"));
    case GripJson::Number::OutOfRange:
        return ctx.fail(path, QStringLiteral("%1 is outside %2-%3")
                                  .arg(numberText(value.toDouble()))
                                  .arg(min)
                                  .arg(max));
    case GripJson::Number::Ok:
        break;
    }
    *out = int(number);
    return true;
}

// One payload given either as text (its UTF-8 bytes) or as base64 under the "-bin" key. Exactly
// one of the two may be given; isBinary says which it was.
bool readPayload(Context &ctx, const QJsonObject &object, const QString &path,
                 QLatin1String textKey, QLatin1String binKey, bool required, QByteArray *out,
                 bool *isBinary)
{
    const QJsonValue text = field(object, textKey);
    const QJsonValue bin = field(object, binKey);
    *isBinary = false;
    if (present(text) && present(bin)) {
        return ctx.fail(
            path,
            QStringLiteral("both \"%1\" and \"%2\" given, expected one").arg(textKey, binKey));
    }
    if (!present(text) && !present(bin)) {
        if (!required)
            return true;
        return ctx.fail(path, QStringLiteral("missing \"%1\" or \"%2\"").arg(textKey, binKey));
    }

    if (present(text)) {
        const QString textPath = child(path, textKey);
        QByteArray bytes;
        if (!readString(ctx, text, textPath, &bytes))
            return false;
        if (ctx.tooBig(bytes.size()))
            return ctx.fail(textPath, tooLarge(bytes.size(), ctx.maxContentBytes));
        *out = bytes;
        return true;
    }

    const QString binPath = child(path, binKey);
    QByteArray encoded;
    if (!readString(ctx, bin, binPath, &encoded))
        return false;
    const std::optional<qsizetype> size = GripJson::strictBase64Size(encoded);
    if (!size)
        return ctx.fail(binPath, QStringLiteral("invalid base64"));
    if (ctx.tooBig(*size))
        return ctx.fail(binPath, tooLarge(*size, ctx.maxContentBytes));
    *out = QByteArray::fromBase64(encoded);
    *isBinary = true;
    return true;
}

QString alternatives(const QStringList &names)
{
    if (names.size() == 1)
        return names.first();
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") +
           names.last();
}

// Matches a JSON name against the enum values a format allows, spelled by nameOf; anything else
// is an error listing the allowed names, so a typo'd action is never treated as "send".
template <typename Enum, typename NameOf>
bool readEnum(Context &ctx, const QJsonObject &object, const QString &path, QLatin1String key,
              const char *what, std::initializer_list<Enum> allowed, NameOf nameOf, Enum *out)
{
    const QJsonValue value = field(object, key);
    if (!present(value))
        return true; // *out keeps its default
    const QString fieldPath = child(path, key);
    if (!value.isString())
        return ctx.fail(fieldPath, QStringLiteral("expected a string"));
    const QString name = value.toString();
    QStringList names;
    for (const Enum candidate : allowed) {
        if (name == QLatin1String(nameOf(candidate))) {
            *out = candidate;
            return true;
        }
        names << QLatin1String(nameOf(candidate));
    }
    return ctx.fail(fieldPath, QStringLiteral("unknown %1 %2 (expected %3)")
                                   .arg(QLatin1String(what), quoted(name), alternatives(names)));
}

template <typename Action>
bool readAction(Context &ctx, const QJsonObject &object, const QString &path,
                std::initializer_list<Action> allowed, Action *out)
{
    return readEnum(
        ctx, object, path, QLatin1String("action"), "action", allowed,
        [](Action a) { return publishActionName(a); }, out);
}

bool readContentFilters(Context &ctx, const QJsonObject &object, const QString &path,
                        PublishContentFilters *out)
{
    const QLatin1String key("content-filters");
    const QJsonValue value = field(object, key);
    if (!present(value))
        return true;
    const QString fieldPath = child(path, key);
    if (!value.isArray())
        return ctx.fail(fieldPath, QStringLiteral("expected an array"));
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QByteArray name;
        if (!readString(ctx, list.at(i), element(fieldPath, i), &name))
            return false;
        out->append(name);
    }
    return true;
}

bool addHeader(Context &ctx, const QString &path, const QString &name, const QJsonValue &value,
               QList<QPair<QByteArray, QByteArray>> *out)
{
    const QByteArray nameBytes = name.toUtf8();
    if (!HttpHeaders::isToken(nameBytes))
        return ctx.fail(path, QStringLiteral("invalid header name %1").arg(quoted(name)));
    QByteArray valueBytes;
    if (!readString(ctx, value, path, &valueBytes))
        return false;
    if (!HttpSyntax::isFieldValue(valueBytes))
        return ctx.fail(path, QStringLiteral("header value contains a control character"));
    out->append({nameBytes, valueBytes});
    return true;
}

bool readHeaders(Context &ctx, const QJsonObject &object, const QString &path,
                 QList<QPair<QByteArray, QByteArray>> *out)
{
    const QLatin1String key("headers");
    const QJsonValue value = field(object, key);
    if (!present(value))
        return true;
    const QString fieldPath = child(path, key);
    if (value.isObject()) {
        // QJsonObject iterates by sorted key, as Pushpin's QVariantMap does, so both send the
        // headers in the same order.
        const QJsonObject headers = value.toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it) {
            if (!addHeader(ctx, child(fieldPath, it.key()), it.key(), it.value(), out))
                return false;
        }
        return true;
    }
    if (!value.isArray())
        return ctx.fail(fieldPath, QStringLiteral("expected an object or an array"));
    const QJsonArray pairs = value.toArray();
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QString pairPath = element(fieldPath, i);
        const QJsonArray pair = pairs.at(i).toArray();
        if (!pairs.at(i).isArray() || pair.size() != 2 || !pair.at(0).isString())
            return ctx.fail(pairPath, QStringLiteral("expected a [name, value] pair of strings"));
        if (!addHeader(ctx, pairPath, pair.at(0).toString(), pair.at(1), out))
            return false;
    }
    return true;
}

bool readObject(Context &ctx, const QJsonValue &value, const QString &path, QJsonObject *out)
{
    if (!value.isObject())
        return ctx.fail(path, QStringLiteral("expected an object"));
    *out = value.toObject();
    return true;
}

bool readHttpStream(Context &ctx, const QJsonValue &value, const QString &path,
                    HttpStreamFormat *out)
{
    using Action = HttpStreamFormat::Action;
    QJsonObject object;
    if (!readObject(ctx, value, path, &object))
        return false;
    if (!readAction(ctx, object, path, {Action::Send, Action::Hint, Action::Close}, &out->action))
        return false;
    if (out->action != Action::Send)
        return true;
    bool isBinary = false;
    return readContentFilters(ctx, object, path, &out->contentFilters) &&
           readPayload(ctx, object, path, QLatin1String("content"), QLatin1String("content-bin"),
                       true, &out->content, &isBinary);
}

bool readHttpResponse(Context &ctx, const QJsonValue &value, const QString &path,
                      HttpResponseFormat *out)
{
    using Action = HttpResponseFormat::Action;
    QJsonObject object;
    if (!readObject(ctx, value, path, &object))
        return false;
    // No close action: Pushpin's reasoning is that a held request is better answered with a real
    // response than dropped.
    if (!readAction(ctx, object, path, {Action::Send, Action::Hint}, &out->action))
        return false;
    if (out->action != Action::Send)
        return true;

    const QJsonValue code = field(object, QLatin1String("code"));
    if (present(code) &&
        !readInt(ctx, code, child(path, QLatin1String("code")), 0, 999, &out->code))
        return false;

    std::optional<QByteArray> reason;
    if (!readOptionalString(ctx, object, path, QLatin1String("reason"), &reason))
        return false;
    if (reason && !HttpSyntax::isFieldValue(*reason)) {
        return ctx.fail(child(path, QLatin1String("reason")),
                        QStringLiteral("contains a control character"));
    }
    // An empty reason gets the default too, as in Pushpin: a status line needs one to read well.
    out->reason = reason && !reason->isEmpty() ? *reason : HttpStatus::pushpinReason(out->code);

    if (!readHeaders(ctx, object, path, &out->headers))
        return false;
    if (!readContentFilters(ctx, object, path, &out->contentFilters))
        return false;
    // Pushpin applies body-patch to the held response's body; we hold none to patch yet, and
    // ignoring it would answer with an empty body.
    if (present(field(object, QLatin1String("body-patch"))))
        return ctx.fail(child(path, QLatin1String("body-patch")), QStringLiteral("not supported"));
    bool isBinary = false;
    return readPayload(ctx, object, path, QLatin1String("body"), QLatin1String("body-bin"), true,
                       &out->body, &isBinary);
}

// RFC 6455 7.4: codes an endpoint may put in a close frame (1004-1006 and 1015 are reserved for
// reporting, 1016-2999 are unassigned). Peers fail the connection on any other, which would turn
// a polite close into a protocol error on every subscriber.
bool isSendableCloseCode(double code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

bool readWsClose(Context &ctx, const QJsonObject &object, const QString &path, WsMessageFormat *out)
{
    const QLatin1String codeKey("code");
    const QJsonValue code = field(object, codeKey);
    if (present(code)) {
        const QString codePath = child(path, codeKey);
        qint64 closeCode = 0;
        const GripJson::Number read = GripJson::integer(code, 0, 0xFFFF, &closeCode);
        if (read == GripJson::Number::NotInteger)
            return ctx.fail(codePath, QStringLiteral("expected an integer"));
        if (read == GripJson::Number::OutOfRange || !isSendableCloseCode(double(closeCode))) {
            return ctx.fail(codePath,
                            QStringLiteral("%1 is not a valid close code (1000-1003, 1007-1014 "
                                           "or 3000-4999)")
                                .arg(numberText(code.toDouble())));
        }
        out->closeCode = static_cast<int>(code.toDouble());
    }

    std::optional<QByteArray> reason;
    if (!readOptionalString(ctx, object, path, QLatin1String("reason"), &reason))
        return false;
    if (reason && !reason->isEmpty()) {
        const QString reasonPath = child(path, QLatin1String("reason"));
        // A close frame can only carry a reason after a status code.
        if (out->closeCode < 0)
            return ctx.fail(reasonPath, QStringLiteral("a close reason needs a \"code\""));
        if (reason->size() > MaxCloseReason)
            return ctx.fail(reasonPath, tooLarge(reason->size(), MaxCloseReason));
        out->closeReason = *reason;
    }
    return true;
}

bool readWsMessage(Context &ctx, const QJsonValue &value, const QString &path, WsMessageFormat *out)
{
    using Action = WsMessageFormat::Action;
    using Type = WsMessageFormat::Type;
    QJsonObject object;
    if (!readObject(ctx, value, path, &object))
        return false;
    if (!readAction(ctx, object, path, {Action::Send, Action::Close, Action::Refresh, Action::Hint},
                    &out->action)) {
        return false;
    }
    if (out->action == Action::Close)
        return readWsClose(ctx, object, path, out);
    if (out->action != Action::Send)
        return true;

    const bool typeGiven = present(field(object, QLatin1String("type")));
    if (!readEnum(
            ctx, object, path, QLatin1String("type"), "type",
            {Type::Text, Type::Binary, Type::Ping, Type::Pong},
            [](Type t) { return publishTypeName(t); }, &out->type)) {
        return false;
    }
    if (!readContentFilters(ctx, object, path, &out->contentFilters))
        return false;
    // Ping and pong may be empty; a data message needs something to carry.
    const bool control = out->type == Type::Ping || out->type == Type::Pong;
    bool isBinary = false;
    if (!readPayload(ctx, object, path, QLatin1String("content"), QLatin1String("content-bin"),
                     !control, &out->content, &isBinary)) {
        return false;
    }
    if (!typeGiven)
        out->type = isBinary ? Type::Binary : Type::Text;

    const QString payloadPath =
        child(path, isBinary ? QLatin1String("content-bin") : QLatin1String("content"));
    if (control && out->content.size() > MaxControlPayload)
        return ctx.fail(payloadPath, tooLarge(out->content.size(), MaxControlPayload));
    // Clients must fail a connection on a text frame that is not UTF-8 (RFC 6455 8.1).
    if (out->type == Type::Text && isBinary && !QUtf8StringView(out->content).isValidUtf8()) {
        return ctx.fail(payloadPath,
                        QStringLiteral("not valid UTF-8, which a text message must be"));
    }
    return true;
}

bool readMeta(Context &ctx, const QJsonObject &item, const QString &path,
              QList<QPair<QByteArray, QByteArray>> *out)
{
    const QLatin1String key("meta");
    const QJsonValue value = field(item, key);
    if (!present(value))
        return true;
    const QString metaPath = child(path, key);
    QJsonObject meta;
    if (!readObject(ctx, value, metaPath, &meta))
        return false;
    for (auto it = meta.begin(); it != meta.end(); ++it) {
        QByteArray text;
        if (!readString(ctx, it.value(), child(metaPath, it.key()), &text))
            return false;
        out->append({it.key().toUtf8(), text});
    }
    return true;
}

bool readItem(Context &ctx, const QJsonValue &value, qsizetype index, PublishItem *out)
{
    const QString path = element(QStringLiteral("items"), index);
    QJsonObject item;
    if (!readObject(ctx, value, path, &item))
        return false;

    const QJsonValue channel = field(item, QLatin1String("channel"));
    if (!present(channel))
        return ctx.fail(path, QStringLiteral("missing \"channel\""));
    const QString channelPath = child(path, QLatin1String("channel"));
    if (!readString(ctx, channel, channelPath, &out->channel))
        return false;
    if (out->channel.isEmpty())
        return ctx.fail(channelPath, QStringLiteral("must not be empty"));

    std::optional<QByteArray> id;
    std::optional<QByteArray> prevId;
    if (!readOptionalString(ctx, item, path, QLatin1String("id"), &id) ||
        !readOptionalString(ctx, item, path, QLatin1String("prev-id"), &prevId)) {
        return false;
    }
    out->id = id.value_or(QByteArray());
    out->prevId = prevId.value_or(QByteArray());

    // With "formats" the keys directly in the item are not looked at, as in Pushpin.
    QJsonObject formats = item;
    QString formatsPath = path;
    const QJsonValue formatsValue = field(item, QLatin1String("formats"));
    if (present(formatsValue)) {
        formatsPath = child(path, QLatin1String("formats"));
        if (!readObject(ctx, formatsValue, formatsPath, &formats))
            return false;
    }
    const QLatin1String responseKey("http-response");
    const QLatin1String streamKey("http-stream");
    const QLatin1String wsKey("ws-message");
    const QJsonValue response = field(formats, responseKey);
    const QJsonValue stream = field(formats, streamKey);
    const QJsonValue ws = field(formats, wsKey);
    // Other keys are ignored rather than refused: Fanout Cloud had push formats (fcm, apns) that
    // a publisher may still send alongside these.
    if (!present(response) && !present(stream) && !present(ws)) {
        return ctx.fail(formatsPath, QStringLiteral("no format (expected \"http-response\", "
                                                    "\"http-stream\" or \"ws-message\")"));
    }
    if (present(response)) {
        out->httpResponse.emplace();
        if (!readHttpResponse(ctx, response, child(formatsPath, responseKey), &*out->httpResponse))
            return false;
    }
    if (present(stream)) {
        out->httpStream.emplace();
        if (!readHttpStream(ctx, stream, child(formatsPath, streamKey), &*out->httpStream))
            return false;
    }
    if (present(ws)) {
        out->wsMessage.emplace();
        if (!readWsMessage(ctx, ws, child(formatsPath, wsKey), &*out->wsMessage))
            return false;
    }

    if (!readMeta(ctx, item, path, &out->meta))
        return false;

    const QJsonValue size = field(item, QLatin1String("size"));
    if (present(size) &&
        !readInt(ctx, size, child(path, QLatin1String("size")), 0, INT_MAX, &out->size)) {
        return false;
    }

    const QJsonValue noSeq = field(item, QLatin1String("no-seq"));
    if (present(noSeq)) {
        if (!noSeq.isBool())
            return ctx.fail(child(path, QLatin1String("no-seq")),
                            QStringLiteral("expected a boolean"));
        out->noSeq = noSeq.toBool();
    }
    return true;
}

} // namespace

PublishParseResult PublishParser::parse(const QByteArray &json, qsizetype maxContentBytes)
{
    PublishParseResult result;
    Context ctx;
    ctx.maxContentBytes = maxContentBytes;

    QJsonObject document;
    if (!GripJson::object(json, &document, &result.error))
        return result;
    const QJsonValue itemsValue = field(document, QLatin1String("items"));
    if (!present(itemsValue)) {
        result.error = QStringLiteral("missing \"items\" array");
        return result;
    }
    if (!itemsValue.isArray()) {
        result.error = QStringLiteral("\"items\" is not an array");
        return result;
    }
    const QJsonArray items = itemsValue.toArray();
    if (items.isEmpty()) {
        result.error = QStringLiteral("\"items\" is empty");
        return result;
    }

    // Parsed into a local list so a bad item after good ones leaves the result empty.
    QList<PublishItem> parsed;
    parsed.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        PublishItem item;
        if (!readItem(ctx, items.at(i), i, &item)) {
            result.error = ctx.error;
            return result;
        }
        parsed.append(std::move(item));
    }
    result.items = std::move(parsed);
    return result;
}
