#pragma once

#include <QWidget>

#include "core/traceentry.h"

class ConnectionTraceModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

// The "Messages" part of a connection's detail: what passed while it was watched, filterable to
// the GRIP exchange or the warnings, with the selected entry's bytes as text or hex.
class ConnectionTraceView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTraceView)

public:
    explicit ConnectionTraceView(QWidget *parent = nullptr);

    void append(const QList<TraceEntry> &entries);
    void clear();
    ConnectionTraceModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Classic 16-bytes-per-line dump: offset, hex, printable ASCII.
    static QString hexDump(const QByteArray &bytes);

Q_SIGNALS:
    void warningCountChanged(int count);

private:
    void showSelected();
    void updateStatus();

    ConnectionTraceModel *m_model = nullptr;
    QSortFilterProxyModel *m_filter = nullptr;
    QComboBox *m_show = nullptr;
    QCheckBox *m_hex = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_payload = nullptr;
};
