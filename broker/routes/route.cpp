#include "routes/route.h"

namespace {

bool needsQuotes(const QByteArray &value, bool isInitialValue)
{
    for (char c : value) {
        if (c == ' ' || c == '\t' || c == ',' || c == '#' || c == '"' || c == '\\')
            return true;
        // An unquoted '=' in a section's first element makes the parser read it as an option.
        if (isInitialValue && c == '=')
            return true;
    }
    return false;
}

QByteArray quoted(const QByteArray &value, bool isInitialValue = false)
{
    if (!needsQuotes(value, isInitialValue))
        return value;
    QByteArray out;
    out.reserve(value.size() + 2);
    out += '"';
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

QByteArray option(const char *name, const QByteArray &value)
{
    return QByteArray(name) + '=' + quoted(value);
}

// Keys that are not plain text (e.g. raw HMAC bytes) are written the way Pushpin reads them.
QByteArray sigKeyText(const QByteArray &key)
{
    bool printable = !key.startsWith("base64:");
    for (char c : key) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            printable = false;
    }
    return printable ? key : "base64:" + key.toBase64();
}

} // namespace

QByteArray RouteTarget::toText() const
{
    QByteArray out;
    if (isTest) {
        out = "test";
    } else {
        const QByteArray hostText = host.contains(':') ? '[' + host + ']' : host;
        out = quoted(hostText + ':' + QByteArray::number(port), true);
    }
    if (ssl)
        out += ",ssl";
    if (!hostOverride.isEmpty())
        out += ',' + option("host", hostOverride);
    if (insecure)
        out += ",insecure";
    if (untrusted)
        out += ",untrusted";
    if (overHttp)
        out += ",over_http";
    if (oneEvent)
        out += ",one_event";
    for (const QByteArray &channel : subscriptions)
        out += ',' + option("sub", channel);
    return out;
}

bool RouteTarget::operator==(const RouteTarget &other) const
{
    return host == other.host && port == other.port && ssl == other.ssl &&
           hostOverride == other.hostOverride && insecure == other.insecure &&
           untrusted == other.untrusted && overHttp == other.overHttp &&
           oneEvent == other.oneEvent && subscriptions == other.subscriptions &&
           isTest == other.isTest;
}

QByteArray Route::rewritePath(const QByteArray &target) const
{
    if (!target.startsWith('/'))
        return target;

    const int queryAt = target.indexOf('?');
    QByteArray path = queryAt < 0 ? target : target.left(queryAt);
    const QByteArray query = queryAt < 0 ? QByteArray() : target.mid(queryAt);

    // As in Pushpin, replace_beg removes exactly path_beg's length and wins over path_rem.
    const int remove = hasReplaceBeg ? int(pathBeg.size()) : pathRem;
    if (remove > 0)
        path = path.mid(remove);
    if (hasReplaceBeg)
        path.prepend(replaceBeg);
    // Pushpin would forward "" or "x" here; an origin needs an origin-form target.
    if (!path.startsWith('/'))
        path.prepend('/');
    return path + query;
}

QByteArray Route::toLine() const
{
    QList<QByteArray> props;
    if (explicitId)
        props += option("id", id);
    if (!proto.isEmpty())
        props += option("proto", proto);
    if (ssl >= 0)
        props += ssl ? "ssl=yes" : "ssl=no";
    if (!pathBeg.isEmpty())
        props += option("path_beg", pathBeg);
    if (hasReplaceBeg)
        props += option("replace_beg", replaceBeg);
    if (pathRem != 0)
        props += "path_rem=" + QByteArray::number(pathRem);
    if (!asHost.isEmpty())
        props += option("as_host", asHost);
    for (const auto &header : headers)
        props += option("header", header.first + ':' + header.second);
    if (!sigIss.isEmpty())
        props += option("sig_iss", sigIss);
    if (!sigKey.isEmpty())
        props += option("sig_key", sigKeyText(sigKey));
    if (!prefix.isEmpty())
        props += option("prefix", prefix);
    if (noGrip)
        props += "no_grip";
    if (debug)
        props += "debug";
    if (origHeaders)
        props += "orig_headers";
    if (session)
        props += "session";
    if (maxConnTimeSeconds > 0)
        props += "max_conn_time=" + QByteArray::number(maxConnTimeSeconds);

    QByteArray out;
    if (!domain.isEmpty()) {
        out = quoted(domain, true);
        for (const QByteArray &p : props)
            out += ',' + p;
    } else {
        // No domain: the condition starts with its options. A leading ',' keeps a first option
        // without '=' (e.g. "debug") from being read as the domain.
        if (!props.isEmpty() && !props.first().contains('='))
            out = ",";
        out += props.join(',');
    }
    for (const RouteTarget &target : targets)
        out += ' ' + target.toText();
    return out;
}

QByteArray Route::conditionId() const
{
    const QByteArray domainPart = domain.isEmpty() ? QByteArray("*") : domain;
    const QByteArray protoPart = proto.isEmpty() ? QByteArray("*") : proto;
    // Pushpin writes "ssl" for ssl=no and "no-ssl" for ssl=yes; we use the readable mapping.
    const QByteArray sslPart = ssl < 0 ? QByteArray("*") : QByteArray(ssl ? "ssl" : "no-ssl");
    const QByteArray pathPart = pathBeg.isEmpty() ? QByteArray("*") : pathBeg;
    return domainPart + ',' + protoPart + ',' + sslPart + ',' + pathPart;
}

bool Route::matchesRequest(const QByteArray &path, bool isWebSocket, bool isTls) const
{
    if ((proto == "http" && isWebSocket) || (proto == "ws" && !isWebSocket))
        return false;
    if ((ssl == 1 && !isTls) || (ssl == 0 && isTls))
        return false;
    if (pathBeg.isEmpty())
        return true;
    const int queryAt = path.indexOf('?');
    const QByteArray pathOnly = queryAt < 0 ? path : path.left(queryAt);
    return pathOnly.startsWith(pathBeg);
}

bool Route::operator==(const Route &other) const
{
    return id == other.id && explicitId == other.explicitId && domain == other.domain &&
           proto == other.proto && ssl == other.ssl && pathBeg == other.pathBeg &&
           hasReplaceBeg == other.hasReplaceBeg && replaceBeg == other.replaceBeg &&
           pathRem == other.pathRem && asHost == other.asHost && headers == other.headers &&
           sigIss == other.sigIss && sigKey == other.sigKey && prefix == other.prefix &&
           noGrip == other.noGrip && debug == other.debug && origHeaders == other.origHeaders &&
           session == other.session && maxConnTimeSeconds == other.maxConnTimeSeconds &&
           targets == other.targets;
}
