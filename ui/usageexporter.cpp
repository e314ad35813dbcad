#include "usageexporter.h"

#include <QDateTime>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressDialog>
#include <QSaveFile>
#include <QTimeZone>

#include "ledger/usagemath.h"
#include "localeformat.h"
#include "usagechart.h"
#include "usageloader.h"
#include "usagetablemodel.h"

namespace {
bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}
} // namespace

QString UsageExporter::suffix(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Json:
        return QStringLiteral("json");
    case Format::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

UsageExporter::UsageExporter(UsageLoader *loader, QWidget *dialogParent)
    : QObject(dialogParent), m_loader(loader), m_dialogParent(dialogParent)
{}

UsageExporter::~UsageExporter()
{
    if (m_request)
        m_loader->cancel(m_request);
}

void UsageExporter::start(const QString &ledgerPath, const QString &month, qint64 nowMs,
                          Format format, UsageReport::Grouping grouping, const QString &path)
{
    if (m_request) {
        Q_EMIT finished(path, false, tr("Another export is running."));
        return;
    }
    m_path = path;
    // Shown only when the month takes a while to read; a cancel drops the request on the spot.
    m_dialog = new QProgressDialog(tr("Reading %1 from the ledger…").arg(month), tr("Cancel"), 0,
                                   UsageLoader::Steps + 1, m_dialogParent);
    m_dialog->setObjectName(QStringLiteral("usageExportProgress"));
    m_dialog->setWindowTitle(tr("Exporting usage"));
    m_dialog->setWindowModality(Qt::WindowModal);
    m_dialog->setMinimumDuration(400);
    m_dialog->setAutoReset(false);
    m_dialog->setAutoClose(false);
    m_dialog->setValue(0);
    connect(m_dialog, &QProgressDialog::canceled, this, &UsageExporter::cancel);
    m_request = m_loader->load(
        ledgerPath, month, nowMs,
        [this, format, grouping](const UsageData &data) {
            if (!data.ok) {
                finish(m_path, false, data.error);
                return;
            }
            m_dialog->setLabelText(tr("Writing %1…").arg(m_path));
            m_dialog->setValue(UsageLoader::Steps);
            QString error;
            bool ok = false;
            switch (format) {
            case Format::Csv:
                ok = writeFile(m_path, data.report(grouping).toCsv(), &error);
                break;
            case Format::Json:
                ok = writeFile(m_path, data.report(grouping).toJson(), &error);
                break;
            case Format::Pdf:
                ok = writePdf(data, m_path, &error);
                break;
            }
            finish(m_path, ok, error);
        },
        [this](int done, int) {
            if (m_dialog)
                m_dialog->setValue(done);
        });
}

void UsageExporter::cancel()
{
    if (!m_request)
        return;
    m_loader->cancel(m_request);
    finish(m_path, false, tr("Export cancelled."));
}

void UsageExporter::finish(const QString &path, bool ok, const QString &error)
{
    m_request = 0;
    if (m_dialog) {
        m_dialog->disconnect(this);
        m_dialog->close();
        m_dialog->deleteLater();
        m_dialog = nullptr;
    }
    Q_EMIT finished(path, ok, error);
}

bool UsageExporter::writePdf(const UsageData &data, const QString &path, QString *error)
{
    QPdfWriter writer(path);
    writer.setTitle(tr("Holdfast usage %1").arg(data.month));
    writer.setCreator(QStringLiteral("Holdfast"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    // Screen-like units, so the chart and the fonts lay out as they do in the window.
    writer.setResolution(96);
    QPainter painter;
    if (!painter.begin(&writer)) {
        *error = tr("cannot write %1").arg(path);
        return false;
    }
    paintReport(data, &painter, QSizeF(writer.width(), writer.height()),
                [&writer] { writer.newPage(); });
    if (!painter.end()) {
        *error = tr("cannot write %1").arg(path);
        return false;
    }
    return true;
}

void UsageExporter::paintReport(const UsageData &data, QPainter *painter, const QSizeF &pageSize,
                                const std::function<void()> &newPage)
{
    const QLocale locale;
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xb5));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    QFont body;
    body.setPointSizeF(8.5);
    QFont title = body;
    title.setPointSizeF(16);
    title.setBold(true);
    QFont heading = body;
    heading.setPointSizeF(11);
    heading.setBold(true);
    QFont bold = body;
    bold.setBold(true);

    const qreal width = pageSize.width();
    qreal y = 0;
    int page = 1;
    auto lineHeight = [&](const QFont &font) {
        return QFontMetricsF(font, painter->device()).height();
    };
    auto footer = [&] {
        painter->setFont(body);
        painter->setPen(Qt::gray);
        painter->drawText(QRectF(0, pageSize.height() - lineHeight(body), width, lineHeight(body)),
                          Qt::AlignRight,
                          tr("Holdfast usage %1 — page %2").arg(data.month).arg(page));
        painter->setPen(Qt::black);
    };
    auto ensure = [&](qreal height) {
        if (y + height <= pageSize.height() - lineHeight(body) * 2)
            return false;
        footer();
        newPage();
        ++page;
        y = 0;
        return true;
    };
    auto text = [&](const QFont &font, const QString &line, qreal gapAfter = 2) {
        ensure(lineHeight(font));
        painter->setFont(font);
        painter->drawText(QRectF(0, y, width, lineHeight(font)), Qt::AlignLeft | Qt::AlignVCenter,
                          line);
        y += lineHeight(font) + gapAfter;
    };
    auto paragraph = [&](const QFont &font, const QString &words, qreal gapAfter) {
        painter->setFont(font);
        const QRectF bounds =
            painter->boundingRect(QRectF(0, 0, width, pageSize.height()), Qt::TextWordWrap, words);
        ensure(bounds.height());
        painter->drawText(QRectF(0, y, width, bounds.height()), Qt::TextWordWrap, words);
        y += bounds.height() + gapAfter;
    };

    painter->setPen(Qt::black);
    text(title, tr("Holdfast usage report"), 4);
    const QString generated =
        LocaleFormat::dateTime(QDateTime::fromMSecsSinceEpoch(data.nowMs, QTimeZone::utc())) +
        QStringLiteral(" UTC");
    paragraph(body,
              tr("Month %1 (UTC), taken %2 from the usage ledger. %3")
                  .arg(data.month, generated,
                       data.byRoute.isComplete()
                           ? tr("The month is over and complete.")
                           : tr("Figures can still change: the month is not over or "
                                "connections are still open.")),
              10);

    // Totals as label/value pairs.
    const UsageRow &total = data.byRoute.total();
    const QList<QPair<QString, QString>> totals = {
        {tr("Connections"), locale.toString(total.connections)},
        {tr("Of which still open"), total.openConnections > 0
                                        ? tr("%1 (counted up to when the report was taken)")
                                              .arg(locale.toString(total.openConnections))
                                        : locale.toString(0)},
        {tr("Usage minutes"), locale.toString(total.minutes)},
        {tr("Millions of minutes"), LocaleFormat::decimal(UsageMath::millions(total.minutes))},
        {tr("Bytes in (from clients)"), tr("%1 (%2 bytes)")
                                            .arg(locale.formattedDataSize(total.bytesFromClient),
                                                 locale.toString(total.bytesFromClient))},
        {tr("Bytes out (to clients)"), tr("%1 (%2 bytes)")
                                           .arg(locale.formattedDataSize(total.bytesToClient),
                                                locale.toString(total.bytesToClient))},
    };
    text(heading, tr("Totals"), 4);
    for (const auto &[label, value] : totals) {
        ensure(lineHeight(body));
        painter->setFont(bold);
        painter->drawText(QRectF(0, y, 180, lineHeight(body)), Qt::AlignLeft, label);
        painter->setFont(body);
        painter->drawText(QRectF(180, y, width - 180, lineHeight(body)), Qt::AlignLeft, value);
        y += lineHeight(body) + 2;
    }
    y += 10;

    text(heading, tr("Minutes per day (UTC, by the day a connection started)"), 4);
    UsageChart chart;
    chart.setFont(body);
    chart.setReport(data.byDay);
    const qreal chartHeight = 220;
    ensure(chartHeight);
    chart.render(painter, QRectF(0, y, width, chartHeight), palette);
    y += chartHeight + 14;

    auto table = [&](const QString &caption, const QString &keyTitle, const UsageReport &report) {
        UsageTableModel model(keyTitle);
        model.setRows(report.rows());
        const qreal row = lineHeight(body) + 4;
        // The key gets what the figures leave.
        const qreal figure = width * 0.105;
        const qreal keyWidth = width - figure * (UsageTableModel::ColumnCount - 1);
        auto columnRect = [&](int column) {
            const qreal x = column == 0 ? 0 : keyWidth + figure * (column - 1);
            return QRectF(x + 3, y, (column == 0 ? keyWidth : figure) - 6, row);
        };
        // Headers on two lines in a smaller font, so "Million minutes" fits over its figures.
        QFont small = bold;
        small.setPointSizeF(7.5);
        const qreal headerRow = QFontMetricsF(small, painter->device()).height() * 2 + 4;
        auto header = [&] {
            painter->setFont(small);
            painter->fillRect(QRectF(0, y, width, headerRow), QColor(0xe8, 0xee, 0xf5));
            for (int column = 0; column < UsageTableModel::ColumnCount; ++column) {
                QRectF cell = columnRect(column);
                cell.setHeight(headerRow);
                painter->drawText(cell,
                                  (column == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignBottom |
                                      Qt::TextWordWrap,
                                  model.headerData(column, Qt::Horizontal).toString());
            }
            y += headerRow;
        };
        ensure(lineHeight(heading) + row * 3);
        text(heading, caption, 4);
        header();
        auto cells = [&](const std::function<QString(int)> &cell, const QFont &font) {
            if (ensure(row))
                header();
            painter->setFont(font);
            for (int column = 0; column < UsageTableModel::ColumnCount; ++column)
                painter->drawText(
                    columnRect(column),
                    (column == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                    painter->fontMetrics().elidedText(cell(column), Qt::ElideMiddle,
                                                      int(columnRect(column).width())));
            y += row;
        };
        for (int r = 0; r < model.rowCount(); ++r) {
            if (r % 2)
                painter->fillRect(QRectF(0, y, width, row), QColor(0xf6, 0xf6, 0xf6));
            cells([&](int column) { return model.index(r, column).data().toString(); }, body);
        }
        UsageTableModel totalModel(keyTitle);
        UsageRow sum = report.total();
        sum.key = tr("Total");
        totalModel.setRows({sum});
        painter->drawLine(QPointF(0, y), QPointF(width, y));
        cells([&](int column) { return totalModel.index(0, column).data().toString(); }, bold);
        y += 14;
    };
    table(tr("By route"), tr("Route"), data.byRoute);
    table(tr("By transport"), tr("Transport"), data.byTransport);
    footer();
}
