#include "clientenginehost.h"

#include "clientengine.h"

ClientEngineHost::ClientEngineHost(QObject *parent) : QObject(parent)
{
    m_engineThread.start(new QObject, QStringLiteral("holdfast-clients"));
}

ClientEngineHost::~ClientEngineHost()
{
    // Deleting the engines on their own thread closes their sockets there; queued after any
    // start still pending, so no engine is left unparented. The root itself goes with the thread.
    QObject *root = m_engineThread.object();
    m_engineThread.post([root] { qDeleteAll(root->children()); });
    m_engineThread.finish();
}

int ClientEngineHost::start(const LoadConfig &config)
{
    const int run = m_nextRun++;
    // Made here and moved, so the host can keep the pointer for queued calls; it is only ever
    // touched on the engine thread.
    auto engine = new ClientEngine;
    QObject *root = m_engineThread.object();
    engine->moveToThread(root->thread());
    m_engines.insert(run, engine);
    connect(engine, &ClientEngine::progress, this, [this, run](const LoadStats &stats) {
        if (m_engines.contains(run))
            Q_EMIT progress(run, stats);
    });
    connect(engine, &ClientEngine::finished, this, [this, run, engine](const LoadStats &stats) {
        if (m_engines.value(run) != engine)
            return;
        m_engines.remove(run);
        engine->deleteLater();
        Q_EMIT finished(run, stats);
    });
    QMetaObject::invokeMethod(engine, [engine, root, config] {
        engine->setParent(root);
        engine->start(config);
    });
    return run;
}

void ClientEngineHost::stop(int run)
{
    if (ClientEngine *engine = m_engines.value(run))
        QMetaObject::invokeMethod(engine, &ClientEngine::stop);
}

void ClientEngineHost::stopAll()
{
    for (ClientEngine *engine : std::as_const(m_engines))
        QMetaObject::invokeMethod(engine, &ClientEngine::stop);
}

void ClientEngineHost::sendMessage(int run, int clientId, const QByteArray &payload, bool binary)
{
    if (ClientEngine *engine = m_engines.value(run))
        QMetaObject::invokeMethod(engine, [engine, clientId, payload, binary] {
            engine->sendMessage(clientId, payload, binary);
        });
}

void ClientEngineHost::closeClient(int run, int clientId, quint16 code, const QByteArray &reason)
{
    if (ClientEngine *engine = m_engines.value(run))
        QMetaObject::invokeMethod(engine, [engine, clientId, code, reason] {
            engine->closeClient(clientId, code, reason);
        });
}

void ClientEngineHost::reconnectClient(int run, int clientId)
{
    if (ClientEngine *engine = m_engines.value(run))
        QMetaObject::invokeMethod(engine,
                                  [engine, clientId] { engine->reconnectClient(clientId); });
}
