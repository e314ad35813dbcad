// The committed .ts files against the sources: lupdate (Qt's own, from Debian) runs over the same
// ui/ and app/ sources into a temporary copy, and the sets of messages must agree. Also: nothing
// unfinished or obsolete, placeholders and accelerators kept, and the .qm files embedded.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct Message
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // the translation's type attribute: "", "unfinished", "obsolete", "vanished"
    QStringList translations; // one, or one per plural form
    QString key() const { return context + QLatin1Char('|') + source + QLatin1Char('|') + comment; }
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QString context;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
            continue;
        }
        if (xml.name() != QLatin1String("message"))
            continue;
        Message message;
        message.context = context;
        message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        while (xml.readNextStartElement()) {
            if (xml.name() == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (xml.name() == QLatin1String("comment")) {
                message.comment = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (message.numerus) {
                    while (xml.readNextStartElement())
                        message.translations << xml.readElementText();
                } else {
                    message.translations << xml.readElementText();
                }
            } else {
                xml.skipCurrentElement();
            }
        }
        out << message;
    }
    if (xml.hasError())
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

QSet<QString> keys(const QList<Message> &messages)
{
    QSet<QString> out;
    for (const Message &message : messages) {
        if (message.type != QLatin1String("obsolete") && message.type != QLatin1String("vanished"))
            out.insert(message.key());
    }
    return out;
}

// Runs lupdate over the sources into a copy of tsFile; returns the copy's path.
QString lupdateCopy(const QString &tsFile, const QString &directory, bool pluralOnly, QString *log)
{
    const QString copy = QDir(directory).filePath(QFileInfo(tsFile).fileName());
    QFile::remove(copy);
    if (!QFile::copy(tsFile, copy)) {
        *log = QStringLiteral("cannot copy %1").arg(tsFile);
        return {};
    }
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    // The same options as the update_translations target (translations/CMakeLists.txt).
    QStringList arguments = {QStringLiteral("-locations"), QStringLiteral("none"),
                             QStringLiteral("-no-obsolete"),
                             QStringLiteral("-I") + QStringLiteral(HOLDFAST_SOURCE_DIR),
                             QStringLiteral("@") + QStringLiteral(HOLDFAST_I18N_SOURCES)};
    if (pluralOnly)
        arguments << QStringLiteral("-pluralonly");
    arguments << QStringLiteral("-ts") << copy;
    QProcess lupdate;
    lupdate.start(QStringLiteral(HOLDFAST_LUPDATE), arguments);
    if (!lupdate.waitForFinished(120'000) || lupdate.exitStatus() != QProcess::NormalExit ||
        lupdate.exitCode() != 0) {
        *log = QString::fromLocal8Bit(lupdate.readAllStandardError()) + lupdate.errorString();
        return {};
    }
    return copy;
}

QString tsPath(const QString &language)
{
    return QStringLiteral(HOLDFAST_TS_DIR "/holdfast_%1.ts").arg(language);
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%L?(?:[1-9]|n)"));
    QStringList out;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        out << it.next().captured();
    out.sort();
    return out;
}

bool hasAccelerator(const QString &text)
{
    return QString(text).remove(QStringLiteral("&&")).contains(QLatin1Char('&'));
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(QStringLiteral(HOLDFAST_LUPDATE)))
            QSKIP("lupdate is missing (Debian: qt6-l10n-tools); tools/bootstrap.sh installs it");
    }

    void languages_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addRow("de") << QStringLiteral("de");
        QTest::addRow("ja") << QStringLiteral("ja");
        QTest::addRow("en plurals") << QStringLiteral("en");
    }

    void everyMessageIsTranslated_data() { languages_data(); }
    void everyMessageIsTranslated()
    {
        QFETCH(QString, language);
        QString error;
        const QList<Message> messages = readTs(tsPath(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.isEmpty());
        QStringList problems;
        for (const Message &message : messages) {
            if (!message.type.isEmpty())
                problems << message.type + QStringLiteral(": ") + message.key();
            else if (message.translations.isEmpty() || message.translations.contains(QString()))
                problems << QStringLiteral("empty: ") + message.key();
            else if (language == QLatin1String("en") && !message.numerus)
                problems << QStringLiteral("not a plural (holdfast_en.ts holds only those): ") +
                                message.key();
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // "%1 of %2" must keep both; "&Start" must keep a shortcut letter.
    void placeholdersAndAcceleratorsKept_data() { languages_data(); }
    void placeholdersAndAcceleratorsKept()
    {
        QFETCH(QString, language);
        QString error;
        const QList<Message> messages = readTs(tsPath(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList problems;
        for (const Message &message : messages) {
            for (const QString &translation : message.translations) {
                if (placeholders(translation) != placeholders(message.source))
                    problems << QStringLiteral("placeholders: %1 -> %2")
                                    .arg(message.source, translation);
                if (hasAccelerator(translation) != hasAccelerator(message.source))
                    problems
                        << QStringLiteral("accelerator: %1 -> %2").arg(message.source, translation);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // A string added to or removed from ui/ or app/ without `update_translations` fails here.
    void matchesTheSources_data() { languages_data(); }
    void matchesTheSources()
    {
        QFETCH(QString, language);
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        QString log;
        const QString copy =
            lupdateCopy(tsPath(language), directory.path(), language == QLatin1String("en"), &log);
        QVERIFY2(!copy.isEmpty(), qPrintable(log));
        QString error;
        const QSet<QString> committed = keys(readTs(tsPath(language), &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QSet<QString> current = keys(readTs(copy, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList missing = QSet<QString>(current).subtract(committed).values();
        QStringList stale = QSet<QString>(committed).subtract(current).values();
        missing.sort();
        stale.sort();
        QVERIFY2(missing.isEmpty() && stale.isEmpty(),
                 qPrintable(QStringLiteral("run `cmake --build build --target "
                                           "update_translations` and translate.\nmissing from "
                                           "holdfast_%1.ts:\n  %2\nno longer in the sources:\n  %3")
                                .arg(language, missing.join(QStringLiteral("\n  ")),
                                     stale.join(QStringLiteral("\n  ")))));
    }

    // The check itself: a .ts that lacks the sources' strings and keeps a vanished one is caught.
    void staleFileIsCaught()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString stale = directory.filePath(QStringLiteral("stale/holdfast_de.ts"));
        QVERIFY(QDir().mkpath(QFileInfo(stale).path()));
        QFile file(stale);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE TS>\n"
                   "<TS version=\"2.1\" language=\"de_DE\"><context><name>MainWindow</name>"
                   "<message><source>A string no source has</source>"
                   "<translation>Eine Zeichenkette</translation></message>"
                   "</context></TS>\n");
        file.close();
        QString log;
        const QString copy = lupdateCopy(stale, directory.path(), false, &log);
        QVERIFY2(!copy.isEmpty(), qPrintable(log));
        QString error;
        const QSet<QString> committed = keys(readTs(stale, &error));
        const QSet<QString> current = keys(readTs(copy, &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(committed.contains(QStringLiteral("MainWindow|A string no source has|")));
        QVERIFY(!current.contains(QStringLiteral("MainWindow|A string no source has|")));
        QVERIFY(current.contains(QStringLiteral("MainWindow|&Connections|")));
        const QList<Message> updated = readTs(copy, &error);
        const bool newOnesUnfinished =
            std::all_of(updated.cbegin(), updated.cend(), [](const Message &message) {
                return message.type == QLatin1String("unfinished");
            });
        QVERIFY(newOnesUnfinished);
    }

    // The build embeds the compiled files under :/i18n, for every executable linking holdfast_ui.
    void compiledFilesAreEmbedded()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/holdfast_de.qm")));
        QCOMPARE(german.translate("MainWindow", "&Connections"), QStringLiteral("&Verbindungen"));
        QTranslator japanese;
        QVERIFY(japanese.load(QStringLiteral(":/i18n/holdfast_ja.qm")));
        QCOMPARE(japanese.translate("MainWindow", "&Connections"), QStringLiteral("接続(&C)"));
        QTranslator english;
        QVERIFY(english.load(QStringLiteral(":/i18n/holdfast_en.qm")));
        QCOMPARE(
            english.translate("MainWindow", "%Ln live connection(s), %L1 accepted", nullptr, 1),
            QStringLiteral("%Ln live connection, %L1 accepted"));
        QCOMPARE(
            english.translate("MainWindow", "%Ln live connection(s), %L1 accepted", nullptr, 2),
            QStringLiteral("%Ln live connections, %L1 accepted"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
