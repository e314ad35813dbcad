// Faults around the real holdfast binary: peers killed mid-stream, backends answering garbage or
// nothing, a publish racing SIGTERM, a full disk under the ledger, SIGKILL under load. Each test
// checks what the client sees and that the ledger still counts every connection exactly once.
// docs/security.md ("Fault tests") lists them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include <QElapsedTimer>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "faultclients.h"
#include "holdfastprocess.h"
#include "ledger/ledgerstore.h"
#include "ledgercheck.h"
#include "pythonpeer.h"
#include "sockettestutil.h"
#include "ws/wsframe.h"

namespace {

// Generous: CI runs this under ASan on two shared cores.
constexpr int WaitMs = 15'000;

const QString GripBackend = QStringLiteral("grip_backend.py");
const QString WsOrigin = QStringLiteral("ws_origin.py");

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(data) == data.size() && file.flush();
}

// One request on its own connection; the answer, or status 0 when none came.
sockettest::Message request(quint16 port, const QByteArray &head)
{
    sockettest::Message message;
    std::unique_ptr<QTcpSocket> socket = sockettest::connectTo(port);
    if (!socket)
        return message;
    sockettest::writeNow(socket.get(), head);
    QByteArray buffer;
    if (sockettest::takeHead(socket.get(), &buffer, &message, WaitMs))
        message.body = buffer + sockettest::readUntilClosed(socket.get(), WaitMs);
    return message;
}

QStringList ledgerArguments(const QTemporaryDir &dir, const QByteArray &routes)
{
    const QString routesFile = dir.filePath(QStringLiteral("routes"));
    writeFile(routesFile, routes);
    return {QStringLiteral("--routes"), routesFile, QStringLiteral("--ledger"),
            dir.filePath(QStringLiteral("ledger.sqlite"))};
}

// user + system CPU of a process so far, from /proc/PID/stat; -1 when unreadable.
qint64 cpuMsOf(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // Fields after the command name, which may hold spaces and ends at the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

// Stops the broker as an operator would and checks it went as documented.
QByteArray stopCleanly(HoldfastProcess *holdfast)
{
    if (!holdfast->signal(SIGTERM))
        return "not running at SIGTERM";
    if (!holdfast->waitForExit(WaitMs))
        return "no exit within 15 s of SIGTERM";
    if (holdfast->exitCode() != 0)
        return "exit code " + QByteArray::number(holdfast->exitCode());
    return {};
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void originKilledMidStream();
    void gripBackendKilledAfterHold();
    void backendGarbage_data();
    void backendGarbage();
    void backendStalling();
    void publishDuringShutdown();
    void ledgerDiskFull_data();
    void ledgerDiskFull();
    void killUnderLoadThenRestart();
    void descriptorExhaustion();

private:
    bool m_haveWebsockets = false;
};

void TestFaults::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    m_haveWebsockets = PythonPeer::websocketsAvailable();
}

// Passthrough promises (docs/passthrough.md, WebSockets 5): when one side's TCP connection ends,
// what was queued for the other side is written out and that side is closed too. No close frame
// is made up for a dead origin: the client sees the echoes it was owed, then a TCP close.
void TestFaults::originKilledMidStream()
{
    if (!m_haveWebsockets)
        QSKIP("/usr/bin/python3 has no websockets module (Debian: python3-websockets)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonPeer origin;
    QVERIFY2(origin.start(WsOrigin, {QStringLiteral("--no-deflate")}), origin.stderrText());
    HoldfastProcess holdfast;
    const QStringList arguments =
        ledgerArguments(dir, "* 127.0.0.1:" + QByteArray::number(origin.port()) + "\n");
    QVERIFY2(holdfast.startHeadless(arguments), holdfast.log());

    RawWebSocket client;
    client.open(holdfast.port(), "/feed");
    QTRY_VERIFY_WITH_TIMEOUT(client.upgraded() || client.closed(), WaitMs);
    QVERIFY2(client.upgraded(), client.head());
    QVERIFY(origin.waitForLine("OPEN ", WaitMs));

    // Frames flow both ways (the origin echoes) when the origin dies.
    int sent = 0;
    QTimer sender;
    QObject::connect(&sender, &QTimer::timeout, [&] {
        client.sendText("frame " + QByteArray::number(sent++) + ' ' + QByteArray(200, 'x'));
    });
    sender.start(2);
    QTRY_VERIFY_WITH_TIMEOUT(client.frames().size() >= 50, WaitMs);
    origin.kill();
    QElapsedTimer sinceKill;
    sinceKill.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), 10'000);
    sender.stop();
    qInfo("client closed %lld ms after the origin was killed", sinceKill.elapsed());

    // The echoes arrived whole and in order, and nothing else: no close frame, no cut frame.
    qsizetype rest = -1;
    const QList<RawWebSocket::Frame> frames = client.frames(&rest);
    QCOMPARE(rest, qsizetype(0));
    for (qsizetype i = 0; i < frames.size(); ++i) {
        QCOMPARE(frames[i].opcode, quint8(WsOpcode::Text));
        QVERIFY2(frames[i].payload.startsWith("frame " + QByteArray::number(i) + ' '),
                 frames[i].payload.left(20));
    }
    QVERIFY(frames.size() <= sent);

    QVERIFY2(holdfast.waitForLog("(ws-passthrough)"), holdfast.log());
    const QByteArray closedLine = holdfast.logLines("(ws-passthrough)").value(0);
    QVERIFY2(closedLine.contains(" closed after "), closedLine);
    const QByteArray stopped = stopCleanly(&holdfast);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + holdfast.log());

    const QList<LedgerRecord> records = readLedger(dir.filePath(QStringLiteral("ledger.sqlite")));
    const QByteArray problem =
        ledgerProblem(dir.filePath(QStringLiteral("ledger.sqlite")), records);
    QVERIFY2(problem.isEmpty(), problem);
    const QList<LedgerRecord> relayed = ofTransport(records, QStringLiteral("ws-passthrough"));
    QCOMPARE(relayed.size(), qsizetype(1));
    const LedgerRecord &record = relayed.first();
    // Everything the client got went through the broker; what it sent after the origin died
    // may not have been read.
    QCOMPARE(record.bytesToClient, client.bytesReceived());
    QVERIFY2(record.bytesFromClient <= client.bytesSent(),
             QByteArray::number(record.bytesFromClient));
    QCOMPARE(record.messagesToClient, qint64(frames.size()));
    QVERIFY(record.messagesFromClient >= frames.size());
    QVERIFY2(record.endedMs - record.startedMs < sinceKill.elapsed() + 60'000, "duration");
}

// fanout.md: once the backend has instructed a hold, the held client belongs to its channel; the
// backend is not asked again. So a dead backend leaves held clients subscribed, and only new
// requests see it gone (502, as an unreachable origin).
void TestFaults::gripBackendKilledAfterHold()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonPeer backend;
    QVERIFY2(backend.start(GripBackend, {QStringLiteral("--mode"), QStringLiteral("hold"),
                                         QStringLiteral("--channel"), QStringLiteral("afterkill")}),
             backend.stderrText());
    HoldfastProcess holdfast;
    QVERIFY2(holdfast.startHeadless(
                 ledgerArguments(dir, "* 127.0.0.1:" + QByteArray::number(backend.port()) + "\n")),
             holdfast.log());

    constexpr int Held = 3;
    std::vector<std::unique_ptr<HeldClient>> clients;
    for (int i = 0; i < Held; ++i) {
        clients.push_back(std::make_unique<HeldClient>());
        clients.back()->open(holdfast.port(), "/held/" + QByteArray::number(i));
    }
    for (const auto &client : clients) {
        QTRY_COMPARE_WITH_TIMEOUT(client->content(), QByteArray("opened\n"), WaitMs);
        QCOMPARE(client->status(), 200);
    }
    backend.kill();

    const PublishResult published =
        publishStream(holdfast.publishPort(), "afterkill", "still here\n");
    QCOMPARE(published.status, 200);
    for (const auto &client : clients)
        QTRY_COMPARE_WITH_TIMEOUT(client->content(), QByteArray("opened\nstill here\n"), WaitMs);

    const sockettest::Message refused =
        request(holdfast.port(), "GET /new HTTP/1.1\r\nHost: faults.test\r\n\r\n");
    QCOMPARE(refused.status(), 502);
    QVERIFY2(refused.body.startsWith("holdfast: ") && refused.body.contains("unreachable"),
             refused.body);

    const QByteArray stopped = stopCleanly(&holdfast);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + holdfast.log());
    for (const auto &client : clients) {
        bool ended = false;
        QTRY_VERIFY_WITH_TIMEOUT(client->closed(), WaitMs);
        client->content(&ended);
        QVERIFY2(ended, client->raw()); // the stream's last chunk, not a cut connection
    }
    const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));
    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    const QList<LedgerRecord> streams = ofTransport(records, QStringLiteral("http-stream"));
    QCOMPARE(streams.size(), qsizetype(Held));
    for (const LedgerRecord &record : streams) {
        QCOMPARE(record.messagesToClient, qint64(1));
        QVERIFY2(record.closeReason.contains(QLatin1String("shutting down")),
                 qPrintable(record.closeReason));
    }
    QCOMPARE(records.size(), qsizetype(Held + 1));
}

void TestFaults::backendGarbage_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("websocket");
    QTest::addColumn<QByteArray>("expectedBody"); // part of the client's 502 body

    // fanout.md: an invalid GRIP header is a 502 naming it; passthrough.md: a malformed
    // response or none at all is a 502; a WebSocket-over-HTTP backend's non-OPEN answer refuses
    // the handshake.
    QTest::addRow("not HTTP") << QStringLiteral("garbage") << false << QByteArray("malformed");
    QTest::addRow("invalid Grip-Hold")
        << QStringLiteral("badhold") << false << QByteArray("Grip-Hold");
    QTest::addRow("head cut off") << QStringLiteral("truncated") << false << QByteArray("origin");
    QTest::addRow("WebSocket-over-HTTP not HTTP")
        << QStringLiteral("garbage") << true << QByteArray("malformed");
    QTest::addRow("WebSocket-over-HTTP head cut off")
        << QStringLiteral("truncated") << true
        << QByteArray("closed the connection before its response head was complete");
}

// Through the binary, with the ledger and the log line: the in-process tests (tst_fanouthttp,
// tst_fanoutws) already cover each parser's error text.
void TestFaults::backendGarbage()
{
    QFETCH(QString, mode);
    QFETCH(bool, websocket);
    QFETCH(QByteArray, expectedBody);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonPeer backend;
    QVERIFY2(backend.start(GripBackend, {QStringLiteral("--mode"), mode}), backend.stderrText());
    HoldfastProcess holdfast;
    QVERIFY2(holdfast.startHeadless(
                 ledgerArguments(dir, "* 127.0.0.1:" + QByteArray::number(backend.port()) +
                                          (websocket ? ",over_http\n" : "\n"))),
             holdfast.log());

    sockettest::Message answer;
    if (websocket) {
        RawWebSocket client;
        client.open(holdfast.port(), "/ws");
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), WaitMs);
        QVERIFY(!client.upgraded());
        sockettest::parseHead(client.head(), &answer);
        answer.body = client.afterHead();
    } else {
        answer = request(holdfast.port(), "GET /garbage HTTP/1.1\r\nHost: faults.test\r\n\r\n");
    }
    QCOMPARE(answer.status(), 502);
    QVERIFY(backend.waitForLine("REQUEST ", WaitMs));
    QVERIFY2(answer.body.startsWith("holdfast: "), answer.body);
    QVERIFY2(answer.body.contains(expectedBody), answer.body);
    // The log names the cause as the client's body does.
    const QByteArray cause =
        answer.body
            .mid(answer.body.indexOf(": origin ") >= 0 ? answer.body.indexOf(": origin ") + 2
                                                       : answer.body.indexOf(": backend ") + 2)
            .trimmed();
    QVERIFY2(holdfast.waitForLog(cause), cause + "\n" + holdfast.log());

    // The broker carries on: the next request is answered the same way.
    const sockettest::Message again =
        request(holdfast.port(), "GET /again HTTP/1.1\r\nHost: faults.test\r\n\r\n");
    QCOMPARE(again.status(), 502);

    const QByteArray stopped = stopCleanly(&holdfast);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + holdfast.log());
    const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));
    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    QCOMPARE(records.size(), qsizetype(2));
    for (const LedgerRecord &record : records)
        QCOMPARE(record.closeCode, 502);
}

// passthrough.md: an origin or GRIP backend that sends no response head within the response
// timeout (--response-timeout, 60 s by default) gets the client a 504. Meanwhile everyone else is
// served, and SIGTERM still ends a request that is waiting: the timeout is set above the 3 s
// shutdown grace so that the grace, not the timeout, ends the second one.
void TestFaults::backendStalling()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonPeer backend;
    QVERIFY2(backend.start(GripBackend, {QStringLiteral("--mode"), QStringLiteral("stall")}),
             backend.stderrText());
    HoldfastProcess holdfast;
    QStringList arguments = ledgerArguments(
        dir, "*,path_beg=/test/ test\n* 127.0.0.1:" + QByteArray::number(backend.port()) + "\n");
    arguments << QStringLiteral("--response-timeout") << QStringLiteral("5");
    QVERIFY2(holdfast.startHeadless(arguments), holdfast.log());
    HeldClient stream;
    stream.open(holdfast.port(), "/test/stream");
    QTRY_VERIFY_WITH_TIMEOUT(stream.hasHead(), WaitMs);
    QCOMPARE(stream.status(), 200);

    std::unique_ptr<QTcpSocket> stalled = sockettest::connectTo(holdfast.port());
    QVERIFY(stalled);
    QElapsedTimer waited;
    waited.start();
    sockettest::writeNow(stalled.get(), "GET /stall HTTP/1.1\r\nHost: faults.test\r\n\r\n");
    QVERIFY(backend.waitForLine("REQUEST GET /stall", WaitMs));
    // Others are served while it waits.
    QCOMPARE(publishStream(holdfast.publishPort(), "test", "during the stall\n").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(stream.content().contains("during the stall\n"), WaitMs);
    QVERIFY2(waited.elapsed() < 4900,
             "too slow to see the stall: " + QByteArray::number(waited.elapsed()) + " ms");
    QCOMPARE(stalled->bytesAvailable(), qint64(0));

    QByteArray buffer;
    sockettest::Message timedOut;
    QVERIFY(sockettest::takeHead(stalled.get(), &buffer, &timedOut, WaitMs));
    QCOMPARE(timedOut.status(), 504);
    QVERIFY2(waited.elapsed() >= 4900, QByteArray::number(waited.elapsed()));
    timedOut.body = buffer + sockettest::readUntilClosed(stalled.get(), WaitMs);
    QVERIFY2(timedOut.body.contains("sent no response within 5 s"), timedOut.body);

    // README: on SIGTERM, HTTP responses in flight get up to 3 s to finish; then the broker exits.
    std::unique_ptr<QTcpSocket> waiting = sockettest::connectTo(holdfast.port());
    QVERIFY(waiting);
    sockettest::writeNow(waiting.get(), "GET /stall-again HTTP/1.1\r\nHost: faults.test\r\n\r\n");
    QVERIFY(backend.waitForLine("REQUEST GET /stall-again", WaitMs));
    QElapsedTimer stopping;
    stopping.start();
    const QByteArray stopped = stopCleanly(&holdfast);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + holdfast.log());
    qInfo("exited %lld ms after SIGTERM with a stalled backend request", stopping.elapsed());
    QVERIFY(sockettest::waitClosed(waiting.get(), WaitMs));
    const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));
    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    QCOMPARE(std::count_if(records.cbegin(), records.cend(),
                           [](const LedgerRecord &record) { return record.closeCode == 504; }),
             1);
}

// README: SIGTERM lets HTTP responses in flight finish for up to 3 s, then the broker exits 0.
// A publish it answered 200 must have reached every held subscriber before their streams were
// ended; a publish that came too late must not be answered 200.
void TestFaults::publishDuringShutdown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    HoldfastProcess holdfast;
    QVERIFY2(holdfast.startHeadless(ledgerArguments(dir, "*,path_beg=/test/ test\n")),
             holdfast.log());
    constexpr int Held = 20;
    std::vector<std::unique_ptr<HeldClient>> clients;
    for (int i = 0; i < Held; ++i) {
        clients.push_back(std::make_unique<HeldClient>());
        clients.back()->open(holdfast.port(), "/test/stream");
    }
    // Subscribed once their head came (the test backend subscribes before it answers).
    for (const auto &client : clients)
        QTRY_VERIFY_WITH_TIMEOUT(client->hasHead(), WaitMs);
    QCOMPARE(publishStream(holdfast.publishPort(), "test", "subscribed\n").status, 200);
    for (const auto &client : clients)
        QTRY_VERIFY_WITH_TIMEOUT(client->content().contains("subscribed\n"), WaitMs);

    // Rounds of publishes, each on its own connection, all written before any answer is read;
    // SIGTERM goes out right after one round's requests, so they are in flight.
    constexpr int PerRound = 8;
    constexpr int SignalRound = 3;
    QMap<QByteArray, int> answers; // content -> status (0: none)
    QElapsedTimer sinceSignal;
    int quietRounds = 0;
    for (int round = 0; round < 40 && quietRounds < 2; ++round) {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        std::vector<QByteArray> contents;
        for (int i = 0; i < PerRound; ++i) {
            const QByteArray content =
                "p" + QByteArray::number(round) + "-" + QByteArray::number(i) + "\n";
            const QByteArray body = R"({"items":[{"channel":"test","formats":{"http-stream":)"
                                    R"({"content":")" +
                                    content.chopped(1) + R"(\n"}}}]})";
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress(QHostAddress::LocalHost), holdfast.publishPort());
            // Refused once the broker has closed its listener: no answer, status 0.
            if (socket->waitForConnected(1000))
                socket->write("POST /publish/ HTTP/1.1\r\nHost: faults.test\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
            sockets.push_back(std::move(socket));
            contents.push_back(content);
        }
        for (const auto &socket : sockets) {
            if (socket->state() == QAbstractSocket::ConnectedState)
                socket->waitForBytesWritten(1000);
        }
        if (round == SignalRound) {
            QVERIFY(holdfast.signal(SIGTERM));
            sinceSignal.start();
        }
        int answered = 0;
        for (int i = 0; i < PerRound; ++i) {
            QTcpSocket *socket = sockets[size_t(i)].get();
            QByteArray in;
            // No answer in time counts as none: the status stays 0.
            static_cast<void>(QTest::qWaitFor(
                [&] {
                    if (socket->isOpen())
                        in += socket->readAll();
                    return in.contains("\r\n\r\n") ||
                           socket->state() == QAbstractSocket::UnconnectedState;
                },
                WaitMs));
            const int status = in.startsWith("HTTP/1.1 ") ? in.mid(9, 3).toInt() : 0;
            answers.insert(contents[size_t(i)], status);
            answered += status == 200 ? 1 : 0;
            QVERIFY2(status == 0 || status == 200 || status == 503, in);
            if (round < SignalRound)
                QCOMPARE(status, 200);
        }
        quietRounds = answered == 0 && round > SignalRound ? quietRounds + 1 : 0;
    }
    QVERIFY2(holdfast.waitForExit(WaitMs), holdfast.log());
    const qint64 exitedAfter = sinceSignal.elapsed();
    QVERIFY2(holdfast.exitCode() == 0, holdfast.log().right(1500)); // the crash, if any, is last
    // 3 s of grace; the rest is slack for a loaded CI machine.
    QVERIFY2(exitedAfter < 3000 + 7000, QByteArray::number(exitedAfter));

    for (const auto &client : clients)
        QTRY_VERIFY_WITH_TIMEOUT(client->closed(), WaitMs);
    int accepted = 0;
    for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
        if (it.value() != 200)
            continue;
        ++accepted;
        for (const auto &client : clients)
            QVERIFY2(client->content().contains(it.key()),
                     "a 200 for " + it.key().trimmed() +
                         " that a held client never got: " + client->raw().right(300));
    }
    QVERIFY2(accepted >= PerRound * SignalRound, QByteArray::number(accepted));
    QVERIFY2(accepted < answers.size(), "every publish was accepted, even after exit");
    qInfo("%d of %lld publishes accepted; exit %lld ms after SIGTERM", accepted,
          qlonglong(answers.size()), exitedAfter);

    const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));
    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    const QList<LedgerRecord> streams = ofTransport(records, QStringLiteral("http-stream"));
    QCOMPARE(streams.size(), qsizetype(Held));
    for (const LedgerRecord &record : streams)
        QVERIFY2(record.closeReason.contains(QLatin1String("shutting down")),
                 qPrintable(record.closeReason));
}

void TestFaults::ledgerDiskFull_data()
{
    QTest::addColumn<bool>("tmpfs");
    // A real full disk: a 1 MiB tmpfs, filled up (needs mount(8) and CAP_SYS_ADMIN: root outside
    // a restricted container).
    QTest::addRow("tmpfs ENOSPC") << true;
    // Without mount rights: the broker's RLIMIT_FSIZE lowered to 1 byte with prlimit(2), so every
    // write to a file fails with EFBIG (SIGXFSZ is ignored, inherited from this process).
    QTest::addRow("RLIMIT_FSIZE EFBIG") << false;
}

// docs/ledger.md, "When the disk refuses": the broker keeps serving, logs the cause, keeps the
// records in memory and writes them once the disk takes them again; nothing committed is lost.
void TestFaults::ledgerDiskFull()
{
    QFETCH(bool, tmpfs);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString small = dir.filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(small));
    if (tmpfs) {
        QProcess mount;
        mount.start(QStringLiteral("mount"),
                    {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                     QStringLiteral("size=1m"), QStringLiteral("tmpfs"), small});
        if (!mount.waitForFinished(10'000) || mount.exitStatus() != QProcess::NormalExit ||
            mount.exitCode() != 0)
            QSKIP(qPrintable(
                QStringLiteral("cannot mount a tmpfs here (%1); the RLIMIT_FSIZE "
                               "row covers the failing writes")
                    .arg(QString::fromLocal8Bit(mount.readAllStandardError().trimmed()))));
    }
    auto unmount = qScopeGuard([&] {
        if (tmpfs)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), small});
    });
    const QString ledger = small + QStringLiteral("/ledger.sqlite");
    const QString routes = dir.filePath(QStringLiteral("routes"));
    QVERIFY(writeFile(routes, "*,path_beg=/test/ test\n"));
    ::signal(SIGXFSZ, SIG_IGN);
    HoldfastProcess holdfast;
    QVERIFY2(holdfast.startHeadless(
                 {QStringLiteral("--routes"), routes, QStringLiteral("--ledger"), ledger}),
             holdfast.log());

    // Committed before the disk fills: one connection closed, one still open.
    auto closedEarly = std::make_unique<HeldClient>();
    closedEarly->open(holdfast.port(), "/test/stream");
    auto openEarly = std::make_unique<HeldClient>();
    openEarly->open(holdfast.port(), "/test/stream");
    QTRY_VERIFY_WITH_TIMEOUT(closedEarly->hasHead() && openEarly->hasHead(), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(readLedger(ledger).size(), qsizetype(2), WaitMs);
    closedEarly.reset();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QList<LedgerRecord> records = readLedger(ledger);
            return std::count_if(records.cbegin(), records.cend(),
                                 [](const LedgerRecord &r) { return !r.isOpen(); }) == 1;
        }(),
        WaitMs);
    const QList<LedgerRecord> committed = readLedger(ledger);

    // Fill the disk.
    QFile filler(small + QStringLiteral("/filler"));
    if (tmpfs) {
        QVERIFY(filler.open(QIODevice::WriteOnly));
        const QByteArray block(4096, 'f');
        while (filler.write(block) == block.size() && filler.flush()) {
        }
        filler.close();
    } else {
        const struct rlimit tiny = {1, RLIM_INFINITY};
        QCOMPARE(::prlimit(pid_t(holdfast.pid()), RLIMIT_FSIZE, &tiny, nullptr), 0);
    }

    // The broker keeps serving: short requests, a new held client, a publish.
    constexpr int Requests = 20;
    for (int i = 0; i < Requests; ++i) {
        const sockettest::Message answer =
            request(holdfast.port(), "GET /nowhere HTTP/1.1\r\nHost: faults.test\r\n\r\n");
        QCOMPARE(answer.status(), 404);
    }
    HeldClient during;
    during.open(holdfast.port(), "/test/stream");
    QTRY_VERIFY_WITH_TIMEOUT(during.hasHead(), WaitMs);
    QVERIFY2(holdfast.waitForLog("connection records wait in memory"), holdfast.log());
    QVERIFY(holdfast.running());
    QCOMPARE(publishStream(holdfast.publishPort(), "test", "disk full\n").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(during.content().contains("disk full\n"), WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(openEarly->content().contains("disk full\n"), WaitMs);
    QCOMPARE(holdfast.logLines("holdfast.ledger: ledger:").size() > 0, true);

    // Space returns: the waiting records are written.
    if (tmpfs) {
        QVERIFY(filler.remove());
    } else {
        const struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
        QCOMPARE(::prlimit(pid_t(holdfast.pid()), RLIMIT_FSIZE, &unlimited, nullptr), 0);
    }
    QVERIFY2(holdfast.waitForLog("ledger: writing again"), holdfast.log());
    QVERIFY2(holdfast.waitForLog("no record was lost"), holdfast.log());
    QTRY_COMPARE_WITH_TIMEOUT(readLedger(ledger).size(), qsizetype(2 + Requests + 1), WaitMs);

    openEarly.reset();
    const QByteArray stopped = stopCleanly(&holdfast);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + holdfast.log());
    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    QCOMPARE(records.size(), qsizetype(2 + Requests + 1));
    for (const LedgerRecord &before : committed) {
        const auto it = std::find_if(records.cbegin(), records.cend(), [&](const LedgerRecord &r) {
            return r.session == before.session && r.connectionId == before.connectionId;
        });
        QVERIFY(it != records.cend());
        QCOMPARE(it->startedMs, before.startedMs);
        if (!before.isOpen())
            QCOMPARE(it->endedMs, before.endedMs);
    }
    int notFound = 0;
    for (const LedgerRecord &record : records)
        notFound += record.closeCode == 404 ? 1 : 0;
    QCOMPARE(notFound, Requests);
}

// docs/ledger.md, "Crashes", under load: SIGKILL with hundreds of held streams and relayed
// WebSockets busy; every client sees its connection end, and the next start closes each open
// record at its last checkpoint, once, before it serves new clients.
void TestFaults::killUnderLoadThenRestart()
{
    if (!m_haveWebsockets)
        QSKIP("/usr/bin/python3 has no websockets module (Debian: python3-websockets)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    PythonPeer origin;
    QVERIFY2(origin.start(WsOrigin, {QStringLiteral("--no-deflate")}), origin.stderrText());
    const QStringList arguments = ledgerArguments(
        dir, "*,path_beg=/test/ test\n* 127.0.0.1:" + QByteArray::number(origin.port()) + "\n");
    const QString ledger = dir.filePath(QStringLiteral("ledger.sqlite"));

    constexpr int Held = 200;
    constexpr int Relayed = 10;
    QList<LedgerRecord> beforeKill;
    {
        HoldfastProcess holdfast;
        QVERIFY2(holdfast.startHeadless(arguments), holdfast.log());
        std::vector<std::unique_ptr<HeldClient>> held;
        std::vector<std::unique_ptr<RawWebSocket>> relayed;
        for (int i = 0; i < Held; ++i) {
            held.push_back(std::make_unique<HeldClient>());
            held.back()->open(holdfast.port(), "/test/stream");
        }
        for (int i = 0; i < Relayed; ++i) {
            relayed.push_back(std::make_unique<RawWebSocket>());
            relayed.back()->open(holdfast.port(), "/echo/" + QByteArray::number(i));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(held.cbegin(), held.cend(), [](const auto &c) { return c->hasHead(); }),
            WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(relayed.cbegin(), relayed.cend(),
                                             [](const auto &c) { return c->upgraded(); }),
                                 WaitMs);

        // Load: publishes to every held stream, messages echoed on every WebSocket.
        int published = 0;
        QTimer load;
        QObject::connect(&load, &QTimer::timeout, [&] {
            publishStream(holdfast.publishPort(), "test",
                          "load " + QByteArray::number(published++) + "\n", 2000);
            for (const auto &ws : relayed)
                ws->sendText("load " + QByteArray::number(published));
        });
        load.start(20);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(held.cbegin(), held.cend(),
                        [](const auto &c) { return c->content().count("load ") >= 3; }),
            WaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(relayed.cbegin(), relayed.cend(),
                                             [](const auto &c) { return c->frames().size() >= 3; }),
                                 WaitMs);
        // Every connection on disk and checkpointed after it was first written.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<LedgerRecord> records = readLedger(ledger);
                return std::count_if(records.cbegin(), records.cend(), [](const LedgerRecord &r) {
                           return r.isOpen() && r.checkpointMs > r.startedMs;
                       }) == Held + Relayed;
            }(),
            WaitMs);

        QVERIFY(holdfast.signal(SIGKILL));
        QVERIFY(holdfast.waitForExit(WaitMs));
        QCOMPARE(holdfast.exitCode(), -1);
        load.stop();
        QElapsedTimer sinceKill;
        sinceKill.start();
        // The kernel closes the dead broker's sockets: a TCP close for everyone.
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(held.cbegin(), held.cend(), [](const auto &c) { return c->closed(); }),
            10'000);
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(relayed.cbegin(), relayed.cend(),
                                             [](const auto &c) { return c->closed(); }),
                                 10'000);
        qInfo("%d published under load; every client saw its close within %lld ms of the kill",
              published, sinceKill.elapsed());
        for (const auto &c : held) {
            bool ended = true;
            c->content(&ended);
            QVERIFY(!ended); // cut off, not ended by the broker
        }
        beforeKill = readLedger(ledger);
    }
    const qsizetype openAtKill = std::count_if(beforeKill.cbegin(), beforeKill.cend(),
                                               [](const LedgerRecord &r) { return r.isOpen(); });
    QCOMPARE(openAtKill, qsizetype(Held + Relayed));

    HoldfastProcess restarted;
    QVERIFY2(restarted.startHeadless(arguments), restarted.log());
    QVERIFY2(restarted.waitForLog("closed " + QByteArray::number(openAtKill) +
                                  " connection(s) left open"),
             restarted.log());
    HeldClient fresh;
    fresh.open(restarted.port(), "/test/stream");
    RawWebSocket freshWs;
    freshWs.open(restarted.port(), "/echo/fresh");
    QTRY_VERIFY_WITH_TIMEOUT(fresh.hasHead() && freshWs.upgraded(), WaitMs);
    QCOMPARE(publishStream(restarted.publishPort(), "test", "after restart\n").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(fresh.content().contains("after restart\n"), WaitMs);
    freshWs.sendText("after restart");
    QTRY_COMPARE_WITH_TIMEOUT(freshWs.frames().value(0).payload, QByteArray("after restart"),
                              WaitMs);
    const QByteArray stopped = stopCleanly(&restarted);
    QVERIFY2(stopped.isEmpty(), stopped + '\n' + restarted.log());

    const QList<LedgerRecord> records = readLedger(ledger);
    const QByteArray problem = ledgerProblem(ledger, records);
    QVERIFY2(problem.isEmpty(), problem);
    QCOMPARE(records.size(), beforeKill.size() + 2);
    for (const LedgerRecord &killed : beforeKill) {
        if (!killed.isOpen())
            continue;
        const auto it = std::find_if(records.cbegin(), records.cend(), [&](const LedgerRecord &r) {
            return r.session == killed.session && r.connectionId == killed.connectionId;
        });
        QVERIFY(it != records.cend());
        QCOMPARE(it->endedMs, killed.checkpointMs);
        QCOMPARE(it->closeReason, LedgerStore::unexpectedStopReason());
    }
}

// The broker under an open-file limit far below its connection limit, flooded with more clients
// than it has descriptors, connects that never send a byte: it fits --max-connections to the
// limit and says so, the subscribers it holds still get a publish made during the flood, the
// publish API answers within a second from the descriptors kept in reserve, it does not spin
// (CPU near zero over an idle window), its log says so once per episode instead of once per
// failure, and once the flood leaves it serves new clients again.
void TestFaults::descriptorExhaustion()
{
    constexpr int Limit = 256;
    constexpr int Held = 20;
    constexpr int Flood = 400;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    HoldfastProcess holdfast;
    holdfast.setOpenFileLimit(Limit);
    QVERIFY2(holdfast.startHeadless(ledgerArguments(dir, "*,path_beg=/test/ test\n")),
             holdfast.log());
    QVERIFY2(holdfast.log().contains("does not fit the open-file limit of 256"), holdfast.log());

    std::vector<std::unique_ptr<HeldClient>> subscribers;
    for (int i = 0; i < Held; ++i) {
        subscribers.push_back(std::make_unique<HeldClient>());
        subscribers.back()->open(holdfast.port(), "/test/stream");
    }
    for (const auto &subscriber : subscribers)
        QTRY_VERIFY_WITH_TIMEOUT(subscriber->hasHead(), WaitMs);

    // The flood: plain connects, never a byte sent, so each holds a descriptor until the
    // broker's own timeouts free it.
    std::vector<int> flood;
    auto closeFlood = qScopeGuard([&flood] {
        for (int fd : flood)
            ::close(fd);
        flood.clear();
    });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(holdfast.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < Flood; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        QVERIFY(fd >= 0);
        ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
        flood.push_back(fd);
    }
    QVERIFY2(holdfast.waitForLog("out of file descriptors", WaitMs), holdfast.log());

    // During the flood: the publish API answers from the reserve, and quickly.
    QElapsedTimer publishing;
    publishing.start();
    const PublishResult published =
        publishStream(holdfast.publishPort(), "test", "during the flood\n", WaitMs);
    const qint64 publishMs = publishing.elapsed();
    QCOMPARE(published.status, 200);
    QVERIFY2(publishMs < 1000, qPrintable(QStringLiteral("%1 ms").arg(publishMs)));
    for (const auto &subscriber : subscribers)
        QTRY_VERIFY_WITH_TIMEOUT(subscriber->content().contains("during the flood\n"), WaitMs);

    // No busy loop while the flood sits there.
    const qint64 cpuBefore = cpuMsOf(holdfast.pid());
    QVERIFY(cpuBefore >= 0);
    QTest::qWait(2000);
    const qint64 cpuUsed = cpuMsOf(holdfast.pid()) - cpuBefore;
    QVERIFY2(cpuUsed < 200, qPrintable(QStringLiteral("%1 ms of CPU in 2 s").arg(cpuUsed)));
    qInfo("publish answered in %lld ms during the flood; %lld ms of broker CPU in the 2 s after",
          publishMs, cpuUsed);

    // The flood leaves; new clients are served again.
    closeFlood.dismiss();
    for (int fd : flood)
        ::close(fd);
    flood.clear();
    QTRY_VERIFY_WITH_TIMEOUT(
        request(holdfast.port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status() == 404,
        WaitMs);
    QVERIFY2(holdfast.waitForLog("accepting again after", WaitMs), holdfast.log());
    for (const QByteArray &line : holdfast.logLines("holdfast.broker.net"))
        qInfo("%s", line.constData());
    // Once per episode, not once per failed accept.
    QVERIFY2(holdfast.logLines("accepting paused").size() <= 3, holdfast.log());
    QVERIFY2(holdfast.logLines("holdfast.ledger").size() <= 2, holdfast.log());
    QCOMPARE(stopCleanly(&holdfast), QByteArray());
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
