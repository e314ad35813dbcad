#include <QtTest>

#include "routes/routesfile.h"
#include "routes/routetable.h"

namespace {

RouteTable tableFrom(const QByteArray &text)
{
    const RoutesParseResult result = RoutesFile::parse(text, QStringLiteral("routes"));
    if (!result.ok())
        qWarning() << result.errors;
    return RouteTable(result.routes);
}

// Each rule has an explicit id so a row names the winner, not its generated id.
const QByteArray kPrecedence = "*,id=any any:1\n"
                               "*,id=ws,proto=ws ws:1\n"
                               "*,id=http-api,proto=http,path_beg=/api api:1\n"
                               "*,id=api,path_beg=/api api:1\n"
                               "*,id=api-v2,path_beg=/api/v2 apiv2:1\n"
                               "*,id=tls,ssl=yes tls:1\n"
                               "*,id=plain-a,path_beg=/a,ssl=no plain:1\n"
                               "*,id=a,path_beg=/a a:1\n"
                               "example.com,id=ex ex:1\n"
                               "example.com,id=ex-only,path_beg=/only exonly:1\n"
                               "::1,id=v6 v6:1\n"
                               "id=hidden,path_beg=/ hidden:1\n";

} // namespace

class TestRouteTable : public QObject
{
    Q_OBJECT

private slots:
    void match_data();
    void match();
    void exactDomainDoesNotFallBack();
    void tieGoesToEarlierRoute();
    void noDomainRoutesNeverMatch();
    void emptyTable();
    void findById();
    void normalizeHost_data();
    void normalizeHost();
};

void TestRouteTable::match_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("ws");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QByteArray>("expected"); // route id, "" for no match

    QTest::addRow("wildcard fallback")
        << QByteArray("other.test") << QByteArray("/") << false << false << QByteArray("any");
    QTest::addRow("explicit proto beats none")
        << QByteArray("other.test") << QByteArray("/") << true << false << QByteArray("ws");
    QTest::addRow("explicit proto beats longer path_beg")
        << QByteArray("other.test") << QByteArray("/api/v2/x") << true << false << QByteArray("ws");
    QTest::addRow("proto then path: http /api")
        << QByteArray("other.test") << QByteArray("/api/v2/x") << false << false
        << QByteArray("http-api");
    QTest::addRow("proto=http does not match ws")
        << QByteArray("other.test") << QByteArray("/api") << true << false << QByteArray("ws");
    QTest::addRow("longer path_beg wins")
        << QByteArray("other.test") << QByteArray("/a/x") << false << true << QByteArray("a");
    QTest::addRow("path_beg is a raw prefix")
        << QByteArray("other.test") << QByteArray("/abc") << false << true << QByteArray("a");
    QTest::addRow("explicit ssl breaks a path tie")
        << QByteArray("other.test") << QByteArray("/a/x") << false << false
        << QByteArray("plain-a");
    QTest::addRow("explicit ssl only after path length")
        << QByteArray("other.test") << QByteArray("/b") << false << true << QByteArray("tls");
    QTest::addRow("ssl=yes needs tls")
        << QByteArray("other.test") << QByteArray("/b") << false << false << QByteArray("any");
    QTest::addRow("query is not matched")
        << QByteArray("other.test") << QByteArray("/x?/a") << false << false << QByteArray("any");
    QTest::addRow("query after a matching path") << QByteArray("other.test") << QByteArray("/a?x")
                                                 << false << false << QByteArray("plain-a");
    QTest::addRow("exact domain") << QByteArray("example.com") << QByteArray("/api") << true << true
                                  << QByteArray("ex");
    QTest::addRow("exact domain, any case and port")
        << QByteArray("EXAMPLE.com:8443") << QByteArray("/") << false << false << QByteArray("ex");
    QTest::addRow("exact domain path") << QByteArray("example.com") << QByteArray("/only/x")
                                       << false << false << QByteArray("ex-only");
    QTest::addRow("ipv6 host") << QByteArray("[::1]:8080") << QByteArray("/") << false << false
                               << QByteArray("v6");
    QTest::addRow("subdomain is not the domain")
        << QByteArray("www.example.com") << QByteArray("/") << false << false << QByteArray("any");
}

void TestRouteTable::match()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, path);
    QFETCH(bool, ws);
    QFETCH(bool, tls);
    QFETCH(QByteArray, expected);

    const RouteTable table = tableFrom(kPrecedence);
    QCOMPARE(table.routes().size(), 12);
    const Route *route = table.match(host, path, ws, tls);
    QCOMPARE(route ? route->id : QByteArray(), expected);
}

void TestRouteTable::exactDomainDoesNotFallBack()
{
    // Pushpin looks only at a host's own rules when it has any.
    const RouteTable table = tableFrom("example.com,proto=ws a:1\n* b:1\n");
    QVERIFY(!table.match("example.com", "/", false, false));
    QVERIFY(table.match("example.com", "/", true, false));
    QCOMPARE(table.match("other.test", "/", false, false)->id, QByteArray("*,*,*,*"));
}

void TestRouteTable::tieGoesToEarlierRoute()
{
    // The parser drops duplicate conditions; a table built in code may still hold them.
    Route first;
    first.id = "first";
    first.domain = "*";
    first.targets << RouteTarget{};
    Route second = first;
    second.id = "second";
    const RouteTable table({first, second});
    QCOMPARE(table.match("h", "/", false, false)->id, QByteArray("first"));
}

void TestRouteTable::noDomainRoutesNeverMatch()
{
    const RouteTable table = tableFrom("id=hidden a:1\n,debug,id=also b:1\n");
    QCOMPARE(table.routes().size(), 2);
    QVERIFY(!table.isEmpty());
    QVERIFY(!table.match("hidden", "/", false, false));
    QVERIFY(!table.match("", "/", false, false));
    QVERIFY(!table.match("*", "/", false, false));
    QCOMPARE(table.findById("hidden")->targets.first().host, QByteArray("a"));
}

void TestRouteTable::emptyTable()
{
    const RouteTable table;
    QVERIFY(table.isEmpty());
    QVERIFY(table.routes().isEmpty());
    QVERIFY(!table.match("example.com", "/", false, false));
    QVERIFY(!table.findById("*,*,*,*"));
}

void TestRouteTable::findById()
{
    const RouteTable table = tableFrom("* a:1\n"
                                       "example.com,proto=ws,ssl=yes,path_beg=/w b:1\n"
                                       "*,id=dup,proto=http c:1\n"
                                       "other.test,id=dup d:1\n"
                                       "*,id=named,path_beg=/n e:1\n");
    QCOMPARE(table.routes().size(), 5);
    QCOMPARE(table.findById("*,*,*,*")->targets.first().host, QByteArray("a"));
    QCOMPARE(table.findById("example.com,ws,ssl,/w")->targets.first().host, QByteArray("b"));
    QCOMPARE(table.findById("named")->targets.first().host, QByteArray("e"));
    QVERIFY(!table.findById("dup"));      // shared: unusable, as in Pushpin
    QVERIFY(!table.findById("*,*,*,/n")); // an explicit id replaces the generated one
    QVERIFY(!table.findById("missing"));
    QVERIFY(!table.findById(""));
}

void TestRouteTable::normalizeHost_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("plain") << QByteArray("example.com") << QByteArray("example.com");
    QTest::addRow("case") << QByteArray("ExAmple.COM") << QByteArray("example.com");
    QTest::addRow("port") << QByteArray("example.com:80") << QByteArray("example.com");
    QTest::addRow("ipv4 port") << QByteArray("127.0.0.1:80") << QByteArray("127.0.0.1");
    QTest::addRow("ipv6 brackets port") << QByteArray("[::1]:80") << QByteArray("::1");
    QTest::addRow("ipv6 brackets") << QByteArray("[FE80::1]") << QByteArray("fe80::1");
    QTest::addRow("bare ipv6") << QByteArray("::1") << QByteArray("::1");
    QTest::addRow("blank around") << QByteArray(" example.com ") << QByteArray("example.com");
}

void TestRouteTable::normalizeHost()
{
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, expected);
    QCOMPARE(RouteTable::normalizeHost(host), expected);
}

QTEST_GUILESS_MAIN(TestRouteTable)
#include "tst_routetable.moc"
