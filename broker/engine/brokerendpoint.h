#pragma once

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include "core/brokersnapshot.h"
#include "grip/publishitem.h"
#include "routes/route.h"

// What the console knows of a broker: values in (snapshots and events), commands out, every one
// queued, none waited on. The in-process broker (BrokerHost) is one; a node reached over the
// network can be another, and the console cannot tell them apart.
class BrokerEndpoint : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrokerEndpoint)

public:
    using QObject::QObject;
    ~BrokerEndpoint() override = default;

    virtual bool isRunning() const = 0;
    // Applies to requests from now on; routesApplied or routesRejected follows.
    virtual void setRoutes(const QList<Route> &routes) = 0;
    // Console actions on one connection; failures come back through commandFailed().
    virtual void closeConnection(quint64 id, quint16 code, const QByteArray &reason) = 0;
    virtual void sendToConnection(quint64 id, const PublishItem &item) = 0;
    virtual void watchConnection(quint64 id, bool watch) = 0;

Q_SIGNALS:
    void started(const QString &address, quint16 port);
    void publishListening(const QString &address, quint16 port);
    void tlsListening(const QString &address, quint16 port);
    void tlsReloaded(const QString &subject, const QDateTime &notAfterUtc);
    void tlsReloadFailed(const QString &error);
    void startFailed(const QString &error);
    void snapshotReady(const BrokerSnapshot &snapshot);
    void routesApplied(int count, const QString &source);
    void routesRejected(const QStringList &errors);
    void commandFailed(const QString &message);
    void stopped();
};
