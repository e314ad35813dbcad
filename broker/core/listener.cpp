#include "core/listener.h"

#include <utility>

Listener::Listener(AcceptFunction accept, QObject *parent)
    : QTcpServer(parent), m_accept(std::move(accept))
{}

void Listener::incomingConnection(qintptr descriptor)
{
    m_accept(descriptor);
}
