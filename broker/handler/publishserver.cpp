#include "handler/publishserver.h"

#include "core/logging.h"
#include "grip/publishparser.h"
#include "handler/channelhub.h"
#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"
#include "http/httpwriter.h"
#include "http/httpstatus.h"

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
    return HttpWriter::responseHead(status, HttpStatus::reason(status), headers) + body;
}
} // namespace

PublishServer::PublishServer(ChannelHub &hub, Reactor &reactor, const QByteArray &publishKey,
                             QObject *parent)
    : QObject(parent), m_hub(hub), m_reactor(reactor),
      m_server(
          &reactor, "publish API", [this](int descriptor) { accept(descriptor); }, this),
      m_publishKey(publishKey)
{}

PublishServer::~PublishServer()
{
    // close() makes no callbacks; the reactor frees each stream at the end of its round.
    for (auto &entry : m_clients)
        entry.first->close();
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
    QString listenError;
    if (!m_server.listen(address, port, &listenError, 1024)) {
        *error = QStringLiteral("cannot listen for publishing on %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(listenError);
        return false;
    }
    return true;
}

void PublishServer::accept(int descriptor)
{
    Stream *stream = Stream::adopt(&m_reactor, descriptor, this);
    m_clients.emplace(stream, std::make_unique<Client>());
}

void PublishServer::onStreamClosed(Stream *stream, const QString &)
{
    m_clients.erase(stream);
}

void PublishServer::answerAndClose(Stream *stream, const QByteArray &answer)
{
    stream->write(answer);
    stream->closeAfterLinger();
    m_clients.erase(stream);
}

QByteArray PublishServer::tooLargeAnswer() const
{
    return response(413, "text/plain",
                    "request body exceeds " + QByteArray::number(m_maxBodyBytes) + " bytes\n",
                    true);
}

void PublishServer::onStreamData(Stream *stream, const char *data, qsizetype size)
{
    const auto found = m_clients.find(stream);
    if (found == m_clients.end())
        return;
    Client *client = found->second.get();
    client->buffer.append(data, size);
    while (!client->buffer.isEmpty()) {
        if (!client->inBody) {
            qsizetype consumed = 0;
            const auto state =
                client->parser.feed(client->buffer.constData(), client->buffer.size(), &consumed);
            client->buffer.remove(0, consumed);
            if (state == HttpRequestParser::State::NeedMore)
                return;
            if (state == HttpRequestParser::State::Error) {
                answerAndClose(stream, response(client->parser.errorStatus(), "text/plain",
                                                client->parser.errorText() + '\n', true));
                return;
            }
            // A declared length over the limit is refused before its body is read.
            const qlonglong declared =
                client->parser.head().headers.value("Content-Length").trimmed().toLongLong();
            if (declared > m_maxBodyBytes) {
                answerAndClose(stream, tooLargeAnswer());
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
            answerAndClose(stream,
                           client->body.hasError()
                               ? response(400, "text/plain", client->body.errorText() + '\n', true)
                               : tooLargeAnswer());
            return;
        }
        if (!client->body.isComplete())
            return;
        if (m_closing) {
            // The held subscribers are being closed: a 200 now would be for a message nobody
            // gets.
            answerAndClose(stream,
                           response(503, "text/plain", "the broker is shutting down\n", true));
            return;
        }
        const HttpRequestHead head = client->parser.head();
        const bool keepAlive = head.keepAlive();
        const QByteArray answer = handle(head.method, head.path(), head.headers, client->payload);
        if (!keepAlive) {
            answerAndClose(stream, answer);
            return;
        }
        stream->write(answer);
        client->inBody = false;
        client->payload.clear();
        client->parser.reset();
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
    const PublishParseResult parsed = PublishParser::parse(body, m_maxContentBytes);
    if (!parsed.ok()) {
        qCInfo(lcBroker, "publish rejected: %s", qPrintable(parsed.error));
        return response(400, "text/plain", parsed.error.toUtf8() + '\n', false);
    }
    m_hub.publish(parsed.items);
    return json ? response(200, "application/json", "{\"message\":\"Published\"}\n", false)
                : response(200, "text/plain", "Published\n", false);
}
