#include <cstdio>
#include <memory>

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>

#include "app/commandline.h"
#include "app/headlessrunner.h"
#include "app/loadcommand.h"
#include "app/publishcommand.h"
#include "app/reportcommand.h"
#include "appsettings.h"
#include "mainwindow.h"
#include "net/descriptorbudget.h"
#include "uilanguage.h"

namespace {
// Each relayed WebSocket takes two descriptors; the usual soft limit of 1024 would cap the broker
// at about 500 of them, and `holdfast load` needs one per client. The broker raises it again when
// it plans its descriptors; a failure is said there.
void raiseDescriptorLimit()
{
    QString ignored;
    DescriptorBudget::raiseOpenFileLimit(&ignored);
}

void printLines(FILE *stream, const QStringList &lines)
{
    for (const QString &line : lines)
        std::fprintf(stream, "%s\n", qPrintable(line));
}

// The sizes the package installs into the hicolor theme, so none is scaled from another.
QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/%1x%1/apps/holdfast.png").arg(size));
    return icon;
}

void logWarnings(const QStringList &lines)
{
    for (const QString &line : lines)
        qWarning("%s", qPrintable(line));
}

// --lang, else Edit ▸ Settings…, else the system. Translators need the application object,
// which main() makes only once the command line has said what to run.
void useLanguage(const CommandLine &command)
{
    UiLanguage::install(command.language.isEmpty() ? AppSettings::load().language
                                                   : command.language);
}
} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddTHH:mm:ss.zzz} %{if-category}%{category}: %{endif}%{message}"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine command = CommandLine::parse(arguments);
    raiseDescriptorLimit();

    switch (command.action) {
    case CommandLine::Action::ShowHelp: {
        QCoreApplication app(argc, argv);
        useLanguage(command);
        // Parsed again for the texts, now that they can be translated.
        std::printf("%s", qPrintable(CommandLine::parse(arguments).helpText));
        return 0;
    }
    case CommandLine::Action::ShowVersion:
        std::printf("holdfast %s\n", HOLDFAST_VERSION);
        return 0;
    case CommandLine::Action::Fail: {
        QCoreApplication app(argc, argv);
        useLanguage(command);
        const CommandLine translated = CommandLine::parse(arguments);
        logWarnings(translated.warnings);
        printLines(stderr, translated.errors);
        return translated.failExitCode;
    }
    case CommandLine::Action::Report: {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("holdfast"));
        useLanguage(command);
        return ReportCommand::run(command.reportArguments);
    }
    case CommandLine::Action::Load: {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("holdfast"));
        useLanguage(command);
        return LoadCommand::run(command.loadArguments);
    }
    case CommandLine::Action::Publish: {
        // No language: its messages are English, like the client engine's it shares.
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("holdfast"));
        return PublishCommand::run(command.publishArguments);
    }
    case CommandLine::Action::RunHeadless: {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("holdfast"));
        QCoreApplication::setApplicationVersion(QStringLiteral(HOLDFAST_VERSION));
        logWarnings(command.warnings);
        LedgerConfig ledger = command.ledger;
        if (ledger.path.isEmpty())
            ledger.path = CommandLine::defaultLedgerPath();
        HeadlessRunner runner;
        runner.start(command.config, ledger);
        return app.exec();
    }
    case CommandLine::Action::RunGui:
        break;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("holdfast"));
    QApplication::setApplicationVersion(QStringLiteral(HOLDFAST_VERSION));
    QApplication::setWindowIcon(applicationIcon());
    logWarnings(command.warnings);
    useLanguage(command);
    // Saved settings fill in what the command line did not say.
    Configuration config = command.config;
    LedgerConfig ledger = command.ledger;
    AppSettings::load().applyTo(&config, &ledger, command.givenOptions);
    if (ledger.path.isEmpty())
        ledger.path = CommandLine::defaultLedgerPath();
    MainWindow window(config, command.givenOptions);
    window.startLedger(ledger);
    window.show();
    return app.exec();
}
