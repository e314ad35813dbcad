#pragma once

#include <functional>

#include <QTcpServer>

// Hands accepted descriptors to the connection engine without making a QTcpSocket for them.
class Listener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    using AcceptFunction = std::function<void(qintptr descriptor)>;

    explicit Listener(AcceptFunction accept, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    AcceptFunction m_accept;
};
