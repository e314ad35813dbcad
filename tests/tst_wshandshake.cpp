#include <QtTest>

#include "http/httpheaders.h"
#include "http/httprequestparser.h"
#include "ws/wshandshake.h"

namespace {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The client handshake of RFC 6455 §1.3.
HeaderList rfcHeaders()
{
    return {{"Host", "server.example.com"},   {"Upgrade", "websocket"},
            {"Connection", "Upgrade"},        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
            {"Origin", "http://example.com"}, {"Sec-WebSocket-Protocol", "chat, superchat"},
            {"Sec-WebSocket-Version", "13"}};
}

HeaderList without(HeaderList headers, const QByteArray &name)
{
    headers.removeIf([&](const auto &h) { return HttpHeaders::equalsIgnoreCase(h.first, name); });
    return headers;
}

HeaderList replaced(const HeaderList &headers, const QByteArray &name, const QByteArray &value)
{
    return without(headers, name) << qMakePair(name, value);
}

HeaderList plus(HeaderList headers, const QByteArray &name, const QByteArray &value)
{
    return headers << qMakePair(name, value);
}

HttpRequestHead head(const HeaderList &headers, const QByteArray &method = "GET",
                     int versionMinor = 1)
{
    HttpRequestHead request;
    request.method = method;
    request.target = "/chat";
    request.versionMinor = versionMinor;
    for (const auto &h : headers)
        request.headers.add(h.first, h.second);
    return request;
}

HttpHeaders headers(const HeaderList &list)
{
    HttpHeaders out;
    for (const auto &h : list)
        out.add(h.first, h.second);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(HttpRequestHead)
Q_DECLARE_METATYPE(HttpHeaders)

class TestWsHandshake : public QObject
{
    Q_OBJECT

private slots:
    void validate_data();
    void validate();
    void validateParsedRequest();
    void acceptResponse_data();
    void acceptResponse();
    void rejectResponse_data();
    void rejectResponse();
};

void TestWsHandshake::validate_data()
{
    QTest::addColumn<HttpRequestHead>("request");
    QTest::addColumn<int>("status"); // 0: valid
    QTest::addColumn<QByteArray>("error");

    const HeaderList rfc = rfcHeaders();
    QTest::addRow("rfc example") << head(rfc) << 0 << QByteArray();
    QTest::addRow("tokens case-insensitive and in lists")
        << head(
               replaced(replaced(rfc, "Upgrade", "WebSocket"), "Connection", "keep-alive, Upgrade"))
        << 0 << QByteArray();
    QTest::addRow("HTTP/1.2 is fine") << head(rfc, "GET", 2) << 0 << QByteArray();
    QTest::addRow("POST") << head(rfc, "POST") << 400 << QByteArray("GET");
    QTest::addRow("HTTP/1.0") << head(rfc, "GET", 0) << 400 << QByteArray("HTTP/1.1");
    QTest::addRow("missing Host") << head(without(rfc, "Host")) << 400
                                  << QByteArray("missing Host");
    QTest::addRow("missing Upgrade")
        << head(without(rfc, "Upgrade")) << 400 << QByteArray("missing Upgrade");
    QTest::addRow("Upgrade: h2c") << head(replaced(rfc, "Upgrade", "h2c")) << 400
                                  << QByteArray("missing Upgrade");
    QTest::addRow("missing Connection")
        << head(without(rfc, "Connection")) << 400 << QByteArray("missing Connection");
    QTest::addRow("Connection: keep-alive") << head(replaced(rfc, "Connection", "keep-alive"))
                                            << 400 << QByteArray("missing Connection");
    QTest::addRow("missing version") << head(without(rfc, "Sec-WebSocket-Version")) << 400
                                     << QByteArray("missing Sec-WebSocket-Version");
    QTest::addRow("version 8") << head(replaced(rfc, "Sec-WebSocket-Version", "8")) << 426
                               << QByteArray("Sec-WebSocket-Version");
    QTest::addRow("version list 13, 8") << head(replaced(rfc, "Sec-WebSocket-Version", "13, 8"))
                                        << 426 << QByteArray("Sec-WebSocket-Version");
    QTest::addRow("two version headers") << head(plus(rfc, "Sec-WebSocket-Version", "13")) << 426
                                         << QByteArray("Sec-WebSocket-Version");
    QTest::addRow("missing key") << head(without(rfc, "Sec-WebSocket-Key")) << 400
                                 << QByteArray("missing Sec-WebSocket-Key");
    QTest::addRow("two keys") << head(plus(rfc, "Sec-WebSocket-Key", "x3JJHMbDL1EzLkh9GBhXDw=="))
                              << 400 << QByteArray("more than one Sec-WebSocket-Key");
    QTest::addRow("key of 15 bytes")
        << head(replaced(rfc, "Sec-WebSocket-Key", QByteArray(15, 'k').toBase64())) << 400
        << QByteArray("16 base64");
    QTest::addRow("key of 17 bytes")
        << head(replaced(rfc, "Sec-WebSocket-Key", QByteArray(17, 'k').toBase64())) << 400
        << QByteArray("16 base64");
    QTest::addRow("key not base64")
        << head(replaced(rfc, "Sec-WebSocket-Key", "!!!!!!!!!!!!!!!!!!!!!!==")) << 400
        << QByteArray("16 base64");
    QTest::addRow("key without padding")
        << head(replaced(rfc, "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ")) << 400
        << QByteArray("16 base64");
    QTest::addRow("empty key") << head(replaced(rfc, "Sec-WebSocket-Key", "")) << 400
                               << QByteArray("16 base64");
}

void TestWsHandshake::validate()
{
    QFETCH(HttpRequestHead, request);
    QFETCH(int, status);
    QFETCH(QByteArray, error);

    int gotStatus = -1;
    QByteArray gotError = "untouched";
    QCOMPARE(WsHandshake::validate(request, &gotStatus, &gotError), status == 0);
    if (status != 0) {
        QCOMPARE(gotStatus, status);
        QVERIFY2(gotError.contains(error), gotError.constData());
    }
    // Null out-parameters are allowed.
    QCOMPARE(WsHandshake::validate(request, nullptr, nullptr), status == 0);
}

void TestWsHandshake::validateParsedRequest()
{
    // The way the broker gets heads: through HttpRequestParser.
    const QByteArray wire = "GET /chat HTTP/1.1\r\n"
                            "Host: server.example.com\r\n"
                            "Upgrade: websocket\r\n"
                            "Connection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n"
                            "\r\n";
    HttpRequestParser parser;
    qsizetype consumed = 0;
    QCOMPARE(parser.feed(wire.constData(), wire.size(), &consumed), HttpRequestParser::State::Done);
    QVERIFY(WsHandshake::validate(parser.head(), nullptr, nullptr));
    QVERIFY(WsHandshake::acceptResponse(parser.head())
                .contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
}

void TestWsHandshake::acceptResponse_data()
{
    QTest::addColumn<HttpRequestHead>("request");
    QTest::addColumn<HttpHeaders>("extra");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray rfcHead = "HTTP/1.1 101 Switching Protocols\r\n"
                               "Upgrade: websocket\r\n"
                               "Connection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n";
    QTest::addRow("rfc example") << head(rfcHeaders()) << HttpHeaders() << rfcHead + "\r\n";
    QTest::addRow("protocol chosen by a backend")
        << head(rfcHeaders()) << headers({{"Sec-WebSocket-Protocol", "chat"}})
        << rfcHead + "Sec-WebSocket-Protocol: chat\r\n\r\n";
    QTest::addRow("our headers are not overridden, extensions never negotiated")
        << head(rfcHeaders())
        << headers({{"connection", "close"},
                    {"Sec-WebSocket-Accept", "forged"},
                    {"Upgrade", "h2c"},
                    {"Sec-WebSocket-Extensions", "permessage-deflate"},
                    {"Set-Cookie", "a=b"}})
        << rfcHead + "Set-Cookie: a=b\r\n\r\n";
    QTest::addRow("other key") << head(replaced(rfcHeaders(), "Sec-WebSocket-Key",
                                                "x3JJHMbDL1EzLkh9GBhXDw=="))
                               << HttpHeaders()
                               << QByteArray(
                                      "HTTP/1.1 101 Switching Protocols\r\n"
                                      "Upgrade: websocket\r\n"
                                      "Connection: Upgrade\r\n"
                                      "Sec-WebSocket-Accept: HSmrc0sMlYUkAGmm5OPpG2HaGWk=\r\n\r\n");
}

void TestWsHandshake::acceptResponse()
{
    QFETCH(HttpRequestHead, request);
    QFETCH(HttpHeaders, extra);
    QFETCH(QByteArray, expected);

    QCOMPARE(WsHandshake::acceptResponse(request, extra), expected);
}

void TestWsHandshake::rejectResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<bool>("namesVersion");

    QTest::addRow("400") << 400 << QByteArray("HTTP/1.1 400 Bad Request\r\n") << false;
    QTest::addRow("426") << 426 << QByteArray("HTTP/1.1 426 Upgrade Required\r\n") << true;
}

void TestWsHandshake::rejectResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, statusLine);
    QFETCH(bool, namesVersion);

    const QByteArray response = WsHandshake::rejectResponse(status, "nope");
    QVERIFY2(response.startsWith(statusLine), response.constData());
    QVERIFY(response.endsWith("\r\n\r\nnope\n"));
    QVERIFY(response.contains("\r\nContent-Length: 5\r\n"));
    QVERIFY(response.contains("close"));
    QCOMPARE(response.contains("\r\nSec-WebSocket-Version: 13\r\n"), namesVersion);
    QCOMPARE(response.contains("\r\nUpgrade: websocket\r\n"), namesVersion);
}

QTEST_MAIN(TestWsHandshake)
#include "tst_wshandshake.moc"
