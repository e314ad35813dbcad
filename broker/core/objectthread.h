#pragma once

#include <functional>
#include <utility>

#include <QObject>
#include <QString>
#include <QThread>

#include "core/threadhandoff.h"

// A root object on a thread of its own (Qt's worker-object pattern, written once): start() moves
// the object there and starts the thread; the object is deleted on that thread when it ends.
// post() queues a call to run there, ordered for ThreadSanitizer (threadhandoff), so the data a
// call captures is seen as handed over, not raced. Lives in the owner's thread.
class ObjectThread final
{
    Q_DISABLE_COPY_MOVE(ObjectThread)

public:
    ObjectThread() = default;
    // A thread still running at destruction is ended here without waiting for any goodbye.
    ~ObjectThread() { finish(); }

    // Takes ownership of object (no parent) and runs it on a new thread named name.
    void start(QObject *object, const QString &name)
    {
        Q_ASSERT(!m_thread && object && !object->parent());
        m_thread = new QThread;
        m_thread->setObjectName(name);
        m_object = object;
        object->moveToThread(m_thread);
        QObject::connect(m_thread, &QThread::finished, object, &QObject::deleteLater);
        m_thread->start();
    }

    bool isRunning() const { return m_thread != nullptr; }
    QObject *object() const { return m_object; }

    // Runs call on the object's thread, after what was posted before. Nothing runs once the
    // thread is finishing or finished.
    void post(std::function<void()> call) const
    {
        if (!m_object)
            return;
        QMetaObject::invokeMethod(m_object, Posted{std::move(call), {}}, Qt::QueuedConnection);
    }

    // Ends the thread's event loop, waits for it (the object is deleted there on the way out).
    void finish()
    {
        if (!m_thread)
            return;
        QThread *thread = m_thread;
        m_thread = nullptr;
        m_object = nullptr;
        thread->quit();
        thread->wait();
        delete thread;
    }

private:
    inline static threadhandoff::Token s_posted;

    // The call as Qt keeps it until it runs. The hand-off member comes last, so its release
    // follows every write of the copy Qt makes inside invokeMethod (a release before the call
    // would miss that copy); the call acquires before it reads anything.
    struct Posted
    {
        std::function<void()> call;
        threadhandoff::ReleaseOnCopy<s_posted> handOff;

        void operator()()
        {
            threadhandoff::acquire(s_posted);
            call();
        }
    };

    QThread *m_thread = nullptr;
    // Deleted only when the thread ends, which finish() alone brings about.
    QObject *m_object = nullptr;
};
