#pragma once

// A GRIP backend for WebSocket-over-HTTP tests (QTcpServer on 127.0.0.1): every request the
// broker sends is kept and held until the test answers it, or answered at once by autoAnswer; and
// the events and answers of the WebSocket-over-HTTP protocol, framed as the spec frames them.
#include <functional>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include "sockettestutil.h"

namespace harness {

// The Sec-WebSocket-Extensions a GRIP backend answers with.
inline const QByteArray GripExtension = "Sec-WebSocket-Extensions: grip\r\n";

// One event as the spec frames it: "TYPE <hex-length>\r\n<bytes>\r\n", or "TYPE\r\n".
inline QByteArray wsEvent(const QByteArray &type, const QByteArray &content)
{
    return type + ' ' + QByteArray::number(content.size(), 16) + "\r\n" + content + "\r\n";
}

inline QByteArray wsEvent(const QByteArray &type)
{
    return type + "\r\n";
}

inline QByteArray closeContent(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
}

inline QByteArray control(const QByteArray &json)
{
    return wsEvent("TEXT", "c:" + json);
}

// A backend answer carrying events.
inline QByteArray eventsResponse(const QByteArray &events, const QByteArray &headers = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events\r\n" + headers +
           "Content-Length: " + QByteArray::number(events.size()) + "\r\n\r\n" + events;
}

inline QByteArray gripOpen(const QByteArray &events = {}, const QByteArray &headers = {})
{
    return eventsResponse("OPEN\r\n" + events, GripExtension + headers);
}

// The GRIP backend: every request the broker sends, held until the test answers it (or answered
// at once by autoAnswer when that returns something).
class Backend
{
public:
    struct Request
    {
        sockettest::Message message;
        QPointer<QTcpSocket> socket;
        bool answered = false;
    };

    Backend()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }
    Q_DISABLE_COPY_MOVE(Backend)

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    // Refuses connections (the port stays ours to listen on again) until listenAgain().
    void stopListening()
    {
        m_port = m_server.serverPort();
        m_server.close();
    }
    bool listenAgain() { return m_server.listen(QHostAddress::LocalHost, m_port); }
    quint16 port() const { return m_server.serverPort(); }
    qsizetype count() const { return qsizetype(m_requests.size()); }
    const sockettest::Message &at(qsizetype index) const
    {
        return m_requests.at(size_t(index))->message;
    }
    QByteArray body(qsizetype index) const { return at(index).body; }

    bool waitCount(qsizetype wanted, int timeoutMs = 5000)
    {
        const bool ok = QTest::qWaitFor([&] { return count() >= wanted; }, timeoutMs);
        if (!ok)
            qWarning("the backend got %lld requests, not %lld", qlonglong(count()),
                     qlonglong(wanted));
        return ok;
    }
    // Waits for request index and returns its body (empty if it never came).
    QByteArray waitBody(qsizetype index, int timeoutMs = 5000)
    {
        return waitCount(index + 1, timeoutMs) ? body(index) : QByteArray();
    }
    bool answer(qsizetype index, const QByteArray &response)
    {
        Request &request = *m_requests.at(size_t(index));
        request.answered = true;
        if (!request.socket)
            return false;
        request.socket->write(response);
        return true;
    }
    void hangUp(qsizetype index)
    {
        Request &request = *m_requests.at(size_t(index));
        request.answered = true;
        if (request.socket)
            request.socket->disconnectFromHost();
    }
    void answerPending(const QByteArray &response)
    {
        for (qsizetype i = 0; i < count(); ++i) {
            if (!m_requests.at(size_t(i))->answered)
                answer(i, response);
        }
    }

    std::function<QByteArray(const sockettest::Message &)> autoAnswer;

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(&m_server);
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [this, socket, buffer] { read(socket, buffer.get()); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket *socket, QByteArray *buffer)
    {
        buffer->append(socket->readAll());
        for (;;) {
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            auto request = std::make_unique<Request>();
            sockettest::parseHead(buffer->left(end + 4), &request->message);
            const qsizetype length = request->message.value("Content-Length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            request->message.body = buffer->mid(end + 4, length);
            buffer->remove(0, end + 4 + length);
            request->socket = socket;
            m_requests.push_back(std::move(request));
            if (autoAnswer) {
                const QByteArray response = autoAnswer(m_requests.back()->message);
                if (!response.isEmpty())
                    answer(count() - 1, response);
            }
        }
    }

    QTcpServer m_server;
    quint16 m_port = 0;
    std::vector<std::unique_ptr<Request>> m_requests;
};

} // namespace harness
