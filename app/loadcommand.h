#pragma once

#include <QCoreApplication>
#include <QStringList>

struct LoadStats;
struct LoadConfig;

// `holdfast load --url URL --transport ws|sse|stream|poll --clients N [--publish-url URL ...]
// [--duration 30s] [--json]`: the client engine without a window, printing one summary.
class LoadCommand
{
    Q_DECLARE_TR_FUNCTIONS(LoadCommand)

public:
    // arguments start with "load". Returns 0 (every client connected and no publish failed),
    // 1 (some did not) or 2 (bad arguments). Needs a QCoreApplication and runs its loop.
    static int run(const QStringList &arguments);

    // "30s", "500ms", "2m", "1h" or plain seconds; -1 if unreadable.
    static qint64 parseDuration(const QString &text);
    static QString summary(const LoadConfig &config, const LoadStats &stats);
};
