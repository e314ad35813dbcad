#include "loadstats.h"

#include <QJsonArray>

QString LoadStats::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Idle:
        return QStringLiteral("idle");
    case Phase::Resolving:
        return QStringLiteral("resolving");
    case Phase::Ramping:
        return QStringLiteral("ramping");
    case Phase::Settling:
        return QStringLiteral("settling");
    case Phase::Running:
        return QStringLiteral("running");
    case Phase::Draining:
        return QStringLiteral("draining");
    case Phase::Finished:
        return QStringLiteral("finished");
    }
    return {};
}

QJsonObject LoadStats::toJson() const
{
    QJsonArray failureList;
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        failureList.append(QJsonObject{{QStringLiteral("reason"), it.key()},
                                       {QStringLiteral("clients"), it.value()}});
    const auto ms = [](qint64 micros) { return double(micros) / 1000.0; };
    QJsonObject object{
        {QStringLiteral("phase"), phaseName(phase)},
        {QStringLiteral("elapsed_ms"), elapsedMs},
        {QStringLiteral("publishing_ms"), publishingMs},
        {QStringLiteral("clients"), QJsonObject{{QStringLiteral("requested"), requested},
                                                {QStringLiteral("opened"), opened},
                                                {QStringLiteral("connected"), everOpen},
                                                {QStringLiteral("open"), open},
                                                {QStringLiteral("closed"), closed},
                                                {QStringLiteral("failed"), failed},
                                                {QStringLiteral("failures"), failureList}}},
        {QStringLiteral("messages"),
         QJsonObject{{QStringLiteral("received"), qint64(received)},
                     {QStringLiteral("bytes"), qint64(bytes)},
                     {QStringLiteral("delivered_per_second"), deliveredPerSecond},
                     {QStringLiteral("expected"), qint64(expected)},
                     {QStringLiteral("lost"), qint64(lost)},
                     {QStringLiteral("duplicates"), qint64(duplicates)}}},
        {QStringLiteral("publishes"),
         QJsonObject{{QStringLiteral("sent"), qint64(publishesSent)},
                     {QStringLiteral("accepted"), qint64(publishesAccepted)},
                     {QStringLiteral("failed"), qint64(publishesFailed)},
                     {QStringLiteral("error"), publishError},
                     {QStringLiteral("requests"), qint64(publishRequests)},
                     {QStringLiteral("connections"), publishConnections},
                     {QStringLiteral("wall_ms"), ms(publishWallUs)},
                     {QStringLiteral("per_second"), publishesPerSecond}}},
        {QStringLiteral("latency_ms"),
         QJsonObject{{QStringLiteral("count"), qint64(latency.count())},
                     {QStringLiteral("min"), ms(latency.min())},
                     {QStringLiteral("mean"), latency.mean() / 1000.0},
                     {QStringLiteral("p50"), ms(latency.percentile(50))},
                     {QStringLiteral("p90"), ms(latency.percentile(90))},
                     {QStringLiteral("p99"), ms(latency.percentile(99))},
                     {QStringLiteral("max"), ms(latency.max())}}},
    };
    if (echo)
        object.insert(QStringLiteral("echo"),
                      QJsonObject{{QStringLiteral("sent"), qint64(echoSent)},
                                  {QStringLiteral("completed"), qint64(echoes)},
                                  {QStringLiteral("errors"), qint64(echoErrors)},
                                  {QStringLiteral("unanswered"), qint64(echoUnanswered)},
                                  {QStringLiteral("per_second"), echoesPerSecond},
                                  {QStringLiteral("wall_ms"), ms(echoWallUs)}});
    if (targetCpuSeconds >= 0)
        object.insert(QStringLiteral("cpu"),
                      QJsonObject{{QStringLiteral("target_s"), targetCpuSeconds},
                                  {QStringLiteral("client_s"), clientCpuSeconds},
                                  {QStringLiteral("window_ms"), cpuWindowMs}});
    return object;
}
