// Interop: a real browser. Debian's Chromium (/usr/bin/chromium, the `chromium` package; never a
// downloaded browser), headless, loads a page from the real holdfast binary's own origin: the
// page comes from a tiny server in this test behind a passthrough route, while /test/ goes to the
// built-in test backend. The page opens `new WebSocket('ws://<broker>/test/websocket')` and
// `new EventSource('/test/sse')` and reports every event with fetch('/report?...'), which comes
// back through the broker to the test's server. The test publishes a ws-message and an
// http-stream SSE event to channel "test" and asserts the page received both, and the WebSocket
// echo of what the page sent.
//
// Chromium runs as the machine notes say: --headless --no-sandbox --disable-gpu --disable-quic
// --no-first-run --disable-background-networking --disable-component-update --disable-sync, with
// a fresh --user-data-dir, in its own process group, killed at the end. Skips when
// /usr/bin/chromium is absent (apt-get install chromium; tools/bootstrap.sh installs it).
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "interop.h"

using namespace interop;

namespace {

constexpr int WaitMs = 20'000;
const QString Chromium = QStringLiteral("/usr/bin/chromium");

const QByteArray Page = R"(<!doctype html>
<html><head><meta charset="utf-8"><title>holdfast interop</title></head><body>
<script>
let seq = 0;
function report(what) {
  fetch('/report?' + (seq++) + ':' + encodeURIComponent(what), {cache: 'no-store'}).catch(() => {});
}
const ws = new WebSocket('ws://' + location.host + '/test/websocket');
ws.onopen = () => { report('ws-open'); ws.send('from-browser'); };
ws.onmessage = (e) => report('ws-message ' + e.data);
ws.onclose = (e) => report('ws-close ' + e.code);
ws.onerror = () => report('ws-error');
const es = new EventSource('/test/sse');
es.onopen = () => report('sse-open');
es.onmessage = (e) => report('sse-message ' + e.data);
es.addEventListener('greeting', (e) => report('sse-greeting ' + e.data));
es.onerror = () => report('sse-error ' + es.readyState);
report('script-ran ' + navigator.userAgent.includes('HeadlessChrome'));
</script></body></html>
)";

// Serves GET /page.html and records GET /report?N:WHAT; everything else is a 404.
class PageServer
{
public:
    PageServer()
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

    bool hasReport(const QByteArray &what) const { return reports.contains(what); }

    QByteArrayList reports; // WHAT, in arrival order (decoded)
    QByteArrayList requests;

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &in = m_buffers[socket];
        in += socket->readAll();
        for (qsizetype end = in.indexOf("\r\n\r\n"); end >= 0; end = in.indexOf("\r\n\r\n")) {
            const QByteArray head = in.left(end);
            in.remove(0, end + 4); // GETs only
            const QByteArray target = head.left(head.indexOf("\r\n")).split(' ').value(1);
            requests.append(target);
            QByteArray status = "200 OK";
            QByteArray type = "text/plain";
            QByteArray body = "ok\n";
            if (target == "/page.html") {
                type = "text/html; charset=utf-8";
                body = Page;
            } else if (target.startsWith("/report?")) {
                const QByteArray query = target.mid(8);
                reports.append(
                    QUrl::fromPercentEncoding(query.mid(query.indexOf(':') + 1)).toUtf8());
            } else {
                status = "404 Not Found";
                body = "not found\n";
            }
            socket->write("HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                          "\r\nCache-Control: no-store\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestChromium : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void webSocketAndEventSource();

private:
    bool waitReport(const QByteArray &what);

    QTemporaryDir m_dir;
    PageServer m_pages;
    HoldfastProcess m_holdfast;
    ChildProcess m_chromium;
};

void TestChromium::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    if (!QFileInfo(Chromium).isExecutable())
        QSKIP(
            "/usr/bin/chromium is missing (apt-get install chromium, as tools/bootstrap.sh does)");
    QVERIFY(m_dir.isValid());
    QVERIFY(m_pages.listen());
    QByteArray why;
    // /test/ to the built-in test backend, everything else to the page server: one origin.
    QVERIFY2(m_holdfast.start(
                 m_dir.path(),
                 "*,path_beg=/test/ test\n* 127.0.0.1:" + QByteArray::number(m_pages.port()) + "\n",
                 {}, &why),
             why.constData());
}

void TestChromium::cleanupTestCase()
{
    QVERIFY2(m_chromium.stop(), "a chromium process outlived SIGKILL of its group");
    QVERIFY2(m_holdfast.stop(), "a holdfast process outlived SIGKILL");
}

bool TestChromium::waitReport(const QByteArray &what)
{
    if (QTest::qWaitFor([&] { return m_pages.hasReport(what); }, WaitMs))
        return true;
    qWarning("no report '%s'. Reports: [%s]\nrequests: [%s]\nchromium:\n%s\nholdfast:\n%s",
             what.constData(), m_pages.reports.join(" | ").constData(),
             m_pages.requests.join(" | ").constData(), m_chromium.output.right(4000).constData(),
             m_holdfast.child->output.right(4000).constData());
    return false;
}

void TestChromium::webSocketAndEventSource()
{
    QElapsedTimer timer;
    timer.start();
    const QString url = QStringLiteral("http://127.0.0.1:%1/page.html").arg(m_holdfast.port);
    QVERIFY(m_chromium.start(
        Chromium,
        {QStringLiteral("--headless"), QStringLiteral("--no-sandbox"),
         QStringLiteral("--disable-gpu"), QStringLiteral("--disable-quic"),
         QStringLiteral("--no-first-run"), QStringLiteral("--disable-background-networking"),
         QStringLiteral("--disable-component-update"), QStringLiteral("--disable-sync"),
         QStringLiteral("--disable-dev-shm-usage"),
         QStringLiteral("--user-data-dir=") + m_dir.filePath(QStringLiteral("chromium")), url}));
    QVERIFY(waitReport("script-ran true"));
    QVERIFY(waitReport("ws-open"));
    QVERIFY(waitReport("sse-open"));
    qInfo("page loaded, WebSocket and EventSource open after %lld ms", qlonglong(timer.elapsed()));
    // The built-in backend echoes what the page sent on open.
    QVERIFY(waitReport("ws-message from-browser"));

    QCOMPARE(
        interop::publish(
            m_holdfast.publishPort,
            R"([{"channel":"test","formats":{"ws-message":{"content":"hello from a publish"}}}])"),
        QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(
        interop::publish(
            m_holdfast.publishPort,
            R"([{"channel":"test","formats":{"http-stream":{"content":"data: sse hello\n\n"}}}])"),
        QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(
        interop::publish(
            m_holdfast.publishPort,
            R"([{"channel":"test","formats":{"http-stream":{"content":"event: greeting\ndata: gr\u00fc\u00df\n\n"}}}])"),
        QByteArray("HTTP/1.1 200 OK"));
    QVERIFY(waitReport("ws-message hello from a publish"));
    QVERIFY(waitReport("sse-message sse hello"));
    QVERIFY(waitReport("sse-greeting gr\xc3\xbc\xc3\x9f"));

    // A close action with a code reaches the page's WebSocket.
    QCOMPARE(interop::publish(
                 m_holdfast.publishPort,
                 R"([{"channel":"test","formats":{"ws-message":{"action":"close","code":4005}}}])"),
             QByteArray("HTTP/1.1 200 OK"));
    QVERIFY(waitReport("ws-close 4005"));
    QVERIFY2(!m_pages.reports.contains("ws-error") && !m_pages.reports.contains("sse-error 2"),
             m_pages.reports.join(" | "));
    qInfo("all reports in after %lld ms: %s", qlonglong(timer.elapsed()),
          m_pages.reports.join(" | ").constData());
    QVERIFY2(m_chromium.stop(), "a chromium process outlived SIGKILL of its group");
}

QTEST_GUILESS_MAIN(TestChromium)
#include "tst_chromium.moc"
