#include <QtTest>

#include "http/httpheaders.h"

namespace {

// Builds headers from "Name: value" lines so table rows stay readable.
HttpHeaders make(const QList<QByteArray> &lines)
{
    HttpHeaders headers;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        headers.add(line.left(colon), line.mid(colon + 1).trimmed());
    }
    return headers;
}

QList<QByteArray> lines(const HttpHeaders &headers)
{
    QList<QByteArray> out;
    for (const HttpHeader &h : headers.list())
        out.append(h.name + ": " + h.value);
    return out;
}

} // namespace

class TestHttpHeaders : public QObject
{
    Q_OBJECT

private slots:
    void addKeepsOrderAndCase();
    void set_data();
    void set();
    void remove_data();
    void remove();
    void lookupIgnoresCase();
    void hasToken_data();
    void hasToken();
    void removeHopByHop_data();
    void removeHopByHop();
    void addFieldLine_data();
    void addFieldLine();
    void isToken_data();
    void isToken();
};

void TestHttpHeaders::addKeepsOrderAndCase()
{
    HttpHeaders headers;
    QVERIFY(headers.isEmpty());
    headers.add("X-b", "1");
    headers.add("x-A", "2");
    headers.add("X-b", "3");
    QCOMPARE(headers.size(), 3);
    QCOMPARE(lines(headers), (QList<QByteArray>{"X-b: 1", "x-A: 2", "X-b: 3"}));
}

void TestHttpHeaders::set_data()
{
    QTest::addColumn<QList<QByteArray>>("before");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QList<QByteArray>>("after");

    QTest::addRow("append when absent") << QList<QByteArray>{"A: 1"} << QByteArray("B")
                                        << QByteArray("2") << QList<QByteArray>{"A: 1", "B: 2"};
    QTest::addRow("replace in place")
        << QList<QByteArray>{"A: 1", "B: 2", "C: 3"} << QByteArray("b") << QByteArray("x")
        << QList<QByteArray>{"A: 1", "b: x", "C: 3"};
    QTest::addRow("duplicates collapse at first")
        << QList<QByteArray>{"X: 1", "A: 1", "x: 2", "B: 2", "X: 3"} << QByteArray("X")
        << QByteArray("y") << QList<QByteArray>{"X: y", "A: 1", "B: 2"};
    QTest::addRow("empty list") << QList<QByteArray>{} << QByteArray("A") << QByteArray("")
                                << QList<QByteArray>{"A: "};
}

void TestHttpHeaders::set()
{
    QFETCH(QList<QByteArray>, before);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QList<QByteArray>, after);

    HttpHeaders headers = make(before);
    headers.set(name, value);
    QCOMPARE(lines(headers), after);
}

void TestHttpHeaders::remove_data()
{
    QTest::addColumn<QList<QByteArray>>("before");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("removed");
    QTest::addColumn<QList<QByteArray>>("after");

    QTest::addRow("none") << QList<QByteArray>{"A: 1"} << QByteArray("B") << 0
                          << QList<QByteArray>{"A: 1"};
    QTest::addRow("all of a name, any case")
        << QList<QByteArray>{"Cookie: a", "A: 1", "COOKIE: b", "cookie: c"} << QByteArray("cookie")
        << 3 << QList<QByteArray>{"A: 1"};
    QTest::addRow("prefix is not a match")
        << QList<QByteArray>{"Accept: x", "Accept-Encoding: y"} << QByteArray("Accept") << 1
        << QList<QByteArray>{"Accept-Encoding: y"};
}

void TestHttpHeaders::remove()
{
    QFETCH(QList<QByteArray>, before);
    QFETCH(QByteArray, name);
    QFETCH(int, removed);
    QFETCH(QList<QByteArray>, after);

    HttpHeaders headers = make(before);
    QCOMPARE(headers.remove(name), removed);
    QCOMPARE(lines(headers), after);
}

void TestHttpHeaders::lookupIgnoresCase()
{
    const HttpHeaders headers = make({"Host: a", "Via: 1", "VIA: 2", "Empty:"});
    QVERIFY(headers.contains("host"));
    QVERIFY(headers.contains("EMPTY"));
    QVERIFY(!headers.contains("Hos"));
    QCOMPARE(headers.value("HOST"), QByteArray("a"));
    QCOMPARE(headers.value("via"), QByteArray("1"));
    QCOMPARE(headers.value("missing"), QByteArray());
    QCOMPARE(headers.values("Via"), (QList<QByteArray>{"1", "2"}));
    QCOMPARE(headers.values("missing"), QList<QByteArray>());
    QCOMPARE(headers.count("via"), 2);
}

void TestHttpHeaders::hasToken_data()
{
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("expected");

    const QByteArray upgrade("upgrade");
    QTest::addRow("single") << QList<QByteArray>{"Connection: Upgrade"} << upgrade << true;
    QTest::addRow("list") << QList<QByteArray>{"Connection: keep-alive, Upgrade"} << upgrade
                          << true;
    QTest::addRow("tabs and spaces")
        << QList<QByteArray>{"Connection: close,\t UPGRADE \t"} << upgrade << true;
    QTest::addRow("second header")
        << QList<QByteArray>{"Connection: close", "connection: upgrade"} << upgrade << true;
    QTest::addRow("empty elements")
        << QList<QByteArray>{"Connection: ,,upgrade,"} << upgrade << true;
    QTest::addRow("substring only")
        << QList<QByteArray>{"Connection: upgrades, x-upgrade"} << upgrade << false;
    QTest::addRow("other header") << QList<QByteArray>{"Upgrade: upgrade"} << upgrade << false;
    QTest::addRow("absent") << QList<QByteArray>{} << upgrade << false;
    QTest::addRow("inner space is not a separator")
        << QList<QByteArray>{"Connection: keep-alive upgrade"} << upgrade << false;
}

void TestHttpHeaders::hasToken()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(QByteArray, token);
    QFETCH(bool, expected);

    QCOMPARE(make(headers).hasToken("Connection", token), expected);
}

void TestHttpHeaders::removeHopByHop_data()
{
    QTest::addColumn<QList<QByteArray>>("before");
    QTest::addColumn<QList<QByteArray>>("after");

    QTest::addRow("fixed set") << QList<QByteArray>{"Host: h",
                                                    "Connection: keep-alive",
                                                    "Keep-Alive: timeout=5",
                                                    "Proxy-Connection: close",
                                                    "TE: trailers",
                                                    "Upgrade: websocket",
                                                    "Proxy-Authenticate: Basic",
                                                    "Proxy-Authorization: Basic x",
                                                    "Accept: */*"}
                               << QList<QByteArray>{"Host: h", "Accept: */*"};
    QTest::addRow("Trailer is end-to-end") << QList<QByteArray>{"Trailer: Expires", "TE: trailers"}
                                           << QList<QByteArray>{"Trailer: Expires"};
    QTest::addRow("named in Connection")
        << QList<QByteArray>{"Connection: X-Secret, x-other", "X-Secret: 1", "X-Other: 2",
                             "X-Kept: 3", "x-secret: 4"}
        << QList<QByteArray>{"X-Kept: 3"};
    QTest::addRow("framing stays")
        << QList<QByteArray>{"Transfer-Encoding: chunked", "Content-Length: 5",
                             "connection: transfer-encoding"}
        << QList<QByteArray>{"Transfer-Encoding: chunked", "Content-Length: 5"};
    QTest::addRow("nothing to remove")
        << QList<QByteArray>{"A: 1", "B: 2"} << QList<QByteArray>{"A: 1", "B: 2"};
}

void TestHttpHeaders::removeHopByHop()
{
    QFETCH(QList<QByteArray>, before);
    QFETCH(QList<QByteArray>, after);

    HttpHeaders headers = make(before);
    headers.removeHopByHop();
    QCOMPARE(lines(headers), after);
}

void TestHttpHeaders::addFieldLine_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::addRow("plain") << QByteArray("Host: example.com") << true << QByteArray("Host")
                           << QByteArray("example.com");
    QTest::addRow("no space") << QByteArray("a:b") << true << QByteArray("a") << QByteArray("b");
    QTest::addRow("ows trimmed") << QByteArray("X-A: \t v a l \t ") << true << QByteArray("X-A")
                                 << QByteArray("v a l");
    QTest::addRow("empty value") << QByteArray("X-Empty:") << true << QByteArray("X-Empty")
                                 << QByteArray("");
    QTest::addRow("colon in value")
        << QByteArray("Host: [::1]:80") << true << QByteArray("Host") << QByteArray("[::1]:80");
    QTest::addRow("obs-text value")
        << QByteArray("X: caf\xc3\xa9") << true << QByteArray("X") << QByteArray("caf\xc3\xa9");
    QTest::addRow("space before colon")
        << QByteArray("Host : x") << false << QByteArray() << QByteArray();
    QTest::addRow("tab before colon")
        << QByteArray("Host\t: x") << false << QByteArray() << QByteArray();
    QTest::addRow("obs-fold") << QByteArray(" continued") << false << QByteArray() << QByteArray();
    QTest::addRow("obs-fold with colon")
        << QByteArray("\tX: y") << false << QByteArray() << QByteArray();
    QTest::addRow("no colon") << QByteArray("Host") << false << QByteArray() << QByteArray();
    QTest::addRow("empty name") << QByteArray(": x") << false << QByteArray() << QByteArray();
    QTest::addRow("bad name char")
        << QByteArray("X(y): z") << false << QByteArray() << QByteArray();
    QTest::addRow("bare CR in value")
        << QByteArray("X: a\rb") << false << QByteArray() << QByteArray();
    QTest::addRow("NUL in value") << QByteArray("X: a\0b", 6) << false << QByteArray()
                                  << QByteArray();
    QTest::addRow("DEL in value") << QByteArray("X: a\x7f") << false << QByteArray()
                                  << QByteArray();
}

void TestHttpHeaders::addFieldLine()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, ok);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    HttpHeaders headers;
    QCOMPARE(headers.addFieldLine(line), ok);
    QCOMPARE(headers.size(), ok ? 1 : 0);
    if (ok) {
        QCOMPARE(headers.list().first().name, name);
        QCOMPARE(headers.list().first().value, value);
    }
}

void TestHttpHeaders::isToken_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("expected");

    QTest::addRow("method") << QByteArray("GET") << true;
    QTest::addRow("all specials") << QByteArray("!#$%&'*+-.^_`|~09azAZ") << true;
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("space") << QByteArray("A B") << false;
    QTest::addRow("separator") << QByteArray("a/b") << false;
    QTest::addRow("high byte") << QByteArray("\xc3\xa9") << false;
}

void TestHttpHeaders::isToken()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, expected);

    QCOMPARE(HttpHeaders::isToken(text), expected);
}

QTEST_GUILESS_MAIN(TestHttpHeaders)
#include "tst_httpheaders.moc"
