#pragma once

// The fixture of the plain HTTP proxy tests (tst_httpproxy, tst_httpproxycurl): an in-process
// broker whose one route passes everything to an origin that is a QTcpServer in the test, raw
// clients, and readers that frame a message as RFC 9112 6.3 says. A test class derives from it
// and QObject, calls listenOrigin() from initTestCase() and tearDown() from cleanup().
#include <memory>
#include <utility>

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QtTest>

#include "brokerrunner.h"
#include "sockettestutil.h"

namespace httpproxy {
using namespace sockettest;

inline constexpr int Wait = 5000;

enum class Side
{
    Request,
    Response
};

// The body of the message whose head is in *message, framed as RFC 9112 6.3 says.
inline bool takeBody(QTcpSocket *socket, QByteArray *buffer, Message *message, Side side,
                     bool bodyless = false, int timeoutMs = Wait)
{
    const int status = message->status();
    if (bodyless || (side == Side::Response &&
                     ((status >= 100 && status < 200) || status == 204 || status == 304)))
        return true;
    if (message->value("Transfer-Encoding").toLower().endsWith("chunked")) {
        QElapsedTimer timer;
        timer.start();
        qsizetype length = chunkedLength(*buffer);
        while (length == -1 && timer.elapsed() < timeoutMs) {
            socket->waitForReadyRead(50);
            buffer->append(socket->readAll());
            length = chunkedLength(*buffer);
            if (length == -1 && socket->state() == QAbstractSocket::UnconnectedState)
                break;
        }
        if (length < 0) {
            qWarning("incomplete or malformed chunked body (%lld bytes)",
                     qlonglong(buffer->size()));
            return false;
        }
        message->body = buffer->left(length);
        buffer->remove(0, length);
        return true;
    }
    if (message->count("Content-Length") > 0) {
        const qsizetype length = message->value("Content-Length").toLongLong();
        if (!readAtLeast(socket, buffer, length, timeoutMs)) {
            qWarning("body shorter than %lld bytes: %lld", qlonglong(length),
                     qlonglong(buffer->size()));
            return false;
        }
        message->body = buffer->left(length);
        buffer->remove(0, length);
        return true;
    }
    if (side == Side::Request)
        return true;
    message->body = *buffer + readUntilClosed(socket, timeoutMs);
    buffer->clear();
    message->endedByClose = true;
    return socket->state() == QAbstractSocket::UnconnectedState;
}

inline bool takeMessage(QTcpSocket *socket, QByteArray *buffer, Message *out, Side side,
                        bool bodyless = false)
{
    return takeHead(socket, buffer, out) && takeBody(socket, buffer, out, side, bodyless);
}

inline QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {},
                      const QByteArray &method = "GET", const QByteArray &version = "HTTP/1.1")
{
    return method + ' ' + path + ' ' + version + "\r\nHost: app.test:7676\r\n" + extraHeaders +
           "\r\n";
}

inline QByteArray ok(const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

class Fixture
{
protected:
    QTcpServer m_origin;
    std::unique_ptr<BrokerRunner> m_broker;

    bool startBroker(const QByteArray &targetOptions = {}, int headerTimeoutMs = 10'000)
    {
        m_broker = std::make_unique<BrokerRunner>();
        Configuration config = BrokerRunner::configFor(
            "* 127.0.0.1:" + QByteArray::number(m_origin.serverPort()) + targetOptions + "\n");
        config.headerTimeoutMs = headerTimeoutMs;
        config.shutdownGraceMs = 1000;
        return m_broker->start(config);
    }

    std::unique_ptr<QTcpSocket> connectClient() { return connectTo(m_broker->port, Wait); }

    // The broker opens one origin connection per request.
    std::unique_ptr<QTcpSocket> acceptOrigin(int timeoutMs = Wait)
    {
        if (!m_origin.hasPendingConnections() && !m_origin.waitForNewConnection(timeoutMs))
            return nullptr;
        return std::unique_ptr<QTcpSocket>(m_origin.nextPendingConnection());
    }

    // Client sends request; the origin reads it and answers response; the client reads that.
    bool roundTrip(QTcpSocket *client, QByteArray *clientBuffer, const QByteArray &request,
                   const QByteArray &response, Message *atOrigin, Message *atClient,
                   bool bodyless = false)
    {
        writeNow(client, request);
        const auto origin = acceptOrigin();
        if (!origin) {
            qWarning("the broker did not connect to the origin");
            return false;
        }
        QByteArray originBuffer;
        if (!takeMessage(origin.get(), &originBuffer, atOrigin, Side::Request))
            return false;
        writeNow(origin.get(), response);
        return takeMessage(client, clientBuffer, atClient, Side::Response, bodyless);
    }

    QStringList curlArguments() const
    {
        return {QStringLiteral("-sS"), QStringLiteral("--http1.1"),  QStringLiteral("--noproxy"),
                QStringLiteral("*"),   QStringLiteral("--max-time"), QStringLiteral("20")};
    }

    QString brokerUrl(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_broker->port).arg(path);
    }

    bool listenOrigin() { return m_origin.listen(QHostAddress::LocalHost, 0); }

    void tearDown()
    {
        if (m_broker)
            QVERIFY(m_broker->stop());
        m_broker.reset();
        while (m_origin.hasPendingConnections())
            delete m_origin.nextPendingConnection();
    }
};
} // namespace httpproxy
