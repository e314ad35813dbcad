#include "ledger/ledgerlogging.h"

Q_LOGGING_CATEGORY(lcLedger, "holdfast.ledger")
