#pragma once

// Shared pieces of the interop tests that run real programs next to the real holdfast binary:
// free ports, child processes in their own session (killed as a group), Pushpin 1.36 (Debian's
// package) started from a generated pushpin.conf on 127.0.0.1, and a raw WebSocket client that
// keeps every frame it receives. Header-only; everything waits with QTest::qWaitFor, so
// in-process servers keep running while a test waits.
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <memory>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace interop {

// A port nothing listens on right now on 127.0.0.1.
inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return server.serverPort();
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(data) == data.size() && file.flush();
}

// Bytes made readable: CR and LF spelled out, other control and non-ASCII bytes as \xNN.
// With keepLines, a real line break follows each \n, so a multi-line message diffs line by line.
inline QByteArray printable(const QByteArray &bytes, bool keepLines = false)
{
    QByteArray out;
    for (const char c : bytes) {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += keepLines ? "\\n\n" : "\\n";
        else if (c == '\\')
            out += "\\\\";
        else if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            out += "\\x" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

// A child process with its own session (setsid), so the group it starts can be killed with it;
// SIGTERM if the test dies first. stdout and stderr are merged and kept.
class ChildProcess
{
public:
    ChildProcess()
    {
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.setStandardInputFile(QProcess::nullDevice());
        process.setChildProcessModifier([] {
            ::setsid();
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        });
        QObject::connect(&process, &QProcess::readyReadStandardOutput,
                         [this] { output += process.readAllStandardOutput(); });
    }
    ~ChildProcess() { stop(); }
    Q_DISABLE_COPY_MOVE(ChildProcess)

    bool start(const QString &program, const QStringList &arguments,
               const QString &workingDirectory = QString())
    {
        if (!workingDirectory.isEmpty())
            process.setWorkingDirectory(workingDirectory);
        process.start(program, arguments);
        if (!process.waitForStarted(10'000))
            return false;
        m_group = pid_t(process.processId());
        return true;
    }

    bool waitForOutput(const QByteArray &text, int timeoutMs)
    {
        return QTest::qWaitFor(
                   [&] { return output.contains(text) || process.state() != QProcess::Running; },
                   timeoutMs) &&
               output.contains(text);
    }

    // Output lines starting with prefix, in order.
    QByteArrayList linesStartingWith(const QByteArray &prefix) const
    {
        QByteArrayList out;
        for (const QByteArray &line : output.split('\n')) {
            if (line.startsWith(prefix))
                out.append(line);
        }
        return out;
    }

    // SIGTERM to the leader, then SIGKILL for the whole group. True when none of it is left.
    bool stop()
    {
        if (m_group <= 0)
            return true;
        if (process.state() != QProcess::NotRunning) {
            ::kill(m_group, SIGTERM);
            if (!process.waitForFinished(10'000)) {
                process.kill();
                process.waitForFinished(5000);
            }
        }
        QElapsedTimer timer;
        timer.start();
        while (::kill(-m_group, 0) == 0 && timer.elapsed() < 5000) {
            ::kill(-m_group, SIGKILL);
            QTest::qWait(50);
        }
        const bool gone = ::kill(-m_group, 0) == -1 && errno == ESRCH;
        m_group = 0;
        return gone;
    }

    QProcess process;
    QByteArray output;

private:
    pid_t m_group = 0;
};

// True once an HTTP response head arrives for GET path on port (any status).
inline bool answersHttp(quint16 port, const QByteArray &path, int timeoutMs)
{
    QTcpSocket socket;
    QByteArray in;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { in += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                         timeoutMs))
        return false;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: probe.test\r\nConnection: close\r\n\r\n");
    return QTest::qWaitFor([&] { return in.contains("\r\n\r\n"); }, timeoutMs) &&
           in.startsWith("HTTP/1.");
}

// The real holdfast binary, headless, on free ports with a routes file and a ledger in dir.
struct HoldfastProcess
{
    bool start(const QString &dir, const QByteArray &routesText, const QStringList &extra,
               QByteArray *why)
    {
        const QString routes = dir + QStringLiteral("/holdfast-routes");
        if (!writeFile(routes, routesText)) {
            *why = "cannot write " + routes.toUtf8();
            return false;
        }
        port = freePort();
        publishPort = freePort();
        QStringList args{QStringLiteral("--headless"),
                         QStringLiteral("--listen"),
                         QStringLiteral("127.0.0.1:%1").arg(port),
                         QStringLiteral("--publish-listen"),
                         QStringLiteral("127.0.0.1:%1").arg(publishPort),
                         QStringLiteral("--routes"),
                         routes,
                         QStringLiteral("--ledger"),
                         dir + QStringLiteral("/ledger.sqlite")};
        args += extra;
        child = std::make_unique<ChildProcess>();
        if (!child->start(QStringLiteral(HOLDFAST_BINARY), args)) {
            *why = "holdfast does not start: " + child->process.errorString().toUtf8();
            return false;
        }
        const QByteArray listening = "listening on 127.0.0.1:" + QByteArray::number(port);
        if (!child->waitForOutput(listening, 20'000)) {
            *why = "holdfast did not log '" + listening + "':\n" + child->output;
            return false;
        }
        return true;
    }
    bool stop() { return !child || child->stop(); }

    std::unique_ptr<ChildProcess> child;
    quint16 port = 0;
    quint16 publishPort = 0;
};

// Pushpin 1.36 as Debian packages it: the runner plus condure (client-facing HTTP server), zurl
// (the proxy's outgoing HTTP client; Debian expects a system zurl daemon, so this one runs its
// own), pushpin-proxy and pushpin-handler (the publish API). They talk over ZeroMQ ipc sockets in
// dir; the only TCP ports are the client and publish ports, on 127.0.0.1.
struct PushpinProcess
{
    // routesText: Pushpin's routes file. probePath: a GET that must get any HTTP answer through
    // Pushpin before it counts as ready (its services connect after they log "started").
    bool start(const QString &dir, const QByteArray &routesText, const QByteArray &sigIss,
               const QByteArray &sigKey, const QByteArray &probePath, QByteArray *why)
    {
        for (const char *program :
             {"pushpin", "condure", "zurl", "pushpin-proxy", "pushpin-handler"}) {
            if (QStandardPaths::findExecutable(QString::fromLatin1(program)).isEmpty()) {
                *why = QByteArray(program) + " is not on PATH (apt-get install pushpin)";
                return false;
            }
        }
        const QString internal = QStringLiteral("/usr/lib/pushpin/internal.conf");
        if (!QFileInfo::exists(internal)) {
            *why = internal.toUtf8() + " is missing (apt-get install pushpin)";
            return false;
        }
        const QString run = dir + QStringLiteral("/pushpin-run");
        const QString log = dir + QStringLiteral("/pushpin-log");
        QDir().mkpath(run);
        QDir().mkpath(log);
        const QString routes = dir + QStringLiteral("/pushpin-routes");
        port = freePort();
        publishPort = freePort();
        const QByteArray ipc = "ipc://" + run.toUtf8() + '/';
        const QByteArray conf =
            "[global]\ninclude=" + internal.toUtf8() + "\nrundir=" + run.toUtf8() +
            "\nipc_prefix=pushpin-\nport_offset=0\n"
            "\n[runner]\nservices=condure,zurl,pushpin-proxy,pushpin-handler\n"
            "http_port=127.0.0.1:" +
            QByteArray::number(port) + "\nlogdir=" + log.toUtf8() +
            "\nlog_level=2\nclient_buffer_size=8192\nclient_maxconn=1000\n"
            "condure_bin=condure\nzurl_bin=zurl\n"
            "\n[proxy]\nroutesfile=" +
            routes.toUtf8() + "\ndebug=false\nauto_cross_origin=false\nsig_iss=" + sigIss +
            "\nsig_key=" + sigKey +
            "\nupdates_check=off\n"
            // internal.conf points the proxy at the system zurl in /var/run/zurl; use ours.
            "zurl_out_specs=" +
            ipc + "pushpin-zurl-in\nzurl_out_stream_specs=" + ipc +
            "pushpin-zurl-in-stream\nzurl_in_specs=" + ipc +
            "pushpin-zurl-out\n"
            // Pushpin's defaults bind these on 127.0.0.1:5560-5563; ipc keeps instances apart.
            "\n[handler]\npush_in_spec=" +
            ipc + "push-in\npush_in_sub_specs=" + ipc + "push-in-sub\nstats_spec=" + ipc +
            "stats\ncommand_spec=" + ipc +
            "command\npush_in_http_addr=127.0.0.1\npush_in_http_port=" +
            QByteArray::number(publishPort) +
            "\nmessage_rate=100000\nmessage_hwm=100000\nmessage_wait=5000\nid_cache_ttl=60\n";
        const QString confPath = dir + QStringLiteral("/pushpin.conf");
        if (!writeFile(confPath, conf) || !writeFile(routes, routesText)) {
            *why = "cannot write the Pushpin configuration in " + dir.toUtf8();
            return false;
        }
        child = std::make_unique<ChildProcess>();
        if (!child->start(QStringLiteral("pushpin"), {QStringLiteral("--config"), confPath,
                                                      QStringLiteral("--merge-output")})) {
            *why = "pushpin does not start: " + child->process.errorString().toUtf8();
            return false;
        }
        for (const QByteArray &ready :
             {QByteArray("[condure] [condure] started"), QByteArray("[zurl] started"),
              QByteArray("[proxy] started"), QByteArray("[handler] started")}) {
            if (!child->waitForOutput(ready, 20'000)) {
                *why = "pushpin did not log '" + ready + "'; its output:\n" + child->output;
                return false;
            }
        }
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 20'000) {
            if (answersHttp(port, probePath, 1000))
                return true;
        }
        *why = "no request got through pushpin within 20 s; its output:\n" + child->output;
        return false;
    }
    bool stop() { return !child || child->stop(); }

    std::unique_ptr<ChildProcess> child;
    quint16 port = 0;
    quint16 publishPort = 0;
};

// POST /publish/ with the items JSON (Connection: close); returns the status line (and the
// response body in *body).
inline QByteArray publish(quint16 port, const QByteArray &itemsJson, QByteArray *body = nullptr)
{
    const QByteArray json = "{\"items\":" + itemsJson + "}";
    QTcpSocket socket;
    QByteArray in;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { in += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return "cannot connect: " + socket.errorString().toUtf8();
    socket.write("POST /publish/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Connection: close\r\nContent-Length: " +
                 QByteArray::number(json.size()) + "\r\n\r\n" + json);
    (void)QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                          5000);
    if (body)
        *body = in.mid(in.indexOf("\r\n\r\n") + 4);
    return in.left(in.indexOf("\r\n"));
}

// One WebSocket frame as a client received it.
struct WsFrame
{
    int opcode = 0;
    bool fin = true;
    QByteArray payload;

    // "TEXT echo:hi", "BINARY \x00\x01", "CLOSE 4001 reason", "PING p"; fragments say so.
    QByteArray describe() const
    {
        QByteArray name;
        switch (opcode) {
        case 0x0:
            name = "CONTINUATION";
            break;
        case 0x1:
            name = "TEXT";
            break;
        case 0x2:
            name = "BINARY";
            break;
        case 0x8:
            name = "CLOSE";
            break;
        case 0x9:
            name = "PING";
            break;
        case 0xA:
            name = "PONG";
            break;
        default:
            name = "OPCODE" + QByteArray::number(opcode);
        }
        if (!fin)
            name += "(no FIN)";
        if (opcode == 0x8) {
            if (payload.size() < 2)
                return name + " (no code)" + (payload.isEmpty() ? "" : " " + printable(payload));
            const int code = (uchar(payload[0]) << 8) | uchar(payload[1]);
            return name + ' ' + QByteArray::number(code) +
                   (payload.size() > 2 ? ' ' + printable(payload.mid(2)) : QByteArray());
        }
        if (payload.size() > 200)
            return name + ' ' + printable(payload.left(40)) + "... (" +
                   QByteArray::number(payload.size()) + " bytes, sha1 " +
                   QCryptographicHash::hash(payload, QCryptographicHash::Sha1).toHex().left(12) +
                   ')';
        return name + ' ' + printable(payload);
    }
};

// A WebSocket client on a raw socket: sends the handshake, keeps the response head and every
// frame; answers a server's close frame with the same code (as browsers do) unless told not to.
class WsClient
{
public:
    explicit WsClient(QByteArray label) : name(std::move(label))
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onData(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] { disconnected = true; });
    }
    Q_DISABLE_COPY_MOVE(WsClient)

    void open(quint16 port, const QByteArray &path, const QByteArray &extraHeaders = {})
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        m_socket.write("GET " + path +
                       " HTTP/1.1\r\nHost: interop.test\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n" +
                       extraHeaders + "\r\n");
    }
    // True once a 101 head is in (false on another status, with the answer in rest).
    bool waitOpen(int timeoutMs)
    {
        (void)QTest::qWaitFor([&] { return headDone || disconnected; }, timeoutMs);
        return headDone && head.startsWith("HTTP/1.1 101 ");
    }
    bool waitFrames(qsizetype count, int timeoutMs)
    {
        return QTest::qWaitFor([&] { return frames.size() >= count || badFrames; }, timeoutMs) &&
               !badFrames;
    }
    bool waitDisconnected(int timeoutMs)
    {
        return QTest::qWaitFor([&] { return disconnected; }, timeoutMs);
    }

    void send(int opcode, const QByteArray &payload, bool fin = true)
    {
        QByteArray frame;
        frame += char((fin ? 0x80 : 0) | opcode);
        if (payload.size() < 126) {
            frame += char(0x80 | payload.size());
        } else if (payload.size() < 65536) {
            frame += char(0x80 | 126);
            frame += char(payload.size() >> 8);
            frame += char(payload.size() & 0xff);
        } else {
            frame += char(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8)
                frame += char((quint64(payload.size()) >> shift) & 0xff);
        }
        const quint32 key = QRandomGenerator::global()->generate();
        const char mask[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
        frame.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            frame += char(payload[i] ^ mask[i % 4]);
        m_socket.write(frame);
    }
    void sendText(const QByteArray &text) { send(0x1, text); }
    void sendBinary(const QByteArray &bytes) { send(0x2, bytes); }
    void sendClose(int code, const QByteArray &reason = {})
    {
        QByteArray payload;
        payload += char(code >> 8);
        payload += char(code & 0xff);
        send(0x8, payload + reason);
        sentClose = true;
    }
    void abort() { m_socket.abort(); }

    QByteArrayList described() const
    {
        QByteArrayList out;
        for (const WsFrame &frame : frames)
            out.append(frame.describe());
        return out;
    }

    // Data messages with fragments joined ("TEXT ..." as describe() writes them), control
    // frames as they are: for comparisons where frame boundaries carry no meaning.
    QByteArrayList messages() const
    {
        QByteArrayList out;
        WsFrame pending;
        bool inMessage = false;
        for (const WsFrame &frame : frames) {
            if (frame.opcode >= 0x8) {
                out.append(frame.describe());
                continue;
            }
            if (!inMessage) {
                pending = frame;
                pending.fin = true;
            } else {
                pending.payload += frame.payload;
            }
            inMessage = !frame.fin;
            if (!inMessage)
                out.append(pending.describe());
        }
        if (inMessage)
            out.append(pending.describe() + " (unfinished)");
        return out;
    }

    const QByteArray name;
    QByteArray head; // the response head, up to and without the blank line
    bool headDone = false;
    QByteArray rest; // bytes after the head not yet parsed as frames
    QList<WsFrame> frames;
    bool badFrames = false;
    bool disconnected = false;
    bool sentClose = false;
    bool answerClose = true;

private:
    void onData()
    {
        rest += m_socket.readAll();
        if (!headDone) {
            const qsizetype end = rest.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            head = rest.left(end);
            rest.remove(0, end + 4);
            headDone = true;
        }
        if (!head.startsWith("HTTP/1.1 101 "))
            return;
        while (!badFrames && rest.size() >= 2) {
            const uchar b0 = uchar(rest[0]);
            const uchar b1 = uchar(rest[1]);
            if (b1 & 0x80) { // a server must not mask
                badFrames = true;
                return;
            }
            qsizetype header = 2;
            quint64 length = b1 & 0x7f;
            if (length == 126) {
                if (rest.size() < 4)
                    return;
                length = (uchar(rest[2]) << 8) | uchar(rest[3]);
                header = 4;
            } else if (length == 127) {
                if (rest.size() < 10)
                    return;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | uchar(rest[2 + i]);
                header = 10;
            }
            if (quint64(rest.size()) < header + length)
                return;
            WsFrame frame;
            frame.fin = b0 & 0x80;
            frame.opcode = b0 & 0x0f;
            frame.payload = rest.mid(header, qsizetype(length));
            rest.remove(0, header + qsizetype(length));
            frames.append(frame);
            if (frame.opcode == 0x8 && answerClose && !sentClose) {
                const int code = frame.payload.size() >= 2
                                     ? (uchar(frame.payload[0]) << 8) | uchar(frame.payload[1])
                                     : 1000;
                sendClose(code);
            }
        }
    }

    QTcpSocket m_socket;
};

// tests/peers/grip-node/server.js (a backend on the official @fanoutio/grip library) under
// node. available() says why it cannot run: node missing, or the package not installed.
struct GripNodeBackend
{
    static bool available(const QString &peerDir, QByteArray *why)
    {
        if (QStandardPaths::findExecutable(QStringLiteral("node")).isEmpty()) {
            *why = "node is not on PATH (apt-get install nodejs npm, then npm ci --prefix "
                   "tests/peers/grip-node)";
            return false;
        }
        const QString package =
            peerDir + QStringLiteral("/node_modules/@fanoutio/grip/package.json");
        if (!QFileInfo::exists(package)) {
            *why = package.toUtf8() +
                   " is missing: the @fanoutio/grip package is not installed (npm ci --prefix "
                   "tests/peers/grip-node, as tools/bootstrap.sh does)";
            return false;
        }
        return true;
    }

    bool start(const QString &peerDir, const QStringList &args, QByteArray *why)
    {
        child = std::make_unique<ChildProcess>();
        if (!child->start(QStringLiteral("node"),
                          QStringList{peerDir + QStringLiteral("/server.js")} + args, peerDir)) {
            *why = "node does not start: " + child->process.errorString().toUtf8();
            return false;
        }
        if (!child->waitForOutput("READY ", 15'000) ||
            !QTest::qWaitFor(
                [&] {
                    return child->output.contains("READY ") &&
                           child->output.indexOf('\n', child->output.indexOf("READY ")) > 0;
                },
                5000)) {
            *why = "the node backend did not print READY:\n" + child->output;
            return false;
        }
        const qsizetype at = child->output.indexOf("READY ") + 6;
        port = quint16(child->output.mid(at, child->output.indexOf('\n', at) - at).toUInt());
        if (port == 0) {
            *why = "the node backend printed no port:\n" + child->output;
            return false;
        }
        return true;
    }
    bool stop() { return !child || child->stop(); }

    std::unique_ptr<ChildProcess> child;
    quint16 port = 0;
};

} // namespace interop
