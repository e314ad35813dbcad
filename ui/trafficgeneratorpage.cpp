#include "trafficgeneratorpage.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "clientenginehost.h"
#include "latencychart.h"
#include "testclientsmodel.h"

namespace {
QString defaultUrl(const QString &hostPort, ClientTransport transport)
{
    switch (transport) {
    case ClientTransport::WebSocket:
        return QStringLiteral("ws://%1/test/websocket").arg(hostPort);
    case ClientTransport::Sse:
        return QStringLiteral("http://%1/test/sse").arg(hostPort);
    case ClientTransport::Stream:
        return QStringLiteral("http://%1/test/stream").arg(hostPort);
    case ClientTransport::Poll:
        return QStringLiteral("http://%1/test/long-poll").arg(hostPort);
    }
    return {};
}
} // namespace

TrafficGeneratorPage::TrafficGeneratorPage(ClientEngineHost *engines, QWidget *parent)
    : QWidget(parent), m_engines(engines)
{
    auto form = new QFormLayout;
    m_transport = new QComboBox(this);
    m_transport->setObjectName(QStringLiteral("trafficTransport"));
    for (ClientTransport transport : {ClientTransport::Sse, ClientTransport::WebSocket,
                                      ClientTransport::Stream, ClientTransport::Poll})
        m_transport->addItem(TestClientsModel::transportText(transport), int(transport));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("trafficUrl"));
    auto target = new QHBoxLayout;
    target->addWidget(m_transport);
    target->addWidget(m_url, 1);
    // Rows made of layouts get no buddy from QFormLayout, so their mnemonics need one.
    const auto label = [this](const QString &text, QWidget *buddy) {
        auto l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    form->addRow(label(tr("Clients &connect to:"), m_url), target);

    m_clients = new QSpinBox(this);
    m_clients->setObjectName(QStringLiteral("trafficClients"));
    m_clients->setRange(1, 100'000);
    m_clients->setValue(1000);
    m_rampRate = new QDoubleSpinBox(this);
    m_rampRate->setObjectName(QStringLiteral("trafficRampRate"));
    m_rampRate->setRange(0, 100'000);
    m_rampRate->setDecimals(0);
    m_rampRate->setValue(500);
    m_rampRate->setSpecialValueText(tr("as fast as possible"));
    m_rampRate->setSuffix(tr(" /s"));
    auto ramp = new QHBoxLayout;
    ramp->addWidget(m_clients);
    ramp->addWidget(new QLabel(tr("ramped at"), this));
    ramp->addWidget(m_rampRate);
    ramp->addStretch();
    form->addRow(label(tr("C&lients:"), m_clients), ramp);

    m_publishTarget = new QComboBox(this);
    m_publishTarget->setObjectName(QStringLiteral("trafficPublishTarget"));
    m_publishTarget->addItem(tr("Embedded broker"));
    m_publishTarget->addItem(tr("Remote publish URL"));
    m_publishUrl = new QLineEdit(this);
    m_publishUrl->setObjectName(QStringLiteral("trafficPublishUrl"));
    m_publishKey = new QLineEdit(this);
    m_publishKey->setObjectName(QStringLiteral("trafficPublishKey"));
    m_publishKey->setPlaceholderText(tr("key (Authorization: Bearer)"));
    m_publishKey->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_channel = new QLineEdit(QStringLiteral("test"), this);
    m_channel->setObjectName(QStringLiteral("trafficChannel"));
    auto publishTo = new QHBoxLayout;
    publishTo->addWidget(m_publishTarget);
    publishTo->addWidget(m_publishUrl, 2);
    publishTo->addWidget(m_publishKey, 1);
    form->addRow(label(tr("P&ublish to:"), m_publishTarget), publishTo);
    m_publishRate = new QDoubleSpinBox(this);
    m_publishRate->setObjectName(QStringLiteral("trafficPublishRate"));
    m_publishRate->setRange(0, 100'000);
    m_publishRate->setDecimals(1);
    m_publishRate->setValue(100);
    m_publishRate->setSpecialValueText(tr("as fast as answered"));
    m_publishRate->setSuffix(tr(" /s"));
    m_duration = new QSpinBox(this);
    m_duration->setObjectName(QStringLiteral("trafficDuration"));
    m_duration->setRange(1, 24 * 3600);
    m_duration->setValue(30);
    m_duration->setSuffix(tr(" s"));
    auto publishing = new QHBoxLayout;
    publishing->addWidget(new QLabel(tr("channel"), this));
    publishing->addWidget(m_channel);
    publishing->addWidget(m_publishRate);
    publishing->addWidget(new QLabel(tr("for"), this));
    publishing->addWidget(m_duration);
    publishing->addStretch();
    form->addRow(label(tr("&Rate:"), m_publishRate), publishing);

    m_start = new QPushButton(tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("trafficStart"));
    m_stop = new QPushButton(tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("trafficStop"));
    m_stop->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("trafficProgress"));
    m_progress->setFormat(tr("%v of %m clients opened"));
    m_progress->setValue(0);
    auto controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_progress, 1);
    form->addRow(controls);

    m_phase = new QLabel(this);
    m_phase->setObjectName(QStringLiteral("trafficPhase"));
    m_figures = new QLabel(this);
    m_figures->setObjectName(QStringLiteral("trafficFigures"));
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setWordWrap(true);
    m_percentiles = new QLabel(this);
    m_percentiles->setObjectName(QStringLiteral("trafficPercentiles"));
    m_percentiles->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart = new LatencyChart(this);
    m_chart->setObjectName(QStringLiteral("latencyChart"));

    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_phase);
    layout->addWidget(m_figures);
    layout->addWidget(m_percentiles);
    layout->addWidget(m_chart, 1);

    connect(m_transport, &QComboBox::currentIndexChanged, this,
            &TrafficGeneratorPage::updateTarget);
    connect(m_publishTarget, &QComboBox::currentIndexChanged, this,
            &TrafficGeneratorPage::updateTarget);
    connect(m_start, &QPushButton::clicked, this, &TrafficGeneratorPage::start);
    connect(m_stop, &QPushButton::clicked, this, &TrafficGeneratorPage::stop);
    connect(m_engines, &ClientEngineHost::progress, this, [this](int run, const LoadStats &stats) {
        if (run == m_run)
            show(stats);
    });
    connect(m_engines, &ClientEngineHost::finished, this, [this](int run, const LoadStats &stats) {
        if (run != m_run)
            return;
        m_run = 0;
        show(stats);
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        Q_EMIT runFinished(stats);
    });
    updateTarget();
}

void TrafficGeneratorPage::setEmbeddedBroker(const QString &hostPort)
{
    // The URL follows the broker unless the user typed another one.
    const auto transport = ClientTransport(m_transport->currentData().toInt());
    const bool followed =
        m_url->text().isEmpty() || m_url->text() == defaultUrl(m_brokerAddress, transport);
    m_brokerAddress = hostPort;
    if (followed)
        m_url->setText(defaultUrl(m_brokerAddress, transport));
}

void TrafficGeneratorPage::setEmbeddedPublish(const QString &url, const QByteArray &key)
{
    m_embeddedPublishUrl = url;
    m_embeddedKey = key;
    updateTarget();
}

void TrafficGeneratorPage::updateTarget()
{
    if (!m_brokerAddress.isEmpty()) {
        const auto transport = ClientTransport(m_transport->currentData().toInt());
        bool followed = m_url->text().isEmpty();
        for (int i = 0; i < m_transport->count() && !followed; ++i)
            followed =
                m_url->text() ==
                defaultUrl(m_brokerAddress, ClientTransport(m_transport->itemData(i).toInt()));
        if (followed)
            m_url->setText(defaultUrl(m_brokerAddress, transport));
    }
    const bool embedded = m_publishTarget->currentIndex() == 0;
    m_publishUrl->setReadOnly(embedded);
    m_publishKey->setEnabled(!embedded);
    if (embedded) {
        m_publishUrl->setText(m_embeddedPublishUrl);
        m_publishUrl->setPlaceholderText(tr("waiting for the broker's publish API"));
    } else {
        if (m_publishUrl->text() == m_embeddedPublishUrl)
            m_publishUrl->clear();
        m_publishUrl->setPlaceholderText(QStringLiteral("https://example.com/publish/"));
    }
}

void TrafficGeneratorPage::setClients(int clients, double rampRate)
{
    m_clients->setValue(clients);
    m_rampRate->setValue(rampRate);
}

void TrafficGeneratorPage::setPublishing(double rate, int durationSeconds)
{
    m_publishRate->setValue(rate);
    m_duration->setValue(durationSeconds);
}

void TrafficGeneratorPage::start()
{
    if (m_run != 0)
        return;
    LoadConfig config;
    config.url = m_url->text().trimmed();
    config.transport = ClientTransport(m_transport->currentData().toInt());
    config.clients = m_clients->value();
    config.rampRate = m_rampRate->value();
    config.durationMs = qint64(m_duration->value()) * 1000;
    config.publishUrl = m_publishUrl->text().trimmed();
    config.publishKey =
        m_publishTarget->currentIndex() == 0 ? m_embeddedKey : m_publishKey->text().toUtf8();
    config.channel = m_channel->text().trimmed().toUtf8();
    config.publishRate = m_publishRate->value();
    config.statsIntervalMs = 250;
    m_last = LoadStats();
    m_chart->setHistogram(LatencyHistogram());
    m_progress->setRange(0, config.clients);
    m_progress->setValue(0);
    m_figures->clear();
    m_percentiles->clear();
    m_phase->setText(tr("Starting…"));
    m_run = m_engines->start(config);
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
}

void TrafficGeneratorPage::stop()
{
    if (m_run != 0)
        m_engines->stop(m_run);
}

void TrafficGeneratorPage::show(const LoadStats &stats)
{
    m_last = stats;
    const QLocale locale;
    m_progress->setValue(std::min(stats.opened, m_progress->maximum()));
    QString phase;
    switch (stats.phase) {
    case LoadStats::Phase::Idle:
    case LoadStats::Phase::Resolving:
        phase = tr("Resolving");
        break;
    case LoadStats::Phase::Ramping:
        phase = tr("Ramping up");
        break;
    case LoadStats::Phase::Settling:
        phase = tr("Settling");
        break;
    case LoadStats::Phase::Running:
        phase = tr("Publishing");
        break;
    case LoadStats::Phase::Draining:
        phase = tr("Waiting for late deliveries");
        break;
    case LoadStats::Phase::Finished:
        phase = tr("Finished");
        break;
    }
    QString line =
        tr("%1 after %2 s").arg(phase, locale.toString(double(stats.elapsedMs) / 1000.0, 'f', 1));
    if (!stats.failures.isEmpty())
        line += QStringLiteral(" — ") + tr("first failure: %1").arg(stats.failures.firstKey());
    if (!stats.publishError.isEmpty())
        line += QStringLiteral(" — ") + tr("publish error: %1").arg(stats.publishError);
    m_phase->setText(line);
    m_figures->setText(
        tr("%L1 open, %L2 failed · %L3 delivered/s · %L4 received · %L5 lost of %L6 expected · "
           "%L7 publishes sent, %L8 failed")
            .arg(stats.open)
            .arg(stats.failed)
            .arg(stats.deliveredPerSecond, 0, 'f', 0)
            .arg(stats.received)
            .arg(stats.lost)
            .arg(stats.expected)
            .arg(stats.publishesSent)
            .arg(stats.publishesFailed));
    const LatencyHistogram &latency = stats.latency;
    if (latency.count() > 0)
        m_percentiles->setText(tr("Delivery latency p50 %1 · p90 %2 · p99 %3 · max %4")
                                   .arg(LatencyChart::formatMicros(latency.percentile(50)),
                                        LatencyChart::formatMicros(latency.percentile(90)),
                                        LatencyChart::formatMicros(latency.percentile(99)),
                                        LatencyChart::formatMicros(latency.max())));
    m_chart->setHistogram(latency);
}
