#pragma once

// The usage ledger as a fault test reads it back: from the file (another process writes it),
// and through `holdfast report`, which must agree with the records.
#include <QByteArray>
#include <QList>
#include <QString>

#include "ledger/ledgerrecord.h"

// Every record of the file, opened read-only; empty when it cannot be opened.
QList<LedgerRecord> readLedger(const QString &path);

// Every record closed, no (session, id) twice, and `holdfast report` from another process
// counting exactly these connections and their minutes, rounded up per connection. Empty when
// all holds, else what does not.
QByteArray ledgerProblem(const QString &ledger, const QList<LedgerRecord> &records);

QList<LedgerRecord> ofTransport(const QList<LedgerRecord> &records, const QString &transport);
