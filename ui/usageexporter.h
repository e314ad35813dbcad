#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include "ledger/usagereport.h"

class QPainter;
class QProgressDialog;
class QWidget;
class UsageLoader;
struct UsageData;

// Exports a month of the ledger: CSV and JSON exactly as `holdfast report` writes them (through
// UsageReport's writers, so a file matches the ledger byte for byte), or a printable PDF with the
// totals, the chart of minutes per day and the tables. The reports are built afresh on the
// loader's thread behind a progress dialog that can cancel; only the file is written here.
class UsageExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageExporter)

public:
    enum class Format
    {
        Csv,
        Json,
        Pdf
    };
    static QString suffix(Format format);

    UsageExporter(UsageLoader *loader, QWidget *dialogParent);
    ~UsageExporter() override;

    // grouping applies to CSV and JSON; the PDF has every breakdown.
    void start(const QString &ledgerPath, const QString &month, qint64 nowMs, Format format,
               UsageReport::Grouping grouping, const QString &path);
    bool isRunning() const { return m_request != 0; }
    void cancel();
    QProgressDialog *progressDialog() const { return m_dialog; }

    static bool writePdf(const UsageData &data, const QString &path, QString *error);
    // Lays the report out on pages of `pageSize` (device units); newPage starts the next one.
    static void paintReport(const UsageData &data, QPainter *painter, const QSizeF &pageSize,
                            const std::function<void()> &newPage);

Q_SIGNALS:
    void finished(const QString &path, bool ok, const QString &error);

private:
    void finish(const QString &path, bool ok, const QString &error);

    UsageLoader *m_loader = nullptr;
    QPointer<QWidget> m_dialogParent;
    QProgressDialog *m_dialog = nullptr;
    int m_request = 0;
    QString m_path;
};
