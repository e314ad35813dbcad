#include <signal.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "pythonpeer.h"
#include "ws/wsframe.h"

// The real holdfast executable, run as a user would: its command line, exit codes, stderr log
// and signal handling. Peers are python3-websockets (ws_origin.py, ws_client.py) and raw sockets.
namespace {

constexpr int ExitTimeoutMs = 15'000;
constexpr int PeerTimeoutMs = 20'000;

const QString OriginScript = QStringLiteral("ws_origin.py");
const QString ClientScript = QStringLiteral("ws_client.py");

// A port nothing listens on right now. Another process could take it before holdfast binds it;
// on a test machine that window is small enough.
quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return server.serverPort();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(data) == data.size() && file.flush();
}

QByteArray routeTo(quint16 port)
{
    return "* 127.0.0.1:" + QByteArray::number(port) + "\n";
}

// One holdfast process with its stdout and stderr collected as they arrive.
class Holdfast
{
public:
    Holdfast()
    {
        // The log format and filters must be the program's own defaults.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
        // The usage ledger goes to $XDG_DATA_HOME/holdfast, never into the user's home.
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dataHome.path());
        process.setProcessEnvironment(env);
        QObject::connect(&process, &QProcess::readyReadStandardError,
                         [this] { m_stderr += process.readAllStandardError(); });
        QObject::connect(&process, &QProcess::readyReadStandardOutput,
                         [this] { m_stdout += process.readAllStandardOutput(); });
    }
    ~Holdfast()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }

    bool start(QStringList arguments)
    {
        // Tests run side by side: the publish API takes a free port unless a test picks one.
        if (arguments.contains(QStringLiteral("--headless")) &&
            !arguments.contains(QStringLiteral("--publish-listen")))
            arguments << QStringLiteral("--publish-listen") << QStringLiteral("127.0.0.1:0");
        process.start(QStringLiteral(HOLDFAST_BINARY), arguments);
        return process.waitForStarted(10'000);
    }
    bool waitForExit(int timeoutMs)
    {
        const bool done =
            QTest::qWaitFor([this] { return process.state() == QProcess::NotRunning; }, timeoutMs);
        m_stderr += process.readAllStandardError();
        m_stdout += process.readAllStandardOutput();
        return done;
    }
    // Exit code of a normal exit; -1 if it crashed, was killed or still runs.
    int exitCode() const
    {
        if (process.state() != QProcess::NotRunning || process.exitStatus() != QProcess::NormalExit)
            return -1;
        return process.exitCode();
    }
    // Until stderr holds text at least count times (or the process has exited).
    bool waitForStderr(const QByteArray &text, int timeoutMs, int count = 1)
    {
        return QTest::qWaitFor(
                   [&] {
                       return m_stderr.count(text) >= count ||
                              process.state() == QProcess::NotRunning;
                   },
                   timeoutMs) &&
               m_stderr.count(text) >= count;
    }
    qsizetype stderrLinesContaining(const QByteArray &text) const
    {
        qsizetype count = 0;
        for (const QByteArray &line : m_stderr.split('\n'))
            count += line.contains(text) ? 1 : 0;
        return count;
    }
    QByteArray stderrLineStarting(const QByteArray &prefix) const
    {
        for (const QByteArray &line : m_stderr.split('\n')) {
            if (line.startsWith(prefix))
                return line;
        }
        return {};
    }
    QByteArray stderrText() const { return m_stderr; }
    QByteArray stdoutText() const { return m_stdout; }

    QProcess process;

private:
    QTemporaryDir m_dataHome;
    QByteArray m_stderr;
    QByteArray m_stdout;
};

// A minimal WebSocket client on a raw socket, for a connection that must stay open and be
// used again later (the python client runs one scenario and exits).
class RawWsClient
{
public:
    RawWsClient()
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { m_in += m_socket.readAll(); });
    }

    QByteArray open(quint16 port)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        if (!m_socket.waitForConnected(5000))
            return "cannot connect: " + m_socket.errorString().toUtf8();
        m_socket.write("GET /raw HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n");
        if (!QTest::qWaitFor([this] { return m_in.contains("\r\n\r\n") || !connected(); },
                             PeerTimeoutMs))
            return "no response head within the timeout: " + m_in;
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0 || !m_in.startsWith("HTTP/1.1 101 "))
            return "no 101: " + m_in;
        m_in.remove(0, end + 4);
        return {};
    }
    // Sends a text message and expects the origin's echo, byte for byte.
    QByteArray echo(const QByteArray &text)
    {
        m_socket.write(WsFrame::build(WsOpcode::Text, text, true, true));
        const QByteArray expected = WsFrame::build(WsOpcode::Text, text);
        if (!QTest::qWaitFor([&] { return m_in.size() >= expected.size() || !connected(); },
                             PeerTimeoutMs))
            return "no echo within the timeout: " + m_in.toHex();
        if (!m_in.startsWith(expected))
            return "expected " + expected.toHex() + ", got " + m_in.toHex();
        m_in.remove(0, expected.size());
        return {};
    }

private:
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    QTcpSocket m_socket;
    QByteArray m_in;
};

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void help();
    void version();
    void badRoutesFileExits2();
    void missingRoutesFileExits2();
    void badListenExits2_data();
    void badListenExits2();
    void listenPortInUse();
    void tunableOutOfRangeExits2_data();
    void tunableOutOfRangeExits2();
    void signalClosesWebSockets_data();
    void signalClosesWebSockets();
    void routesFileReloaded_data();
    void routesFileReloaded();

private:
    bool m_haveWebsockets = false;
};

void TestHeadless::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    m_haveWebsockets = PythonPeer::websocketsAvailable();
}

void TestHeadless::help()
{
    Holdfast holdfast;
    QVERIFY(holdfast.start({QStringLiteral("--help")}));
    QVERIFY(holdfast.waitForExit(ExitTimeoutMs));
    QCOMPARE(holdfast.exitCode(), 0);
    const QByteArray out = holdfast.stdoutText();
    for (const char *option :
         {"--headless", "--listen", "--publish-listen", "--routes", "--ca-file", "--version",
          "--help", "--upstream-key", "--ws-compression", "holdfast report", "holdfast load",
          "holdfast publish"})
        QVERIFY2(out.contains(option), option + QByteArray(" missing from:\n") + out);
}

void TestHeadless::version()
{
    Holdfast holdfast;
    QVERIFY(holdfast.start({QStringLiteral("--version")}));
    QVERIFY(holdfast.waitForExit(ExitTimeoutMs));
    QCOMPARE(holdfast.exitCode(), 0);
    QCOMPARE(holdfast.stdoutText(), QByteArray("holdfast 0.1.0\n"));
}

void TestHeadless::badRoutesFileExits2()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString routes = dir.filePath(QStringLiteral("bad.routes"));
    QVERIFY(writeFile(routes, "*,bogus=1 127.0.0.1:8080\n"
                              "example.com 127.0.0.1:99999\n"
                              "good.example 127.0.0.1:8081\n"));

    Holdfast holdfast;
    QVERIFY(holdfast.start({QStringLiteral("--headless"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:%1").arg(freePort()),
                            QStringLiteral("--routes"), routes}));
    QVERIFY2(holdfast.waitForExit(ExitTimeoutMs), holdfast.stderrText());
    QCOMPARE(holdfast.exitCode(), 2);
    const QByteArray file = routes.toUtf8();
    const QByteArray first = holdfast.stderrLineStarting(file + ":1: ");
    QVERIFY2(first.contains("unknown option 'bogus'"), holdfast.stderrText());
    const QByteArray second = holdfast.stderrLineStarting(file + ":2: ");
    QVERIFY2(second.contains("invalid port '99999'"), holdfast.stderrText());
    QVERIFY2(holdfast.stderrLineStarting(file + ":3:").isEmpty(), holdfast.stderrText());
    QVERIFY2(!holdfast.stderrText().contains("listening on"), holdfast.stderrText());
}

void TestHeadless::missingRoutesFileExits2()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString routes = dir.filePath(QStringLiteral("no-such.routes"));

    Holdfast holdfast;
    QVERIFY(holdfast.start({QStringLiteral("--headless"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:%1").arg(freePort()),
                            QStringLiteral("--routes"), routes}));
    QVERIFY2(holdfast.waitForExit(ExitTimeoutMs), holdfast.stderrText());
    QCOMPARE(holdfast.exitCode(), 2);
    QVERIFY2(holdfast.stderrText().contains(routes.toUtf8()), holdfast.stderrText());
}

void TestHeadless::badListenExits2_data()
{
    QTest::addColumn<QString>("listen");
    QTest::addRow("no port") << QStringLiteral("127.0.0.1");
    QTest::addRow("port too big") << QStringLiteral("127.0.0.1:65536");
    QTest::addRow("port not a number") << QStringLiteral("127.0.0.1:http");
    QTest::addRow("not an address") << QStringLiteral("300.1.2.3:8080");
    QTest::addRow("empty") << QString();
}

void TestHeadless::badListenExits2()
{
    QFETCH(QString, listen);
    Holdfast holdfast;
    QVERIFY(holdfast.start({QStringLiteral("--headless"), QStringLiteral("--listen"), listen}));
    QVERIFY2(holdfast.waitForExit(ExitTimeoutMs), holdfast.stderrText());
    QCOMPARE(holdfast.exitCode(), 2);
    QVERIFY2(holdfast.stderrText().contains("--listen"), holdfast.stderrText());
    QVERIFY2(holdfast.stderrText().contains("'" + listen.toUtf8() + "'"), holdfast.stderrText());
}

void TestHeadless::tunableOutOfRangeExits2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("named");
    QTest::addRow("ws-retries") << QStringList{"--ws-retries", "21"} << QByteArray("ws-retries");
    QTest::addRow("ws-retry-base")
        << QStringList{"--ws-retry-base", "0"} << QByteArray("ws-retry-base");
    QTest::addRow("max-item-bytes")
        << QStringList{"--max-item-bytes", "-1"} << QByteArray("max-item-bytes");
    QTest::addRow("message-wait") << QStringList{"--message-wait", "soon"}
                                  << QByteArray("message-wait");
    QTest::addRow("id-cache-ttl") << QStringList{"--id-cache-ttl", "86401"}
                                  << QByteArray("id-cache-ttl");
    QTest::addRow("set-x-forwarded-proto")
        << QStringList{"--set-x-forwarded-proto", "sometimes"} << QByteArray("proto-only, both");
    QTest::addRow("x-forwarded-for") << QStringList{"--x-forwarded-for", "truncate:x,append"}
                                     << QByteArray("--x-forwarded-for: 'truncate:x,append'");
    QTest::addRow("x-forwarded-for-trusted") << QStringList{"--x-forwarded-for-trusted", "prepend"}
                                             << QByteArray("--x-forwarded-for-trusted: 'prepend'");
}

void TestHeadless::tunableOutOfRangeExits2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, named);
    Holdfast holdfast;
    QVERIFY(holdfast.start(QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"),
                                       QStringLiteral("127.0.0.1:%1").arg(freePort())} +
                           arguments));
    QVERIFY2(holdfast.waitForExit(ExitTimeoutMs), holdfast.stderrText());
    QCOMPARE(holdfast.exitCode(), 2);
    QVERIFY2(holdfast.stderrText().contains(named), holdfast.stderrText());
    QVERIFY2(!holdfast.stderrText().contains("listening on"), holdfast.stderrText());
}

void TestHeadless::listenPortInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const QByteArray address = "127.0.0.1:" + QByteArray::number(taken.serverPort());

    Holdfast holdfast;
    QVERIFY(holdfast.start(
        {QStringLiteral("--headless"), QStringLiteral("--listen"), QString::fromLatin1(address)}));
    QVERIFY2(holdfast.waitForExit(ExitTimeoutMs), holdfast.stderrText());
    QVERIFY2(holdfast.exitCode() > 0, holdfast.stderrText());
    QVERIFY2(holdfast.stderrText().contains("cannot listen on " + address), holdfast.stderrText());
    QVERIFY2(holdfast.stderrText().contains("in use"), holdfast.stderrText());
}

void TestHeadless::signalClosesWebSockets_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::addRow("SIGTERM") << int(SIGTERM);
    QTest::addRow("SIGINT") << int(SIGINT);
}

void TestHeadless::signalClosesWebSockets()
{
    QFETCH(int, signalNumber);
    if (!m_haveWebsockets)
        QSKIP("/usr/bin/python3 cannot import websockets (apt install python3-websockets)");
    PythonPeer origin;
    QVERIFY(origin.start(OriginScript, {}));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString routes = dir.filePath(QStringLiteral("routes"));
    QVERIFY(writeFile(routes, routeTo(origin.port())));

    const quint16 port = freePort();
    QVERIFY(port != 0);
    Holdfast holdfast;
    QVERIFY(holdfast.start(
        {QStringLiteral("--headless"), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--publish-listen"),
         QStringLiteral("127.0.0.1:%1").arg(freePort()), QStringLiteral("--routes"), routes}));
    QVERIFY2(holdfast.waitForStderr("listening on 127.0.0.1:" + QByteArray::number(port), 10'000),
             holdfast.stderrText());

    PythonPeer client;
    QVERIFY(client.startClient(
        ClientScript, {QStringLiteral("--url"), QStringLiteral("ws://127.0.0.1:%1/hold").arg(port),
                       QStringLiteral("--scenario"), QStringLiteral("wait-close"),
                       QStringLiteral("--timeout"), QStringLiteral("20")}));
    QVERIFY2(client.waitForLine("CONNECTED", PeerTimeoutMs), describe(client));
    QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs));
    QVERIFY2(holdfast.waitForStderr(" websocket /hold ", 5000), holdfast.stderrText());

    QElapsedTimer sinceSignal;
    sinceSignal.start();
    QCOMPARE(::kill(pid_t(holdfast.process.processId()), signalNumber), 0);
    QVERIFY2(holdfast.waitForExit(5000), holdfast.stderrText());
    qInfo("holdfast exited %lld ms after the signal", sinceSignal.elapsed());
    QCOMPARE(holdfast.process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(holdfast.exitCode() == 0, holdfast.stderrText());

    QVERIFY2(client.waitForFinished(5000), describe(client));
    const QJsonObject result = client.finalJson();
    QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(client));
    QCOMPARE(result.value(QLatin1String("close_code")).toInt(), 1001);
    QCOMPARE(result.value(QLatin1String("close_reason")).toString(),
             QStringLiteral("broker shutting down"));
    // The origin is told too.
    QByteArray closed;
    QVERIFY(origin.waitForLine("CLOSED ", PeerTimeoutMs, &closed));
    QCOMPARE(PythonPeer::fields(closed).value("code"), QByteArray("1001"));

    // One log line per connection event.
    const QByteArray log = holdfast.stderrText();
    QVERIFY2(log.contains(signalNumber == SIGINT ? "SIGINT received" : "SIGTERM received"), log);
    QCOMPARE(holdfast.stderrLinesContaining(" opened from 127.0.0.1:"), qsizetype(1));
    QCOMPARE(holdfast.stderrLinesContaining(" websocket /hold "), qsizetype(1));
    QCOMPARE(holdfast.stderrLinesContaining(" closed after "), qsizetype(1));
}

void TestHeadless::routesFileReloaded_data()
{
    QTest::addColumn<bool>("replaceFile");
    QTest::addRow("rewritten in place") << false;
    QTest::addRow("replaced by rename") << true;
}

void TestHeadless::routesFileReloaded()
{
    QFETCH(bool, replaceFile);
    if (!m_haveWebsockets)
        QSKIP("/usr/bin/python3 cannot import websockets (apt install python3-websockets)");
    PythonPeer first;
    PythonPeer second;
    QVERIFY(first.start(OriginScript, {}));
    QVERIFY(second.start(OriginScript, {}));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString routes = dir.filePath(QStringLiteral("routes"));
    QVERIFY(writeFile(routes, routeTo(first.port())));
    auto edit = [&](const QByteArray &text) {
        if (!replaceFile)
            return writeFile(routes, text);
        // What many editors do: write a new file, rename it over the old one.
        QSaveFile file(routes);
        return file.open(QIODevice::WriteOnly) && file.write(text) == text.size() && file.commit();
    };

    const quint16 port = freePort();
    QVERIFY(port != 0);
    Holdfast holdfast;
    QVERIFY(holdfast.start(
        {QStringLiteral("--headless"), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--publish-listen"),
         QStringLiteral("127.0.0.1:%1").arg(freePort()), QStringLiteral("--routes"), routes}));
    QVERIFY2(holdfast.waitForStderr("listening on", 10'000), holdfast.stderrText());

    RawWsClient early;
    QByteArray failure = early.open(port);
    QVERIFY2(failure.isEmpty(), failure);
    QVERIFY(first.waitForLine("OPEN ", PeerTimeoutMs));
    failure = early.echo("before the edit");
    QVERIFY2(failure.isEmpty(), failure);

    auto connectOnce = [&]() -> QByteArray {
        PythonPeer client;
        if (!client.startClient(ClientScript,
                                {QStringLiteral("--url"),
                                 QStringLiteral("ws://127.0.0.1:%1/").arg(port),
                                 QStringLiteral("--scenario"), QStringLiteral("close")}))
            return "client did not start";
        if (!client.waitForFinished(PeerTimeoutMs) ||
            !client.finalJson().value(QLatin1String("ok")).toBool())
            return describe(client);
        return {};
    };

    QVERIFY(edit(routeTo(second.port())));
    // The file watcher has no deadline of its own; 10 s is far beyond its 200 ms debounce.
    QVERIFY2(holdfast.waitForStderr("reloaded " + routes.toUtf8(), 10'000),
             "the routes file change was not picked up: " + holdfast.stderrText());
    failure = connectOnce();
    QVERIFY2(failure.isEmpty(), failure);
    QVERIFY2(second.waitForLine("OPEN ", PeerTimeoutMs), holdfast.stderrText());
    QVERIFY2(!first.waitForLine("OPEN ", 0), "a new connection still reached the first origin");

    // The connection opened before the edit keeps its origin.
    failure = early.echo("after the edit");
    QVERIFY2(failure.isEmpty(), failure);

    // A second edit works too, also after the file was replaced.
    QVERIFY(edit(routeTo(first.port())));
    QVERIFY2(holdfast.waitForStderr("reloaded " + routes.toUtf8(), 10'000, 2),
             "the second change was not picked up: " + holdfast.stderrText());
    failure = connectOnce();
    QVERIFY2(failure.isEmpty(), failure);
    QVERIFY2(first.waitForLine("OPEN ", PeerTimeoutMs), holdfast.stderrText());

    holdfast.process.terminate();
    QVERIFY2(holdfast.waitForExit(5000), holdfast.stderrText());
    QCOMPARE(holdfast.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
