#include <QtTest>

#include "grip/gripinstruction.h"

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

// Bytes outside printable ASCII as \xHH, so keep-alive data can be written in a table.
QByteArray visible(const QByteArray &data)
{
    QByteArray out;
    for (const char c : data) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '\\')
            out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

// One line per fact, defaults left out (except hold), so a row lists only what it is about.
QList<QByteArray> dump(const GripInstruction &i)
{
    QList<QByteArray> out;
    static const char *holds[] = {"none", "stream", "response"};
    out.append(QByteArray("hold=") + holds[int(i.hold)]);
    for (const GripChannel &c : i.channels) {
        QByteArray line = "channel=" + c.name;
        if (!c.prevId.isNull())
            line += " prev-id=" + c.prevId;
        for (const QByteArray &f : c.filters)
            line += " filter=" + f;
        out.append(line);
    }
    if (i.timeoutSecs != 55)
        out.append("timeout=" + QByteArray::number(i.timeoutSecs));
    if (i.keepAlive.enabled)
        out.append("keep-alive=" + visible(i.keepAlive.data) +
                   " timeout=" + QByteArray::number(i.keepAlive.timeoutSecs) + " mode=" +
                   (i.keepAlive.mode == GripKeepAlive::Mode::Idle ? "idle" : "interval"));
    else if (!i.keepAlive.data.isEmpty() || i.keepAlive.timeoutSecs != 55)
        out.append("keep-alive disabled but set");
    if (i.status != 0 || !i.reason.isEmpty())
        out.append("status=" + QByteArray::number(i.status) + " reason=" + i.reason);
    for (const auto &m : i.meta)
        out.append("meta=" + m.first + "=" + m.second);
    if (!i.next.url.isEmpty())
        out.append("next=" + i.next.url + " timeout=" + QByteArray::number(i.next.timeoutSecs));
    if (!i.gone.url.isEmpty())
        out.append("gone=" + i.gone.url);
    for (const QByteArray &name : i.unsupportedHeaders)
        out.append("unsupported=" + name);
    return out;
}

using Lines = QList<QByteArray>;

} // namespace

class TestGripInstruction : public QObject
{
    Q_OBJECT

private slots:
    void isGripHeader_data();
    void isGripHeader();
    void parse_data();
    void parse();
    void parseResetsOutput();
    void parseAcceptsNullError();
    void isInstructContentType_data();
    void isInstructContentType();
    void parseJson_data();
    void parseJson();
    void clientHeaders_data();
    void clientHeaders();
};

void TestGripInstruction::isGripHeader_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("grip");
    QTest::addRow("canonical") << QByteArray("Grip-Hold") << true;
    QTest::addRow("lower") << QByteArray("grip-channel") << true;
    QTest::addRow("upper prefix only") << QByteArray("GRIP-") << true;
    QTest::addRow("mixed") << QByteArray("gRiP-Anything") << true;
    QTest::addRow("no dash") << QByteArray("Grip") << false;
    QTest::addRow("gripper") << QByteArray("Gripper") << false;
    QTest::addRow("infix") << QByteArray("X-Grip-Hold") << false;
    QTest::addRow("empty") << QByteArray() << false;
}

void TestGripInstruction::isGripHeader()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, grip);
    QCOMPARE(GripInstruction::isGripHeader(name), grip);
}

void TestGripInstruction::parse_data()
{
    QTest::addColumn<Lines>("headers");
    QTest::addColumn<QString>("error"); // empty: parse succeeds
    QTest::addColumn<Lines>("expected");

    const QString ok;
    const Lines none;

    // Hold
    QTest::addRow("no grip headers")
        << Lines{"Content-Type: text/plain"} << ok << Lines{"hold=none"};
    QTest::addRow("hold stream") << Lines{"Grip-Hold: stream", "Grip-Channel: a"} << ok
                                 << Lines{"hold=stream", "channel=a"};
    QTest::addRow("hold response") << Lines{"Grip-Hold: response", "Grip-Channel: a"} << ok
                                   << Lines{"hold=response", "channel=a"};
    QTest::addRow("header names any case") << Lines{"grip-hold: response", "GRIP-CHANNEL: a"} << ok
                                           << Lines{"hold=response", "channel=a"};
    QTest::addRow("channel without hold")
        << Lines{"Grip-Channel: a"} << ok << Lines{"hold=none", "channel=a"};
    QTest::addRow("first hold counts")
        << Lines{"Grip-Hold: stream", "Grip-Hold: nonsense"} << ok << Lines{"hold=stream"};
    QTest::addRow("hold unknown") << Lines{"Grip-Hold: forever"}
                                  << "Grip-Hold: must be 'response' or 'stream', not 'forever'"
                                  << none;
    QTest::addRow("hold values are case-sensitive")
        << Lines{"Grip-Hold: Stream"} << "Grip-Hold: must be 'response' or 'stream', not 'Stream'"
        << none;
    QTest::addRow("hold empty") << Lines{"Grip-Hold:"}
                                << "Grip-Hold: must be 'response' or 'stream', not ''" << none;

    // Channels
    QTest::addRow("channels repeated and comma-separated")
        << Lines{"Grip-Hold: response", "Grip-Channel: apple", "Grip-Channel: banana, cherry"} << ok
        << Lines{"hold=response", "channel=apple", "channel=banana", "channel=cherry"};
    QTest::addRow("prev-id and filters")
        << Lines{"Grip-Channel: apple; prev-id=item1; filter=f1",
                 "Grip-Channel: banana; filter=f2, cherry; filter=f1; filter=f2"}
        << ok
        << Lines{"hold=none", "channel=apple prev-id=item1 filter=f1", "channel=banana filter=f2",
                 "channel=cherry filter=f1 filter=f2"};
    QTest::addRow("spaces around parameters")
        << Lines{"Grip-Channel:  a ;prev-id = 3 ;  filter=f  , b"} << ok
        << Lines{"hold=none", "channel=a prev-id=3 filter=f", "channel=b"};
    QTest::addRow("quoted prev-id holds comma and semicolon")
        << Lines{R"(Grip-Channel: a; prev-id="x,y;z", b)"} << ok
        << Lines{"hold=none", "channel=a prev-id=x,y;z", "channel=b"};
    QTest::addRow("quoted escapes") << Lines{R"(Grip-Channel: a; prev-id="q\"b\\c")"} << ok
                                    << Lines{"hold=none", R"(channel=a prev-id=q"b\c)"};
    QTest::addRow("quoted empty") << Lines{R"(Grip-Channel: a; prev-id="")"} << ok
                                  << Lines{"hold=none", "channel=a prev-id="};
    QTest::addRow("empty prev-id is still given")
        << Lines{"Grip-Channel: a; prev-id="} << ok << Lines{"hold=none", "channel=a prev-id="};
    QTest::addRow("first prev-id counts") << Lines{"Grip-Channel: a; prev-id=1; prev-id=2"} << ok
                                          << Lines{"hold=none", "channel=a prev-id=1"};
    QTest::addRow("parameter names any case")
        << Lines{"Grip-Channel: a; Prev-ID=1; FILTER=skip-self"} << ok
        << Lines{"hold=none", "channel=a prev-id=1 filter=skip-self"};
    QTest::addRow("unknown and bare parameters ignored")
        << Lines{"Grip-Channel: a; foo=bar; flag;; "} << ok << Lines{"hold=none", "channel=a"};
    QTest::addRow("empty list elements skipped")
        << Lines{"Grip-Channel: a,, b,", "Grip-Channel:"} << ok
        << Lines{"hold=none", "channel=a", "channel=b"};
    QTest::addRow("five filters")
        << Lines{"Grip-Channel: a; filter=1; filter=2; filter=3; filter=4; filter=5"} << ok
        << Lines{"hold=none", "channel=a filter=1 filter=2 filter=3 filter=4 filter=5"};
    QTest::addRow("six filters")
        << Lines{"Grip-Channel: a; filter=1; filter=2; filter=3; filter=4; filter=5; filter=6"}
        << "Grip-Channel: too many filters for channel 'a' (at most 5)" << none;
    QTest::addRow("empty channel name")
        << Lines{"Grip-Channel: a, ; prev-id=1"} << "Grip-Channel: empty channel name" << none;
    QTest::addRow("empty filter") << Lines{"Grip-Channel: a; filter="}
                                  << "Grip-Channel: empty filter on channel 'a'" << none;
    QTest::addRow("unterminated quote") << Lines{R"(Grip-Channel: a; prev-id="x, b)"}
                                        << "Grip-Channel: unterminated quoted string" << none;
    QTest::addRow("unterminated quote ending in backslash")
        << Lines{R"(Grip-Channel: a; prev-id="x\)"} << "Grip-Channel: unterminated quoted string"
        << none;
    QTest::addRow("text after quoted value")
        << Lines{R"(Grip-Channel: a; prev-id="x"y)"}
        << "Grip-Channel: unexpected text after the quoted value of 'prev-id'" << none;
    QTest::addRow("parameter without a name")
        << Lines{"Grip-Channel: a; =x"} << "Grip-Channel: parameter without a name" << none;

    // Timeout
    QTest::addRow("timeout") << Lines{"Grip-Timeout: 120"} << ok
                             << Lines{"hold=none", "timeout=120"};
    QTest::addRow("timeout at minimum")
        << Lines{"Grip-Timeout: 5"} << ok << Lines{"hold=none", "timeout=5"};
    QTest::addRow("timeout below minimum raised")
        << Lines{"Grip-Timeout: 4"} << ok << Lines{"hold=none", "timeout=5"};
    QTest::addRow("timeout zero raised")
        << Lines{"Grip-Timeout: 0"} << ok << Lines{"hold=none", "timeout=5"};
    QTest::addRow("first timeout counts")
        << Lines{"Grip-Timeout: 10", "Grip-Timeout: 20"} << ok << Lines{"hold=none", "timeout=10"};
    QTest::addRow("timeout not a number")
        << Lines{"Grip-Timeout: soon"} << "Grip-Timeout: must be a non-negative integer, not 'soon'"
        << none;
    QTest::addRow("timeout negative")
        << Lines{"Grip-Timeout: -1"} << "Grip-Timeout: must be a non-negative integer, not '-1'"
        << none;
    QTest::addRow("timeout fraction")
        << Lines{"Grip-Timeout: 1.5"} << "Grip-Timeout: must be a non-negative integer, not '1.5'"
        << none;
    QTest::addRow("timeout empty")
        << Lines{"Grip-Timeout:"} << "Grip-Timeout: must be a non-negative integer, not ''" << none;
    QTest::addRow("timeout overflow")
        << Lines{"Grip-Timeout: 99999999999999999999"}
        << "Grip-Timeout: must be a non-negative integer, not '99999999999999999999'" << none;

    // Keep-alive
    QTest::addRow("keep-alive raw with timeout")
        << Lines{R"(Grip-Keep-Alive: ping1\n; timeout=10)"} << ok
        << Lines{"hold=none", R"(keep-alive=ping1\x5cn timeout=10 mode=idle)"};
    QTest::addRow("keep-alive explicit raw")
        << Lines{"Grip-Keep-Alive: x; format=raw"} << ok
        << Lines{"hold=none", "keep-alive=x timeout=55 mode=idle"};
    QTest::addRow("keep-alive cstring")
        << Lines{R"(Grip-Keep-Alive: ping2\n; format=cstring)"} << ok
        << Lines{"hold=none", R"(keep-alive=ping2\x0a timeout=55 mode=idle)"};
    QTest::addRow("keep-alive cstring escapes")
        << Lines{R"(Grip-Keep-Alive: a\tb\r\n\\\"\'\x41\x7e\0z; format=cstring)"} << ok
        << Lines{"hold=none", R"(keep-alive=a\x09b\x0d\x0a\x5c"'A~\x00z timeout=55 mode=idle)"};
    QTest::addRow("keep-alive cstring quoted format")
        << Lines{R"(Grip-Keep-Alive: \n; format="cstring")"} << ok
        << Lines{"hold=none", R"(keep-alive=\x0a timeout=55 mode=idle)"};
    QTest::addRow("keep-alive base64")
        << Lines{"Grip-Keep-Alive: cGluZzMK; format=base64"} << ok
        << Lines{"hold=none", R"(keep-alive=ping3\x0a timeout=55 mode=idle)"};
    QTest::addRow("keep-alive interval")
        << Lines{R"(Grip-Keep-Alive: \n; format=cstring; timeout=20; mode=interval)"} << ok
        << Lines{"hold=none", R"(keep-alive=\x0a timeout=20 mode=interval)"};
    QTest::addRow("keep-alive explicit idle")
        << Lines{"Grip-Keep-Alive: x; mode=idle"} << ok
        << Lines{"hold=none", "keep-alive=x timeout=55 mode=idle"};
    QTest::addRow("keep-alive data keeps commas")
        << Lines{"Grip-Keep-Alive: a, b; timeout=30"} << ok
        << Lines{"hold=none", "keep-alive=a, b timeout=30 mode=idle"};
    QTest::addRow("keep-alive timeout zero raised")
        << Lines{"Grip-Keep-Alive: x; timeout=0"} << ok
        << Lines{"hold=none", "keep-alive=x timeout=1 mode=idle"};
    QTest::addRow("keep-alive empty")
        << Lines{"Grip-Keep-Alive: ; format=raw"} << "Grip-Keep-Alive: empty data" << none;
    QTest::addRow("keep-alive unknown format") << Lines{"Grip-Keep-Alive: x; format=hex"}
                                               << "Grip-Keep-Alive: unknown format 'hex'" << none;
    QTest::addRow("keep-alive format is case-sensitive")
        << Lines{"Grip-Keep-Alive: x; format=CSTRING"}
        << "Grip-Keep-Alive: unknown format 'CSTRING'" << none;
    QTest::addRow("keep-alive unknown mode") << Lines{"Grip-Keep-Alive: x; mode=sometimes"}
                                             << "Grip-Keep-Alive: unknown mode 'sometimes'" << none;
    QTest::addRow("keep-alive bad timeout")
        << Lines{"Grip-Keep-Alive: x; timeout=-2"}
        << "Grip-Keep-Alive: timeout must be a non-negative integer, not '-2'" << none;
    QTest::addRow("keep-alive invalid escape")
        << Lines{R"(Grip-Keep-Alive: a\qb; format=cstring)"}
        << R"(Grip-Keep-Alive: invalid cstring escape '\q')" << none;
    QTest::addRow("keep-alive trailing backslash")
        << Lines{R"(Grip-Keep-Alive: a\; format=cstring)"}
        << "Grip-Keep-Alive: cstring ends inside an escape" << none;
    QTest::addRow("keep-alive short hex escape")
        << Lines{R"(Grip-Keep-Alive: \x4; format=cstring)"}
        << R"(Grip-Keep-Alive: cstring \x needs two hex digits)" << none;
    QTest::addRow("keep-alive bad hex escape")
        << Lines{R"(Grip-Keep-Alive: \xg0; format=cstring)"}
        << R"(Grip-Keep-Alive: cstring \x needs two hex digits)" << none;
    QTest::addRow("keep-alive invalid base64") << Lines{"Grip-Keep-Alive: !!!; format=base64"}
                                               << "Grip-Keep-Alive: invalid base64 data" << none;

    // Meta
    QTest::addRow("meta comma-separated") << Lines{"Grip-Set-Meta: foo=bar, bar=baz"} << ok
                                          << Lines{"hold=none", "meta=foo=bar", "meta=bar=baz"};
    QTest::addRow("meta repeated headers, quoted value")
        << Lines{"Grip-Set-Meta: user=alice", R"(Grip-Set-Meta: note="a, b; c")"} << ok
        << Lines{"hold=none", "meta=user=alice", "meta=note=a, b; c"};
    QTest::addRow("meta repeated key keeps place, last value")
        << Lines{"Grip-Set-Meta: a=1, b=2, a=3"} << ok
        << Lines{"hold=none", "meta=a=3", "meta=b=2"};
    QTest::addRow("meta empty values") << Lines{"Grip-Set-Meta: flag, empty="} << ok
                                       << Lines{"hold=none", "meta=flag=", "meta=empty="};
    QTest::addRow("meta without key")
        << Lines{"Grip-Set-Meta: =x"} << "Grip-Set-Meta: parameter without a name" << none;
    QTest::addRow("meta only semicolons")
        << Lines{"Grip-Set-Meta: ;"} << "Grip-Set-Meta: empty key" << none;
    QTest::addRow("meta unterminated quote")
        << Lines{R"(Grip-Set-Meta: k="v)"} << "Grip-Set-Meta: unterminated quoted string" << none;

    // Status
    QTest::addRow("status code") << Lines{"Grip-Status: 404"} << ok
                                 << Lines{"hold=none", "status=404 reason="};
    QTest::addRow("status with reason")
        << Lines{"Grip-Status: 404 Nothing To See Here"} << ok
        << Lines{"hold=none", "status=404 reason=Nothing To See Here"};
    QTest::addRow("status reason spacing") << Lines{"Grip-Status: 200   All  Good"} << ok
                                           << Lines{"hold=none", "status=200 reason=All  Good"};
    QTest::addRow("status empty is ignored") << Lines{"Grip-Status:"} << ok << Lines{"hold=none"};
    QTest::addRow("status 999") << Lines{"Grip-Status: 999"} << ok
                                << Lines{"hold=none", "status=999 reason="};
    QTest::addRow("status not a number")
        << Lines{"Grip-Status: OK"} << "Grip-Status: invalid status code 'OK'" << none;
    QTest::addRow("status too big")
        << Lines{"Grip-Status: 1000"} << "Grip-Status: invalid status code '1000'" << none;
    QTest::addRow("status too small")
        << Lines{"Grip-Status: 99 Low"} << "Grip-Status: invalid status code '99'" << none;
    QTest::addRow("status leading zero")
        << Lines{"Grip-Status: 099"} << "Grip-Status: invalid status code '099'" << none;
    QTest::addRow("status signed")
        << Lines{"Grip-Status: +200"} << "Grip-Status: invalid status code '+200'" << none;

    // Links
    QTest::addRow("next link relative") << Lines{"Grip-Link: </stream?after=3>; rel=next"} << ok
                                        << Lines{"hold=none", "next=/stream?after=3 timeout=120"};
    QTest::addRow("next link timeout") << Lines{"Grip-Link: <next>; rel=next; timeout=30"} << ok
                                       << Lines{"hold=none", "next=next timeout=30"};
    QTest::addRow("next link timeout zero kept") << Lines{"Grip-Link: </n>; rel=next; timeout=0"}
                                                 << ok << Lines{"hold=none", "next=/n timeout=0"};
    QTest::addRow("gone link absolute") << Lines{"Grip-Link: <http://example.com/gone>; rel=gone"}
                                        << ok << Lines{"hold=none", "gone=http://example.com/gone"};
    QTest::addRow("next and gone in one header")
        << Lines{"Grip-Link: </n>; rel=next, </g>; rel=gone"} << ok
        << Lines{"hold=none", "next=/n timeout=120", "gone=/g"};
    QTest::addRow("url holds comma and semicolon") << Lines{"Grip-Link: </a;b,c>; rel=next"} << ok
                                                   << Lines{"hold=none", "next=/a;b,c timeout=120"};
    QTest::addRow("quoted rel") << Lines{R"(Grip-Link: </n>; rel="next")"} << ok
                                << Lines{"hold=none", "next=/n timeout=120"};
    QTest::addRow("last next link counts")
        << Lines{"Grip-Link: </1>; rel=next; timeout=9", "Grip-Link: </2>; rel=next"} << ok
        << Lines{"hold=none", "next=/2 timeout=120"};
    QTest::addRow("link without rel ignored")
        << Lines{"Grip-Link: </n>"} << ok << Lines{"hold=none"};
    QTest::addRow("link unknown rel ignored")
        << Lines{"Grip-Link: </n>; rel=prev"} << ok << Lines{"hold=none"};
    QTest::addRow("link without brackets")
        << Lines{"Grip-Link: /n; rel=next"} << "Grip-Link: value must start with <url>" << none;
    QTest::addRow("link empty brackets")
        << Lines{"Grip-Link: <>; rel=next"} << "Grip-Link: value must start with <url>" << none;
    QTest::addRow("link unclosed bracket")
        << Lines{"Grip-Link: </n; rel=next"} << "Grip-Link: '<' without '>'" << none;
    QTest::addRow("link text after url") << Lines{"Grip-Link: </n> x; rel=next"}
                                         << "Grip-Link: unexpected text after the url" << none;
    QTest::addRow("link invalid url") << Lines{"Grip-Link: <http://[::1/x>; rel=next"}
                                      << "Grip-Link: invalid url 'http://[::1/x'" << none;
    QTest::addRow("link bad timeout")
        << Lines{"Grip-Link: </n>; rel=next; timeout=-5"}
        << "Grip-Link: timeout must be a non-negative integer, not '-5'" << none;

    // Unsupported
    QTest::addRow("unsupported listed once each")
        << Lines{"Grip-Expose-Headers: X-A", "grip-expose-headers: X-B", "Grip-Foo: 1",
                 "Grip-Hold: stream", "X-Grip: no"}
        << ok << Lines{"hold=stream", "unsupported=Grip-Expose-Headers", "unsupported=Grip-Foo"};

    // Everything at once, as a backend would send it.
    QTest::addRow("full stream instruction")
        << Lines{"Content-Type: text/event-stream",
                 "Grip-Hold: stream",
                 "Grip-Channel: news; prev-id=7; filter=skip-self",
                 "Grip-Channel: alerts",
                 "Grip-Timeout: 30",
                 R"(Grip-Keep-Alive: :\n\n; format=cstring; timeout=15)",
                 "Grip-Set-Meta: user=bob",
                 "Grip-Status: 201 Made",
                 "Grip-Link: </events?after=7>; rel=next; timeout=60",
                 "Grip-Link: </bye>; rel=gone"}
        << ok
        << Lines{"hold=stream",
                 "channel=news prev-id=7 filter=skip-self",
                 "channel=alerts",
                 "timeout=30",
                 R"(keep-alive=:\x0a\x0a timeout=15 mode=idle)",
                 "status=201 reason=Made",
                 "meta=user=bob",
                 "next=/events?after=7 timeout=60",
                 "gone=/bye"};
}

void TestGripInstruction::parse()
{
    QFETCH(Lines, headers);
    QFETCH(QString, error);
    QFETCH(Lines, expected);

    GripInstruction instruction;
    QString actualError = "untouched";
    const bool ok = GripInstruction::parse(make(headers), &instruction, &actualError);
    if (!error.isEmpty()) {
        QVERIFY(!ok);
        QCOMPARE(actualError, error);
        return;
    }
    QVERIFY2(ok, qPrintable(actualError));
    QCOMPARE(dump(instruction), expected);
}

void TestGripInstruction::parseResetsOutput()
{
    GripInstruction instruction;
    QString error;
    QVERIFY(GripInstruction::parse(
        make({"Grip-Hold: stream", "Grip-Channel: a", "Grip-Timeout: 9", "Grip-Keep-Alive: x",
              "Grip-Status: 500", "Grip-Link: </n>; rel=next", "Grip-X: 1"}),
        &instruction, &error));
    QVERIFY(dump(instruction).size() > 5);
    QVERIFY(GripInstruction::parse(make({"Grip-Channel: b"}), &instruction, &error));
    QCOMPARE(dump(instruction), (Lines{"hold=none", "channel=b"}));
}

void TestGripInstruction::parseAcceptsNullError()
{
    GripInstruction instruction;
    QVERIFY(!GripInstruction::parse(make({"Grip-Hold: x"}), &instruction, nullptr));
    int code = 0;
    QByteArray reason, body;
    HttpHeaders headers;
    QVERIFY(
        !GripInstruction::parseJson("[]", &instruction, &code, &reason, &headers, &body, nullptr));
}

void TestGripInstruction::isInstructContentType_data()
{
    QTest::addColumn<Lines>("headers");
    QTest::addColumn<bool>("instruct");
    QTest::addRow("exact") << Lines{"Content-Type: application/grip-instruct"} << true;
    QTest::addRow("case and parameters")
        << Lines{"content-type: Application/GRIP-Instruct ; charset=utf-8"} << true;
    QTest::addRow("json") << Lines{"Content-Type: application/json"} << false;
    QTest::addRow("longer") << Lines{"Content-Type: application/grip-instructions"} << false;
    QTest::addRow("missing") << Lines{"X-Content-Type: application/grip-instruct"} << false;
}

void TestGripInstruction::isInstructContentType()
{
    QFETCH(Lines, headers);
    QFETCH(bool, instruct);
    QCOMPARE(GripInstruction::isInstructContentType(make(headers)), instruct);
}

void TestGripInstruction::parseJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // empty: parse succeeds
    QTest::addColumn<Lines>("expected");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<Lines>("headers");
    QTest::addColumn<QByteArray>("responseBody");

    const QString ok;
    const Lines none;
    const QString p = QStringLiteral("grip-instruct: ");
    auto bad = [&](const char *tag, const QByteArray &body, const QString &error) {
        QTest::addRow("%s", tag) << body << p + error << none << 0 << QByteArray() << none
                                 << QByteArray();
    };

    // Pushpin's instructtest cases.
    QTest::addRow("response only")
        << QByteArray(R"({"response":{"code":200,"headers":{"Content-Type":"text/plain"},)"
                      R"("body":"hello world"}})")
        << ok << Lines{"hold=none", "status=200 reason="} << 200 << QByteArray()
        << Lines{"Content-Type: text/plain"} << QByteArray("hello world");
    QTest::addRow("response hold with meta")
        << QByteArray(R"({"hold":{"mode":"response","channels":[{"name":"test"}],"timeout":120,)"
                      R"("meta":{"foo":"bar","bar":"baz"}},"response":{"headers":)"
                      R"({"Content-Type":"text/plain"},"body":"hello world"}})")
        << ok
        << Lines{"hold=response", "channel=test", "timeout=120", "meta=bar=baz", "meta=foo=bar"}
        << 200 << QByteArray() << Lines{"Content-Type: text/plain"} << QByteArray("hello world");
    QTest::addRow("channel params")
        << QByteArray(R"({"hold":{"mode":"stream","channels":[{"name":"apple","prev-id":"item1",)"
                      R"("filters":["f1"]},{"name":"banana","filters":["f2"]},)"
                      R"({"name":"cherry","filters":["f1","f2"]}]}})")
        << ok
        << Lines{"hold=stream", "channel=apple prev-id=item1 filter=f1", "channel=banana filter=f2",
                 "channel=cherry filter=f1 filter=f2"}
        << 200 << QByteArray() << none << QByteArray();
    QTest::addRow("empty object") << QByteArray("{}") << ok << Lines{"hold=none"} << 200
                                  << QByteArray() << none << QByteArray();
    QTest::addRow("hold without mode is a response hold")
        << QByteArray(R"({"hold":{"channels":[]}})") << ok << Lines{"hold=response"} << 200
        << QByteArray() << none << QByteArray();
    QTest::addRow("timeout raised")
        << QByteArray(R"({"hold":{"channels":[],"timeout":2}})") << ok
        << Lines{"hold=response", "timeout=5"} << 200 << QByteArray() << none << QByteArray();
    QTest::addRow("keep-alive content")
        << QByteArray(R"({"hold":{"mode":"stream","channels":[],"keep-alive":)"
                      R"({"content":"ping\n","timeout":20}}})")
        << ok << Lines{"hold=stream", R"(keep-alive=ping\x0a timeout=20 mode=idle)"} << 200
        << QByteArray() << none << QByteArray();
    QTest::addRow("keep-alive content-bin wins, timeout raised")
        << QByteArray(R"({"hold":{"channels":[],"keep-alive":)"
                      R"({"content":"text","content-bin":"AAE=","timeout":0}}})")
        << ok << Lines{"hold=response", R"(keep-alive=\x00\x01 timeout=1 mode=idle)"} << 200
        << QByteArray() << none << QByteArray();
    QTest::addRow("keep-alive default timeout")
        << QByteArray(R"({"hold":{"channels":[],"keep-alive":{"content":"k"}}})") << ok
        << Lines{"hold=response", "keep-alive=k timeout=55 mode=idle"} << 200 << QByteArray()
        << none << QByteArray();
    QTest::addRow("response code, reason, header list, body-bin")
        << QByteArray(R"({"response":{"code":404,"reason":"Gone Fishing","headers":)"
                      R"([["X-A","1"],["X-A","2"]],"body-bin":"aGk="}})")
        << ok << Lines{"hold=none", "status=404 reason=Gone Fishing"} << 404
        << QByteArray("Gone Fishing") << Lines{"X-A: 1", "X-A: 2"} << QByteArray("hi");
    QTest::addRow("reason without code stays out of the instruction")
        << QByteArray(R"({"response":{"reason":"Fine"}})") << ok << Lines{"hold=none"} << 200
        << QByteArray("Fine") << none << QByteArray();

    bad("not json", "{", "invalid JSON at offset 1: unterminated object");
    bad("array", "[]", "expected a JSON object");
    bad("hold wrong type", R"({"hold":"x"})", "instruct contains 'hold' with wrong type");
    bad("mode wrong type", R"({"hold":{"mode":5,"channels":[]}})",
        "hold contains 'mode' with wrong type");
    bad("mode unknown", R"({"hold":{"mode":"forever","channels":[]}})",
        "hold 'mode' must be 'response' or 'stream', not 'forever'");
    bad("no channels", R"({"hold":{"mode":"stream"}})", "hold does not contain 'channels'");
    bad("channels wrong type", R"({"hold":{"channels":{}}})",
        "hold contains 'channels' with wrong type");
    bad("channel not object", R"({"hold":{"channels":["a"]}})", "channel is not an object");
    bad("channel without name", R"({"hold":{"channels":[{}]}})", "channel does not contain 'name'");
    bad("channel name wrong type", R"({"hold":{"channels":[{"name":5}]}})",
        "channel contains 'name' with wrong type");
    bad("channel name empty", R"({"hold":{"channels":[{"name":""}]}})",
        "channel contains 'name' with invalid value");
    bad("prev-id wrong type", R"({"hold":{"channels":[{"name":"a","prev-id":3}]}})",
        "channel contains 'prev-id' with wrong type");
    bad("filters wrong type", R"({"hold":{"channels":[{"name":"a","filters":"f"}]}})",
        "channel contains 'filters' with wrong type");
    bad("filter wrong type", R"({"hold":{"channels":[{"name":"a","filters":[1]}]}})",
        "filters contains value with wrong type");
    bad("six filters",
        R"({"hold":{"channels":[{"name":"a","filters":["1","2","3","4","5","6"]}]}})",
        "too many filters for channel 'a' (at most 5)");
    bad("timeout string", R"({"hold":{"channels":[],"timeout":"30"}})",
        "hold contains 'timeout' with wrong type");
    bad("timeout fraction", R"({"hold":{"channels":[],"timeout":1.5}})",
        "hold contains 'timeout' with wrong type");
    bad("timeout negative", R"({"hold":{"channels":[],"timeout":-1}})",
        "hold contains 'timeout' with invalid value");
    bad("keep-alive wrong type", R"({"hold":{"channels":[],"keep-alive":5}})",
        "hold contains 'keep-alive' with wrong type");
    bad("keep-alive content wrong type", R"({"hold":{"channels":[],"keep-alive":{"content":5}}})",
        "keep-alive contains 'content' with wrong type");
    bad("keep-alive content-bin invalid",
        R"({"hold":{"channels":[],"keep-alive":{"content-bin":"!!"}}})",
        "keep-alive contains 'content-bin' with invalid value");
    bad("keep-alive timeout negative",
        R"({"hold":{"channels":[],"keep-alive":{"content":"k","timeout":-1}}})",
        "keep-alive contains 'timeout' with invalid value");
    bad("meta wrong type", R"({"hold":{"channels":[],"meta":[]}})",
        "hold contains 'meta' with wrong type");
    bad("meta value wrong type", R"({"hold":{"channels":[],"meta":{"a":1}}})",
        "'meta' contains 'a' with wrong type");
    bad("response wrong type", R"({"response":5})", "instruct contains 'response' with wrong type");
    bad("code wrong type", R"({"response":{"code":"200"}})",
        "response contains 'code' with wrong type");
    bad("code too big", R"({"response":{"code":1000}})",
        "response contains 'code' with invalid value");
    bad("code too small", R"({"response":{"code":99}})",
        "response contains 'code' with invalid value");
    bad("reason wrong type", R"({"response":{"reason":5}})",
        "response contains 'reason' with wrong type");
    bad("reason with CRLF", R"({"response":{"reason":"a\r\nb"}})",
        "response contains 'reason' with invalid value");
    bad("headers wrong type", R"({"response":{"headers":"x"}})",
        "response contains 'headers' with wrong type");
    bad("header element wrong type", R"({"response":{"headers":["a"]}})",
        "headers contains element with wrong type");
    bad("header pair too short", R"({"response":{"headers":[["a"]]}})",
        "headers contains list with wrong number of elements");
    bad("header name wrong type", R"({"response":{"headers":[[1,"b"]]}})",
        "header contains name element with wrong type");
    bad("header value wrong type", R"({"response":{"headers":{"X":1}}})",
        "headers contains 'X' with wrong type");
    bad("header name not a token", R"({"response":{"headers":{"Bad Name":"v"}}})",
        "headers contains invalid header 'Bad Name'");
    bad("header value splits the response",
        R"({"response":{"headers":[["X-A","a\r\nInjected: 1"]]}})",
        "headers contains invalid header 'X-A'");
    bad("body wrong type", R"({"response":{"body":5}})",
        "response contains 'body' with wrong type");
    bad("body-bin invalid", R"({"response":{"body-bin":"@@"}})",
        "response contains 'body-bin' with invalid value");
}

void TestGripInstruction::parseJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QFETCH(Lines, expected);
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    QFETCH(Lines, headers);
    QFETCH(QByteArray, responseBody);

    // Stale outputs must be replaced, not appended to.
    GripInstruction instruction;
    instruction.channels.append(GripChannel{"stale", {}, {}});
    int actualCode = -1;
    QByteArray actualReason = "stale";
    HttpHeaders actualHeaders = make({"Stale: 1"});
    QByteArray actualBody = "stale";
    QString actualError = "untouched";
    const bool ok = GripInstruction::parseJson(body, &instruction, &actualCode, &actualReason,
                                               &actualHeaders, &actualBody, &actualError);
    if (!error.isEmpty()) {
        QVERIFY(!ok);
        QCOMPARE(actualError, error);
        return;
    }
    QVERIFY2(ok, qPrintable(actualError));
    QCOMPARE(dump(instruction), expected);
    QCOMPARE(actualCode, code);
    QCOMPARE(actualReason, reason);
    QCOMPARE(lines(actualHeaders), headers);
    QCOMPARE(actualBody, responseBody);
}

void TestGripInstruction::clientHeaders_data()
{
    QTest::addColumn<Lines>("backend");
    QTest::addColumn<Lines>("client");

    QTest::addRow("none to strip") << Lines{"Content-Type: text/plain", "X-A: 1"}
                                   << Lines{"Content-Type: text/plain", "X-A: 1"};
    QTest::addRow("any case, order and repeats kept")
        << Lines{"Grip-Hold: stream",       "X-A: 1",
                 "grip-channel: a",         "X-A: 2",
                 "GRIP-TIMEOUT: 5",         "gRiP-Expose-Headers: X-A",
                 "Content-Type: text/plain"}
        << Lines{"X-A: 1", "X-A: 2", "Content-Type: text/plain"};
    QTest::addRow("look-alikes kept")
        << Lines{"Gripper: 1", "X-Grip-Hold: 2", "Grip: 3", "Grip-: 4"}
        << Lines{"Gripper: 1", "X-Grip-Hold: 2", "Grip: 3"};
    QTest::addRow("only grip") << Lines{"Grip-Hold: stream", "Grip-Sig: x"} << Lines{};
}

void TestGripInstruction::clientHeaders()
{
    QFETCH(Lines, backend);
    QFETCH(Lines, client);
    QCOMPARE(lines(GripInstruction::clientHeaders(make(backend))), client);
}

QTEST_MAIN(TestGripInstruction)
#include "tst_gripinstruction.moc"
