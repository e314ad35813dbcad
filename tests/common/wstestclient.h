#pragma once

// A WebSocket client on a raw socket for tests: masked frames out, every frame the broker sends
// kept and parsed, the response head and whatever follows it. Driven by the test thread's event
// loop (QTest::qWaitFor); each socket appends to its own buffer, so no wait consumes bytes.
#include <QByteArray>
#include <QList>
#include <QTcpSocket>
#include <QtTest>

#include "sockettestutil.h"
#include "ws/wsframe.h"

namespace harness {

inline QByteArray masked(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    return WsFrame::build(opcode, payload, fin, true);
}

// A server frame: unmasked, with whatever FIN it had.
struct Frame
{
    quint8 opcode = 0;
    QByteArray payload;
    bool fin = true;
    bool isMasked = false;
    bool rsv1 = false; // permessage-deflate: the payload is deflated

    quint16 closeCode() const
    {
        return payload.size() >= 2 ? quint16((quint8(payload[0]) << 8) | quint8(payload[1]))
                                   : quint16(1005);
    }
    // "text:hello", "binary:0001feff", "close:4000 done", "ping:p", for readable comparisons.
    QByteArray describe() const
    {
        QByteArray out = fin ? QByteArray() : QByteArray("(no fin)");
        if (isMasked)
            out += "(masked)";
        switch (opcode) {
        case WsOpcode::Text:
            return out + "text:" + payload;
        case WsOpcode::Binary:
            return out + "binary:" + payload.toHex();
        case WsOpcode::Close:
            return out + "close:" + QByteArray::number(closeCode()) + ' ' + payload.mid(2);
        case WsOpcode::Ping:
            return out + "ping:" + payload;
        case WsOpcode::Pong:
            return out + "pong:" + payload;
        default:
            return out + "opcode " + QByteArray::number(opcode) + ':' + payload.toHex();
        }
    }
};

// Takes the complete frames at the start of *buffer. False if a header is impossible (RSV1 is
// possible only when allowRsv1: permessage-deflate was negotiated).
inline bool takeFrames(QByteArray *buffer, QList<Frame> *out, bool allowRsv1 = false)
{
    qsizetype pos = 0;
    for (;;) {
        const qsizetype available = buffer->size() - pos;
        if (available < 2)
            break;
        const auto *bytes = reinterpret_cast<const quint8 *>(buffer->constData() + pos);
        Frame frame;
        frame.fin = bytes[0] & 0x80;
        frame.opcode = bytes[0] & 0x0f;
        frame.isMasked = bytes[1] & 0x80;
        frame.rsv1 = bytes[0] & 0x40;
        if ((bytes[0] & 0x30) || (frame.rsv1 && !allowRsv1))
            return false;
        quint64 length = bytes[1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (available < 4)
                break;
            length = (quint64(bytes[2]) << 8) | bytes[3];
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | bytes[2 + i];
            header = 10;
        }
        if (length > (1u << 24))
            return false;
        const qsizetype keyAt = header;
        if (frame.isMasked)
            header += 4;
        if (available < header + qsizetype(length))
            break;
        frame.payload = buffer->mid(pos + header, qsizetype(length));
        if (frame.isMasked) {
            for (qsizetype i = 0; i < frame.payload.size(); ++i)
                frame.payload[i] = char(frame.payload[i] ^ bytes[keyAt + i % 4]);
        }
        out->append(frame);
        pos += header + qsizetype(length);
    }
    buffer->remove(0, pos);
    return true;
}

// A WebSocket client on a raw socket: the response head, then every frame the broker sent.
class WsClient
{
public:
    WsClient()
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { onData(); });
        QObject::connect(&socket, &QTcpSocket::connected, &socket,
                         [this] { socket.write(m_request); });
    }
    Q_DISABLE_COPY_MOVE(WsClient)

    void start(quint16 port, const QByteArray &request)
    {
        m_request = request;
        socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool waitHead(int timeoutMs = 5000)
    {
        const bool ok = QTest::qWaitFor([this] { return headDone; }, timeoutMs);
        if (!ok)
            qWarning("no response head; got: %s", rest.constData());
        return ok;
    }
    bool waitFrames(qsizetype count, int timeoutMs = 5000)
    {
        if (!QTest::qWaitFor([&] { return frames.size() >= count || badFrames; }, timeoutMs))
            qWarning("%lld frames of %lld: %s", qlonglong(frames.size()), qlonglong(count),
                     described().join(" | ").constData());
        return frames.size() >= count && !badFrames;
    }
    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor(
            [this] { return socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    void send(const QByteArray &bytes) { socket.write(bytes); }
    void sendText(const QByteArray &text) { send(masked(WsOpcode::Text, text)); }

    QList<QByteArray> described() const
    {
        QList<QByteArray> out;
        for (const Frame &frame : frames)
            out.append(frame.describe());
        return out;
    }

    QTcpSocket socket;
    sockettest::Message head;
    bool headDone = false;
    QByteArray rest; // after the head: unparsed frame bytes, or a refusal's body
    QList<Frame> frames;
    bool badFrames = false;
    bool allowRsv1 = false; // set before the 101 when offering permessage-deflate

private:
    void onData()
    {
        rest += socket.readAll();
        if (!headDone) {
            const qsizetype end = rest.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            sockettest::parseHead(rest.left(end + 4), &head);
            rest.remove(0, end + 4);
            headDone = true;
        }
        if (head.status() == 101 && !badFrames)
            badFrames = !takeFrames(&rest, &frames, allowRsv1);
    }

    QByteArray m_request;
};

} // namespace harness
