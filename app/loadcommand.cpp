#include "app/loadcommand.h"

#include <cstdio>

#include <unistd.h>

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "app/signalwatcher.h"
#include "clientengine.h"
#include "loadconfig.h"
#include "loadstats.h"
#include "publisher.h"

namespace {
int failWith(const QString &message)
{
    std::fprintf(stderr, "holdfast load: %s\n%s\n", qPrintable(message),
                 qPrintable(LoadCommand::tr("Try 'holdfast load --help'.")));
    return 2;
}

QString millis(qint64 micros)
{
    return QString::number(double(micros) / 1000.0, 'f', micros < 10'000 ? 2 : 1);
}
} // namespace

qint64 LoadCommand::parseDuration(const QString &text)
{
    const QString t = text.trimmed().toLower();
    qint64 factor = 1000;
    QString number = t;
    if (t.endsWith(QLatin1String("ms"))) {
        factor = 1;
        number.chop(2);
    } else if (t.endsWith(QLatin1Char('s'))) {
        number.chop(1);
    } else if (t.endsWith(QLatin1Char('m'))) {
        factor = 60'000;
        number.chop(1);
    } else if (t.endsWith(QLatin1Char('h'))) {
        factor = 3'600'000;
        number.chop(1);
    }
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || value < 0)
        return -1;
    return qint64(value * double(factor));
}

QString LoadCommand::summary(const LoadConfig &config, const LoadStats &stats)
{
    QStringList lines;
    lines << tr("holdfast load: %1 clients (%2) to %3")
                 .arg(config.clients)
                 .arg(LoadConfig::transportName(config.transport),
                      config.url.isEmpty() ? config.publishUrl : config.url);
    lines << tr("clients:    %1 connected, %2 failed, %3 still open at the end")
                 .arg(stats.everOpen)
                 .arg(stats.failed)
                 .arg(stats.open);
    if (!config.publishUrl.isEmpty()) {
        lines << tr("publishes:  %1 sent, %2 accepted, %3 failed over %4 s")
                     .arg(stats.publishesSent)
                     .arg(stats.publishesAccepted)
                     .arg(stats.publishesFailed)
                     .arg(QString::number(double(stats.publishingMs) / 1000.0, 'f', 1));
        if (stats.publishWallUs > 0)
            lines << tr("            %1 publishes/s (%2 requests on %3 connection(s), %4 ms from "
                        "the first request to the last answer)")
                         .arg(QString::number(stats.publishesPerSecond, 'f', 0))
                         .arg(stats.publishRequests)
                         .arg(stats.publishConnections)
                         .arg(millis(stats.publishWallUs));
        if (!stats.publishError.isEmpty())
            lines << tr("            last publish error: %1").arg(stats.publishError);
    }
    if (config.echo)
        lines << tr("echoes:     %1 sent, %2 echoed, %3 errors, %4 unanswered, %5 echoes/s")
                     .arg(stats.echoSent)
                     .arg(stats.echoes)
                     .arg(stats.echoErrors)
                     .arg(stats.echoUnanswered)
                     .arg(QString::number(stats.echoesPerSecond, 'f', 0));
    lines << tr("messages:   %1 received, %2 expected, %3 lost, %4 delivered/s")
                 .arg(stats.received)
                 .arg(stats.expected)
                 .arg(stats.lost)
                 .arg(QString::number(stats.deliveredPerSecond, 'f', 0));
    const LatencyHistogram &latency = stats.latency;
    if (config.echo && latency.count() > 0) {
        lines << tr("round trip: p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; "
                    "%7 echoes)")
                     .arg(millis(latency.percentile(50)), millis(latency.percentile(90)),
                          millis(latency.percentile(99)), millis(latency.min()),
                          millis(qint64(latency.mean())), millis(latency.max()))
                     .arg(latency.count());
    } else if (config.echo) {
        lines << tr("round trip: no echo came back");
    } else if (latency.count() > 0) {
        lines << tr("latency:    p50 %1 ms, p90 %2 ms, p99 %3 ms (min %4, mean %5, max %6 ms; "
                    "%7 deliveries)")
                     .arg(millis(latency.percentile(50)), millis(latency.percentile(90)),
                          millis(latency.percentile(99)), millis(latency.min()),
                          millis(qint64(latency.mean())), millis(latency.max()))
                     .arg(latency.count());
    } else {
        lines << tr("latency:    no timestamped message arrived");
    }
    if (stats.targetCpuSeconds >= 0)
        lines << tr("cpu:        %1 s for the measured processes, %2 s for this client, over %3 s")
                     .arg(stats.targetCpuSeconds, 0, 'f', 2)
                     .arg(stats.clientCpuSeconds, 0, 'f', 2)
                     .arg(double(stats.cpuWindowMs) / 1000.0, 0, 'f', 1);
    if (!stats.failures.isEmpty()) {
        lines << tr("failures:");
        for (auto it = stats.failures.cbegin(); it != stats.failures.cend(); ++it)
            lines << tr("  %1 × %2").arg(it.value()).arg(it.key());
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

int LoadCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Opens N test clients of one transport to a URL, optionally publishes timestamped "
           "messages at a set rate, and prints connected/failed clients, delivered and lost "
           "messages and delivery latency percentiles."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    const QCommandLineOption url(QStringLiteral("url"),
                                 tr("Where the clients connect (http, https, ws, wss)."),
                                 QStringLiteral("url"));
    const QCommandLineOption transport(QStringLiteral("transport"),
                                       tr("ws, sse, stream or poll (default sse)."),
                                       QStringLiteral("name"));
    const QCommandLineOption clients(QStringLiteral("clients"),
                                     tr("Number of clients (default 1)."), QStringLiteral("n"));
    const QCommandLineOption rampRate(
        QStringLiteral("ramp-rate"),
        tr("Clients opened per second (default: as fast as possible)."), QStringLiteral("r"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    tr("Extra request header, repeatable."),
                                    QStringLiteral("'Name: value'"));
    const QCommandLineOption subprotocol(QStringLiteral("subprotocol"),
                                         tr("Sec-WebSocket-Protocol to offer."),
                                         QStringLiteral("name"));
    const QCommandLineOption insecure(QStringLiteral("insecure"),
                                      tr("Accept any TLS certificate."));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    tr("Extra trusted CA certificates (PEM)."),
                                    QStringLiteral("file"));
    const QCommandLineOption publishUrl(
        QStringLiteral("publish-url"),
        tr("GRIP publish endpoint, e.g. http://127.0.0.1:5561/publish/ (default: no publisher)."),
        QStringLiteral("url"));
    const QCommandLineOption publishKey(QStringLiteral("publish-key"),
                                        tr("Sent as Authorization: Bearer KEY."),
                                        QStringLiteral("key"));
    const QCommandLineOption channel(QStringLiteral("channel"),
                                     tr("Channel to publish to (default test)."),
                                     QStringLiteral("name"));
    const QCommandLineOption publishRate(
        QStringLiteral("publish-rate"),
        tr("Publishes per second (default 10; 0: as fast as the endpoint answers)."),
        QStringLiteral("r"));
    const QCommandLineOption publishes(
        QStringLiteral("publishes"),
        tr("Publish exactly N messages, then drain (default: until --duration ends)."),
        QStringLiteral("n"));
    const QCommandLineOption publishConnections(
        QStringLiteral("publish-connections"),
        tr("Keep-alive connections to the publish endpoint, each with one request in flight "
           "(default 1)."),
        QStringLiteral("k"));
    const QCommandLineOption itemsPerRequest(
        QStringLiteral("items-per-request"),
        tr("Publishes per request at most; 1 makes each publish a request (default: publishes "
           "falling due together are merged, up to 200)."),
        QStringLiteral("m"));
    const QCommandLineOption echo(
        QStringLiteral("echo"),
        tr("WebSocket echo: each client sends a message and the next when it comes back; "
           "prints echoes/s and round-trip percentiles."));
    const QCommandLineOption echoSize(QStringLiteral("echo-size"),
                                      tr("Bytes per echo message (default 64, at least 32)."),
                                      QStringLiteral("bytes"));
    const QCommandLineOption echoInflight(QStringLiteral("echo-inflight"),
                                          tr("Echo messages outstanding per client (default 1)."),
                                          QStringLiteral("n"));
    const QCommandLineOption duration(
        QStringLiteral("duration"),
        tr("How long to publish (or hold the clients) after the ramp (default 10s)."),
        QStringLiteral("time"));
    const QCommandLineOption connectTimeout(
        QStringLiteral("connect-timeout"),
        tr("Time a client has to connect and be answered (default 10s)."), QStringLiteral("time"));
    const QCommandLineOption drain(
        QStringLiteral("drain"),
        tr("How long to wait for late deliveries after the last publish (default 2s)."),
        QStringLiteral("time"));
    const QCommandLineOption settle(
        QStringLiteral("settle"),
        tr("Pause between the last client opening and the first publish (default 500ms)."),
        QStringLiteral("time"));
    const QCommandLineOption cpuPid(
        QStringLiteral("cpu-pid"),
        tr("Also report the CPU time this process used over the publishing or echo phase "
           "(repeatable; e.g. the broker's, for CPU per delivery)."),
        QStringLiteral("pid"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the summary as JSON."));
    parser.addOptions({help,
                       url,
                       transport,
                       clients,
                       rampRate,
                       header,
                       subprotocol,
                       insecure,
                       caFile,
                       publishUrl,
                       publishKey,
                       channel,
                       publishRate,
                       publishes,
                       publishConnections,
                       itemsPerRequest,
                       echo,
                       echoSize,
                       echoInflight,
                       duration,
                       connectTimeout,
                       drain,
                       settle,
                       cpuPid,
                       json});
    parser.addPositionalArgument(QStringLiteral("load"), tr("The subcommand."));
    if (!parser.parse(arguments))
        return failWith(parser.errorText());
    if (parser.isSet(help)) {
        std::printf(
            "%s",
            qPrintable(parser.helpText().replace(
                // The parser names the program after argv[0] and lists "load" as a positional.
                QRegularExpression(QStringLiteral("^Usage: .*\\[options\\] load")),
                QStringLiteral("Usage: holdfast load [options]"))));
        return 0;
    }
    if (parser.positionalArguments().size() > 1)
        return failWith(tr("unexpected argument '%1'").arg(parser.positionalArguments().at(1)));

    LoadConfig config;
    config.publishUrl = parser.value(publishUrl);
    bool ok = true;
    if (parser.isSet(clients)) {
        config.clients = parser.value(clients).toInt(&ok);
        // No clients is the publisher alone: the publish API's own throughput.
        if (!ok || config.clients < 0 || (config.clients == 0 && config.publishUrl.isEmpty()))
            return failWith(tr("--clients: '%1' is not a number of clients (1 or more)")
                                .arg(parser.value(clients)));
    }
    if (!parser.isSet(url) && config.clients > 0)
        return failWith(tr("--url is required"));
    config.url = parser.value(url);
    if (parser.isSet(transport) &&
        !LoadConfig::parseTransport(parser.value(transport), &config.transport))
        return failWith(
            tr("--transport: '%1' is not ws, sse, stream or poll").arg(parser.value(transport)));
    if (parser.isSet(rampRate)) {
        config.rampRate = parser.value(rampRate).toDouble(&ok);
        if (!ok || config.rampRate < 0)
            return failWith(tr("--ramp-rate: '%1' is not a rate").arg(parser.value(rampRate)));
    }
    for (const QString &line : parser.values(header)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return failWith(tr("--header: '%1' is not 'Name: value'").arg(line));
        config.headers.append(
            {line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    config.subprotocol = parser.value(subprotocol).toUtf8();
    config.verifyTls = !parser.isSet(insecure);
    config.caFile = parser.value(caFile);
    config.publishKey = parser.value(publishKey).toUtf8();
    if (parser.isSet(channel))
        config.channel = parser.value(channel).toUtf8();
    if (parser.isSet(publishRate)) {
        config.publishRate = parser.value(publishRate).toDouble(&ok);
        if (!ok || config.publishRate < 0)
            return failWith(
                tr("--publish-rate: '%1' is not a rate").arg(parser.value(publishRate)));
    }
    // Whole numbers within a range; the option names come from the parser, not the message.
    const auto count = [&](const QCommandLineOption &option, qint64 low, qint64 high,
                           qint64 *value) {
        bool good = false;
        *value = parser.value(option).toLongLong(&good);
        if (good && *value >= low && *value <= high)
            return true;
        *value = -1;
        return false;
    };
    const auto badCount = [&](const QCommandLineOption &option, qint64 low, qint64 high) {
        return failWith(tr("--%1: '%2' is not a whole number from %3 to %4")
                            .arg(option.names().first(), parser.value(option))
                            .arg(low)
                            .arg(high));
    };
    for (const QCommandLineOption *option : {&publishes, &publishConnections, &itemsPerRequest}) {
        if (parser.isSet(*option) && config.publishUrl.isEmpty())
            return failWith(tr("--%1 needs --publish-url").arg(option->names().first()));
    }
    qint64 number = 0;
    if (parser.isSet(publishes)) {
        if (!count(publishes, 0, 1'000'000'000, &number))
            return badCount(publishes, 0, 1'000'000'000);
        config.publishCount = quint64(number);
    }
    if (parser.isSet(publishConnections)) {
        if (!count(publishConnections, 1, Publisher::MaxConnections, &number))
            return badCount(publishConnections, 1, Publisher::MaxConnections);
        config.publishConnections = int(number);
    }
    if (parser.isSet(itemsPerRequest)) {
        if (!count(itemsPerRequest, 1, Publisher::MaxItemsPerRequest, &number))
            return badCount(itemsPerRequest, 1, Publisher::MaxItemsPerRequest);
        config.itemsPerRequest = int(number);
    }
    config.echo = parser.isSet(echo);
    for (const QCommandLineOption *option : {&echoSize, &echoInflight}) {
        if (parser.isSet(*option) && !config.echo)
            return failWith(tr("--%1 needs --echo").arg(option->names().first()));
    }
    if (config.echo && config.transport != ClientTransport::WebSocket)
        return failWith(tr("--echo needs --transport ws"));
    if (config.echo && !config.publishUrl.isEmpty())
        return failWith(tr("--echo and --publish-url do not go together: the clients would take "
                           "the publishes for echoes"));
    if (parser.isSet(echoSize)) {
        if (!count(echoSize, LoadConfig::MinEchoSize, LoadConfig::MaxEchoSize, &number))
            return badCount(echoSize, LoadConfig::MinEchoSize, LoadConfig::MaxEchoSize);
        config.echoSize = int(number);
    }
    if (parser.isSet(echoInflight)) {
        if (!count(echoInflight, 1, LoadConfig::MaxEchoInflight, &number))
            return badCount(echoInflight, 1, LoadConfig::MaxEchoInflight);
        config.echoInflight = int(number);
    }
    const struct
    {
        const QCommandLineOption &option;
        qint64 fallback;
        qint64 *target;
    } times[] = {{duration, 10'000, &config.durationMs},
                 {drain, 2000, &config.drainMs},
                 {settle, 500, &config.settleMs}};
    for (const auto &time : times) {
        *time.target =
            parser.isSet(time.option) ? parseDuration(parser.value(time.option)) : time.fallback;
        if (*time.target < 0)
            return failWith(tr("--%1: '%2' is not a duration such as 30s or 500ms")
                                .arg(time.option.names().first(), parser.value(time.option)));
    }
    for (const QString &text : parser.values(cpuPid)) {
        bool good = false;
        const qint64 pid = text.toLongLong(&good);
        if (!good || pid <= 0)
            return failWith(tr("--cpu-pid: '%1' is not a process id").arg(text));
        config.cpuPids.append(pid);
    }
    if (parser.isSet(connectTimeout)) {
        const qint64 ms = parseDuration(parser.value(connectTimeout));
        if (ms <= 0)
            return failWith(
                tr("--connect-timeout: '%1' is not a duration").arg(parser.value(connectTimeout)));
        config.connectTimeoutMs = int(qMin<qint64>(ms, 3'600'000));
    }

    ClientEngine engine;
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &engine, &ClientEngine::stop);
    const bool progressToTerminal = !parser.isSet(json) && ::isatty(STDERR_FILENO);
    qint64 lastProgressMs = -1000;
    QObject::connect(&engine, &ClientEngine::progress, [&](const LoadStats &stats) {
        if (!progressToTerminal || stats.elapsedMs - lastProgressMs < 1000)
            return;
        lastProgressMs = stats.elapsedMs;
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("%1 s %2: %3/%4 opened, %5 open, %6 failed, %7 received, "
                                   "%8/s")
                                    .arg(stats.elapsedMs / 1000)
                                    .arg(LoadStats::phaseName(stats.phase))
                                    .arg(stats.opened)
                                    .arg(stats.requested)
                                    .arg(stats.open)
                                    .arg(stats.failed)
                                    .arg(stats.received)
                                    .arg(QString::number(stats.deliveredPerSecond, 'f', 0))));
    });
    LoadStats result;
    QObject::connect(&engine, &ClientEngine::finished, [&](const LoadStats &stats) {
        result = stats;
        QCoreApplication::quit();
    });
    QMetaObject::invokeMethod(
        &engine, [&] { engine.start(config); }, Qt::QueuedConnection);
    QCoreApplication::exec();

    if (parser.isSet(json)) {
        QJsonObject object = result.toJson();
        object.insert(QStringLiteral("url"), config.url);
        object.insert(QStringLiteral("transport"), LoadConfig::transportName(config.transport));
        if (config.echo) {
            QJsonObject echoObject = object.value(QStringLiteral("echo")).toObject();
            echoObject.insert(QStringLiteral("size"), config.echoSize);
            echoObject.insert(QStringLiteral("inflight"), config.echoInflight);
            object.insert(QStringLiteral("echo"), echoObject);
        }
        std::printf("%s", QJsonDocument(object).toJson(QJsonDocument::Indented).constData());
    } else {
        std::printf("%s", qPrintable(summary(config, result)));
    }
    std::fflush(stdout);
    return result.failed == 0 && result.publishesFailed == 0 && result.echoErrors == 0 ? 0 : 1;
}
