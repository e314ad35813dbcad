// The Usage tab over a real SQLite ledger, offscreen: what it shows is what UsageReport says for
// the month, exports are byte for byte `holdfast report`, and the PDF report is a PDF.
#include <QAbstractItemModelTester>
#include <QLabel>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "ledger/ledgerstore.h"
#include "ledger/usagemath.h"
#include "ledger/usagereport.h"
#include "usagechart.h"
#include "usageexporter.h"
#include "usagepage.h"
#include "usagetablemodel.h"

namespace {
qint64 utcMs(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

LedgerRecord record(quint64 id, const char *route, const char *transport, const char *started,
                    qint64 durationMs)
{
    LedgerRecord r;
    r.connectionId = id;
    r.route = QString::fromUtf8(route);
    r.transport = QString::fromLatin1(transport);
    r.clientAddress = QStringLiteral("127.0.0.1:%1").arg(40000 + id);
    r.path = QStringLiteral("/p%1").arg(id);
    r.startedMs = utcMs(started);
    r.endedMs = durationMs < 0 ? -1 : r.startedMs + durationMs;
    r.bytesFromClient = qint64(100 * id);
    r.bytesToClient = qint64(1000 * id);
    r.messagesFromClient = qint64(id);
    r.messagesToClient = qint64(2 * id);
    r.closeCode = durationMs < 0 ? 0 : 1000;
    return r;
}

// October and November 2026 over several routes and transports; one November connection is
// still open when the page looks.
QList<LedgerRecord> fixture()
{
    return {
        record(1, "chat", "ws-passthrough", "2026-10-03T08:00:00.000Z", 3 * 60'000),
        record(2, "feed", "http-stream", "2026-10-03T09:00:00.000Z", 90'000),
        record(3, "feed", "sse", "2026-10-20T12:00:00.000Z", 45 * 60'000),
        record(4, "chat", "ws-passthrough", "2026-11-01T00:00:00.000Z", 1),
        record(5, "chat", "ws-fanout", "2026-11-01T10:00:00.000Z", 59'999),
        record(6, "feed", "http-stream", "2026-11-02T08:00:00.000Z", 60'001),
        record(7, "feed", "long-poll", "2026-11-15T12:00:00.000Z", 3 * 3'600'000 + 1),
        record(8, "", "http", "2026-11-15T13:00:00.000Z", 1'000),
        record(9, "a,\"b\"", "sse", "2026-11-28T00:00:00.000Z", 2 * 60'000),
        record(10, "chat", "ws-passthrough", "2026-11-30T23:00:00.000Z", -1), // still open
    };
}

const qint64 Now = utcMs("2026-12-01T00:10:00.000Z");
} // namespace

class TestUsagePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("ledger.sqlite"));
        LedgerStore store;
        QVERIFY2(store.open(m_path), qPrintable(store.errorString()));
        const qint64 session = store.beginSession(utcMs("2026-10-01T00:00:00.000Z"));
        QVERIFY(session > 0);
        QVERIFY2(store.write(fixture(), session, Now), qPrintable(store.errorString()));
        store.close();
    }

    void init()
    {
        m_page = std::make_unique<UsagePage>();
        m_page->setClock([] { return Now; });
        m_page->resize(1000, 700);
        m_page->setLedgerPath(m_path);
        m_page->show();
    }
    void cleanup() { m_page.reset(); }

    void defaultsToThisMonth() { QCOMPARE(m_page->month(), QStringLiteral("2026-12")); }

    void showsTheReportOfTheMonth_data()
    {
        QTest::addColumn<QString>("month");
        QTest::addRow("November") << QStringLiteral("2026-11");
        QTest::addRow("October") << QStringLiteral("2026-10");
    }
    void showsTheReportOfTheMonth()
    {
        QFETCH(QString, month);
        QAbstractItemModelTester routesTester(m_page->routeModel());
        QAbstractItemModelTester transportsTester(m_page->transportModel());
        // From November to October and back: switching changes everything shown.
        for (const QString &shown :
             {month, month == QLatin1String("2026-11") ? QStringLiteral("2026-10")
                                                       : QStringLiteral("2026-11")}) {
            showMonth(shown);
            for (auto [grouping, model] :
                 {std::pair(UsageReport::Grouping::Route, m_page->routeModel()),
                  std::pair(UsageReport::Grouping::Transport, m_page->transportModel())}) {
                const UsageReport expected = report(shown, grouping);
                QCOMPARE(model->rowCount(), expected.rows().size());
                for (const UsageRow &row : expected.rows()) {
                    const int at = model->rowOf(row.key);
                    QVERIFY2(at >= 0, qPrintable(row.key));
                    auto raw = [&](int column) {
                        return model->index(at, column).data(UsageTableModel::RawRole);
                    };
                    QCOMPARE(raw(UsageTableModel::Key).toString(), row.key);
                    QCOMPARE(raw(UsageTableModel::Connections).toLongLong(), row.connections);
                    QCOMPARE(raw(UsageTableModel::OpenConnections).toLongLong(),
                             row.openConnections);
                    QCOMPARE(raw(UsageTableModel::Minutes).toLongLong(), row.minutes);
                    QCOMPARE(raw(UsageTableModel::BytesFromClient).toLongLong(),
                             row.bytesFromClient);
                    QCOMPARE(raw(UsageTableModel::BytesToClient).toLongLong(), row.bytesToClient);
                    QCOMPARE(raw(UsageTableModel::MessagesFromClient).toLongLong(),
                             row.messagesFromClient);
                    QCOMPARE(raw(UsageTableModel::MessagesToClient).toLongLong(),
                             row.messagesToClient);
                    QCOMPARE(model->index(at, UsageTableModel::MillionMinutes).data().toString(),
                             UsageMath::millions(row.minutes));
                }
            }
            const UsageRow total = report(shown, UsageReport::Grouping::Route).total();
            QCOMPARE(totalOf("usageConnections").toLongLong(), total.connections);
            QCOMPARE(totalOf("usageOpen").toLongLong(), total.openConnections);
            QCOMPARE(totalOf("usageMinutes").toLongLong(), total.minutes);
            QCOMPARE(totalOf("usageMillions").toString(), UsageMath::millions(total.minutes));
            QCOMPARE(totalOf("usageBytesIn").toLongLong(), total.bytesFromClient);
            QCOMPARE(totalOf("usageBytesOut").toLongLong(), total.bytesToClient);
            QCOMPARE(label("usageMinutes")->text(), QLocale().toString(total.minutes));
        }
        // The fixture's months differ, so the switch really changed what is shown.
        QVERIFY(report(QStringLiteral("2026-10"), UsageReport::Grouping::Route).total().minutes !=
                report(QStringLiteral("2026-11"), UsageReport::Grouping::Route).total().minutes);
    }

    void openConnectionsAreMarked()
    {
        showMonth(QStringLiteral("2026-11"));
        QCOMPARE(totalOf("usageOpen").toLongLong(), 1);
        QVERIFY(label("usageStatus")->text().contains(QLatin1String("still open")));
        const int chat = m_page->routeModel()->rowOf(QStringLiteral("chat"));
        QVERIFY(!m_page->routeModel()
                     ->index(chat, UsageTableModel::Minutes)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
        showMonth(QStringLiteral("2026-10"));
        QVERIFY(label("usageStatus")->text().contains(QLatin1String("complete")));
    }

    void chartHasABarPerDayWithMinutes()
    {
        showMonth(QStringLiteral("2026-11"));
        const UsageChart *chart = m_page->chart();
        const UsageReport byDay = report(QStringLiteral("2026-11"), UsageReport::Grouping::Day);
        QCOMPARE(chart->days().size(), 30);
        QCOMPARE(chart->barCount(), byDay.rows().size());
        for (const UsageRow &row : byDay.rows()) {
            const int index = QDate::fromString(row.key, Qt::ISODate).day() - 1;
            QCOMPARE(chart->days().at(index).minutes, row.minutes);
            QVERIFY(chart->barRect(index, chart->rect()).height() > 0);
            QVERIFY(chart->toolTipFor(index).contains(QLocale().toString(row.minutes)));
            // The tooltip is found where the bar is drawn.
            QCOMPARE(chart->dayAt(chart->barRect(index, chart->rect()).center()), index);
        }
        QCOMPARE(chart->barRect(2, chart->rect()).height(), 0.0); // the 3rd had no connections

        showMonth(QStringLiteral("2026-10"));
        QCOMPARE(chart->days().size(), 31);
        QCOMPARE(chart->barCount(), 2);
    }

    void exportsMatchTheReport_data()
    {
        QTest::addColumn<UsageExporter::Format>("format");
        QTest::addColumn<UsageReport::Grouping>("grouping");
        for (auto format : {UsageExporter::Format::Csv, UsageExporter::Format::Json}) {
            for (auto grouping : {UsageReport::Grouping::Route, UsageReport::Grouping::Transport,
                                  UsageReport::Grouping::Day}) {
                QTest::addRow("%s by %s", qPrintable(UsageExporter::suffix(format)),
                              qPrintable(UsageReport::groupingName(grouping)))
                    << format << grouping;
            }
        }
    }
    void exportsMatchTheReport()
    {
        QFETCH(UsageExporter::Format, format);
        QFETCH(UsageReport::Grouping, grouping);
        for (const QString &month : {QStringLiteral("2026-11"), QStringLiteral("2026-10")}) {
            showMonth(month);
            const QString path = m_dir.filePath(QStringLiteral("export-%1-%2.%3")
                                                    .arg(month, UsageReport::groupingName(grouping),
                                                         UsageExporter::suffix(format)));
            QVERIFY(exportTo(format, grouping, path));
            const UsageReport expected = report(month, grouping);
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(),
                     format == UsageExporter::Format::Csv ? expected.toCsv() : expected.toJson());
        }
    }

    void exportsAPdfReport()
    {
        showMonth(QStringLiteral("2026-11"));
        const QString path = m_dir.filePath(QStringLiteral("usage-2026-11.pdf"));
        QVERIFY(exportTo(UsageExporter::Format::Pdf, UsageReport::Grouping::Route, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.size() > 1000);
        QCOMPARE(file.read(4), QByteArray("%PDF"));

        // HOLDFAST_TEST_OUTPUT keeps the PDF, the page as shown and page 1 of the PDF as a PNG,
        // for a person to look at.
        const QString out = qEnvironmentVariable("HOLDFAST_TEST_OUTPUT", m_dir.path());
        if (out != m_dir.path()) {
            QFile::remove(QDir(out).filePath(QStringLiteral("usage-2026-11.pdf")));
            QVERIFY(QFile::copy(path, QDir(out).filePath(QStringLiteral("usage-2026-11.pdf"))));
            QVERIFY(m_page->grab().save(QDir(out).filePath(QStringLiteral("usage-page.png"))));
        }
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftoppm.isEmpty())
            return;
        QCOMPARE(QProcess::execute(pdftoppm,
                                   {QStringLiteral("-png"), QStringLiteral("-r"),
                                    QStringLiteral("80"), QStringLiteral("-f"), QStringLiteral("1"),
                                    QStringLiteral("-l"), QStringLiteral("1"), path,
                                    QDir(out).filePath(QStringLiteral("usage-report"))}),
                 0);
        QImage page;
        for (const QString &name : QDir(out).entryList({QStringLiteral("usage-report*.png")}))
            page.load(QDir(out).filePath(name));
        QVERIFY(!page.isNull());
        QVERIFY(page.width() > 300 && page.height() > 400);
    }

    void cancelWritesNothing()
    {
        showMonth(QStringLiteral("2026-11"));
        const QString path = m_dir.filePath(QStringLiteral("cancelled.csv"));
        QSignalSpy finished(m_page.get(), &UsagePage::exportFinished);
        m_page->exportTo(UsageExporter::Format::Csv, UsageReport::Grouping::Route, path);
        QVERIFY(m_page->exporter()->isRunning());
        QVERIFY(m_page->exporter()->progressDialog());
        // The dialog's own Cancel button, as a user would press it.
        auto cancel = m_page->exporter()->progressDialog()->findChild<QPushButton *>();
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QVERIFY(!m_page->exporter()->isRunning());
        // Whatever the thread was doing finishes without writing.
        QTest::qWait(300);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!QFile::exists(path));
        // And the next export works.
        QVERIFY(exportTo(UsageExporter::Format::Csv, UsageReport::Grouping::Route, path));
        QVERIFY(QFile::exists(path));
    }

    void missingLedgerIsSaidPlainly()
    {
        m_page->setLedgerPath(m_dir.filePath(QStringLiteral("nothing-here.sqlite")));
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->data().ok && !m_page->data().error.isEmpty(), 5000);
        QVERIFY(label("usageStatus")->text().contains(QLatin1String("No usage ledger")));
        QCOMPARE(m_page->routeModel()->rowCount(), 0);
    }

private:
    UsageReport report(const QString &month, UsageReport::Grouping grouping) const
    {
        LedgerStore store;
        UsageReport result;
        if (!store.open(m_path, LedgerStore::Mode::ReadOnly) ||
            !result.build(store, month, grouping, Now))
            qWarning() << "report failed" << store.errorString() << result.errorString();
        return result;
    }

    void showMonth(const QString &month)
    {
        m_page->setMonth(month);
        QTRY_VERIFY_WITH_TIMEOUT(m_page->data().ok && m_page->data().month == month, 5000);
        QCOMPARE(m_page->month(), month);
    }

    QLabel *label(const char *name) const
    {
        return m_page->findChild<QLabel *>(QString::fromLatin1(name));
    }
    QVariant totalOf(const char *name) const
    {
        QLabel *found = label(name);
        return found ? found->property("raw") : QVariant();
    }

    bool exportTo(UsageExporter::Format format, UsageReport::Grouping grouping, const QString &path)
    {
        QSignalSpy finished(m_page.get(), &UsagePage::exportFinished);
        m_page->exportTo(format, grouping, path);
        if (!(finished.count() || finished.wait(10'000)))
            return false;
        if (!finished.at(0).at(1).toBool())
            qWarning() << "export failed:" << finished.at(0).at(2).toString();
        return finished.at(0).at(0).toString() == path && finished.at(0).at(1).toBool();
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<UsagePage> m_page;
};

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
