#include <QAction>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "appsettings.h"
#include "engine/brokerhost.h"
#include "core/configuration.h"
#include "ledger/ledgerconfig.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "testcerts.h"

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    static void set(QDialog *dialog, const char *name, const QString &text)
    {
        auto edit = dialog->findChild<QLineEdit *>(QLatin1String(name));
        QVERIFY2(edit, name);
        edit->setText(text);
    }

    static void setTls(QDialog *dialog, bool enabled, const QString &listen, const QString &cert,
                       const QString &key)
    {
        auto group = dialog->findChild<QGroupBox *>(QStringLiteral("tls"));
        QVERIFY(group && group->isCheckable());
        group->setChecked(enabled);
        set(dialog, "tlsListen", listen);
        set(dialog, "tlsCert", cert);
        set(dialog, "tlsKey", key);
    }

    static QString errorText(QDialog *dialog)
    {
        auto error = dialog->findChild<QLabel *>(QStringLiteral("error"));
        return error && error->isVisible() ? error->text() : QString();
    }

    QTemporaryDir m_dir;
    QString m_caFile;
    QString m_certFile;
    QString m_keyFile;
    QString m_otherKeyFile; // a valid key of another certificate

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).clear();
        QVERIFY(m_dir.isValid());
        const TestCertificate ca = TestCerts::makeCa("Holdfast Settings Test CA");
        const TestCertificate server =
            TestCerts::makeServer(ca, "settings", {"localhost"}, {"127.0.0.1"});
        const TestCertificate other = TestCerts::makeServer(ca, "other", {"localhost"}, {});
        QVERIFY(!ca.isNull() && !server.isNull() && !other.isNull());
        m_caFile = m_dir.filePath(QStringLiteral("ca.pem"));
        m_certFile = m_dir.filePath(QStringLiteral("server.pem"));
        m_keyFile = m_dir.filePath(QStringLiteral("server.key"));
        m_otherKeyFile = m_dir.filePath(QStringLiteral("other.key"));
        QVERIFY(TestCerts::writeFile(m_caFile, ca.certPem));
        QVERIFY(TestCerts::writeFile(m_certFile, server.certPem));
        QVERIFY(TestCerts::writeFile(m_keyFile, server.keyPem));
        QVERIFY(TestCerts::writeFile(m_otherKeyFile, other.keyPem));
    }

    void roundTripThroughQSettings()
    {
        QCOMPARE(AppSettings::load(), AppSettings());
        SettingsDialog dialog(AppSettings::load(), {});
        set(&dialog, "listen", QStringLiteral("127.0.0.1:8081"));
        set(&dialog, "publishListen", QStringLiteral("[::1]:5562"));
        set(&dialog, "publishKey", QStringLiteral("pk"));
        set(&dialog, "sigKey", QStringLiteral("sk"));
        set(&dialog, "sigIssuer", QStringLiteral("iss"));
        set(&dialog, "ledgerPath", QStringLiteral("/tmp/l.sqlite"));
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        const AppSettings saved = AppSettings::load();
        QCOMPARE(saved, dialog.settings());
        QCOMPARE(saved.listen, QStringLiteral("127.0.0.1:8081"));

        Configuration config;
        LedgerConfig ledger;
        saved.applyTo(&config, &ledger, {});
        QCOMPARE(config.listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(config.listenPort, quint16(8081));
        QCOMPARE(config.publishAddress, QHostAddress(QHostAddress::LocalHostIPv6));
        QCOMPARE(config.publishPort, quint16(5562));
        QCOMPARE(config.publishKey, QByteArray("pk"));
        QCOMPARE(config.sigKey, QByteArray("sk"));
        QCOMPARE(config.sigIssuer, QByteArray("iss"));
        QCOMPARE(ledger.path, QStringLiteral("/tmp/l.sqlite"));

        // Options given on the command line win for that run.
        Configuration fromCommandLine;
        fromCommandLine.listenPort = 9999;
        fromCommandLine.sigKey = "cli";
        LedgerConfig cliLedger;
        cliLedger.path = QStringLiteral("/cli.sqlite");
        saved.applyTo(
            &fromCommandLine, &cliLedger,
            {QStringLiteral("listen"), QStringLiteral("sig-key"), QStringLiteral("ledger")});
        QCOMPARE(fromCommandLine.listenPort, quint16(9999));
        QCOMPARE(fromCommandLine.sigKey, QByteArray("cli"));
        QCOMPARE(fromCommandLine.sigIssuer, QByteArray("iss"));
        QCOMPARE(cliLedger.path, QStringLiteral("/cli.sqlite"));
    }

    void badAddressIsRefusedAndNotSaved()
    {
        const AppSettings before = AppSettings::load();
        SettingsDialog dialog(before, {});
        set(&dialog, "listen", QStringLiteral("nonsense"));
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("error"))->text().isEmpty());
        QCOMPARE(AppSettings::load(), before);
    }

    void mainWindowUsesThemOnNextStart()
    {
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        config.sigKey = "from-cli";
        MainWindow window(config, {QStringLiteral("sig-key")});
        window.showSettings();
        auto dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        set(dialog, "listen", QString());
        set(dialog, "publishListen", QString());
        set(dialog, "sigKey", QStringLiteral("saved"));
        set(dialog, "sigIssuer", QStringLiteral("new-iss"));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(AppSettings::load().sigKey, QStringLiteral("saved"));
        QCOMPARE(window.configuration().sigIssuer, QByteArray("new-iss"));
        QCOMPARE(window.configuration().sigKey, QByteArray("from-cli"));
        QCOMPARE(window.configuration().listenPort, quint16(0));
    }

    void tlsFieldsRoundTrip()
    {
        SettingsDialog dialog(AppSettings::load(), {});
        auto group = dialog.findChild<QGroupBox *>(QStringLiteral("tls"));
        QVERIFY(group);
        QVERIFY(!group->isChecked()); // off until asked for
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("tlsCertBrowse")));
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("tlsKeyBrowse")));
        setTls(&dialog, true, QStringLiteral("127.0.0.1:8443"), m_certFile, m_keyFile);
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        const AppSettings saved = AppSettings::load();
        QCOMPARE(saved, dialog.settings());
        QVERIFY(saved.tlsEnabled);
        QCOMPARE(saved.tlsListen, QStringLiteral("127.0.0.1:8443"));
        QCOMPARE(saved.tlsCertFile, m_certFile);
        QCOMPARE(saved.tlsKeyFile, m_keyFile);
        SettingsDialog again(saved, {});
        QVERIFY(again.findChild<QGroupBox *>(QStringLiteral("tls"))->isChecked());
        QCOMPARE(again.settings(), saved);

        Configuration config;
        saved.applyTo(&config, nullptr, {});
        QCOMPARE(config.tlsListenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(config.tlsListenPort, quint16(8443));
        QCOMPARE(config.tlsCertFile, m_certFile);
        QCOMPARE(config.tlsKeyFile, m_keyFile);

        // Any of the three on the command line keeps the saved ones out of that run.
        Configuration fromCommandLine;
        fromCommandLine.tlsCertFile = QStringLiteral("/cli/cert.pem");
        fromCommandLine.tlsKeyFile = QStringLiteral("/cli/key.pem");
        saved.applyTo(&fromCommandLine, nullptr, {QStringLiteral("cert"), QStringLiteral("key")});
        QCOMPARE(fromCommandLine.tlsCertFile, QStringLiteral("/cli/cert.pem"));
        QCOMPARE(fromCommandLine.tlsListenPort, quint16(7443));

        // Switched off: the files are remembered, the listener does not run.
        AppSettings off = saved;
        off.tlsEnabled = false;
        off.save();
        QCOMPARE(AppSettings::load(), off);
        off.applyTo(&config, nullptr, {});
        QVERIFY(config.tlsCertFile.isEmpty() && config.tlsKeyFile.isEmpty());
    }

    void badTlsFilesAreRefusedAndNotSaved_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
        QTest::addRow("missing certificate")
            << QString() << missing << m_keyFile << missing + QStringLiteral(" does not exist");
        QTest::addRow("key of another certificate")
            << QString() << m_certFile << m_otherKeyFile
            << QStringLiteral("does not match the certificate");
        QTest::addRow("key file is the certificate")
            << QString() << m_certFile << m_certFile << QStringLiteral("key file");
        QTest::addRow("no key") << QString() << m_certFile << QString()
                                << QStringLiteral("needs a certificate file and a key file");
        QTest::addRow("bad address") << QStringLiteral("localhost") << m_certFile << m_keyFile
                                     << QStringLiteral("'localhost' is not address:port");
    }

    void badTlsFilesAreRefusedAndNotSaved()
    {
        QFETCH(QString, listen);
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        const AppSettings before = AppSettings::load();
        SettingsDialog dialog(before, {});
        dialog.show();
        setTls(&dialog, true, listen, cert, key);
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        QVERIFY2(errorText(&dialog).contains(expected), qPrintable(errorText(&dialog)));
        QCOMPARE(AppSettings::load(), before);

        // The same files with the listener off are nobody's concern yet.
        dialog.findChild<QGroupBox *>(QStringLiteral("tls"))->setChecked(false);
        QVERIFY(dialog.validate());
    }

    void mainWindowServesHttpsAfterRestart()
    {
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        MainWindow window(config, {});
        auto host = window.findChild<BrokerHost *>();
        QVERIFY(host);
        QSignalSpy tlsListening(host, &BrokerHost::tlsListening);
        window.showSettings();
        auto dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        set(dialog, "listen", QString());
        set(dialog, "publishListen", QString());
        setTls(dialog, true, QStringLiteral("127.0.0.1:0"), m_certFile, m_keyFile);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(window.configuration().tlsCertFile, m_certFile);
        QVERIFY(tlsListening.isEmpty()); // saved settings wait for the next start

        auto restart = window.findChild<QAction *>(QStringLiteral("restartBroker"));
        QVERIFY(restart);
        QTRY_VERIFY_WITH_TIMEOUT(restart->isEnabled(), 10'000);
        restart->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(tlsListening.size(), 1, 10'000);
        const quint16 port = tlsListening.first().at(1).value<quint16>();
        QVERIFY(port != 0);

        QSslSocket socket;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromPath(m_caFile));
        socket.setSslConfiguration(tls);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port,
                                      QStringLiteral("localhost"));
        QVERIFY2(socket.waitForEncrypted(10'000), qPrintable(socket.errorString()));
        QCOMPARE(socket.peerCertificate().subjectInfo(QSslCertificate::CommonName),
                 QStringList{QStringLiteral("settings")});
        socket.write("GET /test/nothing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("\r\n\r\n"), 10'000);
        QVERIFY2(answer.startsWith("HTTP/1.1 "), answer.constData());

        // Off again for whatever runs next with these settings.
        AppSettings off = AppSettings::load();
        off.tlsEnabled = false;
        off.save();
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
