// The client-facing TLS listener (--tls-listen, --cert, --key): https:// with curl and wss://
// with python3-websockets against a CA made at test time, a plain-HTTP client on the TLS port,
// certificate reloads (file change, SIGHUP) and the start-up checks (missing file, mismatched key,
// expired certificate).
#include <csignal>
#include <memory>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "pythonpeer.h"
#include "sockettestutil.h"
#include "testcerts.h"
#include "testpublisher.h"

using namespace sockettest;

namespace {
constexpr int Wait = 10'000;
const QByteArray Routes = "*,path_beg=/test/ test\n";

// A self-signed certificate whose validity ended yesterday; TestCerts only makes valid ones.
TestCertificate makeExpired()
{
    TestCertificate result;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    if (!key || !cert)
        return result;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
    X509_gmtime_adj(X509_getm_notBefore(cert), -2 * 86400);
    X509_gmtime_adj(X509_getm_notAfter(cert), -86400);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("expired"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_set_pubkey(cert, key);
    if (X509_sign(cert, key, EVP_sha256()) > 0) {
        BIO *certBio = BIO_new(BIO_s_mem());
        BIO *keyBio = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(certBio, cert);
        PEM_write_bio_PrivateKey(keyBio, key, nullptr, nullptr, 0, nullptr, nullptr);
        char *data = nullptr;
        long size = BIO_get_mem_data(certBio, &data);
        result.certPem = QByteArray(data, int(size));
        size = BIO_get_mem_data(keyBio, &data);
        result.keyPem = QByteArray(data, int(size));
        BIO_free(certBio);
        BIO_free(keyBio);
    }
    X509_free(cert);
    EVP_PKEY_free(key);
    return result;
}

QString commonName(const QSslSocket &socket)
{
    const QStringList names = socket.peerCertificate().subjectInfo(QSslCertificate::CommonName);
    return names.isEmpty() ? QString() : names.first();
}
} // namespace

class TestTlsListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void httpsRequestAndFanoutStream();
    void wssFanoutAndPassthrough();
    void originSeesForwardedProtoHttps();
    void sslConditionFollowsTheListener_data();
    void sslConditionFollowsTheListener();
    void plainHttpOnTlsPortIsAnswered400();
    void connectionLimitAnswers503ThroughTls();
    void badCertificateRefusesStart_data();
    void badCertificateRefusesStart();
    void headlessSaysWhichFileIsWrong();
    void reloadOnFileChangeKeepsLiveConnections();
    void failedReloadKeepsPreviousCertificate();
    void sighupReloadsInHeadlessMode();

private:
    Configuration tlsConfig(const QByteArray &routes = Routes) const;
    bool startBroker(const Configuration &config);
    std::unique_ptr<QSslSocket> tlsConnect() const;
    QByteArray metrics() const;
    void install(const TestCertificate &cert, const TestCertificate &key) const;

    QTemporaryDir m_dir;
    QString m_caFile;
    QString m_certFile;
    QString m_keyFile;
    TestCertificate m_first;
    TestCertificate m_second;
    std::unique_ptr<BrokerRunner> m_broker;
    quint16 m_tlsPort = 0;
};

void TestTlsListener::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const TestCertificate ca = TestCerts::makeCa("Holdfast Listener Test CA");
    QVERIFY(!ca.isNull());
    m_first = TestCerts::makeServer(ca, "first", {"localhost"}, {"127.0.0.1"});
    m_second = TestCerts::makeServer(ca, "second", {"localhost"}, {"127.0.0.1"});
    QVERIFY(!m_first.isNull() && !m_second.isNull());
    m_caFile = m_dir.filePath(QStringLiteral("ca.pem"));
    m_certFile = m_dir.filePath(QStringLiteral("server.pem"));
    m_keyFile = m_dir.filePath(QStringLiteral("server.key"));
    QVERIFY(TestCerts::writeFile(m_caFile, ca.certPem));
}

void TestTlsListener::init()
{
    m_broker.reset();
    m_tlsPort = 0;
    install(m_first, m_first);
}

void TestTlsListener::install(const TestCertificate &cert, const TestCertificate &key) const
{
    QVERIFY(TestCerts::writeFile(m_certFile, cert.certPem));
    QVERIFY(TestCerts::writeFile(m_keyFile, key.keyPem));
}

Configuration TestTlsListener::tlsConfig(const QByteArray &routes) const
{
    Configuration config = BrokerRunner::configFor(routes);
    config.tlsListenPort = 0;
    config.tlsCertFile = m_certFile;
    config.tlsKeyFile = m_keyFile;
    config.shutdownGraceMs = 500;
    return config;
}

bool TestTlsListener::startBroker(const Configuration &config)
{
    m_broker = std::make_unique<BrokerRunner>();
    QObject::connect(&m_broker->host, &BrokerHost::tlsListening,
                     [this](const QString &, quint16 port) { m_tlsPort = port; });
    return m_broker->start(config) && m_tlsPort != 0;
}

std::unique_ptr<QSslSocket> TestTlsListener::tlsConnect() const
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(m_caFile));
    socket->setSslConfiguration(tls);
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_tlsPort,
                                   QStringLiteral("localhost"));
    if (!socket->waitForEncrypted(Wait)) {
        qWarning("TLS connect failed: %s", qPrintable(socket->errorString()));
        return nullptr;
    }
    return socket;
}

QByteArray TestTlsListener::metrics() const
{
    const auto socket = connectTo(m_broker->publishPort);
    if (!socket)
        return {};
    writeNow(socket.get(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return readUntilClosed(socket.get());
}

void TestTlsListener::httpsRequestAndFanoutStream()
{
    QVERIFY(startBroker(tlsConfig()));
    const QStringList common = {QStringLiteral("-sS"), QStringLiteral("--cacert"), m_caFile,
                                QStringLiteral("--max-time"), QStringLiteral("10")};

    QProcess plain;
    plain.start(QStringLiteral("curl"),
                common + QStringList{QStringLiteral("-o"), QStringLiteral("/dev/null"),
                                     QStringLiteral("-w"), QStringLiteral("%{http_code}"),
                                     QStringLiteral("https://127.0.0.1:%1/none").arg(m_tlsPort)});
    QVERIFY(plain.waitForFinished(Wait));
    QCOMPARE(plain.readAllStandardOutput(), QByteArray("404"));

    // Fanout over HTTP through TLS: a held stream, then a publish reaches it. (curl buffers a
    // streamed body when its output is a pipe, so this client is a QSslSocket.)
    const auto stream = tlsConnect();
    QVERIFY(stream);
    stream->write("GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += stream->readAll()).contains("\r\n\r\n"), Wait);
    QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
    harness::Publisher publisher(m_broker->publishPort);
    QVERIFY(publisher.publish(
        harness::items({harness::streamItem(QStringLiteral("test"), "over-tls\n")})));
    QTRY_VERIFY_WITH_TIMEOUT((received += stream->readAll()).contains("over-tls"), Wait);
}

void TestTlsListener::wssFanoutAndPassthrough()
{
    if (!PythonPeer::websocketsAvailable())
        QSKIP("/usr/bin/python3 cannot import websockets (apt install python3-websockets)");
    PythonPeer origin;
    QVERIFY(origin.start(QStringLiteral("ws_origin.py"), {}));
    QVERIFY(
        startBroker(tlsConfig(Routes + "* 127.0.0.1:" + QByteArray::number(origin.port()) + "\n")));
    for (const QString &path : {QStringLiteral("/test/websocket"), QStringLiteral("/echo")}) {
        PythonPeer client;
        QVERIFY(client.startClient(QStringLiteral("ws_client.py"),
                                   {QStringLiteral("--url"),
                                    QStringLiteral("wss://127.0.0.1:%1%2").arg(m_tlsPort).arg(path),
                                    QStringLiteral("--cafile"), m_caFile,
                                    QStringLiteral("--scenario"), QStringLiteral("echo")}));
        QVERIFY(client.waitForFinished(30'000));
        QVERIFY2(client.exitCode() == 0,
                 (path + QLatin1Char(' ') + QString::fromUtf8(client.lines().join('\n')) +
                  QString::fromUtf8(client.stderrText()))
                     .toUtf8()
                     .constData());
    }
}

void TestTlsListener::originSeesForwardedProtoHttps()
{
    QTcpServer origin;
    QVERIFY(origin.listen(QHostAddress::LocalHost, 0));
    QVERIFY(startBroker(
        tlsConfig("*,path_beg=/fwd/ 127.0.0.1:" + QByteArray::number(origin.serverPort()) + "\n")));
    const auto client = tlsConnect();
    QVERIFY(client);
    client->write("GET /fwd/x HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(origin.hasPendingConnections(), Wait);
    QTcpSocket *relayed = origin.nextPendingConnection();
    QByteArray request;
    QTRY_VERIFY_WITH_TIMEOUT((request += relayed->readAll()).contains("\r\n\r\n"), Wait);
    QVERIFY2(request.contains("\r\nX-Forwarded-Proto: https\r\n"), request.constData());
    relayed->write("HTTP/1.1 204 No Content\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += client->readAll()).contains("\r\n\r\n"), Wait);
    QVERIFY2(answer.startsWith("HTTP/1.1 204"), answer.constData());
}

void TestTlsListener::connectionLimitAnswers503ThroughTls()
{
    Configuration config = tlsConfig();
    config.maxConnections = 1;
    QVERIFY(startBroker(config));
    const auto first = tlsConnect();
    QVERIFY(first);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nconnection_connected 1\n"), Wait);
    const auto refused = tlsConnect();
    QVERIFY(refused);
    refused->write("GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += refused->readAll()).contains("try again later") ||
                                 refused->state() == QAbstractSocket::UnconnectedState,
                             Wait);
    QVERIFY2(answer.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), answer.constData());
    QVERIFY(answer.contains("\r\nRetry-After: 5\r\n"));
    // One more waits for its answer while the broker stops: it is closed, nothing leaks.
    const auto waiting = tlsConnect();
    QVERIFY(waiting);
    QVERIFY(m_broker->stop());
}

void TestTlsListener::sslConditionFollowsTheListener_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("overTls");
    QTest::addColumn<QByteArray>("expected");
    // The test backend answers an unknown path 404 with its own text; no route is 404 too, with
    // the broker's. Which one comes back says which route matched, if any.
    const QByteArray backend = "the test backend serves";
    const QByteArray none = "no route for host";
    QTest::addRow("ssl=yes over TLS") << QStringLiteral("/tls-only/x") << true << backend;
    QTest::addRow("ssl=yes over plain") << QStringLiteral("/tls-only/x") << false << none;
    QTest::addRow("ssl=no over plain") << QStringLiteral("/plain-only/x") << false << backend;
    QTest::addRow("ssl=no over TLS") << QStringLiteral("/plain-only/x") << true << none;
}

void TestTlsListener::sslConditionFollowsTheListener()
{
    QFETCH(QString, path);
    QFETCH(bool, overTls);
    QFETCH(QByteArray, expected);
    QVERIFY(startBroker(
        tlsConfig("*,ssl=yes,path_beg=/tls-only/ test\n*,ssl=no,path_beg=/plain-only/ test\n")));
    const QString url = overTls
                            ? QStringLiteral("https://127.0.0.1:%1%2").arg(m_tlsPort).arg(path)
                            : QStringLiteral("http://127.0.0.1:%1%2").arg(m_broker->port).arg(path);
    QProcess curl;
    curl.start(QStringLiteral("curl"), {QStringLiteral("-sS"), QStringLiteral("--cacert"), m_caFile,
                                        QStringLiteral("--max-time"), QStringLiteral("10"), url});
    QVERIFY(curl.waitForFinished(Wait));
    const QByteArray body = curl.readAllStandardOutput();
    QVERIFY2(body.contains(expected), body);
}

void TestTlsListener::plainHttpOnTlsPortIsAnswered400()
{
    QVERIFY(startBroker(tlsConfig()));
    const auto socket = connectTo(m_tlsPort);
    QVERIFY(socket);
    writeNow(socket.get(), "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const QByteArray answer = readUntilClosed(socket.get());
    QVERIFY2(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.constData());
    QVERIFY(answer.contains("this port speaks TLS"));
    // Counted, and a good client right after is unaffected.
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("holdfast_tls_handshake_failures_total 1\n"), Wait);
    QVERIFY(tlsConnect());
}

void TestTlsListener::badCertificateRefusesStart_data()
{
    QTest::addColumn<QByteArray>("certPem");
    QTest::addColumn<QByteArray>("keyPem");
    QTest::addColumn<QString>("expected");
    const TestCertificate expired = makeExpired();
    QVERIFY(!expired.isNull());
    QTest::addRow("missing certificate")
        << QByteArray() << m_first.keyPem << QStringLiteral("server.pem does not exist");
    QTest::addRow("missing key") << m_first.certPem << QByteArray()
                                 << QStringLiteral("server.key does not exist");
    QTest::addRow("key of another certificate")
        << m_first.certPem << m_second.keyPem << QStringLiteral("does not match the certificate");
    QTest::addRow("expired") << expired.certPem << expired.keyPem << QStringLiteral("expired on");
    QTest::addRow("not PEM") << QByteArray("hello\n") << m_first.keyPem
                             << QStringLiteral("holds no usable PEM certificate");
}

void TestTlsListener::badCertificateRefusesStart()
{
    QFETCH(QByteArray, certPem);
    QFETCH(QByteArray, keyPem);
    QFETCH(QString, expected);
    QFile::remove(m_certFile);
    QFile::remove(m_keyFile);
    if (!certPem.isEmpty())
        QVERIFY(TestCerts::writeFile(m_certFile, certPem));
    if (!keyPem.isEmpty())
        QVERIFY(TestCerts::writeFile(m_keyFile, keyPem));
    BrokerRunner broker;
    QSignalSpy failed(&broker.host, &BrokerHost::startFailed);
    broker.host.start(tlsConfig());
    QVERIFY(failed.count() > 0 || failed.wait(Wait));
    const QString error = failed.first().first().toString();
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.startsWith(QLatin1String("TLS listener: ")), qPrintable(error));
}

void TestTlsListener::headlessSaysWhichFileIsWrong()
{
    install(m_first, m_second);
    QProcess holdfast;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    holdfast.setProcessEnvironment(env);
    holdfast.start(QStringLiteral(HOLDFAST_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--publish-listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"), m_certFile,
                    QStringLiteral("--key"), m_keyFile});
    QVERIFY(holdfast.waitForFinished(Wait));
    QCOMPARE(holdfast.exitCode(), 1);
    const QByteArray errors = holdfast.readAllStandardError();
    QVERIFY2(errors.contains("key file " + m_keyFile.toUtf8() +
                             " does not match the certificate in " + m_certFile.toUtf8()),
             errors.constData());

    // --cert without --key is a command-line error (exit 2), before anything starts.
    holdfast.start(QStringLiteral(HOLDFAST_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--cert"), m_certFile});
    QVERIFY(holdfast.waitForFinished(Wait));
    QCOMPARE(holdfast.exitCode(), 2);
    QVERIFY(holdfast.readAllStandardError().contains("--cert and --key"));
}

void TestTlsListener::reloadOnFileChangeKeepsLiveConnections()
{
    QVERIFY(startBroker(tlsConfig()));
    const auto before = tlsConnect();
    QVERIFY(before);
    QCOMPARE(commonName(*before), QStringLiteral("first"));

    QSignalSpy reloaded(&m_broker->host, &BrokerHost::tlsReloaded);
    install(m_second, m_second);
    QVERIFY(reloaded.count() > 0 || reloaded.wait(Wait));
    const auto after = tlsConnect();
    QVERIFY(after);
    QCOMPARE(commonName(*after), QStringLiteral("second"));

    // The connection made before the reload still works, with the certificate it got.
    before->write("GET /none HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += before->readAll()).contains("\r\n\r\n"), Wait);
    QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
    QCOMPARE(commonName(*before), QStringLiteral("first"));
}

void TestTlsListener::failedReloadKeepsPreviousCertificate()
{
    QVERIFY(startBroker(tlsConfig()));
    QSignalSpy failed(&m_broker->host, &BrokerHost::tlsReloadFailed);
    install(m_second, m_first);
    QVERIFY(failed.count() > 0 || failed.wait(Wait));
    QVERIFY2(failed.last().first().toString().contains(QLatin1String("does not match")),
             qPrintable(failed.last().first().toString()));
    const auto socket = tlsConnect();
    QVERIFY(socket);
    QCOMPARE(commonName(*socket), QStringLiteral("first"));
}

void TestTlsListener::sighupReloadsInHeadlessMode()
{
    QProcess holdfast;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    holdfast.setProcessEnvironment(env);
    QByteArray log;
    connect(&holdfast, &QProcess::readyReadStandardError,
            [&] { log += holdfast.readAllStandardError(); });
    holdfast.start(QStringLiteral(HOLDFAST_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--publish-listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--tls-listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--cert"), m_certFile,
                    QStringLiteral("--key"), m_keyFile});
    QVERIFY(holdfast.waitForStarted(Wait));
    QTRY_VERIFY_WITH_TIMEOUT(log.contains("TLS listener on 127.0.0.1:"), Wait);
    ::kill(pid_t(holdfast.processId()), SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(log.contains("certificate reloaded: /O=Holdfast tests/CN=first"),
                             Wait);
    QCOMPARE(holdfast.state(), QProcess::Running);
    holdfast.terminate();
    QVERIFY(holdfast.waitForFinished(Wait));
    QCOMPARE(holdfast.exitCode(), 0);
}

QTEST_MAIN(TestTlsListener)
#include "tst_tlslistener.moc"
