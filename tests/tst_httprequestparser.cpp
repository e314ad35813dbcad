#include <QtTest>

#include "http/httprequestparser.h"
#include "http/httpwriter.h"
#include "parserfeed.h"

namespace {

const QList<qsizetype> pieceSizes{1, 2, 7, 1 << 20};

} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void keepAlive_data();
    void keepAlive();
    void webSocketUpgrade_data();
    void webSocketUpgrade();
    void path_data();
    void path();
    void host_data();
    void host();
    void errors_data();
    void errors();
    void headPlusBody();
    void pipelinedAfterReset();
    void headLimit_data();
    void headLimit();
    void headLimitBeforeEnd();
    void bufferedBytes();
    void feedAfterDone();
    void writerRequestHead();
};

void TestHttpRequestParser::valid_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("minor");
    QTest::addColumn<QList<QByteArray>>("headers"); // "name=value", in order

    QTest::addRow("minimal 1.1") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                                 << QByteArray("GET") << QByteArray("/") << 1
                                 << QList<QByteArray>{"Host=a"};
    QTest::addRow("1.0 without Host") << QByteArray("GET /x HTTP/1.0\r\n\r\n") << QByteArray("GET")
                                      << QByteArray("/x") << 0 << QList<QByteArray>{};
    QTest::addRow("bare LF") << QByteArray("POST /p?q=1 HTTP/1.1\nHost: a\nX-Y:  z \n\n")
                             << QByteArray("POST") << QByteArray("/p?q=1") << 1
                             << QList<QByteArray>{"Host=a", "X-Y=z"};
    QTest::addRow("mixed line ends")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\nB: c\r\n\n") << QByteArray("GET")
        << QByteArray("/") << 1 << QList<QByteArray>{"Host=a", "B=c"};
    QTest::addRow("leading empty line")
        << QByteArray("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << 1 << QList<QByteArray>{"Host=a"};
    QTest::addRow("several leading empty lines")
        << QByteArray("\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << 1 << QList<QByteArray>{"Host=a"};
    QTest::addRow("case and order kept")
        << QByteArray("PUT /u HTTP/1.1\r\nhOsT: a\r\nX-A: 1\r\nx-a: 2\r\n\r\n") << QByteArray("PUT")
        << QByteArray("/u") << 1 << QList<QByteArray>{"hOsT=a", "X-A=1", "x-a=2"};
    QTest::addRow("absolute-form")
        << QByteArray("GET http://h/p?q HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET")
        << QByteArray("http://h/p?q") << 1 << QList<QByteArray>{"Host=h"};
    QTest::addRow("asterisk-form")
        << QByteArray("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("OPTIONS")
        << QByteArray("*") << 1 << QList<QByteArray>{"Host=h"};
    QTest::addRow("extension method")
        << QByteArray("M-SEARCH * HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("M-SEARCH")
        << QByteArray("*") << 1 << QList<QByteArray>{"Host=h"};
    QTest::addRow("empty Host") << QByteArray("GET / HTTP/1.1\r\nHost:\r\n\r\n")
                                << QByteArray("GET") << QByteArray("/") << 1
                                << QList<QByteArray>{"Host="};
    QTest::addRow("equal Content-Length twice")
        << QByteArray(
               "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")
        << QByteArray("POST") << QByteArray("/") << 1
        << QList<QByteArray>{"Host=a", "Content-Length=5", "Content-Length=5"};
    QTest::addRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, "
                                           "Chunked\r\n\r\n")
                             << QByteArray("POST") << QByteArray("/") << 1
                             << QList<QByteArray>{"Host=a", "Transfer-Encoding=gzip, Chunked"};
}

void TestHttpRequestParser::valid()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, minor);
    QFETCH(QList<QByteArray>, headers);

    for (const qsizetype piece : pieceSizes) {
        HttpRequestParser parser;
        const auto result = feedInPieces(parser, raw, piece);
        QCOMPARE(result.state, HttpRequestParser::State::Done);
        QCOMPARE(result.consumed, raw.size());
        QCOMPARE(parser.errorStatus(), 0);
        QCOMPARE(parser.head().method, method);
        QCOMPARE(parser.head().target, target);
        QCOMPARE(parser.head().versionMajor, 1);
        QCOMPARE(parser.head().versionMinor, minor);
        QList<QByteArray> got;
        for (const HttpHeader &h : parser.head().headers.list())
            got.append(h.name + '=' + h.value);
        QCOMPARE(got, headers);
    }
}

void TestHttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("connection"); // empty: no Connection header
    QTest::addColumn<bool>("expected");

    QTest::addRow("1.1 default") << QByteArray("1.1") << QByteArray() << true;
    QTest::addRow("1.1 close") << QByteArray("1.1") << QByteArray("close") << false;
    QTest::addRow("1.1 Close in list")
        << QByteArray("1.1") << QByteArray("Upgrade, CLOSE") << false;
    QTest::addRow("1.1 keep-alive") << QByteArray("1.1") << QByteArray("keep-alive") << true;
    QTest::addRow("1.0 default") << QByteArray("1.0") << QByteArray() << false;
    QTest::addRow("1.0 keep-alive") << QByteArray("1.0") << QByteArray("Keep-Alive") << true;
    QTest::addRow("1.0 keep-alive in list")
        << QByteArray("1.0") << QByteArray("foo, keep-alive") << true;
    QTest::addRow("1.0 close") << QByteArray("1.0") << QByteArray("close") << false;
}

void TestHttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, connection);
    QFETCH(bool, expected);

    QByteArray raw = "GET / HTTP/" + version + "\r\nHost: a\r\n";
    if (!connection.isEmpty())
        raw += "Connection: " + connection + "\r\n";
    raw += "\r\n";
    HttpRequestParser parser;
    qsizetype consumed = 0;
    QCOMPARE(parser.feed(raw.constData(), raw.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(parser.head().keepAlive(), expected);
}

void TestHttpRequestParser::webSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("expected");

    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    QTest::addRow("plain") << "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: "
                              "Upgrade\r\n" +
                                  key + "\r\n"
                           << true;
    QTest::addRow("list and odd case") << "GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: "
                                          "WebSocket\r\nConnection: keep-alive, uPgRaDe\r\n" +
                                              key + "\r\n"
                                       << true;
    QTest::addRow("Connection split over two headers")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: "
                      "Upgrade\r\nUpgrade: websocket\r\n\r\n")
        << true;
    QTest::addRow("Upgrade list") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: "
                                                "upgrade\r\nUpgrade: h2c, websocket\r\n\r\n")
                                  << true;
    QTest::addRow("POST") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nUpgrade: "
                                        "websocket\r\nConnection: Upgrade\r\n\r\n")
                          << false;
    QTest::addRow("lower-case method") << QByteArray("get / HTTP/1.1\r\nHost: a\r\nUpgrade: "
                                                     "websocket\r\nConnection: Upgrade\r\n\r\n")
                                       << false;
    QTest::addRow("no Connection") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: "
                                                 "websocket\r\n\r\n")
                                   << false;
    QTest::addRow("other protocol") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: "
                                                  "h2c\r\nConnection: Upgrade\r\n\r\n")
                                    << false;
    QTest::addRow("Connection: upgrades")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: "
                      "upgrades\r\n\r\n")
        << false;
    QTest::addRow("HTTP/1.0 ignores Upgrade")
        << QByteArray("GET / HTTP/1.0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
        << false;
}

void TestHttpRequestParser::webSocketUpgrade()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, expected);

    HttpRequestParser parser;
    qsizetype consumed = 0;
    QCOMPARE(parser.feed(raw.constData(), raw.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(parser.head().isWebSocketUpgrade(), expected);
}

void TestHttpRequestParser::path_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");

    QTest::addRow("root") << QByteArray("/") << QByteArray("/");
    QTest::addRow("query") << QByteArray("/a/b?x=1&y=/z") << QByteArray("/a/b");
    QTest::addRow("empty query") << QByteArray("/a?") << QByteArray("/a");
    QTest::addRow("absolute") << QByteArray("http://h/p?q") << QByteArray("/p");
    QTest::addRow("absolute with port") << QByteArray("https://h:8443/a/b") << QByteArray("/a/b");
    QTest::addRow("absolute without path") << QByteArray("http://h") << QByteArray("/");
    QTest::addRow("absolute query only") << QByteArray("http://h?q") << QByteArray("/");
    QTest::addRow("asterisk") << QByteArray("*") << QByteArray("*");
    QTest::addRow("authority-form") << QByteArray("h:443") << QByteArray("h:443");
    QTest::addRow("scheme-like in path") << QByteArray("/r?u=http://x/y") << QByteArray("/r");
}

void TestHttpRequestParser::path()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);

    HttpRequestHead head;
    head.target = target;
    QCOMPARE(head.path(), path);
}

void TestHttpRequestParser::host_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("hostHeader");
    QTest::addColumn<QByteArray>("host");

    QTest::addRow("name") << QByteArray("/") << QByteArray("example.com")
                          << QByteArray("example.com");
    QTest::addRow("port and case")
        << QByteArray("/") << QByteArray("Example.COM:8080") << QByteArray("example.com");
    QTest::addRow("ipv4 port") << QByteArray("/") << QByteArray("10.0.0.1:80")
                               << QByteArray("10.0.0.1");
    QTest::addRow("ipv6 port") << QByteArray("/") << QByteArray("[::1]:80") << QByteArray("::1");
    QTest::addRow("ipv6 bare") << QByteArray("/") << QByteArray("[FE80::1]")
                               << QByteArray("fe80::1");
    QTest::addRow("empty") << QByteArray("/") << QByteArray("") << QByteArray("");
    QTest::addRow("absolute-form wins")
        << QByteArray("http://Target:81/p") << QByteArray("other") << QByteArray("target");
    QTest::addRow("absolute-form userinfo")
        << QByteArray("http://u:p@t/p") << QByteArray("other") << QByteArray("t");
}

void TestHttpRequestParser::host()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, hostHeader);
    QFETCH(QByteArray, host);

    HttpRequestHead head;
    head.target = target;
    head.headers.add("Host", hostHeader);
    QCOMPARE(head.host(), host);
}

void TestHttpRequestParser::errors_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("text");

    const QByteArray badLine("malformed request line");
    QTest::addRow("extra space after method")
        << QByteArray("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("extra space after target")
        << QByteArray("GET /  HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("trailing space")
        << QByteArray("GET / HTTP/1.1 \r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("leading space")
        << QByteArray(" GET / HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("tab separator")
        << QByteArray("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("space in target")
        << QByteArray("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("no version") << QByteArray("GET /\r\n\r\n") << 400 << badLine;
    QTest::addRow("control char in target")
        << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("DEL in target")
        << QByteArray("GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("bare CR in line")
        << QByteArray("GET / HTTP/1.1\r\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("method not a token")
        << QByteArray("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("not HTTP") << QByteArray("GET / FTP/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("lower-case http")
        << QByteArray("GET / http/1.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("version without minor")
        << QByteArray("GET / HTTP/1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("two-digit major")
        << QByteArray("GET / HTTP/11.1\r\nHost: a\r\n\r\n") << 400 << badLine;
    QTest::addRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\r\n\r\n", 11) << 400
                             << badLine;
    QTest::addRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505
                              << QByteArray("unsupported HTTP version 2.0");
    QTest::addRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: a\r\n\r\n") << 505
                              << QByteArray("unsupported HTTP version 1.2");
    QTest::addRow("HTTP/0.9") << QByteArray("GET / HTTP/0.9\r\n\r\n") << 505
                              << QByteArray("unsupported HTTP version 0.9");
    QTest::addRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A : 1\r\n\r\n") << 400
        << QByteArray("malformed header line 3");
    QTest::addRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  more\r\n\r\n")
                              << 400 << QByteArray("malformed header line 4");
    QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400
                              << QByteArray("malformed header line 2");
    QTest::addRow("empty name") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n") << 400
                                << QByteArray("malformed header line 3");
    QTest::addRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29) << 400
                                  << QByteArray("malformed header line 2");
    QTest::addRow("bare CR in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n")
                                      << 400 << QByteArray("malformed header line 2");
    QTest::addRow("line numbers skip leading empty lines")
        << QByteArray("\r\nGET / HTTP/1.1\r\nHost: a\r\nbad line\r\n\r\n") << 400
        << QByteArray("malformed header line 3");
    QTest::addRow("1.1 without Host")
        << QByteArray("GET / HTTP/1.1\r\nX: y\r\n\r\n") << 400 << QByteArray("missing Host header");
    QTest::addRow("two Host") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n") << 400
                              << QByteArray("more than one Host header");
    QTest::addRow("two Host in 1.0") << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n")
                                     << 400 << QByteArray("more than one Host header");
    const QByteArray badLength("invalid or conflicting Content-Length");
    QTest::addRow("Content-Length sign")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n") << 400
        << badLength;
    QTest::addRow("Content-Length negative")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") << 400
        << badLength;
    QTest::addRow("Content-Length hex")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\n") << 400
        << badLength;
    QTest::addRow("Content-Length empty")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n") << 400 << badLength;
    QTest::addRow("Content-Length inner space")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n") << 400
        << badLength;
    QTest::addRow("Content-Length list")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n") << 400
        << badLength;
    QTest::addRow("Content-Length overflow")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775808\r\n\r\n")
        << 400 << badLength;
    QTest::addRow("Content-Length conflict")
        << QByteArray(
               "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
        << 400 << badLength;
    QTest::addRow("TE and CL")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: "
                      "chunked\r\n\r\n")
        << 400 << QByteArray("both Transfer-Encoding and Content-Length");
    QTest::addRow("TE not ending in chunked")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")
        << 400 << QByteArray("Transfer-Encoding does not end in chunked");
    QTest::addRow("TE gzip only")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") << 400
        << QByteArray("Transfer-Encoding does not end in chunked");
    QTest::addRow("TE chunked twice")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-"
                      "Encoding: chunked\r\n\r\n")
        << 400 << QByteArray("malformed Transfer-Encoding");
    QTest::addRow("TE empty") << QByteArray(
                                     "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \r\n\r\n")
                              << 400 << QByteArray("malformed Transfer-Encoding");
    QTest::addRow("TE in 1.0") << QByteArray(
                                      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n")
                               << 400 << QByteArray("Transfer-Encoding in an HTTP/1.0 request");
    QTest::addRow("TE unknown coding")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: br, chunked\r\n\r\n") << 501
        << QByteArray("unsupported transfer coding");
}

void TestHttpRequestParser::errors()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    QFETCH(QByteArray, text);

    for (const qsizetype piece : pieceSizes) {
        HttpRequestParser parser;
        const auto result = feedInPieces(parser, raw, piece);
        QCOMPARE(result.state, HttpRequestParser::State::Error);
        QCOMPARE(parser.errorStatus(), status);
        QCOMPARE(parser.errorText(), text);
    }
}

void TestHttpRequestParser::headPlusBody()
{
    const QByteArray head = "POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n";
    const QByteArray data = head + "hello\r\n\r\nxy";
    HttpRequestParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(data.constData(), data.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(consumed, head.size());
    QCOMPARE(parser.head().headers.value("content-length"), QByteArray("11"));

    // Split so the blank line straddles two reads: the parser still stops right after it.
    HttpRequestParser split;
    const qsizetype cut = head.size() - 1;
    QCOMPARE(split.feed(data.constData(), cut, &consumed), HttpRequestParser::State::NeedMore);
    QCOMPARE(consumed, cut);
    QCOMPARE(split.feed(data.constData() + cut, data.size() - cut, &consumed),
             HttpRequestParser::State::Done);
    QCOMPARE(consumed, 1);
    QCOMPARE(split.head().target, QByteArray("/u"));
}

void TestHttpRequestParser::pipelinedAfterReset()
{
    const QByteArray first = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
    // A stray CRLF after a body is a leading empty line for the next request.
    const QByteArray second = "\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n";
    const QByteArray data = first + second;
    HttpRequestParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(data.constData(), data.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(consumed, first.size());
    QCOMPARE(parser.head().target, QByteArray("/1"));
    parser.reset();
    QCOMPARE(parser.head().headers.size(), 0);
    qsizetype consumed2 = -1;
    QCOMPARE(parser.feed(data.constData() + consumed, data.size() - consumed, &consumed2),
             HttpRequestParser::State::Done);
    QCOMPARE(consumed2, second.size());
    QCOMPARE(parser.head().target, QByteArray("/2"));
    QCOMPARE(parser.head().headers.value("Host"), QByteArray("b"));
}

void TestHttpRequestParser::headLimit_data()
{
    QTest::addColumn<qsizetype>("extra"); // head size minus the limit
    QTest::addColumn<bool>("ok");

    QTest::addRow("one below") << qsizetype(-1) << true;
    QTest::addRow("exactly max") << qsizetype(0) << true;
    QTest::addRow("max + 1") << qsizetype(1) << false;
}

void TestHttpRequestParser::headLimit()
{
    QFETCH(qsizetype, extra);
    QFETCH(bool, ok);

    const qsizetype max = 256;
    const QByteArray prefix = "\r\nGET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
    const QByteArray suffix = "\r\n\r\n";
    const QByteArray raw =
        prefix + QByteArray(max + extra - prefix.size() - suffix.size(), 'p') + suffix;
    QCOMPARE(raw.size(), max + extra);

    for (const qsizetype piece : pieceSizes) {
        HttpRequestParser parser(max);
        const auto result = feedInPieces(parser, raw + "BODY", piece);
        if (ok) {
            QCOMPARE(result.state, HttpRequestParser::State::Done);
            QCOMPARE(result.consumed, raw.size());
        } else {
            QCOMPARE(result.state, HttpRequestParser::State::Error);
            QCOMPARE(parser.errorStatus(), 431);
            QCOMPARE(parser.errorText(), QByteArray("request head larger than 256 bytes"));
        }
    }
}

void TestHttpRequestParser::headLimitBeforeEnd()
{
    // The limit trips on the byte that crosses it, without waiting for a line end.
    HttpRequestParser parser(100);
    const QByteArray start = "GET / HTTP/1.1\r\nX-Long: ";
    const QByteArray fill(100 - start.size(), 'x');
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(start.constData(), start.size(), &consumed),
             HttpRequestParser::State::NeedMore);
    QCOMPARE(parser.feed(fill.constData(), fill.size(), &consumed),
             HttpRequestParser::State::NeedMore);
    QCOMPARE(parser.bufferedBytes(), 100);
    QCOMPARE(parser.feed("x", 1, &consumed), HttpRequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 431);

    // Empty lines count too, so a peer cannot send CRLF forever.
    HttpRequestParser empties(100);
    const QByteArray crlfs = QByteArray("\r\n").repeated(51);
    QCOMPARE(empties.feed(crlfs.constData(), crlfs.size(), &consumed),
             HttpRequestParser::State::Error);
    QCOMPARE(consumed, 102);
    QCOMPARE(empties.errorStatus(), 431);
}

void TestHttpRequestParser::bufferedBytes()
{
    HttpRequestParser parser;
    QCOMPARE(parser.bufferedBytes(), 0);
    const QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(raw.constData(), 10, &consumed), HttpRequestParser::State::NeedMore);
    QCOMPARE(consumed, 10);
    QCOMPARE(parser.bufferedBytes(), 10);
    QCOMPARE(parser.feed(raw.constData() + 10, raw.size() - 10, &consumed),
             HttpRequestParser::State::Done);
    QCOMPARE(parser.bufferedBytes(), 0);
    parser.reset();
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.state(), HttpRequestParser::State::NeedMore);
    QCOMPARE(parser.feed(raw.constData(), 3, &consumed), HttpRequestParser::State::NeedMore);
    QCOMPARE(parser.bufferedBytes(), 3);
    parser.reset();
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpRequestParser::feedAfterDone()
{
    const QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET";
    HttpRequestParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(raw.constData(), raw.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(parser.feed(raw.constData() + consumed, 3, &consumed), HttpRequestParser::State::Done);
    QCOMPARE(consumed, 0);
}

void TestHttpRequestParser::writerRequestHead()
{
    HttpHeaders headers;
    headers.add("Host", "origin:8080");
    headers.add("x-Forwarded-For", "10.0.0.1");
    const QByteArray out = HttpWriter::requestHead("POST", "/a?b=c", headers);
    QCOMPARE(out, QByteArray("POST /a?b=c HTTP/1.1\r\nHost: origin:8080\r\nx-Forwarded-For: "
                             "10.0.0.1\r\n\r\n"));
    QCOMPARE(HttpWriter::requestHead("GET", "/", {}), QByteArray("GET / HTTP/1.1\r\n\r\n"));
    QCOMPARE(HttpWriter::requestHead("GET", "/", {}, 0), QByteArray("GET / HTTP/1.0\r\n\r\n"));

    HttpRequestParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(out.constData(), out.size(), &consumed), HttpRequestParser::State::Done);
    QCOMPARE(consumed, out.size());
    QCOMPARE(parser.head().headers.list().size(), 2);
    QCOMPARE(parser.head().host(), QByteArray("origin"));
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
