#pragma once

#include <QHash>
#include <QList>

#include "loadstats.h"
#include "livetablemodel.h"

// The Test clients table: one row per client of every run the panel opened. Changed only by
// addRun/applyRows/endRun/removeRun, which the page feeds from the engine's coalesced LoadStats
// rows: one insert per run, one dataChanged per contiguous run of changed rows.
class TestClientsModel final : public LiveTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestClientsModel)

public:
    enum Column
    {
        ClientColumn,
        TransportColumn,
        UrlColumn,
        StateColumn,
        MessagesColumn,
        ConnectsColumn,
        ReasonColumn,
        ColumnCount
    };
    // Unformatted values for sorting: numbers as numbers, the state as its enum value.
    static constexpr int RawRole = Qt::UserRole + 1;
    // Messages kept per client for the detail view, newest last.
    static constexpr int MaxRecent = 100;

    struct Row
    {
        int run = 0;
        int clientId = 0;
        ClientTransport transport = ClientTransport::Sse;
        QString url;
        ClientState state = ClientState::Waiting;
        QString reason;
        quint64 received = 0;
        int connects = 0;
        bool runEnded = false; // its engine is gone: no send, close or reconnect any more
        QList<QByteArray> recent;
    };

    explicit TestClientsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void addRun(int run, ClientTransport transport, const QString &url, int clients);
    void applyRows(int run, const QList<ClientRow> &rows);
    // The run's final rows; clients still open then were closed by the engine's teardown.
    void endRun(int run, const QList<ClientRow> &rows);
    void removeRun(int run);

    const Row &rowAt(int row) const { return m_rows.at(row); }
    // -1 when the client is not listed.
    int rowOf(int run, int clientId) const { return m_rowOf.value(key(run, clientId), -1); }

    static QString stateText(ClientState state);
    static QString transportText(ClientTransport transport);

private:
    static quint64 key(int run, int clientId)
    {
        return quint64(quint32(run)) << 32 | quint32(clientId);
    }
    void reindex();

    QList<Row> m_rows;
    QHash<quint64, int> m_rowOf;
};
