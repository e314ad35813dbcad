#include "grip/gripjson.h"

#include <cmath>

#include <QJsonDocument>
#include <QJsonParseError>

bool GripJson::object(const QByteArray &json, QJsonObject *out, QString *problem)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *problem = QStringLiteral("invalid JSON at offset %1: %2")
                       .arg(parseError.offset)
                       .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *problem = QStringLiteral("expected a JSON object");
        return false;
    }
    *out = document.object();
    return true;
}

GripJson::Field GripJson::string(const QJsonObject &object, const QString &key, QByteArray *out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return Field::Absent;
    if (!value.isString())
        return Field::WrongType;
    *out = value.toString().toUtf8();
    if (out->isNull())
        *out = QByteArray("");
    return Field::Read;
}

GripJson::Number GripJson::integer(const QJsonValue &value, qint64 min, qint64 max, qint64 *out)
{
    if (!value.isDouble())
        return Number::NotInteger;
    const double d = value.toDouble();
    if (std::trunc(d) != d)
        return Number::NotInteger;
    if (d < double(min) || d > double(max))
        return Number::OutOfRange;
    *out = qint64(d);
    return Number::Ok;
}

bool GripJson::base64(QByteArrayView text, QByteArray *out)
{
    auto result =
        QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *out = result.decoded;
    return true;
}

std::optional<qsizetype> GripJson::strictBase64Size(QByteArrayView text)
{
    const auto isAlphabet = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    };
    if (text.size() % 4 != 0)
        return std::nullopt;
    qsizetype padding = 0;
    if (text.endsWith("=="))
        padding = 2;
    else if (text.endsWith('='))
        padding = 1;
    for (qsizetype i = 0; i < text.size() - padding; ++i) {
        if (!isAlphabet(text[i]))
            return std::nullopt;
    }
    return text.size() / 4 * 3 - padding;
}

QString GripJson::missing(const QString &parent, const QString &key)
{
    return QStringLiteral("%1 does not contain '%2'").arg(parent, key);
}

QString GripJson::wrongType(const QString &parent, const QString &key)
{
    return QStringLiteral("%1 contains '%2' with wrong type").arg(parent, key);
}

QString GripJson::invalidValue(const QString &parent, const QString &key)
{
    return QStringLiteral("%1 contains '%2' with invalid value").arg(parent, key);
}
