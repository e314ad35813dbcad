// The publish composer: the exact JSON of each format, the broker's own validation, and a real
// publish through a real embedded broker to a real subscriber.
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include "brokerrunner.h"
#include "grip/gripsigner.h"
#include "grip/publishparser.h"
#include "publishcomposer.h"
#include "publishhistory.h"
#include "testcerts.h"

namespace {
template <typename T> T *child(const QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

// Collects one HTTP request (head and Content-Length body) per connection; over TLS when Server
// is QSslServer.
template <typename Server> class FakeEndpoint : public Server
{
public:
    FakeEndpoint()
    {
        // QSslServer queues a connection once its handshake is done and says so with
        // pendingConnectionAvailable, not newConnection.
        QObject::connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = this->nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    const QByteArray &data = m_buffers[socket];
                    const qsizetype end = data.indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = data.left(end);
                    qsizetype length = 0;
                    for (const QByteArray &line : head.split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (data.size() < end + 4 + length)
                        return;
                    requests.append({head, data.mid(end + 4, length)});
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nPublished\n");
                });
            }
        });
    }
    QList<QPair<QByteArray, QByteArray>> requests; // head, body

private:
    QHash<QTcpSocket *, QByteArray> m_buffers;
};
using FakePublishEndpoint = FakeEndpoint<QTcpServer>;
} // namespace

class TestPublishComposer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // History goes to QSettings: keep it out of the user's configuration.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("holdfast-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_publishcomposer"));
        PublishHistory().clear();
    }

    void exactJson_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QByteArray>("json");
        QTest::addRow("http-stream")
            << "stream"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"http-stream":)"
                          R"({"content":"hello\n"}}}]})");
        QTest::addRow("ids") << "ids"
                             << QByteArray(
                                    R"({"items":[{"channel":"test","formats":{"http-stream":)"
                                    R"({"content":"hello\n"}},"id":"2","prev-id":"1"}]})");
        QTest::addRow("http-stream close")
            << "stream-close"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"http-stream":)"
                          R"({"action":"close"}}}]})");
        QTest::addRow("sse helper")
            << "sse"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"http-stream":)"
                          R"({"content":"event: update\nid: 7\ndata: x\n\n"}}}]})");
        QTest::addRow("ws-message text")
            << "ws-text"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"ws-message":)"
                          R"({"content":"hi"}}}]})");
        QTest::addRow("ws-message binary")
            << "ws-binary"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"ws-message":)"
                          R"({"content-bin":"aGk="}}}]})");
        QTest::addRow("ws-message close")
            << "ws-close"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"ws-message":)"
                          R"({"action":"close","code":4000,"reason":"bye"}}}]})");
        QTest::addRow("http-response")
            << "response"
            << QByteArray(
                   R"({"items":[{"channel":"test","formats":{"http-response":)"
                   R"({"body":"gone","code":404,"headers":{"X-A":"b"},"reason":"Nope"}}}]})");
        QTest::addRow("http-response body-bin")
            << "response-bin"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"http-response":)"
                          R"({"body-bin":"AAH/","code":200}}}]})");
        QTest::addRow("all three")
            << "all"
            << QByteArray(R"({"items":[{"channel":"test","formats":{"http-response":{"body":"",)"
                          R"("code":200},"http-stream":{"content":"hello\n"},"ws-message":)"
                          R"({"content":"hi"}}}]})");
    }
    void exactJson()
    {
        QFETCH(QString, setup);
        QFETCH(QByteArray, json);
        PublishComposer composer;
        child<QLineEdit>(composer, "channel")->setText(QStringLiteral("test"));
        auto stream = child<QGroupBox>(composer, "httpStream");
        auto ws = child<QGroupBox>(composer, "wsMessage");
        auto response = child<QGroupBox>(composer, "httpResponse");
        child<QPlainTextEdit>(composer, "streamContent")->setPlainText(QStringLiteral("hello\n"));
        child<QPlainTextEdit>(composer, "wsContent")->setPlainText(QStringLiteral("hi"));
        if (setup == QLatin1String("ids")) {
            child<QLineEdit>(composer, "itemId")->setText(QStringLiteral("2"));
            child<QLineEdit>(composer, "prevId")->setText(QStringLiteral("1"));
        } else if (setup == QLatin1String("stream-close")) {
            child<QComboBox>(composer, "streamAction")->setCurrentIndex(1);
        } else if (setup == QLatin1String("sse")) {
            child<QPlainTextEdit>(composer, "streamContent")->clear();
            child<QLineEdit>(composer, "sseEvent")->setText(QStringLiteral("update"));
            child<QLineEdit>(composer, "sseId")->setText(QStringLiteral("7"));
            child<QLineEdit>(composer, "sseData")->setText(QStringLiteral("x"));
            QTest::mouseClick(child<QPushButton>(composer, "sseInsert"), Qt::LeftButton);
        } else if (setup.startsWith(QLatin1String("ws-"))) {
            stream->setChecked(false);
            ws->setChecked(true);
            if (setup == QLatin1String("ws-binary"))
                child<QComboBox>(composer, "wsType")->setCurrentIndex(1);
            if (setup == QLatin1String("ws-close")) {
                child<QComboBox>(composer, "wsAction")->setCurrentIndex(1);
                child<QSpinBox>(composer, "wsCloseCode")->setValue(4000);
                child<QLineEdit>(composer, "wsCloseReason")->setText(QStringLiteral("bye"));
            }
        } else if (setup == QLatin1String("response")) {
            stream->setChecked(false);
            response->setChecked(true);
            child<QSpinBox>(composer, "responseCode")->setValue(404);
            child<QLineEdit>(composer, "responseReason")->setText(QStringLiteral("Nope"));
            auto headers = child<QTableWidget>(composer, "responseHeaders");
            headers->insertRow(0);
            headers->setItem(0, 0, new QTableWidgetItem(QStringLiteral("X-A")));
            headers->setItem(0, 1, new QTableWidgetItem(QStringLiteral("b")));
            child<QPlainTextEdit>(composer, "responseBody")->setPlainText(QStringLiteral("gone"));
        } else if (setup == QLatin1String("response-bin")) {
            stream->setChecked(false);
            response->setChecked(true);
            const QString path = m_config.filePath(QStringLiteral("body.bin"));
            QVERIFY(TestCerts::writeFile(path, QByteArray("\x00\x01\xff", 3)));
            QVERIFY(composer.loadResponseBody(path));
            QVERIFY(!child<QPlainTextEdit>(composer, "responseBody")->isEnabled());
        } else if (setup == QLatin1String("all")) {
            ws->setChecked(true);
            response->setChecked(true);
        }
        QCOMPARE(composer.body(), json);
        QCOMPARE(composer.validationError(), QString());
        QVERIFY(child<QLabel>(composer, "error")->text().isEmpty());
        QVERIFY(child<QPushButton>(composer, "send")->isEnabled());
        // The preview shows the same request.
        QCOMPARE(QJsonDocument::fromJson(
                     child<QPlainTextEdit>(composer, "preview")->toPlainText().toUtf8()),
                 QJsonDocument::fromJson(json));
    }

    void invalidInputIsShownAndNotSent()
    {
        FakePublishEndpoint endpoint;
        QVERIFY(endpoint.listen(QHostAddress::LocalHost, 0));
        PublishComposer composer;
        QSignalSpy sent(&composer, &PublishComposer::sent);
        child<QLineEdit>(composer, "remoteUrl")
            ->setText(QStringLiteral("http://127.0.0.1:%1/publish/").arg(endpoint.serverPort()));
        QVERIFY(child<QRadioButton>(composer, "targetRemote")->isChecked());
        child<QLineEdit>(composer, "remoteKey")->setText(QStringLiteral("s3cret"));
        auto error = child<QLabel>(composer, "error");
        auto send = child<QPushButton>(composer, "send");

        // The form without a channel: the broker's own message.
        QCOMPARE(composer.validationError(),
                 PublishParser::parse(composer.body()).error); // same parser, same words
        QVERIFY(!composer.validationError().isEmpty());
        QVERIFY(error->text().contains(composer.validationError()));
        QVERIFY(!send->isEnabled());

        // Raw editing: broken JSON, then a bad field.
        child<QCheckBox>(composer, "rawEdit")->setChecked(true);
        auto preview = child<QPlainTextEdit>(composer, "preview");
        QVERIFY(!preview->isReadOnly());
        preview->setPlainText(QStringLiteral("{\"items\": ["));
        QVERIFY(!error->text().isEmpty());
        composer.send();
        preview->setPlainText(QStringLiteral(
            R"({"items":[{"channel":"c","formats":{"http-stream":{"content-bin":"%%%"}}}]})"));
        QVERIFY2(error->text().contains(QLatin1String("items[0].formats.http-stream.content-bin")),
                 qPrintable(error->text()));
        QVERIFY(!send->isEnabled());
        composer.send();

        // Then a valid one: it is the only request the endpoint ever sees.
        const QByteArray good =
            R"({"items":[{"channel":"c","formats":{"http-stream":{"content":"ok"}}}]})";
        preview->setPlainText(QString::fromUtf8(good));
        QVERIFY(error->text().isEmpty());
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 5000);
        QCOMPARE(sent.at(0).at(0).toInt(), 200);
        QCOMPARE(endpoint.requests.size(), 1);
        QCOMPARE(endpoint.requests.at(0).second, good);
        QVERIFY(endpoint.requests.at(0).first.contains("Authorization: Bearer s3cret"));
        QVERIFY(endpoint.requests.at(0).first.startsWith("POST /publish/ HTTP/1.1"));
        QVERIFY(child<QLabel>(composer, "result")->text().contains(QLatin1String("HTTP 200")));

        // Kept across restarts, re-sendable.
        QCOMPARE(PublishHistory().entries().size(), 1);
        QCOMPARE(PublishHistory().entries().first().body, good);
        PublishComposer again;
        auto history = child<QListWidget>(again, "history");
        QCOMPARE(history->count(), 1);
        history->setCurrentRow(0);
        QVERIFY(composer.curlCommand().contains(QLatin1String("Authorization: Bearer s3cret")));
        QVERIFY(composer.curlCommand().contains(QLatin1String(" --data-binary '{")));
    }

    void gripUrlTargetSignsAndUsesTls()
    {
        const TestCertificate ca = TestCerts::makeCa("composer test CA");
        const TestCertificate server =
            TestCerts::makeServer(ca, "localhost", {"localhost"}, {"127.0.0.1"});
        QVERIFY(!ca.isNull() && !server.isNull());
        FakeEndpoint<QSslServer> endpoint;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(server.certPem));
        tls.setPrivateKey(QSslKey(server.keyPem, QSsl::Ec));
        endpoint.setSslConfiguration(tls);
        QVERIFY(endpoint.listen(QHostAddress::LocalHost, 0));
        const QString gripUrl =
            QStringLiteral("https://127.0.0.1:%1/realm/?iss=holdfast-test&key=base64:c2VjcmV0")
                .arg(endpoint.serverPort());

        PublishComposer composer;
        QSignalSpy sent(&composer, &PublishComposer::sent);
        child<QLineEdit>(composer, "channel")->setText(QStringLiteral("c"));
        child<QLineEdit>(composer, "gripUrl")->setText(gripUrl);
        QVERIFY(child<QRadioButton>(composer, "targetGrip")->isChecked());
        QCOMPARE(composer.targetUrl(),
                 QStringLiteral("https://127.0.0.1:%1/realm/publish/").arg(endpoint.serverPort()));

        // A certificate nobody trusts: a clear failure, nothing delivered.
        composer.send();
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 5000);
        QCOMPARE(sent.at(0).at(0).toInt(), 0);
        QVERIFY2(child<QLabel>(composer, "result")->text().contains(QLatin1String("Failed")),
                 qPrintable(child<QLabel>(composer, "result")->text()));
        QVERIFY(endpoint.requests.isEmpty());

        // Trusted through the default configuration, as a system CA would be.
        QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
        trusting.addCaCertificate(QSslCertificate(ca.certPem));
        QSslConfiguration::setDefaultConfiguration(trusting);
        PublishComposer trusted;
        QSignalSpy trustedSent(&trusted, &PublishComposer::sent);
        child<QLineEdit>(trusted, "channel")->setText(QStringLiteral("c"));
        child<QLineEdit>(trusted, "gripUrl")->setText(gripUrl);
        trusted.send();
        QTRY_COMPARE_WITH_TIMEOUT(trustedSent.count(), 1, 5000);
        QCOMPARE(trustedSent.at(0).at(0).toInt(), 200);
        QCOMPARE(endpoint.requests.size(), 1);
        const QByteArray head = endpoint.requests.at(0).first;
        QVERIFY2(head.startsWith("POST /realm/publish/ HTTP/1.1"), head.constData());
        QByteArray token;
        for (const QByteArray &line : head.split('\n')) {
            if (line.startsWith("Authorization: Bearer "))
                token = line.mid(22).trimmed();
        }
        QJsonObject claims;
        QString error;
        QVERIFY2(GripSigner::verify(token, "secret", QDateTime::currentSecsSinceEpoch(), &claims,
                                    &error),
                 qPrintable(error));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("holdfast-test"));
        QVERIFY(trusted.curlCommand().contains(QLatin1String("Authorization: Bearer ey")));

        // An unusable GRIP_URL is refused before anything is sent.
        child<QLineEdit>(trusted, "gripUrl")->setText(QStringLiteral("ftp://x/?iss=a"));
        trusted.send();
        QVERIFY(child<QLabel>(trusted, "result")->text().contains(QLatin1String("GRIP_URL")));
        QCOMPARE(endpoint.requests.size(), 1);
    }

    void publishReachesARealSubscriber()
    {
        BrokerRunner broker;
        QVERIFY(broker.start(BrokerRunner::configFor("*,path_beg=/test/ test\n")));
        QVERIFY(broker.publishPort != 0);

        QTcpSocket subscriber;
        subscriber.connectToHost(QHostAddress::LocalHost, broker.port);
        QVERIFY(subscriber.waitForConnected(5000));
        subscriber.write("GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += subscriber.readAll()).contains("\r\n\r\n"), 5000);
        QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
        // Subscribed once the hub reports the channel.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const BrokerSnapshot &snapshot : broker.snapshots) {
                    for (const ChannelInfo &channel : snapshot.channels) {
                        if (channel.name == "test" && channel.subscribers == 1)
                            return true;
                    }
                }
                return false;
            }(),
            5000);

        PublishComposer composer;
        composer.show();
        QVERIFY(QTest::qWaitForWindowActive(&composer));
        QSignalSpy sent(&composer, &PublishComposer::sent);
        composer.setEmbeddedTarget(QStringLiteral("127.0.0.1"), broker.publishPort, {});
        composer.setChannels({QStringLiteral("test")});
        composer.setChannel(QStringLiteral("test"));
        child<QLineEdit>(composer, "itemId")->setText(QStringLiteral("1"));
        child<QCheckBox>(composer, "chainPrevId")->setChecked(true);
        child<QPlainTextEdit>(composer, "streamContent")
            ->setPlainText(QStringLiteral("hello from the composer\n"));
        QTest::keyClick(child<QLineEdit>(composer, "channel"), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 5000);
        QCOMPARE(sent.at(0).at(0).toInt(), 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            (received += subscriber.readAll()).contains("hello from the composer\n"), 5000);
        // Chained: the next publish follows the one just sent.
        QCOMPARE(child<QLineEdit>(composer, "prevId")->text(), QStringLiteral("1"));
        QCOMPARE(child<QLineEdit>(composer, "itemId")->text(), QStringLiteral("2"));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestPublishComposer)
#include "tst_publishcomposer.moc"
