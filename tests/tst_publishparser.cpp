#include <QtTest>

#include "grip/publishparser.h"
#include "http/httpstatus.h"

namespace {

// Readable bytes for the expected strings: printable ASCII as is, the rest escaped, so a test row
// shows exactly which bytes an item carries.
QByteArray escaped(const QByteArray &bytes)
{
    QByteArray out = "\"";
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '"' || c == '\\')
            out += QByteArray("\\") + c;
        else if (u >= 0x20 && u < 0x7f)
            out += c;
        else
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
    }
    return out + "\"";
}

// Spelled out here rather than taken from publishActionName(), which the parser itself uses.
QByteArray name(HttpStreamFormat::Action a)
{
    switch (a) {
    case HttpStreamFormat::Action::Send:
        return "send";
    case HttpStreamFormat::Action::Hint:
        return "hint";
    case HttpStreamFormat::Action::Close:
        return "close";
    }
    return "?";
}

QByteArray name(HttpResponseFormat::Action a)
{
    return a == HttpResponseFormat::Action::Send ? "send" : "hint";
}

QByteArray name(WsMessageFormat::Action a)
{
    switch (a) {
    case WsMessageFormat::Action::Send:
        return "send";
    case WsMessageFormat::Action::Close:
        return "close";
    case WsMessageFormat::Action::Refresh:
        return "refresh";
    case WsMessageFormat::Action::Hint:
        return "hint";
    }
    return "?";
}

QByteArray name(WsMessageFormat::Type t)
{
    switch (t) {
    case WsMessageFormat::Type::Text:
        return "text";
    case WsMessageFormat::Type::Binary:
        return "binary";
    case WsMessageFormat::Type::Ping:
        return "ping";
    case WsMessageFormat::Type::Pong:
        return "pong";
    }
    return "?";
}

QByteArray describe(const PublishContentFilters &filters)
{
    return filters.isEmpty() ? QByteArray() : " filters=" + filters.join(',');
}

// Every field of an item, so a row's expected string pins down the whole parse result. Fields
// that do not apply to an action are printed only when set, so a stray value shows up too.
QByteArray describe(const PublishItem &item)
{
    QList<QByteArray> parts;
    parts << "channel=" + item.channel;
    if (!item.id.isEmpty())
        parts << "id=" + item.id;
    if (!item.prevId.isEmpty())
        parts << "prev-id=" + item.prevId;
    if (item.noSeq)
        parts << "no-seq";
    if (item.size != -1)
        parts << "size=" + QByteArray::number(item.size);
    for (const auto &m : item.meta)
        parts << "meta " + m.first + "=" + m.second;
    if (item.httpResponse) {
        const HttpResponseFormat &f = *item.httpResponse;
        QByteArray s = "response=" + name(f.action);
        if (f.action == HttpResponseFormat::Action::Send || f.code != 200 || !f.reason.isEmpty())
            s += " " + QByteArray::number(f.code) + " " + escaped(f.reason);
        for (const auto &h : f.headers)
            s += " [" + h.first + ": " + h.second + "]";
        if (f.action == HttpResponseFormat::Action::Send || !f.body.isEmpty())
            s += " " + escaped(f.body);
        parts << s + describe(f.contentFilters);
    }
    if (item.httpStream) {
        const HttpStreamFormat &f = *item.httpStream;
        QByteArray s = "stream=" + name(f.action);
        if (f.action == HttpStreamFormat::Action::Send || !f.content.isEmpty())
            s += " " + escaped(f.content);
        parts << s + describe(f.contentFilters);
    }
    if (item.wsMessage) {
        const WsMessageFormat &f = *item.wsMessage;
        QByteArray s = "ws=" + name(f.action);
        if (f.action == WsMessageFormat::Action::Send || f.type != WsMessageFormat::Type::Text ||
            !f.content.isEmpty()) {
            s += " " + name(f.type) + " " + escaped(f.content);
        }
        if (f.closeCode != -1 || !f.closeReason.isEmpty())
            s += " code=" + QByteArray::number(f.closeCode) + " " + escaped(f.closeReason);
        parts << s + describe(f.contentFilters);
    }
    return parts.join("; ");
}

QByteArray describe(const QList<PublishItem> &items)
{
    QList<QByteArray> parts;
    for (const PublishItem &item : items)
        parts << describe(item);
    return parts.join(" | ");
}

QByteArray quotedJson(const QByteArray &text)
{
    return "\"" + text + "\"";
}

// One item on channel c whose only format is `format`: {"<name>":{<fields>}}.
QByteArray oneItem(const QByteArray &format)
{
    return R"({"items":[{"channel":"c","formats":)" + format + "}]}";
}

constexpr qsizetype Limit = PublishParser::MaxContentBytes;

} // namespace

class TestPublishParser : public QObject
{
    Q_OBJECT

private slots:
    void valid_data();
    void valid();
    void errors_data();
    void errors();
    void sizeLimit_data();
    void sizeLimit();
    void configuredSizeLimit();
    void base64_data();
    void base64();
    void defaultReason_data();
    void defaultReason();
    void laterBadItemDeliversNothing();
    void contentIsShared();
    void valueEquality();
};

void TestPublishParser::valid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    // The seed's curl bodies, verbatim.
    QTest::addRow("seed: stream hello")
        << QByteArray(
               R"({"items":[{"channel":"test","formats":{"http-stream":{"content": "hello\n"}}}]})")
        << QByteArray(R"(channel=test; stream=send "hello\n")");
    QTest::addRow("seed: sse event with escaped JSON")
        << QByteArray(
               R"({"items":[{"channel":"test","formats":{"http-stream":{"content": "event: message\ndata: {\"text\": \"hello world\"}\n\n"}}}]})")
        << QByteArray(
               R"(channel=test; stream=send "event: message\ndata: {\"text\": \"hello world\"}\n\n")");
    QTest::addRow("seed: ws-message")
        << QByteArray(
               R"({"items":[{"channel":"test","formats":{"ws-message":{"content":"hello"}}}]})")
        << QByteArray(R"(channel=test; ws=send text "hello")");
    QTest::addRow("seed: ws-message pretty-printed")
        << QByteArray("{\n\"items\": [\n{\n\"channel\": \"test\",\n\"formats\": {\n\"ws-message\": "
                      "{\n\"content\": \"hello\"\n}\n}\n}\n]\n}\n")
        << QByteArray(R"(channel=test; ws=send text "hello")");

    // Item fields.
    QTest::addRow("every item field")
        << QByteArray(R"({"items":[{"channel":"news","id":"m2","prev-id":"m1","no-seq":true,)"
                      R"("size":12,"meta":{"b":"2","a":"1"},"formats":{"http-stream":)"
                      R"({"content":"x"}}}]})")
        << QByteArray(R"(channel=news; id=m2; prev-id=m1; no-seq; size=12; meta a=1; meta b=2; )"
                      R"(stream=send "x")");
    QTest::addRow("no-seq false, size 0")
        << QByteArray(R"({"items":[{"channel":"c","no-seq":false,"size":0,)"
                      R"("http-stream":{"content":"x"}}]})")
        << QByteArray(R"(channel=c; size=0; stream=send "x")");
    QTest::addRow("null optional fields are absent")
        << QByteArray(R"({"items":[{"channel":"c","id":null,"prev-id":null,"meta":null,)"
                      R"("no-seq":null,"size":null,"formats":{"http-stream":{"content":"x",)"
                      R"("action":null,"content-bin":null},"ws-message":null}}]})")
        << QByteArray(R"(channel=c; stream=send "x")");
    QTest::addRow("formats directly in the item")
        << QByteArray(R"({"items":[{"channel":"c","http-stream":{"content":"s"},)"
                      R"("http-response":{"body":"r"},"ws-message":{"content":"w"}}]})")
        << QByteArray(
               R"(channel=c; response=send 200 "OK" "r"; stream=send "s"; ws=send text "w")");
    QTest::addRow("formats object wins over keys in the item")
        << QByteArray(R"({"items":[{"channel":"c","formats":{"http-stream":{"content":"a"}},)"
                      R"("ws-message":{"content":"ignored"}}]})")
        << QByteArray(R"(channel=c; stream=send "a")");
    QTest::addRow("unknown format keys ignored beside a known one")
        << oneItem(R"({"http-stream":{"content":"a"},"fcm":{"notification":{}}})")
        << QByteArray(R"(channel=c; stream=send "a")");
    QTest::addRow("several items keep their order")
        << QByteArray(R"({"items":[{"channel":"b","http-stream":{"content":"1"}},)"
                      R"({"channel":"a","http-stream":{"content":"2"}},)"
                      R"({"channel":"b","http-stream":{"content":"3"}}]})")
        << QByteArray(R"(channel=b; stream=send "1" | channel=a; stream=send "2" | )"
                      R"(channel=b; stream=send "3")");

    // http-stream.
    QTest::addRow("stream: UTF-8 content")
        << oneItem(R"({"http-stream":{"content":"h\u00e9 \u2603"}})")
        << QByteArray(R"(channel=c; stream=send "h\xc3\xa9 \xe2\x98\x83")");
    QTest::addRow("stream: empty content") << oneItem(R"({"http-stream":{"content":""}})")
                                           << QByteArray(R"(channel=c; stream=send "")");
    QTest::addRow("stream: content-bin") << oneItem(R"({"http-stream":{"content-bin":"AGhp/w=="}})")
                                         << QByteArray(R"(channel=c; stream=send "\x00hi\xff")");
    QTest::addRow("stream: empty content-bin") << oneItem(R"({"http-stream":{"content-bin":""}})")
                                               << QByteArray(R"(channel=c; stream=send "")");
    QTest::addRow("stream: explicit send")
        << oneItem(R"({"http-stream":{"action":"send","content":"x"}})")
        << QByteArray(R"(channel=c; stream=send "x")");
    QTest::addRow("stream: hint") << oneItem(R"({"http-stream":{"action":"hint"}})")
                                  << QByteArray("channel=c; stream=hint");
    QTest::addRow("stream: close") << oneItem(R"({"http-stream":{"action":"close"}})")
                                   << QByteArray("channel=c; stream=close");
    // Pushpin reads no content for hint/close; a stale field must not fail the publish.
    QTest::addRow("stream: close ignores content fields")
        << oneItem(R"({"http-stream":{"action":"close","content":5,"content-bin":"!"}})")
        << QByteArray("channel=c; stream=close");
    QTest::addRow("stream: content-filters")
        << oneItem(R"({"http-stream":{"content":"x","content-filters":["skip-self","build-id"]}})")
        << QByteArray(R"(channel=c; stream=send "x" filters=skip-self,build-id)");

    // http-response.
    QTest::addRow("response: defaults")
        << oneItem(R"({"http-response":{"body":"done"}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" "done")");
    QTest::addRow("response: code gives the reason")
        << oneItem(R"({"http-response":{"code":404,"body":""}})")
        << QByteArray(R"(channel=c; response=send 404 "Not Found" "")");
    QTest::addRow("response: Pushpin's phrase for 413")
        << oneItem(R"({"http-response":{"code":413,"body":""}})")
        << QByteArray(R"(channel=c; response=send 413 "Request Entity Too Large" "")");
    QTest::addRow("response: unknown code")
        << oneItem(R"({"http-response":{"code":299,"body":""}})")
        << QByteArray(R"(channel=c; response=send 299 "Undefined Reason" "")");
    QTest::addRow("response: code 0")
        << oneItem(R"({"http-response":{"code":0,"body":""}})")
        << QByteArray(R"(channel=c; response=send 0 "Undefined Reason" "")");
    QTest::addRow("response: code 999")
        << oneItem(R"({"http-response":{"code":999,"body":""}})")
        << QByteArray(R"(channel=c; response=send 999 "Undefined Reason" "")");
    QTest::addRow("response: code written as 2.0e2")
        << oneItem(R"({"http-response":{"code":2.0e2,"body":""}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" "")");
    QTest::addRow("response: own reason")
        << oneItem(R"({"http-response":{"code":200,"reason":"Fine\tThanks","body":""}})")
        << QByteArray("channel=c; response=send 200 \"Fine\\x09Thanks\" \"\"");
    QTest::addRow("response: empty reason gets the default")
        << oneItem(R"({"http-response":{"code":201,"reason":"","body":""}})")
        << QByteArray(R"(channel=c; response=send 201 "Created" "")");
    QTest::addRow("response: headers as an object, sorted by name")
        << oneItem(R"({"http-response":{"headers":{"X-B":"2","Content-Type":"text/plain",)"
                   R"("A-First":"1"},"body":"x"}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" [A-First: 1] [Content-Type: text/plain])"
                      R"( [X-B: 2] "x")");
    QTest::addRow("response: headers as pairs, order and repeats kept")
        << oneItem(R"({"http-response":{"headers":[["X-B","2"],["X-A","1"],["X-B","3"]],)"
                   R"("body":"x"}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" [X-B: 2] [X-A: 1] [X-B: 3] "x")");
    QTest::addRow("response: empty headers")
        << oneItem(R"({"http-response":{"headers":[],"body":"x"}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" "x")");
    QTest::addRow("response: header value with tab and obs-text")
        << oneItem(R"({"http-response":{"headers":{"X-A":"a\tb \u00e9"},"body":""}})")
        << QByteArray("channel=c; response=send 200 \"OK\" [X-A: a\tb \xc3\xa9] \"\"");
    QTest::addRow("response: body-bin")
        << oneItem(R"({"http-response":{"code":503,"body-bin":"eyJ4IjoxfQ=="}})")
        << QByteArray(R"(channel=c; response=send 503 "Service Unavailable" "{\"x\":1}")");
    QTest::addRow("response: hint") << oneItem(R"({"http-response":{"action":"hint"}})")
                                    << QByteArray("channel=c; response=hint");
    QTest::addRow("response: content-filters")
        << oneItem(R"({"http-response":{"body":"x","content-filters":["var-subst"]}})")
        << QByteArray(R"(channel=c; response=send 200 "OK" "x" filters=var-subst)");

    // ws-message.
    QTest::addRow("ws: content-bin is binary")
        << oneItem(R"({"ws-message":{"content-bin":"AAEC"}})")
        << QByteArray(R"(channel=c; ws=send binary "\x00\x01\x02")");
    QTest::addRow("ws: type binary overrides content")
        << oneItem(R"({"ws-message":{"type":"binary","content":"hi"}})")
        << QByteArray(R"(channel=c; ws=send binary "hi")");
    QTest::addRow("ws: type text overrides content-bin")
        << oneItem(R"({"ws-message":{"type":"text","content-bin":"aGk="}})")
        << QByteArray(R"(channel=c; ws=send text "hi")");
    QTest::addRow("ws: ping without content") << oneItem(R"({"ws-message":{"type":"ping"}})")
                                              << QByteArray(R"(channel=c; ws=send ping "")");
    QTest::addRow("ws: pong with 125 bytes")
        << oneItem(R"({"ws-message":{"type":"pong","content":")" + QByteArray(125, 'p') + R"("}})")
        << QByteArray(R"(channel=c; ws=send pong ")" + QByteArray(125, 'p') + R"(")");
    QTest::addRow("ws: close without code")
        << oneItem(R"({"ws-message":{"action":"close"}})") << QByteArray("channel=c; ws=close");
    QTest::addRow("ws: close with code and reason")
        << oneItem(R"({"ws-message":{"action":"close","code":1013,"reason":"try later"}})")
        << QByteArray(R"(channel=c; ws=close code=1013 "try later")");
    QTest::addRow("ws: close 1000") << oneItem(R"({"ws-message":{"action":"close","code":1000}})")
                                    << QByteArray(R"(channel=c; ws=close code=1000 "")");
    QTest::addRow("ws: close 1003") << oneItem(R"({"ws-message":{"action":"close","code":1003}})")
                                    << QByteArray(R"(channel=c; ws=close code=1003 "")");
    QTest::addRow("ws: close 1007") << oneItem(R"({"ws-message":{"action":"close","code":1007}})")
                                    << QByteArray(R"(channel=c; ws=close code=1007 "")");
    QTest::addRow("ws: close 1014") << oneItem(R"({"ws-message":{"action":"close","code":1014}})")
                                    << QByteArray(R"(channel=c; ws=close code=1014 "")");
    QTest::addRow("ws: close 3000") << oneItem(R"({"ws-message":{"action":"close","code":3000}})")
                                    << QByteArray(R"(channel=c; ws=close code=3000 "")");
    QTest::addRow("ws: close 4999") << oneItem(R"({"ws-message":{"action":"close","code":4999}})")
                                    << QByteArray(R"(channel=c; ws=close code=4999 "")");
    QTest::addRow("ws: close reason of 123 bytes")
        << oneItem(R"({"ws-message":{"action":"close","code":1001,"reason":")" +
                   QByteArray(123, 'r') + R"("}})")
        << QByteArray(R"(channel=c; ws=close code=1001 ")" + QByteArray(123, 'r') + R"(")");
    QTest::addRow("ws: close ignores content")
        << oneItem(R"({"ws-message":{"action":"close","content":"bye"}})")
        << QByteArray("channel=c; ws=close");
    QTest::addRow("ws: refresh") << oneItem(R"({"ws-message":{"action":"refresh"}})")
                                 << QByteArray("channel=c; ws=refresh");
    QTest::addRow("ws: hint") << oneItem(R"({"ws-message":{"action":"hint"}})")
                              << QByteArray("channel=c; ws=hint");
    QTest::addRow("ws: content-filters")
        << oneItem(R"({"ws-message":{"content":"x","content-filters":[]}})")
        << QByteArray(R"(channel=c; ws=send text "x")");
}

void TestPublishParser::valid()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);

    const PublishParseResult result = PublishParser::parse(json);
    QCOMPARE(result.error, QString());
    QVERIFY(result.ok());
    QCOMPARE(describe(result.items), expected);
}

void TestPublishParser::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    const QString stream = QStringLiteral("items[0].formats.http-stream");
    const QString response = QStringLiteral("items[0].formats.http-response");
    const QString ws = QStringLiteral("items[0].formats.ws-message");
    const QString closeCodes = QStringLiteral("is not a valid close code (1000-1003, 1007-1014 or "
                                              "3000-4999)");

    // The request as a whole.
    QTest::addRow("empty body") << QByteArray() << "invalid JSON at offset 0: illegal value";
    QTest::addRow("truncated JSON")
        << QByteArray(R"({"items":[{"chan)") << "invalid JSON at offset 17: unterminated string";
    QTest::addRow("bad JSON at offset 17")
        << QByteArray(R"({"items":[{"a":1x]})") << "invalid JSON at offset 17: unterminated object";
    QTest::addRow("array at the top") << QByteArray("[]") << "expected a JSON object";
    QTest::addRow("no items") << QByteArray("{}") << R"(missing "items" array)";
    QTest::addRow("items null") << QByteArray(R"({"items":null})") << R"(missing "items" array)";
    QTest::addRow("items an object")
        << QByteArray(R"({"items":{}})") << R"("items" is not an array)";
    QTest::addRow("items empty") << QByteArray(R"({"items":[]})") << R"("items" is empty)";

    // Item fields.
    QTest::addRow("item not an object")
        << QByteArray(R"({"items":["c"]})") << "items[0]: expected an object";
    QTest::addRow("no channel") << QByteArray(R"({"items":[{"http-stream":{"content":"x"}}]})")
                                << R"(items[0]: missing "channel")";
    QTest::addRow("channel null")
        << QByteArray(R"({"items":[{"channel":null,"http-stream":{"content":"x"}}]})")
        << R"(items[0]: missing "channel")";
    QTest::addRow("channel a number")
        << QByteArray(R"({"items":[{"channel":5,"http-stream":{"content":"x"}}]})")
        << "items[0].channel: expected a string";
    QTest::addRow("channel empty")
        << QByteArray(R"({"items":[{"channel":"","http-stream":{"content":"x"}}]})")
        << "items[0].channel: must not be empty";
    QTest::addRow("id a number")
        << QByteArray(R"({"items":[{"channel":"c","id":1,"http-stream":{"content":"x"}}]})")
        << "items[0].id: expected a string";
    QTest::addRow("prev-id a bool")
        << QByteArray(R"({"items":[{"channel":"c","prev-id":true,"http-stream":{"content":"x"}}]})")
        << "items[0].prev-id: expected a string";
    QTest::addRow("no format") << QByteArray(R"({"items":[{"channel":"c"}]})")
                               << R"(items[0]: no format (expected "http-response", "http-stream" )"
                                  R"(or "ws-message"))";
    QTest::addRow("empty formats")
        << QByteArray(R"({"items":[{"channel":"c","formats":{}}]})")
        << R"(items[0].formats: no format (expected "http-response", "http-stream" or )"
           R"("ws-message"))";
    QTest::addRow("only an unknown format")
        << oneItem(R"({"fcm":{}})")
        << R"(items[0].formats: no format (expected "http-response", "http-stream" or )"
           R"("ws-message"))";
    QTest::addRow("formats an array") << QByteArray(R"({"items":[{"channel":"c","formats":[]}]})")
                                      << "items[0].formats: expected an object";
    QTest::addRow("meta not an object")
        << QByteArray(R"({"items":[{"channel":"c","meta":[],"http-stream":{"content":"x"}}]})")
        << "items[0].meta: expected an object";
    QTest::addRow("meta value a number")
        << QByteArray(R"({"items":[{"channel":"c","meta":{"k":1},"http-stream":{"content":"x"}}]})")
        << "items[0].meta.k: expected a string";
    QTest::addRow("no-seq a string")
        << QByteArray(
               R"({"items":[{"channel":"c","no-seq":"true","http-stream":{"content":"x"}}]})")
        << "items[0].no-seq: expected a boolean";
    QTest::addRow("size negative")
        << QByteArray(R"({"items":[{"channel":"c","size":-1,"http-stream":{"content":"x"}}]})")
        << "items[0].size: -1 is outside 0-2147483647";
    QTest::addRow("size fractional")
        << QByteArray(R"({"items":[{"channel":"c","size":1.5,"http-stream":{"content":"x"}}]})")
        << "items[0].size: expected an integer";

    // http-stream.
    QTest::addRow("stream not an object")
        << oneItem(R"({"http-stream":"x"})") << stream + ": expected an object";
    QTest::addRow("stream without content")
        << oneItem(R"({"http-stream":{}})") << stream + R"(: missing "content" or "content-bin")";
    QTest::addRow("stream with both contents")
        << oneItem(R"({"http-stream":{"content":"a","content-bin":"YQ=="}})")
        << stream + R"(: both "content" and "content-bin" given, expected one)";
    QTest::addRow("stream content a number")
        << oneItem(R"({"http-stream":{"content":5}})") << stream + ".content: expected a string";
    QTest::addRow("stream content-bin an array") << oneItem(R"({"http-stream":{"content-bin":[]}})")
                                                 << stream + ".content-bin: expected a string";
    QTest::addRow("stream content-bin invalid, third item")
        << QByteArray(R"({"items":[{"channel":"a","http-stream":{"content":"1"}},)"
                      R"({"channel":"b","http-stream":{"content":"2"}},)"
                      R"({"channel":"c","formats":{"http-stream":{"content-bin":"aGk"}}}]})")
        << "items[2].formats.http-stream.content-bin: invalid base64";
    QTest::addRow("stream unknown action")
        << oneItem(R"({"http-stream":{"action":"bogus","content":"x"}})")
        << stream + R"(.action: unknown action "bogus" (expected send, hint or close))";
    QTest::addRow("stream refresh is not an http action")
        << oneItem(R"({"http-stream":{"action":"refresh"}})")
        << stream + R"(.action: unknown action "refresh" (expected send, hint or close))";
    QTest::addRow("stream action is case-sensitive")
        << oneItem(R"({"http-stream":{"action":"Close"}})")
        << stream + R"(.action: unknown action "Close" (expected send, hint or close))";
    QTest::addRow("stream action a number")
        << oneItem(R"({"http-stream":{"action":1}})") << stream + ".action: expected a string";
    QTest::addRow("long action is cut short in the message")
        << oneItem(R"({"http-stream":{"action":")" + QByteArray(100, 'a') + R"("}})")
        << stream + R"(.action: unknown action ")" + QString(40, QLatin1Char('a')) +
               R"(..." (expected send, hint or close))";
    QTest::addRow("stream content-filters not a list")
        << oneItem(R"({"http-stream":{"content":"x","content-filters":"skip-self"}})")
        << stream + ".content-filters: expected an array";
    QTest::addRow("stream content-filters element a number")
        << oneItem(R"({"http-stream":{"content":"x","content-filters":["a",1]}})")
        << stream + ".content-filters[1]: expected a string";
    QTest::addRow("format directly in the item names its path")
        << QByteArray(R"({"items":[{"channel":"c","http-stream":{"content":false}}]})")
        << "items[0].http-stream.content: expected a string";

    // http-response.
    QTest::addRow("response without body") << oneItem(R"({"http-response":{"code":200}})")
                                           << response + R"(: missing "body" or "body-bin")";
    QTest::addRow("response with both bodies")
        << oneItem(R"({"http-response":{"body":"a","body-bin":"YQ=="}})")
        << response + R"(: both "body" and "body-bin" given, expected one)";
    QTest::addRow("response body an object")
        << oneItem(R"({"http-response":{"body":{}}})") << response + ".body: expected a string";
    QTest::addRow("response body-bin invalid")
        << oneItem(R"({"http-response":{"body-bin":"a b="}})")
        << response + ".body-bin: invalid base64";
    QTest::addRow("response body-patch")
        << oneItem(R"({"http-response":{"body-patch":[{"op":"add","path":"/a","value":1}]}})")
        << response + ".body-patch: not supported";
    QTest::addRow("response close is not an action")
        << oneItem(R"({"http-response":{"action":"close"}})")
        << response + R"(.action: unknown action "close" (expected send or hint))";
    QTest::addRow("response code a string")
        << oneItem(R"({"http-response":{"code":"200","body":""}})")
        << response + ".code: expected an integer";
    QTest::addRow("response code fractional")
        << oneItem(R"({"http-response":{"code":200.5,"body":""}})")
        << response + ".code: expected an integer";
    QTest::addRow("response code a bool") << oneItem(R"({"http-response":{"code":true,"body":""}})")
                                          << response + ".code: expected an integer";
    QTest::addRow("response code 1000") << oneItem(R"({"http-response":{"code":1000,"body":""}})")
                                        << response + ".code: 1000 is outside 0-999";
    QTest::addRow("response code -1") << oneItem(R"({"http-response":{"code":-1,"body":""}})")
                                      << response + ".code: -1 is outside 0-999";
    QTest::addRow("response code huge") << oneItem(R"({"http-response":{"code":1e300,"body":""}})")
                                        << response + ".code: 1e+300 is outside 0-999";
    QTest::addRow("response reason a number")
        << oneItem(R"({"http-response":{"reason":7,"body":""}})")
        << response + ".reason: expected a string";
    QTest::addRow("response reason with CRLF")
        << oneItem(R"({"http-response":{"reason":"OK\r\nX-Injected: 1","body":""}})")
        << response + ".reason: contains a control character";
    QTest::addRow("response headers a string")
        << oneItem(R"({"http-response":{"headers":"X-A: 1","body":""}})")
        << response + ".headers: expected an object or an array";
    QTest::addRow("response header pair too short")
        << oneItem(R"({"http-response":{"headers":[["X-A"]],"body":""}})")
        << response + ".headers[0]: expected a [name, value] pair of strings";
    QTest::addRow("response header pair too long")
        << oneItem(R"({"http-response":{"headers":[["X-A","1"],["X-B","2","3"]],"body":""}})")
        << response + ".headers[1]: expected a [name, value] pair of strings";
    QTest::addRow("response header pair not a list")
        << oneItem(R"({"http-response":{"headers":["X-A: 1"],"body":""}})")
        << response + ".headers[0]: expected a [name, value] pair of strings";
    QTest::addRow("response header name a number")
        << oneItem(R"({"http-response":{"headers":[[1,"x"]],"body":""}})")
        << response + ".headers[0]: expected a [name, value] pair of strings";
    QTest::addRow("response header value a number in a pair")
        << oneItem(R"({"http-response":{"headers":[["X-A",1]],"body":""}})")
        << response + ".headers[0]: expected a string";
    QTest::addRow("response header value a number in an object")
        << oneItem(R"({"http-response":{"headers":{"X-A":1},"body":""}})")
        << response + ".headers.X-A: expected a string";
    QTest::addRow("response header name not a token")
        << oneItem(R"({"http-response":{"headers":{"Bad Name":"1"},"body":""}})")
        << response + R"(.headers.Bad Name: invalid header name "Bad Name")";
    QTest::addRow("response header name empty")
        << oneItem(R"({"http-response":{"headers":[["","1"]],"body":""}})")
        << response + R"(.headers[0]: invalid header name "")";
    QTest::addRow("response header value with LF")
        << oneItem(R"({"http-response":{"headers":{"X-A":"1\nX-B: 2"},"body":""}})")
        << response + ".headers.X-A: header value contains a control character";
    QTest::addRow("response header value with NUL")
        << oneItem(R"({"http-response":{"headers":[["X-A","1\u0000"]],"body":""}})")
        << response + ".headers[0]: header value contains a control character";

    // ws-message.
    QTest::addRow("ws without content")
        << oneItem(R"({"ws-message":{}})") << ws + R"(: missing "content" or "content-bin")";
    QTest::addRow("ws binary without content") << oneItem(R"({"ws-message":{"type":"binary"}})")
                                               << ws + R"(: missing "content" or "content-bin")";
    QTest::addRow("ws with both contents")
        << oneItem(R"({"ws-message":{"content":"a","content-bin":"YQ=="}})")
        << ws + R"(: both "content" and "content-bin" given, expected one)";
    QTest::addRow("ws unknown type") << oneItem(R"({"ws-message":{"type":"close","content":"x"}})")
                                     << ws + R"(.type: unknown type "close" (expected text, )"
                                             R"(binary, ping or pong))";
    QTest::addRow("ws type a number")
        << oneItem(R"({"ws-message":{"type":1,"content":"x"}})") << ws + ".type: expected a string";
    QTest::addRow("ws unknown action")
        << oneItem(R"({"ws-message":{"action":"nope"}})")
        << ws + R"(.action: unknown action "nope" (expected send, close, refresh or hint))";
    QTest::addRow("ws ping over 125 bytes")
        << oneItem(R"({"ws-message":{"type":"ping","content":")" + QByteArray(126, 'p') + R"("}})")
        << ws + ".content: 126 bytes exceeds the 125-byte limit";
    QTest::addRow("ws text from content-bin that is not UTF-8")
        << oneItem(R"({"ws-message":{"type":"text","content-bin":"/w=="}})")
        << ws + ".content-bin: not valid UTF-8, which a text message must be";
    QTest::addRow("ws content-bin invalid") << oneItem(R"({"ws-message":{"content-bin":"-_-_"}})")
                                            << ws + ".content-bin: invalid base64";
    QTest::addRow("ws close code a string")
        << oneItem(R"({"ws-message":{"action":"close","code":"1000"}})")
        << ws + ".code: expected an integer";
    QTest::addRow("ws close code fractional")
        << oneItem(R"({"ws-message":{"action":"close","code":1000.5}})")
        << ws + ".code: expected an integer";
    for (const int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        QTest::addRow("ws close code %d", code)
            << oneItem(R"({"ws-message":{"action":"close","code":)" + QByteArray::number(code) +
                       "}}")
            << ws + ".code: " + QString::number(code) + " " + closeCodes;
    }
    QTest::addRow("ws close reason without code")
        << oneItem(R"({"ws-message":{"action":"close","reason":"bye"}})")
        << ws + R"(.reason: a close reason needs a "code")";
    QTest::addRow("ws close reason a number")
        << oneItem(R"({"ws-message":{"action":"close","code":1000,"reason":1}})")
        << ws + ".reason: expected a string";
    QTest::addRow("ws close reason over 123 bytes")
        << oneItem(R"({"ws-message":{"action":"close","code":1000,"reason":")" +
                   QByteArray(124, 'r') + R"("}})")
        << ws + ".reason: 124 bytes exceeds the 123-byte limit";

    // The brief's example, with the item before it valid.
    QTest::addRow("body over the limit in the second item")
        << QByteArray(R"({"items":[{"channel":"a","http-stream":{"content":"ok"}},)"
                      R"({"channel":"b","formats":{"http-response":{"body":")" +
                      QByteArray(70000, 'b') + R"("}}}]})")
        << "items[1].formats.http-response.body: 70000 bytes exceeds the 65536-byte limit";
}

void TestPublishParser::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);

    const PublishParseResult result = PublishParser::parse(json);
    QCOMPARE(result.error, error);
    QVERIFY(!result.ok());
    QCOMPARE(result.items.size(), 0);
}

// The limit is on decoded bytes: 65,536 passes and 65,537 fails for every payload field, whether
// given as text (counted in UTF-8) or as base64.
void TestPublishParser::sizeLimit_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("payload"); // decoded bytes
    QTest::addColumn<bool>("binary");

    const QByteArray ascii = QByteArray(Limit, 'a');
    QByteArray twoByte; // U+00E9, two bytes in UTF-8
    for (qsizetype i = 0; i < Limit / 2; ++i)
        twoByte += "\xc3\xa9";
    QByteArray bytes(Limit, '\0');
    for (qsizetype i = 0; i < bytes.size(); ++i)
        bytes[i] = char(i * 7);

    const QList<QPair<QByteArray, QByteArray>> fields = {
        {"http-stream", "content"},
        {"http-response", "body"},
        {"ws-message", "content"},
    };
    for (const auto &[format, field] : fields) {
        const QByteArray bin = field + "-bin";
        QTest::addRow("%s.%s at the limit", format.constData(), field.constData())
            << format << field << ascii << false;
        QTest::addRow("%s.%s one over", format.constData(), field.constData())
            << format << field << ascii + 'a' << false;
        QTest::addRow("%s.%s at the limit in UTF-8", format.constData(), field.constData())
            << format << field << twoByte << false;
        QTest::addRow("%s.%s one over in UTF-8", format.constData(), field.constData())
            << format << field << twoByte + 'a' << false;
        QTest::addRow("%s.%s at the limit", format.constData(), bin.constData())
            << format << bin << bytes << true;
        QTest::addRow("%s.%s one over", format.constData(), bin.constData())
            << format << bin << bytes + 'x' << true;
        QTest::addRow("%s.%s two over", format.constData(), bin.constData())
            << format << bin << bytes + "xy" << true;
    }
}

void TestPublishParser::sizeLimit()
{
    QFETCH(QByteArray, format);
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, payload);
    QFETCH(bool, binary);

    const QByteArray value = binary ? payload.toBase64() : payload;
    const QByteArray json = oneItem("{" + quotedJson(format) + ":{" + quotedJson(field) + ":" +
                                    quotedJson(value) + "}}");
    const PublishParseResult result = PublishParser::parse(json);
    if (payload.size() <= Limit) {
        QCOMPARE(result.error, QString());
        QCOMPARE(result.items.size(), 1);
        const PublishItem &item = result.items.first();
        const QByteArray got = item.httpStream     ? item.httpStream->content
                               : item.httpResponse ? item.httpResponse->body
                                                   : item.wsMessage->content;
        QCOMPARE(got.size(), payload.size());
        QVERIFY(got == payload);
    } else {
        QCOMPARE(result.error, QStringLiteral("items[0].formats.%1.%2: %3 bytes exceeds the "
                                              "65536-byte limit")
                                   .arg(QString::fromLatin1(format), QString::fromLatin1(field))
                                   .arg(payload.size()));
        QCOMPARE(result.items.size(), 0);
    }
}

void TestPublishParser::configuredSizeLimit()
{
    const auto json = [](qsizetype size) {
        return oneItem(R"({"http-stream":{"content":")" + QByteArray(size, 'x') + R"("}})");
    };
    QCOMPARE(PublishParser::parse(json(10), 10).error, QString());
    QCOMPARE(PublishParser::parse(json(11), 10).error,
             QStringLiteral("items[0].formats.http-stream.content: 11 bytes exceeds the 10-byte "
                            "limit"));
    // 0 is Pushpin's behaviour: no limit.
    const PublishParseResult unlimited = PublishParser::parse(json(200'000), 0);
    QCOMPARE(unlimited.error, QString());
    QCOMPARE(unlimited.items.first().httpStream->content.size(), qsizetype(200'000));
}

void TestPublishParser::base64_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("decoded");

    QTest::addRow("empty") << QByteArray("") << true << QByteArray();
    QTest::addRow("two padding") << QByteArray("aA==") << true << QByteArray("h");
    QTest::addRow("one padding") << QByteArray("aGk=") << true << QByteArray("hi");
    QTest::addRow("no padding needed") << QByteArray("aGV5") << true << QByteArray("hey");
    QTest::addRow("plus and slash") << QByteArray("+/+/") << true << QByteArray("\xfb\xff\xbf");
    QTest::addRow("NUL and 0xff") << QByteArray("AP8=") << true << QByteArray("\0\xff", 2);
    QTest::addRow("padding missing") << QByteArray("aGk") << false << QByteArray();
    QTest::addRow("one padding too many") << QByteArray("aGk==") << false << QByteArray();
    QTest::addRow("padding in the middle") << QByteArray("aG=k") << false << QByteArray();
    QTest::addRow("three padding") << QByteArray("a===") << false << QByteArray();
    QTest::addRow("only padding") << QByteArray("====") << false << QByteArray();
    QTest::addRow("padded groups concatenated") << QByteArray("aGk=aGk=") << false << QByteArray();
    QTest::addRow("space") << QByteArray("aGVs bG8=") << false << QByteArray();
    QTest::addRow("trailing newline escape") << QByteArray("aGk=\\n") << false << QByteArray();
    QTest::addRow("base64url alphabet") << QByteArray("-_-_") << false << QByteArray();
    QTest::addRow("non-ASCII") << QByteArray("aGk\\u00e9") << false << QByteArray();
    QTest::addRow("dot") << QByteArray("aG.k") << false << QByteArray();
}

// Through ws-message so the decoded bytes come back exactly (binary, no UTF-8 check).
void TestPublishParser::base64()
{
    QFETCH(QByteArray, encoded);
    QFETCH(bool, valid);
    QFETCH(QByteArray, decoded);

    const PublishParseResult result =
        PublishParser::parse(oneItem(R"({"ws-message":{"content-bin":")" + encoded + R"("}})"));
    if (!valid) {
        QCOMPARE(result.error, QStringLiteral("items[0].formats.ws-message.content-bin: invalid "
                                              "base64"));
        QCOMPARE(result.items.size(), 0);
        return;
    }
    QCOMPARE(result.error, QString());
    QCOMPARE(result.items.size(), 1);
    QVERIFY(result.items.first().wsMessage);
    QCOMPARE(result.items.first().wsMessage->type, WsMessageFormat::Type::Binary);
    QCOMPARE(result.items.first().wsMessage->content, decoded);
}

void TestPublishParser::defaultReason_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");

    QTest::addRow("100") << 100 << QByteArray("Continue");
    QTest::addRow("200") << 200 << QByteArray("OK");
    QTest::addRow("204") << 204 << QByteArray("No Content");
    QTest::addRow("302") << 302 << QByteArray("Found");
    QTest::addRow("404") << 404 << QByteArray("Not Found");
    QTest::addRow("413") << 413 << QByteArray("Request Entity Too Large");
    QTest::addRow("414") << 414 << QByteArray("Request-URI Too Long");
    QTest::addRow("429") << 429 << QByteArray("Too Many Requests");
    QTest::addRow("500") << 500 << QByteArray("Internal Server Error");
    QTest::addRow("511") << 511 << QByteArray("Network Authentication Required");
    QTest::addRow("0") << 0 << QByteArray("Undefined Reason");
    QTest::addRow("418") << 418 << QByteArray("Undefined Reason");
    QTest::addRow("999") << 999 << QByteArray("Undefined Reason");
}

void TestPublishParser::defaultReason()
{
    QFETCH(int, code);
    QFETCH(QByteArray, reason);

    QCOMPARE(HttpStatus::pushpinReason(code), reason);
    // And the parser uses it for a response without a reason.
    const PublishParseResult result = PublishParser::parse(
        oneItem(R"({"http-response":{"code":)" + QByteArray::number(code) + R"(,"body":""}})"));
    QCOMPARE(result.error, QString());
    QCOMPARE(result.items.first().httpResponse->reason, reason);
}

// Nothing of a request is delivered when any part of it is bad, wherever the bad part is.
void TestPublishParser::laterBadItemDeliversNothing()
{
    QByteArray json = R"({"items":[)";
    for (int i = 0; i < 50; ++i)
        json += R"({"channel":"c","id":")" + QByteArray::number(i) +
                R"(","http-stream":{"content":"x"}},)";
    const QByteArray good = json + R"({"channel":"c","http-stream":{"content":"x"}}]})";
    const QByteArray bad = json + R"({"channel":"c","http-stream":{"content-bin":"x"}}]})";

    const PublishParseResult goodResult = PublishParser::parse(good);
    QCOMPARE(goodResult.error, QString());
    QCOMPARE(goodResult.items.size(), 51);
    QCOMPARE(goodResult.items.at(49).id, QByteArray("49"));

    const PublishParseResult badResult = PublishParser::parse(bad);
    QCOMPARE(badResult.error, QStringLiteral("items[50].http-stream.content-bin: invalid base64"));
    QVERIFY(badResult.items.isEmpty());
}

// Copies of an item, one per subscriber, share the payload bytes instead of duplicating them.
void TestPublishParser::contentIsShared()
{
    const PublishParseResult result =
        PublishParser::parse(oneItem(R"({"http-stream":{"content":"shared payload"}})"));
    QCOMPARE(result.error, QString());
    const PublishItem original = result.items.first();
    const PublishItem copy = original;
    QCOMPARE(copy.httpStream->content.constData(), original.httpStream->content.constData());
}

void TestPublishParser::valueEquality()
{
    const QByteArray json = oneItem(R"({"http-stream":{"content":"a"},"ws-message":)"
                                    R"({"action":"close","code":1000}})");
    const PublishItem a = PublishParser::parse(json).items.value(0);
    PublishItem b = PublishParser::parse(json).items.value(0);
    QVERIFY(a == b);
    b.wsMessage->closeCode = 1001;
    QVERIFY(a != b);
    b = a;
    b.httpStream->content = "b";
    QVERIFY(a != b);
    b = a;
    b.httpResponse.emplace();
    QVERIFY(a != b);

    QCOMPARE(publishActionName(HttpStreamFormat::Action::Close), "close");
    QCOMPARE(publishActionName(HttpResponseFormat::Action::Hint), "hint");
    QCOMPARE(publishActionName(WsMessageFormat::Action::Refresh), "refresh");
    QCOMPARE(publishTypeName(WsMessageFormat::Type::Pong), "pong");
}

QTEST_MAIN(TestPublishParser)
#include "tst_publishparser.moc"
