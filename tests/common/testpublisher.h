#pragma once

// A publisher for tests: items built as JSON, and POST /publish/ over one kept-alive connection
// to the broker's publish API, one request at a time, each answer checked.
#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>

#include "sockettestutil.h"

namespace harness {

// One item in one format, with an optional id and prev-id.
inline QJsonObject item(const QString &channel, const QString &format, const QJsonObject &fields,
                        const QString &id = {}, const QString &prevId = {})
{
    QJsonObject out{{QStringLiteral("channel"), channel},
                    {QStringLiteral("formats"), QJsonObject{{format, fields}}}};
    if (!id.isEmpty())
        out.insert(QStringLiteral("id"), id);
    if (!prevId.isEmpty())
        out.insert(QStringLiteral("prev-id"), prevId);
    return out;
}

inline QJsonObject wsItem(const QString &channel, const QJsonObject &fields)
{
    return item(channel, QStringLiteral("ws-message"), fields);
}

inline QJsonObject streamItem(const QString &channel, const QByteArray &content,
                              const QString &id = {}, const QString &prevId = {})
{
    return item(channel, QStringLiteral("http-stream"),
                {{QStringLiteral("content"), QString::fromUtf8(content)}}, id, prevId);
}

inline QJsonObject textItem(const QString &channel, const QString &content)
{
    return wsItem(channel, {{QStringLiteral("content"), content}});
}

inline QByteArray items(const QList<QJsonObject> &list)
{
    QJsonArray array;
    for (const QJsonObject &object : list)
        array.append(object);
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), array}})
        .toJson(QJsonDocument::Compact);
}

// Publishes over one kept-alive connection to the publish API, one request at a time.
class Publisher
{
public:
    explicit Publisher(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_buffer += m_socket.readAll(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    Q_DISABLE_COPY_MOVE(Publisher)

    // True when the broker answered 200.
    bool publish(const QByteArray &body)
    {
        if (!QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::ConnectedState; },
                             5000)) {
            qWarning("publish API not reachable");
            return false;
        }
        m_socket.write("POST /publish/ HTTP/1.1\r\nHost: localhost:5561\r\n"
                       "Content-Type: application/json\r\nContent-Length: " +
                       QByteArray::number(body.size()) + "\r\n\r\n" + body);
        sockettest::Message answer;
        const auto complete = [&] {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            sockettest::parseHead(m_buffer.left(end + 4), &answer);
            const qsizetype length = answer.value("Content-Length").toLongLong();
            if (m_buffer.size() < end + 4 + length)
                return false;
            answer.body = m_buffer.mid(end + 4, length);
            m_buffer.remove(0, end + 4 + length);
            return true;
        };
        if (!QTest::qWaitFor(complete, 5000)) {
            qWarning("no answer from the publish API; got: %s", m_buffer.constData());
            return false;
        }
        if (answer.status() != 200)
            qWarning("publish answered %s: %s", answer.startLine.constData(),
                     answer.body.constData());
        return answer.status() == 200;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};
} // namespace harness
