#include "testclientsmodel.h"

#include <QLocale>

TestClientsModel::TestClientsModel(QObject *parent) : LiveTableModel(parent) {}

int TestClientsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TestClientsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TestClientsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == RawRole) {
        switch (index.column()) {
        case ClientColumn:
            return key(row.run, row.clientId);
        case TransportColumn:
            return int(row.transport);
        case UrlColumn:
            return row.url;
        case StateColumn:
            return int(row.state);
        case MessagesColumn:
            return row.received;
        case ConnectsColumn:
            return row.connects;
        case ReasonColumn:
            return row.reason;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn && !row.reason.isEmpty())
        return row.reason;
    if (role == Qt::TextAlignmentRole &&
        (index.column() == MessagesColumn || index.column() == ConnectsColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ClientColumn:
        return QStringLiteral("%1.%2").arg(row.run).arg(row.clientId + 1);
    case TransportColumn:
        return transportText(row.transport);
    case UrlColumn:
        return row.url;
    case StateColumn:
        return stateText(row.state);
    case MessagesColumn:
        return QLocale().toString(row.received);
    case ConnectsColumn:
        return QLocale().toString(row.connects);
    case ReasonColumn:
        return row.reason;
    default:
        return {};
    }
}

QVariant TestClientsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClientColumn:
        return tr("Client");
    case TransportColumn:
        return tr("Transport");
    case UrlColumn:
        return tr("URL");
    case StateColumn:
        return tr("State");
    case MessagesColumn:
        return tr("Messages");
    case ConnectsColumn:
        return tr("Connects");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

void TestClientsModel::addRun(int run, ClientTransport transport, const QString &url, int clients)
{
    if (clients <= 0)
        return;
    appendRows(clients, [&] {
        for (int id = 0; id < clients; ++id) {
            Row row;
            row.run = run;
            row.clientId = id;
            row.transport = transport;
            row.url = url;
            m_rowOf.insert(key(run, id), int(m_rows.size()));
            m_rows.append(row);
        }
    });
}

void TestClientsModel::applyRows(int run, const QList<ClientRow> &rows)
{
    QList<int> changed;
    changed.reserve(rows.size());
    for (const ClientRow &client : rows) {
        const int at = m_rowOf.value(key(run, client.id), -1);
        if (at < 0)
            continue;
        Row &row = m_rows[at];
        row.state = client.state;
        row.reason = client.reason;
        row.received = client.received;
        row.connects = client.connects;
        row.recent += client.recent;
        if (row.recent.size() > MaxRecent)
            row.recent.remove(0, row.recent.size() - MaxRecent);
        changed.append(at);
    }
    announceChanged(changed);
}

void TestClientsModel::endRun(int run, const QList<ClientRow> &rows)
{
    applyRows(run, rows);
    QList<int> changed;
    for (int at = 0; at < m_rows.size(); ++at) {
        Row &row = m_rows[at];
        if (row.run != run)
            continue;
        row.runEnded = true;
        if (row.state != ClientState::Closed && row.state != ClientState::Failed) {
            row.state = ClientState::Closed;
            row.reason = tr("stopped");
        }
        changed.append(at);
    }
    announceChanged(changed);
}

void TestClientsModel::removeRun(int run)
{
    QList<int> rows;
    for (int at = 0; at < m_rows.size(); ++at) {
        if (m_rows.at(at).run == run)
            rows.append(at);
    }
    if (rows.isEmpty())
        return;
    removeRowRuns(std::move(rows), [this](int first, int count) { m_rows.remove(first, count); });
    reindex();
}

void TestClientsModel::reindex()
{
    m_rowOf.clear();
    for (int at = 0; at < m_rows.size(); ++at)
        m_rowOf.insert(key(m_rows.at(at).run, m_rows.at(at).clientId), at);
}

QString TestClientsModel::stateText(ClientState state)
{
    switch (state) {
    case ClientState::Waiting:
        return tr("waiting");
    case ClientState::Connecting:
        return tr("connecting");
    case ClientState::Handshake:
        return tr("handshake");
    case ClientState::Open:
        return tr("open", "test client state");
    case ClientState::Closed:
        return tr("closed");
    case ClientState::Failed:
        return tr("failed");
    }
    return {};
}

QString TestClientsModel::transportText(ClientTransport transport)
{
    switch (transport) {
    case ClientTransport::WebSocket:
        return QStringLiteral("WebSocket");
    case ClientTransport::Sse:
        return QStringLiteral("SSE");
    case ClientTransport::Stream:
        return tr("HTTP stream");
    case ClientTransport::Poll:
        return tr("long-poll");
    }
    return {};
}
