#include "ledger/ledgerstore.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include "ledger/usagemath.h"

namespace {
std::atomic<quint64> nextConnection{0};

const char *const SchemaV1[] = {
    "CREATE TABLE sessions ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " started_ms INTEGER NOT NULL,"
    " ended_ms INTEGER)",
    "CREATE TABLE connections ("
    " session INTEGER NOT NULL,"
    " conn_id INTEGER NOT NULL,"
    " transport TEXT NOT NULL,"
    " route TEXT NOT NULL,"
    " origin TEXT NOT NULL,"
    " client_address TEXT NOT NULL,"
    " user_agent TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " started_ms INTEGER NOT NULL,"
    " ended_ms INTEGER,"
    " checkpoint_ms INTEGER NOT NULL,"
    " bytes_from_client INTEGER NOT NULL,"
    " bytes_to_client INTEGER NOT NULL,"
    " messages_from_client INTEGER NOT NULL,"
    " messages_to_client INTEGER NOT NULL,"
    " close_code INTEGER NOT NULL,"
    " close_reason TEXT NOT NULL,"
    " PRIMARY KEY (session, conn_id))",
    "CREATE INDEX connections_started ON connections (started_ms)",
    // Only open records are in it, so the checkpoint UPDATE touches nothing else.
    "CREATE INDEX connections_open ON connections (session) WHERE ended_ms IS NULL",
    "CREATE TABLE monthly_totals ("
    " month TEXT NOT NULL,"
    " route TEXT NOT NULL,"
    " transport TEXT NOT NULL,"
    " connections INTEGER NOT NULL,"
    " minutes INTEGER NOT NULL,"
    " bytes_from_client INTEGER NOT NULL,"
    " bytes_to_client INTEGER NOT NULL,"
    " messages_from_client INTEGER NOT NULL,"
    " messages_to_client INTEGER NOT NULL,"
    " PRIMARY KEY (month, route, transport))",
};

// A null QString binds as SQL NULL; text columns are NOT NULL, so bind an empty string.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// Creates the directory (0700) and the file (0600) ourselves, so SQLite never makes them with
// the process umask; SQLite gives its -wal and -shm files the database file's mode.
QString prepareFile(const QString &path)
{
    const QFileInfo info(path);
    const QString dirPath = info.absolutePath();
    if (!QFileInfo::exists(dirPath)) {
        if (!QDir().mkpath(dirPath))
            return QStringLiteral("cannot create the directory %1").arg(dirPath);
        QFile::setPermissions(dirPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    if (info.exists())
        return {};
    const QByteArray encoded = QFile::encodeName(info.absoluteFilePath());
    const int fd = ::open(encoded.constData(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return QStringLiteral("cannot create %1: %2")
            .arg(info.absoluteFilePath(), QString::fromLocal8Bit(strerror(errno)));
    ::close(fd);
    return {};
}
} // namespace

QString LedgerStore::unexpectedStopReason()
{
    return QStringLiteral("broker stopped unexpectedly");
}

LedgerStore::LedgerStore()
    : m_connectionName(QStringLiteral("holdfast-ledger-%1").arg(nextConnection++))
{}

LedgerStore::~LedgerStore()
{
    close();
}

QSqlDatabase LedgerStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool LedgerStore::isOpen() const
{
    return database().isOpen();
}

bool LedgerStore::fail(const QString &what, const QString &detail)
{
    m_error = detail.isEmpty() ? what : QStringLiteral("%1: %2").arg(what, detail);
    return false;
}

bool LedgerStore::exec(const QString &sql)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return fail(QStringLiteral("%1: %2").arg(m_path, sql.section(QLatin1Char(' '), 0, 2)),
                    query.lastError().text());
    return true;
}

bool LedgerStore::open(const QString &path, Mode mode)
{
    close();
    m_path = path;
    m_error.clear();
    if (mode == Mode::ReadWrite) {
        const QString problem = prepareFile(path);
        if (!problem.isEmpty())
            return fail(problem, {});
    } else if (!QFileInfo(path).isFile()) {
        return fail(QStringLiteral("no ledger at %1").arg(path), {});
    }
    bool opened = false;
    QString openError;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
        if (mode == Mode::ReadOnly)
            options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(options);
        opened = db.open();
        if (!opened)
            openError = db.lastError().text();
    }
    // Closed only once the handle above is gone: removing a connection still referenced makes Qt
    // warn ("still in use") on every retry, once a second while the file cannot be opened.
    if (!opened) {
        close();
        return fail(QStringLiteral("cannot open %1").arg(path), openError);
    }
    if (mode == Mode::ReadWrite) {
        // WAL: readers (reports) never block the writer; NORMAL sync: a commit survives a
        // killed process (the WAL is in the page cache), only a power cut may lose the last one.
        if (!exec(QStringLiteral("PRAGMA journal_mode=WAL")) ||
            !exec(QStringLiteral("PRAGMA synchronous=NORMAL")) || !migrate()) {
            const QString error = m_error;
            close();
            m_error = error;
            return false;
        }
        return true;
    }
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        const QString detail = query.lastError().text();
        close();
        return fail(QStringLiteral("cannot read %1").arg(path), detail);
    }
    const int version = query.value(0).toInt();
    query.finish();
    if (version < 1 || version > SchemaVersion) {
        close();
        return fail(version < 1
                        ? QStringLiteral("%1 is not a holdfast ledger").arg(path)
                        : QStringLiteral("%1 has ledger schema %2, newer than this holdfast's %3")
                              .arg(path)
                              .arg(version)
                              .arg(SchemaVersion),
                    {});
    }
    return true;
}

bool LedgerStore::migrate()
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return fail(QStringLiteral("cannot read %1").arg(m_path), query.lastError().text());
    const int version = query.value(0).toInt();
    query.finish();
    if (version == SchemaVersion)
        return true;
    if (version > SchemaVersion)
        return fail(QStringLiteral("%1 has ledger schema %2, newer than this holdfast's %3")
                        .arg(m_path)
                        .arg(version)
                        .arg(SchemaVersion),
                    {});
    QSqlDatabase db = database();
    if (!db.transaction())
        return fail(QStringLiteral("cannot write %1").arg(m_path), db.lastError().text());
    // Version 0 is a new, empty file. Later versions add steps here, each from the previous one.
    for (const char *statement : SchemaV1) {
        if (!exec(QString::fromLatin1(statement))) {
            db.rollback();
            return false;
        }
    }
    if (!exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion)) || !db.commit()) {
        db.rollback();
        return fail(QStringLiteral("cannot write %1").arg(m_path), db.lastError().text());
    }
    return true;
}

void LedgerStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

int LedgerStore::recoverUnfinished()
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral(
        "UPDATE connections SET ended_ms = MAX(started_ms, checkpoint_ms), close_reason = ? "
        "WHERE ended_ms IS NULL"));
    query.addBindValue(unexpectedStopReason());
    if (!query.exec()) {
        fail(QStringLiteral("cannot recover %1").arg(m_path), query.lastError().text());
        return -1;
    }
    const int count = query.numRowsAffected();
    // Runs that ended without saying so end at their last checkpoint too.
    exec(QStringLiteral("UPDATE sessions SET ended_ms = COALESCE((SELECT MAX(checkpoint_ms) FROM "
                        "connections WHERE session = sessions.id), started_ms) "
                        "WHERE ended_ms IS NULL"));
    return count;
}

qint64 LedgerStore::beginSession(qint64 nowMs)
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral("INSERT INTO sessions (started_ms) VALUES (?)"));
    query.addBindValue(nowMs);
    if (!query.exec()) {
        fail(QStringLiteral("cannot write %1").arg(m_path), query.lastError().text());
        return -1;
    }
    return query.lastInsertId().toLongLong();
}

bool LedgerStore::endSession(qint64 session, qint64 nowMs)
{
    QSqlQuery query(database());
    query.prepare(QStringLiteral("UPDATE sessions SET ended_ms = ? WHERE id = ?"));
    query.addBindValue(nowMs);
    query.addBindValue(session);
    if (!query.exec())
        return fail(QStringLiteral("cannot write %1").arg(m_path), query.lastError().text());
    return true;
}

bool LedgerStore::write(const QList<LedgerRecord> &records, qint64 session, qint64 nowMs)
{
    QSqlDatabase db = database();
    if (!db.isOpen())
        return fail(QStringLiteral("%1 is not open").arg(m_path), {});
    if (!db.transaction())
        return fail(QStringLiteral("cannot write %1").arg(m_path), db.lastError().text());
    QSqlQuery upsert(db);
    upsert.prepare(QStringLiteral(
        "INSERT INTO connections (session, conn_id, transport, route, origin, client_address,"
        " user_agent, path, started_ms, ended_ms, checkpoint_ms, bytes_from_client,"
        " bytes_to_client, messages_from_client, messages_to_client, close_code, close_reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (session, conn_id) DO UPDATE SET transport = excluded.transport,"
        " route = excluded.route, origin = excluded.origin,"
        " client_address = excluded.client_address, user_agent = excluded.user_agent,"
        " path = excluded.path, started_ms = excluded.started_ms, ended_ms = excluded.ended_ms,"
        " checkpoint_ms = excluded.checkpoint_ms,"
        " bytes_from_client = excluded.bytes_from_client,"
        " bytes_to_client = excluded.bytes_to_client,"
        " messages_from_client = excluded.messages_from_client,"
        " messages_to_client = excluded.messages_to_client, close_code = excluded.close_code,"
        " close_reason = excluded.close_reason"));
    for (const LedgerRecord &record : records) {
        upsert.addBindValue(session);
        upsert.addBindValue(qint64(record.connectionId));
        upsert.addBindValue(text(record.transport));
        upsert.addBindValue(text(record.route));
        upsert.addBindValue(text(record.origin));
        upsert.addBindValue(text(record.clientAddress));
        upsert.addBindValue(text(record.userAgent));
        upsert.addBindValue(text(record.path));
        upsert.addBindValue(record.startedMs);
        upsert.addBindValue(record.isOpen() ? QVariant() : QVariant(record.endedMs));
        upsert.addBindValue(qMax(nowMs, record.startedMs));
        upsert.addBindValue(record.bytesFromClient);
        upsert.addBindValue(record.bytesToClient);
        upsert.addBindValue(record.messagesFromClient);
        upsert.addBindValue(record.messagesToClient);
        upsert.addBindValue(record.closeCode);
        upsert.addBindValue(text(record.closeReason));
        if (!upsert.exec()) {
            fail(QStringLiteral("cannot write %1").arg(m_path), upsert.lastError().text());
            db.rollback();
            return false;
        }
    }
    QSqlQuery checkpoint(db);
    checkpoint.prepare(QStringLiteral(
        "UPDATE connections SET checkpoint_ms = ? WHERE session = ? AND ended_ms IS NULL"));
    checkpoint.addBindValue(nowMs);
    checkpoint.addBindValue(session);
    if (!checkpoint.exec()) {
        fail(QStringLiteral("cannot write %1").arg(m_path), checkpoint.lastError().text());
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        fail(QStringLiteral("cannot write %1").arg(m_path), db.lastError().text());
        db.rollback();
        return false;
    }
    return true;
}

qint64 LedgerStore::prune(int retentionMonths, qint64 nowMs)
{
    const qint64 cutoff = UsageMath::monthStartBefore(nowMs, retentionMonths);
    QSqlDatabase db = database();
    if (!db.transaction()) {
        fail(QStringLiteral("cannot write %1").arg(m_path), db.lastError().text());
        return -1;
    }
    QSqlQuery fold(db);
    // "WHERE" before the GROUP BY also keeps SQLite's upsert parser from reading ON as a join.
    fold.prepare(QStringLiteral(
                     "INSERT INTO monthly_totals (month, route, transport, connections, minutes,"
                     " bytes_from_client, bytes_to_client, messages_from_client,"
                     " messages_to_client)"
                     " SELECT strftime('%Y-%m', started_ms / 1000, 'unixepoch'), route, transport,"
                     " COUNT(*), SUM(%1), SUM(bytes_from_client), SUM(bytes_to_client),"
                     " SUM(messages_from_client), SUM(messages_to_client) FROM connections"
                     " WHERE ended_ms IS NOT NULL AND started_ms < ? GROUP BY 1, 2, 3"
                     " ON CONFLICT (month, route, transport) DO UPDATE SET"
                     " connections = connections + excluded.connections,"
                     " minutes = minutes + excluded.minutes,"
                     " bytes_from_client = bytes_from_client + excluded.bytes_from_client,"
                     " bytes_to_client = bytes_to_client + excluded.bytes_to_client,"
                     " messages_from_client = messages_from_client + excluded.messages_from_client,"
                     " messages_to_client = messages_to_client + excluded.messages_to_client")
                     .arg(UsageMath::minutesSql(QStringLiteral("ended_ms - started_ms"))));
    fold.addBindValue(cutoff);
    QSqlQuery remove(db);
    remove.prepare(
        QStringLiteral("DELETE FROM connections WHERE ended_ms IS NOT NULL AND started_ms < ?"));
    remove.addBindValue(cutoff);
    if (!fold.exec() || !remove.exec()) {
        const QString detail =
            fold.lastError().isValid() ? fold.lastError().text() : remove.lastError().text();
        db.rollback();
        fail(QStringLiteral("cannot prune %1").arg(m_path), detail);
        return -1;
    }
    const qint64 pruned = remove.numRowsAffected();
    if (!db.commit()) {
        fail(QStringLiteral("cannot prune %1").arg(m_path), db.lastError().text());
        db.rollback();
        return -1;
    }
    return pruned;
}

QList<LedgerRecord> LedgerStore::records(qint64 fromMs, qint64 toMs) const
{
    QList<LedgerRecord> result;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT session, conn_id, transport, route, origin, client_address, user_agent, path,"
        " started_ms, ended_ms, checkpoint_ms, bytes_from_client, bytes_to_client,"
        " messages_from_client, messages_to_client, close_code, close_reason FROM connections"
        " WHERE started_ms >= ? AND started_ms < ? ORDER BY started_ms, session, conn_id"));
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return result;
    }
    while (query.next()) {
        LedgerRecord record;
        record.session = query.value(0).toLongLong();
        record.connectionId = query.value(1).toULongLong();
        record.transport = query.value(2).toString();
        record.route = query.value(3).toString();
        record.origin = query.value(4).toString();
        record.clientAddress = query.value(5).toString();
        record.userAgent = query.value(6).toString();
        record.path = query.value(7).toString();
        record.startedMs = query.value(8).toLongLong();
        record.endedMs = query.value(9).isNull() ? -1 : query.value(9).toLongLong();
        record.checkpointMs = query.value(10).toLongLong();
        record.bytesFromClient = query.value(11).toLongLong();
        record.bytesToClient = query.value(12).toLongLong();
        record.messagesFromClient = query.value(13).toLongLong();
        record.messagesToClient = query.value(14).toLongLong();
        record.closeCode = query.value(15).toInt();
        record.closeReason = query.value(16).toString();
        result.append(record);
    }
    return result;
}

MonthUsage LedgerStore::monthUsage(const QString &month, qint64 nowMs) const
{
    MonthUsage usage;
    usage.month = month;
    qint64 begin = 0;
    qint64 end = 0;
    if (!UsageMath::monthRange(month, &begin, &end))
        return usage;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT COUNT(*), COALESCE(SUM(ended_ms IS NULL), 0), COALESCE(SUM(%1), 0)"
                       " FROM connections WHERE started_ms >= ? AND started_ms < ?")
            .arg(UsageMath::minutesSql(QStringLiteral("COALESCE(ended_ms, ?) - started_ms"))));
    query.addBindValue(nowMs);
    query.addBindValue(begin);
    query.addBindValue(end);
    if (query.exec() && query.next()) {
        usage.connections = query.value(0).toLongLong();
        usage.openConnections = query.value(1).toLongLong();
        usage.minutes = query.value(2).toLongLong();
    }
    QSqlQuery totals(database());
    totals.prepare(QStringLiteral(
        "SELECT COALESCE(SUM(connections), 0), COALESCE(SUM(minutes), 0) FROM monthly_totals"
        " WHERE month = ?"));
    totals.addBindValue(month);
    if (totals.exec() && totals.next()) {
        usage.connections += totals.value(0).toLongLong();
        usage.minutes += totals.value(1).toLongLong();
    }
    return usage;
}
