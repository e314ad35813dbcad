#include "sockettestutil.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QHostAddress>
#include <QRandomGenerator>

namespace sockettest {

QList<QByteArray> Message::values(const QByteArray &name) const
{
    QList<QByteArray> found;
    for (const auto &field : fields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            found.append(field.second);
    }
    return found;
}

QByteArray Message::value(const QByteArray &name) const
{
    const QList<QByteArray> found = values(name);
    return found.isEmpty() ? QByteArray() : found.first();
}

bool Message::hasGripHeader() const
{
    for (const auto &field : fields) {
        if (field.first.toLower().startsWith("grip-"))
            return true;
    }
    return false;
}

QList<QByteArray> Message::namesStartingWith(const QByteArray &prefix) const
{
    QList<QByteArray> found;
    for (const auto &field : fields) {
        if (field.first.toLower().startsWith(prefix.toLower()))
            found.append(field.first);
    }
    return found;
}

void parseHead(const QByteArray &head, Message *out)
{
    out->head = head;
    QList<QByteArray> lines = head.split('\n');
    out->startLine = lines.takeFirst().trimmed();
    out->fields.clear();
    for (const QByteArray &line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            out->fields.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
}

void writeNow(QTcpSocket *socket, const QByteArray &data, int timeoutMs)
{
    socket->write(data);
    QElapsedTimer timer;
    timer.start();
    while (socket->bytesToWrite() > 0 && timer.elapsed() < timeoutMs)
        socket->waitForBytesWritten(50);
}

bool readHead(QTcpSocket *socket, QByteArray *buffer, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!buffer->contains("\r\n\r\n")) {
        if (timer.elapsed() > timeoutMs)
            return false;
        socket->waitForReadyRead(50);
        buffer->append(socket->readAll());
        if (socket->state() == QAbstractSocket::UnconnectedState && !buffer->contains("\r\n\r\n"))
            return false;
    }
    return true;
}

bool readAtLeast(QTcpSocket *socket, QByteArray *buffer, qsizetype size, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (buffer->size() < size) {
        buffer->append(socket->readAll());
        if (buffer->size() >= size)
            break;
        if (timer.elapsed() > timeoutMs)
            return false;
        if (!socket->waitForReadyRead(50) && socket->state() == QAbstractSocket::UnconnectedState) {
            buffer->append(socket->readAll());
            return buffer->size() >= size;
        }
    }
    return true;
}

QByteArray readUntilClosed(QTcpSocket *socket, int timeoutMs)
{
    QByteArray all;
    QElapsedTimer timer;
    timer.start();
    while (socket->state() != QAbstractSocket::UnconnectedState && timer.elapsed() < timeoutMs) {
        socket->waitForReadyRead(50);
        all += socket->readAll();
    }
    return all + socket->readAll();
}

bool waitClosed(QTcpSocket *socket, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (socket->state() != QAbstractSocket::UnconnectedState) {
        if (timer.elapsed() > timeoutMs)
            return false;
        socket->waitForReadyRead(50);
        socket->readAll();
    }
    return true;
}

bool takeHead(QTcpSocket *socket, QByteArray *buffer, Message *out, int timeoutMs)
{
    if (!readHead(socket, buffer, timeoutMs)) {
        qWarning("no complete head; got: %s", buffer->constData());
        return false;
    }
    const qsizetype end = buffer->indexOf("\r\n\r\n") + 4;
    parseHead(buffer->left(end), out);
    buffer->remove(0, end);
    out->body.clear();
    out->endedByClose = false;
    return true;
}

bool takeMessage(QTcpSocket *socket, QByteArray *buffer, Message *out, int timeoutMs)
{
    if (!takeHead(socket, buffer, out, timeoutMs))
        return false;
    const qsizetype length = out->value("Content-Length").toLongLong();
    if (!readAtLeast(socket, buffer, length, timeoutMs)) {
        qWarning("body shorter than %lld bytes: %s", qlonglong(length), buffer->constData());
        return false;
    }
    out->body = buffer->left(length);
    buffer->remove(0, length);
    return true;
}

QByteArray chunk(const QByteArray &content)
{
    return QByteArray::number(content.size(), 16) + "\r\n" + content + "\r\n";
}

bool dechunk(const QByteArray &data, QByteArray *payload, bool *ended)
{
    qsizetype pos = 0;
    payload->clear();
    if (ended)
        *ended = false;
    for (;;) {
        const qsizetype lineEnd = data.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return pos == data.size();
        bool ok = false;
        const qsizetype size = qsizetype(data.mid(pos, lineEnd - pos).toLongLong(&ok, 16));
        if (!ok || size < 0)
            return false;
        if (size == 0) {
            if (ended)
                *ended = data.mid(lineEnd, 4) == "\r\n\r\n";
            return true;
        }
        if (data.size() < lineEnd + 2 + size + 2)
            return false;
        if (data.mid(lineEnd + 2 + size, 2) != "\r\n")
            return false;
        payload->append(data.mid(lineEnd + 2, size));
        pos = lineEnd + 2 + size + 2;
    }
}

qsizetype chunkedLength(const QByteArray &data, QByteArray *payload)
{
    qsizetype pos = 0;
    QByteArray decoded;
    for (;;) {
        const qsizetype lineEnd = data.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return -1;
        QByteArray sizeText = data.mid(pos, lineEnd - pos);
        if (const qsizetype semicolon = sizeText.indexOf(';'); semicolon >= 0)
            sizeText.truncate(semicolon);
        bool ok = false;
        const qsizetype size = qsizetype(sizeText.trimmed().toLongLong(&ok, 16));
        if (!ok || size < 0)
            return -2;
        pos = lineEnd + 2;
        if (size == 0) {
            // The trailer section ends with an empty line.
            for (;;) {
                const qsizetype end = data.indexOf("\r\n", pos);
                if (end < 0)
                    return -1;
                const bool empty = end == pos;
                pos = end + 2;
                if (empty)
                    break;
            }
            if (payload)
                payload->append(decoded);
            return pos;
        }
        if (data.size() < pos + size + 2)
            return -1;
        decoded.append(data.mid(pos, size));
        if (data.mid(pos + size, 2) != "\r\n")
            return -2;
        pos += size + 2;
    }
}

std::unique_ptr<QTcpSocket> connectTo(quint16 port, int timeoutMs)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(timeoutMs))
        return nullptr;
    return socket;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          size / qsizetype(sizeof(quint32)));
    for (qsizetype i = size - size % qsizetype(sizeof(quint32)); i < size; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

int rawConnect(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace sockettest
