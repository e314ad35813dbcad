#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "core/configuration.h"
#include "ledger/ledgerconfig.h"

// What the command line asks for. Parsing never exits the process; main() decides.
struct CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class Action
    {
        RunGui,
        RunHeadless,
        ShowHelp,
        ShowVersion,
        Report,  // `holdfast report ...`: ReportCommand takes the arguments after it
        Load,    // `holdfast load ...`: LoadCommand takes the arguments after it
        Publish, // `holdfast publish ...`: PublishCommand takes the arguments after it
        Fail
    };

    Action action = Action::RunGui;
    Configuration config;
    // An empty path means the default, which main() resolves once the application has its name.
    LedgerConfig ledger;
    QStringList reportArguments;
    QStringList loadArguments;
    QStringList publishArguments;
    // Options given on the command line ("listen", "sig-key", ...): they win over saved settings.
    QStringList givenOptions;
    QString helpText;
    QStringList errors;   // each a full line for stderr
    QStringList warnings; // the routes file's, for main() to log once
    // --lang: "de", "ja", "en"; empty for the saved setting or the system's.
    QString language;
    int failExitCode = 2;

    static CommandLine parse(const QStringList &arguments);
    // AppDataLocation/ledger.sqlite, e.g. ~/.local/share/holdfast/ledger.sqlite.
    static QString defaultLedgerPath();
};
