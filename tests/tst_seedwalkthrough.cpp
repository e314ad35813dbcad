// The seed's "Test locally" walkthrough (seeds/003, Fanout starter kit), driven by curl exactly
// as a user types it: a fresh `holdfast --headless` with no routes file, `curl -i` on
// /test/stream, /test/sse and /test/long-poll in one "terminal", `curl -d '...' .../publish/` in
// another, and what the first curl prints is checked byte for byte.
//
// Only the ports differ from the seed (7676 and 5561 may be taken on a test machine), and the
// ledger goes to a temporary directory. The URLs keep `localhost`: curl tries ::1 first, is
// refused (holdfast listens on 127.0.0.1 only) and falls back to 127.0.0.1 at once, which is what
// a user of the seed sees too; the test makes sure nothing listens on [::1] at the chosen port.
//
// The first curl writes to a terminal in the seed, and curl only flushes stdout per write when it
// is a terminal (into a pipe it buffers until exit, so nothing would show while the stream is
// open). So it runs under script(1), which gives it a pseudo-terminal; `stty -onlcr` keeps the
// terminal from turning "\n" into "\r\n", so the bytes are exactly what curl wrote. On a terminal
// curl prints header names in bold (ESC[1m ... ESC[0m); the test strips those escapes.
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "interop.h"

namespace {

constexpr int StartTimeoutMs = 15'000;
constexpr int CurlTimeoutMs = 15'000;

// A port free on 127.0.0.1 and on [::1], so `localhost` can only ever reach holdfast.
quint16 freePort()
{
    for (int attempt = 0; attempt < 20; ++attempt) {
        QTcpServer v4;
        if (!v4.listen(QHostAddress(QHostAddress::LocalHost), 0))
            return 0;
        QTcpServer v6;
        if (v6.listen(QHostAddress(QHostAddress::LocalHostIPv6), v4.serverPort()) ||
            v6.serverError() != QAbstractSocket::AddressInUseError)
            return v4.serverPort(); // free on ::1 too, or no IPv6 loopback at all
    }
    return 0;
}

QByteArray withoutTerminalEscapes(QByteArray bytes)
{
    return bytes.replace("\x1b[1m", "").replace("\x1b[0m", "");
}

// Every byte shown, one line per line of the message.
QByteArray printable(const QByteArray &bytes)
{
    return interop::printable(bytes, true);
}

// A process whose output is collected as it arrives.
class Process
{
public:
    // stderr is kept apart only where stdout alone is checked (curl's progress meter).
    explicit Process(QProcess::ProcessChannelMode mode = QProcess::MergedChannels)
    {
        process.setProcessChannelMode(mode);
        process.setStandardInputFile(QProcess::nullDevice());
        QObject::connect(&process, &QProcess::readyReadStandardOutput,
                         [this] { output += process.readAllStandardOutput(); });
    }
    ~Process()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(5000)) {
                process.kill();
                process.waitForFinished(5000);
            }
        }
    }

    bool waitFor(const QByteArray &text, int timeoutMs)
    {
        return QTest::qWaitFor(
                   [&] { return output.contains(text) || process.state() == QProcess::NotRunning; },
                   timeoutMs) &&
               output.contains(text);
    }
    bool waitForExit(int timeoutMs)
    {
        const bool done =
            QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs);
        output += process.readAllStandardOutput();
        return done;
    }
    int exitCode() const
    {
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    QProcess process;
    QByteArray output;
};

} // namespace

class TestSeedWalkthrough : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void streaming();
    void serverSentEvents();
    void longPolling();

private:
    // `curl -i "http://localhost:P<path>"` on a pseudo-terminal, as in the seed's first terminal.
    void startListeningCurl(Process *curl, const QString &path);
    // `curl -d '<body>' http://localhost:Q/publish/`, as in the seed's second terminal.
    void publish(const QByteArray &body);
    // What the first curl printed, split at the empty line after the head.
    static void splitOutput(const Process &curl, QByteArray *head, QByteArray *body);

    QTemporaryDir m_dir;
    Process m_holdfast;
    QString m_curl;
    quint16 m_port = 0;
    quint16 m_publishPort = 0;
};

void TestSeedWalkthrough::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    m_curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (m_curl.isEmpty())
        QSKIP("curl is not installed (apt-get install curl)");
    QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("script")).isEmpty(),
             "script(1) from util-linux (Debian: bsdutils) is needed for curl's terminal");
    QVERIFY(m_dir.isValid());
    m_port = freePort();
    m_publishPort = freePort();
    QVERIFY(m_port != 0 && m_publishPort != 0 && m_port != m_publishPort);

    // A fresh start with no routes file: the default route sends /test/ to the built-in backend.
    m_holdfast.process.start(
        QStringLiteral(HOLDFAST_BINARY),
        {QStringLiteral("--headless"), QStringLiteral("--listen"),
         QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("--publish-listen"),
         QStringLiteral("127.0.0.1:%1").arg(m_publishPort), QStringLiteral("--ledger"),
         m_dir.filePath(QStringLiteral("ledger.sqlite"))});
    QVERIFY2(m_holdfast.process.waitForStarted(10'000),
             qPrintable(m_holdfast.process.errorString()));
    QVERIFY2(
        m_holdfast.waitFor("listening on 127.0.0.1:" + QByteArray::number(m_port), StartTimeoutMs),
        m_holdfast.output.constData());
}

void TestSeedWalkthrough::cleanupTestCase()
{
    if (m_holdfast.process.state() == QProcess::NotRunning)
        return;
    m_holdfast.process.terminate();
    QVERIFY2(m_holdfast.waitForExit(10'000), m_holdfast.output.constData());
    QCOMPARE(m_holdfast.exitCode(), 0);
}

void TestSeedWalkthrough::startListeningCurl(Process *curl, const QString &path)
{
    const QString command = QStringLiteral("stty -onlcr && exec curl -i \"http://localhost:%1%2\"")
                                .arg(m_port)
                                .arg(path);
    // -q: no "Script started" lines; -e: exit with curl's exit code; /dev/null: no typescript.
    curl->process.start(QStringLiteral("script"),
                        {QStringLiteral("-q"), QStringLiteral("-e"), QStringLiteral("-c"), command,
                         QStringLiteral("/dev/null")});
    QVERIFY2(curl->process.waitForStarted(10'000), qPrintable(curl->process.errorString()));
}

void TestSeedWalkthrough::publish(const QByteArray &body)
{
    Process curl(QProcess::SeparateChannels);
    curl.process.start(m_curl, {QStringLiteral("-d"), QString::fromUtf8(body),
                                QStringLiteral("http://localhost:%1/publish/").arg(m_publishPort)});
    QVERIFY2(curl.waitForExit(CurlTimeoutMs), curl.output.constData());
    QVERIFY2(curl.exitCode() == 0, curl.process.readAllStandardError().constData());
    // Holdfast answers a publish as Pushpin does.
    QCOMPARE(curl.output, QByteArray("Published\n"));
}

void TestSeedWalkthrough::splitOutput(const Process &curl, QByteArray *head, QByteArray *body)
{
    const QByteArray out = withoutTerminalEscapes(curl.output);
    const qsizetype end = out.indexOf("\r\n\r\n");
    *head = end < 0 ? out : out.left(end + 2);
    *body = end < 0 ? QByteArray() : out.mid(end + 4);
}

void TestSeedWalkthrough::streaming()
{
    Process curl;
    startListeningCurl(&curl, QStringLiteral("/test/stream"));
    // The head comes at once: the connection is held and subscribed to channel "test".
    QVERIFY2(curl.waitFor("\r\n\r\n", CurlTimeoutMs), printable(curl.output).constData());
    QByteArray head, body;
    splitOutput(curl, &head, &body);
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), printable(head).constData());
    QVERIFY2(head.toLower().contains("\r\ncontent-type: text/plain\r\n"),
             printable(head).constData());
    QVERIFY2(head.toLower().contains("\r\ntransfer-encoding: chunked\r\n"),
             printable(head).constData());
    QCOMPARE(body, QByteArray());

    publish(R"({"items":[{"channel":"test","formats":{"http-stream":{"content": "hello\n"}}}]})");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(curl.waitFor("hello\n", CurlTimeoutMs), printable(curl.output).constData());
    splitOutput(curl, &head, &body);
    QCOMPARE(body, QByteArray("hello\n"));

    // "You can continue to publish more messages, and they will be appended."
    publish(R"({"items":[{"channel":"test","formats":{"http-stream":{"content": "again\n"}}}]})");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(curl.waitFor("again\n", CurlTimeoutMs), printable(curl.output).constData());
    splitOutput(curl, &head, &body);
    QCOMPARE(body, QByteArray("hello\nagain\n"));

    // Not in the seed (there the user presses Ctrl+C): a close action ends the stream and curl
    // returns to the prompt with success.
    publish(R"({"items":[{"channel":"test","formats":{"http-stream":{"action":"close"}}}]})");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(curl.waitForExit(CurlTimeoutMs), printable(curl.output).constData());
    QCOMPARE(curl.exitCode(), 0);
    splitOutput(curl, &head, &body);
    QCOMPARE(body, QByteArray("hello\nagain\n"));
}

void TestSeedWalkthrough::serverSentEvents()
{
    Process curl;
    startListeningCurl(&curl, QStringLiteral("/test/sse"));
    QVERIFY2(curl.waitFor("\r\n\r\n", CurlTimeoutMs), printable(curl.output).constData());
    QByteArray head, body;
    splitOutput(curl, &head, &body);
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), printable(head).constData());
    QVERIFY2(head.toLower().contains("\r\ncontent-type: text/event-stream\r\n"),
             printable(head).constData());
    QVERIFY2(head.toLower().contains("\r\ntransfer-encoding: chunked\r\n"),
             printable(head).constData());
    QCOMPARE(body, QByteArray());

    // The seed's command, character for character (the \n and \" are JSON escapes).
    publish(
        R"({"items":[{"channel":"test","formats":{"http-stream":{"content": "event: message\ndata: {\"text\": \"hello world\"}\n\n"}}}]})");
    const QByteArray event = "event: message\ndata: {\"text\": \"hello world\"}\n\n";
    QVERIFY2(curl.waitFor(event, CurlTimeoutMs), printable(curl.output).constData());
    splitOutput(curl, &head, &body);
    QCOMPARE(body, event);

    publish(R"({"items":[{"channel":"test","formats":{"http-stream":{"action":"close"}}}]})");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(curl.waitForExit(CurlTimeoutMs), printable(curl.output).constData());
    QCOMPARE(curl.exitCode(), 0);
}

// The seed lists long-polling among the transports without spelling out its commands; these are
// the same two steps with an http-response publish.
void TestSeedWalkthrough::longPolling()
{
    Process curl;
    startListeningCurl(&curl, QStringLiteral("/test/long-poll"));
    // Nothing reaches the client until the publish, so wait for holdfast to report the hold.
    QVERIFY2(m_holdfast.waitFor("/test/long-poll held (long-poll)", CurlTimeoutMs),
             m_holdfast.output.constData());
    QCOMPARE(curl.output, QByteArray());

    publish(R"({"items":[{"channel":"test","formats":{"http-response":{"body": "hello\n"}}}]})");
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(curl.waitForExit(CurlTimeoutMs), printable(curl.output).constData());
    QCOMPARE(curl.exitCode(), 0);
    QByteArray head, body;
    splitOutput(curl, &head, &body);
    QVERIFY2(head.startsWith("HTTP/1.1 200 OK\r\n"), printable(head).constData());
    QVERIFY2(head.toLower().contains("\r\ncontent-length: 6\r\n"), printable(head).constData());
    QCOMPARE(body, QByteArray("hello\n"));
}

QTEST_GUILESS_MAIN(TestSeedWalkthrough)
#include "tst_seedwalkthrough.moc"
