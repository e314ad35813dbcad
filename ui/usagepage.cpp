#include "usagepage.h"

#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "ledger/usagemath.h"
#include "localeformat.h"
#include "usagechart.h"
#include "usagetablemodel.h"

namespace {
QTableView *makeTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->sortByColumn(UsageTableModel::Minutes, Qt::DescendingOrder);
    return view;
}

QDate monthStart(qint64 ms)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date();
    return QDate(day.year(), day.month(), 1);
}
} // namespace

UsagePage::UsagePage(QWidget *parent)
    : QWidget(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_loader = new UsageLoader(this);
    m_exporter = new UsageExporter(m_loader, this);
    connect(m_exporter, &UsageExporter::finished, this,
            [this](const QString &path, bool ok, const QString &error) {
                if (ok)
                    Q_EMIT message(tr("Usage exported to %1").arg(QDir::toNativeSeparators(path)));
                else
                    Q_EMIT message(tr("Usage export failed: %1").arg(error));
                m_export->setEnabled(true);
                Q_EMIT exportFinished(path, ok, error);
            });
    m_routes = new UsageTableModel(tr("Route"), this);
    m_transports = new UsageTableModel(tr("Transport"), this);
    m_routesProxy = new QSortFilterProxyModel(this);
    m_routesProxy->setSourceModel(m_routes);
    m_routesProxy->setSortRole(UsageTableModel::RawRole);
    m_transportsProxy = new QSortFilterProxyModel(this);
    m_transportsProxy->setSourceModel(m_transports);
    m_transportsProxy->setSortRole(UsageTableModel::RawRole);

    auto layout = new QVBoxLayout(this);
    auto bar = new QHBoxLayout;
    auto monthLabel = new QLabel(tr("&Month (UTC):"), this);
    m_month = new QDateEdit(this);
    m_month->setObjectName(QStringLiteral("usageMonth"));
    m_month->setDisplayFormat(QStringLiteral("yyyy-MM"));
    m_month->setMinimumDate(QDate(1970, 1, 1));
    m_month->setDate(monthStart(now()));
    m_month->setCurrentSection(QDateTimeEdit::MonthSection);
    m_month->setToolTip(tr("The month to show: connections count, whole, in the UTC month they "
                           "started"));
    monthLabel->setBuddy(m_month);
    m_thisMonth = new QPushButton(tr("&This month"), this);
    m_thisMonth->setObjectName(QStringLiteral("usageThisMonth"));
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("usageRefresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Read the ledger again (it refreshes every %1 s while this tab is "
                             "shown)")
                              .arg(RefreshIntervalMs / 1000));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("usageStatus"));
    m_export = new QToolButton(this);
    m_export->setObjectName(QStringLiteral("usageExport"));
    m_export->setText(tr("&Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto menu = new QMenu(m_export);
    const QList<QPair<UsageReport::Grouping, QString>> groupings = {
        {UsageReport::Grouping::Route, tr("by route")},
        {UsageReport::Grouping::Transport, tr("by transport")},
        {UsageReport::Grouping::Day, tr("by day")}};
    for (auto [format, name] : {std::pair(UsageExporter::Format::Csv, tr("&CSV")),
                                std::pair(UsageExporter::Format::Json, tr("&JSON"))}) {
        QMenu *sub = menu->addMenu(name);
        for (const auto &[grouping, label] : groupings) {
            sub->addAction(tr("%1 %2…").arg(name, label).remove(QLatin1Char('&')), this,
                           [this, format = format, grouping = grouping] {
                               exportWithDialog(format, grouping);
                           });
        }
    }
    menu->addAction(tr("&PDF report…"), this, [this] {
        exportWithDialog(UsageExporter::Format::Pdf, UsageReport::Grouping::Route);
    });
    m_export->setMenu(menu);
    bar->addWidget(monthLabel);
    bar->addWidget(m_month);
    bar->addWidget(m_thisMonth);
    bar->addWidget(m_refresh);
    bar->addSpacing(12);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    // Totals: caption over value, side by side.
    auto totals = new QGridLayout;
    auto addTotal = [&](int column, const QString &caption, QLabel **value, const QString &name) {
        auto label = new QLabel(caption, this);
        label->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); }"));
        *value = new QLabel(QStringLiteral("—"), this);
        (*value)->setObjectName(name);
        QFont font = (*value)->font();
        font.setPointSizeF(font.pointSizeF() * 1.4);
        font.setBold(true);
        (*value)->setFont(font);
        (*value)->setTextInteractionFlags(Qt::TextSelectableByMouse);
        totals->addWidget(label, 0, column);
        totals->addWidget(*value, 1, column);
    };
    addTotal(0, tr("Connections"), &m_connections, QStringLiteral("usageConnections"));
    addTotal(1, tr("Still open"), &m_open, QStringLiteral("usageOpen"));
    addTotal(2, tr("Usage minutes"), &m_minutes, QStringLiteral("usageMinutes"));
    addTotal(3, tr("Millions of minutes"), &m_millions, QStringLiteral("usageMillions"));
    addTotal(4, tr("Bytes in"), &m_bytesIn, QStringLiteral("usageBytesIn"));
    addTotal(5, tr("Bytes out"), &m_bytesOut, QStringLiteral("usageBytesOut"));
    for (int column = 0; column < 6; ++column)
        totals->setColumnStretch(column, 1);
    layout->addLayout(totals);

    auto splitter = new QSplitter(Qt::Vertical, this);
    auto chartBox =
        new QGroupBox(tr("Minutes per day (UTC, by the day a connection started)"), splitter);
    auto chartLayout = new QVBoxLayout(chartBox);
    m_chart = new UsageChart(chartBox);
    chartLayout->addWidget(m_chart);
    auto tables = new QSplitter(Qt::Horizontal, splitter);
    auto routesBox = new QGroupBox(tr("By route"), tables);
    auto routesLayout = new QVBoxLayout(routesBox);
    m_routesView = makeTable(m_routesProxy, QStringLiteral("usageRoutesView"), routesBox);
    routesLayout->addWidget(m_routesView);
    auto transportsBox = new QGroupBox(tr("By transport"), tables);
    auto transportsLayout = new QVBoxLayout(transportsBox);
    m_transportsView =
        makeTable(m_transportsProxy, QStringLiteral("usageTransportsView"), transportsBox);
    transportsLayout->addWidget(m_transportsView);
    splitter->addWidget(chartBox);
    splitter->addWidget(tables);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    m_timer = new QTimer(this);
    m_timer->setInterval(RefreshIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &UsagePage::refresh);
    connect(m_refresh, &QPushButton::clicked, this, &UsagePage::refresh);
    connect(m_thisMonth, &QPushButton::clicked, this,
            [this] { m_month->setDate(monthStart(now())); });
    connect(m_month, &QDateEdit::dateChanged, this, [this](QDate date) {
        // Only the month matters; keep the date on the 1st so stepping never skips a month.
        if (date.day() != 1) {
            m_month->setDate(QDate(date.year(), date.month(), 1));
            return;
        }
        refresh();
    });
    m_chart->clear(tr("Reading the ledger…"));
}

UsagePage::~UsagePage() = default;

void UsagePage::setLedgerPath(const QString &path)
{
    m_ledgerPath = path;
    refresh();
}

void UsagePage::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    m_month->setMaximumDate(monthStart(now()).addMonths(1).addDays(-1));
    m_month->setDate(monthStart(now()));
}

QString UsagePage::month() const
{
    return m_month->date().toString(QStringLiteral("yyyy-MM"));
}

void UsagePage::setMonth(const QString &month)
{
    const QDate date = QDate::fromString(month + QStringLiteral("-01"), Qt::ISODate);
    if (date.isValid())
        m_month->setDate(date);
}

void UsagePage::refresh()
{
    // One read at a time: a slow disk must not pile them up; the last wish wins.
    if (m_request) {
        m_refreshAgain = true;
        return;
    }
    m_refreshAgain = false;
    m_status->setText(tr("Reading %1…").arg(month()));
    m_request = m_loader->load(m_ledgerPath, month(), now(), [this](const UsageData &data) {
        m_request = 0;
        if (m_refreshAgain) {
            refresh();
            return;
        }
        apply(data);
    });
}

void UsagePage::setTotal(QLabel *label, const QString &text, qint64 raw, const QString &toolTip)
{
    label->setText(text);
    label->setProperty("raw", raw);
    label->setToolTip(toolTip);
}

void UsagePage::apply(const UsageData &data)
{
    m_data = data;
    const QLocale locale;
    if (!data.ok) {
        m_status->setText(data.error);
        for (QLabel *label : {m_connections, m_open, m_minutes, m_millions, m_bytesIn, m_bytesOut})
            setTotal(label, QStringLiteral("—"), 0);
        m_routes->setRows({});
        m_transports->setRows({});
        m_chart->clear(data.error);
        Q_EMIT refreshed();
        return;
    }
    const UsageRow &total = data.byRoute.total();
    setTotal(m_connections, locale.toString(total.connections), total.connections);
    setTotal(m_open, locale.toString(total.openConnections), total.openConnections,
             tr("Connections of this month still open: their minutes count up to the time of the "
                "last refresh and will grow"));
    m_open->setStyleSheet(total.openConnections > 0 ? QStringLiteral("QLabel { color: #b35c00; }")
                                                    : QString());
    setTotal(m_minutes, locale.toString(total.minutes), total.minutes,
             tr("Each connection's duration rounded up to whole minutes, at least one"));
    m_millions->setText(LocaleFormat::decimal(UsageMath::millions(total.minutes)));
    m_millions->setProperty("raw", UsageMath::millions(total.minutes));
    setTotal(m_bytesIn, locale.formattedDataSize(total.bytesFromClient), total.bytesFromClient,
             tr("%1 bytes from clients").arg(locale.toString(total.bytesFromClient)));
    setTotal(m_bytesOut, locale.formattedDataSize(total.bytesToClient), total.bytesToClient,
             tr("%1 bytes to clients").arg(locale.toString(total.bytesToClient)));
    const bool firstRows = m_routes->rowCount() == 0 && m_transports->rowCount() == 0;
    m_routes->setRows(data.byRoute.rows());
    m_transports->setRows(data.byTransport.rows());
    if (firstRows) {
        // Fit the columns once to the first rows; later the user's widths stay.
        m_routesView->resizeColumnsToContents();
        m_transportsView->resizeColumnsToContents();
    }
    m_chart->setReport(data.byDay);
    const QString taken =
        LocaleFormat::dateTime(QDateTime::fromMSecsSinceEpoch(data.nowMs, QTimeZone::utc()));
    if (data.byRoute.isComplete())
        m_status->setText(tr("%1 is complete (read %2 UTC).").arg(data.month, taken));
    else if (total.openConnections > 0)
        m_status->setText(tr("As of %1 UTC; %n connection(s) still open, counted up to then.",
                             nullptr, int(total.openConnections))
                              .arg(taken));
    else
        m_status->setText(tr("As of %1 UTC.").arg(taken));
    Q_EMIT refreshed();
}

void UsagePage::exportWithDialog(UsageExporter::Format format, UsageReport::Grouping grouping)
{
    const QString suffix = UsageExporter::suffix(format);
    QString name = QStringLiteral("holdfast-usage-%1").arg(month());
    if (format != UsageExporter::Format::Pdf)
        name += QLatin1Char('-') + UsageReport::groupingName(grouping);
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString filter;
    switch (format) {
    case UsageExporter::Format::Csv:
        filter = tr("CSV files (*.csv)");
        break;
    case UsageExporter::Format::Json:
        filter = tr("JSON files (*.json)");
        break;
    case UsageExporter::Format::Pdf:
        filter = tr("PDF files (*.pdf)");
        break;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export usage of %1").arg(month()),
        QDir(directory).filePath(name + QLatin1Char('.') + suffix), filter);
    if (!path.isEmpty())
        exportTo(format, grouping, path);
}

void UsagePage::exportTo(UsageExporter::Format format, UsageReport::Grouping grouping,
                         const QString &path)
{
    m_export->setEnabled(false);
    m_exporter->start(m_ledgerPath, month(), now(), format, grouping, path);
}

void UsagePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The month may have turned while the tab was hidden.
    m_month->setMaximumDate(monthStart(now()).addMonths(1).addDays(-1));
    m_timer->start();
    refresh();
}

void UsagePage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}
