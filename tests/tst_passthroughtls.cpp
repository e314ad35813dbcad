#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "pythonpeer.h"
#include "testcerts.h"

// TLS towards the origin: a ws_origin.py serving a certificate from a CA made at test time, and
// an in-process broker that trusts that CA only when Configuration::extraCaFile names it.
namespace {

constexpr int PeerTimeoutMs = 30'000;

const QString OriginScript = QStringLiteral("ws_origin.py");
const QString ClientScript = QStringLiteral("ws_client.py");

struct RawReply
{
    QByteArray bytes;
    bool closedByPeer = false;

    QByteArray statusLine() const { return bytes.left(bytes.indexOf("\r\n")); }
    QByteArray body() const
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : bytes.mid(end + 4);
    }
};

// A hand-written upgrade request, so the test sees the status line and body exactly as sent.
RawReply rawUpgrade(quint16 port, int timeoutMs)
{
    RawReply reply;
    QTcpSocket socket;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { reply.bytes += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(5000))
        return reply;
    socket.write("GET /secure HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n");
    reply.closedByPeer = QTest::qWaitFor(
        [&] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    reply.bytes += socket.readAll();
    return reply;
}

} // namespace

class TestPassthroughTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void trustedByExtraCa();
    void unknownCertificateIs502();
    void insecureOptionAcceptsUnknownCa();
    void untrustedTargetMayNotReachLoopback();
    void untrustedTargetFailsOverToTheNext();
    void hostOverride_data();
    void hostOverride();
    void hostOverrideNamesTheCertificate();
    void plainOriginOnTlsRouteIs502();

private:
    bool startTlsOrigin(PythonPeer *origin, const QString &certFile, const QString &keyFile);
    // routeLine with %1 standing for the origin's port.
    static Configuration configFor(const QString &routeLine, quint16 originPort,
                                   const QString &caFile);
    // A python client's echo scenario through the broker; empty on success, else why not.
    static QByteArray echoThrough(quint16 brokerPort);

    QTemporaryDir m_dir;
    QString m_caFile;
    QString m_certFile; // SAN 127.0.0.1 and localhost
    QString m_keyFile;
    QString m_dnsOnlyCert; // SAN localhost only: an IP target verifies only with host=localhost
    QString m_dnsOnlyKey;
};

void TestPassthroughTls::initTestCase()
{
    if (!PythonPeer::websocketsAvailable())
        QSKIP("/usr/bin/python3 cannot import websockets (apt install python3-websockets)");
    QVERIFY(m_dir.isValid());
    const TestCertificate ca = TestCerts::makeCa("Holdfast Test CA");
    QVERIFY(!ca.isNull());
    const TestCertificate server =
        TestCerts::makeServer(ca, "holdfast-origin", {"localhost"}, {"127.0.0.1"});
    QVERIFY(!server.isNull());
    const TestCertificate dnsOnly = TestCerts::makeServer(ca, "holdfast-origin", {"localhost"}, {});
    QVERIFY(!dnsOnly.isNull());

    m_caFile = m_dir.filePath(QStringLiteral("ca.pem"));
    m_certFile = m_dir.filePath(QStringLiteral("server.pem"));
    m_keyFile = m_dir.filePath(QStringLiteral("server.key"));
    m_dnsOnlyCert = m_dir.filePath(QStringLiteral("dns-only.pem"));
    m_dnsOnlyKey = m_dir.filePath(QStringLiteral("dns-only.key"));
    QVERIFY(TestCerts::writeFile(m_caFile, ca.certPem));
    QVERIFY(TestCerts::writeFile(m_certFile, server.certPem));
    QVERIFY(TestCerts::writeFile(m_keyFile, server.keyPem));
    QVERIFY(TestCerts::writeFile(m_dnsOnlyCert, dnsOnly.certPem));
    QVERIFY(TestCerts::writeFile(m_dnsOnlyKey, dnsOnly.keyPem));
}

bool TestPassthroughTls::startTlsOrigin(PythonPeer *origin, const QString &certFile,
                                        const QString &keyFile)
{
    return origin->start(OriginScript, {QStringLiteral("--tls-cert"), certFile,
                                        QStringLiteral("--tls-key"), keyFile});
}

Configuration TestPassthroughTls::configFor(const QString &routeLine, quint16 originPort,
                                            const QString &caFile)
{
    Configuration config =
        BrokerRunner::configFor(routeLine.arg(originPort).toUtf8() + QByteArrayLiteral("\n"));
    config.extraCaFile = caFile;
    return config;
}

QByteArray TestPassthroughTls::echoThrough(quint16 brokerPort)
{
    PythonPeer client;
    if (!client.startClient(ClientScript,
                            {QStringLiteral("--url"),
                             QStringLiteral("ws://127.0.0.1:%1/secure").arg(brokerPort),
                             QStringLiteral("--scenario"), QStringLiteral("echo")}))
        return "the client did not start";
    if (!client.waitForFinished(PeerTimeoutMs))
        return "the client did not finish: " + describe(client);
    const QJsonObject result = client.finalJson();
    if (!result.value(QLatin1String("ok")).toBool())
        return QJsonDocument(result).toJson(QJsonDocument::Compact) + describe(client);
    return {};
}

void TestPassthroughTls::trustedByExtraCa()
{
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(broker.start(configFor(QStringLiteral("* 127.0.0.1:%1,ssl"), origin.port(), m_caFile)));

    const QByteArray failure = echoThrough(broker.port);
    QVERIFY2(failure.isEmpty(), failure);
    QByteArray open;
    QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    QCOMPARE(PythonPeer::fields(open).value("path"), QByteArray("/secure"));
}

void TestPassthroughTls::unknownCertificateIs502()
{
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(
        broker.start(configFor(QStringLiteral("* 127.0.0.1:%1,ssl"), origin.port(), QString())));

    const RawReply reply = rawUpgrade(broker.port, PeerTimeoutMs);
    QVERIFY2(reply.closedByPeer, reply.bytes);
    QVERIFY2(reply.statusLine().startsWith("HTTP/1.1 502 "), reply.bytes);
    const QByteArray body = reply.body();
    QVERIFY2(body.startsWith("holdfast: route '*,*,*,*': "), body);
    QVERIFY2(body.contains("TLS certificate not trusted: "), body);
    // The origin sends only its own certificate, whose issuer nobody trusts here.
    QVERIFY2(body.contains("unable to get local issuer certificate"), body);
    QVERIFY2(!origin.lines().join('\n').contains("OPEN "), origin.lines().join('\n'));

    QTRY_COMPARE_WITH_TIMEOUT(broker.closedCount(), 1, 5000);
    ConnectionInfo info;
    QVERIFY(broker.closedRecord(0, &info));
    QCOMPARE(info.closeCode, 502);
}

void TestPassthroughTls::insecureOptionAcceptsUnknownCa()
{
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(broker.start(
        configFor(QStringLiteral("* 127.0.0.1:%1,ssl,insecure"), origin.port(), QString())));

    const QByteArray failure = echoThrough(broker.port);
    QVERIFY2(failure.isEmpty(), failure);
    QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs));
}

// Pushpin's `untrusted` takes the target's exemption from the outbound policy away: it may not
// connect to this host or a private network. It never turns certificate checks off.
void TestPassthroughTls::untrustedTargetMayNotReachLoopback()
{
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(broker.start(
        configFor(QStringLiteral("* localhost:%1,ssl,untrusted"), origin.port(), m_caFile)));

    const RawReply reply = rawUpgrade(broker.port, PeerTimeoutMs);
    QVERIFY2(reply.statusLine().startsWith("HTTP/1.1 502 "), reply.bytes);
    const QByteArray body = reply.body();
    QVERIFY2(body.contains("refused: the target is marked untrusted and 127.0.0.1 is a private "
                           "address"),
             body);
    QVERIFY2(!origin.lines().join('\n').contains("OPEN "), origin.lines().join('\n'));
}

void TestPassthroughTls::untrustedTargetFailsOverToTheNext()
{
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(broker.start(
        configFor(QStringLiteral("* 127.0.0.1:%1,ssl,untrusted,insecure 127.0.0.1:%1,ssl,insecure"),
                  origin.port(), QString())));

    const QByteArray failure = echoThrough(broker.port);
    QVERIFY2(failure.isEmpty(), failure);
    QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs));
}

void TestPassthroughTls::hostOverride_data()
{
    QTest::addColumn<QString>("route");
    QTest::addRow("name target") << QStringLiteral("* localhost:%1,ssl,host=localhost");
    QTest::addRow("address target") << QStringLiteral("* 127.0.0.1:%1,ssl,host=localhost");
}

void TestPassthroughTls::hostOverride()
{
    QFETCH(QString, route);
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_certFile, m_keyFile));
    BrokerRunner broker;
    QVERIFY(broker.start(configFor(route, origin.port(), m_caFile)));

    const QByteArray failure = echoThrough(broker.port);
    QVERIFY2(failure.isEmpty(), failure);
    QByteArray open;
    QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
    QCOMPARE(PythonPeer::fields(open).value("host"), QByteArray("localhost"));
}

void TestPassthroughTls::hostOverrideNamesTheCertificate()
{
    // A certificate for localhost only: reached by address, it verifies only if host= gives the
    // name, so this shows host= is the name checked, not just the Host header.
    PythonPeer origin;
    QVERIFY(startTlsOrigin(&origin, m_dnsOnlyCert, m_dnsOnlyKey));
    {
        BrokerRunner broker;
        QVERIFY(
            broker.start(configFor(QStringLiteral("* 127.0.0.1:%1,ssl"), origin.port(), m_caFile)));
        const RawReply reply = rawUpgrade(broker.port, PeerTimeoutMs);
        QVERIFY2(reply.statusLine().startsWith("HTTP/1.1 502 "), reply.bytes);
        QVERIFY2(reply.body().contains("TLS certificate not trusted: "), reply.bytes);
    }
    BrokerRunner broker;
    QVERIFY(broker.start(
        configFor(QStringLiteral("* 127.0.0.1:%1,ssl,host=localhost"), origin.port(), m_caFile)));
    const QByteArray failure = echoThrough(broker.port);
    QVERIFY2(failure.isEmpty(), failure);
}

void TestPassthroughTls::plainOriginOnTlsRouteIs502()
{
    PythonPeer origin;
    QVERIFY(origin.start(OriginScript, {}));
    BrokerRunner broker;
    QVERIFY(broker.start(configFor(QStringLiteral("* 127.0.0.1:%1,ssl"), origin.port(), m_caFile)));

    const RawReply reply = rawUpgrade(broker.port, PeerTimeoutMs);
    QVERIFY2(reply.closedByPeer, reply.bytes);
    QVERIFY2(reply.statusLine().startsWith("HTTP/1.1 502 "), reply.bytes);
    const QByteArray body = reply.body();
    QVERIFY2(body.startsWith("holdfast: route '*,*,*,*': "), body);
    QVERIFY2(body.contains("TLS handshake failed"), body);
    QVERIFY2(!origin.lines().join('\n').contains("OPEN "), origin.lines().join('\n'));
}

QTEST_GUILESS_MAIN(TestPassthroughTls)
#include "tst_passthroughtls.moc"
