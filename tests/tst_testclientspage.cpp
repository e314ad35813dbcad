// The Test clients tab offscreen against a real embedded broker: clients opened from the form
// count and show what is published, a WebSocket client's text comes back from the echo, bad
// targets (unparsable, refused, not a 101, not HTTP) show their reasons in the table, and the
// traffic generator reports latency percentiles and, stopped, leaves no descriptor open.
#include <sys/resource.h>

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "clientenginehost.h"
#include "interop.h"
#include "latencychart.h"
#include "mainwindow.h"
#include "testclientsmodel.h"
#include "testclientspage.h"
#include "trafficgeneratorpage.h"

namespace {
int openDescriptors()
{
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
}

// A port nothing listens on: bound, then released.
quint16 refusedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}
} // namespace

class TstTestClientsPage : public QObject
{
    Q_OBJECT

private:
    QString url(const char *path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_broker.port).arg(QLatin1String(path));
    }

    // The rows of one run, once each has reached `state`.
    bool runReached(int run, int clients, ClientState state) const
    {
        for (int id = 0; id < clients; ++id) {
            const int row = m_page->model()->rowOf(run, id);
            if (row < 0 || m_page->model()->rowAt(row).state != state)
                return false;
        }
        return true;
    }

    const TestClientsModel::Row &rowOf(int run, int id) const
    {
        return m_page->model()->rowAt(m_page->model()->rowOf(run, id));
    }

    // The broker has reported that no connection is open (it reports every change).
    bool brokerIdle() const
    {
        return !m_broker.snapshots.isEmpty() && m_broker.snapshots.last().liveConnections == 0;
    }

    BrokerRunner m_broker;
    std::unique_ptr<TestClientsPage> m_page;

private Q_SLOTS:
    void initTestCase()
    {
        // 200 clients and the broker's 200 accepted sockets share this process.
        rlimit limit{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        limit.rlim_cur = limit.rlim_max;
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
        if (limit.rlim_cur < 1024)
            QSKIP("the descriptor limit (ulimit -Hn) is below 1024: too low for 200 clients");
        QLoggingCategory::setFilterRules(QStringLiteral("holdfast.broker.conn.info=false"));
        QVERIFY(m_broker.start(BrokerRunner::configFor("*,path_beg=/test/ test\n")));
        m_page = std::make_unique<TestClientsPage>();
        m_page->setEmbeddedBroker(QStringLiteral("127.0.0.1"), m_broker.port);
        m_page->setEmbeddedPublish(QStringLiteral("127.0.0.1"), m_broker.publishPort, {});
        m_page->resize(1000, 700);
        m_page->show();
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_broker.stop();
    }

    // Ctrl+7 shows the tab, and its presets name the address the window's own broker got.
    void mainWindowTabFollowsItsBroker()
    {
        Configuration config = BrokerRunner::configFor("*,path_beg=/test/ test\n");
        MainWindow window(config);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto listening = window.findChild<QLabel *>(QStringLiteral("listening"));
        QTRY_VERIFY_WITH_TIMEOUT(
            listening->text().startsWith(QLatin1String("Broker listening on ")), 5000);
        const QString address = listening->text().section(QLatin1Char(' '), -1);
        QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), window.testClientsPage());
        QComboBox *presets = window.testClientsPage()->presets();
        QVERIFY2(presets->findText(QStringLiteral("http://%1/test/sse").arg(address),
                                   Qt::MatchEndsWith) > 0,
                 qPrintable(address));
    }

    void presetsFollowTheBroker()
    {
        QComboBox *presets = m_page->presets();
        const int sse = presets->findText(url("/test/sse"), Qt::MatchEndsWith);
        QVERIFY2(sse > 0, "no preset for the embedded /test/sse");
        const int ws =
            presets->findText(QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(m_broker.port),
                              Qt::MatchContains);
        QVERIFY(ws > 0);
        QVERIFY(presets->findText(QStringLiteral("curl -i"), Qt::MatchContains) > 0);
        presets->setCurrentIndex(sse);
        Q_EMIT presets->activated(sse);
        auto urlEdit = m_page->findChild<QLineEdit *>(QStringLiteral("clientUrl"));
        QCOMPARE(urlEdit->text(), url("/test/sse"));
    }

    void sseClientsCountAndShowPublishes()
    {
        m_page->setTarget(ClientTransport::Sse, url("/test/sse"), 3);
        QSignalSpy inserted(m_page->model(), &QAbstractItemModel::rowsInserted);
        auto open = m_page->findChild<QPushButton *>(QStringLiteral("openClients"));
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(inserted.size(), 1);
        const int run = m_page->model()->rowAt(m_page->model()->rowCount() - 1).run;
        QTRY_VERIFY_WITH_TIMEOUT(runReached(run, 3, ClientState::Open), 10'000);
        // The broker subscribes a held client once its snapshot shows it; publish until all three
        // have one (a publish before the subscription is in place is not for them).
        QVERIFY(QTest::qWaitFor(
            [&] {
                interop::publish(m_broker.publishPort,
                                 R"([{"channel":"test","formats":{"http-stream":{"content":)"
                                 R"("data: panel hello\n\n"}}}])");
                return rowOf(run, 0).received > 0 && rowOf(run, 1).received > 0 &&
                       rowOf(run, 2).received > 0;
            },
            10'000));
        m_page->selectClient(run, 1);
        QTRY_VERIFY(m_page->messages()->toPlainText().contains(QLatin1String("panel hello")));
        QVERIFY(m_page->model()
                    ->index(m_page->model()->rowOf(run, 1), TestClientsModel::MessagesColumn)
                    .data()
                    .toString()
                    .toInt() > 0);
    }

    void webSocketEchoesAndClosesWithCode()
    {
        m_page->setTarget(ClientTransport::WebSocket,
                          QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(m_broker.port));
        const int run = m_page->openClients();
        QVERIFY(run > 0);
        QTRY_VERIFY_WITH_TIMEOUT(runReached(run, 1, ClientState::Open), 10'000);
        m_page->selectClient(run, 0);
        auto send = m_page->findChild<QPushButton *>(QStringLiteral("sendToClient"));
        QTRY_VERIFY(send->isEnabled());
        m_page->findChild<QLineEdit *>(QStringLiteral("sendText"))
            ->setText(QStringLiteral("echo me"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(run, 0).recent.contains("echo me"), 10'000);
        QTRY_VERIFY(m_page->messages()->toPlainText().contains(QLatin1String("echo me")));

        m_page->findChild<QSpinBox *>(QStringLiteral("closeCode"))->setValue(4001);
        QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("closeClient")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(run, 0).state, ClientState::Closed, 10'000);
        QVERIFY2(rowOf(run, 0).reason.contains(QLatin1String("4001")),
                 qPrintable(rowOf(run, 0).reason));
        // The run keeps its ended client, so it can come back.
        QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("reconnectClient")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rowOf(run, 0).state, ClientState::Open, 10'000);
        QCOMPARE(rowOf(run, 0).connects, 2);
    }

    void badTargetsShowTheirReasons()
    {
        m_page->setTarget(ClientTransport::Sse, QStringLiteral("http://[::1/x"));
        const int unparsable = m_page->openClients();
        const quint16 port = refusedPort();
        QVERIFY(port != 0);
        m_page->setTarget(ClientTransport::WebSocket,
                          QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(port), 2);
        const int refused = m_page->openClients();
        // A WebSocket to the publish API gets an HTTP error, not a 101.
        m_page->setTarget(ClientTransport::WebSocket,
                          QStringLiteral("ws://127.0.0.1:%1/publish/").arg(m_broker.publishPort));
        const int not101 = m_page->openClients();
        // A server that answers with something that is not HTTP.
        QTcpServer garbageServer;
        QVERIFY(garbageServer.listen(QHostAddress::LocalHost, 0));
        connect(&garbageServer, &QTcpServer::newConnection, this, [&garbageServer] {
            while (QTcpSocket *socket = garbageServer.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("SSH-2.0-OpenSSH_9.2\r\n\r\n");
                });
            }
        });
        m_page->setTarget(ClientTransport::Sse,
                          QStringLiteral("http://127.0.0.1:%1/x").arg(garbageServer.serverPort()));
        const int garbage = m_page->openClients();
        QTRY_VERIFY_WITH_TIMEOUT(runReached(unparsable, 1, ClientState::Failed), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(runReached(not101, 1, ClientState::Failed), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(runReached(garbage, 1, ClientState::Failed), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(runReached(refused, 2, ClientState::Failed), 10'000);
        TestClientsModel *model = m_page->model();
        const auto reason = [&](int run, int id) {
            return model->index(model->rowOf(run, id), TestClientsModel::ReasonColumn)
                .data()
                .toString();
        };
        QVERIFY2(reason(unparsable, 0).startsWith(QLatin1String("unparsable URL")),
                 qPrintable(reason(unparsable, 0)));
        QCOMPARE(reason(refused, 0), QStringLiteral("cannot connect: Connection refused"));
        QCOMPARE(reason(refused, 1), QStringLiteral("cannot connect: Connection refused"));
        QVERIFY2(reason(not101, 0).startsWith(QLatin1String("expected 101 Switching Protocols")),
                 qPrintable(reason(not101, 0)));
        QVERIFY2(reason(garbage, 0).startsWith(QLatin1String("garbage from the server")),
                 qPrintable(reason(garbage, 0)));
        m_page->selectClient(refused, 1);
        QVERIFY(m_page->messages()->toPlainText().contains(QLatin1String("Connection refused")));
    }

    void closeAllEndsEveryRun()
    {
        m_page->closeAll();
        QTRY_COMPARE_WITH_TIMEOUT(m_page->engines()->runningCount(), 0, 10'000);
        for (int row = 0; row < m_page->model()->rowCount(); ++row) {
            const TestClientsModel::Row &r = m_page->model()->rowAt(row);
            QVERIFY(r.runEnded);
            QVERIFY(r.state == ClientState::Closed || r.state == ClientState::Failed);
        }
        QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("clearEndedClients")),
                          Qt::LeftButton);
        QCOMPARE(m_page->model()->rowCount(), 0);
    }

    // Closing the console mid-run: the page's engine thread closes every client before it ends.
    void destroyingAPageClosesItsClients()
    {
        QTRY_VERIFY_WITH_TIMEOUT(brokerIdle(), 10'000);
        const int before = openDescriptors();
        auto page = std::make_unique<TestClientsPage>();
        page->setTarget(ClientTransport::WebSocket,
                        QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(m_broker.port), 5);
        const int run = page->openClients();
        QTRY_VERIFY_WITH_TIMEOUT(
            page->model()->rowAt(page->model()->rowOf(run, 4)).state == ClientState::Open, 10'000);
        page.reset();
        QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), before, 10'000);
    }

    void trafficGeneratorShowsAPublishFailure()
    {
        TrafficGeneratorPage *traffic = m_page->trafficGenerator();
        traffic->setClients(2, 0);
        traffic->setPublishing(20, 1);
        traffic->findChild<QComboBox *>(QStringLiteral("trafficPublishTarget"))->setCurrentIndex(1);
        traffic->findChild<QLineEdit *>(QStringLiteral("trafficPublishUrl"))
            ->setText(QStringLiteral("http://127.0.0.1:%1/publish/").arg(refusedPort()));
        QSignalSpy finished(traffic, &TrafficGeneratorPage::runFinished);
        traffic->start();
        QVERIFY(finished.wait(20'000));
        // Back to the embedded broker for the next run, whatever this one shows.
        traffic->findChild<QComboBox *>(QStringLiteral("trafficPublishTarget"))->setCurrentIndex(0);
        const LoadStats last = finished.first().first().value<LoadStats>();
        QCOMPARE(last.everOpen, 2);
        QCOMPARE(last.publishesAccepted, quint64(0));
        QVERIFY2(last.publishError.contains(QLatin1String("Connection refused")),
                 qPrintable(last.publishError));
        auto phase = traffic->findChild<QLabel *>(QStringLiteral("trafficPhase"));
        QVERIFY2(phase->text().contains(QLatin1String("Connection refused")),
                 qPrintable(phase->text()));
    }

    void trafficGeneratorReportsLatencyAndCleansUp()
    {
        // The broker's sockets of the earlier tests are gone once it has noticed the closes; count
        // only then, or a late close makes "after" smaller than "before".
        QTRY_VERIFY_WITH_TIMEOUT(brokerIdle(), 10'000);
        const int before = openDescriptors();
        TrafficGeneratorPage *traffic = m_page->trafficGenerator();
        m_page->sections()->setCurrentWidget(traffic);
        traffic->setClients(200, 0);
        traffic->setPublishing(20, 3600);
        QSignalSpy finished(traffic, &TrafficGeneratorPage::runFinished);
        QTest::mouseClick(traffic->findChild<QPushButton *>(QStringLiteral("trafficStart")),
                          Qt::LeftButton);
        QVERIFY(traffic->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(traffic->lastStats().open == 200, 20'000);
        auto progress = traffic->findChild<QProgressBar *>(QStringLiteral("trafficProgress"));
        QCOMPARE(progress->value(), 200);
        QTRY_VERIFY_WITH_TIMEOUT(traffic->lastStats().latency.count() >= 200 * 3, 20'000);
        QVERIFY(traffic->percentilesLabel()->text().contains(QLatin1String("p99")));
        QVERIFY(!traffic->chart()->bars().isEmpty());
        QVERIFY(openDescriptors() >= before + 200);

        QTest::mouseClick(traffic->findChild<QPushButton *>(QStringLiteral("trafficStop")),
                          Qt::LeftButton);
        QVERIFY(finished.count() || finished.wait(10'000));
        const LoadStats last = finished.first().first().value<LoadStats>();
        QCOMPARE(last.phase, LoadStats::Phase::Finished);
        QCOMPARE(last.failed, 0);
        QVERIFY(last.latency.percentile(50) > 0);
        QVERIFY(last.latency.percentile(50) <= last.latency.percentile(99));
        QVERIFY(!traffic->isRunning());
        // The client side's descriptors are closed before finished; the broker's follow as it
        // sees the closes.
        QTRY_COMPARE_WITH_TIMEOUT(openDescriptors(), before, 10'000);
        if (!qEnvironmentVariableIsEmpty("HOLDFAST_TEST_GRAB"))
            traffic->grab().save(qEnvironmentVariable("HOLDFAST_TEST_GRAB"));
    }
};

QTEST_MAIN(TstTestClientsPage)
#include "tst_testclientspage.moc"
