// permessage-deflate on Fanout WebSockets with python3-websockets 10.4 as the client (an
// independent RFC 7692 implementation): against the built-in test target with --ws-compression
// it negotiates the extension, its compressed messages (text, binary, 1 MiB, fragmented) are
// echoed, and publishes reach it compressed and decode right; without the option it gets no
// extension. A passthrough route with the option on still leaves the extension to the origin.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "brokerrunner.h"
#include "pythonpeer.h"
#include "testpublisher.h"

using namespace harness;

namespace {
constexpr int PeerTimeoutMs = 30'000;
const QString ClientScript = QStringLiteral("ws_client.py");
const QString OriginScript = QStringLiteral("ws_origin.py");

Configuration testTarget(bool compression)
{
    Configuration config = BrokerRunner::configFor("*,path_beg=/test/ test\n");
    config.wsCompression = compression;
    return config;
}
} // namespace

class TestFanoutWsDeflateInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!PythonPeer::websocketsAvailable())
            QSKIP("python3-websockets is not installed");
    }

    void echo_data()
    {
        QTest::addColumn<bool>("compression");
        QTest::addRow("--ws-compression") << true;
        QTest::addRow("off by default") << false;
    }

    void echo()
    {
        QFETCH(bool, compression);
        BrokerRunner broker;
        QVERIFY(broker.start(testTarget(compression)));
        PythonPeer client;
        QVERIFY(client.startClient(
            ClientScript, {QStringLiteral("--url"),
                           QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(broker.port),
                           QStringLiteral("--scenario"), QStringLiteral("echo")}));
        QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
        const QJsonObject result = client.finalJson();
        QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
        const QJsonObject checks = result.value(QLatin1String("checks")).toObject();
        for (const char *name :
             {"text", "binary", "text_1mib", "binary_1mib", "fragmented", "ping"})
            QVERIFY2(checks.value(QLatin1String(name)).toBool(), name);
        const QJsonValue extensions = result.value(QLatin1String("extensions"));
        if (compression)
            QCOMPARE(extensions.toString(), QStringLiteral("permessage-deflate"));
        else
            QVERIFY2(extensions.isNull(), describe(result));
        QCOMPARE(result.value(QLatin1String("close_code")).toInt(), 1000);
    }

    void publishesDecode()
    {
        BrokerRunner broker;
        QVERIFY(broker.start(testTarget(true)));
        PythonPeer client;
        QVERIFY(client.startClient(
            ClientScript, {QStringLiteral("--url"),
                           QStringLiteral("ws://127.0.0.1:%1/test/websocket").arg(broker.port),
                           QStringLiteral("--scenario"), QStringLiteral("receive"),
                           QStringLiteral("--messages"), QStringLiteral("4")}));
        QVERIFY2(client.waitForLine("CONNECTED", PeerTimeoutMs), describe(client));
        QTRY_COMPARE_WITH_TIMEOUT(broker.latestChannels(), QList<QByteArray>{"test"},
                                  PeerTimeoutMs);
        const QString repeated =
            QString(QStringLiteral("a sentence repeated, so deflate has work to do. "))
                .repeated(200);
        Publisher publisher(broker.publishPort);
        QVERIFY(publisher.publish(items({textItem(QStringLiteral("test"), repeated)})));
        QVERIFY(publisher.publish(items({textItem(QStringLiteral("test"), repeated)})));
        QVERIFY(publisher.publish(
            items({textItem(QStringLiteral("test"), QStringLiteral("gr\u00fc\u00df \u20ac"))})));
        QVERIFY(publisher.publish(items(
            {wsItem(QStringLiteral("test"),
                    {{QStringLiteral("content-bin"), QStringLiteral("AAH/")}})}))); // 00 01 ff
        QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
        const QJsonObject result = client.finalJson();
        QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
        QCOMPARE(result.value(QLatin1String("extensions")).toString(),
                 QStringLiteral("permessage-deflate"));
        const QJsonArray received = result.value(QLatin1String("received")).toArray();
        QCOMPARE(received.size(), 4);
        QCOMPARE(received.at(0).toString(), repeated);
        QCOMPARE(received.at(1).toString(), repeated);
        QCOMPARE(received.at(2).toString(), QStringLiteral("gr\u00fc\u00df \u20ac"));
        QCOMPARE(received.at(3).toString(), QStringLiteral("hex:0001ff"));
    }

    // --ws-compression concerns Fanout WebSockets only: a passthrough route still relays the
    // client's offer to the origin and the origin's answer back.
    void passthroughUntouched()
    {
        PythonPeer origin;
        QVERIFY2(origin.start(OriginScript, {}), origin.stderrText());
        Configuration config =
            BrokerRunner::configFor("* 127.0.0.1:" + QByteArray::number(origin.port()) + "\n");
        config.wsCompression = true;
        BrokerRunner broker;
        QVERIFY(broker.start(config));
        PythonPeer client;
        QVERIFY(client.startClient(ClientScript,
                                   {QStringLiteral("--url"),
                                    QStringLiteral("ws://127.0.0.1:%1/").arg(broker.port),
                                    QStringLiteral("--scenario"), QStringLiteral("echo")}));
        QVERIFY2(client.waitForFinished(PeerTimeoutMs), describe(client));
        const QJsonObject result = client.finalJson();
        QVERIFY2(result.value(QLatin1String("ok")).toBool(), describe(result) + describe(client));
        QVERIFY2(result.value(QLatin1String("extensions"))
                     .toString()
                     .contains(QLatin1String("permessage-deflate")),
                 describe(result));
        QByteArray open;
        QVERIFY(origin.waitForLine("OPEN ", PeerTimeoutMs, &open));
        QVERIFY2(PythonPeer::fields(open).value("extensions").contains("permessage-deflate"), open);
    }
};

QTEST_MAIN(TestFanoutWsDeflateInterop)
#include "tst_fanoutwsdeflateinterop.moc"
