#include "grip/gripwsextension.h"

#include "http/httpheaders.h"

namespace {

const QByteArray gripName = QByteArrayLiteral("grip");
const QByteArray prefixName = QByteArrayLiteral("message-prefix");

bool fail(QString *error, const QString &problem)
{
    if (error)
        *error = QStringLiteral("Sec-WebSocket-Extensions: grip: ") + problem;
    return false;
}

// Splits at `separator` outside quoted strings. An unterminated quote runs to the end, and the
// parameter parser reports it.
QList<QByteArrayView> split(QByteArrayView text, char separator)
{
    QList<QByteArrayView> out;
    bool inQuote = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuote) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inQuote = false;
        } else if (c == '"') {
            inQuote = true;
        } else if (c == separator) {
            out.append(text.sliced(start, i - start));
            start = i + 1;
        }
    }
    out.append(text.sliced(qMin(start, text.size())));
    return out;
}

// One parameter value: a quoted string (RFC 9110 5.6.4) or the bare text up to ';'. Pushpin takes
// bare values as they are, so "m:" needs no quotes although ':' is not a token character.
bool parseValue(QByteArrayView text, QByteArray *out, QString *error)
{
    out->clear();
    if (text.isEmpty())
        return fail(error, QStringLiteral("parameter without a value"));
    if (text[0] != '"') {
        if (text.contains('"'))
            return fail(error, QStringLiteral("stray quote in a parameter value"));
        *out = text.toByteArray();
        return true;
    }
    for (qsizetype i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\') {
            if (++i == text.size())
                break;
            *out += text[i];
        } else if (c == '"') {
            if (!HttpHeaders::trimmed(text.sliced(i + 1)).isEmpty())
                return fail(error, QStringLiteral("text after a quoted string"));
            return true;
        } else {
            *out += c;
        }
    }
    return fail(error, QStringLiteral("unterminated quoted string"));
}

bool parseGrip(const QList<QByteArrayView> &parts, QByteArray *messagePrefix, QString *error)
{
    QByteArray prefix = GripWsExtension::defaultMessagePrefix();
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArrayView param = HttpHeaders::trimmed(parts[i]);
        if (param.isEmpty())
            continue;
        const qsizetype eq = param.indexOf('=');
        const QByteArrayView name = HttpHeaders::trimmed(eq < 0 ? param : param.first(eq));
        if (!HttpHeaders::isToken(name))
            return fail(error, QStringLiteral("invalid parameter name"));
        QByteArray value;
        if (eq >= 0 && !parseValue(HttpHeaders::trimmed(param.sliced(eq + 1)), &value, error))
            return false;
        if (HttpHeaders::equalsIgnoreCase(name, prefixName)) {
            if (eq < 0)
                return fail(error, QStringLiteral("message-prefix without a value"));
            prefix = value;
        }
    }
    *messagePrefix = prefix;
    return true;
}

} // namespace

bool GripWsExtension::parse(const QByteArray &headerValue, QByteArray *messagePrefix,
                            QString *error)
{
    if (error)
        error->clear();
    for (const QByteArrayView element : split(headerValue, ',')) {
        const QList<QByteArrayView> parts = split(element, ';');
        if (HttpHeaders::equalsIgnoreCase(HttpHeaders::trimmed(parts.first()), gripName))
            return parseGrip(parts, messagePrefix, error);
    }
    return false;
}

bool GripWsExtension::parse(const QList<QByteArray> &headerValues, QByteArray *messagePrefix,
                            QString *error)
{
    return parse(headerValues.join(", "), messagePrefix, error);
}

GripWsExtension::Kind GripWsExtension::classify(bool text, const QByteArray &message,
                                                const QByteArray &messagePrefix,
                                                QByteArray *payload)
{
    if (text && message.startsWith("c:")) {
        *payload = message.mid(2);
        return Kind::Control;
    }
    if (message.startsWith(messagePrefix)) {
        *payload = message.mid(messagePrefix.size());
        return Kind::Data;
    }
    payload->clear();
    return Kind::Drop;
}
