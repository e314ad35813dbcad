#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT and SIGTERM (and SIGHUP, as its own signal) into a Qt signal through a self-pipe, so
// shutdown runs in the event loop rather than in a signal handler.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);
    void reloadRequested();

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};
