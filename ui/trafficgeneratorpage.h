#pragma once

#include <QWidget>

#include "loadstats.h"

class ClientEngineHost;
class LatencyChart;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

// The traffic generator: ramps to N clients at a set rate, publishes timestamped messages at a
// set rate to the embedded broker's publish API or a remote one, and shows delivered/s, lost and
// the delivery-latency histogram live. A run is bounded by its client count and duration, Stop
// ends it at any moment, and the engine closes every socket it opened before it reports the end.
class TrafficGeneratorPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficGeneratorPage)

public:
    explicit TrafficGeneratorPage(ClientEngineHost *engines, QWidget *parent = nullptr);

    // host:port of the embedded broker; the URL follows it until the user edits it.
    void setEmbeddedBroker(const QString &hostPort);
    void setEmbeddedPublish(const QString &url, const QByteArray &key);

    void setClients(int clients, double rampRate);
    void setPublishing(double rate, int durationSeconds);
    void start();
    void stop();
    bool isRunning() const { return m_run != 0; }

    const LoadStats &lastStats() const { return m_last; }
    QLabel *percentilesLabel() const { return m_percentiles; }
    LatencyChart *chart() const { return m_chart; }

Q_SIGNALS:
    void runFinished(const LoadStats &stats);

private:
    void show(const LoadStats &stats);
    void updateTarget();

    ClientEngineHost *m_engines;
    QComboBox *m_transport = nullptr;
    QLineEdit *m_url = nullptr;
    QSpinBox *m_clients = nullptr;
    QDoubleSpinBox *m_rampRate = nullptr;
    QComboBox *m_publishTarget = nullptr;
    QLineEdit *m_publishUrl = nullptr;
    QLineEdit *m_publishKey = nullptr;
    QLineEdit *m_channel = nullptr;
    QDoubleSpinBox *m_publishRate = nullptr;
    QSpinBox *m_duration = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_phase = nullptr;
    QLabel *m_figures = nullptr;
    QLabel *m_percentiles = nullptr;
    LatencyChart *m_chart = nullptr;
    QString m_brokerAddress;
    QString m_embeddedPublishUrl;
    QByteArray m_embeddedKey;
    LoadStats m_last;
    int m_run = 0;
};
