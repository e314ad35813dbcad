#include <QTemporaryDir>
#include <QtTest>

#include "routes/routesfile.h"
#include "routes/routetable.h"

namespace {

const QString kFile = QStringLiteral("routes");

// Every field, written out independently of Route::toLine so the parser and the serializer
// are checked against each other, not against themselves.
QByteArray describe(const RouteTarget &t)
{
    QList<QByteArray> parts;
    if (t.isTest)
        parts << "test";
    else
        parts << t.host + " port=" + QByteArray::number(t.port);
    if (t.ssl)
        parts << "ssl";
    if (!t.hostOverride.isEmpty())
        parts << "host=" + t.hostOverride;
    if (t.insecure)
        parts << "insecure";
    if (t.untrusted)
        parts << "untrusted";
    if (t.overHttp)
        parts << "over_http";
    if (t.oneEvent)
        parts << "one_event";
    for (const QByteArray &s : t.subscriptions)
        parts << "sub=" + s;
    return parts.join(' ');
}

QByteArray describe(const Route &r)
{
    QList<QByteArray> parts;
    parts << "id=" + r.id;
    if (r.explicitId)
        parts << "explicit";
    parts << "domain=" + r.domain;
    if (!r.proto.isEmpty())
        parts << "proto=" + r.proto;
    if (r.ssl >= 0)
        parts << "ssl=" + QByteArray::number(r.ssl);
    if (!r.pathBeg.isEmpty())
        parts << "path_beg=" + r.pathBeg;
    if (r.hasReplaceBeg)
        parts << "replace_beg=" + r.replaceBeg;
    if (r.pathRem)
        parts << "path_rem=" + QByteArray::number(r.pathRem);
    if (!r.asHost.isEmpty())
        parts << "as_host=" + r.asHost;
    for (const auto &h : r.headers)
        parts << "header=" + h.first + "|" + h.second;
    if (!r.sigIss.isEmpty())
        parts << "sig_iss=" + r.sigIss;
    if (!r.sigKey.isEmpty())
        parts << "sig_key=" + r.sigKey.toHex();
    if (!r.prefix.isEmpty())
        parts << "prefix=" + r.prefix;
    if (r.noGrip)
        parts << "no_grip";
    if (r.debug)
        parts << "debug";
    if (r.origHeaders)
        parts << "orig_headers";
    if (r.session)
        parts << "session";
    if (r.maxConnTimeSeconds)
        parts << "max_conn_time=" + QByteArray::number(r.maxConnTimeSeconds);
    for (const RouteTarget &t : r.targets)
        parts << "target=" + describe(t);
    return parts.join("; ");
}

} // namespace

class TestRoutesFile : public QObject
{
    Q_OBJECT

private slots:
    void validLine_data();
    void validLine();
    void errors_data();
    void errors();
    void warnings_data();
    void warnings();
    void provenance();
    void toLineExact_data();
    void toLineExact();
    void roundTrip_data();
    void roundTrip();
    void roundTripProgrammatic();
    void serializeFile();
    void rewritePath_data();
    void rewritePath();
    void conditionId_data();
    void conditionId();
    void loadFile();
    void loadMissingFile();
    void parseLineAlone();
    void shippedExample();
};

void TestRoutesFile::validLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("wildcard") << QByteArray("* localhost:8080")
                              << QByteArray("id=*,*,*,*; domain=*; target=localhost port=8080");
    QTest::addRow("condition options")
        << QByteArray("example.com,proto=ws,ssl=yes,path_beg=/api api:80")
        << QByteArray("id=example.com,ws,ssl,/api; domain=example.com; proto=ws; ssl=1; "
                      "path_beg=/api; target=api port=80");
    QTest::addRow("ssl=no id")
        << QByteArray("*,ssl=no,proto=http b:1")
        << QByteArray("id=*,http,no-ssl,*; domain=*; proto=http; ssl=0; target=b port=1");
    QTest::addRow("domain lower-cased")
        << QByteArray("Example.COM api:80")
        << QByteArray("id=example.com,*,*,*; domain=example.com; target=api port=80");
    QTest::addRow("ipv6 domain loses brackets")
        << QByteArray("[::1] b:1") << QByteArray("id=::1,*,*,*; domain=::1; target=b port=1");
    QTest::addRow("explicit id") << QByteArray("*,id=main b:1")
                                 << QByteArray("id=main; explicit; domain=*; target=b port=1");
    QTest::addRow("no domain, id first")
        << QByteArray("id=internal backend:9000")
        << QByteArray("id=internal; explicit; domain=; target=backend port=9000");
    QTest::addRow("no domain, leading comma")
        << QByteArray(",orig_headers,id=x b:1")
        << QByteArray("id=x; explicit; domain=; orig_headers; target=b port=1");
    QTest::addRow("all condition options")
        << QByteArray("*,path_beg=/a,path_rem=2,as_host=origin.example:8080,header=X-A:1,"
                      "header=\"X-B:  two\",sig_iss=iss,sig_key=secret,prefix=pre-,no_grip,"
                      "orig_headers,max_conn_time=30 b:1")
        << QByteArray("id=*,*,*,/a; domain=*; path_beg=/a; path_rem=2; "
                      "as_host=origin.example:8080; header=X-A|1; header=X-B|two; sig_iss=iss; "
                      "sig_key=736563726574; prefix=pre-; no_grip; orig_headers; "
                      "max_conn_time=30; target=b port=1");
    QTest::addRow("replace_beg")
        << QByteArray("*,path_beg=/api,replace_beg=/v2 b:1")
        << QByteArray("id=*,*,*,/api; domain=*; path_beg=/api; replace_beg=/v2; target=b port=1");
    QTest::addRow("replace_beg empty")
        << QByteArray("*,path_beg=/api,replace_beg= b:1")
        << QByteArray("id=*,*,*,/api; domain=*; path_beg=/api; replace_beg=; target=b port=1");
    QTest::addRow("replace_beg without value")
        << QByteArray("*,path_beg=/api,replace_beg b:1")
        << QByteArray("id=*,*,*,/api; domain=*; path_beg=/api; replace_beg=; target=b port=1");
    QTest::addRow("sig_key base64")
        << QByteArray("*,sig_key=base64:AAH/ b:1")
        << QByteArray("id=*,*,*,*; domain=*; sig_key=0001ff; target=b port=1");
    QTest::addRow("quoted value with space comma hash")
        << QByteArray("*,header=\"X-Note: a, b # c\" b:1")
        << QByteArray("id=*,*,*,*; domain=*; header=X-Note|a, b # c; target=b port=1");
    QTest::addRow("escapes in quotes")
        << QByteArray("*,prefix=\"a\\\"b\\\\c\" b:1")
        << QByteArray("id=*,*,*,*; domain=*; prefix=a\"b\\c; target=b port=1");
    QTest::addRow("quote inside an element")
        << QByteArray("*,as_host=ex\"ample.c\"om b:1")
        << QByteArray("id=*,*,*,*; domain=*; as_host=example.com; target=b port=1");
    QTest::addRow("quoted '=' in the domain stays the domain")
        << QByteArray("\"a=b\" x:1") << QByteArray("id=a=b,*,*,*; domain=a=b; target=x port=1");
    QTest::addRow("'=' inside a value")
        << QByteArray("*,header=X-Q:a=b b:1")
        << QByteArray("id=*,*,*,*; domain=*; header=X-Q|a=b; target=b port=1");
    QTest::addRow("comment after route") << QByteArray("* b:1 # comment, with=stuff \"and a quote")
                                         << QByteArray("id=*,*,*,*; domain=*; target=b port=1");
    QTest::addRow("comment glued to target")
        << QByteArray("* b:1#x") << QByteArray("id=*,*,*,*; domain=*; target=b port=1");
    QTest::addRow("tabs and spaces")
        << QByteArray("  \t*\t\t b:1   c:2\t")
        << QByteArray("id=*,*,*,*; domain=*; target=b port=1; target=c port=2");
    QTest::addRow("crlf") << QByteArray("* b:1\r")
                          << QByteArray("id=*,*,*,*; domain=*; target=b port=1");
    QTest::addRow("ipv6 target") << QByteArray("* [::1]:8080")
                                 << QByteArray("id=*,*,*,*; domain=*; target=::1 port=8080");
    QTest::addRow("ipv6 target with zone")
        << QByteArray("* [fe80::1%eth0]:80,ssl")
        << QByteArray("id=*,*,*,*; domain=*; target=fe80::1%eth0 port=80 ssl");
    QTest::addRow("ipv4 target") << QByteArray("* 127.0.0.1:65535")
                                 << QByteArray("id=*,*,*,*; domain=*; target=127.0.0.1 port=65535");
    QTest::addRow("multiple targets with options")
        << QByteArray("* a:1,ssl,host=x.example,sub=one,sub=two b:2,untrusted "
                      "c:3,insecure,over_http,one_event")
        << QByteArray("id=*,*,*,*; domain=*; target=a port=1 ssl host=x.example sub=one sub=two; "
                      "target=b port=2 untrusted; target=c port=3 insecure over_http one_event");
    QTest::addRow("test target") << QByteArray("* test")
                                 << QByteArray("id=*,*,*,*; domain=*; target=test");
    QTest::addRow("test target with sub")
        << QByteArray("* test,sub=news")
        << QByteArray("id=*,*,*,*; domain=*; target=test sub=news");
}

void TestRoutesFile::validLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, expected);

    const RoutesParseResult result = RoutesFile::parse(text, kFile);
    QCOMPARE(result.errors, QStringList());
    QCOMPARE(result.warnings, QStringList());
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(describe(result.routes.first()), expected);
}

void TestRoutesFile::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");

    auto one = [](const char *message) { return QStringList{QString::fromUtf8(message)}; };

    QTest::addRow("unknown condition option")
        << QByteArray("*,foo=1 b:1") << one("routes:1: unknown option 'foo'");
    QTest::addRow("unknown target option")
        << QByteArray("* b:1,bar") << one("routes:1: unknown option 'bar'");
    QTest::addRow("port zero") << QByteArray("* b:0")
                               << one("routes:1: target 'b:0' has an invalid port '0' (1-65535)");
    QTest::addRow("port too big")
        << QByteArray("* b:65536")
        << one("routes:1: target 'b:65536' has an invalid port '65536' (1-65535)");
    QTest::addRow("port not a number")
        << QByteArray("* b:http")
        << one("routes:1: target 'b:http' has an invalid port 'http' (1-65535)");
    QTest::addRow("port signed") << QByteArray("* b:+80")
                                 << one("routes:1: target 'b:+80' has an invalid port '+80' "
                                        "(1-65535)");
    QTest::addRow("port empty") << QByteArray("* b:")
                                << one("routes:1: target 'b:' has an invalid port '' (1-65535)");
    QTest::addRow("no port") << QByteArray("* backend")
                             << one("routes:1: target 'backend' needs a port: host:port");
    QTest::addRow("no host") << QByteArray("* :80") << one("routes:1: target ':80' has no host");
    QTest::addRow("bare ipv6")
        << QByteArray("* ::1:80")
        << one("routes:1: target '::1:80': write an IPv6 address in brackets, [address]:port");
    QTest::addRow("unclosed bracket")
        << QByteArray("* [::1:80") << one("routes:1: target '[::1:80' has no closing ']'");
    QTest::addRow("bracket not ipv6")
        << QByteArray("* [backend]:80")
        << one("routes:1: target '[backend]:80': 'backend' is not an IPv6 address");
    QTest::addRow("bracket without port")
        << QByteArray("* [::1]") << one("routes:1: target '[::1]' needs a port: [address]:port");
    QTest::addRow("target options without address")
        << QByteArray("* ,ssl") << one("routes:1: target address is missing before its options");
    QTest::addRow("path_beg empty")
        << QByteArray("*,path_beg= b:1") << one("routes:1: path_beg cannot be empty");
    QTest::addRow("path_beg without value")
        << QByteArray("*,path_beg b:1") << one("routes:1: path_beg cannot be empty");
    QTest::addRow("max_conn_time zero")
        << QByteArray("*,max_conn_time=0 b:1")
        << one("routes:1: max_conn_time must be a positive integer (seconds)");
    QTest::addRow("max_conn_time negative")
        << QByteArray("*,max_conn_time=-5 b:1")
        << one("routes:1: max_conn_time must be a positive integer (seconds)");
    QTest::addRow("max_conn_time text")
        << QByteArray("*,max_conn_time=1m b:1")
        << one("routes:1: max_conn_time must be a positive integer (seconds)");
    QTest::addRow("max_conn_time overflow")
        << QByteArray("*,max_conn_time=99999999999 b:1")
        << one("routes:1: max_conn_time must be a positive integer (seconds)");
    QTest::addRow("max_conn_time empty")
        << QByteArray("*,max_conn_time b:1")
        << one("routes:1: max_conn_time must be a positive integer (seconds)");
    QTest::addRow("path_rem text") << QByteArray("*,path_rem=x b:1")
                                   << one("routes:1: path_rem must be a non-negative integer");
    QTest::addRow("path_rem negative") << QByteArray("*,path_rem=-1 b:1")
                                       << one("routes:1: path_rem must be a non-negative integer");
    QTest::addRow("proto bad") << QByteArray("*,proto=tcp b:1")
                               << one("routes:1: proto must be 'http' or 'ws'");
    QTest::addRow("proto case") << QByteArray("*,proto=WS b:1")
                                << one("routes:1: proto must be 'http' or 'ws'");
    QTest::addRow("ssl bad") << QByteArray("*,ssl=maybe b:1")
                             << one("routes:1: ssl must be 'yes' or 'no'");
    QTest::addRow("ssl without value on condition")
        << QByteArray("*,ssl b:1") << one("routes:1: ssl must be 'yes' or 'no'");
    QTest::addRow("unterminated quote")
        << QByteArray("*,prefix=\"abc b:1") << one("routes:1: unterminated quote");
    QTest::addRow("backslash at end of line")
        << QByteArray("*,prefix=\"abc\\") << one("routes:1: unterminated quote");
    QTest::addRow("invalid escape")
        << QByteArray("*,prefix=\"a\\n\" b:1")
        << one("routes:1: invalid escape '\\n' in quotes (only \\\\ and \\\" are allowed)");
    QTest::addRow("missing target")
        << QByteArray("example.com") << one("routes:1: a condition needs at least one target");
    QTest::addRow("missing target before comment")
        << QByteArray("*,debug # b:1") << one("routes:1: a condition needs at least one target");
    QTest::addRow("no domain no id")
        << QByteArray("proto=ws b:1") << one("routes:1: condition has no domain or id");
    QTest::addRow("no domain, leading comma, no id")
        << QByteArray(",debug b:1") << one("routes:1: condition has no domain or id");
    QTest::addRow("empty option") << QByteArray("*,,debug b:1")
                                  << one("routes:1: expected an option after ','");
    QTest::addRow("trailing comma")
        << QByteArray("* b:1,") << one("routes:1: expected an option after ','");
    QTest::addRow("empty option name")
        << QByteArray("*,=x b:1") << one("routes:1: option name is empty");
    QTest::addRow("quoted empty option name")
        << QByteArray("*,\"\" b:1") << one("routes:1: option name is empty");
    QTest::addRow("header without colon")
        << QByteArray("*,header=NoColon b:1")
        << one("routes:1: header must use the format 'name:value'");
    QTest::addRow("header without name")
        << QByteArray("*,header=:v b:1")
        << one("routes:1: header must use the format 'name:value'");
    QTest::addRow("header name with space")
        << QByteArray("*,header=\"Bad Name:v\" b:1")
        << one("routes:1: header name 'Bad Name' is not a valid HTTP header name");
    QTest::addRow("flag with value")
        << QByteArray("*,debug=yes b:1") << one("routes:1: option 'debug' takes no value");
    QTest::addRow("target flag with value")
        << QByteArray("* b:1,ssl=yes") << one("routes:1: option 'ssl' takes no value");
    QTest::addRow("id empty") << QByteArray("*,id= b:1")
                              << one("routes:1: option 'id' needs a value");
    QTest::addRow("host override empty")
        << QByteArray("* b:1,host=") << one("routes:1: option 'host' needs a value");
    QTest::addRow("sub empty") << QByteArray("* b:1,sub")
                               << one("routes:1: option 'sub' needs a value");
    QTest::addRow("sig_key bad base64")
        << QByteArray("*,sig_key=base64:!!! b:1") << one("routes:1: sig_key is not valid base64");
    QTest::addRow("several errors on one line")
        << QByteArray("*,proto=x,ssl=y b:0,nope")
        << QStringList{"routes:1: proto must be 'http' or 'ws'",
                       "routes:1: ssl must be 'yes' or 'no'",
                       "routes:1: target 'b:0' has an invalid port '0' (1-65535)",
                       "routes:1: unknown option 'nope'"};
    QTest::addRow("every bad line is reported")
        << QByteArray("*,foo b:1\n"
                      "* good:1\n"
                      "\n"
                      "# comment\n"
                      "example.com b:x\n"
                      "other.example\n")
        << QStringList{"routes:1: unknown option 'foo'",
                       "routes:5: target 'b:x' has an invalid port 'x' (1-65535)",
                       "routes:6: a condition needs at least one target"};
}

void TestRoutesFile::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);

    const RoutesParseResult result = RoutesFile::parse(text, kFile);
    QCOMPARE(result.errors, expected);
    QVERIFY(!result.ok());
    // A bad line never yields a route; good lines around it still do.
    for (const Route &route : result.routes) {
        for (const QString &error : expected)
            QVERIFY(!error.startsWith(kFile + ':' + QString::number(route.line) + ':'));
    }
}

void TestRoutesFile::warnings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QList<int>>("routeLines");

    QTest::addRow("ignored condition options")
        << QByteArray("*,aco,jsonp_mode=basic,jsonp_cb=cb,jsonp_body=b,jsonp_defcb=d,"
                      "jsonp_defmethod=GET,sockjs=/s,sockjs_as_path=/p,log_level=3 b:1")
        << QStringList{"routes:1: option 'aco' is not supported by Holdfast and is ignored",
                       "routes:1: option 'jsonp_mode' is not supported by Holdfast and is ignored",
                       "routes:1: option 'jsonp_cb' is not supported by Holdfast and is ignored",
                       "routes:1: option 'jsonp_body' is not supported by Holdfast and is ignored",
                       "routes:1: option 'jsonp_defcb' is not supported by Holdfast and is ignored",
                       "routes:1: option 'jsonp_defmethod' is not supported by Holdfast and is "
                       "ignored",
                       "routes:1: option 'sockjs' is not supported by Holdfast and is ignored",
                       "routes:1: option 'sockjs_as_path' is not supported by Holdfast and is "
                       "ignored",
                       "routes:1: option 'log_level' is not supported by Holdfast and is ignored"}
        << QList<int>{1};
    QTest::addRow("ignored target options")
        << QByteArray("* b:1,trust_connect_host,client_cert=c.pem,client_key=k.pem,"
                      "ipc_file_mode=0600")
        << QStringList{"routes:1: option 'trust_connect_host' is not supported by Holdfast and is "
                       "ignored",
                       "routes:1: option 'client_cert' is not supported by Holdfast and is ignored",
                       "routes:1: option 'client_key' is not supported by Holdfast and is ignored",
                       "routes:1: option 'ipc_file_mode' is not supported by Holdfast and is "
                       "ignored"}
        << QList<int>{1};
    QTest::addRow("zhttp target beside a usable one")
        << QByteArray("* zhttpreq/tcp://127.0.0.1:10000,ipc_file_mode=0600 b:1")
        << QStringList{"routes:1: target 'zhttpreq/tcp://127.0.0.1:10000' is not supported by "
                       "Holdfast and is ignored"}
        << QList<int>{1};
    QTest::addRow("only zhttp targets")
        << QByteArray("* zhttp/tcp://127.0.0.1:10000\n* b:1")
        << QStringList{"routes:1: target 'zhttp/tcp://127.0.0.1:10000' is not supported by "
                       "Holdfast and is ignored",
                       "routes:1: no target Holdfast supports; the route is skipped"}
        << QList<int>{2};
    QTest::addRow("debug and session load with a warning")
        << QByteArray("*,debug,session b:1")
        << QStringList{"routes:1: option 'debug' changes nothing in Holdfast: its error answers "
                       "always carry the detail Pushpin adds with debug",
                       "routes:1: option 'session' is not supported by Holdfast and is ignored"}
        << QList<int>{1};
    QTest::addRow("duplicate condition")
        << QByteArray("* a:1\n* b:2")
        << QStringList{"routes:2: skipping duplicate condition (first on line 1)"} << QList<int>{1};
    QTest::addRow("duplicate condition ignores case and options")
        << QByteArray("Example.com,path_beg=/a a:1\nexample.com b:1\nexample.COM,path_beg=/a,"
                      "no_grip,id=other c:1")
        << QStringList{"routes:3: skipping duplicate condition (first on line 1)"}
        << QList<int>{1, 2};
    QTest::addRow("different proto ssl or domain is not a duplicate")
        << QByteArray("* a:1\n*,proto=ws a:1\n*,ssl=yes a:1\nexample.com a:1\n*,path_beg=/x a:1")
        << QStringList{} << QList<int>{1, 2, 3, 4, 5};
    QTest::addRow("no-domain routes are never duplicate conditions")
        << QByteArray("id=a a:1\nid=b b:1") << QStringList{} << QList<int>{1, 2};
    QTest::addRow("duplicate id")
        << QByteArray("*,id=x a:1\nexample.com,id=x b:2")
        << QStringList{"routes:2: id 'x' is also used on line 1; neither route can be found by id"}
        << QList<int>{1, 2};
    QTest::addRow("explicit id equal to a generated one, quoted")
        << QByteArray("* a:1\nexample.com,id=\"*,*,*,*\" b:2")
        << QStringList{"routes:2: id '*,*,*,*' is also used on line 1; neither route can be found "
                       "by id"}
        << QList<int>{1, 2};
    QTest::addRow("repeated option")
        << QByteArray("*,prefix=a,prefix=b,prefix=c b:1,host=x,host=y")
        << QStringList{"routes:1: option 'prefix' is given more than once; the last one is used",
                       "routes:1: option 'host' is given more than once; the last one is used"}
        << QList<int>{1};
    QTest::addRow("header and sub repeat freely")
        << QByteArray("*,header=A:1,header=A:2 b:1,sub=x,sub=y") << QStringList{} << QList<int>{1};
    QTest::addRow("path_rem with replace_beg")
        << QByteArray("*,path_beg=/a,path_rem=3,replace_beg=/b b:1")
        << QStringList{"routes:1: path_rem is ignored because replace_beg is set"} << QList<int>{1};
    QTest::addRow("blank and comment lines")
        << QByteArray("\n   \n# * a:1\n\t# indented comment\n* a:1\n") << QStringList{}
        << QList<int>{5};
    QTest::addRow("utf-8 bom") << QByteArray("\xEF\xBB\xBF* a:1") << QStringList{} << QList<int>{1};
}

void TestRoutesFile::warnings()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    QFETCH(QList<int>, routeLines);

    const RoutesParseResult result = RoutesFile::parse(text, kFile);
    QCOMPARE(result.errors, QStringList());
    QCOMPARE(result.warnings, expected);
    QList<int> lines;
    for (const Route &route : result.routes)
        lines << route.line;
    QCOMPARE(lines, routeLines);
}

void TestRoutesFile::provenance()
{
    const RoutesParseResult result =
        RoutesFile::parse("# header\n\n* a:1\nexample.com b:2\n", QStringLiteral("/etc/routes"));
    QCOMPARE(result.routes.size(), 2);
    QCOMPARE(result.routes[0].fileName, QStringLiteral("/etc/routes"));
    QCOMPARE(result.routes[0].line, 3);
    QCOMPARE(result.routes[1].line, 4);

    const RoutesParseResult bad = RoutesFile::parse("\n\n*,x b:1", QStringLiteral("/etc/routes"));
    QCOMPARE(bad.errors, QStringList{QStringLiteral("/etc/routes:3: unknown option 'x'")});
}

void TestRoutesFile::toLineExact_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("line");

    QTest::addRow("simple") << QByteArray("*   a:1  # c") << QByteArray("* a:1");
    QTest::addRow("options in canonical order")
        << QByteArray("example.com,path_beg=/x,proto=ws,id=main a:1,sub=s,ssl")
        << QByteArray("example.com,id=main,proto=ws,path_beg=/x a:1,ssl,sub=s");
    QTest::addRow("ipv6 target") << QByteArray("* [::1]:8080,ssl,host=x.example")
                                 << QByteArray("* [::1]:8080,ssl,host=x.example");
    QTest::addRow("insecure and untrusted are two options")
        << QByteArray("* a:1,untrusted,insecure") << QByteArray("* a:1,insecure,untrusted");
    QTest::addRow("quotes where needed")
        << QByteArray("*,header=\"X-A: a b\",prefix=\"p\\\"q\" a:1")
        << QByteArray("*,header=\"X-A:a b\",prefix=\"p\\\"q\" a:1");
    QTest::addRow("no domain") << QByteArray("id=internal a:1") << QByteArray("id=internal a:1");
    QTest::addRow("test target") << QByteArray("* test,sub=t") << QByteArray("* test,sub=t");
    QTest::addRow("binary sig_key as base64")
        << QByteArray("*,sig_key=base64:AAH/ a:1") << QByteArray("*,sig_key=base64:AAH/ a:1");
    QTest::addRow("text sig_key stays text")
        << QByteArray("*,sig_key=base64:c2VjcmV0 a:1") << QByteArray("*,sig_key=secret a:1");
}

void TestRoutesFile::toLineExact()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, line);

    const RoutesParseResult result = RoutesFile::parse(text, kFile);
    QVERIFY2(result.ok(), qPrintable(result.errors.join('\n')));
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(result.routes.first().toLine(), line);
}

void TestRoutesFile::roundTrip_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::addRow("wildcard") << QByteArray("* a:1");
    QTest::addRow("everything") << QByteArray(
        "Example.com,id=\"my id\",proto=http,ssl=no,path_beg=\"/a b\","
        "replace_beg=/c,path_rem=3,as_host=h:1,header=X-A:1,header=\"X-B:a, b\","
        "sig_iss=i,sig_key=base64:AAH/,prefix=\"p#\",no_grip,debug,orig_headers,"
        "session,max_conn_time=60 "
        "a:1,ssl,host=x,insecure,untrusted,over_http,one_event,sub=a,sub=\"b c\" "
        "[::1]:2 test");
    QTest::addRow("no domain, flag-first") << QByteArray(",debug,id=x a:1");
    QTest::addRow("quoted domain") << QByteArray("\"a=b\" x:1");
    QTest::addRow("quoted backslash") << QByteArray("*,prefix=\"a\\\\b\" x:1");
    QTest::addRow("replace_beg empty") << QByteArray("*,path_beg=/a,replace_beg= x:1");
    QTest::addRow("quoted target host") << QByteArray("* \"we#ird\":1");
}

void TestRoutesFile::roundTrip()
{
    QFETCH(QByteArray, text);

    const RoutesParseResult first = RoutesFile::parse(text, kFile);
    QVERIFY2(first.ok(), qPrintable(first.errors.join('\n')));
    QCOMPARE(first.routes.size(), 1);
    const QByteArray line = first.routes.first().toLine();
    const RoutesParseResult second = RoutesFile::parse(line, kFile);
    QVERIFY2(second.ok(), qPrintable(second.errors.join('\n') + "\nline: " + line));
    QCOMPARE(second.routes.size(), 1);
    QCOMPARE(describe(second.routes.first()), describe(first.routes.first()));
    QVERIFY(second.routes.first() == first.routes.first());
}

void TestRoutesFile::roundTripProgrammatic()
{
    // A route built in code (the UI editor) with a raw key and characters that need quoting.
    Route route;
    route.id = "edited, by hand";
    route.explicitId = true;
    route.domain = "";
    route.sigKey = QByteArray("\x00\x01\xfe", 3);
    route.headers.append(qMakePair(QByteArray("X-Tag"), QByteArray("a\"b")));
    RouteTarget target;
    target.host = "2001:db8::7";
    target.port = 443;
    target.ssl = true;
    route.targets << target;

    const RoutesParseResult result = RoutesFile::parse(route.toLine(), kFile);
    QVERIFY2(result.ok(), qPrintable(result.errors.join('\n') + "\n" + route.toLine()));
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(describe(result.routes.first()), describe(route));
    QVERIFY(result.routes.first() == route);

    // fileName and line are where a route came from, not part of it.
    Route moved = route;
    moved.fileName = "elsewhere";
    moved.line = 99;
    QVERIFY(moved == route);
    moved.targets[0].port = 444;
    QVERIFY(moved != route);
}

void TestRoutesFile::serializeFile()
{
    const QByteArray text = "# hand-written\n"
                            "* a:1\n"
                            "example.com,proto=ws,path_beg=/ws b:2,over_http c:3  # failover\n"
                            "id=hidden,sig_iss=x d:4\n";
    const RoutesParseResult first = RoutesFile::parse(text, kFile);
    QVERIFY(first.ok());
    QCOMPARE(first.routes.size(), 3);

    const QByteArray serialized = RoutesFile::serialize(first.routes);
    QCOMPARE(serialized, QByteArray("* a:1\n"
                                    "example.com,proto=ws,path_beg=/ws b:2,over_http c:3\n"
                                    "id=hidden,sig_iss=x d:4\n"));
    const RoutesParseResult second = RoutesFile::parse(serialized, kFile);
    QVERIFY(second.ok());
    QVERIFY(second.warnings.isEmpty());
    QCOMPARE(second.routes, first.routes);
    QCOMPARE(RoutesFile::serialize({}), QByteArray());
}

void TestRoutesFile::rewritePath_data()
{
    QTest::addColumn<QByteArray>("routeLine");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("no rewrite") << QByteArray("* a:1") << QByteArray("/a/b?x=1")
                                << QByteArray("/a/b?x=1");
    QTest::addRow("path_rem") << QByteArray("*,path_beg=/api,path_rem=4 a:1")
                              << QByteArray("/api/x?y=/api") << QByteArray("/x?y=/api");
    QTest::addRow("path_rem whole path") << QByteArray("*,path_beg=/api,path_rem=4 a:1")
                                         << QByteArray("/api?q") << QByteArray("/?q");
    QTest::addRow("path_rem past the end")
        << QByteArray("*,path_rem=10 a:1") << QByteArray("/a") << QByteArray("/");
    QTest::addRow("path_rem leaves no slash")
        << QByteArray("*,path_beg=/api,path_rem=4 a:1") << QByteArray("/apix") << QByteArray("/x");
    QTest::addRow("replace_beg") << QByteArray("*,path_beg=/api/,replace_beg=/v2/ a:1")
                                 << QByteArray("/api/x?q=/api/") << QByteArray("/v2/x?q=/api/");
    QTest::addRow("replace_beg empty") << QByteArray("*,path_beg=/api,replace_beg= a:1")
                                       << QByteArray("/api/x") << QByteArray("/x");
    QTest::addRow("replace_beg empty, exact path")
        << QByteArray("*,path_beg=/api,replace_beg= a:1") << QByteArray("/api") << QByteArray("/");
    QTest::addRow("replace_beg wins over path_rem")
        << QByteArray("*,path_beg=/api,path_rem=1,replace_beg=/b a:1") << QByteArray("/api/x")
        << QByteArray("/b/x");
    QTest::addRow("replace_beg without path_beg prepends")
        << QByteArray("*,replace_beg=/pre a:1") << QByteArray("/x") << QByteArray("/pre/x");
    QTest::addRow("percent-encoding kept")
        << QByteArray("*,path_beg=/a,path_rem=2 a:1") << QByteArray("/a/%2F%20?b=%20")
        << QByteArray("/%2F%20?b=%20");
    QTest::addRow("asterisk untouched")
        << QByteArray("*,path_rem=1 a:1") << QByteArray("*") << QByteArray("*");
    QTest::addRow("absolute-form untouched")
        << QByteArray("*,path_rem=1 a:1") << QByteArray("http://h/x") << QByteArray("http://h/x");
}

void TestRoutesFile::rewritePath()
{
    QFETCH(QByteArray, routeLine);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, expected);

    const RoutesParseResult result = RoutesFile::parse(routeLine, kFile);
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(result.routes.first().rewritePath(target), expected);
}

void TestRoutesFile::conditionId_data()
{
    QTest::addColumn<QByteArray>("routeLine");
    QTest::addColumn<QByteArray>("id");

    QTest::addRow("all unset") << QByteArray("* a:1") << QByteArray("*,*,*,*");
    QTest::addRow("all set") << QByteArray("ex.com,proto=ws,ssl=yes,path_beg=/p a:1")
                             << QByteArray("ex.com,ws,ssl,/p");
    QTest::addRow("ssl no") << QByteArray("*,ssl=no a:1") << QByteArray("*,*,no-ssl,*");
    QTest::addRow("explicit id is kept, conditionId still computed")
        << QByteArray("*,id=x,proto=http a:1") << QByteArray("*,http,*,*");
}

void TestRoutesFile::conditionId()
{
    QFETCH(QByteArray, routeLine);
    QFETCH(QByteArray, id);

    const RoutesParseResult result = RoutesFile::parse(routeLine, kFile);
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(result.routes.first().conditionId(), id);
    if (!result.routes.first().explicitId)
        QCOMPARE(result.routes.first().id, id);
}

void TestRoutesFile::loadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("routes"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("* a:1\r\n*,bogus b:2\r\n");
    file.close();

    const RoutesParseResult result = RoutesFile::load(path);
    QCOMPARE(result.errors, QStringList{path + QStringLiteral(":2: unknown option 'bogus'")});
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(result.routes.first().fileName, path);
}

void TestRoutesFile::loadMissingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing"));
    const RoutesParseResult result = RoutesFile::load(path);
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().startsWith(path + QStringLiteral(": cannot read: ")),
             qPrintable(result.errors.first()));
    QVERIFY(result.errors.first().size() > path.size() + 15); // a reason follows
    QVERIFY(result.routes.isEmpty());
}

void TestRoutesFile::parseLineAlone()
{
    const RoutesParseResult result =
        RoutesFile::parseLine("*,proto=ws a:1", QStringLiteral("--route"), 1);
    QVERIFY(result.ok());
    QCOMPARE(result.routes.size(), 1);
    QCOMPARE(result.routes.first().fileName, QStringLiteral("--route"));

    QCOMPARE(RoutesFile::parseLine("# nothing", QStringLiteral("x"), 7).routes.size(), 0);
    QCOMPARE(RoutesFile::parseLine("*", QStringLiteral("x"), 7).errors,
             QStringList{QStringLiteral("x:7: a condition needs at least one target")});
}

void TestRoutesFile::shippedExample()
{
    // resources/routes.example is what users copy; it must load cleanly and mean what it says.
    const QString path = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../resources/routes.example");
    const RoutesParseResult result = RoutesFile::load(path);
    QCOMPARE(result.errors, QStringList());
    QCOMPARE(result.warnings, QStringList());
    QCOMPARE(result.routes.size(), 10);

    const RouteTable table(result.routes);
    QCOMPARE(table.match("chat.example.com", "/", true, false)->targets.size(), 2);
    const Route *api = table.match("www.example.com", "/api/items?x=1", false, true);
    QVERIFY(api);
    QCOMPARE(api->rewritePath("/api/items?x=1"), QByteArray("/v2/items?x=1"));
    QCOMPARE(table.match("www.example.com", "/legacy/a", false, false)->rewritePath("/legacy/a"),
             QByteArray("/a"));
    QCOMPARE(table.match("x", "/stream", false, true)->id, QByteArray("secure-stream"));
    QCOMPARE(table.match("x", "/feed", true, false)->maxConnTimeSeconds, 3600);
    QVERIFY(table.match("dev.localhost:8443", "/", false, true)->targets.first().insecure);
    QCOMPARE(table.findById("grip-backend")->sigKey, QByteArray("secret"));
    QVERIFY(table.match("test.localhost", "/ws", true, false)->targets.first().isTest);
}

QTEST_GUILESS_MAIN(TestRoutesFile)
#include "tst_routesfile.moc"
