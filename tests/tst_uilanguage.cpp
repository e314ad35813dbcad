// Which language the console and the command line speak: the system locale, the saved setting,
// --lang; the real holdfast binary for the command line, MainWindow with its embedded broker for
// the console (offscreen).
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "appsettings.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "uilanguage.h"

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// The binary with a clean environment for language: only what the test sets, and a config
// directory of its own so this machine's saved settings stay out of it.
Run runHoldfast(const QStringList &arguments, const QString &lang, const QString &configHome)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
        environment.remove(QLatin1String(name));
    environment.insert(QStringLiteral("LANG"), lang);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(HOLDFAST_BINARY), arguments);
    Run run;
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool writeSetting(const QString &configHome, const QByteArray &language)
{
    QDir().mkpath(configHome + QStringLiteral("/holdfast"));
    QFile file(configHome + QStringLiteral("/holdfast/holdfast.conf"));
    return file.open(QIODevice::WriteOnly) && file.write("[ui]\nlanguage=" + language + "\n") > 0;
}

QStringList menuTitles(const QMainWindow &window)
{
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles << action->text();
    return titles;
}

} // namespace

class TestUiLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanupTestCase() { UiLanguage::install(QStringLiteral("en")); }

    void choose_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QStringList>("system");
        QTest::addColumn<QString>("chosen");
        const QStringList german = {QStringLiteral("de-AT"), QStringLiteral("de"),
                                    QStringLiteral("en-US")};
        QTest::addRow("system German") << QString() << german << QStringLiteral("de");
        QTest::addRow("system Japanese")
            << QString() << QStringList{QStringLiteral("ja-JP"), QStringLiteral("ja")}
            << QStringLiteral("ja");
        QTest::addRow("--lang wins") << QStringLiteral("ja") << german << QStringLiteral("ja");
        QTest::addRow("English asked for")
            << QStringLiteral("en") << german << QStringLiteral("en");
        QTest::addRow("first one we know")
            << QString() << QStringList{QStringLiteral("fr-FR"), QStringLiteral("ja-JP")}
            << QStringLiteral("ja");
        QTest::addRow("nothing we know")
            << QString() << QStringList{QStringLiteral("fr-FR"), QStringLiteral("C")}
            << QStringLiteral("en");
        QTest::addRow("unknown request") << QStringLiteral("fr") << german << QStringLiteral("de");
    }
    void choose()
    {
        QFETCH(QString, requested);
        QFETCH(QStringList, system);
        QFETCH(QString, chosen);
        QCOMPARE(UiLanguage::choose(requested, system), chosen);
    }

    void commandLineFollowsTheSystemLocale()
    {
        QTemporaryDir config;
        const Run run =
            runHoldfast({QStringLiteral("--help")}, QStringLiteral("de_DE.UTF-8"), config.path());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("Diese Hilfe anzeigen und beenden.")),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("--lang <sprache>")));
    }

    void savedSettingBeatsTheSystemAndLangBeatsBoth()
    {
        QTemporaryDir config;
        QVERIFY(writeSetting(config.path(), "ja"));
        Run run =
            runHoldfast({QStringLiteral("--help")}, QStringLiteral("de_DE.UTF-8"), config.path());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("このヘルプを表示して終了します。")),
                 qPrintable(run.out));
        run =
            runHoldfast({QStringLiteral("--lang"), QStringLiteral("en"), QStringLiteral("--help")},
                        QStringLiteral("de_DE.UTF-8"), config.path());
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("Show this help and exit.")), qPrintable(run.out));
    }

    void errorsAreTranslated()
    {
        QTemporaryDir config;
        const Run run = runHoldfast(
            {QStringLiteral("--lang=de"), QStringLiteral("--listen"), QStringLiteral("nowhere")},
            QStringLiteral("C"), config.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral(
                     "holdfast: --listen: „nowhere“ hat nicht die Form adresse:port")),
                 qPrintable(run.err));
    }

    void unknownLanguageIsRefused()
    {
        QTemporaryDir config;
        const Run run = runHoldfast({QStringLiteral("--lang"), QStringLiteral("fr")},
                                    QStringLiteral("C"), config.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("--lang: 'fr' is not one of en, de, ja")),
                 qPrintable(run.err));
    }

    // Edit ▸ Settings… ▸ Language: saved for the next start, "System language" saved as empty.
    void settingsDialogSavesTheLanguage()
    {
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).clear();
        SettingsDialog dialog(AppSettings::load(), {});
        auto combo = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        QVERIFY(combo);
        QCOMPARE(combo->currentData().toString(), QString());
        QCOMPARE(combo->count(), 1 + int(UiLanguage::available().size()));
        QVERIFY(combo->findText(QStringLiteral("Deutsch")) > 0);
        QVERIFY(combo->findText(QStringLiteral("日本語")) > 0);
        combo->setCurrentIndex(combo->findData(QStringLiteral("de")));
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(AppSettings::load().language, QStringLiteral("de"));
        SettingsDialog again(AppSettings::load(), {});
        QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("language"))->currentData().toString(),
                 QStringLiteral("de"));
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).clear();
    }

    void consoleSpeaksTheLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("firstTab");
        QTest::addColumn<QString>("brokerMenu");
        QTest::addColumn<QString>("listening");
        QTest::addRow("de") << QStringLiteral("de") << QStringLiteral("&Verbindungen")
                            << QStringLiteral("Br&oker")
                            << QStringLiteral("Broker lauscht auf 127.0.0.1:");
        QTest::addRow("ja") << QStringLiteral("ja") << QStringLiteral("接続(&C)")
                            << QStringLiteral("ブローカー(&B)")
                            << QStringLiteral("ブローカーは 127.0.0.1:");
    }
    void consoleSpeaksTheLanguage()
    {
        QFETCH(QString, language);
        QFETCH(QString, firstTab);
        QFETCH(QString, brokerMenu);
        QFETCH(QString, listening);
        QCOMPARE(UiLanguage::install(language), language);
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        MainWindow window(config);
        window.show();
        QCOMPARE(window.tabs()->tabText(MainWindow::ConnectionsTab), firstTab);
        QVERIFY2(menuTitles(window).contains(brokerMenu),
                 qPrintable(menuTitles(window).join(QLatin1Char(' '))));
        const auto labelStartingWith = [&window](const QString &prefix) {
            const QList<QLabel *> labels = window.findChildren<QLabel *>();
            return std::any_of(labels.cbegin(), labels.cend(), [&prefix](const QLabel *label) {
                return label->text().startsWith(prefix);
            });
        };
        // The status bar's text comes from the running broker, so it is translated live.
        QTRY_VERIFY_WITH_TIMEOUT(labelStartingWith(listening), 5000);
        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }
};

QTEST_MAIN(TestUiLanguage)
#include "tst_uilanguage.moc"
