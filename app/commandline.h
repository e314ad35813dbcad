#pragma once

#include <QString>
#include <QStringList>

#include "core/configuration.h"

// What the command line asks for. Parsing never exits the process; main() decides.
struct CommandLine
{
    enum class Action
    {
        RunGui,
        RunHeadless,
        ShowHelp,
        ShowVersion,
        Fail
    };

    Action action = Action::RunGui;
    Configuration config;
    QString helpText;
    QStringList errors; // each a full line for stderr
    int failExitCode = 2;

    static CommandLine parse(const QStringList &arguments);
    // "127.0.0.1:7676", "[::1]:7676", "localhost:80" or ":7676"
    static bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port);
};
