// Every configurable limit of docs/security.md, each set low in an in-process broker and hit
// with real sockets, asserting what the client sees: 503 + Retry-After beyond the connection
// limit, 431 for a large head, 408 for a slow head, 413 for a large publish body, close 1009 for
// a large Fanout WebSocket message, 502 for a GRIP backend's large response body, subscriptions
// of a Fanout WebSocket beyond its channel limit ignored, and a slow subscriber (held HTTP and
// Fanout WebSocket) closed and counted while a subscriber that keeps up gets every message.
#include <memory>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QTcpServer>
#include <QtTest>

#include "brokerrunner.h"
#include "net/stream.h"
#include "sockettestutil.h"
#include "testpublisher.h"

using namespace sockettest;

namespace {
constexpr int Wait = 10'000;
const QByteArray Routes = "*,path_beg=/test/ test\n";
const QByteArray WsHandshake = "GET /test/websocket HTTP/1.1\r\nHost: localhost\r\n"
                               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                               "Sec-WebSocket-Version: 13\r\n\r\n";

// A masked client text frame (mask key 0, so the payload goes as is).
QByteArray clientTextFrame(const QByteArray &payload)
{
    QByteArray frame("\x81", 1);
    if (payload.size() < 126) {
        frame += char(0x80 | payload.size());
    } else {
        frame += char(0x80 | 126);
        frame += char(payload.size() >> 8);
        frame += char(payload.size() & 0xff);
    }
    frame += QByteArray(4, '\0');
    return frame + payload;
}

// The unmasked text frames at the start of *buffer, whose payloads go to *out; a frame cut
// short stays in the buffer.
void takeServerTextFrames(QByteArray *buffer, QList<QByteArray> *out)
{
    while (buffer->size() >= 2) {
        qsizetype length = quint8(buffer->at(1)) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (buffer->size() < 4)
                return;
            length = (quint8(buffer->at(2)) << 8) | quint8(buffer->at(3));
            header = 4;
        }
        if (buffer->size() < header + length)
            return;
        if (quint8(buffer->at(0)) == 0x81)
            out->append(buffer->mid(header, length));
        buffer->remove(0, header + length);
    }
}

// A WebSocket-over-HTTP event ("TEXT <hex length>\r\n<content>\r\n").
QByteArray wsEvent(const QByteArray &type, const QByteArray &content)
{
    return type + ' ' + QByteArray::number(content.size(), 16) + "\r\n" + content + "\r\n";
}

// A client that never reads, with a tiny receive buffer so the broker's queue fills quickly.
// Blocking, for the handshake only; -1 on failure.
int slowClient(quint16 port, const QByteArray &request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::send(fd, request.constData(), size_t(request.size()), 0) != request.size()) {
        ::close(fd);
        return -1;
    }
    // Only the response head, a byte at a time, so nothing after it is taken off the socket.
    QByteArray head;
    char byte = 0;
    while (!head.endsWith("\r\n\r\n") && ::recv(fd, &byte, 1, 0) == 1)
        head += byte;
    if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.1 101")) {
        qWarning("slow client got %s", head.constData());
        ::close(fd);
        return -1;
    }
    return fd;
}
} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void connectionLimitAnswers503WithRetryAfter();
    void largeHeadIs431();
    void hugeHeadInFlightIs431_data();
    void hugeHeadInFlightIs431();
    void lingeringCloseEndsWhenClientGoesQuiet();
    void lingeringCloseEndsAfterByteBudget();
    void lingeringConnectionsCountAgainstLimit();
    void closingConnectionThatStopsReadingIsDropped();
    void slowHeadIs408();
    void largePublishBodyIs413();
    void itemContentLimitIsConfigurable_data();
    void itemContentLimitIsConfigurable();
    void largeFanoutWebSocketMessageIsClosed1009();
    void largeGripBodyIs502_data();
    void largeGripBodyIs502();
    void channelsBeyondLimitAreIgnored();
    void slowHttpSubscriberIsClosedOthersUnaffected_data();
    void slowHttpSubscriberIsClosedOthersUnaffected();
    void slowWebSocketSubscriberIsClosedOthersUnaffected();

private:
    bool start(const Configuration &config);
    // POSTs one http-stream item with contentSize bytes of content; the answer (status 0 if none).
    Message postStreamItem(qsizetype contentSize) const;
    QByteArray metrics() const;
    bool publish(const QByteArray &format, int first, int count, qsizetype size);
    bool publishTo(const QByteArray &channel, const QByteArray &content);
    bool closedWithReason(const QByteArray &prefix) const;

    std::unique_ptr<BrokerRunner> m_broker;
    int m_slowFd = -1;
};

void TestLimits::init()
{
    m_broker.reset();
}

void TestLimits::cleanup()
{
    if (m_slowFd >= 0)
        ::close(m_slowFd);
    m_slowFd = -1;
    m_broker.reset();
}

bool TestLimits::start(const Configuration &config)
{
    m_broker = std::make_unique<BrokerRunner>();
    return m_broker->start(config);
}

QByteArray TestLimits::metrics() const
{
    const auto socket = connectTo(m_broker->publishPort);
    if (!socket)
        return {};
    writeNow(socket.get(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return readUntilClosed(socket.get());
}

// Publishes count items numbered from first to channel "test", each carrying size bytes in the
// given format ("http-stream" or "ws-message"); each content starts with "<m{n}|".
bool TestLimits::publish(const QByteArray &format, int first, int count, qsizetype size)
{
    harness::Publisher publisher(m_broker->publishPort);
    constexpr int PerRequest = 10;
    for (int n = first; n < first + count; n += PerRequest) {
        QList<QJsonObject> list;
        for (int i = n; i < qMin(n + PerRequest, first + count); ++i) {
            const QByteArray marker = "<m" + QByteArray::number(i) + "|";
            const QByteArray content = marker + QByteArray(size - marker.size(), 'x');
            list.append(harness::item(QStringLiteral("test"), QString::fromLatin1(format),
                                      {{QStringLiteral("content"), QString::fromLatin1(content)}}));
        }
        if (!publisher.publish(harness::items(list)))
            return false;
        // The subscribers that keep up are QTcpSockets of this thread: they read only while the
        // event loop runs, so a burst of publishes without it would make them slow too.
        QTest::qWait(20);
    }
    return true;
}

// One ws-message item carrying content to channel.
bool TestLimits::publishTo(const QByteArray &channel, const QByteArray &content)
{
    harness::Publisher publisher(m_broker->publishPort);
    return publisher.publish(harness::items(
        {harness::textItem(QString::fromUtf8(channel), QString::fromUtf8(content))}));
}

bool TestLimits::closedWithReason(const QByteArray &prefix) const
{
    ConnectionInfo info;
    for (quint64 i = 0; m_broker->closedRecord(i, &info); ++i) {
        if (info.closeReason.startsWith(prefix))
            return true;
    }
    return false;
}

void TestLimits::connectionLimitAnswers503WithRetryAfter()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxConnections = 2;
    QVERIFY(start(config));
    auto first = connectTo(m_broker->port);
    auto second = connectTo(m_broker->port);
    QVERIFY(first && second);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nconnection_connected 2\n"), Wait);

    const auto third = connectTo(m_broker->port);
    QVERIFY(third);
    writeNow(third.get(), "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray buffer;
    Message answer;
    QVERIFY(takeMessage(third.get(), &buffer, &answer));
    QCOMPARE(answer.status(), 503);
    QCOMPARE(answer.value("Retry-After"), QByteArray("5"));
    QVERIFY2(answer.body.contains("too many connections (limit 2)"), answer.body.constData());
    QVERIFY(waitClosed(third.get()));
    QVERIFY(metrics().contains("\nholdfast_connections_refused_total 1\n"));

    // Below the limit again, a new connection is served.
    first.reset();
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nconnection_connected 1\n"), Wait);
    const auto fourth = connectTo(m_broker->port);
    QVERIFY(fourth);
    writeNow(fourth.get(), "GET /none HTTP/1.1\r\nHost: localhost\r\n\r\n");
    buffer.clear();
    QVERIFY(takeMessage(fourth.get(), &buffer, &answer));
    QCOMPARE(answer.status(), 404);
}

void TestLimits::largeHeadIs431()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxHeaderBytes = 2048;
    QVERIFY(start(config));
    const auto small = connectTo(m_broker->port);
    QVERIFY(small);
    writeNow(small.get(), "GET /none HTTP/1.1\r\nHost: localhost\r\nX-Pad: " +
                              QByteArray(1500, 'a') + "\r\n\r\n");
    QByteArray buffer;
    Message answer;
    QVERIFY(takeMessage(small.get(), &buffer, &answer));
    QCOMPARE(answer.status(), 404);

    const auto large = connectTo(m_broker->port);
    QVERIFY(large);
    writeNow(large.get(), "GET /none HTTP/1.1\r\nHost: localhost\r\nX-Pad: " +
                              QByteArray(3000, 'a') + "\r\n\r\n");
    buffer.clear();
    QVERIFY(takeMessage(large.get(), &buffer, &answer));
    QCOMPARE(answer.status(), 431);
    QVERIFY(waitClosed(large.get()));
}

// A client that sends its whole head before it reads (as most do) must still get the 431: the
// broker answers after maxHeaderBytes and reads away the rest before it closes, since closing
// with unread bytes sends a reset that destroys the answer (Stream::closeAfterLinger).
void TestLimits::hugeHeadInFlightIs431_data()
{
    QTest::addColumn<bool>("publishApi");
    QTest::addRow("client port") << false;
    QTest::addRow("publish API") << true;
}

void TestLimits::hugeHeadInFlightIs431()
{
    QFETCH(bool, publishApi);
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxHeaderBytes = 2048;
    QVERIFY(start(config));
    for (int round = 0; round < 5; ++round) {
        const auto socket = connectTo(publishApi ? m_broker->publishPort : m_broker->port);
        QVERIFY(socket);
        writeNow(socket.get(), "POST /publish/ HTTP/1.1\r\nHost: localhost\r\nX-Pad: " +
                                   QByteArray(1024 * 1024, 'a') + "\r\n\r\n");
        QByteArray buffer;
        Message answer;
        QVERIFY2(takeMessage(socket.get(), &buffer, &answer), qPrintable(socket->errorString()));
        QCOMPARE(answer.status(), 431);
        QVERIFY(waitClosed(socket.get()));
    }
}

// A client that got its error answer but neither closes nor sends is closed after
// Stream::LingerIdleMs, and the connection stops counting as lingering.
void TestLimits::lingeringCloseEndsWhenClientGoesQuiet()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxPublishBodyBytes = 2000;
    QVERIFY(start(config));
    // A raw socket: a QTcpSocket would close as soon as it sees the broker's end of sending.
    const int fd = rawConnect(m_broker->publishPort);
    QVERIFY(fd >= 0);
    auto closeFd = qScopeGuard([fd] { ::close(fd); });
    const QByteArray request =
        "POST /publish/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
        QByteArray(5000, ' ');
    QCOMPARE(::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL), request.size());
    QByteArray answer(4096, '\0');
    const ssize_t got = ::recv(fd, answer.data(), size_t(answer.size()), 0);
    QVERIFY(got > 0);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QElapsedTimer quiet;
    quiet.start();
    QVERIFY(metrics().contains("\nholdfast_connections_lingering 1\n"));
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nholdfast_connections_lingering 0\n"), Wait);
    // The idle bound ended it, not the client and not the total time.
    QVERIFY2(quiet.elapsed() >= Stream::LingerIdleMs - 500 &&
                 quiet.elapsed() < Stream::LingerTimeMs,
             qPrintable(QString::number(quiet.elapsed())));
    char byte = 0;
    QCOMPARE(::recv(fd, &byte, 1, 0), ssize_t(0));
}

// A client that keeps sending is cut off after Stream::LingerMaxBytes, long before
// Stream::LingerTimeMs.
void TestLimits::lingeringCloseEndsAfterByteBudget()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxPublishBodyBytes = 2000;
    QVERIFY(start(config));
    const int fd = rawConnect(m_broker->publishPort);
    QVERIFY(fd >= 0);
    auto closeFd = qScopeGuard([fd] { ::close(fd); });
    const QByteArray head =
        "POST /publish/ HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n";
    QCOMPARE(::send(fd, head.constData(), size_t(head.size()), MSG_NOSIGNAL), head.size());
    const QByteArray block(64 * 1024, ' ');
    QElapsedTimer sending;
    sending.start();
    qint64 sent = 0;
    // Bounded: twice the budget, or the broker's time bound.
    while (sent < 2 * Stream::LingerMaxBytes && sending.elapsed() < Stream::LingerTimeMs) {
        const ssize_t n = ::send(fd, block.constData(), size_t(block.size()), MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += n;
    }
    QVERIFY2(sent < 2 * Stream::LingerMaxBytes, qPrintable(QString::number(sent)));
    QVERIFY2(sending.elapsed() < Stream::LingerTimeMs - 2000,
             qPrintable(QString::number(sending.elapsed())));
    QVERIFY(sent >= Stream::LingerMaxBytes);
}

// A lingering close still holds a descriptor, so it counts against --max-connections.
void TestLimits::lingeringConnectionsCountAgainstLimit()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxConnections = 2;
    config.maxHeaderBytes = 2048;
    QVERIFY(start(config));
    // Refused with 431; this client reads its answer but keeps the connection.
    const int fd = rawConnect(m_broker->port);
    QVERIFY(fd >= 0);
    auto closeFd = qScopeGuard([fd] { ::close(fd); });
    const QByteArray large = "GET /none HTTP/1.1\r\nX-Pad: " + QByteArray(4000, 'a') + "\r\n\r\n";
    QCOMPARE(::send(fd, large.constData(), size_t(large.size()), MSG_NOSIGNAL), large.size());
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nholdfast_connections_lingering 1\n"), Wait);
    const auto held = connectTo(m_broker->port);
    QVERIFY(held);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nconnection_connected 1\n"), Wait);

    const auto third = connectTo(m_broker->port);
    QVERIFY(third);
    writeNow(third.get(), "GET /none HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray buffer;
    Message answer;
    QVERIFY(takeMessage(third.get(), &buffer, &answer));
    QCOMPARE(answer.status(), 503);
}

// A response that ends the connection (Connection: close) is written out before the close; a
// reader that stopped taking it is dropped after Configuration::drainIdleMs instead of holding
// the descriptor for ever.
void TestLimits::closingConnectionThatStopsReadingIsDropped()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.drainIdleMs = 1000;
    // Neither slow-subscriber bound may close it first: the close action must.
    config.maxPendingMessages = 1'000'000;
    config.maxPendingBytes = 256 * 1024 * 1024;
    QVERIFY(start(config));
    m_slowFd = slowClient(m_broker->port, "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n"
                                          "Connection: close\r\n\r\n");
    QVERIFY(m_slowFd >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("{transport=\"http-stream\"} 1\n"), Wait);
    // 16 MiB: more than the kernel's buffers on both sides take, so most stays queued.
    QVERIFY(publish("http-stream", 0, 256, 64 * 1000));
    const auto publisher = connectTo(m_broker->publishPort);
    QVERIFY(publisher);
    const QByteArray close = R"({"items":[{"channel":"test","formats":{"http-stream":)"
                             R"({"action":"close"}}}]})";
    writeNow(publisher.get(), "POST /publish/ HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                  QByteArray::number(close.size()) + "\r\n\r\n" + close);
    QByteArray buffer;
    Message answer;
    QVERIFY(takeMessage(publisher.get(), &buffer, &answer, Wait));
    QVERIFY2(answer.status() == 200, answer.body.constData());
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("{transport=\"http-stream\"} 0\n"), Wait);
    QVERIFY(metrics().contains("\nholdfast_connections_lingering 1\n"));
    QElapsedTimer draining;
    draining.start();
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("\nholdfast_connections_lingering 0\n"), Wait);
    QVERIFY2(draining.elapsed() >= 500, qPrintable(QString::number(draining.elapsed())));
}

void TestLimits::slowHeadIs408()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.headerTimeoutMs = 1000;
    QVERIFY(start(config));
    const auto socket = connectTo(m_broker->port);
    QVERIFY(socket);
    QElapsedTimer clock;
    clock.start();
    writeNow(socket.get(), "GET /test/stream HTTP/1.1\r\nHost: local");
    QByteArray buffer;
    Message answer;
    QVERIFY(takeMessage(socket.get(), &buffer, &answer, Wait));
    QCOMPARE(answer.status(), 408);
    QVERIFY2(answer.body.contains("no complete request head within 1 s"), answer.body.constData());
    // The wheel ticks every 100 ms.
    QVERIFY2(clock.elapsed() >= 900 && clock.elapsed() < 3000,
             QByteArray::number(clock.elapsed()).constData());
    QVERIFY(waitClosed(socket.get()));
}

void TestLimits::largePublishBodyIs413()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxPublishBodyBytes = 2000;
    QVERIFY(start(config));
    QCOMPARE(postStreamItem(1500).status(), 200);
    const Message refused = postStreamItem(2500);
    QCOMPARE(refused.status(), 413);
    QVERIFY2(refused.body.contains("request body exceeds 2000 bytes"), refused.body.constData());
}

// Fastly's 65,536 bytes per content by default; another limit, or none as in Pushpin.
void TestLimits::itemContentLimitIsConfigurable_data()
{
    QTest::addColumn<qsizetype>("limit");
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<QByteArray>("refusal"); // empty: accepted
    QTest::addRow("default, at the limit")
        << qsizetype(65'536) << qsizetype(65'536) << QByteArray();
    QTest::addRow("default, over")
        << qsizetype(65'536) << qsizetype(65'537)
        << QByteArray("items[0].formats.http-stream.content: 65537 bytes exceeds the 65536-byte "
                      "limit");
    QTest::addRow("10 bytes, over")
        << qsizetype(10) << qsizetype(11)
        << QByteArray("items[0].formats.http-stream.content: 11 bytes exceeds the 10-byte limit");
    QTest::addRow("no limit") << qsizetype(0) << qsizetype(300'000) << QByteArray();
}

void TestLimits::itemContentLimitIsConfigurable()
{
    QFETCH(qsizetype, limit);
    QFETCH(qsizetype, size);
    QFETCH(QByteArray, refusal);
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxItemContentBytes = limit;
    QVERIFY(start(config));
    const Message answer = postStreamItem(size);
    if (refusal.isEmpty()) {
        QCOMPARE(answer.status(), 200);
    } else {
        QCOMPARE(answer.status(), 400);
        QVERIFY2(answer.body.contains(refusal), answer.body.constData());
    }
}

Message TestLimits::postStreamItem(qsizetype contentSize) const
{
    const QByteArray body = R"({"items":[{"channel":"test","formats":{"http-stream":)"
                            R"({"content":")" +
                            QByteArray(contentSize, 'x') + R"("}}}]})";
    const auto socket = connectTo(m_broker->publishPort);
    Message answer;
    if (!socket)
        return answer;
    writeNow(socket.get(),
             "POST /publish/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: " +
                 QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray buffer;
    takeMessage(socket.get(), &buffer, &answer);
    return answer;
}

void TestLimits::largeFanoutWebSocketMessageIsClosed1009()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxWsMessageBytes = 1000;
    QVERIFY(start(config));
    const auto socket = connectTo(m_broker->port);
    QVERIFY(socket);
    writeNow(socket.get(), WsHandshake);
    QByteArray buffer;
    Message head;
    QVERIFY(takeHead(socket.get(), &buffer, &head));
    QCOMPARE(head.status(), 101);

    // At the limit: echoed by the test backend.
    writeNow(socket.get(), clientTextFrame(QByteArray(1000, 'a')));
    QVERIFY(readAtLeast(socket.get(), &buffer, 4 + 1000));
    QCOMPARE(buffer.left(4), QByteArray("\x81\x7e\x03\xe8", 4));
    buffer.remove(0, 4 + 1000);

    // One byte over: a close frame with 1009, then the connection ends.
    writeNow(socket.get(), clientTextFrame(QByteArray(1001, 'a')));
    QVERIFY(readAtLeast(socket.get(), &buffer, 4));
    QCOMPARE(quint8(buffer.at(0)), quint8(0x88));
    QCOMPARE((quint8(buffer.at(2)) << 8) | quint8(buffer.at(3)), 1009);
    QVERIFY(waitClosed(socket.get()));
}

void TestLimits::largeGripBodyIs502_data()
{
    QTest::addColumn<bool>("instruct");
    QTest::addRow("Grip-Hold headers, body for the client") << false;
    QTest::addRow("application/grip-instruct body") << true;
}

// The body of a GRIP backend's answer is what a held client gets first (or, for grip-instruct,
// the instruction itself); it is read whole, so it is limited. Pushpin answers 502 too.
void TestLimits::largeGripBodyIs502()
{
    QFETCH(bool, instruct);
    QTcpServer backend;
    QVERIFY(backend.listen(QHostAddress::LocalHost, 0));
    Configuration config = BrokerRunner::configFor(
        "*,path_beg=/grip/ 127.0.0.1:" + QByteArray::number(backend.serverPort()) + "\n");
    config.maxGripBodyBytes = 2000;
    QVERIFY(start(config));

    // A client's request answered by the backend with a body of exactly size bytes that holds
    // it on channel "test"; *client keeps the connection, *buffer what arrived after the head.
    const auto hold = [&](qsizetype size, std::unique_ptr<QTcpSocket> *client, QByteArray *buffer,
                          Message *head) {
        *client = connectTo(m_broker->port);
        if (!*client)
            return false;
        writeNow(client->get(), "GET /grip/x HTTP/1.1\r\nHost: localhost\r\n\r\n");
        if (!backend.hasPendingConnections() && !backend.waitForNewConnection(Wait))
            return false;
        std::unique_ptr<QTcpSocket> origin(backend.nextPendingConnection());
        QByteArray originBuffer;
        Message request;
        if (!takeMessage(origin.get(), &originBuffer, &request))
            return false;
        QByteArray response = "HTTP/1.1 200 OK\r\n";
        QByteArray body;
        if (instruct) {
            const QByteArray start = R"({"hold":{"mode":"stream","channels":[{"name":"test"}]},)"
                                     R"("response":{"body":")";
            const QByteArray end = R"("}})";
            body = start + QByteArray(size - start.size() - end.size(), 'b') + end;
            response += "Content-Type: application/grip-instruct\r\n";
        } else {
            body = QByteArray(size, 'b');
            response += "Content-Type: text/plain\r\nGrip-Hold: stream\r\nGrip-Channel: test\r\n";
        }
        writeNow(origin.get(), response + "Content-Length: " + QByteArray::number(body.size()) +
                                   "\r\n\r\n" + body);
        return takeHead(client->get(), buffer, head);
    };

    // At the limit: held, the body first, then what is published.
    std::unique_ptr<QTcpSocket> atLimit;
    QByteArray received;
    Message head;
    QVERIFY(hold(2000, &atLimit, &received, &head));
    QCOMPARE(head.status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("{transport=\"http-stream\"} 1\n"), Wait);
    QVERIFY(publish("http-stream", 0, 1, 16));
    QTRY_VERIFY_WITH_TIMEOUT((received += atLimit->readAll()).contains("<m0|"), Wait);
    QVERIFY(received.contains("bbbbbbbbbb"));

    // One byte over: 502 naming the limit, and the connection ends.
    std::unique_ptr<QTcpSocket> over;
    QByteArray overBuffer;
    QVERIFY(hold(2001, &over, &overBuffer, &head));
    QCOMPARE(head.status(), 502);
    const QByteArray rest = overBuffer + readUntilClosed(over.get());
    QVERIFY2(rest.contains("sent a GRIP response body over 2000 bytes"), rest.constData());
}

// Beyond its channel limit a Fanout WebSocket's subscribe is ignored, as in Pushpin: the client
// stays connected and gets what is published to the channels it has.
void TestLimits::channelsBeyondLimitAreIgnored()
{
    QTcpServer backend;
    QVERIFY(backend.listen(QHostAddress::LocalHost, 0));
    Configuration config = BrokerRunner::configFor(
        "*,path_beg=/ws/ 127.0.0.1:" + QByteArray::number(backend.serverPort()) + ",over_http\n");
    config.maxWsChannels = 3;
    QVERIFY(start(config));
    const auto client = connectTo(m_broker->port);
    QVERIFY(client);
    QByteArray handshake = WsHandshake;
    handshake.replace("/test/websocket", "/ws/x");
    writeNow(client.get(), handshake);

    // The backend accepts and asks for four channels.
    QVERIFY(backend.hasPendingConnections() || backend.waitForNewConnection(Wait));
    std::unique_ptr<QTcpSocket> origin(backend.nextPendingConnection());
    QByteArray originBuffer;
    Message open;
    QVERIFY(takeMessage(origin.get(), &originBuffer, &open));
    QVERIFY2(open.body.startsWith("OPEN"), open.body.constData());
    QByteArray events = "OPEN\r\n";
    for (int i = 1; i <= 4; ++i)
        events += wsEvent("TEXT", R"(c:{"type":"subscribe","channel":"c)" + QByteArray::number(i) +
                                      R"("})");
    writeNow(origin.get(), "HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events\r\n"
                           "Sec-WebSocket-Extensions: grip\r\nContent-Length: " +
                               QByteArray::number(events.size()) + "\r\n\r\n" + events);
    QByteArray received;
    Message head;
    QVERIFY(takeHead(client.get(), &received, &head));
    QCOMPARE(head.status(), 101);
    ConnectionInfo info;
    QTRY_VERIFY_WITH_TIMEOUT(m_broker->latest(&info) && info.channels.size() == 3, Wait);
    QCOMPARE(info.channels, (QList<QByteArray>{"c1", "c2", "c3"}));

    // Items to one connection arrive in publish order, so c4's would come before the last.
    for (const char *channel : {"c1", "c2", "c4", "c3"})
        QVERIFY(publishTo(channel, QByteArray("to ") + channel));
    QList<QByteArray> messages;
    const auto threeArrived = [&] {
        received += client->readAll();
        takeServerTextFrames(&received, &messages);
        return messages.size() >= 3;
    };
    QTRY_VERIFY_WITH_TIMEOUT(threeArrived(), Wait);
    QCOMPARE(messages, (QList<QByteArray>{"to c1", "to c2", "to c3"}));
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
}

void TestLimits::slowHttpSubscriberIsClosedOthersUnaffected_data()
{
    QTest::addColumn<int>("maxMessages");
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<qint64>("maxTotalBytes");
    QTest::addColumn<QByteArray>("reason");
    const qint64 noTotal = qint64(1) << 40;
    QTest::addRow("by messages") << 20 << qsizetype(256 * 1024 * 1024) << noTotal
                                 << QByteArray("slow subscriber: 21 messages");
    QTest::addRow("by bytes") << 1'000'000 << qsizetype(256 * 1024) << noTotal
                              << QByteArray("slow subscriber: ");
    // Neither of its own bounds is reached: what every connection holds together is.
    QTest::addRow("by all connections' bytes")
        << 1'000'000 << qsizetype(256 * 1024 * 1024) << qint64(512 * 1024)
        << QByteArray("slow subscriber: ");
}

void TestLimits::slowHttpSubscriberIsClosedOthersUnaffected()
{
    QFETCH(int, maxMessages);
    QFETCH(qsizetype, maxBytes);
    QFETCH(qint64, maxTotalBytes);
    QFETCH(QByteArray, reason);
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxPendingMessages = maxMessages;
    config.maxPendingBytes = maxBytes;
    config.maxPendingBytesTotal = maxTotalBytes;
    QVERIFY(start(config));
    m_slowFd = slowClient(m_broker->port, "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QVERIFY(m_slowFd >= 0);
    const auto fast = connectTo(m_broker->port);
    QVERIFY(fast);
    writeNow(fast.get(), "GET /test/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray received;
    Message head;
    QVERIFY(takeHead(fast.get(), &received, &head));
    QCOMPARE(head.status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("{transport=\"http-stream\"} 2\n"), Wait);

    constexpr int Messages = 400;
    QVERIFY(publish("http-stream", 0, Messages, 32 * 1024));
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += fast->readAll()).contains("<m" + QByteArray::number(Messages - 1) + "|"),
        Wait);
    QCOMPARE(received.count("<m"), Messages);
    QVERIFY(metrics().contains("\nholdfast_slow_subscribers_closed_total 1\n"));
    QTRY_VERIFY_WITH_TIMEOUT(closedWithReason(reason), Wait);
    QVERIFY(metrics().contains("{transport=\"http-stream\"} 1\n"));
    ConnectionInfo closed;
    QVERIFY(m_broker->closedRecord(0, &closed));
    QCOMPARE(closed.closeReason.contains("; all connections "), maxTotalBytes < (qint64(1) << 40));
}

void TestLimits::slowWebSocketSubscriberIsClosedOthersUnaffected()
{
    Configuration config = BrokerRunner::configFor(Routes);
    config.maxPendingMessages = 20;
    config.maxPendingBytes = 256 * 1024 * 1024;
    QVERIFY(start(config));
    m_slowFd = slowClient(m_broker->port, WsHandshake);
    QVERIFY(m_slowFd >= 0);
    const auto fast = connectTo(m_broker->port);
    QVERIFY(fast);
    writeNow(fast.get(), WsHandshake);
    QByteArray received;
    Message head;
    QVERIFY(takeHead(fast.get(), &received, &head));
    QCOMPARE(head.status(), 101);
    // Both are subscribed once the later one hears a first publish.
    QVERIFY(publish("ws-message", -1, 1, 16));
    QTRY_VERIFY_WITH_TIMEOUT((received += fast->readAll()).contains("<m-1|"), Wait);

    constexpr int Messages = 400;
    QVERIFY(publish("ws-message", 0, Messages, 32 * 1024));
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += fast->readAll()).contains("<m" + QByteArray::number(Messages - 1) + "|"),
        Wait);
    QCOMPARE(received.count("<m"), Messages + 1);
    QVERIFY(metrics().contains("\nholdfast_slow_subscribers_closed_total 1\n"));
    QTRY_VERIFY_WITH_TIMEOUT(closedWithReason("slow subscriber: 21 messages"), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(metrics().contains("{transport=\"ws-fanout\"} 1\n"), Wait);
}

QTEST_MAIN(TestLimits)
#include "tst_limits.moc"
