// BrokerNode: a broker with its ledger, as the window and the headless runner run it. The ledger
// is fed on the broker's thread, so it records while the owner's thread is blocked; a shutdown
// stops the broker first and the ledger after the broker's last snapshot; the broker restarts
// under a ledger that keeps running.
#include <sys/socket.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "brokerrunner.h"
#include "engine/brokerendpoint.h"
#include "engine/brokernode.h"
#include "ledger/ledgerstore.h"
#include "sockettestutil.h"

namespace {
constexpr int Wait = 10'000;

// One request on a blocking socket, without this thread's event loop; the status line.
QByteArray blockingGet(quint16 port, const QByteArray &path)
{
    const int fd = sockettest::rawConnect(port);
    QByteArray answer;
    const QByteArray request =
        "GET " + path + " HTTP/1.1\r\nHost: node.test\r\nConnection: close\r\n\r\n";
    if (fd >= 0 &&
        ::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) == request.size()) {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
            answer.append(buffer, n);
    }
    if (fd >= 0)
        ::close(fd);
    return answer.left(answer.indexOf("\r\n"));
}

qsizetype closedRecords(const QString &path)
{
    LedgerStore store;
    if (!store.open(path, LedgerStore::Mode::ReadOnly))
        return -1;
    const QList<LedgerRecord> records = store.records(0, QDateTime::currentMSecsSinceEpoch());
    return std::count_if(records.cbegin(), records.cend(),
                         [](const LedgerRecord &r) { return !r.isOpen(); });
}
} // namespace

class TestBrokerNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ledgerRecordsWhileTheOwnerIsBlocked();
    void restartUnderOneLedgerThenShutDown();
    void shutDownWithoutBroker();
};

void TestBrokerNode::ledgerRecordsWhileTheOwnerIsBlocked()
{
    QTemporaryDir dir;
    LedgerConfig ledger;
    ledger.path = dir.filePath(QStringLiteral("ledger.sqlite"));
    ledger.flushIntervalMs = 100;
    BrokerNode node;
    QSignalSpy started(node.endpoint(), &BrokerEndpoint::started);
    node.startLedger(ledger);
    node.startBroker(BrokerRunner::configFor("*,path_beg=/test/ test\n"));
    QVERIFY(started.count() || started.wait(Wait));
    const quint16 port = quint16(started.first().at(1).toUInt());

    // From here on this thread runs no event loop: anything relayed through it would wait.
    QCOMPARE(blockingGet(port, "/nothing"), QByteArray("HTTP/1.1 404 Not Found"));
    QElapsedTimer waited;
    waited.start();
    while (closedRecords(ledger.path) < 1 && waited.elapsed() < Wait)
        QThread::msleep(50);
    QCOMPARE(closedRecords(ledger.path), qsizetype(1));

    QSignalSpy finished(&node, &BrokerNode::finished);
    node.shutDown();
    QVERIFY(finished.count() || finished.wait(Wait));
    QVERIFY(!node.isBrokerRunning());
    QVERIFY(!node.isLedgerRunning());
}

void TestBrokerNode::restartUnderOneLedgerThenShutDown()
{
    QTemporaryDir dir;
    LedgerConfig ledger;
    ledger.path = dir.filePath(QStringLiteral("ledger.sqlite"));
    BrokerNode node;
    QSignalSpy started(node.endpoint(), &BrokerEndpoint::started);
    QSignalSpy stopped(node.endpoint(), &BrokerEndpoint::stopped);
    QSignalSpy finished(&node, &BrokerNode::finished);
    node.startLedger(ledger);
    const Configuration config = BrokerRunner::configFor("*,path_beg=/test/ test\n");
    node.startBroker(config);
    QVERIFY(started.count() || started.wait(Wait));
    QCOMPARE(blockingGet(quint16(started.last().at(1).toUInt()), "/a"),
             QByteArray("HTTP/1.1 404 Not Found"));
    node.stopBroker();
    QVERIFY(stopped.count() || stopped.wait(Wait));
    QVERIFY(node.isLedgerRunning());
    QCOMPARE(finished.count(), 0);

    node.startBroker(config);
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 2, Wait);
    QCOMPARE(blockingGet(quint16(started.last().at(1).toUInt()), "/b"),
             QByteArray("HTTP/1.1 404 Not Found"));
    node.shutDown();
    QVERIFY(finished.count() || finished.wait(Wait));
    QCOMPARE(stopped.count(), 2);
    // Both runs' connections, each written once, the last one from the final snapshot.
    QCOMPARE(closedRecords(ledger.path), qsizetype(2));
}

void TestBrokerNode::shutDownWithoutBroker()
{
    QTemporaryDir dir;
    LedgerConfig ledger;
    ledger.path = dir.filePath(QStringLiteral("ledger.sqlite"));
    BrokerNode node;
    QSignalSpy opened(&node, &BrokerNode::ledgerOpened);
    QSignalSpy finished(&node, &BrokerNode::finished);
    node.startLedger(ledger);
    QVERIFY(opened.count() || opened.wait(Wait));
    node.shutDown();
    QVERIFY(finished.count() || finished.wait(Wait));
    // A broker asked for after the shutdown does not start.
    node.startBroker(BrokerRunner::configFor({}));
    QVERIFY(!node.isBrokerRunning());
}

QTEST_GUILESS_MAIN(TestBrokerNode)
#include "tst_brokernode.moc"
