#pragma once

// Clients for tests that run the real binary and break things around it: each keeps reading on
// its own (signals, no blocking waits), so hundreds of them can be open while the test waits on
// something else, and each remembers how its connection ended.
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpSocket>

// A held HTTP response (GRIP stream or /test/stream): the head, then chunked content.
class HeldClient : public QObject
{
    Q_OBJECT

public:
    explicit HeldClient(QObject *parent = nullptr);
    void open(quint16 port, const QByteArray &path);

    bool hasHead() const { return m_head.size() > 0; }
    int status() const;
    // The payload of every complete chunk so far, and whether the last-chunk came.
    QByteArray content(bool *ended = nullptr) const;
    bool closed() const { return m_closed; }
    QByteArray raw() const { return m_head + m_body; }

private:
    QTcpSocket m_socket;
    QByteArray m_head;
    QByteArray m_body;
    bool m_closed = false;
};

// A WebSocket on a raw socket: sends masked text frames and keeps every byte the server sends
// after its 101, to be parsed as frames afterwards.
class RawWebSocket : public QObject
{
    Q_OBJECT

public:
    struct Frame
    {
        quint8 opcode = 0;
        QByteArray payload;
    };

    explicit RawWebSocket(QObject *parent = nullptr);
    void open(quint16 port, const QByteArray &path);

    bool upgraded() const { return m_upgraded; }
    QByteArray head() const { return m_head; }
    // What came after the head: frames after a 101, else the refusal's body.
    QByteArray afterHead() const { return m_frames; }
    void sendText(const QByteArray &text);
    qint64 bytesSent() const { return m_sent; }
    qint64 bytesReceived() const { return m_head.size() + m_frames.size(); }
    // The complete frames received after the 101 (unmasked, as a server sends them); *rest gets
    // the size of a frame cut off at the end.
    QList<Frame> frames(qsizetype *rest = nullptr) const;
    bool closed() const { return m_closed; }
    void close() { m_socket.disconnectFromHost(); }

private:
    QTcpSocket m_socket;
    QByteArray m_head;
    QByteArray m_frames;
    qint64 m_sent = 0;
    bool m_upgraded = false;
    bool m_closed = false;
};

// One POST /publish/ on its own connection, answered or not.
struct PublishResult
{
    int status = 0; // 0: no answer (refused, reset or closed first)
    QByteArray body;
};
PublishResult publishStream(quint16 publishPort, const QByteArray &channel,
                            const QByteArray &content, int timeoutMs = 5000);
