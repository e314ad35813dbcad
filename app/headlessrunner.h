#pragma once

#include <QObject>

#include "core/configuration.h"

class BrokerHost;

// Runs the broker without a window until SIGINT/SIGTERM; a second signal exits at once.
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)

public:
    explicit HeadlessRunner(QObject *parent = nullptr);
    void start(const Configuration &config);

private:
    void onTermination(int signalNumber);

    BrokerHost *m_host = nullptr;
    bool m_terminating = false;
};
