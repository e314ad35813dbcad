#include "ledger/ledgerrecord.h"

#include "core/brokersnapshot.h"

LedgerRecord LedgerRecord::fromConnection(const ConnectionInfo &info, bool closed)
{
    LedgerRecord record;
    record.connectionId = info.id;
    record.transport = QString::fromLatin1(ConnectionInfo::transportName(info.transport));
    record.route = QString::fromUtf8(info.routeId);
    record.origin = QString::fromUtf8(info.origin);
    record.clientAddress = info.clientAddress;
    record.userAgent = QString::fromUtf8(info.userAgent);
    record.path = QString::fromUtf8(info.path);
    record.startedMs = info.startedUtc.toMSecsSinceEpoch();
    if (closed) {
        // A closed record always ends; a missing end would leave it open in the ledger forever.
        record.endedMs =
            info.endedUtc.isValid() ? info.endedUtc.toMSecsSinceEpoch() : record.startedMs;
        record.endedMs = qMax(record.endedMs, record.startedMs);
    }
    record.bytesFromClient = qint64(info.bytesFromClient);
    record.bytesToClient = qint64(info.bytesToClient);
    record.messagesFromClient = qint64(info.messagesFromClient);
    record.messagesToClient = qint64(info.messagesToClient);
    record.closeCode = info.closeCode;
    record.closeReason = QString::fromUtf8(info.closeReason);
    return record;
}
