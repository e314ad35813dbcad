#pragma once

#include <QDate>
#include <QList>
#include <QPalette>
#include <QWidget>

class UsageReport;

// Minutes per day of one month as bars drawn with QPainter: one slot per day of the month, a bar
// for each day with minutes, the value in a tooltip. render() draws the same into a PDF page.
class UsageChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageChart)

public:
    struct Bar
    {
        QDate day;
        qint64 minutes = 0;
        qint64 connections = 0;
        qint64 openConnections = 0;
    };

    explicit UsageChart(QWidget *parent = nullptr);
    ~UsageChart() override;

    // A report by day; days without connections get an empty slot.
    void setReport(const UsageReport &byDay);
    void clear(const QString &message = {});

    const QList<Bar> &days() const { return m_days; } // every day of the month
    int barCount() const;                             // days with minutes
    bool isPruned() const { return m_pruned; }
    // Where day `index` is drawn when the chart fills `area`, and what its tooltip says.
    QRectF barRect(int index, const QRectF &area) const;
    QString toolTipFor(int index) const;
    int dayAt(const QPointF &point) const; // -1 when not over a day

    void render(QPainter *painter, const QRectF &area, const QPalette &palette) const;

    QSize sizeHint() const override { return {600, 220}; }
    QSize minimumSizeHint() const override { return {240, 120}; }

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QRectF plotArea(const QRectF &area, const QFontMetricsF &metrics) const;
    qint64 scaleMax() const;

    QList<Bar> m_days;
    QString m_message;
    bool m_pruned = false;
    qint64 m_prunedMinutes = 0;
};
