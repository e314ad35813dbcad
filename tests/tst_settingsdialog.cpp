#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include "appsettings.h"
#include "core/configuration.h"
#include "ledger/ledgerconfig.h"
#include "mainwindow.h"
#include "settingsdialog.h"

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

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).clear();
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
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
