#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QTableView>
#include <QtTest>

#include "connectiontracemodel.h"
#include "connectiontraceview.h"

namespace {
TraceEntry entry(TraceEntry::Kind kind, const QByteArray &bytes, const QString &summary = {})
{
    return TraceEntry::make(7, TraceEntry::Direction::FromClient, kind, bytes.constData(),
                            bytes.size(), summary);
}
} // namespace

class TestConnectionTraceView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelKeepsTheNewestWithinItsLimit()
    {
        ConnectionTraceModel model(5);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<TraceEntry> batch;
        for (int i = 0; i < 3; ++i)
            batch << entry(TraceEntry::Kind::Text, QByteArray::number(i));
        model.append(batch);
        batch.clear();
        batch << entry(TraceEntry::Kind::Warning, {}, QStringLiteral("careful"));
        for (int i = 3; i < 6; ++i)
            batch << entry(TraceEntry::Kind::Text, QByteArray::number(i));
        model.append(batch);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.entryAt(0).bytes, QByteArray("2"));
        QCOMPARE(model.entryAt(4).bytes, QByteArray("5"));
        QCOMPARE(model.warningCount(), 1);
        // A batch larger than the limit keeps its own newest entries.
        batch.clear();
        for (int i = 0; i < 12; ++i)
            batch << entry(TraceEntry::Kind::Binary, QByteArray::number(100 + i));
        model.append(batch);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.entryAt(0).bytes, QByteArray("107"));
        QCOMPARE(model.warningCount(), 0);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void filterShowsGripExchangeOrWarnings()
    {
        ConnectionTraceView view;
        QSignalSpy warnings(&view, &ConnectionTraceView::warningCountChanged);
        view.append({entry(TraceEntry::Kind::Text, "a"),
                     entry(TraceEntry::Kind::Instruction, "Grip-Hold: stream"),
                     entry(TraceEntry::Kind::Warning, {}, QStringLiteral("no channel")),
                     entry(TraceEntry::Kind::Note, {}, QStringLiteral("watching"))});
        QCOMPARE(warnings.count(), 1);
        QCOMPARE(warnings.last().first().toInt(), 1);
        auto show = view.findChild<QComboBox *>(QStringLiteral("traceShow"));
        QAbstractItemModel *shown = view.view()->model();
        QCOMPARE(shown->rowCount(), 4);
        show->setCurrentIndex(show->findData(QStringLiteral("grip")));
        QCOMPARE(shown->rowCount(), 2);
        show->setCurrentIndex(show->findData(QStringLiteral("warning")));
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, ConnectionTraceModel::Summary).data().toString(),
                 QStringLiteral("no channel"));
        show->setCurrentIndex(show->findData(QStringLiteral("frame")));
        QCOMPARE(shown->rowCount(), 1);
        view.clear();
        QCOMPARE(warnings.last().first().toInt(), 0);
    }

    void hexDumpLinesUpSixteenBytes()
    {
        const QString dump = ConnectionTraceView::hexDump(QByteArray("0123456789abcdefXY\x01", 19));
        const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 "
                                          "66  0123456789abcdef"));
        QVERIFY(lines[1].startsWith(QLatin1String("00000010  58 59 01 ")));
        QVERIFY(lines[1].endsWith(QLatin1String("XY.")));
    }
};

QTEST_MAIN(TestConnectionTraceView)
#include "tst_connectiontraceview.moc"
