#include "connectionspage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "connectiontraceview.h"
#include "connectionsfiltermodel.h"
#include "connectionsmodel.h"
#include "disconnectdialog.h"

namespace {
using Transport = ConnectionInfo::Transport;

QString transportLabel(Transport transport)
{
    return QString::fromLatin1(ConnectionInfo::transportName(transport));
}
} // namespace

ConnectionsPage::ConnectionsPage(ConnectionsModel *model, QWidget *parent)
    : QWidget(parent), m_model(model)
{
    m_proxy = new ConnectionsFilterModel(this);
    m_proxy->setSourceModel(model);

    auto layout = new QVBoxLayout(this);
    auto bar = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("connectionsSearch"));
    m_search->setPlaceholderText(tr("Filter connections (any column)"));
    m_search->setClearButtonEnabled(true);
    bar->addWidget(m_search, 2);
    m_transport = new QComboBox(this);
    m_transport->setObjectName(QStringLiteral("transportFilter"));
    m_transport->addItem(tr("All transports"), QString());
    for (Transport transport :
         {Transport::Http, Transport::WebSocketPassthrough, Transport::HttpStream, Transport::Sse,
          Transport::LongPoll, Transport::WsFanout}) {
        m_transport->addItem(transportLabel(transport), transportLabel(transport));
    }
    bar->addWidget(m_transport);
    m_channelLabel = new QLabel(this);
    m_channelLabel->setObjectName(QStringLiteral("channelFilter"));
    m_clearChannel = new QToolButton(this);
    m_clearChannel->setText(tr("All channels"));
    m_clearChannel->setToolTip(tr("Stop filtering by channel"));
    bar->addWidget(m_channelLabel);
    bar->addWidget(m_clearChannel);
    m_channelLabel->hide();
    m_clearChannel->hide();
    m_count = new QLabel(this);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    auto toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_disconnect = toolbar->addAction(tr("&Disconnect…"));
    m_disconnect->setObjectName(QStringLiteral("disconnectAction"));
    m_disconnect->setShortcut(QKeySequence::Delete);
    m_disconnect->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_send = toolbar->addAction(tr("S&end to this connection…"));
    m_send->setObjectName(QStringLiteral("sendToConnectionAction"));
    m_copyCommand = toolbar->addAction(tr("Copy as curl / &websocat"));
    m_copyCommand->setObjectName(QStringLiteral("copyCommandAction"));
    layout->addWidget(toolbar);
    addActions({m_disconnect, m_send, m_copyCommand});

    auto splitter = new QSplitter(Qt::Vertical, this);
    m_view = new QTableView(splitter);
    m_view->setObjectName(QStringLiteral("connectionsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ConnectionsModel::Id, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Fixed row heights: the view never asks 10,000 rows for their size.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addActions({m_disconnect, m_send, m_copyCommand});
    m_view->setWordWrap(false);
    m_detailTabs = new QTabWidget(splitter);
    m_detailTabs->setObjectName(QStringLiteral("connectionDetailTabs"));
    m_detail = new QPlainTextEdit(m_detailTabs);
    m_detail->setObjectName(QStringLiteral("connectionDetail"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a connection to see all of it."));
    m_detail->setTabChangesFocus(true);
    m_trace = new ConnectionTraceView(m_detailTabs);
    m_detailTabs->addTab(m_detail, tr("S&ummary"));
    m_detailTabs->addTab(m_trace, tr("&Messages"));
    connect(m_trace, &ConnectionTraceView::warningCountChanged, this, [this](int warnings) {
        m_detailTabs->setTabText(1, warnings ? tr("&Messages (%n warning(s))", nullptr, warnings)
                                             : tr("&Messages"));
    });
    splitter->addWidget(m_view);
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &ConnectionsFilterModel::setText);
    connect(m_transport, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setTransport(m_transport->currentData().toString()); });
    connect(m_clearChannel, &QToolButton::clicked, this, [this] { setChannelFilter({}); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionsPage::onSelectionChanged);
    connect(m_disconnect, &QAction::triggered, this, &ConnectionsPage::disconnectSelected);
    connect(m_send, &QAction::triggered, this, &ConnectionsPage::sendToSelected);
    connect(m_copyCommand, &QAction::triggered, this, [this] {
        if (const ConnectionInfo *info = selectedInfo())
            QApplication::clipboard()->setText(commandFor(*info, m_listen));
    });
    // The selected row may change or go with any snapshot.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, [this] { updateActions(); });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &first, const QModelIndex &last) {
                const int row = m_model->rowOf(m_selectedId);
                if (row >= first.row() && row <= last.row())
                    updateDetail();
            });
    // Columns fit the first rows once; later rows never trigger a measure of 10,000 cells.
    m_view->horizontalHeader()->setResizeContentsPrecision(50);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_columnsFitted)
            return;
        m_columnsFitted = true;
        m_view->resizeColumnsToContents();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (m_selectedId && m_model->rowOf(m_selectedId) < 0)
            updateDetail();
    });

    // One clock for every duration: only the rows on screen are repainted.
    m_clock = new QTimer(this);
    m_clock->setInterval(1000);
    connect(m_clock, &QTimer::timeout, this, &ConnectionsPage::tick);
    m_clock->start();

    setTabOrder(m_search, m_transport);
    setTabOrder(m_transport, m_view);
    setTabOrder(m_view, m_detailTabs);
    updateActions();
}

ConnectionsPage::~ConnectionsPage() = default;

void ConnectionsPage::tick()
{
    m_model->setNow(QDateTime::currentDateTimeUtc());
    if (m_view->isVisible())
        m_view->viewport()->update();
    if (m_selectedId && m_model->rowOf(m_selectedId) >= 0 && m_detail->isVisible())
        updateDetail();
}

void ConnectionsPage::setChannelFilter(const QString &channel)
{
    m_proxy->setChannel(channel);
    m_channelLabel->setText(tr("Subscribers of “%1”").arg(channel));
    m_channelLabel->setVisible(!channel.isEmpty());
    m_clearChannel->setVisible(!channel.isEmpty());
    updateActions();
}

bool ConnectionsPage::selectConnection(quint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

const ConnectionInfo *ConnectionsPage::selectedInfo() const
{
    const int row = m_model->rowOf(m_selectedId);
    return row >= 0 ? &m_model->connectionAt(row) : nullptr;
}

void ConnectionsPage::onSelectionChanged()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const quint64 previous = m_selectedId;
    m_selectedId = rows.isEmpty() ? 0 : rows.first().data(ConnectionsModel::IdRole).toULongLong();
    if (previous != m_selectedId) {
        if (previous)
            Q_EMIT watchRequested(previous, false);
        m_trace->clear();
        if (m_selectedId)
            Q_EMIT watchRequested(m_selectedId, true);
    }
    updateDetail();
    updateActions();
}

void ConnectionsPage::showMessages(bool messages)
{
    m_detailTabs->setCurrentWidget(messages ? static_cast<QWidget *>(m_trace) : m_detail);
}

void ConnectionsPage::applyTrace(const QList<TraceEntry> &entries)
{
    if (!m_selectedId || entries.isEmpty())
        return;
    QList<TraceEntry> mine;
    for (const TraceEntry &entry : entries) {
        if (entry.connectionId == m_selectedId)
            mine.append(entry);
    }
    m_trace->append(mine);
}

void ConnectionsPage::updateActions()
{
    const ConnectionInfo *info = selectedInfo();
    m_disconnect->setEnabled(info != nullptr);
    m_copyCommand->setEnabled(info != nullptr);
    m_send->setEnabled(info && itemFor(*info, QStringLiteral("x")).has_value());
    m_count->setText(tr("%1 of %2 shown").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

void ConnectionsPage::updateDetail()
{
    const ConnectionInfo *live = selectedInfo();
    ConnectionInfo closed;
    if (!live && m_selectedId) {
        for (const ConnectionInfo &info : m_model->recentlyClosed()) {
            if (info.id == m_selectedId)
                closed = info;
        }
    }
    const ConnectionInfo *info = live ? live : (closed.id ? &closed : nullptr);
    if (!info) {
        m_detail->clear();
        return;
    }
    const QDateTime end = info->endedUtc.isValid() ? info->endedUtc : m_model->now();
    const qint64 ms = std::max<qint64>(0, info->startedUtc.msecsTo(end));
    QStringList lines;
    auto line = [&lines](const QString &name, const QString &value) {
        lines << QStringLiteral("%1: %2").arg(name, value);
    };
    line(tr("Connection"), QStringLiteral("#%1").arg(info->id));
    line(tr("Transport"), transportLabel(info->transport));
    line(tr("State"), QString::fromLatin1(ConnectionInfo::stateName(info->state)) +
                          (live ? QString() : tr(" (left the table)")));
    line(tr("Client"), info->clientAddress);
    line(tr("User agent"), QString::fromUtf8(info->userAgent));
    line(tr("Path"), QString::fromUtf8(info->path));
    line(tr("Route"), QString::fromUtf8(info->routeId));
    line(tr("Origin"), QString::fromUtf8(info->origin));
    QStringList channels;
    for (const QByteArray &channel : info->channels)
        channels << QString::fromUtf8(channel);
    line(tr("Channels"), channels.join(QLatin1String(", ")));
    line(tr("Started"),
         info->startedUtc.toLocalTime().toString(Qt::ISODateWithMs) +
             QStringLiteral(" (%1 UTC)").arg(info->startedUtc.toString(Qt::ISODateWithMs)));
    if (info->endedUtc.isValid())
        line(tr("Ended"), info->endedUtc.toLocalTime().toString(Qt::ISODateWithMs));
    line(tr("Duration"), tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1));
    line(tr("Usage minutes"), QString::number(ConnectionsModel::usageMinutes(ms)));
    line(tr("Bytes in / out"),
         QStringLiteral("%1 / %2").arg(info->bytesFromClient).arg(info->bytesToClient));
    line(tr("Messages in / out"),
         QStringLiteral("%1 / %2").arg(info->messagesFromClient).arg(info->messagesToClient));
    line(tr("Pings"), QString::number(info->pings));
    line(tr("Requests"), QString::number(info->requests));
    line(tr("Queued to client / origin"),
         QStringLiteral("%1 / %2").arg(info->queuedToClient).arg(info->queuedToOrigin));
    line(tr("Close code"), info->closeCode ? QString::number(info->closeCode) : QString());
    line(tr("Close reason"), QString::fromUtf8(info->closeReason));
    if (!info->requestHeaders.isEmpty()) {
        lines << tr("Request headers:");
        for (const auto &header : info->requestHeaders)
            lines << QStringLiteral("    %1: %2")
                         .arg(QString::fromLatin1(header.first),
                              QString::fromLatin1(header.second));
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_detail->toPlainText() != text)
        m_detail->setPlainText(text);
}

void ConnectionsPage::disconnectSelected()
{
    const ConnectionInfo *info = selectedInfo();
    if (!info)
        return;
    const quint64 id = info->id;
    DisconnectDialog dialog(id, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Q_EMIT message(tr("Disconnecting #%1 with %2").arg(id).arg(dialog.code()));
    Q_EMIT closeRequested(id, dialog.code(), dialog.reason());
}

void ConnectionsPage::sendToSelected()
{
    const ConnectionInfo *info = selectedInfo();
    if (!info)
        return;
    const quint64 id = info->id;
    const ConnectionInfo copy = *info;
    bool ok = false;
    const QString text =
        QInputDialog::getMultiLineText(this, tr("Send to #%1").arg(id),
                                       tr("Message for this connection only (delivered as %1):")
                                           .arg(transportLabel(copy.transport)),
                                       QString(), &ok);
    if (!ok)
        return;
    const std::optional<PublishItem> item = itemFor(copy, text);
    if (!item)
        return;
    Q_EMIT message(tr("Sending %1 bytes to #%2").arg(text.toUtf8().size()).arg(id));
    Q_EMIT sendRequested(id, *item);
}

std::optional<PublishItem> ConnectionsPage::itemFor(const ConnectionInfo &info, const QString &text)
{
    PublishItem item;
    item.channel = info.channels.isEmpty() ? QByteArrayLiteral("console") : info.channels.first();
    const QByteArray bytes = text.toUtf8();
    switch (info.transport) {
    case Transport::WsFanout: {
        WsMessageFormat ws;
        ws.content = bytes;
        item.wsMessage = ws;
        return item;
    }
    case Transport::HttpStream: {
        HttpStreamFormat stream;
        stream.content = bytes;
        item.httpStream = stream;
        return item;
    }
    case Transport::Sse: {
        // An SSE client only sees whole events: one data line per line of text.
        HttpStreamFormat stream;
        for (const QByteArray &line : bytes.split('\n'))
            stream.content += "data: " + line + '\n';
        stream.content += '\n';
        item.httpStream = stream;
        return item;
    }
    case Transport::LongPoll: {
        HttpResponseFormat response;
        response.code = 200;
        response.reason = "OK";
        response.body = bytes;
        item.httpResponse = response;
        return item;
    }
    case Transport::Http:
    case Transport::WebSocketPassthrough:
        break;
    }
    return std::nullopt;
}

QString ConnectionsPage::commandFor(const ConnectionInfo &info, const QString &listen)
{
    const QString path = info.path.isEmpty() ? QStringLiteral("/") : QString::fromUtf8(info.path);
    const QString host = listen.isEmpty() ? QStringLiteral("127.0.0.1:7676") : listen;
    switch (info.transport) {
    case Transport::WsFanout:
    case Transport::WebSocketPassthrough:
        return QStringLiteral("websocat 'ws://%1%2'").arg(host, path);
    case Transport::Sse:
        return QStringLiteral("curl -N -H 'Accept: text/event-stream' 'http://%1%2'")
            .arg(host, path);
    case Transport::HttpStream:
    case Transport::LongPoll:
        return QStringLiteral("curl -N 'http://%1%2'").arg(host, path);
    case Transport::Http:
        break;
    }
    return QStringLiteral("curl -i 'http://%1%2'").arg(host, path);
}
