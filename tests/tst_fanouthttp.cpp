// GRIP over HTTP through an in-process broker. The GRIP backend is a QTcpServer in the test that
// answers with Grip-* headers, clients are raw QTcpSockets and items go to the broker's publish
// API over a raw socket too, so every byte a held client receives can be compared with what was
// published.
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "grip/gripsigner.h"
#include "gripsigcheck.h"
#include "logcapture.h"
#include "sockettestutil.h"
#include "testpublisher.h"

using namespace sockettest;
using harness::item;
using harness::items;
using harness::streamItem;

namespace {
constexpr int Wait = 5000;

QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {},
               const QByteArray &version = "HTTP/1.1")
{
    return "GET " + path + ' ' + version + "\r\nHost: app.test:7676\r\n" + extraHeaders + "\r\n";
}

// A backend response carrying GRIP headers, with a Content-Length body.
QByteArray gripResponse(const QByteArray &gripHeaders, const QByteArray &body = {},
                        const QByteArray &contentType = "text/plain")
{
    return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n" + gripHeaders +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// A GRIP-held client: its socket, the head the broker sent it, and the bytes after that head.
struct Held
{
    std::unique_ptr<QTcpSocket> client;
    std::unique_ptr<QTcpSocket> backend;
    Message atBackend;
    Message head;
    QByteArray buffer;
};
} // namespace

class TestFanoutHttp : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_backend;
    std::unique_ptr<BrokerRunner> m_broker;

    Configuration config(const QByteArray &conditionOptions = {}) const
    {
        Configuration config = BrokerRunner::configFor(
            "*" + conditionOptions + " 127.0.0.1:" + QByteArray::number(m_backend.serverPort()) +
            "\n");
        config.shutdownGraceMs = 1000;
        return config;
    }

    bool start(const Configuration &config)
    {
        m_broker = std::make_unique<BrokerRunner>();
        return m_broker->start(config) && m_broker->publishPort != 0;
    }

    std::unique_ptr<QTcpSocket> acceptBackend(int timeoutMs = Wait)
    {
        if (!m_backend.hasPendingConnections() && !m_backend.waitForNewConnection(timeoutMs))
            return nullptr;
        return std::unique_ptr<QTcpSocket>(m_backend.nextPendingConnection());
    }

    // The client sends request, the backend reads it and sends response. What reaches the client
    // is the caller's to read.
    bool request(Held *held, const QByteArray &response, const QByteArray &request = get("/hold"))
    {
        held->client = connectTo(m_broker->port);
        if (!held->client)
            return false;
        writeNow(held->client.get(), request);
        held->backend = acceptBackend();
        if (!held->backend) {
            qWarning("the broker did not connect to the backend");
            return false;
        }
        QByteArray backendBuffer;
        if (!takeMessage(held->backend.get(), &backendBuffer, &held->atBackend))
            return false;
        writeNow(held->backend.get(), response);
        return true;
    }

    // request(), then the head of the held response.
    bool hold(Held *held, const QByteArray &response, const QByteArray &path = get("/hold"))
    {
        return request(held, response, path) &&
               takeHead(held->client.get(), &held->buffer, &held->head);
    }

    // One publish request on its own connection; true when the broker answered 200.
    bool publish(const QByteArray &body) const
    {
        harness::Publisher publisher(m_broker->publishPort);
        return publisher.publish(body);
    }

    bool sawTransport(ConnectionInfo::Transport transport) const
    {
        for (const BrokerSnapshot &snapshot : std::as_const(m_broker->snapshots)) {
            for (const QList<ConnectionInfo> *list : {&snapshot.opened, &snapshot.updated}) {
                for (const ConnectionInfo &info : *list) {
                    if (info.transport == transport)
                        return true;
                }
            }
        }
        return false;
    }

    // The Grip-Sig the backend received, checked against key; its claims in *claims.
private Q_SLOTS:
    void initTestCase()
    {
        // The thousand-subscriber test connects a thousand requests to it at once.
        m_backend.setListenBacklogSize(1024);
        QVERIFY(m_backend.listen(QHostAddress::LocalHost, 0));
    }

    void cleanup()
    {
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
        while (m_backend.hasPendingConnections())
            delete m_backend.nextPendingConnection();
    }

    void streamSendsHeadThenEachPublish()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Backend: kept\r\n"
                     "Grip-Hold: stream\r\nGrip-Channel: news\r\nContent-Length: 6\r\n\r\nstart\n",
                     get("/news")));
        QCOMPARE(held.atBackend.startLine, QByteArray("GET /news HTTP/1.1"));
        QCOMPARE(held.head.head,
                 QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                            "X-Backend: kept\r\nConnection: "
                            "Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n"));
        QByteArray expected = chunk("start\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        // The broker read the whole GRIP response and let the backend go.
        QVERIFY(waitClosed(held.backend.get()));

        const QByteArray binary("\x00\r\n0\r\n\r\n\xff\xfe", 11);
        const QList<QByteArray> bodies = {
            items({streamItem(QStringLiteral("news"), "hello\n")}),
            items(
                {item(QStringLiteral("news"), QStringLiteral("http-stream"),
                      {{QStringLiteral("content-bin"), QString::fromLatin1(binary.toBase64())}})}),
            items({streamItem(QStringLiteral("elsewhere"), "not for us\n"),
                   streamItem(QStringLiteral("news"), QByteArray(5000, 'x'))}),
            items({streamItem(QStringLiteral("news"), "caf\xc3\xa9 \xe2\x9c\x93\n")})};
        const QList<QByteArray> contents = {"hello\n", binary, QByteArray(5000, 'x'),
                                            "caf\xc3\xa9 \xe2\x9c\x93\n"};
        QByteArray payload = "start\n";
        for (qsizetype i = 0; i < bodies.size(); ++i) {
            QVERIFY(publish(bodies.at(i)));
            expected += chunk(contents.at(i));
            payload += contents.at(i);
            QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
            QCOMPARE(held.buffer, expected);
        }
        QByteArray decoded;
        bool ended = true;
        QVERIFY(dechunk(held.buffer, &decoded, &ended));
        QVERIFY(!ended);
        QCOMPARE(decoded, payload);
        QCOMPARE(held.client->state(), QAbstractSocket::ConnectedState);

        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(4), Wait);
        const ConnectionInfo info = m_broker->latestConnection();
        QCOMPARE(info.transport, ConnectionInfo::Transport::HttpStream);
        QCOMPARE(info.channels, QList<QByteArray>{"news"});
        QCOMPARE(info.state, ConnectionInfo::State::Open);
    }

    // A delivery only moves counters: the console hears of them at most once a second
    // (ConnectionRegistry::countersIntervalMs), not every 50 ms tick, and the last ones still
    // arrive.
    void busySubscriberCountersAreReportedAtMostOncePerSecond()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nGrip-Hold: stream\r\n"
                     "Grip-Channel: busy\r\nContent-Length: 0\r\n\r\n",
                     get("/busy")));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().state, ConnectionInfo::State::Open,
                                  Wait);
        const quint64 id = m_broker->latestConnection().id;
        const qsizetype snapshotsBefore = m_broker->snapshots.size();
        QElapsedTimer publishing;
        publishing.start();
        quint64 published = 0;
        while (publishing.elapsed() < 1500) {
            QVERIFY(publish(items({streamItem(QStringLiteral("busy"), "tick\n")})));
            ++published;
        }
        const qint64 elapsedMs = publishing.elapsed();
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, published, Wait);
        int updates = 0;
        for (qsizetype i = snapshotsBefore; i < m_broker->snapshots.size(); ++i) {
            for (const ConnectionInfo &info : std::as_const(m_broker->snapshots.at(i).updated))
                updates += info.id == id ? 1 : 0;
        }
        // One per second of publishing, one for the first delivery, one for the drain.
        QVERIFY2(updates <= elapsedMs / 1000 + 2,
                 qPrintable(QStringLiteral("%1 updates in %2 ms").arg(updates).arg(elapsedMs)));
        QVERIFY(published > 10);
    }

    void streamSubscribesToEveryChannel_data()
    {
        QTest::addColumn<QByteArray>("channelHeaders");

        QTest::addRow("one header each")
            << QByteArray("Grip-Channel: a\r\nGrip-Channel: b\r\nGrip-Channel: c\r\n");
        QTest::addRow("comma list") << QByteArray("Grip-Channel: a, b,c\r\n");
        QTest::addRow("list and header, lower-case name")
            << QByteArray("Grip-Channel: a,b\r\ngrip-channel: c\r\n");
    }

    void streamSubscribesToEveryChannel()
    {
        QFETCH(QByteArray, channelHeaders);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\n" + channelHeaders)));
        QVERIFY(!held.head.hasGripHeader());
        QVERIFY(publish(items({streamItem(QStringLiteral("d"), "to d\n"),
                               streamItem(QStringLiteral("c"), "to c\n"),
                               streamItem(QStringLiteral("a"), "to a\n")})));
        QVERIFY(publish(items({streamItem(QStringLiteral("b"), "to b\n")})));
        const QByteArray expected = chunk("to c\n") + chunk("to a\n") + chunk("to b\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);

        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(3), Wait);
        QCOMPARE(m_broker->latestChannels(), (QList<QByteArray>{"a", "b", "c"}));
    }

    void sseBytesAreExact()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Cache-Control: no-cache\r\nGrip-Hold: stream\r\n"
                                         "Grip-Channel: events\r\n",
                                         ":welcome\n\n", "text/event-stream")));
        QCOMPARE(held.head.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(held.head.value("Content-Type"), QByteArray("text/event-stream"));
        QCOMPARE(held.head.value("Cache-Control"), QByteArray("no-cache"));
        QCOMPARE(held.head.values("Transfer-Encoding"), QList<QByteArray>{"chunked"});
        QCOMPARE(held.head.count("Content-Length"), qsizetype(0));
        QVERIFY(!held.head.hasGripHeader());

        const QByteArray first = "event: message\ndata: {\"text\": \"hello \\\"world\\\"\"}\n\n";
        const QByteArray second = "id: 2\nevent: update\ndata: line one\ndata: line two\n\n";
        QVERIFY(publish(items({streamItem(QStringLiteral("events"), first)})));
        QVERIFY(publish(items({streamItem(QStringLiteral("events"), second)})));
        const QByteArray expected = chunk(":welcome\n\n") + chunk(first) + chunk(second);
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        QByteArray decoded;
        QVERIFY(dechunk(held.buffer, &decoded));
        QCOMPARE(decoded, ":welcome\n\n" + first + second);

        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(2), Wait);
        QCOMPARE(m_broker->latestConnection().transport, ConnectionInfo::Transport::Sse);
        QCOMPARE(m_broker->latestConnection().channels, QList<QByteArray>{"events"});
    }

    void keepAlive_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<bool>("interval");

        QTest::addRow("idle (default)") << QByteArray() << false;
        QTest::addRow("interval") << QByteArray("; mode=interval") << true;
    }

    void keepAlive()
    {
        QFETCH(QByteArray, mode);
        QFETCH(bool, interval);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: ka\r\n"
                                         "Grip-Keep-Alive: ka\\n; format=cstring; timeout=1" +
                                         mode + "\r\n")));
        QElapsedTimer sinceHead;
        sinceHead.start();
        // A publish part-way through the first second: it resets an idle timer, not an interval.
        QTest::qWait(600);
        QElapsedTimer sincePublish;
        sincePublish.start();
        QVERIFY(publish(items({streamItem(QStringLiteral("ka"), "msg\n")})));
        QByteArray expected = chunk("msg\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        expected += chunk("ka\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size(), 3000));
        const qint64 afterHead = sinceHead.elapsed();
        const qint64 afterPublish = sincePublish.elapsed();
        QCOMPARE(held.buffer, expected);
        qInfo("keep-alive %lld ms after the head, %lld ms after the publish", afterHead,
              afterPublish);
        QVERIFY2(afterHead >= 900, "keep-alive before the 1 s timeout");
        if (interval)
            QVERIFY2(afterPublish < 850, "interval keep-alive was delayed by the publish");
        else
            QVERIFY2(afterPublish >= 950, "idle keep-alive sent less than 1 s after a publish");
        // It goes on while the stream stays idle.
        expected += chunk("ka\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size(), 3000));
        QCOMPARE(held.buffer, expected);
        QVERIFY(sinceHead.elapsed() >= afterHead + 900);
    }

    void gripStatusOverridesStatus_data()
    {
        QTest::addColumn<QByteArray>("gripStatus");
        QTest::addColumn<QByteArray>("startLine");

        QTest::addRow("code and reason")
            << QByteArray("299 Custom Thing") << QByteArray("HTTP/1.1 299 Custom Thing");
        QTest::addRow("code only") << QByteArray("404") << QByteArray("HTTP/1.1 404 Not Found");
    }

    void gripStatusOverridesStatus()
    {
        QFETCH(QByteArray, gripStatus);
        QFETCH(QByteArray, startLine);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: st\r\nGrip-Status: " +
                                         gripStatus + "\r\n")));
        // Pushpin fills in the standard phrase (proxysession.cpp: StatusReasons::getReason).
        QCOMPARE(held.head.startLine, startLine);
        QVERIFY(!held.head.hasGripHeader());
        QVERIFY(publish(items({streamItem(QStringLiteral("st"), "after status\n")})));
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, chunk("after status\n").size()));
        QCOMPARE(held.buffer, chunk("after status\n"));
    }

    void goneLinkIsCalledWhenTheClientLeaves()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: gone\r\n"
                                         "Grip-Link: </left?who=1>; rel=gone\r\n",
                                         "hi\n")));
        held.backend.reset();
        held.client->abort();
        // Pushpin 1.41's disconnect callback: an empty POST to the link, signed like a request.
        const auto callback = acceptBackend();
        QVERIFY(callback);
        QByteArray buffer;
        Message atBackend;
        QVERIFY(takeMessage(callback.get(), &buffer, &atBackend));
        QCOMPARE(atBackend.startLine, QByteArray("POST /left?who=1 HTTP/1.1"));
        QCOMPARE(atBackend.value("Content-Length"), QByteArray("0"));
        QVERIFY(!atBackend.value("Grip-Sig").isEmpty());
    }

    void closeActionEndsStream()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: cl\r\n", "begin\n")));
        QVERIFY(publish(items({streamItem(QStringLiteral("cl"), "last words\n")})));
        QVERIFY(publish(items({item(QStringLiteral("cl"), QStringLiteral("http-stream"),
                                    {{QStringLiteral("action"), QStringLiteral("close")}})})));
        const QByteArray expected = chunk("begin\n") + chunk("last words\n") + "0\r\n\r\n";
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        QByteArray decoded;
        bool ended = false;
        QVERIFY(dechunk(held.buffer, &decoded, &ended));
        QVERIFY(ended);
        // As in Pushpin, the chunked response has ended cleanly and the connection stays usable.
        QCOMPARE(held.client->state(), QAbstractSocket::ConnectedState);
        held.client->disconnectFromHost();

        QTRY_COMPARE_WITH_TIMEOUT(m_broker->closedCount(), 1, Wait);
        ConnectionInfo closed;
        QVERIFY(m_broker->closedRecord(0, &closed));
        QCOMPARE(closed.transport, ConnectionInfo::Transport::HttpStream);
        QCOMPARE(closed.messagesToClient, quint64(1));
    }

    void longPollAnsweredByPublish_data()
    {
        QTest::addColumn<QJsonObject>("format");
        QTest::addColumn<QByteArray>("body");

        QTest::addRow("body") << QJsonObject{{QStringLiteral("code"), 201},
                                             {QStringLiteral("reason"), QStringLiteral("Made")},
                                             {QStringLiteral("headers"),
                                              QJsonObject{
                                                  {QStringLiteral("Content-Type"),
                                                   QStringLiteral("application/json")},
                                                  {QStringLiteral("X-Pub"), QStringLiteral("1")}}},
                                             {QStringLiteral("body"), QStringLiteral("{\"a\":1}")}}
                              << QByteArray("{\"a\":1}");
        const QByteArray binary("\x00\x01\xff\r\n", 5);
        QTest::addRow("body-bin")
            << QJsonObject{{QStringLiteral("code"), 201},
                           {QStringLiteral("reason"), QStringLiteral("Made")},
                           {QStringLiteral("headers"),
                            QJsonObject{{QStringLiteral("Content-Type"),
                                         QStringLiteral("application/json")},
                                        {QStringLiteral("X-Pub"), QStringLiteral("1")}}},
                           {QStringLiteral("body-bin"), QString::fromLatin1(binary.toBase64())}}
            << binary;
    }

    void longPollAnsweredByPublish()
    {
        QFETCH(QJsonObject, format);
        QFETCH(QByteArray, body);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(request(&held,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Backend: yes\r\n"
                        "Grip-Hold: response\r\nGrip-Channel: lp\r\nContent-Length: 8\r\n\r\n"
                        "backend\n"));
        QTRY_VERIFY_WITH_TIMEOUT(sawTransport(ConnectionInfo::Transport::LongPoll), Wait);
        QCOMPARE(m_broker->latestConnection().channels, QList<QByteArray>{"lp"});
        // Held: nothing reaches the client, not even the head, and stream content is not for it.
        QVERIFY(publish(items({streamItem(QStringLiteral("lp"), "stream content\n")})));
        QVERIFY(!held.client->waitForReadyRead(300));
        QCOMPARE(held.client->bytesAvailable(), qint64(0));

        QVERIFY(
            publish(items({item(QStringLiteral("lp"), QStringLiteral("http-response"), format)})));
        Message answer;
        QVERIFY(takeMessage(held.client.get(), &held.buffer, &answer));
        QCOMPARE(answer.startLine, QByteArray("HTTP/1.1 201 Made"));
        QCOMPARE(answer.value("Content-Type"), QByteArray("application/json"));
        QCOMPARE(answer.value("X-Pub"), QByteArray("1"));
        QCOMPARE(answer.values("Content-Length"),
                 QList<QByteArray>{QByteArray::number(body.size())});
        // As in Pushpin, the held response's own headers stay unless the publish sets them.
        QCOMPARE(answer.values("X-Backend"), QList<QByteArray>{"yes"});
        QCOMPARE(answer.count("Content-Type"), qsizetype(1));
        QVERIFY(!answer.hasGripHeader());
        QCOMPARE(answer.body, body);
        // One answer only: a second publish finds nobody.
        QVERIFY(
            publish(items({item(QStringLiteral("lp"), QStringLiteral("http-response"), format)})));
        QVERIFY(!held.client->waitForReadyRead(200));
        QVERIFY(held.buffer.isEmpty());
        QCOMPARE(held.client->state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(1), Wait);
        QCOMPARE(m_broker->latestConnection().transport, ConnectionInfo::Transport::LongPoll);
    }

    void longPollTimesOutWithBackendResponse()
    {
        QVERIFY(start(config()));
        QElapsedTimer timer;
        timer.start();
        Held held;
        QVERIFY(request(&held, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Backend: yes\r\n"
                               "Grip-Hold: response\r\nGrip-Channel: lp\r\nGrip-Timeout: 5\r\n"
                               "Content-Length: 9\r\n\r\ntimedout\n"));
        Message answer;
        QVERIFY(takeMessage(held.client.get(), &held.buffer, &answer, 8000));
        const qint64 elapsed = timer.elapsed();
        qInfo("long-poll answered after %lld ms", elapsed);
        QVERIFY2(elapsed >= 4900 && elapsed < 7000, qPrintable(QString::number(elapsed)));
        QCOMPARE(answer.startLine, QByteArray("HTTP/1.1 200 OK"));
        QCOMPARE(answer.value("Content-Type"), QByteArray("text/plain"));
        QCOMPARE(answer.value("X-Backend"), QByteArray("yes"));
        QCOMPARE(answer.values("Content-Length"), QList<QByteArray>{"9"});
        QVERIFY(!answer.hasGripHeader());
        QCOMPARE(answer.body, QByteArray("timedout\n"));

        // The connection serves the next request.
        writeNow(held.client.get(), get("/next"));
        const auto backend = acceptBackend();
        QVERIFY(backend);
        QByteArray backendBuffer;
        Message atBackend;
        QVERIFY(takeMessage(backend.get(), &backendBuffer, &atBackend));
        QCOMPARE(atBackend.startLine, QByteArray("GET /next HTTP/1.1"));
        writeNow(backend.get(), "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext");
        Message second;
        QVERIFY(takeMessage(held.client.get(), &held.buffer, &second));
        QCOMPARE(second.body, QByteArray("next"));
    }

    void instructBody_data()
    {
        QTest::addColumn<bool>("stream");

        QTest::addRow("stream") << true;
        QTest::addRow("response") << false;
    }

    void instructBody()
    {
        QFETCH(bool, stream);
        QVERIFY(start(config()));
        const QJsonObject instruct{
            {QStringLiteral("hold"),
             QJsonObject{
                 {QStringLiteral("mode"),
                  stream ? QStringLiteral("stream") : QStringLiteral("response")},
                 {QStringLiteral("channels"),
                  QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("j1")}},
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("j2")}}}}}},
            {QStringLiteral("response"),
             QJsonObject{
                 {QStringLiteral("code"), 202},
                 {QStringLiteral("headers"),
                  QJsonObject{{QStringLiteral("Content-Type"), QStringLiteral("text/plain")},
                              {QStringLiteral("X-J"), QStringLiteral("1")}}},
                 {QStringLiteral("body"), QStringLiteral("start\n")}}}};
        const QByteArray body = QJsonDocument(instruct).toJson(QJsonDocument::Compact);
        Held held;
        QVERIFY(request(&held, "HTTP/1.1 200 OK\r\nContent-Type: application/grip-instruct\r\n"
                               "Content-Length: " +
                                   QByteArray::number(body.size()) + "\r\n\r\n" + body));
        if (stream) {
            QVERIFY(takeHead(held.client.get(), &held.buffer, &held.head));
            // Pushpin fills in the standard phrase (instruct.cpp: StatusReasons::getReason).
            QCOMPARE(held.head.startLine, QByteArray("HTTP/1.1 202 Accepted"));
            QCOMPARE(held.head.value("Content-Type"), QByteArray("text/plain"));
            QCOMPARE(held.head.value("X-J"), QByteArray("1"));
            QCOMPARE(held.head.values("Transfer-Encoding"), QList<QByteArray>{"chunked"});
            QVERIFY(publish(items({streamItem(QStringLiteral("j2"), "more\n")})));
            const QByteArray expected = chunk("start\n") + chunk("more\n");
            QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
            QCOMPARE(held.buffer, expected);
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(sawTransport(ConnectionInfo::Transport::LongPoll), Wait);
            QVERIFY(publish(items({item(QStringLiteral("j2"), QStringLiteral("http-response"),
                                        {{QStringLiteral("body"), QStringLiteral("answer\n")}})})));
            Message answer;
            QVERIFY(takeMessage(held.client.get(), &held.buffer, &answer));
            QCOMPARE(answer.startLine, QByteArray("HTTP/1.1 200 OK"));
            QCOMPARE(answer.body, QByteArray("answer\n"));
            QCOMPARE(answer.count("X-J"), qsizetype(1)); // inherited from the held response
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestChannels(), (QList<QByteArray>{"j1", "j2"}),
                                  Wait);
    }

    void responseWithoutGripIsRelayedUnchanged()
    {
        QVERIFY(start(config()));
        const QByteArray response = "HTTP/1.1 203 Non-Authoritative Information\r\n"
                                    "Content-Type: text/plain\r\nX-A: 1\r\nSet-Cookie: a=1\r\n"
                                    "Set-Cookie: b=2\r\nContent-Length: 5\r\n\r\nhello";
        Held held;
        QVERIFY(request(&held, response));
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, response.size()));
        QCOMPARE(held.buffer, response);
        QVERIFY(!held.client->waitForReadyRead(100));
        QCOMPARE(held.client->state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().closeCode, 203, Wait);
        QCOMPARE(m_broker->latestConnection().transport, ConnectionInfo::Transport::Http);
    }

    void malformedGripHeaderGives502_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QByteArray>("named");

        QTest::addRow("Grip-Hold")
            << gripResponse("Grip-Hold: forever\r\nGrip-Channel: m\r\n") << QByteArray("Grip-Hold");
        QTest::addRow("Grip-Channel") << gripResponse("Grip-Hold: stream\r\nGrip-Channel: ;a=b\r\n")
                                      << QByteArray("Grip-Channel");
        QTest::addRow("Grip-Keep-Alive") << gripResponse("Grip-Hold: stream\r\nGrip-Channel: m\r\n"
                                                         "Grip-Keep-Alive: x; format=bogus\r\n")
                                         << QByteArray("Grip-Keep-Alive");
        QTest::addRow("Grip-Status")
            << gripResponse("Grip-Hold: stream\r\nGrip-Channel: m\r\nGrip-Status: abc\r\n")
            << QByteArray("Grip-Status");
        QTest::addRow("Grip-Timeout")
            << gripResponse("Grip-Hold: response\r\nGrip-Channel: m\r\nGrip-Timeout: soon\r\n")
            << QByteArray("Grip-Timeout");
        QTest::addRow("grip-instruct body")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/grip-instruct\r\n"
                          "Content-Length: 9\r\n\r\n{\"hold\":1")
            << QByteArray("grip-instruct");
    }

    void malformedGripHeaderGives502()
    {
        QFETCH(QByteArray, response);
        QFETCH(QByteArray, named);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(request(&held, response));
        Message answer;
        QVERIFY(takeMessage(held.client.get(), &held.buffer, &answer));
        QCOMPARE(answer.status(), 502);
        QVERIFY2(answer.body.contains(named), answer.body.constData());
        QVERIFY(!answer.hasGripHeader());
        QVERIFY(waitClosed(held.backend.get()));
        QVERIFY(publish(items({streamItem(QStringLiteral("m"), "nobody\n")})));
        QVERIFY(!held.client->waitForReadyRead(100));
    }

    void unreachableBackendGives502()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        QVERIFY(start(BrokerRunner::configFor("* 127.0.0.1:" + QByteArray::number(port) + "\n")));
        const auto client = connectTo(m_broker->port);
        QVERIFY(client);
        writeNow(client.get(), get("/hold"));
        QByteArray buffer;
        Message answer;
        QVERIFY(takeMessage(client.get(), &buffer, &answer));
        QCOMPARE(answer.status(), 502);
        QVERIFY2(answer.body.contains("127.0.0.1:" + QByteArray::number(port)),
                 answer.body.constData());
    }

    void gripSigIsSignedAndClientSigDropped()
    {
        Configuration configuration = config();
        configuration.sigKey = "tst-global-secret";
        configuration.sigIssuer = "tst-issuer";
        QVERIFY(start(configuration));
        Held held;
        QVERIFY(
            request(&held, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    get("/signed", "Grip-Sig: forged.by.client\r\nGrip-Last: x; last-id=1\r\n")));
        QVERIFY(!held.atBackend.values("Grip-Sig").contains("forged.by.client"));
        QCOMPARE(held.atBackend.count("Grip-Last"), qsizetype(0));
        QJsonObject claims;
        QVERIFY(verifyGripSig(held.atBackend, "tst-global-secret", &claims));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), QStringLiteral("tst-issuer"));
        QVERIFY(claims.value(QStringLiteral("exp")).toDouble() >
                double(QDateTime::currentSecsSinceEpoch()));
        QVERIFY(!GripSigner::verify(held.atBackend.value("Grip-Sig"), "changeme",
                                    QDateTime::currentSecsSinceEpoch()));
        Message answer;
        QVERIFY(takeMessage(held.client.get(), &held.buffer, &answer));
        QCOMPARE(answer.body, QByteArray("ok"));
    }

    void routeSigKeyOverrides_data()
    {
        QTest::addColumn<QByteArray>("options");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QString>("issuer");

        QTest::addRow("sig_key") << QByteArray(",sig_key=route-secret")
                                 << QByteArray("route-secret") << QStringLiteral("tst-issuer");
        QTest::addRow("sig_key and sig_iss")
            << QByteArray(",sig_key=route-secret,sig_iss=route-issuer")
            << QByteArray("route-secret") << QStringLiteral("route-issuer");
    }

    void routeSigKeyOverrides()
    {
        QFETCH(QByteArray, options);
        QFETCH(QByteArray, key);
        QFETCH(QString, issuer);
        Configuration configuration = config(options);
        configuration.sigKey = "tst-global-secret";
        configuration.sigIssuer = "tst-issuer";
        QVERIFY(start(configuration));
        Held held;
        QVERIFY(request(&held, "HTTP/1.1 204 No Content\r\n\r\n"));
        QJsonObject claims;
        QVERIFY(verifyGripSig(held.atBackend, key, &claims));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), issuer);
        QVERIFY(!GripSigner::verify(held.atBackend.value("Grip-Sig"), "tst-global-secret",
                                    QDateTime::currentSecsSinceEpoch()));
    }

    void noGripRouteRelaysGripHeaders()
    {
        QVERIFY(start(config(",no_grip")));
        const QByteArray response =
            gripResponse("Grip-Hold: stream\r\nGrip-Channel: raw\r\n", "not held\n");
        Held held;
        QVERIFY(request(&held, response, get("/raw", "Grip-Sig: forged.by.client\r\n")));
        QVERIFY2(held.atBackend.count("Grip-Sig") == 0, held.atBackend.head.constData());
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, response.size()));
        QCOMPARE(held.buffer, response);
        QVERIFY(publish(items({streamItem(QStringLiteral("raw"), "nobody\n")})));
        QVERIFY(!held.client->waitForReadyRead(200));
        QCOMPARE(held.client->bytesAvailable(), qint64(0));
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().closeCode, 200, Wait);
        QCOMPARE(m_broker->latestConnection().transport, ConnectionInfo::Transport::Http);
    }

    void thousandSubscribersGetEveryPublishInOrder()
    {
        constexpr int Subscribers = 1000;
        constexpr int Publishes = 100;
        constexpr int Batch = 50; // within the listen backlog, so no SYN is retried
        const harness::QuietConnectionLogs quiet;
        QVERIFY(start(config()));
        QElapsedTimer timer;
        timer.start();

        // The backend answers each request from the event loop as soon as its head is in.
        QObject backendScope;
        const QByteArray answer = gripResponse("Grip-Hold: stream\r\nGrip-Channel: crowd\r\n");
        connect(&m_backend, &QTcpServer::newConnection, &backendScope, [&] {
            while (QTcpSocket *socket = m_backend.nextPendingConnection()) {
                socket->setParent(&backendScope);
                auto request = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [socket, request, answer] {
                    request->append(socket->readAll());
                    if (request->endsWith("\r\n\r\n")) {
                        socket->write(answer);
                        request->append("answered");
                    }
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });

        struct Peer
        {
            QTcpSocket socket;
            QByteArray data;
        };
        std::vector<std::unique_ptr<Peer>> peers;
        peers.reserve(Subscribers);
        const auto headed = [&peers](size_t from) {
            size_t count = 0;
            for (size_t i = from; i < peers.size(); ++i)
                count += peers[i]->data.contains("\r\n\r\n") ? 1 : 0;
            return count;
        };
        for (int i = 0; i < Subscribers; i += Batch) {
            const size_t from = peers.size();
            for (int j = 0; j < Batch; ++j) {
                auto peer = std::make_unique<Peer>();
                Peer *p = peer.get();
                connect(&p->socket, &QTcpSocket::connected, &p->socket,
                        [p, i, j] { p->socket.write(get("/crowd/" + QByteArray::number(i + j))); });
                connect(&p->socket, &QTcpSocket::readyRead, &p->socket,
                        [p] { p->data += p->socket.readAll(); });
                p->socket.connectToHost(QHostAddress::LocalHost, m_broker->port);
                peers.push_back(std::move(peer));
            }
            QTRY_COMPARE_WITH_TIMEOUT(headed(from), size_t(Batch), 10'000);
        }
        const qint64 subscribedMs = timer.elapsed();

        const QByteArray head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            "Connection: Transfer-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (const auto &peer : peers)
            QCOMPARE(peer->data, head);

        harness::Publisher publisher(m_broker->publishPort);
        QByteArray expected = head;
        for (int i = 0; i < Publishes; ++i) {
            const QByteArray content = "message " + QByteArray::number(i) + " of 100\n";
            QVERIFY(publisher.publish(items({streamItem(QStringLiteral("crowd"), content)})));
            expected += chunk(content);
        }
        const qint64 publishedMs = timer.elapsed();
        const auto complete = [&peers, &expected] {
            int count = 0;
            for (const auto &peer : peers)
                count += peer->data == expected ? 1 : 0;
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(complete(), Subscribers, 30'000);
        qInfo("%d subscribers in %lld ms; %d publishes sent by %lld ms, all received by %lld ms",
              Subscribers, subscribedMs, Publishes, publishedMs, timer.elapsed());
        for (const auto &peer : peers)
            QCOMPARE(peer->socket.state(), QAbstractSocket::ConnectedState);
    }

    void prevIdOrdersDelivery_data()
    {
        QTest::addColumn<QByteArray>("channelHeaders");
        QTest::addColumn<bool>("prime");

        QTest::addRow("last id from an earlier publish")
            << QByteArray("Grip-Channel: seq\r\n") << true;
        QTest::addRow("prev-id on Grip-Channel")
            << QByteArray("Grip-Channel: seq; prev-id=0\r\nGrip-Link: </seq/next>; rel=next\r\n")
            << false;
    }

    void prevIdOrdersDelivery()
    {
        QFETCH(QByteArray, channelHeaders);
        QFETCH(bool, prime);
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\n" + channelHeaders)));
        QByteArray expected;
        if (prime) {
            QVERIFY(
                publish(items({streamItem(QStringLiteral("seq"), "0\n", QStringLiteral("0"))})));
            expected += chunk("0\n");
            QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        }
        QElapsedTimer timer;
        timer.start();
        QVERIFY(publish(items(
            {streamItem(QStringLiteral("seq"), "2\n", QStringLiteral("2"), QStringLiteral("1"))})));
        QVERIFY(publish(items(
            {streamItem(QStringLiteral("seq"), "1\n", QStringLiteral("1"), QStringLiteral("0"))})));
        expected += chunk("1\n") + chunk("2\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        // Released by its predecessor, not by the 5 s wait running out.
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(publish(items(
            {streamItem(QStringLiteral("seq"), "3\n", QStringLiteral("3"), QStringLiteral("2"))})));
        expected += chunk("3\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
    }

    void duplicateIdIsDeliveredOnce()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: dd\r\n")));
        QVERIFY(publish(items({streamItem(QStringLiteral("dd"), "a\n", QStringLiteral("a"))})));
        QVERIFY(
            publish(items({streamItem(QStringLiteral("dd"), "a again\n", QStringLiteral("a"))})));
        QVERIFY(publish(items({streamItem(QStringLiteral("dd"), "b\n", QStringLiteral("b"))})));
        QVERIFY(
            publish(items({streamItem(QStringLiteral("dd"), "a once more\n", QStringLiteral("a")),
                           streamItem(QStringLiteral("dd"), "c\n", QStringLiteral("c"))})));
        const QByteArray expected = chunk("a\n") + chunk("b\n") + chunk("c\n");
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, expected.size()));
        QCOMPARE(held.buffer, expected);
        QTRY_COMPARE_WITH_TIMEOUT(m_broker->latestConnection().messagesToClient, quint64(3), Wait);
    }

    void http10ClientGetsRawStream()
    {
        QVERIFY(start(config()));
        Held held;
        QVERIFY(hold(&held, gripResponse("Grip-Hold: stream\r\nGrip-Channel: old\r\n", "init\n"),
                     get("/old", {}, "HTTP/1.0")));
        QCOMPARE(held.head.status(), 200);
        QCOMPARE(held.head.count("Transfer-Encoding"), qsizetype(0));
        QCOMPARE(held.head.count("Content-Length"), qsizetype(0));
        QCOMPARE(held.head.values("Connection"), QList<QByteArray>{"close"});
        QVERIFY(!held.head.hasGripHeader());
        QVERIFY(publish(items({streamItem(QStringLiteral("old"), "one\n")})));
        QVERIFY(publish(items({streamItem(QStringLiteral("old"), "two\n")})));
        QVERIFY(readAtLeast(held.client.get(), &held.buffer, 13));
        QCOMPARE(held.buffer, QByteArray("init\none\ntwo\n"));
        QCOMPARE(held.client->state(), QAbstractSocket::ConnectedState);
        QVERIFY(publish(items({item(QStringLiteral("old"), QStringLiteral("http-stream"),
                                    {{QStringLiteral("action"), QStringLiteral("close")}})})));
        held.buffer += readUntilClosed(held.client.get());
        QCOMPARE(held.client->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(held.buffer, QByteArray("init\none\ntwo\n"));
    }
};

QTEST_MAIN(TestFanoutHttp)
#include "tst_fanouthttp.moc"
