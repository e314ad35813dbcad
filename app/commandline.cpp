#include "app/commandline.h"

#include <QCommandLineParser>
#include <QStandardPaths>

#include "routes/routesfile.h"

namespace {
// Without a routes file, the seed's starter-kit URLs work: /test/stream, /test/sse,
// /test/long-poll.
constexpr char DefaultRoutes[] = "*,path_beg=/test/ test\n";
} // namespace

bool CommandLine::parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        *address = QHostAddress(QHostAddress::Any);
    else if (host == QLatin1String("localhost"))
        *address = QHostAddress(QHostAddress::LocalHost);
    else if (!address->setAddress(host))
        return false;
    *port = quint16(number);
    return true;
}

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
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Holdfast: a console for WebSocket and GRIP traffic with an embedded broker."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the broker without a window."));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address and port for client traffic (default 127.0.0.1:7676)."),
        QStringLiteral("addr:port"));
    const QCommandLineOption publishListen(
        QStringLiteral("publish-listen"),
        QStringLiteral("Address and port for the publish API (default 127.0.0.1:5561)."),
        QStringLiteral("addr:port"));
    const QCommandLineOption routes(
        QStringLiteral("routes"),
        QStringLiteral("Routes file in Pushpin's syntax; reloaded when it changes."),
        QStringLiteral("file"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        QStringLiteral("Extra CA certificates (PEM) trusted for TLS origins."),
        QStringLiteral("file"));
    const QCommandLineOption ledger(
        QStringLiteral("ledger"),
        QStringLiteral("Usage ledger (SQLite; default %1). See also 'holdfast report --help'.")
            .arg(QStringLiteral("~/.local/share/holdfast/ledger.sqlite")),
        QStringLiteral("file"));
    const QCommandLineOption ledgerRetention(
        QStringLiteral("ledger-retention"),
        QStringLiteral("Months of connection records the ledger keeps before folding them into "
                       "monthly totals (default 13)."),
        QStringLiteral("months"));
    const QCommandLineOption sigKey(
        QStringLiteral("sig-key"),
        QStringLiteral("Key for the Grip-Sig sent to GRIP backends: a secret (HS256), "
                       "base64:SECRET, or file:PEM with an EC P-256 (ES256) or RSA key "
                       "(default: changeme, as Pushpin)."),
        QStringLiteral("key"));
    const QCommandLineOption sigIss(
        QStringLiteral("sig-iss"),
        QStringLiteral("Issuer claim of the Grip-Sig (default holdfast)."),
        QStringLiteral("issuer"));
    const QCommandLineOption publishKey(
        QStringLiteral("publish-key"),
        QStringLiteral("Require this key on the publish API (Authorization: Bearer KEY, Basic "
                       "with KEY as password, or Fastly-Key: KEY)."),
        QStringLiteral("key"));
    parser.addOptions({help, version, headless, listen, publishListen, routes, caFile, ledger,
                       ledgerRetention, sigKey, sigIss, publishKey});
    result.helpText = parser.helpText();

    if (!parser.parse(arguments)) {
        result.action = Action::Fail;
        result.errors << QStringLiteral("holdfast: %1").arg(parser.errorText())
                      << QStringLiteral("Try 'holdfast --help'.");
        return result;
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
        result.errors << QStringLiteral("holdfast: unexpected argument '%1'")
                             .arg(parser.positionalArguments().first());
        return result;
    }
    result.action = parser.isSet(headless) ? Action::RunHeadless : Action::RunGui;
    result.givenOptions = parser.optionNames();
    Configuration &config = result.config;
    if (parser.isSet(listen) &&
        !parseListenAddress(parser.value(listen), &config.listenAddress, &config.listenPort)) {
        result.errors << QStringLiteral("holdfast: --listen: '%1' is not address:port")
                             .arg(parser.value(listen));
    }
    if (parser.isSet(publishListen) &&
        !parseListenAddress(parser.value(publishListen), &config.publishAddress,
                            &config.publishPort)) {
        result.errors << QStringLiteral("holdfast: --publish-listen: '%1' is not address:port")
                             .arg(parser.value(publishListen));
    }
    config.extraCaFile = parser.value(caFile);
    if (parser.isSet(sigKey))
        config.sigKey = parser.value(sigKey).toUtf8();
    if (parser.isSet(sigIss))
        config.sigIssuer = parser.value(sigIss).toUtf8();
    config.publishKey = parser.value(publishKey).toUtf8();
    result.ledger.path = parser.value(ledger);
    if (parser.isSet(ledgerRetention)) {
        bool ok = false;
        result.ledger.retentionMonths = parser.value(ledgerRetention).toInt(&ok);
        if (!ok || result.ledger.retentionMonths < 1)
            result.errors << QStringLiteral("holdfast: --ledger-retention: '%1' is not a number "
                                            "of months (1 or more)")
                                 .arg(parser.value(ledgerRetention));
    }
    if (parser.isSet(routes)) {
        config.routesFile = parser.value(routes);
        const RoutesParseResult parsed = RoutesFile::load(config.routesFile);
        result.errors << parsed.errors;
        config.routes = parsed.routes;
        for (const QString &warning : parsed.warnings)
            qWarning("%s", qPrintable(warning));
    } else {
        config.routes = RoutesFile::parse(DefaultRoutes, QStringLiteral("built-in")).routes;
    }
    if (!result.errors.isEmpty())
        result.action = Action::Fail;
    return result;
}
