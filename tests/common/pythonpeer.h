#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

// Runs one of the tests/peers/*.py scripts under Debian's /usr/bin/python3 (which has
// python3-websockets 10.4; a pyenv python3 on PATH does not) and collects its stdout lines.
// Waits spin the event loop (QTest::qWaitFor), so an in-process engine on this thread keeps
// running while a test waits for the peer.
class PythonPeer : public QObject
{
    Q_OBJECT

public:
    // /usr/bin/python3 -c "import websockets" succeeds; checked once per process.
    static bool websocketsAvailable();
    // The script in tests/peers; an absolute path is returned unchanged.
    static QString scriptPath(const QString &script);
    // Splits an event line such as "OPEN path=/x subprotocol=- extensions=permessage-deflate;
    // client_max_window_bits=12 xff=- host=h" into its fields. Values may contain spaces and
    // "=", so the split uses the fixed key order of each event (OPEN, CLOSED, REJECTED, READY).
    static QHash<QByteArray, QByteArray> fields(const QByteArray &line);

    explicit PythonPeer(QObject *parent = nullptr);
    ~PythonPeer() override; // kills the process if still running

    // For ws_origin.py: starts and waits for "READY <port>". False (with the peer's stderr
    // logged) if it did not start or exited first.
    bool start(const QString &script, const QStringList &args, int readyTimeoutMs = 10000);
    // Starts without waiting for READY (ws_client.py); false only if the process failed to start.
    bool startClient(const QString &script, const QStringList &args);
    quint16 port() const { return m_port; }

    // The next stdout line starting with prefix. Lines are kept; each wait searches from just
    // after the line the previous successful wait matched, so repeated waits walk forward.
    bool waitForLine(const QByteArray &prefix, int timeoutMs, QByteArray *line = nullptr);
    QList<QByteArray> lines() const { return m_lines; }

    bool waitForFinished(int timeoutMs);
    int exitCode() const;
    // The last non-empty stdout line parsed as a JSON object (empty if it is not one).
    QJsonObject finalJson() const;

    QProcess *process() { return m_process; }
    void kill(); // SIGKILL, for "origin killed mid-stream" tests; waits for the exit
    QByteArray stderrText() const { return m_stderr; }

private:
    void readOutput();

    QProcess *m_process;
    QList<QByteArray> m_lines;
    QByteArray m_partialLine;
    QByteArray m_stderr;
    qsizetype m_searchFrom = 0;
    quint16 m_port = 0;
};

// For failure messages: a peer's last line and whatever it wrote to stderr, and a peer's JSON
// result on one line.
inline QByteArray describe(const PythonPeer &peer)
{
    const QList<QByteArray> lines = peer.lines();
    return "last line: " + (lines.isEmpty() ? QByteArray("(none)") : lines.last()) +
           "; stderr: " + peer.stderrText();
}

inline QByteArray describe(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
