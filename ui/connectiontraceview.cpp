#include "connectiontraceview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "connectiontracemodel.h"

ConnectionTraceView::ConnectionTraceView(QWidget *parent) : QWidget(parent)
{
    m_model = new ConnectionTraceModel(1000, this);
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(ConnectionTraceModel::CategoryRole);

    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto bar = new QHBoxLayout;
    m_show = new QComboBox(this);
    m_show->setObjectName(QStringLiteral("traceShow"));
    m_show->addItem(tr("Everything"), QString());
    m_show->addItem(tr("Messages and data"), QStringLiteral("frame"));
    m_show->addItem(tr("GRIP exchange"), QStringLiteral("grip"));
    m_show->addItem(tr("Warnings"), QStringLiteral("warning"));
    auto showLabel = new QLabel(tr("S&how:"), this);
    showLabel->setBuddy(m_show);
    m_hex = new QCheckBox(tr("He&x"), this);
    m_hex->setObjectName(QStringLiteral("traceHex"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("traceStatus"));
    bar->addWidget(showLabel);
    bar->addWidget(m_show);
    bar->addWidget(m_hex);
    bar->addStretch(1);
    bar->addWidget(m_status);
    layout->addLayout(bar);

    auto splitter = new QSplitter(Qt::Horizontal, this);
    m_view = new QTableView(splitter);
    m_view->setObjectName(QStringLiteral("traceView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_payload = new QPlainTextEdit(splitter);
    m_payload->setObjectName(QStringLiteral("tracePayload"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setPlaceholderText(tr("Select a row to see its bytes."));
    m_payload->setTabChangesFocus(true);
    splitter->addWidget(m_view);
    splitter->addWidget(m_payload);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_show, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setFilterFixedString(m_show->currentData().toString()); });
    connect(m_hex, &QCheckBox::toggled, this, &ConnectionTraceView::showSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConnectionTraceView::showSelected);
    setTabOrder(m_show, m_hex);
    setTabOrder(m_hex, m_view);
    setTabOrder(m_view, m_payload);
    updateStatus();
}

void ConnectionTraceView::append(const QList<TraceEntry> &entries)
{
    if (entries.isEmpty())
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    const int warnings = m_model->warningCount();
    m_model->append(entries);
    if (atBottom)
        m_view->scrollToBottom();
    if (warnings != m_model->warningCount())
        Q_EMIT warningCountChanged(m_model->warningCount());
    updateStatus();
}

void ConnectionTraceView::clear()
{
    const bool hadWarnings = m_model->warningCount() > 0;
    m_model->clear();
    m_payload->clear();
    if (hadWarnings)
        Q_EMIT warningCountChanged(0);
    updateStatus();
}

void ConnectionTraceView::updateStatus()
{
    const int rows = m_model->rowCount();
    const int warnings = m_model->warningCount();
    m_status->setText(warnings ? tr("%n entries, ", nullptr, rows) +
                                     tr("%n warning(s)", nullptr, warnings)
                               : tr("%n entries", nullptr, rows));
}

void ConnectionTraceView::showSelected()
{
    const QModelIndex index = m_filter->mapToSource(m_view->currentIndex());
    if (!index.isValid()) {
        m_payload->clear();
        return;
    }
    const TraceEntry &entry = m_model->entryAt(index.row());
    QString text = ConnectionTraceModel::directionLabel(entry.direction) + QStringLiteral(" · ") +
                   ConnectionTraceModel::kindLabel(entry.kind) + QLatin1Char('\n') + entry.summary +
                   QLatin1Char('\n');
    if (entry.size > quint64(entry.bytes.size()))
        text += tr("(first %1 of %2 bytes kept)").arg(entry.bytes.size()).arg(entry.size) +
                QLatin1Char('\n');
    text += QLatin1Char('\n');
    text += m_hex->isChecked() ? hexDump(entry.bytes) : QString::fromUtf8(entry.bytes);
    m_payload->setPlainText(text);
}

QString ConnectionTraceView::hexDump(const QByteArray &bytes)
{
    QString out;
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        const QByteArray line = bytes.mid(offset, 16);
        out += QStringLiteral("%1  ").arg(offset, 8, 16, QLatin1Char('0'));
        for (int i = 0; i < 16; ++i) {
            out += i < line.size()
                       ? QStringLiteral("%1 ").arg(quint8(line.at(i)), 2, 16, QLatin1Char('0'))
                       : QStringLiteral("   ");
            if (i == 7)
                out += QLatin1Char(' ');
        }
        out += QLatin1Char(' ');
        for (char c : line)
            out += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('.');
        out += QLatin1Char('\n');
    }
    return out;
}
