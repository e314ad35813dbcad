#include "app/reportcommand.h"

#include <cstdio>

#include <QCommandLineParser>
#include <QDateTime>
#include <QSaveFile>
#include <QTimeZone>

#include "app/commandline.h"
#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"
#include "ledger/usagereport.h"

namespace {
int failWith(const QString &message, int code)
{
    std::fprintf(stderr, "holdfast report: %s\n", qPrintable(message));
    return code;
}
} // namespace

int ReportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Usage minutes of one UTC month from the ledger, grouped by route, "
           "transport or day. Connections count in the month they started; open "
           "ones count up to now and are marked open."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    const QCommandLineOption month(QStringLiteral("month"),
                                   tr("The UTC month (default: this month)."),
                                   QStringLiteral("YYYY-MM"));
    const QCommandLineOption by(QStringLiteral("by"),
                                tr("Rows per route (default), transport or day."),
                                QStringLiteral("route|transport|day"));
    const QCommandLineOption format(QStringLiteral("format"), tr("Output format (default csv)."),
                                    QStringLiteral("csv|json"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    tr("Write to FILE instead of stdout."),
                                    tr("file", "value name in --help"));
    const QCommandLineOption ledger(
        QStringLiteral("ledger"),
        tr("The ledger to read (default %1).").arg(CommandLine::defaultLedgerPath()),
        tr("file", "value name in --help"));
    parser.addOptions({help, month, by, format, output, ledger});
    parser.addPositionalArgument(QStringLiteral("report"), tr("The subcommand."));

    if (!parser.parse(arguments))
        return failWith(
            parser.errorText() + QLatin1Char('\n') + tr("Try 'holdfast report --help'."), 2);
    if (parser.isSet(help)) {
        // Qt's own translation of "[options]", so the usage line is fixed in every language.
        static const char ParserContext[] = "QCommandLineParser";
        static const char OptionsText[] = "[options]";
        const QString options = QCoreApplication::translate(ParserContext, OptionsText);
        std::printf("%s", qPrintable(parser.helpText().replace(
                              QStringLiteral("report %1 report").arg(options),
                              QStringLiteral("holdfast report %1").arg(options))));
        return 0;
    }
    if (parser.positionalArguments().size() > 1)
        return failWith(tr("unexpected argument '%1'").arg(parser.positionalArguments().at(1)), 2);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString monthText = parser.isSet(month)
                                  ? parser.value(month)
                                  : QDateTime::fromMSecsSinceEpoch(now, QTimeZone::utc())
                                        .toString(QStringLiteral("yyyy-MM"));
    qint64 begin = 0;
    qint64 end = 0;
    if (!UsageMath::monthRange(monthText, &begin, &end))
        return failWith(tr("--month: '%1' is not a month (YYYY-MM)").arg(monthText), 2);
    UsageReport::Grouping grouping = UsageReport::Grouping::Route;
    if (parser.isSet(by) && !UsageReport::parseGrouping(parser.value(by), &grouping))
        return failWith(tr("--by: '%1' is not route, transport or day").arg(parser.value(by)), 2);
    const QString formatText = parser.isSet(format) ? parser.value(format) : QStringLiteral("csv");
    if (formatText != QLatin1String("csv") && formatText != QLatin1String("json"))
        return failWith(tr("--format: '%1' is not csv or json").arg(formatText), 2);
    const QString path =
        parser.isSet(ledger) ? parser.value(ledger) : CommandLine::defaultLedgerPath();

    LedgerStore store;
    if (!store.open(path, LedgerStore::Mode::ReadOnly))
        return failWith(store.errorString(), 1);
    UsageReport report;
    if (!report.build(store, monthText, grouping, now))
        return failWith(report.errorString(), 1);
    const QByteArray text = formatText == QLatin1String("json") ? report.toJson() : report.toCsv();

    if (!parser.isSet(output)) {
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    QSaveFile file(parser.value(output));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return failWith(tr("cannot write %1: %2").arg(parser.value(output), file.errorString()), 1);
    return 0;
}
