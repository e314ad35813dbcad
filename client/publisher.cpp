#include "publisher.h"

#include <cmath>

#include "loadmessage.h"

namespace {
// A refused endpoint is tried again at most this often.
constexpr qint64 ReconnectIntervalMs = 1000;

// JSON string contents: our texts hold only digits, letters, ':' , ' ' and newlines.
QByteArray jsonEscape(const QByteArray &text)
{
    QByteArray out = text;
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r");
    return out;
}
} // namespace

Publisher::Publisher(Reactor *reactor, SSL_CTX *tls, const ClientUrl &url,
                     const QHostAddress &address, const LoadConfig &config)
    : m_reactor(reactor), m_tls(tls), m_url(url), m_address(address), m_config(config)
{}

Publisher::~Publisher()
{
    stop();
}

void Publisher::start()
{
    m_clock.start();
    m_running = true;
    pace();
}

void Publisher::stop()
{
    m_running = false;
    if (m_stream) {
        m_stream->close();
        m_stream = nullptr;
    }
    m_inFlight = 0;
    m_connected = false;
}

void Publisher::pace()
{
    if (!m_running)
        return;
    const qint64 nowMs = m_clock.elapsed();
    if (!m_stream) {
        connectNow(nowMs);
        return;
    }
    if (m_connected && m_inFlight == 0)
        sendDue(nowMs);
}

void Publisher::connectNow(qint64 nowMs)
{
    if (m_lastConnectMs >= 0 && nowMs - m_lastConnectMs < ReconnectIntervalMs)
        return;
    m_lastConnectMs = nowMs;
    QString error;
    m_stream = Stream::connectTo(m_reactor, m_address, m_url.port, this, &error);
    if (!m_stream) {
        m_lastError = QStringLiteral("cannot connect to the publish endpoint: %1").arg(error);
        return;
    }
    if (m_tls && !m_stream->enableTls(m_tls, m_url.host, m_config.verifyTls, &error)) {
        m_lastError = QStringLiteral("TLS setup failed: %1").arg(error);
        m_stream->close();
        m_stream = nullptr;
    }
}

void Publisher::sendDue(qint64 nowMs)
{
    quint64 due = 1;
    if (m_config.publishRate > 0) {
        const double total = std::floor(double(nowMs) * m_config.publishRate / 1000.0);
        const quint64 owed = quint64(total) + 1;
        due = owed > nextSeq() ? owed - nextSeq() : 0;
    }
    if (due == 0)
        return;
    due = qMin<quint64>(due, MaxItemsPerRequest);
    const qint64 now = LoadMessage::nowMicros();
    QList<QByteArray> contents;
    m_firstInFlight = nextSeq();
    for (quint64 i = 0; i < due; ++i) {
        contents.append(LoadMessage::encode(m_firstInFlight + i, now));
        m_sentAt.push_back(now);
        m_outcomes.push_back(Unanswered);
    }
    m_inFlight = int(due);
    const QByteArray json = body(m_config.channel, m_config.transport, contents, m_firstInFlight);
    QByteArray request =
        "POST " + m_url.target + " HTTP/1.1\r\nHost: " + m_url.hostHeader +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size()) +
        "\r\n";
    if (!m_config.publishKey.isEmpty())
        request += "Authorization: Bearer " + m_config.publishKey + "\r\n";
    request += "\r\n" + json;
    m_head.reset();
    m_headDone = false;
    m_stream->write(request);
}

QByteArray Publisher::body(const QByteArray &channel, ClientTransport transport,
                           const QList<QByteArray> &contents, quint64 firstSeq)
{
    QByteArray json = "{\"items\":[";
    quint64 seq = firstSeq;
    for (const QByteArray &content : contents) {
        if (seq != firstSeq)
            json += ',';
        // One item serves every transport; only the stream form differs between SSE and lines.
        const QByteArray stream =
            transport == ClientTransport::Sse
                ? "id: " + QByteArray::number(seq) + "\ndata: " + content + "\n\n"
                : content + '\n';
        json += "{\"channel\":\"" + jsonEscape(channel) + "\",\"formats\":{\"http-stream\":{" +
                "\"content\":\"" + jsonEscape(stream) + "\"},\"http-response\":{\"body\":\"" +
                jsonEscape(content + '\n') + "\"},\"ws-message\":{\"content\":\"" +
                jsonEscape(content) + "\"}}}";
        ++seq;
    }
    return json + "]}";
}

void Publisher::onStreamConnected(Stream *)
{
    m_connected = true;
    m_lastError.clear();
}

void Publisher::onStreamData(Stream *, const char *data, qsizetype size)
{
    if (m_inFlight == 0)
        return;
    if (!m_headDone) {
        qsizetype used = 0;
        const HttpResponseParser::State state = m_head.feed(data, size, &used);
        if (state == HttpResponseParser::State::NeedMore)
            return;
        if (state == HttpResponseParser::State::Error) {
            finishRequest(false, QStringLiteral("garbage from the publish endpoint: %1")
                                     .arg(QString::fromLatin1(m_head.errorText())));
            m_stream->close();
            m_stream = nullptr;
            m_connected = false;
            return;
        }
        m_headDone = true;
        m_body = HttpBodyFramer::forResponse("POST", m_head.head());
        data += used;
        size -= used;
    }
    QByteArray text;
    m_body.feed(data, size, &text);
    if (!m_body.isComplete() || m_body.kind() == HttpBodyFramer::Kind::UntilClose)
        return;
    const int status = m_head.head().status;
    if (status >= 200 && status <= 299) {
        finishRequest(true, {});
        // Unpaced publishing goes on as soon as the endpoint answered.
        if (m_config.publishRate <= 0)
            pace();
    } else
        finishRequest(false, QStringLiteral("the publish endpoint answered %1 %2")
                                 .arg(status)
                                 .arg(QString::fromLatin1(m_head.head().reason)));
}

void Publisher::onStreamDrained(Stream *) {}

void Publisher::onStreamClosed(Stream *, const QString &error)
{
    m_stream = nullptr;
    m_connected = false;
    const QString why =
        error.isEmpty() ? QStringLiteral("the publish endpoint closed the connection") : error;
    if (m_inFlight > 0)
        finishRequest(false, why);
    else if (!error.isEmpty())
        m_lastError = QStringLiteral("cannot connect to the publish endpoint: %1").arg(error);
}

void Publisher::finishRequest(bool ok, const QString &error)
{
    for (quint64 seq = m_firstInFlight; seq < m_firstInFlight + quint64(m_inFlight); ++seq)
        m_outcomes[size_t(seq)] = ok ? Accepted : Failed;
    if (ok) {
        m_acceptedCount += quint64(m_inFlight);
    } else {
        m_failedCount += quint64(m_inFlight);
        m_lastError = error;
    }
    m_inFlight = 0;
}
