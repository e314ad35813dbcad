#include "app/commandline.h"

#include <QCommandLineParser>
#include <QStandardPaths>

#include "core/listenaddress.h"
#include "routes/routesfile.h"
#include "uilanguage.h"

namespace {
// Without a routes file, the seed's starter-kit URLs work: /test/stream, /test/sse,
// /test/long-poll.
constexpr char DefaultRoutes[] = "*,path_beg=/test/ test\n";

struct LimitOption
{
    QString name;
    QString help;
    qlonglong minimum;
    qlonglong maximum;
};

void applyLimit(const QString &name, qlonglong value, Configuration *config)
{
    if (name == QLatin1String("max-connections"))
        config->maxConnections = int(value);
    else if (name == QLatin1String("max-header-bytes"))
        config->maxHeaderBytes = qsizetype(value);
    else if (name == QLatin1String("header-timeout"))
        config->headerTimeoutMs = int(value * 1000);
    else if (name == QLatin1String("response-timeout"))
        config->responseTimeoutMs = int(value * 1000);
    else if (name == QLatin1String("max-publish-body"))
        config->maxPublishBodyBytes = qsizetype(value);
    else if (name == QLatin1String("max-ws-message"))
        config->maxWsMessageBytes = qsizetype(value);
    else if (name == QLatin1String("max-grip-body"))
        config->maxGripBodyBytes = qsizetype(value);
    else if (name == QLatin1String("max-ws-channels"))
        config->maxWsChannels = int(value);
    else if (name == QLatin1String("max-pending-messages"))
        config->maxPendingMessages = int(value);
    else if (name == QLatin1String("max-pending-bytes"))
        config->maxPendingBytes = qsizetype(value);
    else if (name == QLatin1String("max-item-bytes"))
        config->maxItemContentBytes = qsizetype(value);
    else if (name == QLatin1String("message-wait"))
        config->messageWaitMs = int(value);
    else if (name == QLatin1String("id-cache-ttl"))
        config->idCacheTtlMs = int(value * 1000);
    else if (name == QLatin1String("ws-retries"))
        config->wsRetryMax = int(value);
    else if (name == QLatin1String("ws-retry-base"))
        config->wsRetryBaseMs = int(value);
}
// Pushpin's x_forwarded_for syntax: "truncate:N" and/or "append", comma-separated; empty keeps
// the header as the client sent it.
bool parseXffRule(const QString &text, Configuration::XffRule *rule)
{
    Configuration::XffRule parsed;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (item == QLatin1String("append")) {
            parsed.append = true;
        } else if (item.startsWith(QLatin1String("truncate:"))) {
            bool ok = false;
            parsed.truncate = item.mid(9).toInt(&ok);
            if (!ok || parsed.truncate < 0)
                return false;
        } else {
            return false;
        }
    }
    *rule = parsed;
    return true;
}
} // namespace

QString CommandLine::defaultLedgerPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/ledger.sqlite");
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine result;
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("report")) {
        result.action = Action::Report;
        result.reportArguments = arguments.mid(1);
        return result;
    }
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("load")) {
        result.action = Action::Load;
        result.loadArguments = arguments.mid(1);
        return result;
    }
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("publish")) {
        result.action = Action::Publish;
        result.publishArguments = arguments.mid(1);
        return result;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Holdfast: a console for WebSocket and GRIP traffic with an embedded broker.") +
        QLatin1Char('\n') +
        tr("Also: holdfast report (usage), holdfast load (test clients), holdfast publish "
           "(like pushpin-publish); each has --help."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     tr("Show the version and exit."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      tr("Run the broker without a window."));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        tr("Address and port for client traffic (default 127.0.0.1:7676)."),
        tr("addr:port", "value name in --help"));
    const QCommandLineOption publishListen(
        QStringLiteral("publish-listen"),
        tr("Address and port for the publish API (default 127.0.0.1:5561)."),
        tr("addr:port", "value name in --help"));
    const QCommandLineOption routes(
        QStringLiteral("routes"), tr("Routes file in Pushpin's syntax; reloaded when it changes."),
        tr("file", "value name in --help"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    tr("Extra CA certificates (PEM) trusted for TLS origins."),
                                    tr("file", "value name in --help"));
    const QCommandLineOption ledger(
        QStringLiteral("ledger"),
        tr("Usage ledger (SQLite; default %1). See also 'holdfast report --help'.")
            .arg(QStringLiteral("~/.local/share/holdfast/ledger.sqlite")),
        tr("file", "value name in --help"));
    const QCommandLineOption ledgerRetention(
        QStringLiteral("ledger-retention"),
        tr("Months of connection records the ledger keeps before folding them into "
           "monthly totals (default 13)."),
        tr("months", "value name in --help"));
    const QCommandLineOption sigKey(
        QStringLiteral("sig-key"),
        tr("Key for the Grip-Sig sent to GRIP backends: a secret (HS256), "
           "base64:SECRET, or file:PEM with an EC P-256 (ES256) or RSA key "
           "(default: changeme, as Pushpin)."),
        tr("key", "value name in --help"));
    const QCommandLineOption sigIss(QStringLiteral("sig-iss"),
                                    tr("Issuer claim of the Grip-Sig (default holdfast)."),
                                    tr("issuer", "value name in --help"));
    const QCommandLineOption publishKey(
        QStringLiteral("publish-key"),
        tr("Require this key on the publish API (Authorization: Bearer KEY, Basic "
           "with KEY as password, or Fastly-Key: KEY)."),
        tr("key", "value name in --help"));
    const QCommandLineOption acceptForwardedProto(
        QStringLiteral("accept-x-forwarded-proto"),
        tr("Believe a request's X-Forwarded-Proto (or X-Forwarded-Protocol) when it says https "
           "or wss: for ssl= routes and what the origin is told (Pushpin's "
           "accept_x_forwarded_protocol)."));
    const QCommandLineOption setForwardedProto(
        QStringLiteral("set-x-forwarded-proto"),
        tr("What tells the origin a request came over TLS: proto-only (X-Forwarded-Proto, the "
           "default), both (and X-Forwarded-Protocol) or off (Pushpin's "
           "set_x_forwarded_protocol)."),
        tr("mode", "value name in --help"));
    const QCommandLineOption forwardedFor(
        QStringLiteral("x-forwarded-for"),
        tr("X-Forwarded-For rules, as Pushpin's x_forwarded_for: truncate:N keeps the last N "
           "values, append adds the client's address; empty keeps the header as it is "
           "(default: append)."),
        tr("rules", "value name in --help"));
    const QCommandLineOption forwardedForTrusted(
        QStringLiteral("x-forwarded-for-trusted"),
        tr("The same rules for requests signed by the GRIP proxy in front (--upstream-key; "
           "default: append)."),
        tr("rules", "value name in --help"));
    const QCommandLineOption upstreamKey(
        QStringLiteral("upstream-key"),
        tr("Trust a request whose Grip-Sig verifies with this key: it comes from a GRIP proxy in "
           "front, so its Grip-* headers pass and its responses are relayed (Pushpin's "
           "upstream_key)."),
        tr("key", "value name in --help"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        tr("Language of the console and these messages: %1 (default: the saved setting, else "
           "the system's).")
            .arg(UiLanguage::available().join(QStringLiteral(", "))),
        tr("language", "value name in --help"));
    const QCommandLineOption tlsListen(
        QStringLiteral("tls-listen"),
        tr("Address and port for TLS client traffic, https:// and wss:// (default "
           "127.0.0.1:7443; needs --cert and --key)."),
        tr("addr:port", "value name in --help"));
    const QCommandLineOption cert(
        QStringLiteral("cert"),
        tr("Certificate chain (PEM) of the TLS listener; reloaded when it changes or on SIGHUP."),
        tr("file", "value name in --help"));
    const QCommandLineOption key(QStringLiteral("key"),
                                 tr("Private key (unencrypted PEM) of the TLS listener."),
                                 tr("file", "value name in --help"));
    const QCommandLineOption wsCompression(
        QStringLiteral("ws-compression"),
        tr("Negotiate permessage-deflate (RFC 7692) with WebSocket clients on Fanout routes "
           "(off by default, as in Pushpin)."));
    const QCommandLineOption wsForwardPings(
        QStringLiteral("ws-forward-pings"),
        tr("Send pings and pongs of WebSocket clients on Fanout routes to the backend as PING "
           "and PONG events, as Pushpin does, instead of answering pings directly."));
    const Configuration defaults;
    const QList<LimitOption> limits = {
        {QStringLiteral("max-connections"),
         tr("Client connections at once; beyond, 503 with Retry-After (default %1).")
             .arg(defaults.maxConnections),
         1, 1'000'000},
        {QStringLiteral("max-header-bytes"),
         tr("Largest request head from a client, in bytes; beyond, 431 (default %1).")
             .arg(defaults.maxHeaderBytes),
         1024, 1024 * 1024},
        {QStringLiteral("header-timeout"),
         tr("Seconds a client has to send a complete request head; then 408 (default %1).")
             .arg(defaults.headerTimeoutMs / 1000),
         1, 3600},
        {QStringLiteral("response-timeout"),
         tr("Seconds an origin or GRIP backend has to start its response; then 504 "
            "(default %1).")
             .arg(defaults.responseTimeoutMs / 1000),
         1, 3600},
        {QStringLiteral("max-publish-body"),
         tr("Largest publish request body, in bytes; beyond, 413 (default %1).")
             .arg(defaults.maxPublishBodyBytes),
         1024, 1024 * 1024 * 1024},
        {QStringLiteral("max-ws-message"),
         tr("Largest message from a WebSocket client on a Fanout route, in bytes; beyond, "
            "close 1009 (default %1).")
             .arg(defaults.maxWsMessageBytes),
         125, 1024 * 1024 * 1024},
        {QStringLiteral("max-grip-body"),
         tr("Largest response body a GRIP backend may send with its instruction, in bytes; "
            "beyond, 502 (default %1).")
             .arg(defaults.maxGripBodyBytes),
         1024, 1024 * 1024 * 1024},
        {QStringLiteral("max-ws-channels"),
         tr("Channels one Fanout WebSocket may subscribe to; further subscriptions are "
            "ignored (default %1).")
             .arg(defaults.maxWsChannels),
         1, 100'000},
        {QStringLiteral("max-pending-messages"),
         tr("Messages a slow subscriber may have queued before it is closed (default %1).")
             .arg(defaults.maxPendingMessages),
         1, 10'000'000},
        {QStringLiteral("max-pending-bytes"),
         tr("Bytes a slow subscriber may have queued before it is closed (default %1).")
             .arg(defaults.maxPendingBytes),
         4096, 1024 * 1024 * 1024},
        {QStringLiteral("max-item-bytes"),
         tr("Largest content or body of one published item, in bytes, after decoding; beyond, "
            "the publish gets 400. 0 is no limit, as in Pushpin (default %1, Fastly's).")
             .arg(defaults.maxItemContentBytes),
         0, 1024 * 1024 * 1024},
        {QStringLiteral("message-wait"),
         tr("Milliseconds an item whose prev-id is not the channel's last id waits for its "
            "predecessor (Pushpin's message_wait; default %1).")
             .arg(defaults.messageWaitMs),
         0, 600'000},
        {QStringLiteral("id-cache-ttl"),
         tr("Seconds a channel remembers item ids to drop repeats (Pushpin's id_cache_ttl; 0 "
            "turns it off; default %1).")
             .arg(defaults.idCacheTtlMs / 1000),
         0, 86'400},
        {QStringLiteral("ws-retries"),
         tr("Times a WebSocket-over-HTTP request the backend never received is tried again "
            "before the client is closed with 1011 (default %1).")
             .arg(defaults.wsRetryMax),
         0, 20},
        {QStringLiteral("ws-retry-base"),
         tr("Milliseconds before the first such retry; each further one waits twice as long, "
            "plus up to this much at random (default %1).")
             .arg(defaults.wsRetryBaseMs),
         1, 60'000},
    };
    QList<QCommandLineOption> limitOptions;
    for (const LimitOption &limit : limits)
        limitOptions.append(
            QCommandLineOption(limit.name, limit.help, tr("n", "value name in --help")));
    parser.addOptions({help,
                       version,
                       headless,
                       listen,
                       publishListen,
                       tlsListen,
                       cert,
                       key,
                       routes,
                       caFile,
                       ledger,
                       ledgerRetention,
                       sigKey,
                       sigIss,
                       publishKey,
                       lang,
                       wsCompression,
                       wsForwardPings,
                       acceptForwardedProto,
                       setForwardedProto,
                       forwardedFor,
                       forwardedForTrusted,
                       upstreamKey});
    parser.addOptions(limitOptions);
    result.helpText = parser.helpText();

    if (!parser.parse(arguments)) {
        result.action = Action::Fail;
        result.errors << QStringLiteral("holdfast: %1").arg(parser.errorText())
                      << tr("Try 'holdfast --help'.");
        return result;
    }
    if (parser.isSet(lang)) {
        result.language = parser.value(lang);
        if (!UiLanguage::available().contains(result.language)) {
            result.errors << tr("holdfast: --lang: '%1' is not one of %2")
                                 .arg(result.language,
                                      UiLanguage::available().join(QStringLiteral(", ")));
            result.language.clear();
        }
    }
    if (parser.isSet(help)) {
        result.action = Action::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::ShowVersion;
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.action = Action::Fail;
        result.errors
            << tr("holdfast: unexpected argument '%1'").arg(parser.positionalArguments().first());
        return result;
    }
    result.action = parser.isSet(headless) ? Action::RunHeadless : Action::RunGui;
    result.givenOptions = parser.optionNames();
    Configuration &config = result.config;
    if (parser.isSet(listen) &&
        !ListenAddress::parse(parser.value(listen), &config.listenAddress, &config.listenPort)) {
        result.errors
            << tr("holdfast: --listen: '%1' is not address:port").arg(parser.value(listen));
    }
    if (parser.isSet(publishListen) &&
        !ListenAddress::parse(parser.value(publishListen), &config.publishAddress,
                              &config.publishPort)) {
        result.errors << tr("holdfast: --publish-listen: '%1' is not address:port")
                             .arg(parser.value(publishListen));
    }
    if (parser.isSet(tlsListen) &&
        !ListenAddress::parse(parser.value(tlsListen), &config.tlsListenAddress,
                              &config.tlsListenPort)) {
        result.errors
            << tr("holdfast: --tls-listen: '%1' is not address:port").arg(parser.value(tlsListen));
    }
    config.tlsCertFile = parser.value(cert);
    config.tlsKeyFile = parser.value(key);
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty() ||
        (parser.isSet(tlsListen) && config.tlsCertFile.isEmpty()))
        result.errors << tr("holdfast: the TLS listener needs both --cert and --key");
    for (const LimitOption &limit : limits) {
        if (!parser.isSet(limit.name))
            continue;
        bool ok = false;
        const qlonglong value = parser.value(limit.name).toLongLong(&ok);
        if (!ok || value < limit.minimum || value > limit.maximum) {
            result.errors << tr("holdfast: --%1: '%2' is not a whole number from %3 to %4")
                                 .arg(limit.name, parser.value(limit.name))
                                 .arg(limit.minimum)
                                 .arg(limit.maximum);
            continue;
        }
        applyLimit(limit.name, value, &config);
    }
    config.extraCaFile = parser.value(caFile);
    config.wsCompression = parser.isSet(wsCompression);
    config.wsForwardPings = parser.isSet(wsForwardPings);
    if (parser.isSet(sigKey))
        config.sigKey = parser.value(sigKey).toUtf8();
    if (parser.isSet(sigIss))
        config.sigIssuer = parser.value(sigIss).toUtf8();
    config.publishKey = parser.value(publishKey).toUtf8();
    config.acceptXForwardedProto = parser.isSet(acceptForwardedProto);
    if (parser.isSet(setForwardedProto)) {
        // Pushpin's own values ("true", "false") are read too.
        const QString mode = parser.value(setForwardedProto);
        if (mode == QLatin1String("proto-only"))
            config.setXForwardedProto = Configuration::ForwardedProto::ProtoOnly;
        else if (mode == QLatin1String("both") || mode == QLatin1String("true"))
            config.setXForwardedProto = Configuration::ForwardedProto::Both;
        else if (mode == QLatin1String("off") || mode == QLatin1String("false"))
            config.setXForwardedProto = Configuration::ForwardedProto::Off;
        else
            result.errors << tr("holdfast: --set-x-forwarded-proto: '%1' is not proto-only, both "
                                "or off")
                                 .arg(mode);
    }
    for (const auto &[option, rule] : {std::pair{&forwardedFor, &config.xffRule},
                                       std::pair{&forwardedForTrusted, &config.xffTrustedRule}}) {
        if (parser.isSet(*option) && !parseXffRule(parser.value(*option), rule))
            result.errors << tr("holdfast: --%1: '%2' is not a list of truncate:N and append")
                                 .arg(option->names().first(), parser.value(*option));
    }
    config.upstreamKey = parser.value(upstreamKey).toUtf8();
    result.ledger.path = parser.value(ledger);
    if (parser.isSet(ledgerRetention)) {
        bool ok = false;
        result.ledger.retentionMonths = parser.value(ledgerRetention).toInt(&ok);
        if (!ok || result.ledger.retentionMonths < 1)
            result.errors << tr("holdfast: --ledger-retention: '%1' is not a number "
                                "of months (1 or more)")
                                 .arg(parser.value(ledgerRetention));
    }
    if (parser.isSet(routes)) {
        config.routesFile = parser.value(routes);
        const RoutesParseResult parsed = RoutesFile::load(config.routesFile);
        result.errors << parsed.errors;
        config.routes = parsed.routes;
        result.warnings << parsed.warnings;
    } else {
        config.routes = RoutesFile::parse(DefaultRoutes, QStringLiteral("built-in")).routes;
    }
    if (!result.errors.isEmpty())
        result.action = Action::Fail;
    return result;
}
