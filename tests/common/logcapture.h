#pragma once

// Keeps the broker's connection warnings (holdfast.broker.conn, logged on its thread) for asserts
// and passes every message on to the handler installed before (QTest's). Install with
// `LogCapture::previous = qInstallMessageHandler(LogCapture::handler)`.
#include <QByteArray>
#include <QLoggingCategory>
#include <QList>
#include <QMutex>
#include <QtGlobal>

namespace harness {

// While alive, the broker's per-connection info lines are off: with thousands of connections
// they would drown a test's report and slow it down.
struct QuietConnectionLogs
{
    QuietConnectionLogs()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("holdfast.broker.conn.info=false"));
    }
    ~QuietConnectionLogs() { QLoggingCategory::setFilterRules(QString()); }
    Q_DISABLE_COPY_MOVE(QuietConnectionLogs)
};

struct LogCapture
{
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &text)
    {
        if (type == QtWarningMsg && context.category &&
            qstrcmp(context.category, "holdfast.broker.conn") == 0) {
            QMutexLocker lock(&mutex);
            lines.append(text.toUtf8());
        }
        if (previous)
            previous(type, context, text);
    }
    static QList<QByteArray> containing(const QByteArray &needle)
    {
        QMutexLocker lock(&mutex);
        QList<QByteArray> found;
        for (const QByteArray &line : std::as_const(lines)) {
            if (line.contains(needle))
                found.append(line);
        }
        return found;
    }
    static void clear()
    {
        QMutexLocker lock(&mutex);
        lines.clear();
    }

    inline static QMutex mutex;
    inline static QList<QByteArray> lines;
    inline static QtMessageHandler previous = nullptr;
};

} // namespace harness
