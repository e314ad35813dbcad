// Differential interop test: Pushpin (the Debian package, the reference implementation of GRIP)
// and the real holdfast binary run side by side in front of one GRIP backend. The same clients
// connect through each, the same publish sequence goes to both publish APIs, and what the
// clients receive must be the same bytes: status line, headers, body, and the chunk framing.
//
// Pushpin 1.36 (Debian 12) is a runner plus four services: condure (the client-facing HTTP
// server), pushpin-proxy, pushpin-handler (the publish API) and zurl (the proxy's outgoing HTTP
// client; Debian expects a system zurl daemon under /var/run/zurl, so the test runs its own as a
// runner service). Everything talks over ZeroMQ ipc sockets in a temporary run directory; the
// only TCP ports are the client and publish ports, both on 127.0.0.1. The runner and its services
// get their own session (setsid), so the whole group can be killed at the end whatever happens.
//
// What is not compared byte for byte, and why (each place says so again):
// - the chunk boundaries of a 40 kB message: Pushpin writes at most 8,192 bytes per chunk.
// Differences this test found in Holdfast and that were fixed (long-poll responses inheriting the
// held response's headers, connections kept after a stream's close action, and
// "Connection: Transfer-Encoding" on chunked streams) stay covered by the comparisons below.

#include <algorithm>
#include <memory>
#include <tuple>
#include <utility>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "interop.h"

namespace {

constexpr int StartTimeoutMs = 20'000;
constexpr int DeliveryTimeoutMs = 10'000;
// The backend's Grip-Timeout for long-polls; 5 s is Pushpin's minimum.
constexpr int LongPollTimeoutSecs = 5;

const QByteArray SigKey = "diff-test-key";
const QByteArray SigIss = "diff-test";

using interop::ChildProcess;
using interop::freePort;
using interop::writeFile;

// Every byte shown, one line per line of the message.
QByteArray printable(const QByteArray &bytes)
{
    return interop::printable(bytes, true);
}

// True when a Grip-Sig is an HS256 JWT over SigKey with our issuer and an expiry in the future.
bool gripSigValid(const QByteArray &token, QByteArray *why)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) {
        *why = "not a JWT: " + token;
        return false;
    }
    const auto options = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
    const QByteArray mac = QMessageAuthenticationCode::hash(parts[0] + '.' + parts[1], SigKey,
                                                            QCryptographicHash::Sha256)
                               .toBase64(options);
    if (mac != parts[2]) {
        *why = "signature does not verify with the shared key: " + token;
        return false;
    }
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], options)).object();
    const QJsonObject claims =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], options)).object();
    if (header.value(QLatin1String("alg")).toString() != QLatin1String("HS256")) {
        *why = "alg is not HS256: " + token;
        return false;
    }
    if (claims.value(QLatin1String("iss")).toString().toUtf8() != SigIss) {
        *why = "wrong iss: " + token;
        return false;
    }
    if (claims.value(QLatin1String("exp")).toInteger() <= QDateTime::currentSecsSinceEpoch()) {
        *why = "exp missing or past: " + token;
        return false;
    }
    return true;
}

// The GRIP backend both proxies forward to. It answers by path, the same way for both:
//   /stream/CHANNELS  Grip-Hold: stream, text/plain, initial body
//   /sse/CHANNELS     Grip-Hold: stream, text/event-stream, an SSE comment as initial body
//   /poll/CHANNELS    Grip-Hold: response, Grip-Timeout, the timeout response as body
//   /plain            no GRIP instruction: an ordinary response
// CHANNELS goes into Grip-Channel as it is (a comma list works). Neither Date nor Server is sent,
// so nothing the proxies pass on differs by time or by backend. Every request's Grip-Sig is
// checked; the problems found are collected for the test to assert on.
class GripBackend
{
public:
    GripBackend()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { serve(socket); });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress(QHostAddress::LocalHost), 0); }
    quint16 port() const { return m_server.serverPort(); }

    QByteArrayList paths;
    QByteArrayList heads; // of the requests in paths, request line included
    QByteArrayList problems;

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &in = m_buffers[socket];
        in += socket->readAll();
        for (qsizetype end = in.indexOf("\r\n\r\n"); end >= 0; end = in.indexOf("\r\n\r\n")) {
            const QByteArray head = in.left(end);
            in.remove(0, end + 4); // GET only: no request bodies to skip
            const QByteArrayList lines = head.split('\n');
            const QByteArray path = lines.value(0).split(' ').value(1);
            QByteArray sig;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("grip-sig:"))
                    sig = line.mid(9).trimmed();
            }
            paths.append(path);
            heads.append(head);
            QByteArray why;
            if (sig.isEmpty())
                problems.append(path + ": no Grip-Sig");
            else if (!gripSigValid(sig, &why))
                problems.append(path + ": " + why);
            socket->write(responseFor(path));
        }
    }

    static QByteArray responseFor(const QByteArray &path)
    {
        QByteArray status = "200 OK";
        QByteArray headers;
        QByteArray body;
        if (path.startsWith("/stream/")) {
            headers =
                "Content-Type: text/plain\r\nGrip-Hold: stream\r\nGrip-Channel: " + path.mid(8) +
                "\r\n";
            body = "stream open\n";
        } else if (path.startsWith("/sse/")) {
            headers = "Content-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                      "Grip-Hold: stream\r\nGrip-Channel: " +
                      path.mid(5) + "\r\n";
            body = ": stream open\n\n";
        } else if (path.startsWith("/poll/")) {
            headers = "Content-Type: text/plain\r\nX-Backend: poll\r\nGrip-Hold: response\r\n"
                      "Grip-Timeout: " +
                      QByteArray::number(LongPollTimeoutSecs) + "\r\nGrip-Channel: " + path.mid(6) +
                      "\r\n";
            body = "long-poll timed out\n";
        } else if (path == "/plain") {
            headers = "Content-Type: text/plain\r\nX-Backend: plain\r\n";
            body = "not held\n";
        } else {
            status = "404 Not Found";
            headers = "Content-Type: text/plain\r\n";
            body = "no such path\n";
        }
        return "HTTP/1.1 " + status + "\r\n" + headers +
               "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// One HTTP/1.1 client connection on a raw socket, every byte it receives kept.
class Client
{
public:
    explicit Client(const QByteArray &label) : name(label)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead,
                         [this] { received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, [this] { closed = true; });
    }

    bool get(quint16 port, const QByteArray &path, const QByteArray &extraHeaders = {})
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        if (!m_socket.waitForConnected(5000))
            return false;
        m_socket.write("GET " + path +
                       " HTTP/1.1\r\nHost: diff.test\r\nUser-Agent: tst_pushpindiff\r\n"
                       "Accept: */*\r\n" +
                       extraHeaders + "\r\n");
        return true;
    }

    // Another request on the same connection, once the held response has ended.
    void send(const QByteArray &request)
    {
        if (m_socket.state() == QAbstractSocket::ConnectedState)
            m_socket.write(request);
    }

    qsizetype headEnd() const { return received.indexOf("\r\n\r\n"); }
    QByteArray head() const { return headEnd() < 0 ? QByteArray() : received.left(headEnd()); }
    QByteArray body() const { return headEnd() < 0 ? QByteArray() : received.mid(headEnd() + 4); }

    const QByteArray name;
    QByteArray received;
    bool closed = false;

private:
    QTcpSocket m_socket;
};

// Decodes chunked framing. complete: the last-chunk and the final CRLF were seen.
struct Dechunked
{
    QByteArray payload;
    QList<qsizetype> sizes;
    bool complete = false;
    bool malformed = false;
};

Dechunked dechunk(const QByteArray &raw)
{
    Dechunked out;
    qsizetype at = 0;
    while (at < raw.size()) {
        const qsizetype lineEnd = raw.indexOf("\r\n", at);
        if (lineEnd < 0)
            return out;
        bool ok = false;
        const qsizetype size = raw.mid(at, lineEnd - at).split(';').value(0).toLongLong(&ok, 16);
        if (!ok) {
            out.malformed = true;
            return out;
        }
        if (size == 0) {
            out.complete = raw.mid(lineEnd + 2) == "\r\n";
            out.malformed = !out.complete && raw.size() >= lineEnd + 4;
            return out;
        }
        if (raw.size() < lineEnd + 2 + size + 2)
            return out;
        out.payload += raw.mid(lineEnd + 2, size);
        out.sizes.append(size);
        if (raw.mid(lineEnd + 2 + size, 2) != "\r\n") {
            out.malformed = true;
            return out;
        }
        at = lineEnd + 2 + size + 2;
    }
    return out;
}

// Compares what the client through Pushpin and the one through Holdfast received; on a
// difference both are printed. knownBug names a difference already reported against Holdfast:
// it is an expected failure (XFAIL) until Holdfast is fixed, then XPASS fails the test so the
// marker gets removed.
void compareBytes(const QByteArray &what, const QByteArray &viaPushpin,
                  const QByteArray &viaHoldfast, const char *knownBug = nullptr)
{
    if (viaHoldfast != viaPushpin)
        qInfo("%s differs.\nPushpin:\n%s\nHoldfast:\n%s", what.constData(),
              printable(viaPushpin).constData(), printable(viaHoldfast).constData());
    if (knownBug)
        QEXPECT_FAIL("", knownBug, Continue);
    QVERIFY2(viaHoldfast == viaPushpin, what + " differs (both printed above)");
}

// After a held response has ended: is the connection still usable for another request? The
// answer is "closed", or the status line of the response to GET /plain on the same connection.
QByteArray reuseOutcome(Client &client, qsizetype endOfHeldResponse)
{
    client.send("GET /plain HTTP/1.1\r\nHost: diff.test\r\nUser-Agent: tst_pushpindiff\r\n"
                "Accept: */*\r\n\r\n");
    const auto answered = [&] {
        return client.received.indexOf("\r\n\r\nnot held\n", endOfHeldResponse) >= 0;
    };
    (void)QTest::qWaitFor([&] { return client.closed || answered(); }, 3000);
    if (!answered())
        return client.closed ? "closed" : "open, but no answer within 3 s";
    const QByteArray rest = client.received.mid(endOfHeldResponse);
    return "reused: " + rest.left(rest.indexOf("\r\n"));
}

// A response head made comparable. Header names keep their case and order: both proxies are
// expected to pass the backend's fields as they are.
QByteArray normalisedHead(const QByteArray &head)
{
    QByteArrayList kept;
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray field = line.endsWith('\r') ? line.chopped(1) : line;
        kept.append(field);
    }
    return kept.join("\r\n");
}

struct PublishResult
{
    QByteArray statusLine;
    QByteArray contentType;
    QByteArray body;
};

// POST /publish/ with Connection: close, the whole answer read.
PublishResult publish(quint16 port, const QJsonArray &items)
{
    const QByteArray json =
        QJsonDocument(QJsonObject{{QStringLiteral("items"), items}}).toJson(QJsonDocument::Compact);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    PublishResult result;
    if (!socket.waitForConnected(5000)) {
        result.statusLine = "cannot connect: " + socket.errorString().toUtf8();
        return result;
    }
    socket.write("POST /publish/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Connection: close\r\nContent-Length: " +
                 QByteArray::number(json.size()) + "\r\n\r\n" + json);
    QByteArray in;
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000) {
        socket.waitForReadyRead(100);
        in += socket.readAll();
    }
    in += socket.readAll();
    const qsizetype end = in.indexOf("\r\n\r\n");
    const QByteArrayList lines = in.left(end).split('\n');
    result.statusLine = lines.value(0).trimmed();
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("content-type:"))
            result.contentType = line.mid(13).trimmed();
    }
    result.body = end < 0 ? QByteArray() : in.mid(end + 4);
    return result;
}

QJsonObject streamItem(const QString &channel, const QJsonObject &format)
{
    return QJsonObject{
        {QStringLiteral("channel"), channel},
        {QStringLiteral("formats"), QJsonObject{{QStringLiteral("http-stream"), format}}}};
}

QJsonObject responseItem(const QString &channel, const QJsonObject &format)
{
    return QJsonObject{
        {QStringLiteral("channel"), channel},
        {QStringLiteral("formats"), QJsonObject{{QStringLiteral("http-response"), format}}}};
}

} // namespace

class TestPushpinDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void plainResponse();
    void streams();
    void longPolls();
    void routeChannelAndHeaderOptions();

private:
    // The same routes file for both: everything to the backend, and under /routed/ a route
    // with prefix=, orig_headers, header= and an implicit sub= channel.
    QByteArray routesText() const;
    // The client headers the backend got marked as originals (eb9bf0f5-…) and X-Tenant, on the
    // request for path that carried "X-Via: via"; sorted, names lower-cased.
    QByteArrayList markedHeaders(const QByteArray &path, const QByteArray &via) const;

    // Sends items to both publish APIs; the answers must be the same.
    void publishBoth(const QJsonArray &items);
    bool startPushpin(QByteArray *why);
    bool startHoldfast(QByteArray *why);
    // Waits until both clients' heads are in and compares them (normalised).
    void compareHeads(const Client &pushpin, const Client &holdfast);

    QTemporaryDir m_dir;
    GripBackend m_backend;
    std::unique_ptr<ChildProcess> m_pushpin;
    std::unique_ptr<ChildProcess> m_holdfast;
    quint16 m_pushpinPort = 0;
    quint16 m_pushpinPublish = 0;
    quint16 m_holdfastPort = 0;
    quint16 m_holdfastPublish = 0;
};

QByteArray TestPushpinDiff::routesText() const
{
    const QByteArray backend = "127.0.0.1:" + QByteArray::number(m_backend.port());
    return "* " + backend + "\n*,path_beg=/routed/,replace_beg=/,prefix=p-,orig_headers," +
           "header=X-Tenant:route,header=Cookie: " + backend + ",sub=diff-implicit\n";
}

QByteArrayList TestPushpinDiff::markedHeaders(const QByteArray &path, const QByteArray &via) const
{
    QByteArrayList found;
    for (qsizetype i = 0; i < m_backend.paths.size(); ++i) {
        const QByteArray head = m_backend.heads.at(i);
        if (m_backend.paths.at(i) != path || !head.contains("\r\nX-Via: " + via + "\r"))
            continue;
        for (const QByteArray &line : head.split('\n')) {
            const QByteArray field = line.trimmed();
            const qsizetype colon = field.indexOf(':');
            const QByteArray name = field.left(colon).toLower();
            if (name == "eb9bf0f5-x-via")
                continue; // the one header that differs on purpose
            if (name.startsWith("eb9bf0f5-") || name == "x-tenant")
                found.append(name + ':' + field.mid(colon + 1).trimmed());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

bool TestPushpinDiff::startPushpin(QByteArray *why)
{
    for (const char *program : {"pushpin", "condure", "zurl", "pushpin-proxy", "pushpin-handler"}) {
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
    const QString run = m_dir.filePath(QStringLiteral("pushpin-run"));
    const QString log = m_dir.filePath(QStringLiteral("pushpin-log"));
    QDir().mkpath(run);
    QDir().mkpath(log);
    const QString routes = m_dir.filePath(QStringLiteral("pushpin-routes"));
    m_pushpinPort = freePort();
    m_pushpinPublish = freePort();
    const QByteArray ipc = "ipc://" + run.toUtf8() + '/';
    const QByteArray conf =
        "[global]\n"
        "include=" +
        internal.toUtf8() + "\nrundir=" + run.toUtf8() +
        "\nipc_prefix=pushpin-\nport_offset=0\n"
        "\n[runner]\n"
        // zurl makes the proxy's requests to the backend; condure serves the clients.
        "services=condure,zurl,pushpin-proxy,pushpin-handler\n"
        "http_port=127.0.0.1:" +
        QByteArray::number(m_pushpinPort) + "\nlogdir=" + log.toUtf8() +
        "\nlog_level=2\nclient_buffer_size=8192\nclient_maxconn=1000\n"
        "condure_bin=condure\nzurl_bin=zurl\n"
        "\n[proxy]\n"
        "routesfile=" +
        routes.toUtf8() +
        "\ndebug=false\nauto_cross_origin=false\n"
        "sig_iss=" +
        SigIss + "\nsig_key=" + SigKey +
        "\nupdates_check=off\n"
        // internal.conf points the proxy at the system zurl in /var/run/zurl; use ours.
        "zurl_out_specs=" +
        ipc + "pushpin-zurl-in\nzurl_out_stream_specs=" + ipc +
        "pushpin-zurl-in-stream\nzurl_in_specs=" + ipc +
        "pushpin-zurl-out\n"
        "\n[handler]\n"
        // Pushpin's defaults bind these on 127.0.0.1:5560-5563; ipc keeps instances apart.
        "push_in_spec=" +
        ipc + "push-in\npush_in_sub_specs=" + ipc + "push-in-sub\nstats_spec=" + ipc +
        "stats\ncommand_spec=" + ipc +
        "command\n"
        "push_in_http_addr=127.0.0.1\npush_in_http_port=" +
        QByteArray::number(m_pushpinPublish) +
        "\nmessage_rate=100000\nmessage_hwm=100000\nmessage_wait=5000\nid_cache_ttl=60\n";
    const QString confPath = m_dir.filePath(QStringLiteral("pushpin.conf"));
    if (!writeFile(confPath, conf) || !writeFile(routes, routesText())) {
        *why = "cannot write the Pushpin configuration in " + m_dir.path().toUtf8();
        return false;
    }
    m_pushpin = std::make_unique<ChildProcess>();
    if (!m_pushpin->start(QStringLiteral("pushpin"), {QStringLiteral("--config"), confPath,
                                                      QStringLiteral("--merge-output")})) {
        *why = "pushpin does not start: " + m_pushpin->process.errorString().toUtf8();
        return false;
    }
    for (const QByteArray &ready :
         {QByteArray("[condure] [condure] started"), QByteArray("[zurl] started"),
          QByteArray("[proxy] started"), QByteArray("[handler] started")}) {
        if (!m_pushpin->waitForOutput(ready, StartTimeoutMs)) {
            *why = "pushpin did not log '" + ready + "'; its output:\n" + m_pushpin->output;
            return false;
        }
    }
    // The services connect to each other over ZeroMQ after they log "started", and a request
    // that arrives before then can be lost (no answer at all). Ready is when one gets through.
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < StartTimeoutMs) {
        Client probe("probe");
        if (probe.get(m_pushpinPort, "/plain") &&
            QTest::qWaitFor([&] { return probe.body().endsWith("not held\n"); }, 1000))
            return true;
    }
    *why = "no request got through pushpin within the timeout; its output:\n" + m_pushpin->output;
    return false;
}

bool TestPushpinDiff::startHoldfast(QByteArray *why)
{
    const QString routes = m_dir.filePath(QStringLiteral("holdfast-routes"));
    if (!writeFile(routes, routesText())) {
        *why = "cannot write the routes file";
        return false;
    }
    m_holdfastPort = freePort();
    m_holdfastPublish = freePort();
    m_holdfast = std::make_unique<ChildProcess>();
    if (!m_holdfast->start(
            QStringLiteral(HOLDFAST_BINARY),
            {QStringLiteral("--headless"), QStringLiteral("--listen"),
             QStringLiteral("127.0.0.1:%1").arg(m_holdfastPort), QStringLiteral("--publish-listen"),
             QStringLiteral("127.0.0.1:%1").arg(m_holdfastPublish), QStringLiteral("--routes"),
             routes, QStringLiteral("--sig-key"), QString::fromUtf8(SigKey),
             QStringLiteral("--sig-iss"), QString::fromUtf8(SigIss), QStringLiteral("--ledger"),
             m_dir.filePath(QStringLiteral("ledger.sqlite"))})) {
        *why = "holdfast does not start: " + m_holdfast->process.errorString().toUtf8();
        return false;
    }
    const QByteArray listening = "listening on 127.0.0.1:" + QByteArray::number(m_holdfastPort);
    if (!m_holdfast->waitForOutput(listening, StartTimeoutMs)) {
        *why = "holdfast did not log '" + listening + "':\n" + m_holdfast->output;
        return false;
    }
    return true;
}

void TestPushpinDiff::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    QVERIFY(m_dir.isValid());
    QVERIFY(m_backend.listen());
    QByteArray why;
    QVERIFY2(startHoldfast(&why), why.constData());
    if (!startPushpin(&why)) {
        m_holdfast->stop();
        m_pushpin.reset();
        QSKIP(why.constData());
    }
    QVERIFY(m_pushpinPort && m_pushpinPublish && m_holdfastPort && m_holdfastPublish);
}

void TestPushpinDiff::cleanupTestCase()
{
    if (m_holdfast)
        QVERIFY2(m_holdfast->stop(), "a holdfast process outlived SIGKILL");
    if (m_pushpin)
        QVERIFY2(m_pushpin->stop(), "a pushpin process outlived SIGKILL of its group");
    QVERIFY2(m_backend.problems.isEmpty(), m_backend.problems.join('\n').constData());
}

void TestPushpinDiff::publishBoth(const QJsonArray &items)
{
    const PublishResult fromPushpin = publish(m_pushpinPublish, items);
    const PublishResult fromHoldfast = publish(m_holdfastPublish, items);
    QCOMPARE(fromPushpin.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(fromHoldfast.statusLine, fromPushpin.statusLine);
    QCOMPARE(fromHoldfast.contentType, fromPushpin.contentType);
    QCOMPARE(fromHoldfast.body, fromPushpin.body);
}

void TestPushpinDiff::compareHeads(const Client &pushpin, const Client &holdfast)
{
    const bool bothIn = QTest::qWaitFor(
        [&] { return pushpin.headEnd() >= 0 && holdfast.headEnd() >= 0; }, DeliveryTimeoutMs);
    if (!bothIn)
        qInfo("Pushpin's log:\n%s", m_pushpin->output.constData());
    QVERIFY2(bothIn, "no response head: pushpin got '" + printable(pushpin.received) +
                         "', holdfast got '" + printable(holdfast.received) +
                         "' (Pushpin's log is above)");
    const QByteArray fromPushpin = normalisedHead(pushpin.head());
    const QByteArray fromHoldfast = normalisedHead(holdfast.head());
    if (fromHoldfast == fromPushpin && holdfast.head() != pushpin.head())
        qInfo("%s head: equal once normalised.\nPushpin:\n%s\nHoldfast:\n%s",
              pushpin.name.constData(), printable(pushpin.head()).constData(),
              printable(holdfast.head()).constData());
    QVERIFY2(fromHoldfast == fromPushpin, pushpin.name + " head differs.\nPushpin:\n" +
                                              printable(pushpin.head()) + "\nHoldfast:\n" +
                                              printable(holdfast.head()));
}

// A response without a GRIP instruction is relayed as it is.
void TestPushpinDiff::plainResponse()
{
    for (const QByteArray &path : {QByteArray("/plain"), QByteArray("/missing")}) {
        Client viaPushpin("GET " + path);
        Client viaHoldfast("GET " + path);
        QVERIFY(viaPushpin.get(m_pushpinPort, path));
        QVERIFY(viaHoldfast.get(m_holdfastPort, path));
        compareHeads(viaPushpin, viaHoldfast);
        const qsizetype length = path == "/plain" ? 9 : 13;
        QVERIFY(QTest::qWaitFor(
            [&] {
                return viaPushpin.body().size() >= length && viaHoldfast.body().size() >= length;
            },
            DeliveryTimeoutMs));
        QCOMPARE(viaHoldfast.body(), viaPushpin.body());
    }
}

// HTTP streaming and SSE: the initial body, then every publish, then a close action.
void TestPushpinDiff::streams()
{
    struct Pair
    {
        QByteArray path;
        QByteArray expected; // the payload so far (after de-chunking)
        std::unique_ptr<Client> pushpin;
        std::unique_ptr<Client> holdfast;
    };
    QList<std::shared_ptr<Pair>> pairs;
    // One channel; two channels in a comma list (only the first is published to until the
    // end); SSE on the same channel.
    for (const auto &[path, initial] :
         {std::pair{QByteArray("/stream/diff"), QByteArray("stream open\n")},
          std::pair{QByteArray("/stream/diff-other,diff"), QByteArray("stream open\n")},
          std::pair{QByteArray("/sse/diff"), QByteArray(": stream open\n\n")}}) {
        auto pair = std::make_shared<Pair>();
        pair->path = path;
        pair->expected = initial;
        pair->pushpin = std::make_unique<Client>("pushpin " + path);
        pair->holdfast = std::make_unique<Client>("holdfast " + path);
        QVERIFY(pair->pushpin->get(m_pushpinPort, path));
        QVERIFY(pair->holdfast->get(m_holdfastPort, path));
        pairs.append(pair);
    }
    // Both heads must be in before anything is published: a stream is subscribed by then.
    for (const auto &pair : std::as_const(pairs)) {
        compareHeads(*pair->pushpin, *pair->holdfast);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(pair->pushpin->head().contains("\r\nTransfer-Encoding: chunked"),
                 printable(pair->pushpin->head()));
    }

    // Waits until every client has the expected payload, then compares raw bytes.
    const auto settle = [&](bool compareFraming) {
        for (const auto &pair : std::as_const(pairs)) {
            const auto done = [&](const Client &client) {
                const Dechunked d = dechunk(client.body());
                return d.malformed || d.payload.size() >= pair->expected.size();
            };
            QVERIFY2(QTest::qWaitFor([&] { return done(*pair->pushpin) && done(*pair->holdfast); },
                                     DeliveryTimeoutMs),
                     pair->path + ": not delivered in time.\nPushpin:\n" +
                         printable(pair->pushpin->body()) + "\nHoldfast:\n" +
                         printable(pair->holdfast->body()));
            const Dechunked viaPushpin = dechunk(pair->pushpin->body());
            const Dechunked viaHoldfast = dechunk(pair->holdfast->body());
            QVERIFY2(!viaHoldfast.malformed, printable(pair->holdfast->body()));
            QCOMPARE(viaPushpin.payload, pair->expected);
            QCOMPARE(viaHoldfast.payload, viaPushpin.payload);
            if (compareFraming)
                compareBytes(pair->path + ": the raw (chunked) body", pair->pushpin->body(),
                             pair->holdfast->body());
        }
    };
    settle(true);
    if (QTest::currentTestFailed())
        return;

    const auto sendToDiff = [&](const QJsonObject &format, const QByteArray &payload,
                                bool compareFraming) {
        publishBoth(QJsonArray{streamItem(QStringLiteral("diff"), format)});
        if (QTest::currentTestFailed())
            return;
        for (const auto &pair : std::as_const(pairs))
            pair->expected += payload;
        settle(compareFraming);
    };

    // Plain text, as in the seed.
    sendToDiff({{QStringLiteral("content"), QStringLiteral("hello\n")}}, "hello\n", true);
    if (QTest::currentTestFailed())
        return;
    // An SSE event, as in the seed (text/event-stream needs nothing special).
    const QByteArray event = "event: message\ndata: {\"text\": \"hello world\"}\n\n";
    sendToDiff({{QStringLiteral("content"), QString::fromUtf8(event)}}, event, true);
    if (QTest::currentTestFailed())
        return;
    // Binary content: NUL, CR LF, bytes that are not UTF-8.
    const QByteArray binary("\x00\x01\r\n\xff\xfe\x80 end", 11);
    sendToDiff({{QStringLiteral("content-bin"), QString::fromLatin1(binary.toBase64())}}, binary,
               true);
    if (QTest::currentTestFailed())
        return;
    // UTF-8 text content is sent as UTF-8 bytes.
    const QByteArray utf8 = "gr\xc3\xbc\xc3\x9f \xe2\x82\xac\n";
    sendToDiff({{QStringLiteral("content"), QString::fromUtf8(utf8)}}, utf8, true);
    if (QTest::currentTestFailed())
        return;
    // A large message (under the 65,536-byte limit). Pushpin's condure writes at most 8,192
    // bytes per chunk, so a message this size arrives as several chunks; chunk boundaries carry
    // no meaning (RFC 9112 §7.1), so only the payload is compared for it, and the framing
    // difference is printed for the record.
    QByteArray large;
    for (int i = 0; large.size() < 40'000; ++i)
        large += "line " + QByteArray::number(i) + " of a large message\n";
    const qsizetype before = pairs.first()->pushpin->body().size();
    const qsizetype beforeHoldfast = pairs.first()->holdfast->body().size();
    sendToDiff({{QStringLiteral("content"), QString::fromLatin1(large)}}, large, false);
    if (QTest::currentTestFailed())
        return;
    {
        const Dechunked p = dechunk(pairs.first()->pushpin->body().mid(before) + "0\r\n\r\n");
        const Dechunked h =
            dechunk(pairs.first()->holdfast->body().mid(beforeHoldfast) + "0\r\n\r\n");
        QByteArrayList ps, hs;
        for (qsizetype s : p.sizes)
            ps.append(QByteArray::number(s));
        for (qsizetype s : h.sizes)
            hs.append(QByteArray::number(s));
        qInfo("%lld-byte message: Pushpin chunks [%s], Holdfast chunks [%s]",
              qlonglong(large.size()), ps.join(", ").constData(), hs.join(", ").constData());
    }
    // After the large one, framing lines up again: compare raw bytes from here on.
    for (const auto &pair : std::as_const(pairs)) {
        pair->pushpin->received = pair->pushpin->head() + "\r\n\r\n";
        pair->holdfast->received = pair->holdfast->head() + "\r\n\r\n";
        pair->expected.clear();
    }
    sendToDiff({{QStringLiteral("content"), QStringLiteral("after large\n")}}, "after large\n",
               true);
    if (QTest::currentTestFailed())
        return;

    // A close action ends the stream: the last-chunk, and the connection closes.
    publishBoth(QJsonArray{
        streamItem(QStringLiteral("diff"), {{QStringLiteral("action"), QStringLiteral("close")}})});
    for (const auto &pair : std::as_const(pairs)) {
        const auto ended = [](const Client &client) { return dechunk(client.body()).complete; };
        QVERIFY2(QTest::qWaitFor([&] { return ended(*pair->pushpin) && ended(*pair->holdfast); },
                                 DeliveryTimeoutMs),
                 pair->path + ": stream not ended.\nPushpin:\n" + printable(pair->pushpin->body()) +
                     "\nHoldfast:\n" + printable(pair->holdfast->body()));
        compareBytes(pair->path + ": the raw body up to the close", pair->pushpin->body(),
                     pair->holdfast->body());
    }
    // The response is complete (last-chunk), so HTTP/1.1 lets the connection carry another
    // request. Pushpin keeps it open and serves the next request; Holdfast closes it.
    for (const auto &pair : std::as_const(pairs)) {
        const qsizetype pushpinEnd = pair->pushpin->received.size();
        const qsizetype holdfastEnd = pair->holdfast->received.size();
        compareBytes(pair->path + ": the connection after a close action",
                     reuseOutcome(*pair->pushpin, pushpinEnd),
                     reuseOutcome(*pair->holdfast, holdfastEnd));
    }
}

// Long-polls: one answered by an http-response publish with code, reason, headers and body; one
// by body-bin and nothing else; one left to time out with the backend's response.
void TestPushpinDiff::longPolls()
{
    struct Poll
    {
        QByteArray path;
        std::unique_ptr<Client> pushpin;
        std::unique_ptr<Client> holdfast;
    };
    QList<std::shared_ptr<Poll>> polls;
    for (const QByteArray &path :
         {QByteArray("/poll/diff-full"), QByteArray("/poll/diff-bin"), QByteArray("/poll/none")}) {
        auto poll = std::make_shared<Poll>();
        poll->path = path;
        poll->pushpin = std::make_unique<Client>("pushpin " + path);
        poll->holdfast = std::make_unique<Client>("holdfast " + path);
        QVERIFY(poll->pushpin->get(m_pushpinPort, path));
        QVERIFY(poll->holdfast->get(m_holdfastPort, path));
        polls.append(poll);
    }
    QElapsedTimer sinceRequests;
    sinceRequests.start();
    // A long-poll sends nothing until it is answered: wait for each proxy to log the
    // subscription (Pushpin's handler: "subscribe URL channel=NAME"; Holdfast: "PATH held").
    for (const auto &poll : std::as_const(polls)) {
        QVERIFY2(m_pushpin->waitForOutput(poll->path + " channel=", DeliveryTimeoutMs),
                 m_pushpin->output);
        QVERIFY2(m_holdfast->waitForOutput(poll->path + " held (long-poll)", DeliveryTimeoutMs),
                 m_holdfast->output);
    }

    publishBoth(QJsonArray{
        responseItem(
            QStringLiteral("diff-full"),
            {{QStringLiteral("code"), 201},
             {QStringLiteral("reason"), QStringLiteral("Made It")},
             {QStringLiteral("headers"),
              QJsonObject{{QStringLiteral("Content-Type"), QStringLiteral("application/json")},
                          {QStringLiteral("X-Published"), QStringLiteral("yes")}}},
             {QStringLiteral("body"), QStringLiteral("{\"answer\": 42}\n")}}),
        responseItem(QStringLiteral("diff-bin"),
                     {{QStringLiteral("body-bin"),
                       QString::fromLatin1(QByteArray("\x00\xff\r\n", 4).toBase64())}})});
    if (QTest::currentTestFailed())
        return;

    const auto complete = [](const Client &client) {
        if (client.headEnd() < 0)
            return false;
        const QByteArray head = client.head().toLower();
        const qsizetype at = head.indexOf("\r\ncontent-length:");
        if (at < 0)
            return client.closed;
        const qsizetype length =
            head.mid(at + 17, head.indexOf('\r', at + 2) - at - 17).trimmed().toLongLong();
        return client.body().size() >= length;
    };
    for (const auto &poll : std::as_const(polls)) {
        if (poll->path == "/poll/none")
            continue;
        QVERIFY2(
            QTest::qWaitFor([&] { return complete(*poll->pushpin) && complete(*poll->holdfast); },
                            DeliveryTimeoutMs),
            poll->path + ": no complete response.\nPushpin:\n" +
                printable(poll->pushpin->received) + "\nHoldfast:\n" +
                printable(poll->holdfast->received));
        compareBytes(poll->path + ": the response to a publish", poll->pushpin->received,
                     poll->holdfast->received);
    }

    // The third one times out after Grip-Timeout with the backend's own response.
    const auto &timedOut = polls.last();
    QVERIFY2(QTest::qWaitFor(
                 [&] { return complete(*timedOut->pushpin) && complete(*timedOut->holdfast); },
                 LongPollTimeoutSecs * 1000 + DeliveryTimeoutMs),
             "no timeout response.\nPushpin:\n" + printable(timedOut->pushpin->received) +
                 "\nHoldfast:\n" + printable(timedOut->holdfast->received));
    qInfo("long-poll timeout response after %lld ms", qlonglong(sinceRequests.elapsed()));
    QVERIFY(sinceRequests.elapsed() >= (LongPollTimeoutSecs - 1) * 1000);
    compareBytes("the long-poll timeout response", timedOut->pushpin->received,
                 timedOut->holdfast->received);

    // A long-poll response has a Content-Length, so the connection can carry another request.
    for (const auto &poll : std::as_const(polls)) {
        const qsizetype pushpinEnd = poll->pushpin->received.size();
        const qsizetype holdfastEnd = poll->holdfast->received.size();
        compareBytes(poll->path + ": the connection after the response",
                     reuseOutcome(*poll->pushpin, pushpinEnd),
                     reuseOutcome(*poll->holdfast, holdfastEnd));
    }
}

// prefix= puts the route's prefix before the channel the backend names, sub= adds an implicit
// channel, orig_headers passes the client's headers marked as originals beside the route's
// header= rewrite (an empty one removes); a route without orig_headers drops headers a client
// marked itself.
void TestPushpinDiff::routeChannelAndHeaderOptions()
{
    const QByteArray clientHeaders =
        "X-Tenant: client\r\neb9bf0f5-X-Forged: by the client\r\nCookie: session=1\r\n";
    const QByteArray path = "/routed/stream/diff-r";
    Client viaPushpin("pushpin " + path);
    Client viaHoldfast("holdfast " + path);
    QVERIFY(viaPushpin.get(m_pushpinPort, path, clientHeaders + "X-Via: pushpin\r\n"));
    QVERIFY(viaHoldfast.get(m_holdfastPort, path, clientHeaders + "X-Via: holdfast\r\n"));
    compareHeads(viaPushpin, viaHoldfast);
    if (QTest::currentTestFailed())
        return;

    QByteArray expected = "stream open\n";
    for (const auto &[channel, content, arrives] :
         {std::tuple{"diff-r", "unprefixed: nobody\n", false},
          std::tuple{"p-diff-r", "prefixed\n", true},
          std::tuple{"diff-implicit", "implicit\n", true}}) {
        publishBoth(QJsonArray{streamItem(QString::fromLatin1(channel),
                                          {{QStringLiteral("content"), QLatin1String(content)}})});
        if (QTest::currentTestFailed())
            return;
        if (!arrives)
            continue;
        expected += content;
        const auto has = [&](const Client &client) {
            return dechunk(client.body()).payload.size() >= expected.size();
        };
        QVERIFY2(
            QTest::qWaitFor([&] { return has(viaPushpin) && has(viaHoldfast); }, DeliveryTimeoutMs),
            "not delivered.\nPushpin:\n" + printable(viaPushpin.body()) + "\nHoldfast:\n" +
                printable(viaHoldfast.body()));
        // Nothing from the unprefixed channel came first, through either.
        QCOMPARE(dechunk(viaPushpin.body()).payload, expected);
        QCOMPARE(dechunk(viaHoldfast.body()).payload, expected);
    }
    compareBytes("the raw body of a routed stream", viaPushpin.body(), viaHoldfast.body());

    // What the backend was told about the client's headers, through each.
    const QByteArrayList marked = markedHeaders("/stream/diff-r", "pushpin");
    QVERIFY2(marked.contains("x-tenant:route"), marked.join('\n'));
    QVERIFY2(marked.contains("eb9bf0f5-x-tenant:route"), marked.join('\n'));
    QVERIFY2(marked.contains("eb9bf0f5-x-forged:by the client"), marked.join('\n'));
    // header=Cookie: (no value) removed the client's cookie before the copies were taken.
    QVERIFY2(!marked.join('\n').contains("cookie"), marked.join('\n'));
    QCOMPARE(markedHeaders("/stream/diff-r", "holdfast"), marked);

    // The route without orig_headers: a marked header from the client does not reach the backend.
    Client plainPushpin("pushpin /plain");
    Client plainHoldfast("holdfast /plain");
    QVERIFY(plainPushpin.get(m_pushpinPort, "/plain", clientHeaders + "X-Via: pushpin\r\n"));
    QVERIFY(plainHoldfast.get(m_holdfastPort, "/plain", clientHeaders + "X-Via: holdfast\r\n"));
    compareHeads(plainPushpin, plainHoldfast);
    const QByteArrayList plain = markedHeaders("/plain", "pushpin");
    QCOMPARE(plain, QByteArrayList{"x-tenant:client"});
    QCOMPARE(markedHeaders("/plain", "holdfast"), plain);
}

QTEST_GUILESS_MAIN(TestPushpinDiff)
#include "tst_pushpindiff.moc"
