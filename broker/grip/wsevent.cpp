#include "grip/wsevent.h"

#include <QStringDecoder>

#include "http/httpsyntax.h"

namespace {

struct TypeName
{
    WsEvent::Type type;
    const char *name;
};

const TypeName typeNames[] = {
    {WsEvent::Type::Open, "OPEN"},
    {WsEvent::Type::Text, "TEXT"},
    {WsEvent::Type::Binary, "BINARY"},
    {WsEvent::Type::Ping, "PING"},
    {WsEvent::Type::Pong, "PONG"},
    {WsEvent::Type::Close, "CLOSE"},
    {WsEvent::Type::Disconnect, "DISCONNECT"},
};

// Lengths longer than this many hex digits cannot fit any body we accept (1 MB), and stopping
// here keeps the arithmetic far from overflow.
constexpr int maxLengthDigits = 15;

bool fail(QString *error, const QString &problem, const QByteArray &body, qsizetype offset,
          const QString &extra = QString())
{
    if (error) {
        *error = problem + QStringLiteral(" at offset ") + QString::number(offset) + extra +
                 QStringLiteral(": \"") + WsEventCodec::escapeForLog(body.mid(offset)) +
                 QLatin1Char('"');
    }
    return false;
}

// Plain hex digits only: QByteArray::toLongLong(16) would also take a sign, spaces and "0x".
bool parseHexLength(QByteArrayView text, qint64 *out)
{
    if (text.isEmpty() || text.size() > maxLengthDigits)
        return false;
    qint64 value = 0;
    for (const char c : text) {
        const int digit = HttpSyntax::hexDigit(c);
        if (digit < 0)
            return false;
        value = value * 16 + digit;
    }
    *out = value;
    return true;
}

} // namespace

QByteArray WsEventCodec::typeName(WsEvent::Type type)
{
    for (const TypeName &t : typeNames) {
        if (t.type == type)
            return QByteArray(t.name);
    }
    return QByteArray();
}

bool WsEventCodec::typeFromName(const QByteArray &name, WsEvent::Type *type)
{
    for (const TypeName &t : typeNames) {
        if (name == t.name) {
            *type = t.type;
            return true;
        }
    }
    return false;
}

QByteArray WsEventCodec::encode(const WsEvent &event)
{
    QByteArray out = typeName(event.type);
    const bool dataMessage =
        event.type == WsEvent::Type::Text || event.type == WsEvent::Type::Binary;
    if (event.content.isEmpty() && !dataMessage)
        return out + "\r\n";
    out.reserve(out.size() + event.content.size() + 16);
    out += ' ';
    out += QByteArray::number(event.content.size(), 16);
    out += "\r\n";
    out += event.content;
    out += "\r\n";
    return out;
}

QByteArray WsEventCodec::encode(const QList<WsEvent> &events)
{
    QByteArray out;
    for (const WsEvent &e : events)
        out += encode(e);
    return out;
}

bool WsEventCodec::decode(const QByteArray &body, QList<WsEvent> *events, QString *error)
{
    events->clear();
    qsizetype pos = 0;
    while (pos < body.size()) {
        const qsizetype lineStart = pos;
        const qsizetype lineEnd = body.indexOf("\r\n", pos);
        if (lineEnd < 0) {
            events->clear();
            return fail(error, QStringLiteral("event line not terminated by CRLF"), body,
                        lineStart);
        }
        const QByteArrayView line = QByteArrayView(body).sliced(lineStart, lineEnd - lineStart);
        pos = lineEnd + 2;

        const qsizetype space = line.indexOf(' ');
        const QByteArrayView name = space < 0 ? line : line.first(space);
        if (name.isEmpty()) {
            events->clear();
            return fail(error, QStringLiteral("empty event type"), body, lineStart);
        }
        WsEvent event;
        if (!typeFromName(name.toByteArray(), &event.type)) {
            events->clear();
            return fail(error, QStringLiteral("unknown event type"), body, lineStart);
        }
        if (space >= 0) {
            qint64 length = 0;
            if (!parseHexLength(line.sliced(space + 1), &length)) {
                events->clear();
                return fail(error, QStringLiteral("invalid event length"), body, lineStart);
            }
            const qsizetype available = body.size() - pos;
            if (length > available) {
                events->clear();
                return fail(error,
                            QStringLiteral("event content cut short (%1 of %2 bytes)")
                                .arg(available)
                                .arg(length),
                            body, lineStart);
            }
            event.content = body.mid(pos, length);
            pos += length;
            if (body.size() - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n') {
                const QString named =
                    QStringLiteral(" (event \"") + escapeForLog(line.toByteArray()) +
                    QStringLiteral("\" at offset ") + QString::number(lineStart) + QLatin1Char(')');
                events->clear();
                return fail(error, QStringLiteral("event content not followed by CRLF"), body, pos,
                            named);
            }
            pos += 2;
        }
        events->append(event);
    }
    return true;
}

QByteArray WsEventCodec::closeContent(quint16 code, const QByteArray &reason)
{
    if (code == 1005)
        return QByteArray();
    QByteArray out;
    out.reserve(2 + reason.size());
    out += char(code >> 8);
    out += char(code & 0xff);
    out += reason;
    return out;
}

bool WsEventCodec::parseCloseContent(const QByteArray &content, quint16 *code, QByteArray *reason)
{
    if (content.isEmpty()) {
        *code = 1005;
        reason->clear();
        return true;
    }
    if (content.size() < 2)
        return false;
    const QByteArray text = content.mid(2);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text);
    Q_UNUSED(decoded);
    if (decoder.hasError())
        return false;
    *code = quint16((quint16(quint8(content[0])) << 8) | quint8(content[1]));
    *reason = text;
    return true;
}

bool WsEventCodec::isSendableCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

QString WsEventCodec::escapeForLog(const QByteArray &bytes, qsizetype maxBytes)
{
    QString out;
    const qsizetype n = qMin(bytes.size(), maxBytes);
    out.reserve(n + 8);
    for (qsizetype i = 0; i < n; ++i) {
        const char c = bytes[i];
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '"':
            out += QLatin1String("\\\"");
            break;
        default:
            if (u >= 0x20 && u < 0x7f)
                out += QLatin1Char(c);
            else
                out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        }
    }
    if (bytes.size() > n)
        out += QLatin1String("...");
    return out;
}
