// The TSan stage's proof that it can fail (ctest: tsan_canary, TSan builds only). Two threads
// write one variable without any ordering: the worker from a functor Qt runs through its queued
// call machinery, the same frames tests/sanitizers/tsan.supp names, the main thread right after
// posting it. TSan must report the race; if a suppression or option ever hides races in our own
// code reached that way, this test fails.
#include <QCoreApplication>
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
    QMetaObject::invokeMethod(
        &target, [] { bumpUnordered(); }, Qt::QueuedConnection);
    bumpUnordered();
    // Queued calls run in order: once this returns, the worker has bumped too.
    QMetaObject::invokeMethod(
        &target, [] {}, Qt::BlockingQueuedConnection);
    worker.quit();
    worker.wait();
    return sharedCounter == 2 ? 0 : 1; // TSan makes it 66 when it reports
}
