// The console's first window against a real embedded broker, offscreen.
#include <QLabel>
#include <QPlainTextEdit>
#include <QTcpSocket>
#include <QtTest>

#include "mainwindow.h"

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheBrokerAndItsConnections()
    {
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        config.snapshotIntervalMs = 50;
        MainWindow window(config);
        window.show();
        QLabel *listening = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QLabel *label : window.findChildren<QLabel *>()) {
                    if (label->text().startsWith(QLatin1String("Broker listening on 127.0.0.1:")))
                        listening = label;
                }
                return listening != nullptr;
            }(),
            5000);
        const quint16 port = listening->text().section(QLatin1Char(':'), -1).toUShort();
        QVERIFY(port != 0);

        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(client.waitForConnected(5000));
        client.write("GET /nothing-here HTTP/1.1\r\nHost: a.test\r\n\r\n");
        QByteArray response;
        QTRY_VERIFY_WITH_TIMEOUT((response += client.readAll()).startsWith("HTTP/1.1 404"), 5000);

        auto log = window.findChild<QPlainTextEdit *>(QStringLiteral("log"));
        QVERIFY(log);
        QTRY_VERIFY_WITH_TIMEOUT(log->toPlainText().contains(QLatin1String("#1 http closed")),
                                 5000);
        QVERIFY(log->toPlainText().contains(QLatin1String("no route for host 'a.test'")));

        // Closing waits for the broker to stop, then the window goes.
        window.close();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
