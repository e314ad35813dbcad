#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include "publishdraft.h"

class QIODevice;

// `holdfast publish CHANNEL [CONTENT] [options]` read the way Pushpin's pushpin-publish reads its
// command line: one item in every format (http-stream and http-response get CONTENT plus a
// newline, ws-message gets CONTENT as it is), "@FILE" for a file's bytes, --hint/--close for the
// actions, $GRIP_URL or http://localhost:5561 as the endpoint. What Holdfast adds (--format,
// --key, --timeout, CONTENT from standard input) is in docs/publish-cli.md. No I/O besides
// reading CONTENT: the command sends the request (PublishSender) and prints.
struct PublishCommandLine
{
    static constexpr int DefaultTimeoutMs = 10'000;
    static constexpr const char *DefaultUrl = "http://localhost:5561";

    enum class Outcome
    {
        Publish,
        ShowHelp,
        Fail // a usage error or unusable input: exit code 2
    } outcome = Outcome::Fail;
    QString error;    // Fail: one line, without the program name
    QString helpText; // ShowHelp
    QStringList warnings;

    PublishDraft draft;
    QUrl url;                 // the publish endpoint itself (".../publish/")
    QByteArray authorization; // "Bearer ...", "Basic ..." or empty
    int timeoutMs = DefaultTimeoutMs;

    // arguments start with the subcommand ("publish"). gripUrl: $GRIP_URL, empty when unset.
    // input: read for CONTENT "-", or when CONTENT is left out and input is not a terminal.
    static PublishCommandLine parse(const QStringList &arguments, const QString &gripUrl,
                                    QIODevice *input, bool inputIsTerminal, qint64 nowSecs);
};
