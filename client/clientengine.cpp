#include "clientengine.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <QHostInfo>

#include "loadmessage.h"
#include "net/reactor.h"
#include "net/timerwheel.h"
#include "net/tlsclientcontext.h"
#include "publisher.h"
#include "testclient.h"

namespace {
constexpr int TickMs = 10;
// Clients opened per tick at most, so a ramp "as fast as possible" still lets the loop breathe.
constexpr int MaxOpensPerTick = 250;
// Mid-run, publishes younger than this are not yet counted as lost.
constexpr qint64 LossHorizonUs = 1'000'000;
} // namespace

ClientEngine::ClientEngine(QObject *parent) : QObject(parent), m_tickTimer(this), m_statsTimer(this)
{
    m_tickTimer.setInterval(TickMs);
    connect(&m_tickTimer, &QTimer::timeout, this, &ClientEngine::tick);
    connect(&m_statsTimer, &QTimer::timeout, this, &ClientEngine::emitProgress);
}

ClientEngine::~ClientEngine()
{
    teardown();
}

void ClientEngine::start(const LoadConfig &config)
{
    if (isRunning())
        stop();
    teardown();
    m_config = config;
    m_config.clients = std::max(0, m_config.clients);
    m_context = ClientContext();
    m_context.config = &m_config;
    m_context.listener = this;
    m_latency.clear();
    m_received = m_bytes = m_receivedAtLastStats = 0;
    m_sequence = 0;
    m_lastStatsMs = 0;
    m_publishStartMs = -1;
    m_publishEndMs = -1;
    m_cpuEndMs = -1;
    m_firstPublishUs = m_lastDeliveryUs = 0;
    m_echoes = m_echoErrors = 0;
    m_firstEchoUs = m_lastEchoUs = 0;
    m_config.echoSize = std::clamp(m_config.echoSize, 0, LoadConfig::MaxEchoSize);
    m_config.echoInflight = std::clamp(m_config.echoInflight, 1, LoadConfig::MaxEchoInflight);
    m_echoPadding.resize(m_config.echo ? m_config.echoSize : 0);
    for (qsizetype i = 0; i < m_echoPadding.size(); ++i)
        m_echoPadding[i] = char('a' + i % 26); // a pattern, so a shifted or cut echo differs
    // Arrivals may be out of order by what the publish connections have in flight together;
    // twice that is waited for before a missing publish is given up.
    const quint64 perRequest =
        quint64(m_config.itemsPerRequest > 0
                    ? std::min(m_config.itemsPerRequest, Publisher::MaxItemsPerRequest)
                    : Publisher::MaxItemsPerRequest);
    const quint64 inFlight =
        perRequest * quint64(std::clamp(m_config.publishConnections, 1, Publisher::MaxConnections));
    m_reorderWindow = 1024;
    while (m_reorderWindow < 2 * inFlight && m_reorderWindow < (1u << 20))
        m_reorderWindow *= 2;
    m_lookupError.clear();
    m_clock.start();
    enterPhase(LoadStats::Phase::Resolving);
    m_statsTimer.start(std::max(20, m_config.statsIntervalMs));

    // A publisher alone (no clients) may come without a client URL.
    const bool clientUrl = m_config.clients > 0 || !m_config.url.isEmpty();
    m_context.url = clientUrl ? ClientUrl::parse(m_config.url) : ClientUrl();
    if (clientUrl && !m_context.url.isValid()) {
        failAll(m_context.url.error);
        return;
    }
    if (!m_config.publishUrl.isEmpty()) {
        m_publishUrl = ClientUrl::parse(m_config.publishUrl);
        if (!m_publishUrl.isValid()) {
            failAll(QStringLiteral("publish URL: %1").arg(m_publishUrl.error));
            return;
        }
    }
    if (m_context.url.tls || m_publishUrl.tls) {
        m_tls = std::make_unique<TlsClientContext>(m_config.caFile);
        if (!m_tls->isValid()) {
            failAll(QStringLiteral("TLS setup failed: %1").arg(m_tls->errorString()));
            return;
        }
        m_context.tls = m_context.url.tls ? m_tls->context(m_config.verifyTls) : nullptr;
    }
    m_reactor = std::make_unique<Reactor>();
    m_timers = std::make_unique<TimerWheel>(TickMs * 2, [this](quint64 id, quint32 kind) {
        if (TestClient *c = client(int(id & 0xffffffffu)))
            c->onTimer(kind, quint32(id >> 32));
    });
    m_context.reactor = m_reactor.get();
    m_context.timers = m_timers.get();
    ++m_lookupRound;
    m_pendingLookups = 1;
    if (clientUrl)
        lookUp(m_context.url.host, &m_context.address);
    else
        m_pendingLookups = 0;
    if (!m_config.publishUrl.isEmpty()) {
        ++m_pendingLookups;
        lookUp(m_publishUrl.host, &m_publishAddress);
    }
    if (m_pendingLookups == 0) {
        // Nothing to resolve: no clients and no publisher, a run that just waits its duration.
        m_pendingLookups = 1;
        QMetaObject::invokeMethod(this, &ClientEngine::lookedUp, Qt::QueuedConnection);
    }
    // A resolver that never answers (no network) must not hold the run: the connect timeout
    // covers the lookup too.
    const int round = m_lookupRound;
    QTimer::singleShot(m_config.connectTimeoutMs, this, [this, round, clientUrl] {
        if (round != m_lookupRound || m_phase != LoadStats::Phase::Resolving)
            return;
        ++m_lookupRound;
        m_lookupError =
            QStringLiteral("cannot resolve %1: no answer within %2 ms")
                .arg(QString::fromLatin1(clientUrl ? m_context.url.host : m_publishUrl.host))
                .arg(m_config.connectTimeoutMs);
        m_pendingLookups = 1;
        lookedUp();
    });
}

void ClientEngine::lookUp(const QByteArray &host, QHostAddress *out)
{
    const QString name = QString::fromLatin1(host);
    const QHostAddress literal(name);
    if (!literal.isNull() || name.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        *out = literal.isNull() ? QHostAddress(QHostAddress::LocalHost) : literal;
        const int round = m_lookupRound;
        QMetaObject::invokeMethod(
            this,
            [this, round] {
                if (round == m_lookupRound)
                    lookedUp();
            },
            Qt::QueuedConnection);
        return;
    }
    const int round = m_lookupRound;
    QHostInfo::lookupHost(name, this, [this, out, round, name](const QHostInfo &info) {
        if (round != m_lookupRound)
            return;
        const QList<QHostAddress> addresses = info.addresses();
        if (addresses.isEmpty()) {
            m_lookupError = QStringLiteral("cannot resolve %1: %2").arg(name, info.errorString());
        } else {
            *out = addresses.first();
            for (const QHostAddress &address : addresses) {
                if (address.protocol() == QAbstractSocket::IPv4Protocol) {
                    *out = address;
                    break;
                }
            }
        }
        lookedUp();
    });
}

void ClientEngine::lookedUp()
{
    if (m_phase != LoadStats::Phase::Resolving || --m_pendingLookups > 0)
        return;
    if (!m_lookupError.isEmpty()) {
        failAll(m_lookupError);
        return;
    }
    if (!m_config.publishUrl.isEmpty()) {
        m_publisher = std::make_unique<Publisher>(
            m_reactor.get(), m_publishUrl.tls ? m_tls->context(m_config.verifyTls) : nullptr,
            m_publishUrl, m_publishAddress, m_config);
    }
    beginRamp();
}

void ClientEngine::beginRamp()
{
    m_clients.reserve(size_t(m_config.clients));
    for (int id = 0; id < m_config.clients; ++id)
        m_clients.push_back(std::make_unique<TestClient>(id, &m_context));
    m_rampStartMs = m_clock.elapsed();
    enterPhase(LoadStats::Phase::Ramping);
    m_tickTimer.start();
    tick();
}

void ClientEngine::failAll(const QString &reason)
{
    // The clients exist, so a GUI lists each one with the reason, but none opens a socket.
    m_clients.clear();
    for (int id = 0; id < m_config.clients; ++id) {
        m_clients.push_back(std::make_unique<TestClient>(id, &m_context));
        m_clients.back()->fail(reason);
    }
    QMetaObject::invokeMethod(this, &ClientEngine::finish, Qt::QueuedConnection);
}

void ClientEngine::enterPhase(LoadStats::Phase phase)
{
    m_phase = phase;
    m_phaseStartMs = m_clock.elapsed();
}

TestClient *ClientEngine::client(int id) const
{
    if (id < 0 || size_t(id) >= m_clients.size())
        return nullptr;
    return m_clients[size_t(id)].get();
}

bool ClientEngine::allSettled() const
{
    return std::all_of(m_clients.begin(), m_clients.end(), [](const auto &c) {
        return c->state() == ClientState::Open || c->hasEnded();
    });
}

bool ClientEngine::allEnded() const
{
    // Without clients a run is the publisher alone (publish throughput): it runs its duration.
    return !m_config.keepWhenEnded && !m_clients.empty() &&
           std::all_of(m_clients.begin(), m_clients.end(),
                       [](const auto &c) { return c->hasEnded(); });
}

void ClientEngine::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 inPhase = now - m_phaseStartMs;
    switch (m_phase) {
    case LoadStats::Phase::Ramping: {
        const qsizetype total = qsizetype(m_clients.size());
        qsizetype due = total;
        if (m_config.rampRate > 0)
            due = std::min<qsizetype>(
                total, qsizetype(double(now - m_rampStartMs) * m_config.rampRate / 1000.0) + 1);
        int opened = 0;
        for (const auto &c : m_clients) {
            if (c->connects() > 0 || c->hasEnded())
                continue;
            if (c->id() >= due || opened >= MaxOpensPerTick)
                break;
            c->open();
            ++opened;
        }
        const bool allStarted = std::all_of(m_clients.begin(), m_clients.end(), [](const auto &c) {
            return c->connects() > 0 || c->hasEnded();
        });
        if (allStarted && allSettled())
            enterPhase(LoadStats::Phase::Settling);
        return;
    }
    case LoadStats::Phase::Settling:
        if (allEnded()) {
            finish();
            return;
        }
        if (inPhase >= m_config.settleMs) {
            enterPhase(LoadStats::Phase::Running);
            m_publishStartMs = now;
            if (!m_config.cpuPids.isEmpty())
                m_cpuAtRun = CpuSampler(m_config.cpuPids).sample();
            if (m_publisher) {
                m_firstPublishUs = LoadMessage::nowMicros();
                m_publisher->start();
            }
            if (m_config.echo) {
                m_firstEchoUs = LoadMessage::nowMicros();
                for (const auto &c : m_clients)
                    sendEchoes(c.get());
            }
        }
        return;
    case LoadStats::Phase::Running:
        if (allEnded()) {
            finish();
            return;
        }
        if (m_publisher)
            m_publisher->pace();
        // A publish count ends the publishing as soon as the last one is written.
        if ((m_publisher && m_publisher->allSent()) ||
            (m_config.durationMs > 0 && inPhase >= m_config.durationMs)) {
            m_publishEndMs = now;
            m_lastDrainCheckMs = -1000;
            if (m_publisher)
                m_publisher->finishSending();
            if (m_publisher || m_config.echo)
                enterPhase(LoadStats::Phase::Draining);
            else
                finish();
        }
        return;
    case LoadStats::Phase::Draining: {
        if (inPhase >= m_config.drainMs || allEnded()) {
            finish();
            return;
        }
        // Whether everything arrived costs a pass over clients and publishes: not every tick.
        if (inPhase - m_lastDrainCheckMs < 100)
            return;
        m_lastDrainCheckMs = inPhase;
        if (m_config.echo && echoesOutstanding())
            return;
        if (m_publisher) {
            if (!m_publisher->isIdle())
                return;
            quint64 expected = 0;
            quint64 lost = 0;
            countLoss(m_publisher->nextSeq(), &expected, &lost);
            if (lost > 0)
                return;
        }
        finish();
        return;
    }
    case LoadStats::Phase::Idle:
    case LoadStats::Phase::Resolving:
    case LoadStats::Phase::Finished:
        return;
    }
}

void ClientEngine::onClientOpen(TestClient *c)
{
    TestClient::Tally &tally = c->tally();
    if (!tally.windowStarted) {
        tally.windowStarted = true;
        tally.expectFromSeq = m_publisher ? m_publisher->nextSeq() : 0;
    }
    // What was outstanding on an earlier connection of this client will not come back on this one.
    tally.echoLost += tally.echoSent - tally.echoSettled;
    tally.echoSettled = tally.echoSent;
    // A client that opens late (slow ramp, reconnect) joins the echoing at once.
    if (m_config.echo && m_phase == LoadStats::Phase::Running)
        sendEchoes(c);
}

void ClientEngine::onClientMessage(TestClient *c, QByteArrayView payload, bool binary)
{
    TestClient::Tally &tally = c->tally();
    ++m_received;
    m_bytes += quint64(payload.size());
    ++tally.received;
    tally.dirty = true;
    quint64 seq = 0;
    qint64 sentUs = 0;
    if (m_config.echo) {
        echoed(c, payload, binary);
    } else if (LoadMessage::decode(payload, &seq, &sentUs)) {
        const qint64 now = LoadMessage::nowMicros();
        m_latency.record(now - sentUs);
        m_lastDeliveryUs = now;
        // Several publish connections may deliver out of order: the window sorts that out.
        if (!tally.markReceived(seq, m_reorderWindow))
            ++tally.duplicates;
        else if (tally.windowStarted && seq >= tally.expectFromSeq)
            ++tally.windowReceived;
    }
    if (m_config.reportClients && m_config.recentMessages > 0) {
        if (tally.recent.size() >= m_config.recentMessages)
            tally.recent.removeFirst();
        tally.recent.append(payload.toByteArray());
    }
}

void ClientEngine::onClientChanged(TestClient *c)
{
    TestClient::Tally &tally = c->tally();
    tally.dirty = true;
    if (c->hasEnded() && tally.endSeq == 0)
        tally.endSeq = m_publisher ? std::max<quint64>(m_publisher->nextSeq(), 1) : 1;
}

LoadStats ClientEngine::collect(bool final)
{
    LoadStats stats;
    stats.phase = m_phase;
    stats.sequence = ++m_sequence;
    stats.elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    if (m_publishStartMs >= 0)
        stats.publishingMs =
            (m_publishEndMs >= 0 ? m_publishEndMs : stats.elapsedMs) - m_publishStartMs;
    stats.requested = m_config.clients;
    if (m_cpuEndMs >= 0) {
        stats.clientCpuSeconds = m_cpuAtEnd.selfSeconds - m_cpuAtRun.selfSeconds;
        stats.targetCpuSeconds = m_cpuAtEnd.othersSeconds - m_cpuAtRun.othersSeconds;
        stats.cpuWindowMs = m_cpuEndMs - m_publishStartMs;
    }
    stats.received = m_received;
    stats.bytes = m_bytes;
    stats.latency = m_latency;
    for (const auto &c : m_clients) {
        if (c->connects() > 0)
            ++stats.opened;
        switch (c->state()) {
        case ClientState::Connecting:
        case ClientState::Handshake:
            ++stats.connecting;
            break;
        case ClientState::Open:
            ++stats.open;
            break;
        case ClientState::Closed:
            ++stats.closed;
            break;
        case ClientState::Failed:
            ++stats.failed;
            ++stats.failures[c->reason()];
            break;
        case ClientState::Waiting:
            break;
        }
        if (c->tally().everOpen)
            ++stats.everOpen;
        stats.duplicates += c->tally().duplicates;
    }
    if (m_publisher) {
        stats.publishesSent = m_publisher->nextSeq();
        stats.publishesAccepted = m_publisher->acceptedCount();
        stats.publishesFailed = m_publisher->failedCount();
        stats.publishError = m_publisher->lastError();
        stats.publishRequests = m_publisher->requestCount();
        stats.publishConnections = m_publisher->connectionCount();
        stats.publishWallUs = m_publisher->wallMicros();
        if (stats.publishWallUs > 0)
            stats.publishesPerSecond =
                double(stats.publishesAccepted) * 1e6 / double(stats.publishWallUs);
        quint64 horizon = m_publisher->nextSeq();
        if (!final) {
            const std::vector<qint64> &sentAt = m_publisher->sentAt();
            const qint64 limit = LoadMessage::nowMicros() - LossHorizonUs;
            horizon =
                quint64(std::upper_bound(sentAt.begin(), sentAt.end(), limit) - sentAt.begin());
        }
        countLoss(horizon, &stats.expected, &stats.lost);
    }
    if (m_config.echo) {
        stats.echo = true;
        stats.echoes = m_echoes;
        stats.echoErrors = m_echoErrors;
        for (const auto &c : m_clients) {
            stats.echoSent += c->tally().echoSent;
            stats.echoUnanswered +=
                c->tally().echoLost + c->tally().echoSent - c->tally().echoSettled;
        }
        if (m_lastEchoUs > m_firstEchoUs && m_firstEchoUs > 0) {
            stats.echoWallUs = m_lastEchoUs - m_firstEchoUs;
            stats.echoesPerSecond = double(m_echoes) * 1e6 / double(stats.echoWallUs);
        }
    }
    if (final) {
        const qint64 spanUs = m_lastDeliveryUs - m_firstPublishUs;
        if (m_publisher && spanUs > 0)
            stats.deliveredPerSecond = double(m_latency.count()) * 1e6 / double(spanUs);
        else if (stats.publishingMs > 0)
            stats.deliveredPerSecond = double(m_received) * 1000.0 / double(stats.publishingMs);
    } else {
        const qint64 interval = stats.elapsedMs - m_lastStatsMs;
        if (interval > 0)
            stats.deliveredPerSecond =
                double(m_received - m_receivedAtLastStats) * 1000.0 / double(interval);
        m_lastStatsMs = stats.elapsedMs;
        m_receivedAtLastStats = m_received;
    }
    if (m_config.reportClients) {
        for (const auto &c : m_clients) {
            TestClient::Tally &tally = c->tally();
            if (!tally.dirty)
                continue;
            tally.dirty = false;
            ClientRow row;
            row.id = c->id();
            row.state = c->state();
            row.reason = c->reason();
            row.received = tally.received;
            row.connects = c->connects();
            row.recent.swap(tally.recent);
            stats.clients.append(row);
        }
    }
    return stats;
}

void ClientEngine::countLoss(quint64 horizon, quint64 *expected, quint64 *lost) const
{
    // Publishes below `horizon` count; a failed one was never expected anywhere.
    const std::vector<quint8> &outcomes = m_publisher->outcomes();
    const quint64 sent = m_publisher->nextSeq();
    std::vector<quint64> prefix(size_t(horizon) + 1, 0);
    for (quint64 s = 0; s < horizon; ++s)
        prefix[size_t(s) + 1] =
            prefix[size_t(s)] + (outcomes[size_t(s)] != Publisher::Failed ? 1 : 0);
    *expected = 0;
    *lost = 0;
    for (const auto &c : m_clients) {
        const TestClient::Tally &tally = c->tally();
        if (!tally.windowStarted)
            continue;
        const quint64 from = std::min(tally.expectFromSeq, horizon);
        const quint64 to = std::min(tally.endSeq ? tally.endSeq : sent, horizon);
        if (to <= from)
            continue;
        const quint64 due = prefix[size_t(to)] - prefix[size_t(from)];
        *expected += due;
        if (due > tally.windowReceived)
            *lost += due - tally.windowReceived;
    }
}

void ClientEngine::sendEchoes(TestClient *c)
{
    if (c->state() != ClientState::Open || m_config.transport != ClientTransport::WebSocket)
        return;
    TestClient::Tally &tally = c->tally();
    const quint64 ring = quint64(m_config.echoInflight);
    if (tally.echoSentAt.empty())
        tally.echoSentAt.resize(size_t(ring));
    while (tally.echoSent - tally.echoSettled < ring) {
        const quint64 number = tally.echoSent;
        const qint64 now = LoadMessage::nowMicros();
        if (!c->sendText(echoPayload(number, now)))
            return;
        tally.echoSentAt[size_t(number % ring)] = now;
        ++tally.echoSent;
    }
}

void ClientEngine::echoed(TestClient *c, QByteArrayView payload, bool binary)
{
    TestClient::Tally &tally = c->tally();
    if (tally.echoSettled >= tally.echoSent) {
        ++m_echoErrors; // nothing was outstanding: not an echo of ours
        return;
    }
    // One connection echoes in order, so this answers the oldest outstanding message.
    const quint64 number = tally.echoSettled++;
    const qint64 sentUs = tally.echoSentAt[size_t(number % quint64(m_config.echoInflight))];
    if (binary || payload != QByteArrayView(echoPayload(number, sentUs))) {
        ++m_echoErrors;
    } else {
        const qint64 now = LoadMessage::nowMicros();
        m_latency.record(now - sentUs);
        m_lastEchoUs = now;
        ++m_echoes;
    }
    if (m_phase == LoadStats::Phase::Running)
        sendEchoes(c);
}

const QByteArray &ClientEngine::echoPayload(quint64 number, qint64 sentUs)
{
    // "hfl:<n>:<µs>" then the padding up to echoSize, built in place: no allocation per echo.
    // 20 digits hold any quint64 or qint64, so neither number is ever cut.
    char stamp[64] = "hfl:";
    char *end = std::to_chars(stamp + 4, stamp + 24, number).ptr;
    *end++ = ':';
    end = std::to_chars(end, stamp + sizeof stamp, sentUs).ptr;
    const qsizetype length = end - stamp;
    const qsizetype size = std::max<qsizetype>(length, m_echoPadding.size());
    m_echoPayload.resize(size);
    std::memcpy(m_echoPayload.data(), stamp, size_t(length));
    if (size > length)
        std::memcpy(m_echoPayload.data() + length, m_echoPadding.constData() + length,
                    size_t(size - length));
    return m_echoPayload;
}

bool ClientEngine::echoesOutstanding() const
{
    return std::any_of(m_clients.begin(), m_clients.end(), [](const auto &c) {
        return !c->hasEnded() && c->tally().echoSent > c->tally().echoSettled;
    });
}

void ClientEngine::emitProgress()
{
    if (isRunning())
        Q_EMIT progress(collect(false));
}

void ClientEngine::stop()
{
    if (isRunning())
        finish();
}

void ClientEngine::finish()
{
    if (m_phase == LoadStats::Phase::Finished)
        return;
    m_tickTimer.stop();
    m_statsTimer.stop();
    ++m_lookupRound;
    if (m_publishStartMs >= 0 && m_publishEndMs < 0)
        m_publishEndMs = m_clock.elapsed();
    if (m_publishStartMs >= 0 && !m_config.cpuPids.isEmpty()) {
        m_cpuAtEnd = CpuSampler(m_config.cpuPids).sample();
        m_cpuEndMs = m_clock.elapsed();
    }
    m_phase = LoadStats::Phase::Finished;
    const LoadStats stats = collect(true);
    if (m_publisher)
        m_publisher->stop();
    teardown();
    Q_EMIT finished(stats);
}

void ClientEngine::teardown()
{
    // Clients and the publisher close their sockets first; the reactor (its epoll descriptor)
    // goes last, deleting the streams they retired.
    for (const auto &c : m_clients)
        c->abort(QStringLiteral("stopped"));
    m_clients.clear();
    m_publisher.reset();
    m_timers.reset();
    m_reactor.reset();
    m_tls.reset();
    m_context.reactor = nullptr;
    m_context.timers = nullptr;
    m_context.tls = nullptr;
}

void ClientEngine::sendMessage(int clientId, const QByteArray &payload, bool binary)
{
    if (TestClient *c = client(clientId))
        c->send(payload, binary);
}

void ClientEngine::closeClient(int clientId, quint16 code, const QByteArray &reason)
{
    if (TestClient *c = client(clientId))
        c->closeWith(code, reason);
}

void ClientEngine::reconnectClient(int clientId)
{
    TestClient *c = client(clientId);
    if (c && isRunning() && m_reactor)
        c->open();
}
