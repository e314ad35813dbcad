#include <QtTest>

#include "clienturl.h"

class TstClientUrl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valid_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QByteArray>("hostHeader");
        QTest::addColumn<QByteArray>("target");

        QTest::addRow("http default port")
            << QStringLiteral("http://example.com/test/sse") << false << QByteArray("example.com")
            << 80 << QByteArray("example.com") << QByteArray("/test/sse");
        QTest::addRow("wss default port")
            << QStringLiteral("wss://example.com") << true << QByteArray("example.com") << 443
            << QByteArray("example.com") << QByteArray("/");
        QTest::addRow("ws with port and query")
            << QStringLiteral("ws://127.0.0.1:7676/test/ws?channel=a%20b&x=1") << false
            << QByteArray("127.0.0.1") << 7676 << QByteArray("127.0.0.1:7676")
            << QByteArray("/test/ws?channel=a%20b&x=1");
        QTest::addRow("https on another port")
            << QStringLiteral("HTTPS://Example.com:8443/p") << true << QByteArray("example.com")
            << 8443 << QByteArray("example.com:8443") << QByteArray("/p");
        QTest::addRow("IPv6 literal")
            << QStringLiteral("http://[::1]:5561/publish/") << false << QByteArray("::1") << 5561
            << QByteArray("[::1]:5561") << QByteArray("/publish/");
    }

    void valid()
    {
        QFETCH(QString, url);
        const ClientUrl parsed = ClientUrl::parse(url);
        QVERIFY2(parsed.isValid(), qPrintable(parsed.error));
        QTEST(parsed.tls, "tls");
        QTEST(parsed.host, "host");
        QTEST(int(parsed.port), "port");
        QTEST(parsed.hostHeader, "hostHeader");
        QTEST(parsed.target, "target");
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error");
        QTest::addRow("empty") << QString() << QStringLiteral("unparsable URL: empty");
        QTest::addRow("ftp") << QStringLiteral("ftp://h/")
                             << QStringLiteral("the scheme must be http, https, ws or wss");
        QTest::addRow("no scheme")
            << QStringLiteral("example.com/x") << QStringLiteral("the scheme must be");
        QTest::addRow("no host") << QStringLiteral("http:///x") << QStringLiteral("no host");
        QTest::addRow("broken IPv6")
            << QStringLiteral("http://[::1/x") << QStringLiteral("unparsable URL 'http://[::1/x'");
    }

    void invalid()
    {
        QFETCH(QString, url);
        QFETCH(QString, error);
        const ClientUrl parsed = ClientUrl::parse(url);
        QVERIFY(!parsed.isValid());
        QVERIFY2(parsed.error.contains(error), qPrintable(parsed.error));
    }
};

QTEST_GUILESS_MAIN(TstClientUrl)
#include "tst_clienturl.moc"
