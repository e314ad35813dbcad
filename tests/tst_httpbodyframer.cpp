#include <QtTest>

#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"

Q_DECLARE_METATYPE(HttpBodyFramer::Kind)

namespace {

HttpHeaders make(const QList<QByteArray> &lines)
{
    HttpHeaders headers;
    for (const QByteArray &line : lines)
        QTest::qVerify(headers.addFieldLine(line), "addFieldLine", line.constData(), __FILE__,
                       __LINE__);
    return headers;
}

struct Outcome
{
    qsizetype used = 0;
    bool complete = false;
    bool error = false;
};

// Feeds data in pieces of at most 'piece' bytes and stops once the framer takes less than it got.
Outcome feedInPieces(HttpBodyFramer &framer, const QByteArray &data, qsizetype piece)
{
    Outcome out;
    while (out.used < data.size()) {
        const qsizetype n = qMin(piece, data.size() - out.used);
        const qsizetype taken = framer.feed(data.constData() + out.used, n);
        out.used += taken;
        if (taken < n)
            break;
    }
    out.complete = framer.isComplete();
    out.error = framer.hasError();
    return out;
}

} // namespace

class TestHttpBodyFramer : public QObject
{
    Q_OBJECT

private slots:
    void defaultIsNone();
    void forRequest_data();
    void forRequest();
    void forResponse_data();
    void forResponse();
    void contentLengthExact_data();
    void contentLengthExact();
    void untilClose();
    void chunked_data();
    void chunked();
    void chunkedEverySplit();
    void decodesPayload();
    void chunkedErrors_data();
    void chunkedErrors();
    void chunkLineLimit_data();
    void chunkLineLimit();
    void transferEncoding_data();
    void transferEncoding();
};

void TestHttpBodyFramer::defaultIsNone()
{
    HttpBodyFramer framer;
    QCOMPARE(framer.kind(), HttpBodyFramer::Kind::None);
    QVERIFY(framer.isComplete());
    QVERIFY(!framer.hasError());
    QCOMPARE(framer.feed("GET", 3), 0);
    QCOMPARE(framer.payloadBytes(), quint64(0));
}

void TestHttpBodyFramer::forRequest_data()
{
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<HttpBodyFramer::Kind>("kind");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QByteArray>("error");

    QTest::addRow("no body") << QList<QByteArray>{"Host: a"} << HttpBodyFramer::Kind::None << true
                             << QByteArray();
    QTest::addRow("length") << QList<QByteArray>{"Content-Length: 10"}
                            << HttpBodyFramer::Kind::Length << false << QByteArray();
    QTest::addRow("length zero") << QList<QByteArray>{"Content-Length: 0"}
                                 << HttpBodyFramer::Kind::Length << true << QByteArray();
    QTest::addRow("chunked") << QList<QByteArray>{"Transfer-Encoding: chunked"}
                             << HttpBodyFramer::Kind::Chunked << false << QByteArray();
    QTest::addRow("gzip then chunked")
        << QList<QByteArray>{"Transfer-Encoding: gzip", "Transfer-Encoding: CHUNKED"}
        << HttpBodyFramer::Kind::Chunked << false << QByteArray();
    QTest::addRow("not ending in chunked")
        << QList<QByteArray>{"Transfer-Encoding: chunked, gzip"} << HttpBodyFramer::Kind::Chunked
        << false << QByteArray("request Transfer-Encoding does not end in chunked");
    QTest::addRow("both") << QList<QByteArray>{"Transfer-Encoding: chunked", "Content-Length: 3"}
                          << HttpBodyFramer::Kind::Chunked << false
                          << QByteArray("both Transfer-Encoding and Content-Length");
    QTest::addRow("bad length") << QList<QByteArray>{"Content-Length: x"}
                                << HttpBodyFramer::Kind::Length << false
                                << QByteArray("invalid or conflicting Content-Length");
}

void TestHttpBodyFramer::forRequest()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(HttpBodyFramer::Kind, kind);
    QFETCH(bool, complete);
    QFETCH(QByteArray, error);

    HttpRequestHead head;
    head.method = "POST";
    head.headers = make(headers);
    HttpBodyFramer framer = HttpBodyFramer::forRequest(head);
    QCOMPARE(framer.kind(), kind);
    QCOMPARE(framer.isComplete(), complete);
    QCOMPARE(framer.hasError(), !error.isEmpty());
    QCOMPARE(framer.errorText(), error);
    if (framer.hasError())
        QCOMPARE(framer.feed("0\r\n\r\n", 5), 0);
}

void TestHttpBodyFramer::forResponse_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<HttpBodyFramer::Kind>("kind");
    QTest::addColumn<bool>("error");

    const QList<QByteArray> length{"Content-Length: 5"};
    const QList<QByteArray> chunked{"Transfer-Encoding: chunked"};
    QTest::addRow("HEAD with length")
        << QByteArray("HEAD") << 200 << length << HttpBodyFramer::Kind::None << false;
    QTest::addRow("HEAD with chunked")
        << QByteArray("HEAD") << 200 << chunked << HttpBodyFramer::Kind::None << false;
    QTest::addRow("100") << QByteArray("GET") << 100 << QList<QByteArray>{}
                         << HttpBodyFramer::Kind::None << false;
    QTest::addRow("101") << QByteArray("GET") << 101 << QList<QByteArray>{"Upgrade: websocket"}
                         << HttpBodyFramer::Kind::None << false;
    QTest::addRow("103 with length")
        << QByteArray("GET") << 103 << length << HttpBodyFramer::Kind::None << false;
    QTest::addRow("204 with length")
        << QByteArray("GET") << 204 << length << HttpBodyFramer::Kind::None << false;
    QTest::addRow("304 with length")
        << QByteArray("GET") << 304 << length << HttpBodyFramer::Kind::None << false;
    QTest::addRow("CONNECT 200") << QByteArray("CONNECT") << 200 << QList<QByteArray>{}
                                 << HttpBodyFramer::Kind::None << false;
    QTest::addRow("CONNECT 407") << QByteArray("CONNECT") << 407 << length
                                 << HttpBodyFramer::Kind::Length << false;
    QTest::addRow("200 length") << QByteArray("GET") << 200 << length
                                << HttpBodyFramer::Kind::Length << false;
    QTest::addRow("200 chunked") << QByteArray("POST") << 200 << chunked
                                 << HttpBodyFramer::Kind::Chunked << false;
    QTest::addRow("200 nothing") << QByteArray("GET") << 200 << QList<QByteArray>{}
                                 << HttpBodyFramer::Kind::UntilClose << false;
    QTest::addRow("200 gzip only")
        << QByteArray("GET") << 200 << QList<QByteArray>{"Transfer-Encoding: gzip"}
        << HttpBodyFramer::Kind::UntilClose << false;
    QTest::addRow("205 length") << QByteArray("GET") << 205 << length
                                << HttpBodyFramer::Kind::Length << false;
    QTest::addRow("both") << QByteArray("GET") << 200
                          << QList<QByteArray>{"Content-Length: 5", "Transfer-Encoding: chunked"}
                          << HttpBodyFramer::Kind::Chunked << true;
}

void TestHttpBodyFramer::forResponse()
{
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    QFETCH(QList<QByteArray>, headers);
    QFETCH(HttpBodyFramer::Kind, kind);
    QFETCH(bool, error);

    HttpResponseHead head;
    head.status = status;
    head.headers = make(headers);
    const HttpBodyFramer framer = HttpBodyFramer::forResponse(method, head);
    QCOMPARE(framer.kind(), kind);
    QCOMPARE(framer.hasError(), error);
    QCOMPARE(framer.isComplete(), kind == HttpBodyFramer::Kind::None);
}

void TestHttpBodyFramer::contentLengthExact_data()
{
    QTest::addColumn<qsizetype>("piece");

    QTest::addRow("one call") << qsizetype(1 << 20);
    QTest::addRow("byte at a time") << qsizetype(1);
    QTest::addRow("pieces of 4") << qsizetype(4);
}

void TestHttpBodyFramer::contentLengthExact()
{
    QFETCH(qsizetype, piece);

    HttpBodyFramer framer(HttpBodyFramer::Kind::Length, 10);
    QVERIFY(!framer.isComplete());
    const Outcome out = feedInPieces(framer, "0123456789GET / HTTP/1.1", piece);
    QCOMPARE(out.used, 10);
    QVERIFY(out.complete);
    QVERIFY(!out.error);
    QCOMPARE(framer.payloadBytes(), quint64(10));
    QCOMPARE(framer.feed("x", 1), 0);
}

void TestHttpBodyFramer::untilClose()
{
    HttpBodyFramer framer(HttpBodyFramer::Kind::UntilClose);
    QVERIFY(!framer.isComplete());
    QCOMPARE(framer.feed("abc", 3), 3);
    QCOMPARE(framer.feed("0\r\n\r\n", 5), 5);
    QVERIFY(!framer.isComplete());
    QVERIFY(!framer.hasError());
    QCOMPARE(framer.payloadBytes(), quint64(8));
}

void TestHttpBodyFramer::chunked_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<quint64>("payload");

    QTest::addRow("empty") << QByteArray("0\r\n\r\n") << quint64(0);
    QTest::addRow("two chunks") << QByteArray("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
                                << quint64(12);
    QTest::addRow("hex sizes") << "a\r\n" + QByteArray(10, 'x') + "\r\nFf\r\n" +
                                      QByteArray(255, 'y') + "\r\n0\r\n\r\n"
                               << quint64(265);
    QTest::addRow("leading zeros") << QByteArray("0003\r\nabc\r\n000\r\n\r\n") << quint64(3);
    QTest::addRow("data looks like framing")
        << QByteArray("5\r\n0\r\n\r\n\r\n0\r\n\r\n") << quint64(5);
    QTest::addRow("extensions")
        << QByteArray("3;name=value\r\nabc\r\n2 ; a ; b=\"q;uo\\\"ted\"\r\nde\r\n0;last\r\n\r\n")
        << quint64(5);
    QTest::addRow("trailers") << QByteArray("1\r\nz\r\n0\r\nChecksum: abc\r\nX-T:\t1\r\n\r\n")
                              << quint64(1);
    QTest::addRow("16 hex digits")
        << QByteArray("0000000000000001\r\nq\r\n0\r\n\r\n") << quint64(1);
}

void TestHttpBodyFramer::chunked()
{
    QFETCH(QByteArray, body);
    QFETCH(quint64, payload);

    const QByteArray data = body + "GET / HTTP/1.1\r\n\r\n";
    for (const qsizetype piece : {qsizetype(1), qsizetype(2), qsizetype(5), data.size()}) {
        HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
        const Outcome out = feedInPieces(framer, data, piece);
        QVERIFY2(!out.error, framer.errorText().constData());
        QVERIFY(out.complete);
        QCOMPARE(out.used, body.size());
        QCOMPARE(framer.payloadBytes(), payload);
    }
}

void TestHttpBodyFramer::decodesPayload()
{
    const QByteArray chunked =
        "4;x=y\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nT: v\r\n\r\nNEXT";
    for (qsizetype cut = 0; cut <= chunked.size(); ++cut) {
        HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
        QByteArray payload;
        qsizetype used = framer.feed(chunked.constData(), cut, &payload);
        if (used == cut && !framer.isComplete())
            framer.feed(chunked.constData() + cut, chunked.size() - cut, &payload);
        QVERIFY(framer.isComplete());
        QCOMPARE(payload, QByteArray("Wikipedia in\r\n\r\nchunks."));
    }
    HttpBodyFramer length(HttpBodyFramer::Kind::Length, 5);
    QByteArray payload;
    QCOMPARE(length.feed("helloNEXT", 9, &payload), 5);
    QCOMPARE(payload, QByteArray("hello"));
    HttpBodyFramer untilClose(HttpBodyFramer::Kind::UntilClose);
    payload.clear();
    untilClose.feed("abc", 3, &payload);
    QCOMPARE(payload, QByteArray("abc"));
}

void TestHttpBodyFramer::chunkedEverySplit()
{
    const QByteArray body =
        "4;x=y\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nT: v\r\n\r\n";
    const QByteArray data = body + "NEXT";
    for (qsizetype cut = 0; cut <= data.size(); ++cut) {
        HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
        qsizetype used = framer.feed(data.constData(), cut);
        if (used == cut && !framer.isComplete())
            used += framer.feed(data.constData() + cut, data.size() - cut);
        QVERIFY(!framer.hasError());
        QVERIFY(framer.isComplete());
        QCOMPARE(used, body.size());
        QCOMPARE(framer.payloadBytes(), quint64(23));
    }
}

void TestHttpBodyFramer::chunkedErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qsizetype>("used");
    QTest::addColumn<QByteArray>("error");

    QTest::addRow("no digits") << QByteArray("\r\n") << qsizetype(0)
                               << QByteArray("malformed chunk size");
    QTest::addRow("not hex") << QByteArray("g\r\n") << qsizetype(0)
                             << QByteArray("malformed chunk size");
    QTest::addRow("sign") << QByteArray("+5\r\n") << qsizetype(0)
                          << QByteArray("malformed chunk size");
    QTest::addRow("0x prefix") << QByteArray("0x5\r\n") << qsizetype(1)
                               << QByteArray("malformed chunk size");
    QTest::addRow("17 hex digits") << QByteArray("10000000000000000\r\n") << qsizetype(16)
                                   << QByteArray("chunk size too large");
    QTest::addRow("trailing space")
        << QByteArray("5 \r\nhello\r\n") << qsizetype(2) << QByteArray("malformed chunk extension");
    QTest::addRow("bare LF after size")
        << QByteArray("5\nhello\r\n") << qsizetype(1) << QByteArray("malformed chunk size");
    QTest::addRow("CR without LF") << QByteArray("5\rhello\r\n") << qsizetype(2)
                                   << QByteArray("chunk size line not ended by CRLF");
    QTest::addRow("control in extension")
        << QByteArray("5;a\x01\r\n") << qsizetype(3) << QByteArray("malformed chunk extension");
    QTest::addRow("data too long") << QByteArray("3\r\nabcd\r\n") << qsizetype(6)
                                   << QByteArray("chunk data not followed by CRLF");
    QTest::addRow("data then bare LF") << QByteArray("3\r\nabc\n0\r\n\r\n") << qsizetype(6)
                                       << QByteArray("chunk data not followed by CRLF");
    QTest::addRow("obs-fold trailer") << QByteArray("0\r\nA: 1\r\n continued\r\n\r\n")
                                      << qsizetype(9) << QByteArray("malformed trailer line");
    QTest::addRow("NUL in trailer") << QByteArray("0\r\nA: \0\r\n\r\n", 11) << qsizetype(6)
                                    << QByteArray("malformed trailer line");
    QTest::addRow("trailer bare LF")
        << QByteArray("0\r\nA: 1\n\r\n") << qsizetype(7) << QByteArray("malformed trailer line");
    QTest::addRow("final bare LF")
        << QByteArray("0\r\n\n") << qsizetype(3) << QByteArray("malformed trailer line");
    QTest::addRow("final CR then junk")
        << QByteArray("0\r\n\rX") << qsizetype(4) << QByteArray("chunked body not ended by CRLF");
}

void TestHttpBodyFramer::chunkedErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(qsizetype, used);
    QFETCH(QByteArray, error);

    for (const qsizetype piece : {qsizetype(1), body.size()}) {
        HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
        const Outcome out = feedInPieces(framer, body, piece);
        QVERIFY(out.error);
        QVERIFY(!out.complete);
        QCOMPARE(framer.errorText(), error);
        QCOMPARE(out.used, used);
        QCOMPARE(framer.feed("0\r\n\r\n", 5), 0);
    }
}

void TestHttpBodyFramer::chunkLineLimit_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("error"); // empty: accepted

    const int max = int(HttpBodyFramer::MaxLineBytes);
    const QByteArray ext8k = "1;" + QByteArray(max - 2, 'e'); // line content exactly max
    QTest::addRow("size line at max") << ext8k + "\r\nx\r\n0\r\n\r\n" << QByteArray();
    QTest::addRow("size line over max") << ext8k + "e\r\nx\r\n0\r\n\r\n"
                                        << QByteArray("chunk size line too long");
    // Lines of every chunk count separately.
    QTest::addRow("each size line at max") << ext8k + "\r\nx\r\n" + ext8k + "\r\ny\r\n0\r\n\r\n"
                                           << QByteArray();
    const QByteArray trailer = "T: " + QByteArray(max / 2 - 3, 't');
    QTest::addRow("trailers at max") << "0\r\n" + trailer + "\r\n" + trailer + "\r\n\r\n"
                                     << QByteArray();
    QTest::addRow("trailers over max") << "0\r\n" + trailer + "\r\n" + trailer + "t\r\n\r\n"
                                       << QByteArray("trailer section too long");
}

void TestHttpBodyFramer::chunkLineLimit()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, error);

    HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
    const qsizetype used = framer.feed(body.constData(), body.size());
    QCOMPARE(framer.errorText(), error);
    QCOMPARE(framer.isComplete(), error.isEmpty());
    if (error.isEmpty())
        QCOMPARE(used, body.size());
}

void TestHttpBodyFramer::transferEncoding_data()
{
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<int>("expected");

    using TE = HttpBodyFramer::TransferEncoding;
    QTest::addRow("absent") << QList<QByteArray>{"Content-Length: 1"} << int(TE::Absent);
    QTest::addRow("chunked") << QList<QByteArray>{"Transfer-Encoding: chunked"} << int(TE::Chunked);
    QTest::addRow("known then chunked")
        << QList<QByteArray>{"Transfer-Encoding: x-gzip, deflate,chunked"} << int(TE::Chunked);
    QTest::addRow("empty elements")
        << QList<QByteArray>{"Transfer-Encoding: ,chunked,"} << int(TE::Chunked);
    QTest::addRow("unknown then chunked")
        << QList<QByteArray>{"Transfer-Encoding: br, chunked"} << int(TE::UnknownCoding);
    QTest::addRow("gzip") << QList<QByteArray>{"Transfer-Encoding: gzip"} << int(TE::NotChunked);
    QTest::addRow("chunked then gzip")
        << QList<QByteArray>{"Transfer-Encoding: chunked", "Transfer-Encoding: gzip"}
        << int(TE::NotChunked);
    QTest::addRow("empty") << QList<QByteArray>{"Transfer-Encoding:"} << int(TE::Invalid);
    QTest::addRow("chunked twice")
        << QList<QByteArray>{"Transfer-Encoding: chunked, chunked"} << int(TE::Invalid);
    QTest::addRow("chunked with parameter")
        << QList<QByteArray>{"Transfer-Encoding: chunked;q=1"} << int(TE::Invalid);
    QTest::addRow("not a token") << QList<QByteArray>{"Transfer-Encoding: \"chunked\""}
                                 << int(TE::Invalid);
}

void TestHttpBodyFramer::transferEncoding()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(int, expected);

    QCOMPARE(int(HttpBodyFramer::transferEncoding(make(headers))), expected);
}

QTEST_GUILESS_MAIN(TestHttpBodyFramer)
#include "tst_httpbodyframer.moc"
