#include <QJsonObject>
#include <QtTest>

#include "grip/gripsigner.h"
#include "grip/gripurl.h"

class TestGripUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("publishUrl");
        QTest::addColumn<QByteArray>("iss");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("verifyIss");
        QTest::addRow("fastly") << "https://api.fastly.com/service/SID?key=TOKEN&verify-iss="
                                   "fastly:SID&verify-key=base64:a2V5"
                                << "https://api.fastly.com/service/SID/publish/" << QByteArray()
                                << QByteArray("TOKEN") << QByteArray("fastly:SID");
        QTest::addRow("pushpin local")
            << "http://localhost:5561/"
            << "http://localhost:5561/publish/" << QByteArray() << QByteArray() << QByteArray();
        QTest::addRow("iss and base64 key with +")
            << "http://127.0.0.1:5561/prefix/?iss=me&key=base64:ab+c/d=="
            << "http://127.0.0.1:5561/prefix/publish/" << QByteArray("me")
            << QByteArray("base64:ab+c/d==") << QByteArray();
        QTest::addRow("other parameters stay") << "https://h.example/x?key=k&region=eu"
                                               << "https://h.example/x/publish/?region=eu"
                                               << QByteArray() << QByteArray("k") << QByteArray();
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, publishUrl);
        QFETCH(QByteArray, iss);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, verifyIss);
        GripUrl url;
        QString error;
        QVERIFY2(GripUrl::parse(text, &url, &error), qPrintable(error));
        QCOMPARE(url.publishUrl.toString(), publishUrl);
        QCOMPARE(url.iss, iss);
        QCOMPARE(url.key, key);
        QCOMPARE(url.verifyIss, verifyIss);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::addRow("empty") << ""
                               << "not a URL";
        QTest::addRow("no host") << "https:///publish?key=x"
                                 << "not a URL";
        QTest::addRow("ws scheme") << "ws://h.example/?key=x"
                                   << "not ws://";
        QTest::addRow("iss without key") << "http://h.example/?iss=me"
                                         << "without a key";
    }

    void rejects()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        GripUrl url;
        QString why;
        QVERIFY(!GripUrl::parse(text, &url, &why));
        QVERIFY2(why.contains(error), qPrintable(why));
    }

    void authorization()
    {
        GripUrl url;
        QString error;
        QVERIFY(GripUrl::parse(QStringLiteral("http://h.example/?key=plain"), &url, &error));
        QCOMPARE(url.authorization(1000, &error), QByteArray("Bearer plain"));
        QVERIFY(
            GripUrl::parse(QStringLiteral("http://h.example/?key=base64:c2VjcmV0"), &url, &error));
        QCOMPARE(url.authorization(1000, &error), QByteArray("Bearer secret"));
        QVERIFY(GripUrl::parse(QStringLiteral("http://h.example/?iss=me&key=base64:c2VjcmV0"), &url,
                               &error));
        const QByteArray value = url.authorization(QDateTime::currentSecsSinceEpoch(), &error);
        QVERIFY(value.startsWith("Bearer "));
        QJsonObject claims;
        QVERIFY(GripSigner::verify(value.mid(7), "secret", QDateTime::currentSecsSinceEpoch(),
                                   &claims, &error));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("me"));
    }
};

QTEST_APPLESS_MAIN(TestGripUrl)
#include "tst_gripurl.moc"
