#include "pythonpeer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>
#include <QtDebug>

namespace {

const char *const systemPython = HOLDFAST_SYSTEM_PYTHON;

} // namespace

bool PythonPeer::websocketsAvailable()
{
    static const bool available = [] {
        QProcess probe;
        probe.start(QString::fromLocal8Bit(systemPython),
                    {QStringLiteral("-c"), QStringLiteral("import websockets")});
        return probe.waitForFinished(20000) && probe.exitStatus() == QProcess::NormalExit &&
               probe.exitCode() == 0;
    }();
    return available;
}

QString PythonPeer::scriptPath(const QString &script)
{
    if (QFileInfo(script).isAbsolute())
        return script;
    return QDir(QStringLiteral(HOLDFAST_PEERS_DIR)).filePath(script);
}

QHash<QByteArray, QByteArray> PythonPeer::fields(const QByteArray &line)
{
    static const QHash<QByteArray, QList<QByteArray>> keysByEvent = {
        {"OPEN", {"path", "subprotocol", "extensions", "xff", "host"}},
        {"CLOSED", {"code", "reason"}},
        {"REJECTED", {"status", "path"}},
    };
    QHash<QByteArray, QByteArray> result;
    const qsizetype space = line.indexOf(' ');
    const QByteArray event = space < 0 ? line : line.left(space);
    result.insert("event", event);
    if (event == "READY") {
        result.insert("port", line.mid(space + 1).trimmed());
        return result;
    }
    const QList<QByteArray> keys = keysByEvent.value(event);
    qsizetype pos = space;
    for (qsizetype i = 0; i < keys.size() && pos >= 0; ++i) {
        const QByteArray marker = ' ' + keys[i] + '=';
        const qsizetype start = line.indexOf(marker, pos);
        if (start < 0)
            break;
        const qsizetype valueStart = start + marker.size();
        // A value ends where the next key begins; the last one runs to the end of the line.
        qsizetype end = line.size();
        if (i + 1 < keys.size()) {
            const qsizetype next = line.indexOf(' ' + keys[i + 1] + '=', valueStart);
            if (next >= 0)
                end = next;
        }
        result.insert(keys[i], line.mid(valueStart, end - valueStart));
        pos = end;
    }
    return result;
}

PythonPeer::PythonPeer(QObject *parent) : QObject(parent), m_process(new QProcess(this))
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Lines must arrive as they are printed, and no .pyc may land in the source tree.
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    m_process->setProcessEnvironment(env);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &PythonPeer::readOutput);
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process->readAllStandardError(); });
}

PythonPeer::~PythonPeer()
{
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool PythonPeer::startClient(const QString &script, const QStringList &args)
{
    m_lines.clear();
    m_partialLine.clear();
    m_stderr.clear();
    m_searchFrom = 0;
    m_port = 0;
    m_process->start(QString::fromLocal8Bit(systemPython), QStringList{scriptPath(script)} + args);
    if (!m_process->waitForStarted(10000)) {
        qWarning() << "PythonPeer: cannot start" << script << m_process->errorString();
        return false;
    }
    return true;
}

bool PythonPeer::start(const QString &script, const QStringList &args, int readyTimeoutMs)
{
    if (!startClient(script, args))
        return false;
    QByteArray line;
    if (!waitForLine("READY ", readyTimeoutMs, &line)) {
        qWarning() << "PythonPeer:" << script << "did not become ready; stderr:" << m_stderr;
        return false;
    }
    m_port = quint16(line.mid(6).trimmed().toUShort());
    return m_port != 0;
}

void PythonPeer::readOutput()
{
    m_partialLine += m_process->readAllStandardOutput();
    qsizetype start = 0;
    for (qsizetype nl = m_partialLine.indexOf('\n'); nl >= 0;
         nl = m_partialLine.indexOf('\n', start)) {
        QByteArray line = m_partialLine.mid(start, nl - start);
        if (line.endsWith('\r'))
            line.chop(1);
        m_lines.append(line);
        start = nl + 1;
    }
    m_partialLine.remove(0, start);
}

bool PythonPeer::waitForLine(const QByteArray &prefix, int timeoutMs, QByteArray *line)
{
    qsizetype found = -1;
    auto search = [&] {
        readOutput();
        for (qsizetype i = m_searchFrom; i < m_lines.size(); ++i) {
            if (m_lines[i].startsWith(prefix)) {
                found = i;
                return true;
            }
        }
        return false;
    };
    // Stop early once the peer has exited: no further line can come.
    const bool done = QTest::qWaitFor(
        [&] { return search() || m_process->state() == QProcess::NotRunning; }, timeoutMs);
    // Exited or timed out: one last look at whatever output is left.
    if ((!done || found < 0) && !search())
        return false;
    m_searchFrom = found + 1;
    if (line)
        *line = m_lines[found];
    return true;
}

bool PythonPeer::waitForFinished(int timeoutMs)
{
    const bool finished =
        m_process->state() == QProcess::NotRunning ||
        QTest::qWaitFor([this] { return m_process->state() == QProcess::NotRunning; }, timeoutMs);
    readOutput();
    m_stderr += m_process->readAllStandardError();
    // A last line without a newline still counts once the process is gone.
    if (finished && !m_partialLine.isEmpty()) {
        m_lines.append(m_partialLine);
        m_partialLine.clear();
    }
    return finished;
}

int PythonPeer::exitCode() const
{
    if (m_process->state() != QProcess::NotRunning ||
        m_process->exitStatus() != QProcess::NormalExit) {
        return -1;
    }
    return m_process->exitCode();
}

QJsonObject PythonPeer::finalJson() const
{
    for (qsizetype i = m_lines.size() - 1; i >= 0; --i) {
        if (m_lines[i].trimmed().isEmpty())
            continue;
        return QJsonDocument::fromJson(m_lines[i]).object();
    }
    return {};
}

void PythonPeer::kill()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->kill();
    m_process->waitForFinished(5000);
    readOutput();
}
