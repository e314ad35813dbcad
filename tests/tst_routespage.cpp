#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "mainwindow.h"
#include "routedialog.h"
#include "routes/routesfile.h"
#include "routesmodel.h"
#include "routespage.h"

// The Routes tab against a real embedded broker and real origins.
class TestRoutesPage : public QObject
{
    Q_OBJECT

private:
    static quint16 listeningPort(MainWindow &window)
    {
        for (QLabel *label : window.findChildren<QLabel *>()) {
            if (label->text().startsWith(QLatin1String("Broker listening on 127.0.0.1:")))
                return label->text().section(QLatin1Char(':'), -1).toUShort();
        }
        return 0;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void editAndApplyKeepsOpenStreams()
    {
        // Origin A holds a chunked stream open; origin B answers at once.
        QTcpServer originA;
        QVERIFY(originA.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> aSockets;
        connect(&originA, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = originA.nextPendingConnection();
            aSockets << socket;
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                if (socket->readAll().contains("\r\n\r\n")) {
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                  "Transfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
                }
            });
        });
        QTcpServer originB;
        QVERIFY(originB.listen(QHostAddress::LocalHost, 0));
        int bConnections = 0;
        connect(&originB, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *socket = originB.nextPendingConnection();
            ++bConnections;
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                if (socket->readAll().contains("\r\n\r\n")) {
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n"
                                  "Connection: close\r\n\r\nfrom-B");
                    socket->disconnectFromHost();
                }
            });
        });

        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        config.snapshotIntervalMs = 50;
        config.routes =
            RoutesFile::parse("*,no_grip 127.0.0.1:" + QByteArray::number(originA.serverPort()),
                              QStringLiteral("test"))
                .routes;
        QCOMPARE(config.routes.size(), 1);
        MainWindow window(config);
        window.show();
        quint16 port = 0;
        QTRY_VERIFY_WITH_TIMEOUT((port = listeningPort(window)) != 0, 5000);

        QTcpSocket stream;
        stream.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(stream.waitForConnected(5000));
        stream.write("GET /stream HTTP/1.1\r\nHost: a.test\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += stream.readAll()).contains("first"), 5000);

        // Edit the route in the Routes tab: Ctrl+6, select, Edit…, new target, OK, Apply.
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::RoutesTab));
        RoutesPage *page = window.routesPage();
        QCOMPARE(page->model()->rowCount(), 1);
        auto view = page->findChild<QTableView *>(QStringLiteral("routesView"));
        view->selectRow(0);
        page->findChild<QPushButton *>(QStringLiteral("editRoute"))->click();
        RouteDialog *dialog = page->dialog();
        QVERIFY(dialog);
        auto targets = dialog->findChild<QLineEdit *>(QStringLiteral("targets"));
        // A bad target is refused with the parser's words and the dialog stays open.
        targets->setText(QStringLiteral("127.0.0.1:notaport"));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(page->dialog());
        QVERIFY(!dialog->errorText().isEmpty());
        targets->setText(QStringLiteral("127.0.0.1:%1").arg(originB.serverPort()));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(!page->dialog());
        QCOMPARE(page->model()->routeAt(0).targets.first().port, originB.serverPort());
        QVERIFY(page->model()->routeAt(0).noGrip);
        QVERIFY(page->hasUnappliedChanges());
        page->findChild<QPushButton *>(QStringLiteral("applyRoutes"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(!page->hasUnappliedChanges(), 5000);
        QCOMPARE(window.configuration().routes, page->model()->routes());

        // A new request goes to B.
        QTcpSocket second;
        second.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(second.waitForConnected(5000));
        second.write("GET /x HTTP/1.1\r\nHost: a.test\r\n\r\n");
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += second.readAll()).contains("from-B"), 5000);
        QCOMPARE(bConnections, 1);
        QCOMPARE(aSockets.size(), 1);

        // The stream opened before keeps going.
        QVERIFY(stream.state() == QAbstractSocket::ConnectedState);
        aSockets.first()->write("6\r\nsecond\r\n");
        QTRY_VERIFY_WITH_TIMEOUT((received += stream.readAll()).contains("second"), 5000);
    }

    void badImportChangesNothing()
    {
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        config.routes = RoutesFile::parse("* 127.0.0.1:9\n", QStringLiteral("test")).routes;
        MainWindow window(config);
        RoutesPage *page = window.routesPage();
        const QList<Route> before = page->model()->routes();
        QCOMPARE(before.size(), 1);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("routes"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("* 127.0.0.1:80\n* 127.0.0.1:notaport\n");
        file.close();
        QVERIFY(!page->importFile(path));
        QVERIFY2(page->messageText().contains(path + QStringLiteral(":2:")),
                 qPrintable(page->messageText()));
        QCOMPARE(page->model()->routes(), before);
        QVERIFY(!page->hasUnappliedChanges());

        // A good file round-trips through Export and Import.
        const QString exported = dir.filePath(QStringLiteral("exported"));
        QVERIFY(page->exportFile(exported));
        QVERIFY(page->importFile(exported));
        QCOMPARE(page->model()->routes(), before);
    }
};

QTEST_MAIN(TestRoutesPage)
#include "tst_routespage.moc"
