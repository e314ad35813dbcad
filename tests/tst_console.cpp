// The console against a real embedded broker, offscreen: connections appear and leave, the
// channel view counts subscribers, and the UI's disconnect and send reach real sockets.
#include <QAction>
#include <QCheckBox>
#include <QApplication>
#include <QDialog>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include "brokerrunner.h"
#include "channelsmodel.h"
#include "channelspage.h"
#include "connectionsfiltermodel.h"
#include "connectionsmodel.h"
#include "connectionspage.h"
#include "connectiontracemodel.h"
#include "connectiontraceview.h"
#include "mainwindow.h"

namespace {
Configuration testConfig()
{
    // The built-in test backend, as the app's default routes have it.
    return BrokerRunner::configFor("*,path_beg=/test/ test\n");
}

quint16 listeningPort(const MainWindow &window)
{
    auto label = window.findChild<QLabel *>(QStringLiteral("listening"));
    if (!label || !label->text().startsWith(QLatin1String("Broker listening on ")))
        return 0;
    return label->text().section(QLatin1Char(':'), -1).toUShort();
}

// A held /test/stream: the broker's built-in backend subscribes it to channel "test".
struct Subscriber
{
    QTcpSocket socket;
    QByteArray received;

    bool open(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return false;
        socket.write("GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
        return true;
    }
    bool receivedContains(const QByteArray &text)
    {
        received += socket.readAll();
        return received.contains(text);
    }
};

// Answers the next modal dialog the UI opens, once it is up.
void whenModal(std::function<void(QWidget *)> answer)
{
    auto timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, answer] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            answer(modal);
        }
    });
    timer->start();
}
} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    }

    void connectionsAppearAndLeave()
    {
        MainWindow window(testConfig());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) != 0, 5000);
        ConnectionsModel *model = window.connectionsModel();

        Subscriber first;
        QVERIFY(first.open(listeningPort(window)));
        QTRY_VERIFY_WITH_TIMEOUT(first.receivedContains("\r\n\r\n"), 5000);
        // Within a second of the response head.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        const QModelIndex row = model->index(0, ConnectionsModel::Transport);
        QTRY_COMPARE_WITH_TIMEOUT(row.data(ConnectionsModel::RawRole).toString(),
                                  QStringLiteral("http-stream"), 1000);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(0, ConnectionsModel::Channels).data().toString(),
                                  QStringLiteral("test"), 1000);
        QCOMPARE(window.connectionsPage()->view()->model()->rowCount(), 1);
        // Its detail shows the request the client sent.
        QAbstractItemView *view = window.connectionsPage()->view();
        view->setCurrentIndex(view->model()->index(0, 0));
        auto detail = window.findChild<QPlainTextEdit *>(QStringLiteral("connectionDetail"));
        QVERIFY(detail);
        QTRY_VERIFY_WITH_TIMEOUT(detail->toPlainText().contains(QLatin1String("Request headers:")),
                                 2000);
        QVERIFY(detail->toPlainText().contains(QLatin1String("    Host: localhost")));

        // The channel view counts subscribers.
        Subscriber second;
        QVERIFY(second.open(listeningPort(window)));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 1000);
        ChannelsModel *channels = window.channelsModel();
        QTRY_COMPARE_WITH_TIMEOUT(channels->rowOf("test"), 0, 2000);
        QTRY_COMPARE_WITH_TIMEOUT(
            channels->index(0, ChannelsModel::Subscribers).data(ChannelsModel::RawRole),
            QVariant(quint64(2)), 2000);
        // Selecting the channel lists its subscribers and filters Connections to them.
        window.tabs()->setCurrentIndex(MainWindow::ChannelsTab);
        QVERIFY(window.channelsPage()->selectChannel(QStringLiteral("test")));
        QCOMPARE(window.channelsPage()->subscribersView()->model()->rowCount(), 2);
        QCOMPARE(window.connectionsPage()->proxy()->channel(), QStringLiteral("test"));

        // A closed client leaves the table, and the channel count drops.
        first.socket.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 1, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(
            channels->index(0, ChannelsModel::Subscribers).data(ChannelsModel::RawRole),
            QVariant(quint64(1)), 2000);
        second.socket.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 0, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(channels->rowCount(), 0, 2000);

        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }

    void disconnectAndSendFromTheUi()
    {
        MainWindow window(testConfig());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) != 0, 5000);
        Subscriber client;
        QVERIFY(client.open(listeningPort(window)));
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionsModel()->rowCount(), 1, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionsModel()->connectionAt(0).transport ==
                                     ConnectionInfo::Transport::HttpStream,
                                 2000);
        ConnectionsPage *page = window.connectionsPage();
        const quint64 id = window.connectionsModel()->connectionAt(0).id;
        QVERIFY(page->selectConnection(id));
        QCOMPARE(page->selectedId(), id);

        // Send to this connection only: delivered in its own format (http-stream).
        whenModal([](QWidget *modal) {
            auto input = qobject_cast<QInputDialog *>(modal);
            QVERIFY(input);
            input->setTextValue(QStringLiteral("just for you"));
            input->accept();
        });
        page->findChild<QAction *>(QStringLiteral("sendToConnectionAction"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(client.receivedContains("just for you"), 5000);

        // Disconnect… with the dialog's default code.
        QSignalSpy closed(&client.socket, &QTcpSocket::disconnected);
        whenModal([](QWidget *modal) {
            QCOMPARE(modal->findChild<QSpinBox *>(QStringLiteral("closeCode"))->value(), 1000);
            qobject_cast<QDialog *>(modal)->accept();
        });
        window.tabs()->setCurrentIndex(MainWindow::ConnectionsTab);
        window.activateWindow(); // back from the input dialog
        QVERIFY(QTest::qWaitForWindowActive(&window));
        page->view()->setFocus();
        QTest::keyClick(page->view(), Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(closed.count() > 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionsModel()->rowCount(), 0, 2000);
        QCOMPARE(window.connectionsModel()->recentlyClosed().last().id, id);

        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }

    void selectedConnectionShowsItsTraffic()
    {
        MainWindow window(testConfig());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) != 0, 5000);
        Subscriber client;
        QVERIFY(client.open(listeningPort(window)));
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionsModel()->rowCount() == 1 &&
                                     window.connectionsModel()->connectionAt(0).transport ==
                                         ConnectionInfo::Transport::HttpStream,
                                 2000);
        ConnectionsPage *page = window.connectionsPage();
        QVERIFY(page->selectConnection(window.connectionsModel()->connectionAt(0).id));
        ConnectionTraceModel *trace = page->trace()->model();
        // Watching starts with what the broker knows: the built-in backend holds it on "test".
        QTRY_VERIFY_WITH_TIMEOUT(trace->rowCount() > 0, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(trace->index(trace->rowCount() - 1, ConnectionTraceModel::Summary)
                                     .data()
                                     .toString()
                                     .contains(QLatin1String("held on test")),
                                 2000);

        page->sendRequested(page->selectedId(),
                            *ConnectionsPage::itemFor(window.connectionsModel()->connectionAt(0),
                                                      QStringLiteral("traced hello")));
        QTRY_VERIFY_WITH_TIMEOUT(client.receivedContains("traced hello"), 5000);
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < trace->rowCount(); ++i) {
                    if (trace->entryAt(i).direction == TraceEntry::Direction::ToClient &&
                        trace->entryAt(i).bytes.contains("traced hello"))
                        row = i;
                }
                return row >= 0;
            }(),
            2000);
        // The row's bytes, as text and as hex.
        QTableView *view = page->trace()->view();
        view->setCurrentIndex(view->model()->index(row, 0));
        auto payload = page->findChild<QPlainTextEdit *>(QStringLiteral("tracePayload"));
        QVERIFY(payload->toPlainText().contains(QLatin1String("traced hello")));
        page->findChild<QCheckBox *>(QStringLiteral("traceHex"))->setChecked(true);
        QVERIFY(payload->toPlainText().contains(
            ConnectionTraceView::hexDump(trace->entryAt(row).bytes)));

        // A new selection starts a new trace; the old connection is no longer watched.
        page->view()->clearSelection();
        QCOMPARE(trace->rowCount(), 0);
        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }

    void restartKeepsTheConfiguration()
    {
        MainWindow window(testConfig());
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) != 0, 5000);
        window.restartBroker();
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) == 0, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(listeningPort(window) != 0, 10000);
        Subscriber client;
        QVERIFY(client.open(listeningPort(window)));
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionsModel()->rowCount(), 1, 2000);
        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
