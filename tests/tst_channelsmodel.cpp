// ChannelsModel fed whole channel lists, diffed into incremental changes.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

#include "channelsmodel.h"

namespace {
ChannelInfo channel(const QByteArray &name, quint64 subscribers, quint64 published = 0)
{
    ChannelInfo info;
    info.name = name;
    info.subscribers = subscribers;
    info.published = published;
    return info;
}

BrokerSnapshot channels(QList<ChannelInfo> list)
{
    BrokerSnapshot snapshot;
    snapshot.channelsChanged = true;
    snapshot.channels = list;
    return snapshot;
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, ChannelsModel::Name).data().toString();
    return names;
}
} // namespace

class TestChannelsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diffsWholeListsIntoRuns()
    {
        ChannelsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.applySnapshot(channels(
            {channel("a", 1), channel("b", 2), channel("c", 3), channel("d", 4), channel("e", 5)}));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(namesOf(model), (QStringList{"a", "b", "c", "d", "e"}));

        // A snapshot without channel changes leaves the table alone.
        model.applySnapshot(BrokerSnapshot{});
        QCOMPARE(model.rowCount(), 5);

        inserted.clear();
        model.applySnapshot(
            channels({channel("a", 1), channel("c", 30, 1), channel("d", 40, 1), channel("f", 1)}));
        QCOMPARE(removed.count(), 2); // e, then b
        QCOMPARE(removed.at(0).at(1).toInt(), 4);
        QCOMPARE(removed.at(1).at(1).toInt(), 1);
        // c and d: over half of the three rows left, so one signal for the table (LiveTableModel).
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(namesOf(model), (QStringList{"a", "c", "d", "f"}));
        QCOMPARE(model.rowOf("f"), 3);
        QCOMPARE(model.index(1, ChannelsModel::Subscribers).data(ChannelsModel::RawRole),
                 QVariant(quint64(30)));
        QCOMPARE(reset.count(), 0);

        model.applySnapshot(channels({}));
        QCOMPARE(model.rowCount(), 0);
    }

    void fewChangesAsRuns()
    {
        ChannelsModel model;
        QList<ChannelInfo> list;
        for (int i = 0; i < 10; ++i)
            list.append(channel("ch" + QByteArray::number(i), 1));
        model.applySnapshot(channels(list));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        list[2].subscribers = 2;
        list[3].subscribers = 2;
        list[7].published = 5;
        model.applySnapshot(channels(list));
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 3);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
        QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 7);
        QCOMPARE(changed.at(1).at(1).toModelIndex().column(), ChannelsModel::ColumnCount - 1);
    }

    void rawValuesSortNumerically()
    {
        ChannelsModel model;
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ChannelsModel::RawRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ChannelInfo last = channel("x", 100, 3);
        last.lastPublishUtc = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        last.lastId = "42";
        model.applySnapshot(channels({channel("y", 9), last, channel("z", 20)}));
        proxy.sort(ChannelsModel::Subscribers, Qt::DescendingOrder);
        QCOMPARE(namesOf(proxy), (QStringList{"x", "z", "y"}));
        QCOMPARE(
            proxy.index(0, ChannelsModel::LastPublish).data(ChannelsModel::RawRole).toDateTime(),
            last.lastPublishUtc);
        QCOMPARE(proxy.index(0, ChannelsModel::LastId).data().toString(), QStringLiteral("42"));
        QCOMPARE(model.names(), (QStringList{"y", "x", "z"}));
    }
};

QTEST_MAIN(TestChannelsModel)
#include "tst_channelsmodel.moc"
