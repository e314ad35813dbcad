#include "publisher.h"

#include <cmath>
#include <limits>

#include "http/httpbodyframer.h"
#include "http/httpresponseparser.h"
#include "loadmessage.h"
#include "net/stream.h"

namespace {
// A refused endpoint is tried again at most this often (per connection).
constexpr qint64 ReconnectIntervalMs = 1000;

// JSON string contents: our texts hold only digits, letters, ':' , ' ' and newlines.
QByteArray jsonEscape(const QByteArray &text)
{
    QByteArray out = text;
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r");
    return out;
}
} // namespace

// One keep-alive connection to the publish endpoint with at most one request in flight.
class Publisher::Link final : public StreamClient
{
    Q_DISABLE_COPY_MOVE(Link)

public:
    explicit Link(Publisher *owner) : m_owner(owner) {}
    ~Link() { close(); }

    bool isReady() const { return m_connected && m_items == 0; }
    bool hasStream() const { return m_stream != nullptr; }
    quint64 firstItem() const { return m_firstItem; }
    int items() const { return m_items; }

    // After a failure the endpoint is not hammered: at most one attempt per interval. A clean
    // close (keep-alive refused, idle timeout) reconnects at once.
    void connectNow(qint64 nowMs)
    {
        if (m_stream || (m_failedAtMs >= 0 && nowMs - m_failedAtMs < ReconnectIntervalMs))
            return;
        QString error;
        m_stream = Stream::connectTo(m_owner->m_reactor, m_owner->m_address, m_owner->m_url.port,
                                     this, &error);
        if (!m_stream) {
            m_failedAtMs = nowMs;
            m_owner->m_lastError =
                QStringLiteral("cannot connect to the publish endpoint: %1").arg(error);
            return;
        }
        if (m_owner->m_tls && !m_stream->enableTls(m_owner->m_tls, m_owner->m_url.host,
                                                   m_owner->m_config.verifyTls, &error)) {
            m_failedAtMs = nowMs;
            m_owner->m_lastError = QStringLiteral("TLS setup failed: %1").arg(error);
            close();
        }
    }

    void write(const QByteArray &request, quint64 firstItem, int items)
    {
        m_firstItem = firstItem;
        m_items = items;
        m_head.reset();
        m_headDone = false;
        m_stream->write(request);
    }

    // Forgets the request in flight: the owner has settled its items.
    void clearInFlight() { m_items = 0; }

    void close()
    {
        if (m_stream) {
            m_stream->close();
            m_stream = nullptr;
        }
        m_connected = false;
    }

private:
    void onStreamConnected(Stream *) override
    {
        m_connected = true;
        m_failedAtMs = -1;
        m_owner->m_lastError.clear();
        m_owner->sendDue();
    }

    void onStreamData(Stream *, const char *data, qsizetype size) override
    {
        if (m_items == 0)
            return;
        if (!m_headDone) {
            qsizetype used = 0;
            const HttpResponseParser::State state = m_head.feed(data, size, &used);
            if (state == HttpResponseParser::State::NeedMore)
                return;
            if (state == HttpResponseParser::State::Error) {
                const QString error = QStringLiteral("garbage from the publish endpoint: %1")
                                          .arg(QString::fromLatin1(m_head.errorText()));
                close();
                m_failedAtMs = m_owner->m_clock.elapsed();
                m_owner->answered(this, false, error);
                return;
            }
            m_headDone = true;
            m_body = HttpBodyFramer::forResponse("POST", m_head.head());
            data += used;
            size -= used;
        }
        m_text.resize(0);
        m_body.feed(data, size, &m_text);
        if (!m_body.isComplete() || m_body.kind() == HttpBodyFramer::Kind::UntilClose)
            return;
        const HttpResponseHead &head = m_head.head();
        const bool keepAlive =
            head.versionMinor >= 1 && !head.headers.hasToken("Connection", "close");
        const bool ok = head.status >= 200 && head.status <= 299;
        const QString error = ok ? QString()
                                 : QStringLiteral("the publish endpoint answered %1 %2")
                                       .arg(head.status)
                                       .arg(QString::fromLatin1(head.reason));
        if (!keepAlive) {
            // An endpoint that closes after each answer costs a connection per request, as it
            // would for any client; the next request goes out on a new one at once.
            close();
            m_owner->answered(this, ok, error);
            if (m_owner->m_running)
                connectNow(m_owner->m_clock.elapsed());
            return;
        }
        m_owner->answered(this, ok, error);
    }

    void onStreamDrained(Stream *) override {}

    void onStreamClosed(Stream *, const QString &error) override
    {
        m_stream = nullptr;
        m_connected = false;
        if (!error.isEmpty())
            m_failedAtMs = m_owner->m_clock.elapsed();
        const QString why =
            error.isEmpty() ? QStringLiteral("the publish endpoint closed the connection") : error;
        if (m_items > 0)
            m_owner->answered(this, false, why);
        else if (!error.isEmpty())
            m_owner->m_lastError =
                QStringLiteral("cannot connect to the publish endpoint: %1").arg(error);
    }

    Publisher *m_owner;
    Stream *m_stream = nullptr;
    HttpResponseParser m_head;
    HttpBodyFramer m_body;
    QByteArray m_text; // an answer's body, read and dropped
    qint64 m_failedAtMs = -1;
    quint64 m_firstItem = 0;
    int m_items = 0; // in the request in flight; 0 when idle
    bool m_connected = false;
    bool m_headDone = false;
};

Publisher::Publisher(Reactor *reactor, SSL_CTX *tls, const ClientUrl &url,
                     const QHostAddress &address, const LoadConfig &config)
    : m_reactor(reactor), m_tls(tls), m_url(url), m_address(address), m_config(config)
{
    const int links = qBound(1, config.publishConnections, MaxConnections);
    for (int i = 0; i < links; ++i)
        m_links.push_back(std::make_unique<Link>(this));
    if (config.publishCount > 0)
        m_sentAt.reserve(size_t(qMin<quint64>(config.publishCount, 10'000'000)));
}

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
    for (const auto &link : m_links) {
        link->close();
        link->clearInFlight();
    }
    m_inFlight = 0;
}

void Publisher::pace()
{
    if (!m_running)
        return;
    const qint64 nowMs = m_clock.elapsed();
    for (const auto &link : m_links) {
        if (!link->hasStream())
            link->connectNow(nowMs);
    }
    sendDue();
}

quint64 Publisher::owed() const
{
    const quint64 limit =
        m_config.publishCount > 0 ? m_config.publishCount : std::numeric_limits<quint64>::max();
    if (m_config.publishRate <= 0)
        return limit;
    const double total = std::floor(double(m_clock.elapsed()) * m_config.publishRate / 1000.0);
    return qMin(quint64(total) + 1, limit);
}

void Publisher::sendDue()
{
    if (!m_running)
        return;
    const bool paced = m_config.publishRate > 0;
    const quint64 perRequest = m_config.itemsPerRequest > 0
                                   ? quint64(qMin(m_config.itemsPerRequest, MaxItemsPerRequest))
                                   : (paced ? quint64(MaxItemsPerRequest) : 1);
    const quint64 limit = owed();
    for (const auto &link : m_links) {
        if (!link->isReady())
            continue;
        if (limit <= nextSeq())
            return;
        send(link.get(), qMin(limit - nextSeq(), perRequest));
    }
}

void Publisher::send(Link *link, quint64 items)
{
    const qint64 now = LoadMessage::nowMicros();
    const quint64 first = nextSeq();
    m_contents.clear();
    for (quint64 i = 0; i < items; ++i) {
        m_contents.append(LoadMessage::encode(first + i, now));
        m_sentAt.push_back(now);
        m_outcomes.push_back(Unanswered);
    }
    const QByteArray json = body(m_config.channel, m_config.transport, m_contents, first);
    QByteArray request =
        "POST " + m_url.target + " HTTP/1.1\r\nHost: " + m_url.hostHeader +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size()) +
        "\r\n";
    if (!m_config.publishKey.isEmpty())
        request += "Authorization: Bearer " + m_config.publishKey + "\r\n";
    request += "\r\n" + json;
    if (m_firstSendNs < 0)
        m_firstSendNs = m_clock.nsecsElapsed();
    ++m_requestCount;
    ++m_inFlight;
    link->write(request, first, int(items));
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

void Publisher::answered(Link *link, bool ok, const QString &error)
{
    const quint64 first = link->firstItem();
    const quint64 items = quint64(link->items());
    if (items == 0)
        return;
    link->clearInFlight();
    --m_inFlight;
    m_lastAnswerNs = m_clock.nsecsElapsed();
    for (quint64 seq = first; seq < first + items; ++seq)
        m_outcomes[size_t(seq)] = ok ? Accepted : Failed;
    if (ok) {
        m_acceptedCount += items;
    } else {
        m_failedCount += items;
        m_lastError = error;
    }
    // The freed connection takes what is owed at once: unpaced publishing goes on as soon as the
    // endpoint answered, and paced publishes that fell due meanwhile do not wait for a tick.
    sendDue();
}
