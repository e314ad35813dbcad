#include "grip/wscontrolmessage.h"

#include <climits>

#include <QJsonArray>
#include <QJsonObject>

#include "grip/gripjson.h"

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
    return GripJson::missing(pn, key);
}

QString wrongType(const QString &key)
{
    return GripJson::wrongType(pn, key);
}

QString invalidValue(const QString &key)
{
    return GripJson::invalidValue(pn, key);
}

using GripJson::Field;

bool requiredString(const QJsonObject &object, const QString &key, QByteArray *out, QString *error)
{
    switch (GripJson::string(object, key, out)) {
    case Field::Absent:
        return fail(error, missing(key));
    case Field::WrongType:
        return fail(error, wrongType(key));
    case Field::Read:
        break;
    }
    return true;
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
    switch (GripJson::string(object, QStringLiteral("message-type"), &typeText)) {
    case Field::WrongType:
        return fail(error, wrongType(QStringLiteral("message-type")));
    case Field::Read:
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
        if (!GripJson::base64(bin.toString().toLatin1(), &out->content))
            return fail(error, invalidValue(QStringLiteral("content-bin")));
        out->hasContent = true;
    } else {
        switch (GripJson::string(object, QStringLiteral("content"), &out->content)) {
        case Field::WrongType:
            return fail(error, wrongType(QStringLiteral("content")));
        case Field::Read:
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
        // Pushpin: a number that is no whole, non-negative int is an invalid value.
        if (!vtimeout.isDouble())
            return fail(error, wrongType(QStringLiteral("timeout")));
        if (GripJson::integer(vtimeout, 0, INT_MAX, &timeout) != GripJson::Number::Ok)
            return fail(error, invalidValue(QStringLiteral("timeout")));
    }

    if (keepAlive) {
        QByteArray mode;
        if (GripJson::string(object, QStringLiteral("mode"), &mode) == Field::WrongType)
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

    QJsonObject object;
    QString problem;
    if (!GripJson::object(json, &object, &problem))
        return fail(error, pn + QStringLiteral(": ") + problem);

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
        if (GripJson::string(object, QStringLiteral("id"), &out->sessionId) == Field::WrongType)
            return fail(error, wrongType(QStringLiteral("id")));
        return true;
    case Type::SetMeta:
        if (!requiredString(object, QStringLiteral("name"), &out->metaName, error))
            return false;
        if (out->metaName.isEmpty())
            return fail(error, invalidValue(QStringLiteral("name")));
        switch (GripJson::string(object, QStringLiteral("value"), &out->metaValue)) {
        case Field::WrongType:
            return fail(error, wrongType(QStringLiteral("value")));
        case Field::Absent:
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
