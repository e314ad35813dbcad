#include "grip/gripinstruction.h"

#include <utility>

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include "grip/gripjson.h"
#include "http/httpsyntax.h"

namespace {

const QByteArray holdName = QByteArrayLiteral("Grip-Hold");
const QByteArray channelName = QByteArrayLiteral("Grip-Channel");
const QByteArray timeoutName = QByteArrayLiteral("Grip-Timeout");
const QByteArray keepAliveName = QByteArrayLiteral("Grip-Keep-Alive");
const QByteArray setMetaName = QByteArrayLiteral("Grip-Set-Meta");
const QByteArray statusName = QByteArrayLiteral("Grip-Status");
const QByteArray linkName = QByteArrayLiteral("Grip-Link");

struct Param
{
    QByteArray name;
    QByteArray value;
};

// One element of a GRIP header list: "first; name=value; name="quoted"".
struct Element
{
    QByteArray first;
    QList<Param> params;

    const Param *find(const QByteArray &name) const
    {
        for (const Param &p : params) {
            if (HttpHeaders::equalsIgnoreCase(p.name, name))
                return &p;
        }
        return nullptr;
    }
};

// How the part before the first ';' is read.
enum class First
{
    Raw,      // any bytes up to the first ';' (channel names, keep-alive data)
    AngleUrl, // "<...>" which may itself hold ';' and ',' (Grip-Link)
    Param,    // itself a name=value parameter (Grip-Set-Meta)
};

QString quoted(QByteArrayView text)
{
    return QLatin1Char('\'') + QString::fromUtf8(text) + QLatin1Char('\'');
}

bool fail(QString *error, const QByteArray &header, const QString &problem)
{
    if (error)
        *error = QString::fromLatin1(header) + QStringLiteral(": ") + problem;
    return false;
}

// Splits a field value at commas outside quoted strings (and outside <...> for Grip-Link), like
// Pushpin's headerSplit. Empty elements are dropped, as RFC 9110 5.6.1 asks of list recipients.
bool splitList(QByteArrayView value, bool angleBrackets, QList<QByteArrayView> *out)
{
    bool inQuote = false;
    bool inAngle = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        if (i == value.size() || (value[i] == ',' && !inQuote && !inAngle)) {
            const QByteArrayView element = HttpHeaders::trimmed(value.sliced(start, i - start));
            if (!element.isEmpty())
                out->append(element);
            start = i + 1;
            continue;
        }
        const char c = value[i];
        if (inQuote) {
            if (c == '\\')
                ++i; // the escaped byte cannot end the string
            else if (c == '"')
                inQuote = false;
        } else if (inAngle) {
            inAngle = c != '>';
        } else if (c == '"') {
            inQuote = true;
        } else if (c == '<' && angleBrackets) {
            inAngle = true;
        }
    }
    return !inQuote;
}

// Reads the parameters from 'text' (after the first item). Values may be tokens or quoted
// strings with backslash escapes. Empty segments (";;") are skipped.
bool parseParams(QByteArrayView text, QList<Param> *out, QString *problem)
{
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = pos;
        while (end < text.size() && text[end] != ';' && text[end] != '=')
            ++end;
        const QByteArrayView name = HttpHeaders::trimmed(text.sliced(pos, end - pos));
        Param param;
        param.name = name.toByteArray();
        if (end < text.size() && text[end] == '=') {
            qsizetype v = end + 1;
            while (v < text.size() && (text[v] == ' ' || text[v] == '\t'))
                ++v;
            if (v < text.size() && text[v] == '"') {
                QByteArray value = "";
                bool closed = false;
                for (++v; v < text.size(); ++v) {
                    if (text[v] == '\\' && v + 1 < text.size()) {
                        value += text[++v];
                    } else if (text[v] == '"') {
                        closed = true;
                        ++v;
                        break;
                    } else {
                        value += text[v];
                    }
                }
                if (!closed) {
                    *problem = QStringLiteral("unterminated quoted string");
                    return false;
                }
                while (v < text.size() && (text[v] == ' ' || text[v] == '\t'))
                    ++v;
                if (v < text.size() && text[v] != ';') {
                    *problem = QStringLiteral("unexpected text after the quoted value of %1")
                                   .arg(quoted(name));
                    return false;
                }
                param.value = value;
                end = v;
            } else {
                end = v;
                while (end < text.size() && text[end] != ';')
                    ++end;
                // Non-null even when empty, so "prev-id=" differs from no prev-id.
                param.value = HttpHeaders::trimmed(text.sliced(v, end - v)).toByteArray();
                if (param.value.isNull())
                    param.value = QByteArray("");
            }
        }
        if (param.name.isEmpty() && !param.value.isNull()) {
            *problem = QStringLiteral("parameter without a name");
            return false;
        }
        if (!param.name.isEmpty())
            out->append(param);
        pos = end + 1;
    }
    return true;
}

bool parseElement(QByteArrayView text, First first, Element *out, QString *problem)
{
    qsizetype rest = 0;
    if (first == First::Param) {
        if (!parseParams(text, &out->params, problem))
            return false;
        return true;
    }
    if (first == First::AngleUrl && text.startsWith('<')) {
        const qsizetype close = text.indexOf('>');
        if (close < 0) {
            *problem = QStringLiteral("'<' without '>'");
            return false;
        }
        out->first = text.first(close + 1).toByteArray();
        rest = close + 1;
        while (rest < text.size() && (text[rest] == ' ' || text[rest] == '\t'))
            ++rest;
        if (rest < text.size() && text[rest] != ';') {
            *problem = QStringLiteral("unexpected text after the url");
            return false;
        }
    } else {
        const qsizetype semicolon = text.indexOf(';');
        rest = semicolon < 0 ? text.size() : semicolon;
        out->first = HttpHeaders::trimmed(text.first(rest)).toByteArray();
    }
    if (rest < text.size())
        return parseParams(text.sliced(rest + 1), &out->params, problem);
    return true;
}

bool parseList(const HttpHeaders &headers, const QByteArray &name, First first, QList<Element> *out,
               QString *error)
{
    for (const QByteArray &value : headers.values(name)) {
        QList<QByteArrayView> parts;
        if (!splitList(value, first == First::AngleUrl, &parts))
            return fail(error, name, QStringLiteral("unterminated quoted string"));
        for (const QByteArrayView part : std::as_const(parts)) {
            Element element;
            QString problem;
            if (!parseElement(part, first, &element, &problem))
                return fail(error, name, problem);
            out->append(element);
        }
    }
    return true;
}

// Seconds as Pushpin accepts them: a decimal integer, not negative.
bool parseSeconds(QByteArrayView text, qint64 *out)
{
    const QByteArrayView trimmedText = HttpHeaders::trimmed(text);
    if (trimmedText.isEmpty())
        return false;
    for (const char c : trimmedText) {
        if (c < '0' || c > '9')
            return false;
    }
    bool ok = false;
    *out = trimmedText.toLongLong(&ok);
    return ok;
}

// C string escapes for format=cstring. Pushpin knows \\ \r \n \xHH and silently drops any other
// escape; we add \t \" \' \0 and reject the rest, so a typo in the backend shows up as an error.
bool unescapeCString(const QByteArray &in, QByteArray *out, QString *problem)
{
    out->clear();
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '\\') {
            out->append(in[i]);
            continue;
        }
        if (i + 1 >= in.size()) {
            *problem = QStringLiteral("cstring ends inside an escape");
            return false;
        }
        const char c = in[++i];
        switch (c) {
        case '\\':
        case '"':
        case '\'':
            out->append(c);
            break;
        case 'n':
            out->append('\n');
            break;
        case 'r':
            out->append('\r');
            break;
        case 't':
            out->append('\t');
            break;
        case '0':
            out->append('\0');
            break;
        case 'x': {
            const int hi = i + 1 < in.size() ? HttpSyntax::hexDigit(in[i + 1]) : -1;
            const int lo = i + 2 < in.size() ? HttpSyntax::hexDigit(in[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                *problem = QStringLiteral("cstring \\x needs two hex digits");
                return false;
            }
            out->append(char((hi << 4) | lo));
            i += 2;
            break;
        }
        default:
            *problem = QStringLiteral("invalid cstring escape %1").arg(quoted(in.mid(i - 1, 2)));
            return false;
        }
    }
    return true;
}

void setMeta(GripInstruction *out, const QByteArray &key, const QByteArray &value)
{
    for (auto &entry : out->meta) {
        if (entry.first == key) {
            entry.second = value;
            return;
        }
    }
    out->meta.append({key, value});
}

bool parseChannel(const Element &element, GripChannel *channel, QString *problem)
{
    if (element.first.isEmpty()) {
        *problem = QStringLiteral("empty channel name");
        return false;
    }
    channel->name = element.first;
    for (const Param &p : element.params) {
        if (HttpHeaders::equalsIgnoreCase(p.name, "prev-id")) {
            if (channel->prevId.isNull())
                channel->prevId = p.value.isNull() ? QByteArray("") : p.value;
        } else if (HttpHeaders::equalsIgnoreCase(p.name, "filter")) {
            if (p.value.isEmpty()) {
                *problem = QStringLiteral("empty filter on channel %1").arg(quoted(channel->name));
                return false;
            }
            channel->filters.append(p.value);
        }
    }
    if (channel->filters.size() > GripInstruction::maxFilters) {
        *problem = QStringLiteral("too many filters for channel %1 (at most %2)")
                       .arg(quoted(channel->name))
                       .arg(GripInstruction::maxFilters);
        return false;
    }
    return true;
}

bool parseKeepAlive(const QByteArray &value, GripKeepAlive *keepAlive, QString *error)
{
    Element element;
    QString problem;
    if (!parseElement(value, First::Raw, &element, &problem))
        return fail(error, keepAliveName, problem);
    if (element.first.isEmpty())
        return fail(error, keepAliveName, QStringLiteral("empty data"));

    const Param *mode = element.find("mode");
    if (!mode || mode->value.isEmpty() || mode->value == "idle")
        keepAlive->mode = GripKeepAlive::Mode::Idle;
    else if (mode->value == "interval")
        keepAlive->mode = GripKeepAlive::Mode::Interval;
    else
        return fail(error, keepAliveName,
                    QStringLiteral("unknown mode %1").arg(quoted(mode->value)));

    if (const Param *timeout = element.find("timeout")) {
        if (!parseSeconds(timeout->value, &keepAlive->timeoutSecs))
            return fail(error, keepAliveName,
                        QStringLiteral("timeout must be a non-negative integer, not %1")
                            .arg(quoted(timeout->value)));
        keepAlive->timeoutSecs =
            qMax(keepAlive->timeoutSecs, GripInstruction::minimumKeepAliveTimeoutSecs);
    }

    const Param *format = element.find("format");
    if (!format || format->value.isEmpty() || format->value == "raw") {
        keepAlive->data = element.first;
    } else if (format->value == "cstring") {
        if (!unescapeCString(element.first, &keepAlive->data, &problem))
            return fail(error, keepAliveName, problem);
    } else if (format->value == "base64") {
        if (!GripJson::base64(element.first, &keepAlive->data))
            return fail(error, keepAliveName, QStringLiteral("invalid base64 data"));
    } else {
        return fail(error, keepAliveName,
                    QStringLiteral("unknown format %1").arg(quoted(format->value)));
    }
    keepAlive->enabled = true;
    return true;
}

bool parseStatus(const QByteArray &value, int *status, QByteArray *reason, QString *error)
{
    const QByteArrayView text = HttpHeaders::trimmed(value);
    // Pushpin ignores an empty Grip-Status.
    if (text.isEmpty())
        return true;
    const qsizetype space = text.indexOf(' ');
    const QByteArrayView code = space < 0 ? text : text.first(space);
    // 100..999 rather than Pushpin's 0..999: 0 means "not given" here, and the status line needs
    // three digits.
    bool ok = code.size() == 3;
    for (const char c : code)
        ok = ok && c >= '0' && c <= '9';
    if (!ok || code[0] == '0')
        return fail(error, statusName, QStringLiteral("invalid status code %1").arg(quoted(code)));
    *status = int(code.toInt());
    *reason = space < 0 ? QByteArray() : HttpHeaders::trimmed(text.sliced(space + 1)).toByteArray();
    return true;
}

bool parseLink(const Element &element, GripInstruction *out, QString *error)
{
    const QByteArray &first = element.first;
    if (first.size() <= 2 || !first.startsWith('<') || !first.endsWith('>'))
        return fail(error, linkName, QStringLiteral("value must start with <url>"));
    const QByteArray url = first.mid(1, first.size() - 2);
    if (!QUrl::fromEncoded(url, QUrl::StrictMode).isValid())
        return fail(error, linkName, QStringLiteral("invalid url %1").arg(quoted(url)));

    // Like Pushpin, a link without rel, or with a rel it does not know, is ignored.
    const Param *rel = element.find("rel");
    if (!rel)
        return true;
    if (rel->value == "next") {
        out->next.url = url;
        out->next.timeoutSecs = GripLink().timeoutSecs;
        if (const Param *timeout = element.find("timeout")) {
            if (!parseSeconds(timeout->value, &out->next.timeoutSecs))
                return fail(error, linkName,
                            QStringLiteral("timeout must be a non-negative integer, not %1")
                                .arg(quoted(timeout->value)));
        }
    } else if (rel->value == "gone") {
        out->gone.url = url;
    }
    return true;
}

bool isKnownHeader(const QByteArray &name)
{
    for (const QByteArray *known : {&holdName, &channelName, &timeoutName, &keepAliveName,
                                    &setMetaName, &statusName, &linkName}) {
        if (HttpHeaders::equalsIgnoreCase(name, *known))
            return true;
    }
    return false;
}

// Seconds in a grip-instruct body: what JSON holds exactly (2^53) is far beyond any timeout.
constexpr qint64 MaxJsonSeconds = qint64(1) << 53;

// Messages follow Pushpin's VariantUtil (GripJson).
const QString jsonPrefix = QStringLiteral("grip-instruct: ");

bool jsonFail(QString *error, const QString &problem)
{
    if (error)
        *error = jsonPrefix + problem;
    return false;
}

bool addJsonHeader(HttpHeaders *headers, const QString &name, const QJsonValue &value,
                   QString *error)
{
    if (!value.isString())
        return jsonFail(
            error,
            QStringLiteral("headers contains %1 with wrong type").arg(quoted(name.toUtf8())));
    const QByteArray n = name.toUtf8();
    const QByteArray v = value.toString().toUtf8();
    // These go straight onto the wire: a CR or LF here would let the backend split the response.
    if (!HttpHeaders::isToken(n) || !HttpSyntax::isFieldValue(v))
        return jsonFail(error, QStringLiteral("headers contains invalid header %1").arg(quoted(n)));
    headers->add(n, v);
    return true;
}

// An optional "timeout" of whole seconds: absent leaves *out alone, a smaller one is raised to
// minimum (as for the headers).
bool jsonTimeout(const QJsonObject &object, const QString &parent, qint64 minimum, qint64 *out,
                 QString *error)
{
    const QString key = QStringLiteral("timeout");
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    switch (GripJson::integer(value, 0, MaxJsonSeconds, out)) {
    case GripJson::Number::NotInteger:
        return jsonFail(error, GripJson::wrongType(parent, key));
    case GripJson::Number::OutOfRange:
        return jsonFail(error, GripJson::invalidValue(parent, key));
    case GripJson::Number::Ok:
        break;
    }
    *out = qMax(*out, minimum);
    return true;
}

bool parseJsonHold(const QJsonObject &hold, GripInstruction *out, QString *error)
{
    const QString pn = QStringLiteral("hold");
    QByteArray mode;
    if (GripJson::string(hold, QStringLiteral("mode"), &mode) == GripJson::Field::WrongType)
        return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("mode")));
    // A hold object without a mode means a response hold, as in Pushpin.
    if (mode.isNull() || mode == "response")
        out->hold = GripInstruction::Hold::Response;
    else if (mode == "stream")
        out->hold = GripInstruction::Hold::Stream;
    else
        return jsonFail(
            error,
            QStringLiteral("hold 'mode' must be 'response' or 'stream', not %1").arg(quoted(mode)));

    const QJsonValue channels = hold.value(QStringLiteral("channels"));
    if (channels.isUndefined())
        return jsonFail(error, QStringLiteral("hold does not contain 'channels'"));
    if (!channels.isArray())
        return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("channels")));
    const QString cpn = QStringLiteral("channel");
    for (const QJsonValue &value : channels.toArray()) {
        if (!value.isObject())
            return jsonFail(error, QStringLiteral("channel is not an object"));
        const QJsonObject c = value.toObject();
        GripChannel channel;
        if (!c.contains(QStringLiteral("name")))
            return jsonFail(error, QStringLiteral("channel does not contain 'name'"));
        if (GripJson::string(c, QStringLiteral("name"), &channel.name) ==
            GripJson::Field::WrongType)
            return jsonFail(error, GripJson::wrongType(cpn, QStringLiteral("name")));
        if (channel.name.isEmpty())
            return jsonFail(error, GripJson::invalidValue(cpn, QStringLiteral("name")));
        if (GripJson::string(c, QStringLiteral("prev-id"), &channel.prevId) ==
            GripJson::Field::WrongType)
            return jsonFail(error, GripJson::wrongType(cpn, QStringLiteral("prev-id")));
        const QJsonValue filters = c.value(QStringLiteral("filters"));
        if (!filters.isUndefined() && !filters.isArray())
            return jsonFail(error, GripJson::wrongType(cpn, QStringLiteral("filters")));
        for (const QJsonValue &filter : filters.toArray()) {
            if (!filter.isString() || filter.toString().isEmpty())
                return jsonFail(error, QStringLiteral("filters contains value with wrong type"));
            channel.filters.append(filter.toString().toUtf8());
        }
        // Pushpin checks the filter limit for headers only; the limit is the same either way.
        if (channel.filters.size() > GripInstruction::maxFilters)
            return jsonFail(error, QStringLiteral("too many filters for channel %1 (at most %2)")
                                       .arg(quoted(channel.name))
                                       .arg(GripInstruction::maxFilters));
        out->channels.append(channel);
    }

    if (!jsonTimeout(hold, pn, GripInstruction::minimumTimeoutSecs, &out->timeoutSecs, error))
        return false;

    const QJsonValue keepAlive = hold.value(QStringLiteral("keep-alive"));
    if (!keepAlive.isUndefined()) {
        const QString kpn = QStringLiteral("keep-alive");
        if (!keepAlive.isObject())
            return jsonFail(error, GripJson::wrongType(pn, kpn));
        const QJsonObject ka = keepAlive.toObject();
        if (ka.contains(QStringLiteral("content-bin"))) {
            QByteArray encoded;
            if (GripJson::string(ka, QStringLiteral("content-bin"), &encoded) ==
                GripJson::Field::WrongType)
                return jsonFail(error, GripJson::wrongType(kpn, QStringLiteral("content-bin")));
            if (!GripJson::base64(encoded, &out->keepAlive.data))
                return jsonFail(error, GripJson::invalidValue(kpn, QStringLiteral("content-bin")));
        } else if (GripJson::string(ka, QStringLiteral("content"), &out->keepAlive.data) ==
                   GripJson::Field::WrongType) {
            return jsonFail(error, GripJson::wrongType(kpn, QStringLiteral("content")));
        }
        if (!jsonTimeout(ka, kpn, GripInstruction::minimumKeepAliveTimeoutSecs,
                         &out->keepAlive.timeoutSecs, error))
            return false;
        // The JSON form has no mode: keep-alives are idle ones, and there is nothing to send
        // without content.
        out->keepAlive.enabled = !out->keepAlive.data.isEmpty();
    }

    const QJsonValue meta = hold.value(QStringLiteral("meta"));
    if (!meta.isUndefined()) {
        if (!meta.isObject())
            return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("meta")));
        const QJsonObject m = meta.toObject();
        for (auto it = m.begin(); it != m.end(); ++it) {
            if (!it.value().isString())
                return jsonFail(error, QStringLiteral("'meta' contains %1 with wrong type")
                                           .arg(quoted(it.key().toUtf8())));
            setMeta(out, it.key().toUtf8(), it.value().toString().toUtf8());
        }
    }
    return true;
}

bool parseJsonResponse(const QJsonObject &response, int *code, QByteArray *reason,
                       HttpHeaders *headers, QByteArray *body, QString *error)
{
    const QString pn = QStringLiteral("response");
    const QJsonValue vcode = response.value(QStringLiteral("code"));
    if (!vcode.isUndefined()) {
        qint64 c = 0;
        // 100..999 as for Grip-Status: the status line needs three digits.
        switch (GripJson::integer(vcode, 100, 999, &c)) {
        case GripJson::Number::NotInteger:
            return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("code")));
        case GripJson::Number::OutOfRange:
            return jsonFail(error, GripJson::invalidValue(pn, QStringLiteral("code")));
        case GripJson::Number::Ok:
            break;
        }
        *code = int(c);
    }
    if (GripJson::string(response, QStringLiteral("reason"), reason) == GripJson::Field::WrongType)
        return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("reason")));
    if (!HttpSyntax::isFieldValue(*reason))
        return jsonFail(error, GripJson::invalidValue(pn, QStringLiteral("reason")));

    const QJsonValue vheaders = response.value(QStringLiteral("headers"));
    if (vheaders.isArray()) {
        for (const QJsonValue &pair : vheaders.toArray()) {
            if (!pair.isArray())
                return jsonFail(error, QStringLiteral("headers contains element with wrong type"));
            const QJsonArray nv = pair.toArray();
            if (nv.size() != 2)
                return jsonFail(
                    error, QStringLiteral("headers contains list with wrong number of elements"));
            if (!nv.at(0).isString())
                return jsonFail(error,
                                QStringLiteral("header contains name element with wrong type"));
            if (!addJsonHeader(headers, nv.at(0).toString(), nv.at(1), error))
                return false;
        }
    } else if (vheaders.isObject()) {
        const QJsonObject h = vheaders.toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            if (!addJsonHeader(headers, it.key(), it.value(), error))
                return false;
        }
    } else if (!vheaders.isUndefined()) {
        return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("headers")));
    }

    if (response.contains(QStringLiteral("body-bin"))) {
        QByteArray encoded;
        if (GripJson::string(response, QStringLiteral("body-bin"), &encoded) ==
            GripJson::Field::WrongType)
            return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("body-bin")));
        if (!GripJson::base64(encoded, body))
            return jsonFail(error, GripJson::invalidValue(pn, QStringLiteral("body-bin")));
    } else if (GripJson::string(response, QStringLiteral("body"), body) ==
               GripJson::Field::WrongType) {
        return jsonFail(error, GripJson::wrongType(pn, QStringLiteral("body")));
    }
    return true;
}

} // namespace

bool GripInstruction::isGripHeader(const QByteArray &name)
{
    return name.size() >= 5 && HttpHeaders::equalsIgnoreCase(name.first(5), "Grip-");
}

bool GripInstruction::parse(const HttpHeaders &headers, GripInstruction *out, QString *error)
{
    *out = GripInstruction();

    if (headers.contains(holdName)) {
        const QByteArray hold = HttpHeaders::trimmed(headers.value(holdName)).toByteArray();
        if (hold == "response")
            out->hold = Hold::Response;
        else if (hold == "stream")
            out->hold = Hold::Stream;
        else
            return fail(error, holdName,
                        QStringLiteral("must be 'response' or 'stream', not %1").arg(quoted(hold)));
    }

    // Grip-Channel without Grip-Hold is not an error: Pushpin's instruct parser keeps the
    // channels with NoHold, and the response then goes to the client as an ordinary one (Grip-*
    // stripped) with nothing subscribed. We report the same and leave the choice to the caller.
    QList<Element> elements;
    if (!parseList(headers, channelName, First::Raw, &elements, error))
        return false;
    for (const Element &element : std::as_const(elements)) {
        GripChannel channel;
        QString problem;
        if (!parseChannel(element, &channel, &problem))
            return fail(error, channelName, problem);
        out->channels.append(channel);
    }

    if (headers.contains(timeoutName)) {
        const QByteArray value = headers.value(timeoutName);
        if (!parseSeconds(value, &out->timeoutSecs))
            return fail(error, timeoutName,
                        QStringLiteral("must be a non-negative integer, not %1")
                            .arg(quoted(HttpHeaders::trimmed(value))));
        out->timeoutSecs = qMax(out->timeoutSecs, minimumTimeoutSecs);
    }

    // Not split at commas: the data may contain them.
    if (headers.contains(keepAliveName) &&
        !parseKeepAlive(headers.value(keepAliveName), &out->keepAlive, error))
        return false;

    elements.clear();
    if (!parseList(headers, setMetaName, First::Param, &elements, error))
        return false;
    for (const Element &element : std::as_const(elements)) {
        // parseParams drops nameless parts, so an element with no params was only ';'s.
        if (element.params.isEmpty())
            return fail(error, setMetaName, QStringLiteral("empty key"));
        const Param &p = element.params.first();
        setMeta(out, p.name, p.value.isNull() ? QByteArray("") : p.value);
    }

    if (headers.contains(statusName) &&
        !parseStatus(headers.value(statusName), &out->status, &out->reason, error))
        return false;

    elements.clear();
    if (!parseList(headers, linkName, First::AngleUrl, &elements, error))
        return false;
    for (const Element &element : std::as_const(elements)) {
        if (!parseLink(element, out, error))
            return false;
    }

    for (const HttpHeader &h : headers.list()) {
        if (!isGripHeader(h.name) || isKnownHeader(h.name))
            continue;
        bool seen = false;
        for (const QByteArray &name : std::as_const(out->unsupportedHeaders))
            seen = seen || HttpHeaders::equalsIgnoreCase(name, h.name);
        if (!seen)
            out->unsupportedHeaders.append(h.name);
    }
    return true;
}

bool GripInstruction::isInstructContentType(const HttpHeaders &headers)
{
    const QByteArray value = headers.value("Content-Type");
    const qsizetype semicolon = value.indexOf(';');
    return HttpHeaders::equalsIgnoreCase(
        HttpHeaders::trimmed(QByteArrayView(value).first(semicolon < 0 ? value.size() : semicolon)),
        "application/grip-instruct");
}

bool GripInstruction::parseJson(const QByteArray &body, GripInstruction *out, int *code,
                                QByteArray *reason, HttpHeaders *headers, QByteArray *responseBody,
                                QString *error)
{
    *out = GripInstruction();
    // The instruct itself came with 200, which stands unless the JSON names another code.
    *code = 200;
    reason->clear();
    headers->clear();
    responseBody->clear();

    QJsonObject instruct;
    QString problem;
    if (!GripJson::object(body, &instruct, &problem))
        return jsonFail(error, problem);

    const QJsonValue hold = instruct.value(QStringLiteral("hold"));
    if (!hold.isUndefined()) {
        if (!hold.isObject())
            return jsonFail(error, QStringLiteral("instruct contains 'hold' with wrong type"));
        if (!parseJsonHold(hold.toObject(), out, error))
            return false;
    }

    const QJsonValue response = instruct.value(QStringLiteral("response"));
    if (!response.isUndefined()) {
        if (!response.isObject())
            return jsonFail(error, QStringLiteral("instruct contains 'response' with wrong type"));
        if (!parseJsonResponse(response.toObject(), code, reason, headers, responseBody, error))
            return false;
        if (response.toObject().contains(QStringLiteral("code"))) {
            out->status = *code;
            out->reason = *reason;
        }
    }
    return true;
}

HttpHeaders GripInstruction::clientHeaders(const HttpHeaders &backendHeaders)
{
    HttpHeaders out;
    for (const HttpHeader &h : backendHeaders.list()) {
        if (!isGripHeader(h.name))
            out.add(h.name, h.value);
    }
    return out;
}
