// The TSan stage's proof that it can fail (ctest: tsan_canary, TSan builds only). Two threads
// write one variable: the worker from a functor Qt runs through its queued-call machinery (the
// frames tests/sanitizers/tsan.supp names), then the main thread. The only thing between them is
// a QSemaphore, a futex TSan cannot see, so for TSan nothing orders the two writes, which makes
// the report deterministic (an ordinary race would be reported only when the timing shows it).
// If a suppression or option ever hides races in our own code reached that way, this test fails.
#include <QCoreApplication>
#include <QSemaphore>
#include <QThread>

namespace {
int sharedCounter = 0;

[[gnu::noinline]] void bumpUnordered()
{
    sharedCounter = sharedCounter + 1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QThread worker;
    worker.start();
    QObject target;
    target.moveToThread(&worker);
    QSemaphore bumped;
    QMetaObject::invokeMethod(
        &target,
        [&bumped] {
            bumpUnordered();
            bumped.release();
        },
        Qt::QueuedConnection);
    bumped.acquire();
    bumpUnordered();
    worker.quit();
    worker.wait();
    return sharedCounter == 2 ? 0 : 1; // TSan makes it 66 when it reports
}
