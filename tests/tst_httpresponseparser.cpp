#include <QtTest>

#include "http/httpresponseparser.h"
#include "http/httpwriter.h"
#include "http/httpstatus.h"
#include "parserfeed.h"

namespace {

const QList<qsizetype> pieceSizes{1, 3, 1 << 20};

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void errors_data();
    void errors();
    void headPlusBody();
    void headLimit_data();
    void headLimit();
    void interimThenFinal();
    void reasonPhrase_data();
    void reasonPhrase();
    void writerResponseHead();
    void writerErrorResponse();
};

void TestHttpResponseParser::valid_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QList<QByteArray>>("headers");

    QTest::addRow("200") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 1 << 200
                         << QByteArray("OK") << QList<QByteArray>{"Content-Length=0"};
    QTest::addRow("1.0") << QByteArray("HTTP/1.0 404 Not Found\r\n\r\n") << 0 << 404
                         << QByteArray("Not Found") << QList<QByteArray>{};
    QTest::addRow("empty reason") << QByteArray("HTTP/1.1 204 \r\n\r\n") << 1 << 204 << QByteArray()
                                  << QList<QByteArray>{};
    QTest::addRow("no reason, no space")
        << QByteArray("HTTP/1.1 204\r\n\r\n") << 1 << 204 << QByteArray() << QList<QByteArray>{};
    QTest::addRow("reason with spaces and tab")
        << QByteArray("HTTP/1.1 500 Internal \tServer Error\r\n\r\n") << 1 << 500
        << QByteArray("Internal \tServer Error") << QList<QByteArray>{};
    QTest::addRow("bare LF and headers")
        << QByteArray("HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: "
                      "Upgrade\n\n")
        << 1 << 101 << QByteArray("Switching Protocols")
        << QList<QByteArray>{"Upgrade=websocket", "Connection=Upgrade"};
    QTest::addRow("TE not chunked is allowed")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << 1 << 200
        << QByteArray("OK") << QList<QByteArray>{"Transfer-Encoding=gzip"};
    QTest::addRow("unknown coding is allowed")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: br, chunked\r\n\r\n") << 1 << 200
        << QByteArray("OK") << QList<QByteArray>{"Transfer-Encoding=br, chunked"};
}

void TestHttpResponseParser::valid()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, minor);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QList<QByteArray>, headers);

    for (const qsizetype piece : pieceSizes) {
        HttpResponseParser parser;
        const auto result = feedInPieces(parser, raw, piece);
        QCOMPARE(result.state, HttpResponseParser::State::Done);
        QCOMPARE(result.consumed, raw.size());
        QCOMPARE(parser.head().versionMajor, 1);
        QCOMPARE(parser.head().versionMinor, minor);
        QCOMPARE(parser.head().status, status);
        QCOMPARE(parser.head().reason, reason);
        QList<QByteArray> got;
        for (const HttpHeader &h : parser.head().headers.list())
            got.append(h.name + '=' + h.value);
        QCOMPARE(got, headers);
        QCOMPARE(parser.errorText(), QByteArray());
    }
}

void TestHttpResponseParser::errors_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("text");

    const QByteArray badLine("malformed status line");
    QTest::addRow("two-digit status") << QByteArray("HTTP/1.1 20 OK\r\n\r\n") << badLine;
    QTest::addRow("four-digit status") << QByteArray("HTTP/1.1 2000 OK\r\n\r\n") << badLine;
    QTest::addRow("status below 100") << QByteArray("HTTP/1.1 099 X\r\n\r\n") << badLine;
    QTest::addRow("status above 599") << QByteArray("HTTP/1.1 600 X\r\n\r\n") << badLine;
    QTest::addRow("not HTTP") << QByteArray("ICY 200 OK\r\n\r\n") << badLine;
    QTest::addRow("double space") << QByteArray("HTTP/1.1  200 OK\r\n\r\n") << badLine;
    QTest::addRow("control in reason") << QByteArray("HTTP/1.1 200 O\x01K\r\n\r\n") << badLine;
    QTest::addRow("HTTP/2.0") << QByteArray("HTTP/2.0 200 OK\r\n\r\n")
                              << QByteArray("unsupported HTTP version 2.0");
    QTest::addRow("header space before colon")
        << QByteArray("HTTP/1.1 200 OK\r\nA: 1\r\nB : 2\r\n\r\n")
        << QByteArray("malformed header line 3");
    QTest::addRow("obs-fold") << QByteArray("HTTP/1.1 200 OK\r\nA: 1\r\n\tmore\r\n\r\n")
                              << QByteArray("malformed header line 3");
    QTest::addRow("Content-Length conflict")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        << QByteArray("invalid or conflicting Content-Length");
    QTest::addRow("Content-Length not digits")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1a\r\n\r\n")
        << QByteArray("invalid or conflicting Content-Length");
    QTest::addRow("TE and CL")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        << QByteArray("both Transfer-Encoding and Content-Length");
    QTest::addRow("TE chunked twice")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")
        << QByteArray("malformed Transfer-Encoding");
}

void TestHttpResponseParser::errors()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, text);

    for (const qsizetype piece : pieceSizes) {
        HttpResponseParser parser;
        const auto result = feedInPieces(parser, raw, piece);
        QCOMPARE(result.state, HttpResponseParser::State::Error);
        QCOMPARE(parser.errorText(), text);
    }
}

void TestHttpResponseParser::headPlusBody()
{
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n";
    const QByteArray data = head + "\r\n\r\n";
    HttpResponseParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(data.constData(), data.size(), &consumed),
             HttpResponseParser::State::Done);
    QCOMPARE(consumed, head.size());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpResponseParser::headLimit_data()
{
    QTest::addColumn<qsizetype>("extra");
    QTest::addColumn<bool>("ok");

    QTest::addRow("exactly max") << qsizetype(0) << true;
    QTest::addRow("max + 1") << qsizetype(1) << false;
}

void TestHttpResponseParser::headLimit()
{
    QFETCH(qsizetype, extra);
    QFETCH(bool, ok);

    const qsizetype max = 128;
    const QByteArray prefix = "HTTP/1.1 200 OK\r\nX-Pad: ";
    const QByteArray suffix = "\r\n\r\n";
    const QByteArray raw =
        prefix + QByteArray(max + extra - prefix.size() - suffix.size(), 'p') + suffix;
    for (const qsizetype piece : pieceSizes) {
        HttpResponseParser parser(max);
        const auto result = feedInPieces(parser, raw, piece);
        QCOMPARE(result.state,
                 ok ? HttpResponseParser::State::Done : HttpResponseParser::State::Error);
        QCOMPARE(parser.errorText(),
                 ok ? QByteArray() : QByteArray("response head larger than 128 bytes"));
    }
}

void TestHttpResponseParser::interimThenFinal()
{
    const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\n";
    const QByteArray finalHead = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    const QByteArray data = interim + finalHead;
    HttpResponseParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(data.constData(), data.size(), &consumed),
             HttpResponseParser::State::Done);
    QCOMPARE(consumed, interim.size());
    QCOMPARE(parser.head().status, 100);
    parser.reset();
    QCOMPARE(parser.feed(data.constData() + interim.size(), finalHead.size(), &consumed),
             HttpResponseParser::State::Done);
    QCOMPARE(consumed, finalHead.size());
    QCOMPARE(parser.head().status, 201);
    QCOMPARE(parser.head().reason, QByteArray("Created"));
}

void TestHttpResponseParser::reasonPhrase_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("phrase");

    QTest::addRow("101") << 101 << QByteArray("Switching Protocols");
    QTest::addRow("200") << 200 << QByteArray("OK");
    QTest::addRow("400") << 400 << QByteArray("Bad Request");
    QTest::addRow("404") << 404 << QByteArray("Not Found");
    QTest::addRow("408") << 408 << QByteArray("Request Timeout");
    QTest::addRow("413") << 413 << QByteArray("Content Too Large");
    QTest::addRow("431") << 431 << QByteArray("Request Header Fields Too Large");
    QTest::addRow("501") << 501 << QByteArray("Not Implemented");
    QTest::addRow("502") << 502 << QByteArray("Bad Gateway");
    QTest::addRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::addRow("504") << 504 << QByteArray("Gateway Timeout");
    QTest::addRow("505") << 505 << QByteArray("HTTP Version Not Supported");
    QTest::addRow("unknown") << 599 << QByteArray();
}

void TestHttpResponseParser::reasonPhrase()
{
    QFETCH(int, status);
    QFETCH(QByteArray, phrase);

    QCOMPARE(HttpStatus::reason(status), phrase);
}

void TestHttpResponseParser::writerResponseHead()
{
    HttpHeaders headers;
    headers.add("Upgrade", "websocket");
    headers.add("Connection", "Upgrade");
    QCOMPARE(HttpWriter::responseHead(101, "Switching Protocols", headers),
             QByteArray("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: "
                        "Upgrade\r\n\r\n"));
    QCOMPARE(HttpWriter::responseHead(200, "OK", {}, 0), QByteArray("HTTP/1.0 200 OK\r\n\r\n"));
    QCOMPARE(HttpWriter::responseHead(299, "", {}), QByteArray("HTTP/1.1 299 \r\n\r\n"));
}

void TestHttpResponseParser::writerErrorResponse()
{
    HttpHeaders extra;
    extra.add("Retry-After", "5");
    extra.add("content-length", "999"); // ours wins, the body must stay framed
    const QByteArray out = HttpWriter::errorResponse(503, "origin unavailable", extra);
    const QByteArray expected = "HTTP/1.1 503 Service Unavailable\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "Content-Length: 19\r\n"
                                "Connection: close\r\n"
                                "Retry-After: 5\r\n"
                                "\r\n"
                                "origin unavailable\n";
    QCOMPARE(out, expected);
    QCOMPARE(HttpWriter::errorResponse(400, ""),
             QByteArray("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; "
                        "charset=utf-8\r\nContent-Length: 1\r\nConnection: close\r\n\r\n\n"));

    // What the writer produces, the parser reads back.
    HttpResponseParser parser;
    qsizetype consumed = -1;
    QCOMPARE(parser.feed(out.constData(), out.size(), &consumed), HttpResponseParser::State::Done);
    QCOMPARE(out.size() - consumed, 19);
    QCOMPARE(parser.head().status, 503);
    QCOMPARE(parser.head().headers.value("retry-after"), QByteArray("5"));
}

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
