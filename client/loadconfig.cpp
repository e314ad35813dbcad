#include "loadconfig.h"

bool LoadConfig::parseTransport(const QString &text, ClientTransport *transport)
{
    const QString name = text.toLower();
    if (name == QLatin1String("ws") || name == QLatin1String("websocket"))
        *transport = ClientTransport::WebSocket;
    else if (name == QLatin1String("sse"))
        *transport = ClientTransport::Sse;
    else if (name == QLatin1String("stream"))
        *transport = ClientTransport::Stream;
    else if (name == QLatin1String("poll") || name == QLatin1String("long-poll"))
        *transport = ClientTransport::Poll;
    else
        return false;
    return true;
}

QString LoadConfig::transportName(ClientTransport transport)
{
    switch (transport) {
    case ClientTransport::WebSocket:
        return QStringLiteral("ws");
    case ClientTransport::Sse:
        return QStringLiteral("sse");
    case ClientTransport::Stream:
        return QStringLiteral("stream");
    case ClientTransport::Poll:
        return QStringLiteral("poll");
    }
    return {};
}

QString LoadConfig::stateName(ClientState state)
{
    switch (state) {
    case ClientState::Waiting:
        return QStringLiteral("waiting");
    case ClientState::Connecting:
        return QStringLiteral("connecting");
    case ClientState::Handshake:
        return QStringLiteral("handshake");
    case ClientState::Open:
        return QStringLiteral("open");
    case ClientState::Closed:
        return QStringLiteral("closed");
    case ClientState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}
