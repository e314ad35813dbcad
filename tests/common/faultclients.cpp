#include "faultclients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "sockettestutil.h"
#include "ws/wsframe.h"

HeldClient::HeldClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        const QByteArray data = m_socket.readAll();
        if (!m_head.isEmpty()) {
            m_body += data;
            return;
        }
        m_body += data;
        const qsizetype end = m_body.indexOf("\r\n\r\n");
        if (end >= 0) {
            m_head = m_body.left(end + 4);
            m_body.remove(0, end + 4);
        }
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
}

void HeldClient::open(quint16 port, const QByteArray &path)
{
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    m_socket.write("GET " + path +
                   " HTTP/1.1\r\nHost: faults.test\r\nUser-Agent: tst_faults\r\n\r\n");
}

int HeldClient::status() const
{
    return m_head.startsWith("HTTP/1.") ? m_head.mid(9, 3).toInt() : 0;
}

QByteArray HeldClient::content(bool *ended) const
{
    // sockettest::chunkedLength wants the whole body; a held stream is read while it grows.
    QByteArray payload;
    if (ended)
        *ended = false;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype lineEnd = m_body.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return payload;
        bool ok = false;
        const qsizetype size = qsizetype(m_body.mid(pos, lineEnd - pos).toLongLong(&ok, 16));
        if (!ok || size < 0)
            return payload;
        if (size == 0) {
            if (ended)
                *ended = m_body.mid(lineEnd, 4) == "\r\n\r\n";
            return payload;
        }
        if (m_body.size() < lineEnd + 2 + size + 2)
            return payload;
        payload.append(m_body.mid(lineEnd + 2, size));
        pos = lineEnd + 2 + size + 2;
    }
}

RawWebSocket::RawWebSocket(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        const QByteArray data = m_socket.readAll();
        if (m_upgraded || !m_head.isEmpty()) {
            m_frames += data;
            return;
        }
        m_frames += data;
        const qsizetype end = m_frames.indexOf("\r\n\r\n");
        if (end >= 0) {
            m_head = m_frames.left(end + 4);
            m_frames.remove(0, end + 4);
            m_upgraded = m_head.startsWith("HTTP/1.1 101 ");
        }
    });
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_closed = true;
    });
}

void RawWebSocket::open(quint16 port, const QByteArray &path)
{
    m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    const QByteArray request =
        "GET " + path +
        " HTTP/1.1\r\nHost: faults.test\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\nUser-Agent: tst_faults\r\n\r\n";
    m_sent += m_socket.write(request);
}

void RawWebSocket::sendText(const QByteArray &text)
{
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_sent += m_socket.write(WsFrame::build(WsOpcode::Text, text, true, true));
}

QList<RawWebSocket::Frame> RawWebSocket::frames(qsizetype *rest) const
{
    QList<Frame> frames;
    qsizetype pos = 0;
    const auto byte = [this](qsizetype i) { return quint8(m_frames.at(i)); };
    for (;;) {
        if (m_frames.size() - pos < 2)
            break;
        qsizetype header = 2;
        quint64 length = byte(pos + 1) & 0x7f;
        if (length == 126) {
            header = 4;
            if (m_frames.size() - pos < header)
                break;
            length = (quint64(byte(pos + 2)) << 8) | byte(pos + 3);
        } else if (length == 127) {
            header = 10;
            if (m_frames.size() - pos < header)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | byte(pos + 2 + i);
        }
        if (quint64(m_frames.size() - pos - header) < length)
            break;
        frames.append({quint8(byte(pos) & 0x0f), m_frames.mid(pos + header, qsizetype(length))});
        pos += header + qsizetype(length);
    }
    if (rest)
        *rest = m_frames.size() - pos;
    return frames;
}

PublishResult publishStream(quint16 publishPort, const QByteArray &channel,
                            const QByteArray &content, int timeoutMs)
{
    const QJsonObject item{
        {QStringLiteral("channel"), QString::fromUtf8(channel)},
        {QStringLiteral("formats"),
         QJsonObject{{QStringLiteral("http-stream"),
                      QJsonObject{{QStringLiteral("content"), QString::fromUtf8(content)}}}}}};
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("items"), QJsonArray{item}}})
                                .toJson(QJsonDocument::Compact);
    PublishResult result;
    std::unique_ptr<QTcpSocket> socket = sockettest::connectTo(publishPort, timeoutMs);
    if (!socket)
        return result;
    sockettest::writeNow(socket.get(),
                         "POST /publish/ HTTP/1.1\r\nHost: faults.test\r\nContent-Type: "
                         "application/json\r\nContent-Length: " +
                             QByteArray::number(body.size()) + "\r\n\r\n" + body,
                         timeoutMs);
    QByteArray buffer;
    sockettest::Message message;
    if (sockettest::takeMessage(socket.get(), &buffer, &message, timeoutMs)) {
        result.status = message.status();
        result.body = message.body;
    }
    return result;
}
