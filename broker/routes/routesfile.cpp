#include "routes/routesfile.h"

#include <QFile>
#include <QHash>
#include <QSet>

namespace {

struct Prop
{
    QByteArray name;
    QByteArray value;
    bool hasValue = false; // "name=" as opposed to "name"
};

struct Section
{
    QByteArray value; // "" when the section starts with an option
    QList<Prop> props;
};

// Splits a line into sections (by spaces or tabs) and their comma-separated options, decoding
// double-quoted parts. Pushpin's grammar: quotes may appear anywhere in an element and protect
// spaces, commas, '#' and '='; inside them only \\ and \" are escapes.
class LineSplitter
{
public:
    explicit LineSplitter(const QByteArray &line) : m_line(line) {}

    bool split(QList<Section> *sections, QString *error)
    {
        while (true) {
            while (m_pos < m_line.size() && isBlank(m_line[m_pos]))
                ++m_pos;
            if (m_pos >= m_line.size() || m_line[m_pos] == '#')
                return true;

            Element first;
            if (!readElement(&first, error))
                return false;
            Section section;
            // An unquoted '=' in the first element means the section has no value and this is
            // already an option: how a condition without a domain ("id=x ...") is written.
            if (first.eqAt >= 0) {
                if (!addProp(&section, first, error))
                    return false;
            } else {
                section.value = first.text;
            }
            while (m_pos < m_line.size() && m_line[m_pos] == ',') {
                ++m_pos;
                Element prop;
                if (!readElement(&prop, error))
                    return false;
                if (prop.text.isEmpty() && !prop.quoted && prop.eqAt < 0) {
                    *error = QStringLiteral("expected an option after ','");
                    return false;
                }
                if (!addProp(&section, prop, error))
                    return false;
            }
            sections->append(section);
        }
    }

private:
    struct Element
    {
        QByteArray text;
        int eqAt = -1; // first unquoted '=' in text
        bool quoted = false;
    };

    static bool isBlank(char c) { return c == ' ' || c == '\t'; }

    bool readElement(Element *out, QString *error)
    {
        while (m_pos < m_line.size()) {
            const char c = m_line[m_pos];
            if (c == '"') {
                ++m_pos;
                out->quoted = true;
                if (!readQuoted(&out->text, error))
                    return false;
                continue;
            }
            if (c == ',' || c == '#' || isBlank(c))
                break;
            if (c == '=' && out->eqAt < 0)
                out->eqAt = int(out->text.size());
            out->text += c;
            ++m_pos;
        }
        return true;
    }

    bool readQuoted(QByteArray *text, QString *error)
    {
        while (m_pos < m_line.size()) {
            const char c = m_line[m_pos++];
            if (c == '"')
                return true;
            if (c != '\\') {
                *text += c;
                continue;
            }
            if (m_pos >= m_line.size())
                break;
            const char escaped = m_line[m_pos++];
            if (escaped != '\\' && escaped != '"') {
                *error = QStringLiteral("invalid escape '\\%1' in quotes (only \\\\ and \\\" "
                                        "are allowed)")
                             .arg(QChar::fromLatin1(escaped));
                return false;
            }
            *text += escaped;
        }
        *error = QStringLiteral("unterminated quote");
        return false;
    }

    static bool addProp(Section *section, const Element &element, QString *error)
    {
        Prop prop;
        prop.hasValue = element.eqAt >= 0;
        prop.name = prop.hasValue ? element.text.left(element.eqAt) : element.text;
        prop.value = prop.hasValue ? element.text.mid(element.eqAt + 1) : QByteArray();
        if (prop.name.isEmpty()) {
            *error = QStringLiteral("option name is empty");
            return false;
        }
        section->props.append(prop);
        return true;
    }

    const QByteArray &m_line;
    int m_pos = 0;
};

// Pushpin options Holdfast reads past so that a Pushpin file loads; each use is warned about.
const QSet<QByteArray> &ignoredConditionOptions()
{
    static const QSet<QByteArray> names = {
        "aco",    "jsonp_mode",     "jsonp_cb",  "jsonp_body", "jsonp_defcb", "jsonp_defmethod",
        "sockjs", "sockjs_as_path", "log_level",
    };
    return names;
}

const QSet<QByteArray> &ignoredTargetOptions()
{
    static const QSet<QByteArray> names = {
        "trust_connect_host",
        "client_cert",
        "client_key",
        "ipc_file_mode",
    };
    return names;
}

bool isTokenChar(char c)
{
    // RFC 9110 tchar.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

bool parsePositiveInt(const QByteArray &text, bool allowZero, int *out)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || (value == 0 && !allowZero))
        return false;
    *out = value;
    return true;
}

bool isIpv6Text(const QByteArray &text)
{
    if (!text.contains(':'))
        return false;
    // Allow a zone id ("fe80::1%eth0"): everything after '%' is an interface name.
    const int zoneAt = text.indexOf('%');
    const QByteArray address = zoneAt < 0 ? text : text.left(zoneAt);
    for (char c : address) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex && c != ':' && c != '.')
            return false;
    }
    return zoneAt < 0 || zoneAt + 1 < text.size();
}

// Collects one line's findings with the "FILE:LINE: " prefix every message carries.
class LineReport
{
public:
    LineReport(const QString &fileName, int line)
        : m_prefix(fileName + QLatin1Char(':') + QString::number(line) + QStringLiteral(": "))
    {}

    void error(const QString &message) { m_errors += m_prefix + message; }
    void warning(const QString &message) { m_warnings += m_prefix + message; }
    bool hasErrors() const { return !m_errors.isEmpty(); }

    void moveInto(RoutesParseResult *result)
    {
        result->errors += m_errors;
        result->warnings += m_warnings;
    }

private:
    QString m_prefix;
    QStringList m_errors;
    QStringList m_warnings;
};

QString text(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes);
}

bool requireValue(const Prop &prop, LineReport *report)
{
    if (!prop.value.isEmpty())
        return true;
    report->error(QStringLiteral("option '%1' needs a value").arg(text(prop.name)));
    return false;
}

bool requireNoValue(const Prop &prop, LineReport *report)
{
    if (!prop.hasValue)
        return true;
    report->error(QStringLiteral("option '%1' takes no value").arg(text(prop.name)));
    return false;
}

// Pushpin keeps the last of a repeated option; say so, since it is usually a mistake.
void warnRepeats(const QList<Prop> &props, const QSet<QByteArray> &repeatable, LineReport *report)
{
    QSet<QByteArray> seen;
    QSet<QByteArray> warned;
    for (const Prop &prop : props) {
        if (repeatable.contains(prop.name))
            continue;
        if (seen.contains(prop.name) && !warned.contains(prop.name)) {
            report->warning(QStringLiteral("option '%1' is given more than once; the last one is "
                                           "used")
                                .arg(text(prop.name)));
            warned.insert(prop.name);
        }
        seen.insert(prop.name);
    }
}

void parseConditionOption(const Prop &prop, Route *route, LineReport *report)
{
    const QByteArray &name = prop.name;
    const QByteArray &value = prop.value;
    if (name == "id") {
        if (requireValue(prop, report)) {
            route->id = value;
            route->explicitId = true;
        }
    } else if (name == "proto") {
        if (value == "http" || value == "ws")
            route->proto = value;
        else
            report->error(QStringLiteral("proto must be 'http' or 'ws'"));
    } else if (name == "ssl") {
        if (value == "yes" || value == "no")
            route->ssl = value == "yes" ? 1 : 0;
        else
            report->error(QStringLiteral("ssl must be 'yes' or 'no'"));
    } else if (name == "path_beg") {
        if (value.isEmpty())
            report->error(QStringLiteral("path_beg cannot be empty"));
        else
            route->pathBeg = value;
    } else if (name == "replace_beg") {
        // An empty value is meaningful: strip path_beg and prepend nothing.
        route->hasReplaceBeg = true;
        route->replaceBeg = value;
    } else if (name == "path_rem") {
        if (!parsePositiveInt(value, true, &route->pathRem))
            report->error(QStringLiteral("path_rem must be a non-negative integer"));
    } else if (name == "as_host") {
        if (requireValue(prop, report))
            route->asHost = value;
    } else if (name == "header") {
        const int colon = value.indexOf(':');
        if (colon < 1) {
            report->error(QStringLiteral("header must use the format 'name:value'"));
            return;
        }
        const QByteArray headerName = value.left(colon);
        for (char c : headerName) {
            if (!isTokenChar(c)) {
                report->error(QStringLiteral("header name '%1' is not a valid HTTP header name")
                                  .arg(text(headerName)));
                return;
            }
        }
        QByteArray headerValue = value.mid(colon + 1);
        while (headerValue.startsWith(' ') || headerValue.startsWith('\t'))
            headerValue.remove(0, 1);
        route->headers.append({headerName, headerValue});
    } else if (name == "sig_iss") {
        if (requireValue(prop, report))
            route->sigIss = value;
    } else if (name == "sig_key") {
        if (!requireValue(prop, report))
            return;
        if (value.startsWith("base64:")) {
            const auto decoded = QByteArray::fromBase64Encoding(
                value.mid(7), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded || decoded.decoded.isEmpty()) {
                report->error(QStringLiteral("sig_key is not valid base64"));
                return;
            }
            route->sigKey = decoded.decoded;
        } else {
            route->sigKey = value;
        }
    } else if (name == "prefix") {
        if (requireValue(prop, report))
            route->prefix = value;
    } else if (name == "no_grip") {
        route->noGrip = requireNoValue(prop, report);
    } else if (name == "debug") {
        route->debug = requireNoValue(prop, report);
        if (route->debug)
            report->warning(QStringLiteral("option 'debug' changes nothing in Holdfast: its error "
                                           "answers always carry the detail Pushpin adds with "
                                           "debug"));
    } else if (name == "orig_headers") {
        route->origHeaders = requireNoValue(prop, report);
    } else if (name == "session") {
        route->session = requireNoValue(prop, report);
        if (route->session)
            report->warning(QStringLiteral("option 'session' is not supported by Holdfast and is "
                                           "ignored"));
    } else if (name == "max_conn_time") {
        if (!parsePositiveInt(value, false, &route->maxConnTimeSeconds))
            report->error(QStringLiteral("max_conn_time must be a positive integer (seconds)"));
    } else if (ignoredConditionOptions().contains(name)) {
        report->warning(QStringLiteral("option '%1' is not supported by Holdfast and is ignored")
                            .arg(text(name)));
    } else {
        report->error(QStringLiteral("unknown option '%1'").arg(text(name)));
    }
}

// Fills host and port from "host:port", "[v6]:port" or "test".
bool parseTargetAddress(const QByteArray &address, RouteTarget *target, LineReport *report)
{
    if (address == "test") {
        target->isTest = true;
        return true;
    }
    if (address.isEmpty()) {
        report->error(QStringLiteral("target address is missing before its options"));
        return false;
    }
    const QString quotedAddress = QLatin1Char('\'') + text(address) + QLatin1Char('\'');
    QByteArray host;
    QByteArray port;
    if (address.startsWith('[')) {
        const int close = address.indexOf(']');
        if (close < 0) {
            report->error(QStringLiteral("target %1 has no closing ']'").arg(quotedAddress));
            return false;
        }
        host = address.mid(1, close - 1);
        if (!isIpv6Text(host)) {
            report->error(QStringLiteral("target %1: '%2' is not an IPv6 address")
                              .arg(quotedAddress, text(host)));
            return false;
        }
        if (address.mid(close + 1, 1) != ":") {
            report->error(
                QStringLiteral("target %1 needs a port: [address]:port").arg(quotedAddress));
            return false;
        }
        port = address.mid(close + 2);
    } else {
        const int colons = int(address.count(':'));
        if (colons == 0) {
            report->error(QStringLiteral("target %1 needs a port: host:port").arg(quotedAddress));
            return false;
        }
        if (colons > 1) {
            report->error(
                QStringLiteral("target %1: write an IPv6 address in brackets, [address]:port")
                    .arg(quotedAddress));
            return false;
        }
        const int colon = address.indexOf(':');
        host = address.left(colon);
        port = address.mid(colon + 1);
        if (host.isEmpty()) {
            report->error(QStringLiteral("target %1 has no host").arg(quotedAddress));
            return false;
        }
    }
    int portNumber = 0;
    if (!parsePositiveInt(port, false, &portNumber) || portNumber > 65535) {
        report->error(QStringLiteral("target %1 has an invalid port '%2' (1-65535)")
                          .arg(quotedAddress, text(port)));
        return false;
    }
    target->host = host;
    target->port = quint16(portNumber);
    return true;
}

void parseTargetOption(const Prop &prop, RouteTarget *target, LineReport *report)
{
    const QByteArray &name = prop.name;
    if (name == "ssl") {
        target->ssl = requireNoValue(prop, report);
    } else if (name == "insecure") {
        target->insecure = requireNoValue(prop, report);
    } else if (name == "untrusted") {
        target->untrusted = requireNoValue(prop, report);
    } else if (name == "over_http") {
        target->overHttp = requireNoValue(prop, report);
    } else if (name == "one_event") {
        target->oneEvent = requireNoValue(prop, report);
    } else if (name == "host") {
        if (requireValue(prop, report))
            target->hostOverride = prop.value;
    } else if (name == "sub") {
        if (requireValue(prop, report))
            target->subscriptions.append(prop.value);
    } else if (ignoredTargetOptions().contains(name)) {
        report->warning(QStringLiteral("option '%1' is not supported by Holdfast and is ignored")
                            .arg(text(name)));
    } else {
        report->error(QStringLiteral("unknown option '%1'").arg(text(name)));
    }
}

// Parses one line; a route is appended only if the line has no error.
void parseOneLine(const QByteArray &rawLine, const QString &fileName, int lineNumber,
                  RoutesParseResult *result)
{
    QByteArray line = rawLine;
    if (line.endsWith('\r'))
        line.chop(1);

    LineReport report(fileName, lineNumber);
    QList<Section> sections;
    QString splitError;
    if (!LineSplitter(line).split(&sections, &splitError)) {
        report.error(splitError);
        report.moveInto(result);
        return;
    }
    if (sections.isEmpty())
        return; // blank or comment
    if (sections.size() < 2) {
        report.error(QStringLiteral("a condition needs at least one target"));
        report.moveInto(result);
        return;
    }

    Route route;
    route.fileName = fileName;
    route.line = lineNumber;

    QByteArray domain = sections[0].value.toLower();
    if (domain.startsWith('[') && domain.endsWith(']'))
        domain = domain.mid(1, domain.size() - 2); // hosts are matched without brackets
    route.domain = domain;

    warnRepeats(sections[0].props, {"header"}, &report);
    for (const Prop &prop : sections[0].props)
        parseConditionOption(prop, &route, &report);
    if (route.hasReplaceBeg && route.pathRem != 0)
        report.warning(QStringLiteral("path_rem is ignored because replace_beg is set"));
    if (route.domain.isEmpty() && !route.explicitId)
        report.error(QStringLiteral("condition has no domain or id"));

    for (int n = 1; n < sections.size(); ++n) {
        const Section &section = sections[n];
        if (section.value.startsWith("zhttp/") || section.value.startsWith("zhttpreq/")) {
            report.warning(QStringLiteral("target '%1' is not supported by Holdfast and is ignored")
                               .arg(text(section.value)));
            continue;
        }
        RouteTarget target;
        parseTargetAddress(section.value, &target, &report);
        warnRepeats(section.props, {"sub"}, &report);
        for (const Prop &prop : section.props)
            parseTargetOption(prop, &target, &report);
        route.targets.append(target);
    }

    if (!report.hasErrors() && route.targets.isEmpty()) {
        report.warning(QStringLiteral("no target Holdfast supports; the route is skipped"));
        report.moveInto(result);
        return;
    }
    if (!report.hasErrors()) {
        if (!route.explicitId)
            route.id = route.conditionId();
        result->routes.append(route);
    }
    report.moveInto(result);
}

} // namespace

RoutesParseResult RoutesFile::parseLine(const QByteArray &line, const QString &fileName,
                                        int lineNumber)
{
    RoutesParseResult result;
    parseOneLine(line, fileName, lineNumber, &result);
    return result;
}

RoutesParseResult RoutesFile::parse(const QByteArray &text, const QString &fileName)
{
    QByteArray body = text;
    if (body.startsWith("\xEF\xBB\xBF"))
        body.remove(0, 3); // editors on Windows add a UTF-8 BOM

    // File-wide checks, in Pushpin's order: a duplicate condition drops the later route; a
    // shared id keeps both routes but makes the id unusable (RouteTable::findById). They run as
    // each line is read so messages stay in line order.
    RoutesParseResult result;
    QHash<QByteArray, int> conditionLines;
    QHash<QByteArray, int> idLines;
    const QList<QByteArray> lines = body.split('\n');
    for (int n = 0; n < lines.size(); ++n) {
        const int lineNumber = n + 1;
        const int routesBefore = int(result.routes.size());
        parseOneLine(lines[n], fileName, lineNumber, &result);
        if (result.routes.size() == routesBefore)
            continue;

        const Route &route = result.routes.last();
        const QString where =
            fileName + QLatin1Char(':') + QString::number(lineNumber) + QStringLiteral(": ");
        if (!route.domain.isEmpty()) {
            const QByteArray condition = route.domain + '\n' + route.proto + '\n' +
                                         QByteArray::number(route.ssl) + '\n' + route.pathBeg;
            const auto first = conditionLines.constFind(condition);
            if (first != conditionLines.constEnd()) {
                result.warnings +=
                    where + QStringLiteral("skipping duplicate condition (first on line %1)")
                                .arg(first.value());
                result.routes.removeLast();
                continue;
            }
            conditionLines.insert(condition, lineNumber);
        }
        const auto firstId = idLines.constFind(route.id);
        if (firstId != idLines.constEnd()) {
            result.warnings +=
                where +
                QStringLiteral("id '%1' is also used on line %2; neither route can be found by id")
                    .arg(QString::fromUtf8(route.id))
                    .arg(firstId.value());
        } else {
            idLines.insert(route.id, lineNumber);
        }
    }
    return result;
}

RoutesParseResult RoutesFile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        RoutesParseResult result;
        result.errors += path + QStringLiteral(": cannot read: ") + file.errorString();
        return result;
    }
    return parse(file.readAll(), path);
}

QByteArray RoutesFile::serialize(const QList<Route> &routes)
{
    QByteArray out;
    for (const Route &route : routes)
        out += route.toLine() + '\n';
    return out;
}
