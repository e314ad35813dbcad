// The publish key and the sig key stay secret: a headless broker run with both, debug logging on,
// publishes with right and wrong keys, /metrics and every `holdfast report` format, and the
// ledger's bytes never contain either. The settings file that stores them is the owner's alone
// (0600 in a 0700 directory), also when an older one was readable by others.
#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "appsettings.h"
#include "privatesettingsfile.h"
#include "sockettestutil.h"

using namespace sockettest;

namespace {
constexpr int Wait = 10'000;
const QByteArray PublishKey = "PUBKEY-s3cr3t-7d1e";
const QByteArray SigKey = "SIGKEY-s3cr3t-94af";

int modeOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

QByteArray post(const QByteArray &authorization)
{
    const QByteArray body =
        R"({"items":[{"channel":"test","formats":{"http-stream":{"content":"hi\n"}}}]})";
    return "POST /publish/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
           authorization + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}
} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keysNeverLeaveTheProcess();
    void settingsFileIsPrivate();
    void readableSettingsFileIsNarrowed();

private:
    QProcessEnvironment environment() const;

    QTemporaryDir m_dir;
};

void TestSecrets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(HOLDFAST_BINARY)).isExecutable(), HOLDFAST_BINARY);
    // Before any QSettings use: it reads the location once.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
    ::umask(022);
}

QProcessEnvironment TestSecrets::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    // Everything the Log tab could show, debug included.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("holdfast.*=true"));
    return env;
}

void TestSecrets::keysNeverLeaveTheProcess()
{
    const QString ledger = m_dir.filePath(QStringLiteral("ledger/usage.sqlite"));
    QProcess holdfast;
    holdfast.setProcessEnvironment(environment());
    QByteArray log;
    connect(&holdfast, &QProcess::readyReadStandardError,
            [&] { log += holdfast.readAllStandardError(); });
    holdfast.start(QStringLiteral(HOLDFAST_BINARY),
                   {QStringLiteral("--headless"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--publish-listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--publish-key"),
                    QString::fromLatin1(PublishKey), QStringLiteral("--sig-key"),
                    QString::fromLatin1(SigKey), QStringLiteral("--ledger"), ledger});
    QVERIFY(holdfast.waitForStarted(Wait));
    const QRegularExpression listening(
        QStringLiteral("listening on 127.0.0.1:(\\d+) .* publish API on 127.0.0.1:(\\d+)"));
    QRegularExpressionMatch match;
    QTRY_VERIFY_WITH_TIMEOUT((match = listening.match(QString::fromUtf8(log))).hasMatch(), Wait);
    const quint16 port = quint16(match.captured(1).toUInt());
    const quint16 publishPort = quint16(match.captured(2).toUInt());

    const auto subscriber = connectTo(port);
    QVERIFY(subscriber);
    writeNow(subscriber.get(), "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray held;
    QVERIFY(readHead(subscriber.get(), &held));

    QByteArray seen; // everything a client or an operator was shown
    const QList<QPair<QByteArray, int>> attempts = {
        {"Authorization: Bearer " + PublishKey + "\r\n", 200},
        {"Authorization: Basic " + (":" + PublishKey).toBase64() + "\r\n", 200},
        {"Fastly-Key: " + PublishKey + "\r\n", 200},
        {"Authorization: Bearer " + PublishKey + "x\r\n", 401},
        {QByteArray(), 401},
    };
    for (const auto &attempt : attempts) {
        const auto socket = connectTo(publishPort);
        QVERIFY(socket);
        writeNow(socket.get(), post(attempt.first));
        QByteArray buffer;
        Message answer;
        QVERIFY(takeMessage(socket.get(), &buffer, &answer));
        QCOMPARE(answer.status(), attempt.second);
        seen += answer.head + answer.body;
    }
    for (const QByteArray &path : {QByteArray("/metrics"), QByteArray("/none")}) {
        const auto socket = connectTo(publishPort);
        QVERIFY(socket);
        writeNow(socket.get(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                   PublishKey + "\r\nConnection: close\r\n\r\n");
        seen += readUntilClosed(socket.get());
    }
    QVERIFY(seen.contains("message_received"));
    subscriber->close();
    holdfast.terminate();
    QVERIFY(holdfast.waitForFinished(Wait));
    QCOMPARE(holdfast.exitCode(), 0);
    log += holdfast.readAllStandardError() + holdfast.readAllStandardOutput();
    QVERIFY2(log.contains("publish"), log.constData());

    for (const QString &by :
         {QStringLiteral("route"), QStringLiteral("transport"), QStringLiteral("day")}) {
        for (const QString &format : {QStringLiteral("csv"), QStringLiteral("json")}) {
            QProcess report;
            report.setProcessEnvironment(environment());
            report.start(QStringLiteral(HOLDFAST_BINARY),
                         {QStringLiteral("report"), QStringLiteral("--ledger"), ledger,
                          QStringLiteral("--by"), by, QStringLiteral("--format"), format});
            QVERIFY(report.waitForFinished(Wait));
            QCOMPARE(report.exitCode(), 0);
            seen += report.readAllStandardOutput() + report.readAllStandardError();
        }
    }
    QVERIFY(seen.contains("http-stream") || seen.contains("route"));

    QByteArray ledgerBytes;
    const QDir ledgerDir(QFileInfo(ledger).absolutePath());
    for (const QString &name : ledgerDir.entryList(QDir::Files)) {
        QFile file(ledgerDir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        ledgerBytes += file.readAll();
    }
    QVERIFY(!ledgerBytes.isEmpty());

    for (const QByteArray &secret : {PublishKey, SigKey}) {
        QVERIFY2(!log.contains(secret), secret.constData());
        QVERIFY2(!seen.contains(secret), secret.constData());
        QVERIFY2(!ledgerBytes.contains(secret), secret.constData());
    }
}

void TestSecrets::settingsFileIsPrivate()
{
    const QString fileName =
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).fileName();
    QVERIFY2(fileName.startsWith(m_dir.path()), qPrintable(fileName));
    QFile::remove(fileName);
    QDir(QFileInfo(fileName).absolutePath()).removeRecursively();
    AppSettings settings;
    settings.publishKey = QString::fromLatin1(PublishKey);
    settings.sigKey = QString::fromLatin1(SigKey);
    settings.save();
    QCOMPARE(modeOf(fileName), 0600);
    QCOMPARE(modeOf(QFileInfo(fileName).absolutePath()), 0700);
    QCOMPARE(AppSettings::load().publishKey, QString::fromLatin1(PublishKey));
}

void TestSecrets::readableSettingsFileIsNarrowed()
{
    const QString fileName =
        QSettings(QStringLiteral("holdfast"), QStringLiteral("holdfast")).fileName();
    QVERIFY(QDir().mkpath(QFileInfo(fileName).absolutePath()));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::Append));
    file.close();
    QVERIFY(::chmod(QFile::encodeName(fileName).constData(), 0644) == 0);
    AppSettings settings;
    settings.sigKey = QString::fromLatin1(SigKey);
    settings.save();
    QCOMPARE(modeOf(fileName), 0600);

    // A file that cannot be made private is reported, not ignored.
    QString error;
    QVERIFY(!PrivateSettingsFile::prepare(QStringLiteral("/proc/holdfast-test/x.conf"), &error));
    QVERIFY2(error.contains(QLatin1String("/proc/holdfast-test")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
