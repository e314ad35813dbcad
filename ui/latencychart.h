#pragma once

#include <QList>
#include <QWidget>

#include "latencyhistogram.h"

// A delivery-latency histogram drawn with QPainter: the occupied range of the log-linear buckets
// grouped into at most MaxBars bars, with p50, p90 and p99 marked.
class LatencyChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyChart)

public:
    static constexpr int MaxBars = 48;

    struct Bar
    {
        qint64 lowMicros = 0;
        qint64 highMicros = 0;
        quint64 count = 0;
    };

    explicit LatencyChart(QWidget *parent = nullptr);

    void setHistogram(const LatencyHistogram &histogram);
    const LatencyHistogram &histogram() const { return m_histogram; }
    const QList<Bar> &bars() const { return m_bars; }

    // "850 µs", "12.5 ms", "1.20 s": latencies the way the chart and the labels show them.
    static QString formatMicros(qint64 micros);

    QSize sizeHint() const override { return {420, 180}; }
    QSize minimumSizeHint() const override { return {200, 120}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    LatencyHistogram m_histogram;
    QList<Bar> m_bars;
};
