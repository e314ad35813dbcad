#pragma once

// The fixture of the WebSocket-over-HTTP tests (tst_fanoutws, tst_fanoutwsclose): an
// in-process broker with an over_http route to a GRIP backend (gripwsbackend.h) the test
// answers by hand, a `test` route, raw RFC 6455 clients and one publisher. A test class
// derives from it and QObject, and calls setUp()/tearDown() from init()/cleanup().
#include <functional>
#include <memory>
#include <vector>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "brokerrunner.h"
#include "grip/gripsigner.h"
#include "gripsigcheck.h"
#include "gripwsbackend.h"
#include "logcapture.h"
#include "sockettestutil.h"
#include "testpublisher.h"
#include "ws/wsframe.h"
#include "wstestclient.h"

namespace fanoutws {
using namespace harness;
using namespace sockettest;

inline constexpr int Wait = 5000;
inline const QByteArray SigKey = "tst-ws-secret";
inline const QByteArray SigIssuer = "tst-ws-issuer";
// RFC 6455 §1.3's example key and the accept value it gives.
inline const QByteArray ClientKey = "dGhlIHNhbXBsZSBub25jZQ==";
inline const QByteArray ClientAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

inline QByteArray handshake(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path +
           " HTTP/1.1\r\nHost: app.test:7676\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: " +
           ClientKey + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
}

inline QByteArray joined(const QList<QByteArray> &list)
{
    return list.join(" | ");
}

class Fixture
{
protected:
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<BrokerRunner> m_broker;
    std::unique_ptr<Publisher> m_publisher;

    Configuration config(const QByteArray &extraRoutes = {}) const
    {
        Configuration config = BrokerRunner::configFor(
            "*,path_beg=/ws 127.0.0.1:" + QByteArray::number(m_backend->port()) +
            ",over_http\n*,path_beg=/test test\n" + extraRoutes);
        config.sigKey = SigKey;
        config.sigIssuer = SigIssuer;
        config.shutdownGraceMs = 500;
        return config;
    }

    bool start(const Configuration &configuration)
    {
        m_broker = std::make_unique<BrokerRunner>();
        return m_broker->start(configuration) && m_broker->publishPort != 0;
    }

    bool start() { return start(config()); }

    bool publish(const QList<QJsonObject> &list)
    {
        if (!m_publisher)
            m_publisher = std::make_unique<Publisher>(m_broker->publishPort);
        return m_publisher->publish(items(list));
    }

    // The client's handshake goes out, the backend's OPEN request is request `index` and gets
    // openResponse; true when the client then has a 101.
    bool open(WsClient *client, const QByteArray &openResponse,
              const QByteArray &request = handshake("/ws/chat"), qsizetype index = 0)
    {
        client->start(m_broker->port, request);
        if (!m_backend->waitCount(index + 1))
            return false;
        if (m_backend->body(index) != "OPEN\r\n") {
            qWarning("first request body: %s", m_backend->body(index).constData());
            return false;
        }
        m_backend->answer(index, openResponse);
        if (!client->waitHead())
            return false;
        if (client->head.status() != 101)
            qWarning("handshake answered %s: %s", client->head.startLine.constData(),
                     client->rest.constData());
        return client->head.status() == 101;
    }

    void setUp()
    {
        LogCapture::clear();
        m_backend = std::make_unique<Backend>();
        QVERIFY(m_backend->listen());
    }

    void tearDown()
    {
        // Whatever the broker asks on its way down (CLOSE events) is answered at once.
        if (m_backend) {
            m_backend->autoAnswer = [](const Message &) { return eventsResponse({}); };
            m_backend->answerPending(eventsResponse({}));
        }
        m_publisher.reset();
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
        m_backend.reset();
    }
};
} // namespace fanoutws
