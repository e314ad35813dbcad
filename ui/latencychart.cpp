#include "latencychart.h"

#include <algorithm>

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>

LatencyChart::LatencyChart(QWidget *parent) : QWidget(parent)
{
    setAutoFillBackground(false);
}

void LatencyChart::setHistogram(const LatencyHistogram &histogram)
{
    m_histogram = histogram;
    m_bars.clear();
    if (histogram.count() > 0) {
        const int first = LatencyHistogram::bucketIndex(histogram.min());
        const int last =
            std::min(LatencyHistogram::bucketIndex(histogram.max()), histogram.bucketCount() - 1);
        const int span = last - first + 1;
        // Neighbouring buckets are merged so a wide range still reads as one shape.
        const int perBar = (span + MaxBars - 1) / MaxBars;
        for (int start = first; start <= last; start += perBar) {
            Bar bar;
            const int end = std::min(last, start + perBar - 1);
            bar.lowMicros = LatencyHistogram::bucketLow(start);
            bar.highMicros = LatencyHistogram::bucketHigh(end);
            for (int i = start; i <= end; ++i)
                bar.count += histogram.bucket(i);
            m_bars.append(bar);
        }
    }
    update();
}

QString LatencyChart::formatMicros(qint64 micros)
{
    const QLocale locale;
    if (micros < 1000)
        return tr("%1 µs").arg(locale.toString(micros));
    if (micros < 1'000'000)
        return tr("%1 ms").arg(
            locale.toString(double(micros) / 1000.0, 'f', micros < 10'000 ? 2 : 1));
    return tr("%1 s").arg(locale.toString(double(micros) / 1e6, 'f', 2));
}

void LatencyChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const QColor text = palette().color(QPalette::Text);
    const QFontMetricsF metrics(font());
    if (m_bars.isEmpty()) {
        painter.setPen(text);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No deliveries with a timestamp yet."));
        return;
    }
    const qreal lineHeight = metrics.height();
    // Three lines on top: each percentile's label has its own, so close percentiles stay legible.
    const QRectF plot = QRectF(rect()).adjusted(8, lineHeight * 3 + 8, -8, -lineHeight - 8);
    quint64 tallest = 1;
    for (const Bar &bar : std::as_const(m_bars))
        tallest = std::max(tallest, bar.count);

    const qreal slot = plot.width() / qreal(m_bars.size());
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().color(QPalette::Highlight));
    for (int i = 0; i < m_bars.size(); ++i) {
        const qreal height = plot.height() * qreal(m_bars.at(i).count) / qreal(tallest);
        if (height > 0)
            painter.drawRect(QRectF(plot.left() + slot * i + 1, plot.bottom() - height,
                                    std::max<qreal>(1, slot - 2), height));
    }
    painter.setPen(text);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width() / 2, lineHeight),
                     Qt::AlignLeft, formatMicros(m_bars.first().lowMicros));
    painter.drawText(QRectF(plot.center().x(), plot.bottom() + 2, plot.width() / 2, lineHeight),
                     Qt::AlignRight, formatMicros(m_bars.last().highMicros));

    // Percentile markers sit where their bar is, so they read against the shape.
    const struct
    {
        double percent;
        const char *name;
    } marks[] = {{50, "p50"}, {90, "p90"}, {99, "p99"}};
    QColor markColor = palette().color(QPalette::Text);
    markColor.setAlphaF(0.6);
    for (int line = 0; line < 3; ++line) {
        const auto &mark = marks[line];
        const qint64 value = m_histogram.percentile(mark.percent);
        int at = 0;
        while (at + 1 < m_bars.size() && m_bars.at(at).highMicros < value)
            ++at;
        const qreal x = plot.left() + slot * (at + 0.5);
        painter.setPen(QPen(markColor, 1, Qt::DashLine));
        const qreal labelTop = plot.top() - lineHeight * (3 - line) - 4;
        painter.drawLine(QPointF(x, labelTop + lineHeight), QPointF(x, plot.bottom()));
        painter.setPen(text);
        const QString label =
            QStringLiteral("%1 %2").arg(QString::fromLatin1(mark.name), formatMicros(value));
        const qreal width = metrics.horizontalAdvance(label) + 4;
        // Kept inside the widget: p99 is often at the right edge.
        const qreal left = std::clamp(x - width / 2, plot.left(), plot.right() - width);
        painter.drawText(QRectF(left, labelTop, width, lineHeight), Qt::AlignCenter, label);
    }
}
