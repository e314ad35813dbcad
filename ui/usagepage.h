#pragma once

#include <functional>

#include <QWidget>

#include "usageexporter.h"
#include "usageloader.h"

class QDateEdit;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QToolButton;
class UsageChart;
class UsageTableModel;

// The Usage tab: one UTC month of the ledger, with totals, a chart of minutes per day and the
// breakdowns by route and by transport, refreshed every RefreshIntervalMs while it is visible.
// Every read runs on the UsageLoader's thread; exports go through UsageExporter.
class UsagePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsagePage)

public:
    static constexpr int RefreshIntervalMs = 10'000;

    explicit UsagePage(QWidget *parent = nullptr);
    ~UsagePage() override;

    void setLedgerPath(const QString &path);
    QString ledgerPath() const { return m_ledgerPath; }
    // The clock for "now" (UTC ms): open connections count up to it. Tests fix it.
    void setClock(std::function<qint64()> clock);

    QString month() const; // "YYYY-MM"
    void setMonth(const QString &month);
    void refresh();

    // Asks for a file name, then exports the shown month.
    void exportWithDialog(UsageExporter::Format format, UsageReport::Grouping grouping);
    void exportTo(UsageExporter::Format format, UsageReport::Grouping grouping,
                  const QString &path);

    const UsageData &data() const { return m_data; }
    UsageTableModel *routeModel() const { return m_routes; }
    UsageTableModel *transportModel() const { return m_transports; }
    UsageChart *chart() const { return m_chart; }
    UsageExporter *exporter() const { return m_exporter; }

Q_SIGNALS:
    void refreshed(); // m_data holds a new result (or an error) and the view shows it
    void exportFinished(const QString &path, bool ok, const QString &error);
    void message(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void apply(const UsageData &data);
    void setTotal(QLabel *label, const QString &text, qint64 raw, const QString &toolTip = {});
    qint64 now() const { return m_clock(); }

    QString m_ledgerPath;
    std::function<qint64()> m_clock;
    UsageLoader *m_loader = nullptr;
    UsageExporter *m_exporter = nullptr;
    UsageData m_data;
    int m_request = 0;
    bool m_refreshAgain = false;

    QDateEdit *m_month = nullptr;
    QPushButton *m_thisMonth = nullptr;
    QPushButton *m_refresh = nullptr;
    QToolButton *m_export = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_connections = nullptr;
    QLabel *m_minutes = nullptr;
    QLabel *m_millions = nullptr;
    QLabel *m_bytesIn = nullptr;
    QLabel *m_bytesOut = nullptr;
    QLabel *m_open = nullptr;
    UsageChart *m_chart = nullptr;
    UsageTableModel *m_routes = nullptr;
    UsageTableModel *m_transports = nullptr;
    QSortFilterProxyModel *m_routesProxy = nullptr;
    QSortFilterProxyModel *m_transportsProxy = nullptr;
    QTableView *m_routesView = nullptr;
    QTableView *m_transportsView = nullptr;
    QTimer *m_timer = nullptr;
};
