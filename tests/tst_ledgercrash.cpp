// The real holdfast, killed with SIGKILL while WebSockets are open through it: on the next start
// the ledger closes them at their last checkpoint, and `holdfast report` counts exactly them.
#include <signal.h>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"

namespace {
constexpr int WaitMs = 15'000;

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return server.serverPort();
}

// An origin that accepts every WebSocket upgrade and then stays silent.
class UpgradeOrigin
{
public:
    UpgradeOrigin()
    {
        QObject::connect(&server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                auto head = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, head] {
                    if (head->endsWith("\r\n\r\n"))
                        return; // upgraded: frames are ignored
                    *head += socket->readAll();
                    if (!head->contains("\r\n\r\n"))
                        return;
                    QByteArray key;
                    for (const QByteArray &line : head->split('\n')) {
                        if (line.toLower().startsWith("sec-websocket-key:"))
                            key = line.mid(18).trimmed();
                    }
                    const QByteArray accept =
                        QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                                 QCryptographicHash::Sha1)
                            .toBase64();
                    socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                                  accept + "\r\n\r\n");
                    *head = "\r\n\r\n";
                    ++upgraded;
                });
            }
        });
    }
    QTcpServer server;
    int upgraded = 0;
};

// A client WebSocket on a raw socket, left open.
bool openWebSocket(QTcpSocket *socket, quint16 port, int n)
{
    socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket->waitForConnected(5000))
        return false;
    socket->write("GET /hold/" + QByteArray::number(n) +
                  " HTTP/1.1\r\nHost: crash.test\r\nUpgrade: websocket\r\n"
                  "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  "Sec-WebSocket-Version: 13\r\nUser-Agent: tst_ledgercrash\r\n\r\n");
    QByteArray in;
    const bool done = QTest::qWaitFor(
        [&] {
            in += socket->readAll();
            return in.contains("\r\n\r\n");
        },
        WaitMs);
    return done && in.startsWith("HTTP/1.1 101 ");
}

class Holdfast
{
public:
    Holdfast()
    {
        QObject::connect(&process, &QProcess::readyReadStandardError,
                         [this] { log += process.readAllStandardError(); });
    }
    ~Holdfast()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    bool start(const QStringList &arguments)
    {
        process.start(QStringLiteral(HOLDFAST_BINARY), arguments);
        return process.waitForStarted(10'000);
    }
    bool waitForLog(const QByteArray &text)
    {
        return QTest::qWaitFor(
                   [&] { return log.contains(text) || process.state() == QProcess::NotRunning; },
                   WaitMs) &&
               log.contains(text);
    }
    bool waitForExit()
    {
        return QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, WaitMs);
    }
    QProcess process;
    QByteArray log;
};

QList<LedgerRecord> readLedger(const QString &path)
{
    LedgerStore store;
    if (!store.open(path, LedgerStore::Mode::ReadOnly))
        return {};
    return store.records(0, QDateTime::currentMSecsSinceEpoch() + 1);
}
} // namespace

class TestLedgerCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedBrokerLosesNoRecord()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));
        UpgradeOrigin origin;
        QVERIFY(origin.server.listen(QHostAddress(QHostAddress::LocalHost), 0));
        const QString routes = dir.filePath(QStringLiteral("routes"));
        {
            QFile file(routes);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("* 127.0.0.1:" + QByteArray::number(origin.server.serverPort()) + "\n");
        }
        auto arguments = [&](quint16 port) {
            return QStringList{QStringLiteral("--headless"),
                               QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:%1").arg(port),
                               QStringLiteral("--publish-listen"),
                               QStringLiteral("127.0.0.1:%1").arg(freePort()),
                               QStringLiteral("--routes"),
                               routes,
                               QStringLiteral("--ledger"),
                               ledger};
        };

        // First run: four WebSockets, checkpointed, then SIGKILL.
        constexpr int Count = 4;
        QList<LedgerRecord> beforeKill;
        {
            const quint16 port = freePort();
            Holdfast holdfast;
            QVERIFY(holdfast.start(arguments(port)));
            QVERIFY2(holdfast.waitForLog("listening on"), holdfast.log);
            std::vector<std::unique_ptr<QTcpSocket>> clients;
            for (int i = 0; i < Count; ++i) {
                clients.push_back(std::make_unique<QTcpSocket>());
                QVERIFY2(openWebSocket(clients.back().get(), port, i), holdfast.log);
            }
            QCOMPARE(origin.upgraded, Count);
            // Every connection on disk and checkpointed at least once after it was written.
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    const QList<LedgerRecord> records = readLedger(ledger);
                    int ready = 0;
                    for (const LedgerRecord &record : records)
                        ready += record.isOpen() && record.transport == "ws-passthrough" &&
                                         record.checkpointMs > record.startedMs + 1000
                                     ? 1
                                     : 0;
                    return ready == Count;
                }(),
                WaitMs);
            QCOMPARE(::kill(pid_t(holdfast.process.processId()), SIGKILL), 0);
            QVERIFY(holdfast.waitForExit());
            QCOMPARE(holdfast.process.exitStatus(), QProcess::CrashExit);
            // The last checkpoint the dead process wrote.
            beforeKill = readLedger(ledger);
        }
        QCOMPARE(beforeKill.size(), qsizetype(Count));

        // Second run: the open records are closed at their last checkpoint, then two more
        // WebSockets end with a clean SIGTERM.
        {
            const quint16 port = freePort();
            Holdfast holdfast;
            QVERIFY(holdfast.start(arguments(port)));
            QVERIFY2(holdfast.waitForLog("closed 4 connection(s) left open"), holdfast.log);
            QVERIFY2(holdfast.waitForLog("listening on"), holdfast.log);
            QTcpSocket a;
            QTcpSocket b;
            QVERIFY(openWebSocket(&a, port, 10));
            QVERIFY(openWebSocket(&b, port, 11));
            QCOMPARE(::kill(pid_t(holdfast.process.processId()), SIGTERM), 0);
            QVERIFY2(holdfast.waitForExit(), holdfast.log);
            QCOMPARE(holdfast.process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(holdfast.process.exitCode(), 0);
        }

        const QList<LedgerRecord> records = readLedger(ledger);
        QCOMPARE(records.size(), qsizetype(Count + 2));
        qint64 expectedMinutes = 0;
        QSet<QString> months;
        for (const LedgerRecord &record : records) {
            QVERIFY(!record.isOpen());
            expectedMinutes += UsageMath::minutesFor(record.endedMs - record.startedMs);
            months.insert(UsageMath::monthOf(record.startedMs));
            QCOMPARE(record.userAgent, QStringLiteral("tst_ledgercrash"));
        }
        for (const LedgerRecord &killed : beforeKill) {
            auto it = std::find_if(records.cbegin(), records.cend(), [&](const LedgerRecord &r) {
                return r.session == killed.session && r.connectionId == killed.connectionId;
            });
            QVERIFY(it != records.cend());
            QCOMPARE(it->endedMs, killed.checkpointMs);
            QCOMPARE(it->closeReason, QStringLiteral("broker stopped unexpectedly"));
            QCOMPARE(it->path, killed.path);
        }
        int shutDown = 0;
        for (const LedgerRecord &record : records)
            shutDown += record.closeReason.contains(QLatin1String("shutting down")) ? 1 : 0;
        QCOMPARE(shutDown, 2);

        // The report, from another process, counts exactly those connections.
        QVERIFY2(months.size() == 1, "the test ran across a month boundary; run it again");
        QProcess report;
        report.start(QStringLiteral(HOLDFAST_BINARY),
                     {QStringLiteral("report"), QStringLiteral("--month"), *months.begin(),
                      QStringLiteral("--by"), QStringLiteral("transport"),
                      QStringLiteral("--format"), QStringLiteral("json"),
                      QStringLiteral("--ledger"), ledger});
        QVERIFY(report.waitForFinished(WaitMs));
        QCOMPARE(report.exitCode(), 0);
        const QJsonObject json = QJsonDocument::fromJson(report.readAllStandardOutput()).object();
        const QJsonObject total = json.value(QLatin1String("total")).toObject();
        QCOMPARE(total.value(QLatin1String("connections")).toInteger(), qint64(Count + 2));
        QCOMPARE(total.value(QLatin1String("minutes")).toInteger(), expectedMinutes);
        QCOMPARE(total.value(QLatin1String("open_connections")).toInteger(), qint64(0));
        const QJsonArray rows = json.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), qsizetype(1));
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("key")).toString(),
                 QStringLiteral("ws-passthrough"));
    }

    void reportArgumentErrors()
    {
        QTemporaryDir dir;
        auto run = [](const QStringList &arguments, QByteArray *err) {
            QProcess process;
            process.start(QStringLiteral(HOLDFAST_BINARY), arguments);
            process.waitForFinished(WaitMs);
            *err = process.readAllStandardError();
            return process.exitCode();
        };
        QByteArray err;
        const QString missing = dir.filePath(QStringLiteral("none.sqlite"));
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("--ledger"), missing}, &err), 1);
        QVERIFY2(err.contains("no ledger at"), err);
        QVERIFY(!QFile::exists(missing));
        QCOMPARE(
            run({QStringLiteral("report"), QStringLiteral("--month"), QStringLiteral("2026-13")},
                &err),
            2);
        QCOMPARE(
            run({QStringLiteral("report"), QStringLiteral("--by"), QStringLiteral("week")}, &err),
            2);
        QCOMPARE(run({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("xml")},
                     &err),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestLedgerCrash)
#include "tst_ledgercrash.moc"
