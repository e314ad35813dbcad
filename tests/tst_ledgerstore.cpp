// The ledger file: creation modes, schema version, batched writes, checkpoints, crash recovery.
#include <sys/stat.h>

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "ledger/ledgerstore.h"

namespace {
LedgerRecord openRecord(quint64 id, qint64 startedMs)
{
    LedgerRecord r;
    r.connectionId = id;
    r.transport = QStringLiteral("ws-passthrough");
    r.route = QStringLiteral("r");
    r.startedMs = startedMs;
    return r;
}

int modeOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}
} // namespace

class TestLedgerStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsPrivateFileAndDirectory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a/b/ledger.sqlite"));
        LedgerStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("a/b"))), 0700);
        QCOMPARE(modeOf(path), 0600);
        QSqlQuery query(store.database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version")) && query.next());
        QCOMPARE(query.value(0).toInt(), LedgerStore::SchemaVersion);
    }

    void readOnlyNeedsALedger()
    {
        QTemporaryDir dir;
        LedgerStore store;
        const QString missing = dir.filePath(QStringLiteral("none.sqlite"));
        QVERIFY(!store.open(missing, LedgerStore::Mode::ReadOnly));
        QVERIFY(store.errorString().contains(missing));
        QVERIFY(!QFile::exists(missing));
        const QString other = dir.filePath(QStringLiteral("other.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "other");
            db.setDatabaseName(other);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("CREATE TABLE t (x)"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QVERIFY(!store.open(other, LedgerStore::Mode::ReadOnly));
        QVERIFY2(store.errorString().contains(QLatin1String("not a holdfast ledger")),
                 qPrintable(store.errorString()));
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ledger.sqlite"));
        {
            LedgerStore store;
            QVERIFY(store.open(path));
            QVERIFY(QSqlQuery(store.database()).exec(QStringLiteral("PRAGMA user_version=99")));
        }
        LedgerStore store;
        QVERIFY(!store.open(path));
        QVERIFY2(store.errorString().contains(QLatin1String("schema 99")),
                 qPrintable(store.errorString()));
    }

    void upsertCheckpointAndRecovery()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ledger.sqlite"));
        const qint64 t0 = 1'800'000'000'000;
        {
            LedgerStore store;
            QVERIFY(store.open(path));
            QCOMPARE(store.recoverUnfinished(), 0);
            const qint64 session = store.beginSession(t0);
            QVERIFY(session > 0);
            LedgerRecord closed = openRecord(2, t0);
            closed.endedMs = t0 + 500;
            closed.closeReason = QStringLiteral("done");
            QVERIFY(store.write({openRecord(1, t0), closed, openRecord(3, t0 + 10)}, session,
                                t0 + 1000));
            // A later batch updates the same connection, and the checkpoint moves on for the
            // open ones only.
            LedgerRecord updated = openRecord(1, t0);
            updated.bytesToClient = 4096;
            QVERIFY(store.write({updated}, session, t0 + 2000));
            QVERIFY(store.write({}, session, t0 + 3000));
            const QList<LedgerRecord> records = store.records(t0, t0 + 100'000);
            QCOMPARE(records.size(), qsizetype(3));
            QCOMPARE(records.at(0).connectionId, quint64(1));
            QCOMPARE(records.at(0).bytesToClient, qint64(4096));
            QCOMPARE(records.at(0).checkpointMs, t0 + 3000);
            QVERIFY(records.at(0).isOpen());
            QCOMPARE(records.at(1).checkpointMs, t0 + 1000);
            QCOMPARE(records.at(1).endedMs, t0 + 500);
            QCOMPARE(records.at(2).checkpointMs, t0 + 3000);
            // No endSession: the process "dies" here.
        }
        LedgerStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.recoverUnfinished(), 2);
        const QList<LedgerRecord> records = store.records(t0, t0 + 100'000);
        QCOMPARE(records.size(), qsizetype(3));
        for (int i : {0, 2}) {
            QCOMPARE(records.at(i).endedMs, t0 + 3000);
            QCOMPARE(records.at(i).closeReason, LedgerStore::unexpectedStopReason());
        }
        QCOMPARE(records.at(1).closeReason, QStringLiteral("done"));
        QCOMPARE(store.recoverUnfinished(), 0);
    }

    void sameIdsInTwoRunsAreTwoRecords()
    {
        QTemporaryDir dir;
        LedgerStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("ledger.sqlite"))));
        const qint64 first = store.beginSession(1000);
        const qint64 second = store.beginSession(2000);
        QVERIFY(first > 0 && second > first);
        LedgerRecord r = openRecord(1, 1000);
        r.endedMs = 1500;
        QVERIFY(store.write({r}, first, 1500));
        QVERIFY(store.write({r}, second, 1500));
        QCOMPARE(store.records(0, 10'000).size(), qsizetype(2));
    }
};

QTEST_GUILESS_MAIN(TestLedgerStore)
#include "tst_ledgerstore.moc"
