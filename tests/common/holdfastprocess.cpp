#include "holdfastprocess.h"

#include <signal.h>
#include <sys/resource.h>

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QtDebug>

HoldfastProcess::HoldfastProcess()
{
    // The log format must be the program's own, whatever the developer's environment says.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput,
                     [this] { m_log += m_process.readAllStandardOutput(); });
}

HoldfastProcess::~HoldfastProcess()
{
    if (running()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void HoldfastProcess::setOpenFileLimit(int limit)
{
    m_process.setChildProcessModifier([limit] {
        const rlimit lowered{rlim_t(limit), rlim_t(limit)};
        setrlimit(RLIMIT_NOFILE, &lowered);
    });
}

bool HoldfastProcess::startHeadless(const QStringList &arguments, int timeoutMs)
{
    m_log.clear();
    m_process.start(QStringLiteral(HOLDFAST_BINARY),
                    QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"),
                                QStringLiteral("127.0.0.1:0"), QStringLiteral("--publish-listen"),
                                QStringLiteral("127.0.0.1:0")} +
                        arguments);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    // The whole line: output may arrive cut in the middle of a port number.
    static const QRegularExpression ports(
        QStringLiteral("listening on [^ ]*:(\\d+) with .* publish API on [^ ]*:(\\d+)\n"));
    QRegularExpressionMatch match;
    // Whether it came is in the match.
    static_cast<void>(QTest::qWaitFor(
        [&] {
            m_log += m_process.readAllStandardOutput();
            match = ports.match(QString::fromUtf8(m_log));
            return match.hasMatch() || !running();
        },
        timeoutMs));
    m_port = quint16(match.captured(1).toUInt());
    m_publishPort = quint16(match.captured(2).toUInt());
    return m_port != 0 && m_publishPort != 0;
}

bool HoldfastProcess::waitForLog(const QByteArray &text, int timeoutMs, int count)
{
    // The process may have exited with the text in its last, not yet read, output.
    const bool seen =
        QTest::qWaitFor([&] { return m_log.count(text) >= count || !running(); }, timeoutMs);
    m_log += m_process.readAllStandardOutput();
    return (seen || !running()) && m_log.count(text) >= count;
}

bool HoldfastProcess::waitForExit(int timeoutMs)
{
    const bool exited = QTest::qWaitFor([this] { return !running(); }, timeoutMs);
    m_log += m_process.readAllStandardOutput();
    return exited;
}

bool HoldfastProcess::signal(int number)
{
    return running() && ::kill(pid_t(m_process.processId()), number) == 0;
}

int HoldfastProcess::exitCode() const
{
    if (running() || m_process.exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process.exitCode();
}

QList<QByteArray> HoldfastProcess::logLines(const QByteArray &text) const
{
    QList<QByteArray> lines;
    for (const QByteArray &line : m_log.split('\n')) {
        if (line.contains(text))
            lines.append(line);
    }
    return lines;
}

QJsonObject HoldfastProcess::report(const QString &ledger, const QString &month, const QString &by)
{
    QProcess process;
    process.start(QStringLiteral(HOLDFAST_BINARY),
                  {QStringLiteral("report"), QStringLiteral("--ledger"), ledger,
                   QStringLiteral("--month"), month, QStringLiteral("--by"), by,
                   QStringLiteral("--format"), QStringLiteral("json")});
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning() << "holdfast report failed:" << process.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}
