#pragma once

// Raw-socket helpers shared by the tests that drive the broker over plain QTcpSockets: blocking
// reads and writes with a timeout, an HTTP message parsed just enough to assert on, and chunked
// framing. Every read appends to the caller's buffer, so bytes past what was asked for stay there.
#include <memory>
#include <utility>

#include <QByteArray>
#include <QList>
#include <QTcpSocket>

namespace sockettest {

// The default timeout of every helper here, in milliseconds.
constexpr int DefaultWaitMs = 5000;

// One HTTP message as seen on the wire: its head, parsed just enough to assert on, and its body
// bytes with their framing left in place.
struct Message
{
    QByteArray head; // start line to the empty line, CRLFs included
    QByteArray startLine;
    QList<std::pair<QByteArray, QByteArray>> fields;
    QByteArray body;
    bool endedByClose = false; // the body was delimited by the peer closing the connection

    int status() const { return startLine.startsWith("HTTP/") ? startLine.mid(9, 3).toInt() : 0; }
    // Every value of the field name (case-insensitive), in order.
    QList<QByteArray> values(const QByteArray &name) const;
    qsizetype count(const QByteArray &name) const { return values(name).size(); }
    // The first value of the field name, empty when there is none.
    QByteArray value(const QByteArray &name) const;
    // True when any field name starts with "Grip-" (case-insensitive).
    bool hasGripHeader() const;
    // Names of the fields starting with prefix (case-insensitive), for "no Meta-* at all" checks.
    QList<QByteArray> namesStartingWith(const QByteArray &prefix) const;
};

// Fills out->head, startLine and fields from head (body and endedByClose are left as they are).
void parseHead(const QByteArray &head, Message *out);

// Writes data and blocks until it has left the socket (QTcpSocket writes only from the event
// loop), giving up after timeoutMs.
void writeNow(QTcpSocket *socket, const QByteArray &data, int timeoutMs = DefaultWaitMs);

// Reads into buffer until it holds "\r\n\r\n"; bytes after the head stay in buffer. False on
// timeout or when the peer closes first.
bool readHead(QTcpSocket *socket, QByteArray *buffer, int timeoutMs = DefaultWaitMs);

// Reads into buffer until it holds at least size bytes. False on timeout or when the peer closes
// first.
bool readAtLeast(QTcpSocket *socket, QByteArray *buffer, qsizetype size,
                 int timeoutMs = DefaultWaitMs);

// Everything the peer sends until it closes the connection (or timeoutMs passes).
QByteArray readUntilClosed(QTcpSocket *socket, int timeoutMs = DefaultWaitMs);

// True once the peer has closed the connection; what it sends meanwhile is discarded.
bool waitClosed(QTcpSocket *socket, int timeoutMs = DefaultWaitMs);

// Reads a head into *out and removes it from buffer, the bytes after it staying; clears out->body
// and out->endedByClose. Warns with what arrived when no complete head does.
bool takeHead(QTcpSocket *socket, QByteArray *buffer, Message *out, int timeoutMs = DefaultWaitMs);

// takeHead, then a Content-Length body into out->body (none without Content-Length).
bool takeMessage(QTcpSocket *socket, QByteArray *buffer, Message *out,
                 int timeoutMs = DefaultWaitMs);

// One chunk of chunked transfer coding carrying content.
QByteArray chunk(const QByteArray &content);

// The payloads of the complete chunks at the start of data into *payload (cleared first); *ended
// tells whether the last-chunk was among them. False if the framing is malformed.
bool dechunk(const QByteArray &data, QByteArray *payload, bool *ended = nullptr);

// The size of the complete chunked body (trailers included) at the start of data, -1 while it is
// incomplete, -2 if it is malformed. The chunk payloads are appended to *payload when given.
qsizetype chunkedLength(const QByteArray &data, QByteArray *payload = nullptr);

// A socket connected to port on 127.0.0.1, or null when it does not connect within timeoutMs.
std::unique_ptr<QTcpSocket> connectTo(quint16 port, int timeoutMs = DefaultWaitMs);

// A blocking POSIX socket connected to port on 127.0.0.1, with 5 s send and receive timeouts, for
// tests that must not run the event loop or must not close on the peer's FIN as a QTcpSocket
// does; -1 when it does not connect. The caller closes it.
int rawConnect(quint16 port);

// size random bytes.
QByteArray randomBytes(qsizetype size);

} // namespace sockettest
