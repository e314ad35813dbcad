#include "handler/publishserver.h"

#include <QTcpSocket>

#include "core/logging.h"
#include "grip/publishparser.h"
#include "handler/channelhub.h"
#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"
#include "http/httpwriter.h"

struct PublishServer::Client
{
    HttpRequestParser parser{10'000}; // Pushpin's push_in_http_max_headers_size
    HttpBodyFramer body;
    QByteArray payload;
    QByteArray buffer;
    bool inBody = false;
};

namespace {
QByteArray response(int status, const QByteArray &contentType, const QByteArray &body, bool close,
                    const HttpHeaders &extra = {})
{
    HttpHeaders headers = extra;
    headers.add("Content-Type", contentType);
    headers.add("Content-Length", QByteArray::number(body.size()));
    if (close)
        headers.add("Connection", "close");
    return HttpWriter::responseHead(status, HttpWriter::reasonPhrase(status), headers) + body;
}
} // namespace

PublishServer::PublishServer(ChannelHub &hub, const QByteArray &publishKey, QObject *parent)
    : QObject(parent), m_hub(hub), m_server(this), m_publishKey(publishKey)
{
    connect(&m_server, &QTcpServer::newConnection, this, &PublishServer::accept);
}

PublishServer::~PublishServer()
{
    // The client sockets are m_server's children, deleted after m_clients: a socket still
    // connected would emit disconnected() into a lambda using the destroyed hash (heap
    // corruption when the broker stops with publishes in flight; tst_faults).
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        disconnect(socket, nullptr, this, nullptr);
    qDeleteAll(m_clients);
}

bool PublishServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_publishKey.isEmpty() && !address.isLoopback()) {
        *error = QStringLiteral("refusing to open the publish API on %1 without a publish key: "
                                "anyone who reaches it could publish (set --publish-key)")
                     .arg(address.toString());
        return false;
    }
    // Publishers that open a connection per publish arrive in bursts; see Broker::start.
    m_server.setListenBacklogSize(1024);
    if (!m_server.listen(address, port)) {
        *error = QStringLiteral("cannot listen for publishing on %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(m_server.errorString());
        return false;
    }
    return true;
}

void PublishServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_clients.insert(socket, new Client);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            delete m_clients.take(socket);
            socket->deleteLater();
        });
    }
}

void PublishServer::readFrom(QTcpSocket *socket)
{
    Client *client = m_clients.value(socket);
    if (!client)
        return;
    client->buffer += socket->readAll();
    while (!client->buffer.isEmpty()) {
        if (!client->inBody) {
            qsizetype consumed = 0;
            const auto state =
                client->parser.feed(client->buffer.constData(), client->buffer.size(), &consumed);
            client->buffer.remove(0, consumed);
            if (state == HttpRequestParser::State::NeedMore)
                return;
            if (state == HttpRequestParser::State::Error) {
                socket->write(response(client->parser.errorStatus(), "text/plain",
                                       client->parser.errorText() + '\n', true));
                socket->disconnectFromHost();
                return;
            }
            // A declared length over the limit is refused before its body is read.
            const qlonglong declared =
                client->parser.head().headers.value("Content-Length").trimmed().toLongLong();
            if (declared > m_maxBodyBytes) {
                socket->write(response(413, "text/plain",
                                       "request body exceeds " +
                                           QByteArray::number(m_maxBodyBytes) + " bytes\n",
                                       true));
                socket->disconnectFromHost();
                return;
            }
            client->body = HttpBodyFramer::forRequest(client->parser.head());
            client->payload.clear();
            client->inBody = true;
        }
        const qsizetype used =
            client->body.feed(client->buffer.constData(), client->buffer.size(), &client->payload);
        client->buffer.remove(0, used);
        if (client->body.hasError() || client->payload.size() > m_maxBodyBytes) {
            const bool tooLarge = !client->body.hasError();
            socket->write(response(tooLarge ? 413 : 400, "text/plain",
                                   tooLarge ? "request body exceeds " +
                                                  QByteArray::number(m_maxBodyBytes) + " bytes\n"
                                            : client->body.errorText() + '\n',
                                   true));
            socket->disconnectFromHost();
            return;
        }
        if (!client->body.isComplete())
            return;
        if (m_closing) {
            // The held subscribers are being closed: a 200 now would be for a message nobody
            // gets.
            socket->write(response(503, "text/plain", "the broker is shutting down\n", true));
            socket->disconnectFromHost();
            return;
        }
        const HttpRequestHead head = client->parser.head();
        const bool keepAlive = head.keepAlive();
        const QByteArray answer = handle(head.method, head.path(), head.headers, client->payload);
        socket->write(answer);
        // Now, not on the next loop turn: QAbstractSocket would otherwise wake its own loop
        // through the event queue for every answer (two more syscalls and a poll per publish).
        socket->flush();
        client->inBody = false;
        client->payload.clear();
        client->parser.reset();
        if (!keepAlive) {
            socket->disconnectFromHost();
            return;
        }
    }
}

bool PublishServer::authorized(const HttpHeaders &headers) const
{
    if (m_publishKey.isEmpty())
        return true;
    if (headers.value("Fastly-Key") == m_publishKey)
        return true;
    const QByteArray authorization = headers.value("Authorization");
    if (authorization.startsWith("Bearer ") && authorization.mid(7).trimmed() == m_publishKey)
        return true;
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        return colon >= 0 && decoded.mid(colon + 1) == m_publishKey;
    }
    return false;
}

QByteArray PublishServer::handle(const QByteArray &method, const QByteArray &path,
                                 const HttpHeaders &headers, const QByteArray &body)
{
    const bool json = headers.value("Accept").contains("application/json");
    if (path == "/" && method == "GET")
        return response(200, "text/plain", "Holdfast publish API\n", false);
    // Metrics are readable without the publish key, like Pushpin's prometheus_port.
    if (path == "/metrics" && method == "GET" && m_metrics)
        return response(200, "text/plain; version=0.0.4", m_metrics(), false);
    // Pushpin strips a trailing slash, so /publish and /publish/ are the same endpoint.
    if (path != "/publish" && path != "/publish/")
        return response(404, "text/plain",
                        "no such endpoint: " + path + " (publish with POST /publish/)\n", false);
    if (method != "POST") {
        HttpHeaders allow;
        allow.add("Allow", "POST");
        return response(405, "text/plain", "use POST to publish\n", false, allow);
    }
    if (!authorized(headers)) {
        HttpHeaders challenge;
        challenge.add("WWW-Authenticate", "Bearer realm=\"holdfast\"");
        return response(401, "text/plain",
                        "a valid publish key is required (Authorization: Bearer KEY, Basic with "
                        "KEY as password, or Fastly-Key: KEY)\n",
                        false, challenge);
    }
    const PublishParseResult parsed = PublishParser::parse(body);
    if (!parsed.ok()) {
        qCInfo(lcBroker, "publish rejected: %s", qPrintable(parsed.error));
        return response(400, "text/plain", parsed.error.toUtf8() + '\n', false);
    }
    m_hub.publish(parsed.items);
    return json ? response(200, "application/json", "{\"message\":\"Published\"}\n", false)
                : response(200, "text/plain", "Published\n", false);
}
