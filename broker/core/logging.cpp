#include "core/logging.h"

Q_LOGGING_CATEGORY(lcBroker, "holdfast.broker")
Q_LOGGING_CATEGORY(lcConn, "holdfast.broker.conn")
Q_LOGGING_CATEGORY(lcNet, "holdfast.broker.net")
Q_LOGGING_CATEGORY(lcTls, "holdfast.broker.tls")
Q_LOGGING_CATEGORY(lcRoutes, "holdfast.broker.routes")
