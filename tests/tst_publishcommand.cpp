#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "interop.h"

// `holdfast publish` as scripts run it: the real binary against the broker's publish API (with a
// subscriber that must receive the message), against a capturing server that shows the exact
// request (the JSON of every option, the key), against nothing (exit 3), with bad arguments
// (exit 2), and against Pushpin's publish endpoint when Pushpin is installed.
namespace {

const QByteArray TestRoutes = "*,path_beg=/test/ test\n";

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// The process runs while this one keeps its event loop going, so in-process servers answer it.
Run runPublish(const QStringList &arguments, const QByteArray &input = {},
               const QString &gripUrl = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("GRIP_URL"));
    if (!gripUrl.isEmpty())
        environment.insert(QStringLiteral("GRIP_URL"), gripUrl);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(HOLDFAST_BINARY),
                  QStringList{QStringLiteral("publish")} + arguments);
    Run run;
    if (!process.waitForStarted(10'000)) {
        run.err = "holdfast did not start: " + process.errorString().toUtf8();
        return run;
    }
    // A pipe, not a terminal: without CONTENT the command reads it, so always close it.
    process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30'000)) {
        process.kill();
        process.waitForFinished();
        run.err = "holdfast publish did not finish";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// One HTTP request, kept whole (head and Content-Length body), answered with a set status; or
// never answered, to test the timeout.
class CaptureServer
{
public:
    CaptureServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { onData(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    QByteArray answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n"
                        "Connection: close\r\n\r\nPublished\n";
    bool silent = false;

    QByteArray head;
    QByteArray body;
    int requests = 0;

    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    QJsonObject item() const
    {
        return QJsonDocument::fromJson(body)
            .object()
            .value(QStringLiteral("items"))
            .toArray()
            .first()
            .toObject();
    }

private:
    void onData(QTcpSocket *socket)
    {
        m_buffer += socket->readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray requestHead = m_buffer.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : requestHead.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (m_buffer.size() < end + 4 + length)
            return;
        head = requestHead;
        body = m_buffer.mid(end + 4, length);
        m_buffer.clear();
        ++requests;
        if (silent)
            return;
        // Every answer says "Connection: close"; pushpin-publish reads up to the close.
        socket->write(answer);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_buffer;
};

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

// A raw HTTP client that keeps everything the server sends.
struct HttpClient
{
    QTcpSocket socket;
    QByteArray in;

    void get(quint16 port, const QByteArray &path)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket,
                         [this] { in += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.write("GET " + path + " HTTP/1.1\r\nHost: publish.test\r\n\r\n");
    }
    bool waitFor(const QByteArray &text, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return in.contains(text); }, timeoutMs);
    }
};

} // namespace

class TstPublishCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static std::unique_ptr<BrokerRunner> startBroker(const QByteArray &publishKey = {})
    {
        auto broker = std::make_unique<BrokerRunner>();
        Configuration config = BrokerRunner::configFor(TestRoutes);
        config.publishKey = publishKey;
        if (!broker->start(config) || broker->publishPort == 0)
            return nullptr;
        return broker;
    }

    // Subscribers of a channel as the latest snapshot that listed the channels says.
    static quint64 subscribers(const BrokerRunner &broker, const QByteArray &channel)
    {
        for (auto it = broker.snapshots.crbegin(); it != broker.snapshots.crend(); ++it) {
            if (!it->channelsChanged)
                continue;
            for (const ChannelInfo &info : it->channels) {
                if (info.name == channel)
                    return info.subscribers;
            }
            return 0;
        }
        return 0;
    }

    static QString publishUrl(const BrokerRunner &broker)
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(broker.publishPort);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // The whole path: the command, the broker's publish API, a held stream and a long-poll.
    void subscribersReceiveIt()
    {
        const auto broker = startBroker();
        QVERIFY(broker);
        HttpClient stream;
        stream.get(broker->port, "/test/stream");
        QVERIFY2(stream.waitFor("\r\n\r\n"), stream.in.constData());
        QVERIFY2(stream.in.startsWith("HTTP/1.1 200"), stream.in.constData());
        QTRY_COMPARE(subscribers(*broker, "test"), quint64(1));

        const Run run = runPublish({QStringLiteral("--url"), publishUrl(*broker),
                                    QStringLiteral("test"), QStringLiteral("hello stream")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.out, QByteArray("Published\n"));
        QVERIFY2(stream.waitFor("hello stream\n"), stream.in.constData());

        HttpClient poll;
        poll.get(broker->port, "/test/long-poll");
        // The stream and the poll: two subscribers of "test" before the response is published.
        QTRY_COMPARE(subscribers(*broker, "test"), quint64(2));
        const Run response =
            runPublish({QStringLiteral("--url"), publishUrl(*broker), QStringLiteral("test"),
                        QStringLiteral("polled"), QStringLiteral("--code"), QStringLiteral("201"),
                        QStringLiteral("-H"), QStringLiteral("X-Published-By: holdfast publish")});
        QVERIFY2(response.exitCode == 0, response.err.constData());
        QVERIFY2(poll.waitFor("polled\n"), poll.in.constData());
        QVERIFY2(poll.in.startsWith("HTTP/1.1 201 Created\r\n"), poll.in.constData());
        QVERIFY2(poll.in.contains("\r\nX-Published-By: holdfast publish\r\n"), poll.in.constData());
    }

    // What the server receives for each option: the request line, the content type and the item.
    void itemJson_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QJsonObject>("expected");
        const auto args = [](std::initializer_list<const char *> list) {
            QStringList out;
            for (const char *a : list)
                out << QString::fromUtf8(a);
            return out;
        };
        QTest::addRow("content in every format")
            << args({"c", "hello"}) << QByteArray()
            << json(R"({"channel":"c","formats":{"http-stream":{"content":"hello\n"},
                "http-response":{"code":200,"body":"hello\n"},"ws-message":{"content":"hello"}}})");
        QTest::addRow("ids, sender, meta, no-seq")
            << args({"--id", "2", "--prev-id", "1", "--sender", "ci", "-M", "build = 7", "--no-seq",
                     "--format", "ws-message", "c", "x"})
            << QByteArray() << json(R"({"channel":"c","id":"2","prev-id":"1","no-seq":true,
                "meta":{"sender":"ci","build":"7"},"formats":{"ws-message":{"content":"x"}}})");
        QTest::addRow("code and headers")
            << args({"--code", "404", "-H", "X-A: b", "--header", "Cache-Control:  no-cache ",
                     "--format", "http-response", "c", "gone"})
            << QByteArray()
            << json(R"({"channel":"c","formats":{"http-response":{"code":404,"body":"gone\n",
                "headers":{"X-A":"b","Cache-Control":"no-cache"}}}})");
        QTest::addRow("a repeated header as pairs")
            << args({"-H", "Set-Cookie: a=1", "-H", "set-cookie: b=2", "--format", "http-response",
                     "c", "x"})
            << QByteArray()
            << json(R"({"channel":"c","formats":{"http-response":{"code":200,"body":"x\n",
                "headers":[["Set-Cookie","a=1"],["set-cookie","b=2"]]}}})");
        QTest::addRow("close") << args({"--close", "c"}) << QByteArray()
                               << json(
                                      R"({"channel":"c","formats":{"http-stream":{"action":"close"},
                "ws-message":{"action":"close"}}})");
        QTest::addRow("hint")
            << args({"--hint", "--id", "9", "c"}) << QByteArray()
            << json(R"({"channel":"c","id":"9","formats":{"http-stream":{"action":"hint"},
                "http-response":{"action":"hint"},"ws-message":{"action":"hint"}}})");
        QTest::addRow("no-eol")
            << args({"--no-eol", "--format", "http-stream,ws-message", "c", "data: x\n\n"})
            << QByteArray()
            << json(R"({"channel":"c","formats":{"http-stream":{"content":"data: x\n\n"},
                "ws-message":{"content":"data: x\n\n"}}})");
        QTest::addRow("standard input with -")
            << args({"--format", "http-stream,ws-message", "c", "-"}) << QByteArray("from a pipe\n")
            << json(R"({"channel":"c","formats":{"http-stream":{"content":"from a pipe\n"},
                "ws-message":{"content":"from a pipe"}}})");
        QTest::addRow("standard input without CONTENT")
            << args({"--format", "ws-message", "c"}) << QByteArray("piped")
            << json(R"({"channel":"c","formats":{"ws-message":{"content":"piped"}}})");
        QTest::addRow("content after --")
            << args({"--format", "ws-message", "c", "--", "--not-an-option"}) << QByteArray()
            << json(R"({"channel":"c","formats":{"ws-message":{"content":"--not-an-option"}}})");
    }

    void itemJson()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, input);
        QFETCH(QJsonObject, expected);
        CaptureServer server;
        QVERIFY(server.listen());
        const Run run =
            runPublish(QStringList{QStringLiteral("--url"), server.url()} + arguments, input);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.out, QByteArray("Published\n"));
        QVERIFY2(server.head.startsWith("POST /publish/ HTTP/1.1\r\n"), server.head.constData());
        QCOMPARE(server.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(server.header("Authorization"), QByteArray());
        if (server.item() != expected)
            qWarning("sent: %s", server.body.constData());
        QCOMPARE(server.item(), expected);
    }

    // @FILE: its bytes as they are, no newline added; bytes that are not UTF-8 go as "-bin".
    void fileContent()
    {
        const QString text = m_dir.filePath(QStringLiteral("text"));
        const QString binary = m_dir.filePath(QStringLiteral("binary"));
        QVERIFY(interop::writeFile(text, "line one\nline two\n"));
        QVERIFY(interop::writeFile(binary, QByteArray("\xff\x00\x01", 3)));
        CaptureServer server;
        QVERIFY(server.listen());
        Run run = runPublish(
            {QStringLiteral("--url"), server.url(), QStringLiteral("c"), QLatin1Char('@') + text});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.item(),
                 json(R"({"channel":"c","formats":{"http-stream":{"content":"line one\nline two\n"},
                 "http-response":{"code":200,"body":"line one\nline two\n"},
                 "ws-message":{"content":"line one\nline two\n"}}})"));
        run = runPublish({QStringLiteral("--url"), server.url(), QStringLiteral("c"),
                          QLatin1Char('@') + binary});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.item(),
                 json(R"({"channel":"c","formats":{"http-stream":{"content-bin":"/wAB"},
                 "http-response":{"code":200,"body-bin":"/wAB"},
                 "ws-message":{"content-bin":"/wAB"}}})"));
    }

    // The key: --key, key= in GRIP_URL (with the GRIP URL's path kept), iss= for a JWT, --user.
    void authorization()
    {
        CaptureServer server;
        QVERIFY(server.listen());
        const QStringList content{QStringLiteral("c"), QStringLiteral("x")};
        Run run = runPublish(QStringList{QStringLiteral("--url"), server.url(),
                                         QStringLiteral("--key"), QStringLiteral("s3cret")} +
                             content);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.header("Authorization"), QByteArray("Bearer s3cret"));

        run = runPublish(content, {}, server.url() + QStringLiteral("/service/abc?key=from-url"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.header("Authorization"), QByteArray("Bearer from-url"));
        QVERIFY2(server.head.startsWith("POST /service/abc/publish/ HTTP/1.1\r\n"),
                 server.head.constData());

        // --url wins over GRIP_URL, --key over the URL's key.
        run =
            runPublish(QStringList{QStringLiteral("--url"), server.url() + QStringLiteral("?key=a"),
                                   QStringLiteral("--key"), QStringLiteral("b")} +
                           content,
                       {}, QStringLiteral("http://127.0.0.1:1/?key=c"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.header("Authorization"), QByteArray("Bearer b"));

        run = runPublish(content, {}, server.url() + QStringLiteral("?iss=ci&key=signing-key"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray token = server.header("Authorization");
        QVERIFY2(token.startsWith("Bearer ey") && token.count('.') == 2, token.constData());

        run = runPublish(QStringList{QStringLiteral("--url"), server.url(), QStringLiteral("-u"),
                                     QStringLiteral("user:pass")} +
                         content);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.header("Authorization"), "Basic " + QByteArray("user:pass").toBase64());
        QCOMPARE(server.requests, 5);
    }

    // The broker with a publish key: the right key publishes, a wrong or missing one is refused
    // (exit 1, the status and the broker's answer on stderr).
    void brokerKey()
    {
        const auto broker = startBroker("right-key");
        QVERIFY(broker);
        const QStringList content{QStringLiteral("test"), QStringLiteral("x")};
        Run run = runPublish(QStringList{QStringLiteral("--url"), publishUrl(*broker),
                                         QStringLiteral("--key"), QStringLiteral("wrong-key")} +
                             content);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("refused: HTTP 401"), run.err.constData());
        QVERIFY2(run.err.contains("a valid publish key is required"), run.err.constData());
        QVERIFY2(!run.err.contains("wrong-key"), run.err.constData());
        QVERIFY(run.out.isEmpty());

        run = runPublish(QStringList{QStringLiteral("--url"), publishUrl(*broker)} + content);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("401"), run.err.constData());

        run = runPublish(content, {}, publishUrl(*broker) + QStringLiteral("/?key=right-key"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    // A refusal is reported with the server's own words; a 3xx is not followed.
    void refusals_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("400") << QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Length: 24\r\n"
                                           "Connection: close\r\n\r\nitems[0]: missing thing\n")
                             << QByteArray("refused: HTTP 400 Bad Request from http://127.0.0.1:");
        QTest::addRow("redirect") << QByteArray("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n"
                                                "Content-Length: 0\r\nConnection: close\r\n\r\n")
                                  << QByteArray("refused: HTTP 302 Found");
    }

    void refusals()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QByteArray, expected);
        CaptureServer server;
        server.answer = answer;
        QVERIFY(server.listen());
        const Run run = runPublish(
            {QStringLiteral("--url"), server.url(), QStringLiteral("c"), QStringLiteral("x")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(expected), run.err.constData());
        if (answer.startsWith("HTTP/1.1 400"))
            QVERIFY2(run.err.contains("items[0]: missing thing\n"), run.err.constData());
        QCOMPARE(server.requests, 1);
    }

    // No HTTP answer at all: exit 3.
    void unreachable()
    {
        const quint16 closed = interop::freePort();
        QVERIFY(closed != 0);
        Run run =
            runPublish({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(closed),
                        QStringLiteral("c"), QStringLiteral("x")});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("cannot publish to http://127.0.0.1:"), run.err.constData());
        QVERIFY2(run.err.contains("refused"), run.err.constData());

        CaptureServer silent;
        silent.silent = true;
        QVERIFY(silent.listen());
        run = runPublish({QStringLiteral("--url"), silent.url(), QStringLiteral("--timeout"),
                          QStringLiteral("0.3"), QStringLiteral("c"), QStringLiteral("x")});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("no answer within 0.3 s"), run.err.constData());
        QCOMPARE(silent.requests, 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("gripUrl");
        QTest::addColumn<QByteArray>("message");
        const QString none;
        QTest::addRow("no channel") << QStringList() << none << QByteArray("missing CHANNEL");
        QTest::addRow("unknown option")
            << QStringList{QStringLiteral("--bogus"), QStringLiteral("c"), QStringLiteral("x")}
            << none << QByteArray("Unknown option 'bogus'");
        QTest::addRow("option without its value")
            << QStringList{QStringLiteral("c"), QStringLiteral("x"), QStringLiteral("--id")} << none
            << QByteArray("Missing value after '--id'");
        QTest::addRow("code not a number")
            << QStringList{QStringLiteral("--code"), QStringLiteral("abc"), QStringLiteral("c"),
                           QStringLiteral("x")}
            << none << QByteArray("--code: 'abc' is not an HTTP status code (0-999)");
        QTest::addRow("code too big")
            << QStringList{QStringLiteral("--code"), QStringLiteral("1000"), QStringLiteral("c"),
                           QStringLiteral("x")}
            << none << QByteArray("--code: '1000'");
        QTest::addRow("header without colon")
            << QStringList{QStringLiteral("-H"), QStringLiteral("X-A b"), QStringLiteral("c"),
                           QStringLiteral("x")}
            << none << QByteArray("--header: 'X-A b' is not in the form \"Name: value\"");
        QTest::addRow("header name")
            << QStringList{QStringLiteral("-H"), QStringLiteral("X A: b"), QStringLiteral("c"),
                           QStringLiteral("x")}
            << none << QByteArray("--header: 'X A' is not a valid header name");
        QTest::addRow("meta without =") << QStringList{QStringLiteral("-M"), QStringLiteral("k"),
                                                       QStringLiteral("c"), QStringLiteral("x")}
                                        << none << QByteArray("--meta: 'k' is not in the form");
        QTest::addRow("url") << QStringList{QStringLiteral("--url"), QStringLiteral("not a url"),
                                            QStringLiteral("c"), QStringLiteral("x")}
                             << none << QByteArray("--url: not a URL: not a url");
        QTest::addRow("zeromq spec")
            << QStringList{QStringLiteral("--spec"), QStringLiteral("tcp://localhost:5560"),
                           QStringLiteral("c"), QStringLiteral("x")}
            << none << QByteArray("(ZeroMQ specs are not supported)");
        QTest::addRow("GRIP_URL") << QStringList{QStringLiteral("c"), QStringLiteral("x")}
                                  << QStringLiteral("ftp://example.com/")
                                  << QByteArray("GRIP_URL: a GRIP_URL starts");
        QTest::addRow("unreadable file")
            << QStringList{QStringLiteral("c"), QStringLiteral("@/nonexistent/file")} << none
            << QByteArray("cannot read /nonexistent/file");
        QTest::addRow("hint and close")
            << QStringList{QStringLiteral("--hint"), QStringLiteral("--close"), QStringLiteral("c")}
            << none << QByteArray("--hint and --close exclude each other");
        QTest::addRow("close in http-response")
            << QStringList{QStringLiteral("--close"), QStringLiteral("--format"),
                           QStringLiteral("http-response"), QStringLiteral("c")}
            << none << QByteArray("http-response has no close action");
        QTest::addRow("unknown format")
            << QStringList{QStringLiteral("--format"), QStringLiteral("sse"), QStringLiteral("c"),
                           QStringLiteral("x")}
            << none << QByteArray("--format: unknown format 'sse'");
        QTest::addRow("too many arguments")
            << QStringList{QStringLiteral("c"), QStringLiteral("x"), QStringLiteral("y")} << none
            << QByteArray("unexpected argument 'y'");
        QTest::addRow("patch") << QStringList{QStringLiteral("--patch"), QStringLiteral("c"),
                                              QStringLiteral("[]")}
                               << none << QByteArray("--patch is not supported");
        QTest::addRow("user and key")
            << QStringList{QStringLiteral("-u"), QStringLiteral("a:b"), QStringLiteral("--key"),
                           QStringLiteral("k"),  QStringLiteral("c"),   QStringLiteral("x")}
            << none << QByteArray("--user and a key");
        QTest::addRow("timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("0"),
                                                QStringLiteral("c"), QStringLiteral("x")}
                                 << none << QByteArray("--timeout: '0'");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, gripUrl);
        QFETCH(QByteArray, message);
        const Run run = runPublish(arguments, {}, gripUrl);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith("holdfast publish: "), run.err.constData());
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY2(run.err.contains("Try 'holdfast publish --help'."), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void help()
    {
        const Run run = runPublish({QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("Usage: holdfast publish [options] CHANNEL [CONTENT]\n"),
                 run.out.constData());
        for (const char *option : {"--id", "--prev-id", "--sender", "--code", "--header", "--close",
                                   "--hint", "--format", "--url", "--key", "Exit codes"})
            QVERIFY2(run.out.contains(option), option);
    }

    // The same command line through Pushpin's own pushpin-publish (when installed) sends the same
    // item; only http-response headers differ in spelling (pushpin-publish always sends pairs).
    void sameItemAsPushpinPublish_data()
    {
        QTest::addColumn<QStringList>("arguments");
        const auto args = [](std::initializer_list<const char *> list) {
            QStringList out;
            for (const char *a : list)
                out << QString::fromUtf8(a);
            return out;
        };
        QTest::addRow("content") << args({"c", "hello"});
        QTest::addRow("ids, sender, code, header")
            // pushpin-publish 1.36 takes every word after -H for a header: options go last.
            << args({"c", "hello", "--id", "2", "--prev-id", "1", "--sender", "s", "--code", "201",
                     "-H", "X-A:  b "});
        QTest::addRow("meta, no-seq, no-eol")
            << args({"-M", "k=v", "--no-seq", "--no-eol", "c", "x"});
        QTest::addRow("close") << args({"--close", "c"});
        QTest::addRow("hint") << args({"--hint", "c"});
    }

    void sameItemAsPushpinPublish()
    {
        QFETCH(QStringList, arguments);
        const QString pushpinPublish =
            QStandardPaths::findExecutable(QStringLiteral("pushpin-publish"));
        if (pushpinPublish.isEmpty())
            QSKIP("pushpin-publish is not on PATH (apt-get install pushpin)");
        CaptureServer server;
        QVERIFY(server.listen());
        QProcess reference;
        reference.setProcessChannelMode(QProcess::MergedChannels);
        reference.start(pushpinPublish,
                        QStringList{QStringLiteral("--spec"), server.url()} + arguments);
        QVERIFY(QTest::qWaitFor([&] { return reference.state() == QProcess::NotRunning; }, 30'000));
        QVERIFY2(reference.exitCode() == 0, reference.readAll().constData());
        const auto normalized = [](QJsonObject item) {
            QJsonObject formats = item.value(QStringLiteral("formats")).toObject();
            QJsonObject response = formats.value(QStringLiteral("http-response")).toObject();
            const QJsonValue headers = response.value(QStringLiteral("headers"));
            if (headers.isArray()) {
                QJsonObject object;
                for (const QJsonValue &pair : headers.toArray())
                    object.insert(pair.toArray().at(0).toString(), pair.toArray().at(1));
                response.insert(QStringLiteral("headers"), object);
                formats.insert(QStringLiteral("http-response"), response);
                item.insert(QStringLiteral("formats"), formats);
            }
            return item;
        };
        const QJsonObject expected = normalized(server.item());
        QVERIFY(!expected.isEmpty());
        const Run run = runPublish(QStringList{QStringLiteral("--url"), server.url()} + arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(server.requests, 2);
        QCOMPARE(normalized(server.item()), expected);
    }

    // Pushpin's own publish endpoint (Debian's package) takes what the command sends, and its
    // test handler's stream receives it.
    void pushpinEndpoint()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        interop::PushpinProcess pushpin;
        QByteArray why;
        if (!pushpin.start(dir.path(), "* test\n", "holdfast-test", "holdfast-test-key", "/", &why))
            QSKIP(why.constData());
        // Right after start a held request can get a 500 until the handler is connected.
        std::unique_ptr<HttpClient> held;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         held = std::make_unique<HttpClient>();
                         held->get(pushpin.port, "/stream");
                         return held->waitFor("\r\n\r\n", 2000) &&
                                held->in.startsWith("HTTP/1.1 200");
                     },
                     20'000),
                 held->in.constData());
        HttpClient &stream = *held;
        // Pushpin subscribes a held request a moment after it answers the head, and says nothing
        // when it does: publish until the stream has a message.
        int published = 0;
        const bool arrived = QTest::qWaitFor(
            [&] {
                const Run run =
                    runPublish({QStringLiteral("--url"),
                                QStringLiteral("http://127.0.0.1:%1").arg(pushpin.publishPort),
                                QStringLiteral("test"), QStringLiteral("via pushpin")});
                if (run.exitCode != 0)
                    qWarning("holdfast publish: exit %d: %s", run.exitCode, run.err.constData());
                published += run.exitCode == 0;
                return stream.waitFor("via pushpin\n", 500);
            },
            20'000);
        QVERIFY2(arrived, stream.in.constData());
        QVERIFY(published > 0);

        // A refusal from Pushpin: its publish endpoint knows no /publish/ below another path.
        const Run refused =
            runPublish({QStringLiteral("--url"),
                        QStringLiteral("http://127.0.0.1:%1/nothing-here").arg(pushpin.publishPort),
                        QStringLiteral("test"), QStringLiteral("x")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("refused: HTTP 404"), refused.err.constData());
        QVERIFY(pushpin.stop());
    }
};

QTEST_GUILESS_MAIN(TstPublishCommand)
#include "tst_publishcommand.moc"
