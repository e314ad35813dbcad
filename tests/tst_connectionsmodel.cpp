// ConnectionsModel and its filter proxy, fed fake snapshots under QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "connectionsfiltermodel.h"
#include "connectionsmodel.h"
#include "localeformat.h"

namespace {
const QDateTime T0 = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);

ConnectionInfo connection(quint64 id,
                          ConnectionInfo::Transport transport = ConnectionInfo::Transport::Http,
                          QList<QByteArray> channels = {})
{
    ConnectionInfo info;
    info.id = id;
    info.transport = transport;
    info.state = ConnectionInfo::State::Open;
    info.clientAddress = QStringLiteral("127.0.0.1:%1").arg(40000 + id);
    info.routeId = "r" + QByteArray::number(id % 3);
    info.channels = channels;
    info.startedUtc = T0.addSecs(qint64(id));
    return info;
}

BrokerSnapshot opened(QList<quint64> ids)
{
    BrokerSnapshot snapshot;
    for (quint64 id : ids)
        snapshot.opened.append(connection(id));
    return snapshot;
}

QList<quint64> idsOf(const QAbstractItemModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ConnectionsModel::IdRole).toULongLong();
    return ids;
}
} // namespace

class TestConnectionsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void insertsInOneRun()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.applySnapshot(opened({1, 2, 3, 4, 5}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(idsOf(model), (QList<quint64>{1, 2, 3, 4, 5}));
        QCOMPARE(model.rowOf(4), 3);
        QCOMPARE(reset.count(), 0);
    }

    void removalsInRunsFromTheBottom()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(opened({1, 2, 3, 4, 5, 6, 7, 8}));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        BrokerSnapshot snapshot;
        for (quint64 id : {2, 3, 7, 6, 8})
            snapshot.closed.append(connection(id));
        model.applySnapshot(snapshot);
        // Runs 5..7 (ids 6-8) then 1..2 (ids 2-3): bottom first.
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.at(0).at(1).toInt(), 5);
        QCOMPARE(removed.at(0).at(2).toInt(), 7);
        QCOMPARE(removed.at(1).at(1).toInt(), 1);
        QCOMPARE(removed.at(1).at(2).toInt(), 2);
        QCOMPARE(idsOf(model), (QList<quint64>{1, 4, 5}));
        QCOMPARE(model.rowOf(4), 1);
        QCOMPARE(model.rowOf(5), 2);
        QCOMPARE(model.rowOf(2), -1);
        QCOMPARE(model.recentlyClosed().size(), 5);
    }

    void updatesAsDataChangedRuns()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<quint64> ids;
        for (quint64 id = 1; id <= 10; ++id)
            ids << id;
        model.applySnapshot(opened(ids));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        BrokerSnapshot snapshot;
        for (quint64 id : {2, 3, 4, 8}) {
            ConnectionInfo info = connection(id);
            info.bytesToClient = id * 100;
            snapshot.updated.append(info);
        }
        model.applySnapshot(snapshot);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 3);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
        QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 7);
        QCOMPARE(model.index(7, ConnectionsModel::BytesOut).data(ConnectionsModel::RawRole),
                 QVariant(quint64(800)));

        // Over half the rows changed: one dataChanged for all.
        changed.clear();
        BrokerSnapshot many;
        for (quint64 id = 1; id <= 9; ++id)
            many.updated.append(connection(id));
        model.applySnapshot(many);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 9);
    }

    void mixedSnapshot()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.applySnapshot(opened({1, 2, 3}));
        BrokerSnapshot snapshot = opened({4, 5});
        snapshot.closed.append(connection(2));
        snapshot.closed.append(connection(9)); // opened and closed within one tick: never shown
        ConnectionInfo three = connection(3);
        three.messagesToClient = 7;
        snapshot.updated.append(three);
        model.applySnapshot(snapshot);
        QCOMPARE(idsOf(model), (QList<quint64>{1, 3, 4, 5}));
        QCOMPARE(model.index(model.rowOf(3), ConnectionsModel::MessagesOut).data(),
                 QVariant(quint64(7)));
    }

    void rawAndDisplayValues()
    {
        ConnectionsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        BrokerSnapshot snapshot;
        ConnectionInfo info = connection(1, ConnectionInfo::Transport::Sse, {"news", "test"});
        info.bytesFromClient = 2048;
        info.startedUtc = T0;
        snapshot.opened.append(info);
        model.applySnapshot(snapshot);
        model.setNow(T0.addSecs(61));
        auto raw = [&](int column) {
            return model.index(0, column).data(ConnectionsModel::RawRole);
        };
        auto shown = [&](int column) { return model.index(0, column).data().toString(); };
        QCOMPARE(raw(ConnectionsModel::Transport).toString(), QStringLiteral("sse"));
        QCOMPARE(raw(ConnectionsModel::Started).toDateTime(), T0);
        QCOMPARE(shown(ConnectionsModel::Started), LocaleFormat::dateTime(T0.toLocalTime()));
        QCOMPARE(raw(ConnectionsModel::Duration).toLongLong(), 61'000);
        QCOMPARE(shown(ConnectionsModel::Duration), QStringLiteral("1:01"));
        QCOMPARE(raw(ConnectionsModel::Minutes).toLongLong(), 2);
        QCOMPARE(raw(ConnectionsModel::BytesIn).toULongLong(), 2048u);
        QCOMPARE(shown(ConnectionsModel::Channels), QStringLiteral("news, test"));
        QCOMPARE(model.index(0, 0).data(ConnectionsModel::ChannelsRole).toStringList(),
                 (QStringList{QStringLiteral("news"), QStringLiteral("test")}));
        QCOMPARE(shown(ConnectionsModel::State), QStringLiteral("open"));
    }

    void usageMinutes_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<qint64>("minutes");
        QTest::addRow("zero counts one") << qint64(0) << qint64(1);
        QTest::addRow("one second") << qint64(1000) << qint64(1);
        QTest::addRow("exactly a minute") << qint64(60'000) << qint64(1);
        QTest::addRow("a minute and a ms") << qint64(60'001) << qint64(2);
        QTest::addRow("an hour") << qint64(3'600'000) << qint64(60);
    }
    void usageMinutes()
    {
        QFETCH(qint64, ms);
        QFETCH(qint64, minutes);
        QCOMPARE(ConnectionsModel::usageMinutes(ms), minutes);
    }

    void sortAndFilterThroughTheProxy()
    {
        ConnectionsModel model;
        ConnectionsFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        BrokerSnapshot snapshot;
        snapshot.opened = {connection(10, ConnectionInfo::Transport::Http),
                           connection(9, ConnectionInfo::Transport::WsFanout, {"a"}),
                           connection(100, ConnectionInfo::Transport::Sse, {"a", "b"}),
                           connection(2, ConnectionInfo::Transport::WsFanout, {"b"})};
        snapshot.opened[0].bytesToClient = 5000;
        snapshot.opened[1].bytesToClient = 100;
        snapshot.opened[2].bytesToClient = 900;
        snapshot.opened[3].bytesToClient = 20;
        model.applySnapshot(snapshot);

        // Numeric, not textual: 100 after 10.
        proxy.sort(ConnectionsModel::Id, Qt::AscendingOrder);
        QCOMPARE(idsOf(proxy), (QList<quint64>{2, 9, 10, 100}));
        proxy.sort(ConnectionsModel::BytesOut, Qt::DescendingOrder);
        QCOMPARE(idsOf(proxy), (QList<quint64>{10, 100, 9, 2}));

        proxy.setTransport(QStringLiteral("ws-fanout"));
        QCOMPARE(idsOf(proxy), (QList<quint64>{9, 2}));
        proxy.setTransport({});
        proxy.setChannel(QStringLiteral("b"));
        QCOMPARE(idsOf(proxy), (QList<quint64>{100, 2}));
        proxy.setChannel({});
        proxy.setText(QStringLiteral("R1")); // the route column, case-insensitive
        QCOMPARE(idsOf(proxy), (QList<quint64>{10, 100}));
        proxy.setText({});

        // Live updates keep the order and the filter.
        proxy.setChannel(QStringLiteral("a"));
        BrokerSnapshot next;
        ConnectionInfo nine = connection(9, ConnectionInfo::Transport::WsFanout, {"a"});
        nine.bytesToClient = 99'999;
        next.updated.append(nine);
        next.opened.append(connection(50, ConnectionInfo::Transport::HttpStream, {"a"}));
        next.closed.append(connection(100));
        model.applySnapshot(next);
        QCOMPARE(idsOf(proxy), (QList<quint64>{9, 50}));
    }

    void tenThousandRowsIncrementally()
    {
        ConnectionsModel model;
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QList<quint64> ids;
        for (quint64 id = 1; id <= 10'000; ++id)
            ids << id;
        model.applySnapshot(opened(ids));
        BrokerSnapshot snapshot;
        for (quint64 id = 1; id <= 10'000; id += 2)
            snapshot.closed.append(connection(id));
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.applySnapshot(snapshot);
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(removed.count(), 5000);
        QCOMPARE(model.rowOf(10'000), 4999);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.recentlyClosed().size(), ConnectionsModel::MaxRecentlyClosed);
        QCOMPARE(model.recentlyClosed().last().id, quint64(9999));
    }
};

QTEST_MAIN(TestConnectionsModel)
#include "tst_connectionsmodel.moc"
