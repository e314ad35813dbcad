// The Test clients table under QAbstractItemModelTester: runs insert in one block, LoadStats rows
// change only their own rows, the end of a run closes what was left open, runs leave whole.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "testclientsmodel.h"

namespace {
ClientRow row(int id, ClientState state, quint64 received = 0, QList<QByteArray> recent = {})
{
    ClientRow r;
    r.id = id;
    r.state = state;
    r.received = received;
    r.connects = 1;
    r.recent = recent;
    return r;
}
} // namespace

class TstTestClientsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsInsertInOneBlock()
    {
        TestClientsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addRun(1, ClientTransport::Sse, QStringLiteral("http://127.0.0.1:1/test/sse"), 3);
        model.addRun(2, ClientTransport::WebSocket, QStringLiteral("ws://127.0.0.1:1/x"), 2);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOf(2, 0), 3);
        QCOMPARE(model.index(3, TestClientsModel::ClientColumn).data().toString(),
                 QStringLiteral("2.1"));
        QCOMPARE(model.index(0, TestClientsModel::StateColumn).data().toString(),
                 QStringLiteral("waiting"));
        model.addRun(3, ClientTransport::Poll, QStringLiteral("x"), 0);
        QCOMPARE(model.rowCount(), 5);
    }

    void rowsChangeInContiguousRuns()
    {
        TestClientsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addRun(1, ClientTransport::Sse, QStringLiteral("u"), 10);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.applyRows(
            1, {row(1, ClientState::Open), row(2, ClientState::Open), row(7, ClientState::Failed)});
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
        // Rows of runs it does not list are ignored, not inserted.
        changed.clear();
        model.applyRows(9, {row(0, ClientState::Open)});
        QCOMPARE(changed.size(), 0);
        QCOMPARE(model.rowCount(), 10);
        // Over half the table changed: one signal for all.
        QList<ClientRow> many;
        for (int id = 0; id < 10; id += 2)
            many.append(row(id, ClientState::Open));
        many.append(row(9, ClientState::Open));
        model.applyRows(1, many);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 9);
    }

    void messagesAccumulateBounded()
    {
        TestClientsModel model;
        model.addRun(1, ClientTransport::WebSocket, QStringLiteral("u"), 1);
        model.applyRows(1, {row(0, ClientState::Open, 2, {"a", "b"})});
        model.applyRows(1, {row(0, ClientState::Open, 3, {"c"})});
        QCOMPARE(model.rowAt(0).recent, QList<QByteArray>({"a", "b", "c"}));
        QCOMPARE(model.index(0, TestClientsModel::MessagesColumn)
                     .data(TestClientsModel::RawRole)
                     .toULongLong(),
                 quint64(3));
        QList<QByteArray> lots;
        for (int i = 0; i < TestClientsModel::MaxRecent + 5; ++i)
            lots.append(QByteArray::number(i));
        model.applyRows(1, {row(0, ClientState::Open, 200, lots)});
        QCOMPARE(model.rowAt(0).recent.size(), TestClientsModel::MaxRecent);
        QCOMPARE(model.rowAt(0).recent.last(), QByteArray::number(TestClientsModel::MaxRecent + 4));
    }

    void endOfRunClosesTheRest()
    {
        TestClientsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addRun(1, ClientTransport::Sse, QStringLiteral("u"), 3);
        ClientRow failed = row(2, ClientState::Failed);
        failed.reason = QStringLiteral("cannot connect: Connection refused");
        model.endRun(1, {row(0, ClientState::Open), failed});
        QCOMPARE(model.rowAt(0).state, ClientState::Closed);
        QCOMPARE(model.rowAt(1).state, ClientState::Closed);
        QCOMPARE(model.rowAt(0).reason, QStringLiteral("stopped"));
        QCOMPARE(model.rowAt(2).state, ClientState::Failed);
        QCOMPARE(model.index(2, TestClientsModel::ReasonColumn).data().toString(),
                 QStringLiteral("cannot connect: Connection refused"));
        QVERIFY(model.rowAt(2).runEnded);
    }

    void runsLeaveWhole()
    {
        TestClientsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addRun(1, ClientTransport::Sse, QStringLiteral("a"), 2);
        model.addRun(2, ClientTransport::Sse, QStringLiteral("b"), 3);
        model.addRun(3, ClientTransport::Sse, QStringLiteral("c"), 1);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.removeRun(2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(3, 0), 2);
        QCOMPARE(model.rowOf(2, 0), -1);
        model.removeRun(2);
        QCOMPARE(removed.size(), 1);
        model.applyRows(3, {row(0, ClientState::Open, 4)});
        QCOMPARE(model.rowAt(2).received, quint64(4));
    }
};

QTEST_GUILESS_MAIN(TstTestClientsModel)
#include "tst_testclientsmodel.moc"
