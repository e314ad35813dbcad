#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "interop.h"

// `holdfast load` as a user runs it: the real binary against a `holdfast --headless` child,
// its JSON, its text summary and its exit codes.
namespace {

struct LoadRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

LoadRun runLoad(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(HOLDFAST_BINARY), QStringList{QStringLiteral("load")} + arguments);
    LoadRun run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        run.err = "holdfast load did not finish";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TstLoadCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    interop::HoldfastProcess m_holdfast;

    QString url(const char *path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2")
            .arg(m_holdfast.port)
            .arg(QLatin1String(path));
    }
    QString publishUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/publish/").arg(m_holdfast.publishPort);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QByteArray why;
        QVERIFY2(m_holdfast.start(m_dir.path(), "*,path_beg=/test/ test\n", {}, &why),
                 why.constData());
    }

    void cleanupTestCase() { QVERIFY(m_holdfast.stop()); }

    void jsonOfASseRun()
    {
        const LoadRun run = runLoad(
            {QStringLiteral("--url"), url("/test/sse"), QStringLiteral("--transport"),
             QStringLiteral("sse"), QStringLiteral("--clients"), QStringLiteral("100"),
             QStringLiteral("--ramp-rate"), QStringLiteral("500"), QStringLiteral("--publish-url"),
             publishUrl(), QStringLiteral("--channel"), QStringLiteral("test"),
             QStringLiteral("--publish-rate"), QStringLiteral("20"), QStringLiteral("--duration"),
             QStringLiteral("1500ms"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QVERIFY2(!json.isEmpty(), run.out.constData());
        QCOMPARE(json.value(QStringLiteral("transport")).toString(), QStringLiteral("sse"));
        QCOMPARE(json.value(QStringLiteral("phase")).toString(), QStringLiteral("finished"));
        const QJsonObject clients = json.value(QStringLiteral("clients")).toObject();
        QCOMPARE(clients.value(QStringLiteral("requested")).toInt(), 100);
        QCOMPARE(clients.value(QStringLiteral("connected")).toInt(), 100);
        QCOMPARE(clients.value(QStringLiteral("failed")).toInt(), 0);
        const QJsonObject publishes = json.value(QStringLiteral("publishes")).toObject();
        const qint64 accepted = publishes.value(QStringLiteral("accepted")).toInteger();
        QVERIFY2(accepted >= 25, run.out.constData()); // 20/s for 1.5 s
        QCOMPARE(publishes.value(QStringLiteral("failed")).toInteger(), 0);
        const QJsonObject messages = json.value(QStringLiteral("messages")).toObject();
        QCOMPARE(messages.value(QStringLiteral("expected")).toInteger(), accepted * 100);
        QCOMPARE(messages.value(QStringLiteral("lost")).toInteger(), 0);
        QCOMPARE(messages.value(QStringLiteral("received")).toInteger(), accepted * 100);
        QVERIFY(messages.value(QStringLiteral("delivered_per_second")).toDouble() > 0);
        const QJsonObject latency = json.value(QStringLiteral("latency_ms")).toObject();
        QCOMPARE(latency.value(QStringLiteral("count")).toInteger(), accepted * 100);
        const double p50 = latency.value(QStringLiteral("p50")).toDouble();
        const double p99 = latency.value(QStringLiteral("p99")).toDouble();
        QVERIFY2(p50 > 0 && p50 <= p99 && p99 <= latency.value(QStringLiteral("max")).toDouble(),
                 run.out.constData());
        QVERIFY2(p99 < 5000, run.out.constData());
    }

    void textSummaryOfAWebSocketRun()
    {
        const LoadRun run = runLoad(
            {QStringLiteral("--url"),
             QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(m_holdfast.port),
             QStringLiteral("--transport"), QStringLiteral("ws"), QStringLiteral("--clients"),
             QStringLiteral("10"), QStringLiteral("--publish-url"), publishUrl(),
             QStringLiteral("--publish-rate"), QStringLiteral("10"), QStringLiteral("--duration"),
             QStringLiteral("1s")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("clients:    10 connected, 0 failed"), run.out.constData());
        QVERIFY2(run.out.contains(", 0 lost,"), run.out.constData());
        QVERIFY2(run.out.contains("latency:    p50 "), run.out.constData());
    }

    // What bench/run.sh drives: 200 publishes at max rate over 4 connections, one per request.
    void publishCountOverConnections()
    {
        const LoadRun run = runLoad(
            {QStringLiteral("--url"), url("/test/stream"), QStringLiteral("--transport"),
             QStringLiteral("stream"), QStringLiteral("--clients"), QStringLiteral("10"),
             QStringLiteral("--publish-url"), publishUrl(), QStringLiteral("--publish-rate"),
             QStringLiteral("0"), QStringLiteral("--publishes"), QStringLiteral("200"),
             QStringLiteral("--publish-connections"), QStringLiteral("4"),
             QStringLiteral("--items-per-request"), QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const QJsonObject publishes = json.value(QStringLiteral("publishes")).toObject();
        QCOMPARE(publishes.value(QStringLiteral("sent")).toInteger(), 200);
        QCOMPARE(publishes.value(QStringLiteral("accepted")).toInteger(), 200);
        QCOMPARE(publishes.value(QStringLiteral("requests")).toInteger(), 200);
        QCOMPARE(publishes.value(QStringLiteral("connections")).toInt(), 4);
        QVERIFY2(publishes.value(QStringLiteral("wall_ms")).toDouble() > 0, run.out.constData());
        QVERIFY2(publishes.value(QStringLiteral("per_second")).toDouble() > 0, run.out.constData());
        const QJsonObject messages = json.value(QStringLiteral("messages")).toObject();
        QCOMPARE(messages.value(QStringLiteral("expected")).toInteger(), 2000);
        QCOMPARE(messages.value(QStringLiteral("lost")).toInteger(), 0);
        QCOMPARE(json.value(QStringLiteral("latency_ms")).toObject().value("count").toInteger(),
                 2000);
        // The count ends the run, not the default 10 s duration.
        QVERIFY2(json.value(QStringLiteral("elapsed_ms")).toInteger() < 9000, run.out.constData());
    }

    // The benchmark's CPU figures: the broker's and the client's own CPU over the publish window.
    void cpuOfAnotherProcessOverThePublishWindow()
    {
        const qint64 broker = m_holdfast.child->process.processId();
        QVERIFY(broker > 0);
        const LoadRun run = runLoad(
            {QStringLiteral("--url"), url("/test/stream"), QStringLiteral("--transport"),
             QStringLiteral("stream"), QStringLiteral("--clients"), QStringLiteral("50"),
             QStringLiteral("--publish-url"), publishUrl(), QStringLiteral("--publish-rate"),
             QStringLiteral("0"), QStringLiteral("--publishes"), QStringLiteral("300"),
             QStringLiteral("--settle"), QStringLiteral("100ms"), QStringLiteral("--cpu-pid"),
             QString::number(broker), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        const QJsonObject cpu = json.value(QStringLiteral("cpu")).toObject();
        // 15,000 deliveries cost the broker and the client measurable CPU time.
        QVERIFY2(cpu.value(QStringLiteral("target_s")).toDouble() > 0, run.out.constData());
        QVERIFY2(cpu.value(QStringLiteral("client_s")).toDouble() > 0, run.out.constData());
        const qint64 window = cpu.value(QStringLiteral("window_ms")).toInteger();
        QVERIFY2(window > 0 && window <= json.value(QStringLiteral("elapsed_ms")).toInteger(),
                 run.out.constData());
        QCOMPARE(json.value(QStringLiteral("messages")).toObject().value("lost").toInteger(), 0);

        // Without --cpu-pid nothing is measured, and the text summary says nothing of CPU.
        const LoadRun plain =
            runLoad({QStringLiteral("--clients"), QStringLiteral("0"),
                     QStringLiteral("--publish-url"), publishUrl(), QStringLiteral("--publishes"),
                     QStringLiteral("5"), QStringLiteral("--publish-rate"), QStringLiteral("0")});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());
        QVERIFY2(!plain.out.contains("cpu:"), plain.out.constData());
    }

    // The publish API alone: no clients, so no --url either.
    void publisherAloneWithoutClients()
    {
        const LoadRun run = runLoad({QStringLiteral("--clients"), QStringLiteral("0"),
                                     QStringLiteral("--publish-url"), publishUrl(),
                                     QStringLiteral("--publish-rate"), QStringLiteral("0"),
                                     QStringLiteral("--publishes"), QStringLiteral("100"),
                                     QStringLiteral("--publish-connections"), QStringLiteral("2"),
                                     QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject publishes = run.json().value(QStringLiteral("publishes")).toObject();
        QCOMPARE(publishes.value(QStringLiteral("accepted")).toInteger(), 100);
        QCOMPARE(publishes.value(QStringLiteral("failed")).toInteger(), 0);
        QVERIFY2(publishes.value(QStringLiteral("per_second")).toDouble() > 0, run.out.constData());
    }

    // S5's client and origin: the real bench_echo_origin, echoed by `holdfast load --echo`.
    void echoAgainstTheEchoOrigin()
    {
#ifndef HOLDFAST_ECHO_ORIGIN
        QSKIP("bench_echo_origin is not built in this configuration");
#else
        QProcess origin;
        origin.start(QStringLiteral(HOLDFAST_ECHO_ORIGIN),
                     {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
        const auto stopped = qScopeGuard([&origin] {
            origin.terminate();
            origin.waitForFinished(5000);
        });
        QVERIFY(origin.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(origin.canReadLine(), 10'000);
        const QByteArray line = origin.readLine().trimmed();
        QVERIFY2(line.startsWith("listening on 127.0.0.1:"), line.constData());
        const QByteArray port = line.mid(line.lastIndexOf(':') + 1);
        QVERIFY(port.toInt() > 0);
        const LoadRun run =
            runLoad({QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1/echo").arg(port),
                     QStringLiteral("--transport"), QStringLiteral("ws"),
                     QStringLiteral("--clients"), QStringLiteral("10"), QStringLiteral("--echo"),
                     QStringLiteral("--echo-size"), QStringLiteral("200"),
                     QStringLiteral("--duration"), QStringLiteral("1s"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("clients")).toObject().value("connected").toInt(), 10);
        const QJsonObject echo = json.value(QStringLiteral("echo")).toObject();
        const qint64 completed = echo.value(QStringLiteral("completed")).toInteger();
        QVERIFY2(completed >= 100, run.out.constData());
        QCOMPARE(echo.value(QStringLiteral("sent")).toInteger(), completed);
        QCOMPARE(echo.value(QStringLiteral("errors")).toInteger(), 0);
        QCOMPARE(echo.value(QStringLiteral("unanswered")).toInteger(), 0);
        QCOMPARE(echo.value(QStringLiteral("size")).toInt(), 200);
        QCOMPARE(echo.value(QStringLiteral("inflight")).toInt(), 1);
        QVERIFY(echo.value(QStringLiteral("per_second")).toDouble() > 0);
        const QJsonObject latency = json.value(QStringLiteral("latency_ms")).toObject();
        QCOMPARE(latency.value(QStringLiteral("count")).toInteger(), completed);
        QVERIFY(latency.value(QStringLiteral("p50")).toDouble() > 0);
        QCOMPARE(json.value(QStringLiteral("messages")).toObject().value("bytes").toInteger(),
                 completed * 200);

        // The text form, and a client that is not a WebSocket gets a 400 from the origin.
        const LoadRun text =
            runLoad({QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1/echo").arg(port),
                     QStringLiteral("--transport"), QStringLiteral("ws"), QStringLiteral("--echo"),
                     QStringLiteral("--duration"), QStringLiteral("300ms")});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains(", 0 errors, 0 unanswered,"), text.out.constData());
        QVERIFY2(text.out.contains("round trip: p50 "), text.out.constData());
        const LoadRun sse = runLoad(
            {QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1/echo").arg(port),
             QStringLiteral("--duration"), QStringLiteral("300ms"), QStringLiteral("--json")});
        QCOMPARE(sse.exitCode, 1);
        QVERIFY2(sse.out.contains("HTTP 400 Bad Request"), sse.out.constData());
#endif
    }

    void refusedClientsGiveReasonsAndExitCode1()
    {
        const LoadRun run =
            runLoad({QStringLiteral("--url"),
                     QStringLiteral("http://127.0.0.1:%1/x").arg(interop::freePort()),
                     QStringLiteral("--clients"), QStringLiteral("5"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject clients = run.json().value(QStringLiteral("clients")).toObject();
        QCOMPARE(clients.value(QStringLiteral("failed")).toInt(), 5);
        const QJsonArray failures = clients.value(QStringLiteral("failures")).toArray();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures.first().toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("cannot connect: Connection refused"));
        QCOMPARE(failures.first().toObject().value(QStringLiteral("clients")).toInt(), 5);
    }

    void badArgumentsExit2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("no url") << QStringList{} << QByteArray("--url is required");
        QTest::addRow("transport")
            << QStringList{QStringLiteral("--url"), QStringLiteral("http://h/"),
                           QStringLiteral("--transport"), QStringLiteral("smoke")}
            << QByteArray("is not ws, sse, stream or poll");
        QTest::addRow("clients") << QStringList{QStringLiteral("--url"),
                                                QStringLiteral("http://h/"),
                                                QStringLiteral("--clients"), QStringLiteral("0")}
                                 << QByteArray("--clients");
        QTest::addRow("duration") << QStringList{QStringLiteral("--url"),
                                                 QStringLiteral("http://h/"),
                                                 QStringLiteral("--duration"),
                                                 QStringLiteral("soon")}
                                  << QByteArray("is not a duration");
        QTest::addRow("header") << QStringList{QStringLiteral("--url"), QStringLiteral("http://h/"),
                                               QStringLiteral("--header"),
                                               QStringLiteral("nocolon")}
                                << QByteArray("is not 'Name: value'");
    }

    void badPublishAndEchoArgumentsExit2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QStringList ws{QStringLiteral("--url"), QStringLiteral("ws://h/"),
                             QStringLiteral("--transport"), QStringLiteral("ws")};
        const QStringList publishing =
            ws + QStringList{QStringLiteral("--publish-url"), QStringLiteral("http://h/publish/")};
        QTest::addRow("publishes without a publisher")
            << ws + QStringList{QStringLiteral("--publishes"), QStringLiteral("200")}
            << QByteArray("--publishes needs --publish-url");
        QTest::addRow("publishes not a number")
            << publishing + QStringList{QStringLiteral("--publishes"), QStringLiteral("many")}
            << QByteArray("--publishes: 'many' is not a whole number from 0 to 1000000000");
        QTest::addRow("no publish connections")
            << publishing +
                   QStringList{QStringLiteral("--publish-connections"), QStringLiteral("0")}
            << QByteArray("--publish-connections: '0' is not a whole number from 1 to 1024");
        QTest::addRow("too many items per request")
            << publishing +
                   QStringList{QStringLiteral("--items-per-request"), QStringLiteral("201")}
            << QByteArray("--items-per-request: '201' is not a whole number from 1 to 200");
        QTest::addRow("echo over SSE")
            << QStringList{QStringLiteral("--url"), QStringLiteral("http://h/"),
                           QStringLiteral("--echo")}
            << QByteArray("--echo needs --transport ws");
        QTest::addRow("echo with a publisher") << publishing + QStringList{QStringLiteral("--echo")}
                                               << QByteArray("do not go together");
        QTest::addRow("echo size without echo")
            << ws + QStringList{QStringLiteral("--echo-size"), QStringLiteral("100")}
            << QByteArray("--echo-size needs --echo");
        QTest::addRow("echo too small")
            << ws + QStringList{QStringLiteral("--echo"), QStringLiteral("--echo-size"),
                                QStringLiteral("8")}
            << QByteArray("--echo-size: '8' is not a whole number from 32 to 16777216");
        QTest::addRow("cpu pid not a number")
            << ws + QStringList{QStringLiteral("--cpu-pid"), QStringLiteral("broker")}
            << QByteArray("--cpu-pid: 'broker' is not a process id");
        QTest::addRow("settle not a time")
            << ws + QStringList{QStringLiteral("--settle"), QStringLiteral("later")}
            << QByteArray("--settle: 'later' is not a duration");
        QTest::addRow("echo inflight 0")
            << ws + QStringList{QStringLiteral("--echo"), QStringLiteral("--echo-inflight"),
                                QStringLiteral("0")}
            << QByteArray("--echo-inflight: '0' is not a whole number from 1 to 1024");
    }

    void badPublishAndEchoArgumentsExit2()
    {
        badArgumentsExit2();
    }

    void badArgumentsExit2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const LoadRun run = runLoad(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void help()
    {
        const LoadRun run = runLoad({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("holdfast load [options]"));
        QVERIFY(run.out.contains("--publish-rate"));
    }
};

QTEST_GUILESS_MAIN(TstLoadCommand)
#include "tst_loadcommand.moc"
