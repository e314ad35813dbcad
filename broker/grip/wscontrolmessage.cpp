#include "grip/wscontrolmessage.h"

#include <climits>
#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Pushpin's wording ("grip control object contains 'x' with wrong type"), shortened.
const QString pn = QStringLiteral("control message");

bool fail(QString *error, const QString &problem)
{
    if (error)
        *error = problem;
    return false;
}

QString missing(const QString &key)
{
    return QStringLiteral("%1 does not contain '%2'").arg(pn, key);
}

QString wrongType(const QString &key)
{
    return QStringLiteral("%1 contains '%2' with wrong type").arg(pn, key);
}

QString invalidValue(const QString &key)
{
    return QStringLiteral("%1 contains '%2' with invalid value").arg(pn, key);
}

// Optional string member: 0 = absent, 1 = read into *out, -1 = present with another type.
int optionalString(const QJsonObject &object, const QString &key, QByteArray *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return 0;
    if (!value.isString())
        return -1;
    *out = value.toString().toUtf8();
    return 1;
}

bool requiredString(const QJsonObject &object, const QString &key, QByteArray *out, QString *error)
{
    switch (optionalString(object, key, out)) {
    case 0:
        return fail(error, missing(key));
    case -1:
        return fail(error, wrongType(key));
    default:
        return true;
    }
}

struct TypeName
{
    WsControlMessage::Type type;
    const char *name;
};

const TypeName typeNames[] = {
    {WsControlMessage::Type::Subscribe, "subscribe"},
    {WsControlMessage::Type::Unsubscribe, "unsubscribe"},
    {WsControlMessage::Type::Detach, "detach"},
    {WsControlMessage::Type::Session, "session"},
    {WsControlMessage::Type::SetMeta, "set-meta"},
    {WsControlMessage::Type::KeepAlive, "keep-alive"},
    {WsControlMessage::Type::SendDelayed, "send-delayed"},
    {WsControlMessage::Type::FlushDelayed, "flush-delayed"},
};

bool parseChannel(const QJsonObject &object, WsControlMessage *out, QString *error)
{
    if (!requiredString(object, QStringLiteral("channel"), &out->channel, error))
        return false;
    if (out->channel.isEmpty())
        return fail(error, invalidValue(QStringLiteral("channel")));
    if (out->type != WsControlMessage::Type::Subscribe)
        return true;

    const QJsonValue filters = object.value(QStringLiteral("filters"));
    if (filters.isUndefined())
        return true;
    if (!filters.isArray())
        return fail(error, wrongType(QStringLiteral("filters")));
    const QJsonArray list = filters.toArray();
    for (const QJsonValue &f : list) {
        if (!f.isString())
            return fail(error,
                        QStringLiteral("%1 contains 'filters' with a value of wrong type").arg(pn));
        out->filters.append(f.toString().toUtf8());
    }
    if (out->filters.size() > WsControlMessage::maxFilters)
        return fail(error, QStringLiteral("%1 contains more than %2 filters for channel '%3'")
                               .arg(pn)
                               .arg(WsControlMessage::maxFilters)
                               .arg(QString::fromUtf8(out->channel)));
    return true;
}

bool parseMessage(const QJsonObject &object, WsControlMessage *out, QString *error)
{
    QByteArray typeText;
    switch (optionalString(object, QStringLiteral("message-type"), &typeText)) {
    case -1:
        return fail(error, wrongType(QStringLiteral("message-type")));
    case 1:
        if (typeText == "text")
            out->messageType = WsControlMessage::MessageType::Text;
        else if (typeText == "binary")
            out->messageType = WsControlMessage::MessageType::Binary;
        else if (typeText == "ping")
            out->messageType = WsControlMessage::MessageType::Ping;
        else if (typeText == "pong")
            out->messageType = WsControlMessage::MessageType::Pong;
        else
            return fail(error, QStringLiteral("%1 contains 'message-type' with unknown value: %2")
                                   .arg(pn, QString::fromUtf8(typeText)));
        break;
    default:
        break;
    }

    const QJsonValue bin = object.value(QStringLiteral("content-bin"));
    if (!bin.isUndefined()) {
        if (!bin.isString())
            return fail(error, wrongType(QStringLiteral("content-bin")));
        auto decoded = QByteArray::fromBase64Encoding(bin.toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(error, invalidValue(QStringLiteral("content-bin")));
        out->content = decoded.decoded;
        out->hasContent = true;
    } else {
        switch (optionalString(object, QStringLiteral("content"), &out->content)) {
        case -1:
            return fail(error, wrongType(QStringLiteral("content")));
        case 1:
            out->hasContent = true;
            break;
        default:
            break;
        }
    }

    const bool keepAlive = out->type == WsControlMessage::Type::KeepAlive;
    const qint64 defaultSecs = keepAlive ? WsControlMessage::defaultKeepAliveSecs
                                         : WsControlMessage::defaultSendDelayedSecs;
    qint64 timeout = 0;
    const QJsonValue vtimeout = object.value(QStringLiteral("timeout"));
    if (out->hasContent && !vtimeout.isUndefined()) {
        if (!vtimeout.isDouble())
            return fail(error, wrongType(QStringLiteral("timeout")));
        const double d = vtimeout.toDouble();
        if (d != std::floor(d) || d < 0 || d > double(INT_MAX))
            return fail(error, invalidValue(QStringLiteral("timeout")));
        timeout = qint64(d);
    }

    if (keepAlive) {
        QByteArray mode;
        if (optionalString(object, QStringLiteral("mode"), &mode) < 0)
            return fail(error, wrongType(QStringLiteral("mode")));
        out->mode =
            mode == "interval" ? WsControlMessage::Mode::Interval : WsControlMessage::Mode::Idle;
        out->keepAliveOff = !out->hasContent;
        if (out->keepAliveOff)
            return true;
    }
    out->timeoutSecs = timeout > 0 ? timeout : defaultSecs;
    return true;
}

} // namespace

QByteArray WsControlMessage::typeName(Type type)
{
    for (const TypeName &t : typeNames) {
        if (t.type == type)
            return QByteArray(t.name);
    }
    return QByteArray();
}

bool WsControlMessage::parse(const QByteArray &json, WsControlMessage *out, QString *error)
{
    *out = WsControlMessage();

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(error, QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                               .arg(pn, parseError.errorString())
                               .arg(parseError.offset));
    if (!doc.isObject())
        return fail(error, QStringLiteral("%1 is not an object").arg(pn));
    const QJsonObject object = doc.object();

    QByteArray typeText;
    if (!requiredString(object, QStringLiteral("type"), &typeText, error))
        return false;
    bool known = false;
    for (const TypeName &t : typeNames) {
        if (typeText == t.name) {
            out->type = t.type;
            known = true;
            break;
        }
    }
    if (!known)
        return fail(error, QStringLiteral("%1 contains 'type' with unknown value: %2")
                               .arg(pn, QString::fromUtf8(typeText)));

    switch (out->type) {
    case Type::Subscribe:
    case Type::Unsubscribe:
        return parseChannel(object, out, error);
    case Type::Session:
        if (optionalString(object, QStringLiteral("id"), &out->sessionId) < 0)
            return fail(error, wrongType(QStringLiteral("id")));
        return true;
    case Type::SetMeta:
        if (!requiredString(object, QStringLiteral("name"), &out->metaName, error))
            return false;
        if (out->metaName.isEmpty())
            return fail(error, invalidValue(QStringLiteral("name")));
        switch (optionalString(object, QStringLiteral("value"), &out->metaValue)) {
        case -1:
            return fail(error, wrongType(QStringLiteral("value")));
        case 0:
            out->metaDelete = true;
            break;
        default:
            break;
        }
        return true;
    case Type::KeepAlive:
    case Type::SendDelayed:
        return parseMessage(object, out, error);
    case Type::Detach:
    case Type::FlushDelayed:
        return true;
    }
    return true;
}
