// The ledger's writer and host: an unwritable path never stops the broker, records wait in
// memory (bounded, drops counted) and reach the disk once it allows.
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "descriptorexhaustion.h"
#include "ledger/ledgerhost.h"
#include "ledger/ledgerstore.h"
#include "ledger/ledgerwriter.h"

namespace {
// A regular file where the ledger's directory should be: creating the ledger fails, for root
// too (chmod would not stop root), until the file is removed.
bool block(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("not a directory") > 0;
}

ConnectionInfo connection(quint64 id, bool closed)
{
    ConnectionInfo info;
    info.id = id;
    info.transport = ConnectionInfo::Transport::WebSocketPassthrough;
    info.routeId = "r";
    info.startedUtc = QDateTime::currentDateTimeUtc().addSecs(-10);
    if (closed) {
        info.state = ConnectionInfo::State::Closed;
        info.endedUtc = QDateTime::currentDateTimeUtc();
        info.closeReason = "bye";
    }
    return info;
}

QByteArray get(quint16 port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(5000))
        return "cannot connect";
    socket.write("GET " + path + " HTTP/1.1\r\nHost: ledger.test\r\nConnection: close\r\n\r\n");
    QByteArray response;
    const bool done = QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            return response.contains("\r\n\r\n");
        },
        5000);
    if (!done)
        return "no response: " + response;
    return response.left(response.indexOf("\r\n"));
}
} // namespace

class TestLedgerWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unwritablePathKeepsServingThenWrites()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("data"));
        QVERIFY(block(blocker));
        const QString path = blocker + QStringLiteral("/ledger.sqlite");

        BrokerRunner broker;
        LedgerHost ledger;
        QObject::connect(&broker.host, &BrokerHost::snapshotReady, &ledger, &LedgerHost::consume);
        QSignalSpy problems(&ledger, &LedgerHost::problem);
        QSignalSpy recovered(&ledger, &LedgerHost::recovered);
        LedgerConfig config;
        config.path = path;
        config.flushIntervalMs = 100;
        ledger.start(config);
        QVERIFY(broker.start(BrokerRunner::configFor({})));

        QVERIFY(problems.count() || problems.wait(5000));
        const QString message = problems.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("cannot create")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("wait in memory")), qPrintable(message));
        QCOMPARE(ledger.problemText(), message);

        // The broker keeps serving, and its records wait.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(get(broker.port, "/nothing-" + QByteArray::number(i)).left(12),
                     QByteArray("HTTP/1.1 404"));
        QTRY_COMPARE_WITH_TIMEOUT(broker.closedCount(), qsizetype(3), 5000);
        QVERIFY(!QFile::exists(path));

        QVERIFY(QFile::remove(blocker));
        QVERIFY(recovered.count() || recovered.wait(5000));
        QVERIFY(ledger.problemText().isEmpty());
        QVERIFY(broker.stop());
        QSignalSpy stopped(&ledger, &LedgerHost::stopped);
        ledger.stop();
        QVERIFY(stopped.count() || stopped.wait(5000));

        LedgerStore store;
        QVERIFY(store.open(path, LedgerStore::Mode::ReadOnly));
        const QList<LedgerRecord> records = store.records(0, QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(records.size(), qsizetype(3));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(records.at(i).transport, QStringLiteral("http"));
            QCOMPARE(records.at(i).path, QStringLiteral("/nothing-%1").arg(i));
            QVERIFY(!records.at(i).isOpen());
            QCOMPARE(records.at(i).closeCode, 404);
        }
    }

    void boundedMemoryCountsDrops()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("data"));
        QVERIFY(block(blocker));
        LedgerConfig config;
        config.path = blocker + QStringLiteral("/ledger.sqlite");
        config.flushIntervalMs = 3'600'000; // flushed by hand here
        config.maxPendingRecords = 3;
        LedgerWriter writer(config);
        QSignalSpy problems(&writer, &LedgerWriter::problem);
        QSignalSpy recovered(&writer, &LedgerWriter::recovered);
        writer.start();
        QCOMPARE(problems.count(), 1);

        BrokerSnapshot first;
        first.opened = {connection(1, false), connection(2, false)};
        writer.consume(first);
        QCOMPARE(writer.pendingRecords(), qsizetype(2));
        BrokerSnapshot second;
        // 1 closes in place; 3 fills the last slot; 4 and 5 find no room and are lost.
        second.closed = {connection(1, true), connection(3, true), connection(4, true),
                         connection(5, true)};
        writer.consume(second);
        // An open connection finds no room either, but its record comes back with its close:
        // not counted.
        BrokerSnapshot third;
        third.opened = {connection(6, false)};
        writer.consume(third);
        QCOMPARE(writer.pendingRecords(), qsizetype(3));
        QCOMPARE(writer.droppedRecords(), quint64(2));
        QCOMPARE(problems.count(), 2);
        QVERIFY2(problems.last().first().toString().endsWith(QLatin1String("; 2 dropped")),
                 qPrintable(problems.last().first().toString()));
        QVERIFY(!writer.flush());
        QCOMPARE(problems.count(), 2); // same cause, same count: not repeated

        QVERIFY(QFile::remove(blocker));
        QVERIFY(writer.flush());
        QCOMPARE(recovered.count(), 1);
        QCOMPARE(writer.pendingRecords(), qsizetype(0));
        writer.finish();

        LedgerStore store;
        QVERIFY(store.open(config.path, LedgerStore::Mode::ReadOnly));
        const QList<LedgerRecord> records = store.records(0, QDateTime::currentMSecsSinceEpoch());
        QList<quint64> ids;
        for (const LedgerRecord &record : records)
            ids << record.connectionId;
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, (QList<quint64>{1, 2, 3}));
    }

    // Out of descriptors (as with clients holding all of them), the ledger cannot open its file:
    // one warning for the episode, not one per retry, no warning of Qt's, and no record lost.
    void outOfDescriptorsWarnsOncePerEpisode()
    {
        QTemporaryDir dir;
        LedgerConfig config;
        config.path = dir.filePath(QStringLiteral("ledger.sqlite"));
        config.flushIntervalMs = 3'600'000; // flushed by hand here
        {
            LedgerStore existing; // the file exists, so SQLite itself is what fails to open
            QVERIFY2(existing.open(config.path), qPrintable(existing.errorString()));
        }
        static QStringList messages;
        messages.clear();
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &text) { messages << text; });
        auto restore = qScopeGuard([previous] { qInstallMessageHandler(previous); });

        LedgerWriter writer(config);
        QSignalSpy problems(&writer, &LedgerWriter::problem);
        QSignalSpy recovered(&writer, &LedgerWriter::recovered);
        DescriptorExhaustion exhaustion;
        writer.start();
        BrokerSnapshot snapshot;
        snapshot.closed = {connection(1, true), connection(2, true)};
        writer.consume(snapshot);
        for (int retry = 0; retry < 5; ++retry)
            QVERIFY(!writer.flush());
        exhaustion.release();
        restore.dismiss();
        qInstallMessageHandler(previous);
        QCOMPARE(problems.count(), 1);
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().startsWith(QLatin1String("ledger: cannot open")),
                 qPrintable(messages.join(QLatin1Char('\n'))));

        QVERIFY(writer.flush());
        QCOMPARE(recovered.count(), 1);
        writer.finish();
        LedgerStore store;
        QVERIFY(store.open(config.path, LedgerStore::Mode::ReadOnly));
        QCOMPARE(store.records(0, QDateTime::currentMSecsSinceEpoch()).size(), qsizetype(2));
    }

    void liveCountersAreRewrittenAtMostEveryInterval()
    {
        QTemporaryDir dir;
        LedgerConfig config;
        config.path = dir.filePath(QStringLiteral("ledger.sqlite"));
        config.flushIntervalMs = 3'600'000; // flushed by hand here
        config.liveCountersIntervalMs = 3'600'000;
        LedgerWriter writer(config);
        writer.start();
        auto bytesOnDisk = [&config] {
            LedgerStore store;
            if (!store.open(config.path, LedgerStore::Mode::ReadOnly))
                return quint64(0);
            const QList<LedgerRecord> records =
                store.records(0, QDateTime::currentMSecsSinceEpoch());
            return records.isEmpty() ? quint64(0) : records.first().bytesToClient;
        };
        BrokerSnapshot opened;
        opened.opened = {connection(1, false)};
        opened.opened[0].bytesToClient = 10;
        writer.consume(opened);
        // Before the first flush the pending record takes the latest counters at no cost.
        BrokerSnapshot early;
        early.updated = {connection(1, false)};
        early.updated[0].bytesToClient = 20;
        writer.consume(early);
        QVERIFY(writer.flush());
        QCOMPARE(bytesOnDisk(), quint64(20));
        // Once written, a busy open connection is not rewritten within the interval...
        BrokerSnapshot busy;
        busy.updated = {connection(1, false)};
        busy.updated[0].bytesToClient = 30;
        writer.consume(busy);
        QCOMPARE(writer.pendingRecords(), qsizetype(0));
        QVERIFY(writer.flush());
        QCOMPARE(bytesOnDisk(), quint64(20));
        // ...and its close always writes the final figures.
        BrokerSnapshot closed;
        closed.closed = {connection(1, true)};
        closed.closed[0].bytesToClient = 40;
        writer.consume(closed);
        QVERIFY(writer.flush());
        QCOMPARE(bytesOnDisk(), quint64(40));
        writer.finish();
    }

    void finishWritesWhatWaits()
    {
        QTemporaryDir dir;
        LedgerConfig config;
        config.path = dir.filePath(QStringLiteral("ledger.sqlite"));
        config.flushIntervalMs = 3'600'000;
        LedgerHost host;
        QSignalSpy opened(&host, &LedgerHost::opened);
        QSignalSpy stopped(&host, &LedgerHost::stopped);
        host.start(config);
        QVERIFY(opened.count() || opened.wait(5000));
        BrokerSnapshot snapshot;
        snapshot.closed = {connection(7, true)};
        host.consume(snapshot);
        host.stop(); // queued after the snapshot, on the writer's thread
        QVERIFY(stopped.count() || stopped.wait(5000));
        QVERIFY(!host.isRunning());
        LedgerStore store;
        QVERIFY(store.open(config.path, LedgerStore::Mode::ReadOnly));
        QCOMPARE(store.records(0, QDateTime::currentMSecsSinceEpoch()).size(), qsizetype(1));
    }
};

QTEST_GUILESS_MAIN(TestLedgerWriter)
#include "tst_ledgerwriter.moc"
