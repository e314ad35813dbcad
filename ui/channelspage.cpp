#include "channelspage.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "channelsmodel.h"
#include "connectionsfiltermodel.h"
#include "connectionsmodel.h"

namespace {
void setUpTable(QTableView *view)
{
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
}
} // namespace

ChannelsPage::ChannelsPage(ChannelsModel *channels, ConnectionsModel *connections, QWidget *parent)
    : QWidget(parent), m_model(channels)
{
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(channels);
    m_proxy->setSortRole(ChannelsModel::RawRole);
    m_subscribersProxy = new ConnectionsFilterModel(this);
    m_subscribersProxy->setSourceModel(connections);
    m_subscribersProxy->setChannel(QStringLiteral("\n")); // no channel selected: nobody

    auto layout = new QVBoxLayout(this);
    auto bar = new QHBoxLayout;
    m_publish = new QPushButton(tr("&Publish to this channel…"), this);
    m_publish->setObjectName(QStringLiteral("publishToChannel"));
    m_publish->setEnabled(false);
    bar->addWidget(new QLabel(tr("Channels with subscribers, live:"), this));
    bar->addStretch();
    bar->addWidget(m_publish);
    layout->addLayout(bar);

    auto splitter = new QSplitter(Qt::Vertical, this);
    m_view = new QTableView(splitter);
    m_view->setObjectName(QStringLiteral("channelsView"));
    m_view->setModel(m_proxy);
    setUpTable(m_view);
    m_view->sortByColumn(ChannelsModel::Name, Qt::AscendingOrder);
    auto lower = new QWidget(splitter);
    auto lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(
        new QLabel(tr("Subscribers (double-click to open in Connections):"), lower));
    m_subscribers = new QTableView(lower);
    m_subscribers->setObjectName(QStringLiteral("subscribersView"));
    m_subscribers->setModel(m_subscribersProxy);
    setUpTable(m_subscribers);
    m_subscribers->sortByColumn(ConnectionsModel::Id, Qt::AscendingOrder);
    lowerLayout->addWidget(m_subscribers);
    splitter->addWidget(m_view);
    splitter->addWidget(lower);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QString name = selectedChannel();
        m_subscribersProxy->setChannel(name.isEmpty() ? QStringLiteral("\n") : name);
        m_publish->setEnabled(!name.isEmpty());
        Q_EMIT channelSelected(name);
    });
    connect(m_publish, &QPushButton::clicked, this, [this] {
        if (!selectedChannel().isEmpty())
            Q_EMIT publishRequested(selectedChannel());
    });
    connect(m_view, &QTableView::activated, this, [this] {
        if (!selectedChannel().isEmpty())
            Q_EMIT publishRequested(selectedChannel());
    });
    connect(m_subscribers, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT connectionActivated(index.data(ConnectionsModel::IdRole).toULongLong());
    });
    // Column widths fit the first rows once (sampled, so a big table stays cheap).
    m_subscribers->horizontalHeader()->setResizeContentsPrecision(50);
    connect(m_subscribersProxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_subscribersFitted) {
            m_subscribersFitted = true;
            m_subscribers->resizeColumnsToContents();
        }
    });
    m_view->setColumnWidth(ChannelsModel::Name, 240);
    m_view->setColumnWidth(ChannelsModel::LastPublish, 170);
    setTabOrder(m_view, m_publish);
    setTabOrder(m_publish, m_subscribers);
}

ChannelsPage::~ChannelsPage() = default;

QString ChannelsPage::selectedChannel() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(ChannelsModel::Name);
    return rows.isEmpty() ? QString() : rows.first().data(ChannelsModel::RawRole).toString();
}

bool ChannelsPage::selectChannel(const QString &name)
{
    const int row = m_model->rowOf(name.toUtf8());
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    m_view->setCurrentIndex(index);
    return true;
}
