#include "usagechart.h"

#include <QEvent>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include "ledger/usagereport.h"

namespace {
// A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value.
qint64 niceCeiling(qint64 value)
{
    qint64 step = 1;
    while (true) {
        for (qint64 factor : {1, 2, 5}) {
            if (step * factor >= value)
                return step * factor;
        }
        step *= 10;
    }
}
} // namespace

UsageChart::UsageChart(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("usageChart"));
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

UsageChart::~UsageChart() = default;

void UsageChart::setReport(const UsageReport &byDay)
{
    m_days.clear();
    m_message.clear();
    m_pruned = false;
    m_prunedMinutes = 0;
    const QDate first = QDate::fromString(byDay.month() + QStringLiteral("-01"), Qt::ISODate);
    if (first.isValid()) {
        for (QDate day = first; day.month() == first.month(); day = day.addDays(1))
            m_days.append(Bar{day, 0, 0, 0});
    }
    for (const UsageRow &row : byDay.rows()) {
        if (row.key == UsageReport::prunedDaysKey()) {
            m_pruned = true;
            m_prunedMinutes += row.minutes;
            continue;
        }
        const QDate day = QDate::fromString(row.key, Qt::ISODate);
        if (!day.isValid() || !first.isValid() || day.month() != first.month())
            continue;
        Bar &bar = m_days[day.day() - 1];
        bar.minutes += row.minutes;
        bar.connections += row.connections;
        bar.openConnections += row.openConnections;
    }
    if (m_pruned)
        m_message = tr("Usage minutes of this month folded into monthly totals: %L1. The days "
                       "are no longer kept.")
                        .arg(m_prunedMinutes);
    update();
}

void UsageChart::clear(const QString &message)
{
    m_days.clear();
    m_pruned = false;
    m_message = message;
    update();
}

int UsageChart::barCount() const
{
    return int(std::count_if(m_days.cbegin(), m_days.cend(),
                             [](const Bar &bar) { return bar.minutes > 0; }));
}

qint64 UsageChart::scaleMax() const
{
    qint64 largest = 0;
    for (const Bar &bar : m_days)
        largest = std::max(largest, bar.minutes);
    return niceCeiling(std::max<qint64>(largest, 1));
}

QRectF UsageChart::plotArea(const QRectF &area, const QFontMetricsF &metrics) const
{
    const qreal left = metrics.horizontalAdvance(QLocale().toString(scaleMax())) + 12;
    const qreal bottom = metrics.height() + 8;
    const qreal top = metrics.height() / 2 + 4;
    return area.adjusted(left, top, -8, -bottom);
}

QRectF UsageChart::barRect(int index, const QRectF &area) const
{
    if (index < 0 || index >= m_days.size())
        return {};
    const QRectF plot = plotArea(area, QFontMetricsF(font()));
    const qreal slot = plot.width() / qreal(m_days.size());
    const qreal height = plot.height() * qreal(m_days.at(index).minutes) / qreal(scaleMax());
    const qreal gap = std::min<qreal>(slot * 0.2, 6);
    return QRectF(plot.left() + slot * index + gap / 2, plot.bottom() - height, slot - gap, height);
}

QString UsageChart::toolTipFor(int index) const
{
    if (index < 0 || index >= m_days.size())
        return {};
    const Bar &bar = m_days.at(index);
    const QLocale locale;
    QString text = tr("%1: %L2 usage minutes, %Ln connection(s)", nullptr, int(bar.connections))
                       .arg(locale.toString(bar.day, QLocale::ShortFormat))
                       .arg(bar.minutes);
    if (bar.openConnections > 0)
        text += QLatin1Char('\n') +
                tr("%Ln still open, counted up to now", nullptr, int(bar.openConnections));
    return text;
}

int UsageChart::dayAt(const QPointF &point) const
{
    if (m_days.isEmpty())
        return -1;
    const QRectF plot = plotArea(rect(), QFontMetricsF(font()));
    if (point.x() < plot.left() || point.x() >= plot.right() || point.y() > rect().bottom())
        return -1;
    const int index = int((point.x() - plot.left()) / (plot.width() / qreal(m_days.size())));
    return index >= 0 && index < m_days.size() ? index : -1;
}

bool UsageChart::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto help = static_cast<QHelpEvent *>(event);
        const int index = dayAt(help->pos());
        if (index >= 0)
            QToolTip::showText(help->globalPos(), toolTipFor(index), this,
                               barRect(index, rect()).toAlignedRect().adjusted(-2, -2, 2, 2));
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void UsageChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    render(&painter, rect(), palette());
}

void UsageChart::render(QPainter *painter, const QRectF &area, const QPalette &palette) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->fillRect(area, palette.color(QPalette::Base));
    painter->setFont(font());
    const QFontMetricsF metrics(font());
    const QColor text = palette.color(QPalette::Text);
    if (m_days.isEmpty()) {
        painter->setPen(text);
        painter->drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                          m_message.isEmpty() ? tr("No usage to show.") : m_message);
        painter->restore();
        return;
    }
    const QRectF plot = plotArea(area, metrics);
    const qint64 top = scaleMax();
    const QLocale locale;

    // Grid lines at quarters of a round maximum, labelled on the left.
    QColor grid = text;
    grid.setAlphaF(0.15);
    for (int i = 0; i <= 4; ++i) {
        const qreal y = plot.bottom() - plot.height() * i / 4;
        painter->setPen(i == 0 ? text : grid);
        painter->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        if ((top * i) % 4 == 0) { // whole numbers only
            painter->setPen(text);
            painter->drawText(QRectF(area.left(), y - metrics.height() / 2,
                                     plot.left() - area.left() - 6, metrics.height()),
                              Qt::AlignRight | Qt::AlignVCenter, locale.toString(top * i / 4));
        }
    }

    // Bars; a day with connections still open is hatched on top of its colour.
    const QColor fill = palette.color(QPalette::Highlight);
    const qreal slot = plot.width() / qreal(m_days.size());
    const int labelEvery = slot >= metrics.horizontalAdvance(QStringLiteral("88")) + 4 ? 1 : 5;
    for (int i = 0; i < m_days.size(); ++i) {
        const Bar &bar = m_days.at(i);
        if (bar.minutes > 0) {
            const QRectF box = barRect(i, area);
            // Every day with minutes shows, however small against the largest.
            const QRectF visible = box.height() < 1 ? box.adjusted(0, box.height() - 1, 0, 0) : box;
            painter->fillRect(visible, fill);
            if (bar.openConnections > 0)
                painter->fillRect(
                    visible, QBrush(palette.color(QPalette::HighlightedText), Qt::BDiagPattern));
        }
        if (i == 0 || (i + 1) % labelEvery == 0) {
            painter->setPen(text);
            painter->drawText(QRectF(plot.left() + slot * i - slot, plot.bottom() + 4, slot * 3,
                                     metrics.height()),
                              Qt::AlignHCenter | Qt::AlignTop, QString::number(i + 1));
        }
    }
    if (!m_message.isEmpty()) {
        painter->setPen(text);
        painter->drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
    painter->restore();
}
