#pragma once

#include <QStringList>

// `holdfast publish CHANNEL [CONTENT] [options]`: one publish for scripts and CI, read like
// Pushpin's pushpin-publish (PublishCommandLine) and sent with PublishSender; no window, no
// broker. docs/publish-cli.md.
class PublishCommand
{
public:
    enum ExitCode
    {
        Published = 0,
        Refused = 1,     // the server answered with a status other than 2xx
        UsageError = 2,  // bad arguments or unreadable CONTENT
        Unreachable = 3, // no HTTP answer: connection refused, DNS, TLS, timeout
    };

    // arguments start with "publish". Needs a QCoreApplication; runs its event loop.
    static int run(const QStringList &arguments);
};
