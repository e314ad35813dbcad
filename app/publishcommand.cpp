#include "app/publishcommand.h"

#include <cstdio>

#include <unistd.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTimer>

#include "publishcommandline.h"
#include "publishsender.h"

namespace {
void printError(const QByteArray &text)
{
    std::fprintf(stderr, "holdfast publish: %s\n", text.constData());
}
} // namespace

int PublishCommand::run(const QStringList &arguments)
{
    QFile input;
    input.open(stdin, QIODevice::ReadOnly);
    const PublishCommandLine command =
        PublishCommandLine::parse(arguments, qEnvironmentVariable("GRIP_URL"), &input,
                                  ::isatty(STDIN_FILENO) == 1, QDateTime::currentSecsSinceEpoch());
    switch (command.outcome) {
    case PublishCommandLine::Outcome::ShowHelp:
        std::printf("%s", qPrintable(command.helpText));
        return Published;
    case PublishCommandLine::Outcome::Fail:
        printError(command.error.toLocal8Bit());
        std::fprintf(stderr, "Try 'holdfast publish --help'.\n");
        return UsageError;
    case PublishCommandLine::Outcome::Publish:
        break;
    }
    for (const QString &warning : command.warnings)
        printError("warning: " + warning.toLocal8Bit());

    int exitCode = Unreachable;
    PublishSender sender;
    QObject::connect(
        &sender, &PublishSender::finished, &sender, [&](const PublishSender::Answer &answer) {
            switch (answer.result) {
            case PublishSender::Result::Published:
                // pushpin-publish's word, so scripts that look for it still work.
                std::printf("Published\n");
                exitCode = Published;
                break;
            case PublishSender::Result::Refused:
                printError("refused: HTTP " + QByteArray::number(answer.status) +
                           (answer.reason.isEmpty() ? QByteArray() : ' ' + answer.reason) +
                           " from " + command.url.toDisplayString().toUtf8());
                if (!answer.body.trimmed().isEmpty())
                    std::fprintf(stderr, "%s\n", answer.body.trimmed().constData());
                exitCode = Refused;
                break;
            case PublishSender::Result::Unreachable:
                printError("cannot publish to " + command.url.toDisplayString().toUtf8() + ": " +
                           answer.error.toLocal8Bit());
                exitCode = Unreachable;
                break;
            }
            QCoreApplication::exit(exitCode);
        });
    QTimer::singleShot(0, &sender, [&] {
        sender.send(command.url, command.authorization, command.draft.toJson(), command.timeoutMs);
    });
    QCoreApplication::exec();
    std::fflush(stdout);
    return exitCode;
}
