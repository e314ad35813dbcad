#pragma once

#include <algorithm>

#include <QList>
#include <QSignalSpy>
#include <QTest>

#include "engine/brokerhost.h"
#include "routes/routesfile.h"

// An in-process broker on 127.0.0.1:0 for tests, with every snapshot it sent kept for asserts.
class BrokerRunner
{
public:
    BrokerRunner()
    {
        QObject::connect(&host, &BrokerHost::started,
                         [this](const QString &, quint16 p) { port = p; });
        QObject::connect(&host, &BrokerHost::publishListening,
                         [this](const QString &, quint16 p) { publishPort = p; });
        QObject::connect(&host, &BrokerHost::snapshotReady,
                         [this](const BrokerSnapshot &snapshot) { snapshots.append(snapshot); });
    }
    ~BrokerRunner() { stop(); }

    static Configuration configFor(const QByteArray &routesText)
    {
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        config.snapshotIntervalMs = 50;
        const RoutesParseResult parsed =
            RoutesFile::parse(routesText, QStringLiteral("test-routes"));
        if (!parsed.ok())
            qWarning("test routes do not parse: %s",
                     qPrintable(parsed.errors.join(QLatin1Char('\n'))));
        config.routes = parsed.routes;
        return config;
    }

    bool start(const Configuration &config)
    {
        QSignalSpy started(&host, &BrokerHost::started);
        QSignalSpy failed(&host, &BrokerHost::startFailed);
        host.start(config);
        return started.wait(5000) && failed.isEmpty() && port != 0;
    }

    bool stop()
    {
        if (!host.isRunning())
            return true;
        QSignalSpy stopped(&host, &BrokerHost::stopped);
        host.stop();
        return stopped.count() > 0 || stopped.wait(10000);
    }

    // The final record of a closed connection, once a snapshot has carried it.
    bool closedRecord(quint64 index, ConnectionInfo *out) const
    {
        quint64 seen = 0;
        for (const BrokerSnapshot &snapshot : snapshots) {
            for (const ConnectionInfo &info : snapshot.closed) {
                if (seen++ == index) {
                    *out = info;
                    return true;
                }
            }
        }
        return false;
    }

    qsizetype closedCount() const
    {
        qsizetype count = 0;
        for (const BrokerSnapshot &snapshot : snapshots)
            count += snapshot.closed.size();
        return count;
    }

    // The most recent view of a live connection: its last opened/updated entry.
    bool latest(ConnectionInfo *out) const
    {
        for (auto it = snapshots.crbegin(); it != snapshots.crend(); ++it) {
            if (!it->updated.isEmpty()) {
                *out = it->updated.last();
                return true;
            }
            if (!it->opened.isEmpty()) {
                *out = it->opened.last();
                return true;
            }
        }
        return false;
    }

    // latest() as a value (a default ConnectionInfo before any snapshot).
    ConnectionInfo latestConnection() const
    {
        ConnectionInfo info;
        latest(&info);
        return info;
    }

    // The channels of the latest connection view, sorted: subscriptions come in any order.
    QList<QByteArray> latestChannels() const
    {
        QList<QByteArray> channels = latestConnection().channels;
        std::sort(channels.begin(), channels.end());
        return channels;
    }

    BrokerHost host;
    QList<BrokerSnapshot> snapshots;
    quint16 port = 0;
    quint16 publishPort = 0;
};
