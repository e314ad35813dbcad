#pragma once

// The real holdfast executable as a child process, for tests that kill it, signal it or restart
// it: its stderr log collected as it arrives, its actual ports read from its "listening on" line
// (so it can listen on port 0 and no other test can take the port first), and `holdfast report`.
// Compiled into each test that uses it (target_sources), for that test's HOLDFAST_BINARY.
#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

class HoldfastProcess
{
public:
    HoldfastProcess();
    ~HoldfastProcess(); // kills the process if it still runs

    // Starts `holdfast --headless --listen 127.0.0.1:0 --publish-listen 127.0.0.1:0` plus
    // arguments and waits for its "listening on" line. False (the log says why) if it exited or
    // did not listen within timeoutMs.
    bool startHeadless(const QStringList &arguments, int timeoutMs = 15'000);
    // RLIMIT_NOFILE (soft and hard) for the next start, set in the child before exec.
    void setOpenFileLimit(int limit);

    // Until the log holds text at least count times, the process exited, or timeoutMs passed.
    bool waitForLog(const QByteArray &text, int timeoutMs = 15'000, int count = 1);
    bool waitForExit(int timeoutMs = 15'000);
    bool signal(int number); // kill(2) on the process
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    // The exit code of a normal exit; -1 if it was killed, crashed or still runs.
    int exitCode() const;
    qint64 pid() const { return m_process.processId(); }

    quint16 port() const { return m_port; }
    quint16 publishPort() const { return m_publishPort; }
    QByteArray log() const { return m_log; }
    // The log lines containing text.
    QList<QByteArray> logLines(const QByteArray &text) const;

    // `holdfast report --ledger path --month month --by by --format json` in another process;
    // an empty object (with a warning) when it fails.
    static QJsonObject report(const QString &ledger, const QString &month,
                              const QString &by = QStringLiteral("transport"));

private:
    QTemporaryDir m_home; // XDG config and data: no saved settings or ledger of the user's
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
    quint16 m_publishPort = 0;
};
