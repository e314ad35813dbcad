// TimerWheel on its own: when entries fire relative to their deadlines, across wheel rotations,
// in bulk, from inside callbacks, and that the wheel's QTimer only runs while entries are pending.
#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include "net/timerwheel.h"

namespace {
// TimerWheel::SlotCount: one rotation is this many ticks.
constexpr qint64 RotationTicks = 1024;
// Scheduling noise of a busy machine on top of the two ticks the wheel itself may add.
constexpr qint64 LatenessSlackMs = 40;
constexpr int Wait = 5000;

// The wheel calls a plain std::function; this turns each call into a signal that QSignalSpy can
// wait on, stamped with the wheel's own clock at the moment of the call.
class FireLog final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

Q_SIGNALS:
    void fired(quint64 id, quint32 kind, qint64 atMs);
};

struct Fired
{
    quint64 id;
    quint32 kind;
    qint64 atMs;
};

Fired firedAt(const QSignalSpy &spy, qsizetype index)
{
    const QList<QVariant> &args = spy.at(index);
    return Fired{args.at(0).toULongLong(), args.at(1).toUInt(), args.at(2).toLongLong()};
}

// Waits, bounded, until the spy has recorded count calls.
bool waitForCount(QSignalSpy &spy, qsizetype count, int timeoutMs = Wait)
{
    QElapsedTimer timer;
    timer.start();
    while (spy.count() < count) {
        const qint64 left = timeoutMs - timer.elapsed();
        if (left <= 0 || !spy.wait(int(left)))
            return spy.count() >= count;
    }
    return true;
}
} // namespace

class TestTimerWheel : public QObject
{
    Q_OBJECT

private:
    FireLog m_log;
    std::unique_ptr<TimerWheel> m_wheel;
    // Extra work for a callback to do (re-entrancy tests); runs after the signal.
    std::function<void(quint64, quint32)> m_then;

    TimerWheel *makeWheel(int tickMs)
    {
        m_wheel = std::make_unique<TimerWheel>(tickMs, [this](quint64 id, quint32 kind) {
            Q_EMIT m_log.fired(id, kind, m_wheel->nowMs());
            if (m_then)
                m_then(id, kind);
        });
        return m_wheel.get();
    }

    // The wheel drives itself with one child QTimer; it must only run while entries wait.
    QTimer *wheelTimer() const { return m_wheel->findChild<QTimer *>(); }

private Q_SLOTS:
    void cleanup()
    {
        m_then = nullptr;
        m_wheel.reset();
    }

    void firesAtItsDeadline_data()
    {
        QTest::addColumn<int>("tickMs");
        QTest::addColumn<qint64>("delayMs");

        QTest::addRow("tick 10, delay 1") << 10 << qint64(1);
        QTest::addRow("tick 10, delay 10") << 10 << qint64(10);
        QTest::addRow("tick 10, delay 25") << 10 << qint64(25);
        QTest::addRow("tick 10, delay 200") << 10 << qint64(200);
        QTest::addRow("tick 1, delay 7") << 1 << qint64(7);
        QTest::addRow("tick 1, delay 120") << 1 << qint64(120);
        QTest::addRow("tick 25, delay 60") << 25 << qint64(60);
        QTest::addRow("tick 100, delay 330") << 100 << qint64(330);
    }

    void firesAtItsDeadline()
    {
        QFETCH(int, tickMs);
        QFETCH(qint64, delayMs);
        TimerWheel *wheel = makeWheel(tickMs);
        QSignalSpy spy(&m_log, &FireLog::fired);
        const qint64 deadline = wheel->nowMs() + delayMs;
        wheel->schedule(42, 7, delayMs);
        QCOMPARE(wheel->pendingCount(), qsizetype(1));
        QVERIFY(waitForCount(spy, 1, int(delayMs) + Wait));
        const Fired fired = firedAt(spy, 0);
        QCOMPARE(fired.id, quint64(42));
        QCOMPARE(fired.kind, quint32(7));
        QVERIFY2(
            fired.atMs >= deadline,
            qPrintable(QStringLiteral("fired at %1, deadline %2").arg(fired.atMs).arg(deadline)));
        QVERIFY2(
            fired.atMs <= deadline + 2 * tickMs + LatenessSlackMs,
            qPrintable(QStringLiteral("fired at %1, deadline %2").arg(fired.atMs).arg(deadline)));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
    }

    void manyEntriesInOneTickAllFire()
    {
        TimerWheel *wheel = makeWheel(10);
        QSignalSpy spy(&m_log, &FireLog::fired);
        const int count = 5000;
        const qint64 deadline = wheel->nowMs() + 50;
        for (int i = 0; i < count; ++i)
            wheel->schedule(quint64(i), quint32(i % 3), 50);
        QCOMPARE(wheel->pendingCount(), qsizetype(count));
        QVERIFY(waitForCount(spy, count));
        std::set<quint64> ids;
        for (qsizetype i = 0; i < spy.count(); ++i) {
            const Fired fired = firedAt(spy, i);
            QVERIFY(fired.atMs >= deadline);
            QCOMPARE(fired.kind, quint32(fired.id % 3));
            ids.insert(fired.id);
        }
        QCOMPARE(qsizetype(ids.size()), qsizetype(count));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
        // Each entry once: nothing else arrives later.
        QVERIFY(!spy.wait(100));
        QCOMPARE(spy.count(), count);
    }

    void entriesBeyondOneRotation_data()
    {
        QTest::addColumn<int>("tickMs");
        QTest::addColumn<QList<qint64>>("delaysMs");

        // With a 1 ms tick a rotation is 1024 ms; 76 and 1100 share a slot, one rotation apart.
        QTest::addRow("one rotation")
            << 1 << QList<qint64>{76, RotationTicks + 1, 76 + RotationTicks};
        QTest::addRow("two rotations") << 1 << QList<qint64>{30, 30 + 2 * RotationTicks};
    }

    void entriesBeyondOneRotation()
    {
        QFETCH(int, tickMs);
        QFETCH(QList<qint64>, delaysMs);
        TimerWheel *wheel = makeWheel(tickMs);
        QSignalSpy spy(&m_log, &FireLog::fired);
        const qint64 start = wheel->nowMs();
        for (qsizetype i = 0; i < delaysMs.size(); ++i)
            wheel->schedule(quint64(i), 0, delaysMs.at(i));
        const qint64 longest = *std::max_element(delaysMs.cbegin(), delaysMs.cend());
        QVERIFY(waitForCount(spy, delaysMs.size(), int(longest) + Wait));
        for (qsizetype i = 0; i < spy.count(); ++i) {
            const Fired fired = firedAt(spy, i);
            const qint64 deadline = start + delaysMs.at(qsizetype(fired.id));
            // Firing a rotation early would put atMs about 1024 ticks before the deadline.
            QVERIFY2(fired.atMs >= deadline, qPrintable(QStringLiteral("entry %1 fired at %2, "
                                                                       "deadline %3")
                                                            .arg(fired.id)
                                                            .arg(fired.atMs)
                                                            .arg(deadline)));
            QVERIFY2(fired.atMs <= deadline + 2 * tickMs + LatenessSlackMs,
                     qPrintable(QStringLiteral("entry %1 fired at %2, deadline %3")
                                    .arg(fired.id)
                                    .arg(fired.atMs)
                                    .arg(deadline)));
        }
        // Shorter delays first.
        for (qsizetype i = 1; i < spy.count(); ++i)
            QVERIFY(delaysMs.at(qsizetype(firedAt(spy, i - 1).id)) <=
                    delaysMs.at(qsizetype(firedAt(spy, i).id)));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
    }

    void zeroAndNegativeDelaysFireOnTheNextTick_data()
    {
        QTest::addColumn<int>("tickMs");
        QTest::addColumn<qint64>("delayMs");

        QTest::addRow("zero") << 20 << qint64(0);
        QTest::addRow("minus one") << 20 << qint64(-1);
        QTest::addRow("far in the past") << 20 << qint64(-1'000'000);
        QTest::addRow("zero, 1 ms tick") << 1 << qint64(0);
    }

    void zeroAndNegativeDelaysFireOnTheNextTick()
    {
        QFETCH(int, tickMs);
        QFETCH(qint64, delayMs);
        TimerWheel *wheel = makeWheel(tickMs);
        QSignalSpy spy(&m_log, &FireLog::fired);
        const qint64 scheduledAt = wheel->nowMs();
        wheel->schedule(1, 2, delayMs);
        // Never from inside schedule(): callers may hold state they are still changing.
        QCOMPARE(spy.count(), 0);
        QCOMPARE(wheel->pendingCount(), qsizetype(1));
        QVERIFY(waitForCount(spy, 1));
        const Fired fired = firedAt(spy, 0);
        QCOMPARE(fired.id, quint64(1));
        QVERIFY(fired.atMs >= scheduledAt);
        QVERIFY2(
            fired.atMs <= scheduledAt + 2 * tickMs + LatenessSlackMs,
            qPrintable(
                QStringLiteral("scheduled at %1, fired at %2").arg(scheduledAt).arg(fired.atMs)));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
    }

    void timerRunsOnlyWhileEntriesArePending()
    {
        TimerWheel *wheel = makeWheel(5);
        QTimer *timer = wheelTimer();
        QVERIFY2(timer, "TimerWheel is expected to drive itself with a child QTimer");
        QVERIFY(!timer->isActive());
        QCOMPARE(wheel->pendingCount(), qsizetype(0));

        QSignalSpy spy(&m_log, &FireLog::fired);
        wheel->schedule(1, 0, 10);
        wheel->schedule(2, 0, 40);
        wheel->schedule(3, 0, 80);
        QCOMPARE(wheel->pendingCount(), qsizetype(3));
        QVERIFY(timer->isActive());
        QVERIFY(waitForCount(spy, 1));
        QTRY_COMPARE_WITH_TIMEOUT(wheel->pendingCount(), qsizetype(3) - spy.count(), Wait);
        QVERIFY(timer->isActive() || spy.count() == 3);
        QVERIFY(waitForCount(spy, 3));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
        QVERIFY(!timer->isActive());

        // Idle for longer than a rotation, then used again: still on time.
        QTest::qWait(int(5 * RotationTicks / 4)); // wall time must pass; nothing to wait on
        QCOMPARE(spy.count(), 3);
        const qint64 deadline = wheel->nowMs() + 30;
        wheel->schedule(4, 0, 30);
        QVERIFY(timer->isActive());
        QVERIFY(waitForCount(spy, 4));
        QVERIFY(firedAt(spy, 3).atMs >= deadline);
        QVERIFY(firedAt(spy, 3).atMs <= deadline + 2 * 5 + LatenessSlackMs);
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
        QVERIFY(!timer->isActive());
    }

    void callbacksMayScheduleAgain_data()
    {
        QTest::addColumn<qint64>("delayMs");

        QTest::addRow("delay 0") << qint64(0);
        QTest::addRow("delay 15") << qint64(15);
    }

    void callbacksMayScheduleAgain()
    {
        QFETCH(qint64, delayMs);
        const int tickMs = 5;
        const int chain = 20;
        TimerWheel *wheel = makeWheel(tickMs);
        QSignalSpy spy(&m_log, &FireLog::fired);
        bool inCallback = false;
        bool nested = false;
        QList<qint64> deadlines;
        m_then = [&](quint64 id, quint32) {
            nested = nested || inCallback;
            inCallback = true;
            if (id + 1 < quint64(chain)) {
                deadlines.append(wheel->nowMs() + delayMs);
                // The last entry fired, so the wheel was empty and its timer stopped: this
                // must start it again.
                wheel->schedule(id + 1, 0, delayMs);
                QCOMPARE(wheel->pendingCount(), qsizetype(1));
            }
            inCallback = false;
        };
        QElapsedTimer elapsed;
        elapsed.start();
        deadlines.append(wheel->nowMs() + delayMs);
        wheel->schedule(0, 0, delayMs);
        QVERIFY(waitForCount(spy, chain, chain * (int(delayMs) + 100) + Wait));
        QVERIFY(!nested);
        for (int i = 0; i < chain; ++i) {
            const Fired fired = firedAt(spy, i);
            QCOMPARE(fired.id, quint64(i));
            QVERIFY(fired.atMs >= deadlines.at(i));
        }
        // Each entry scheduled from a callback lands at least one tick later, never in the
        // round that is running, so the chain cannot finish faster than this.
        QVERIFY2(elapsed.elapsed() >= (chain - 1) * qMax<qint64>(delayMs, tickMs - 1),
                 qPrintable(QString::number(elapsed.elapsed())));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
        QVERIFY(!spy.wait(50));
        QCOMPARE(spy.count(), chain);
    }

    void callbackSchedulesManyWhileOthersArePending()
    {
        TimerWheel *wheel = makeWheel(2);
        QSignalSpy spy(&m_log, &FireLog::fired);
        // Entry 0 fans out into 100 entries, some due at once, some later; entry 1 is pending
        // meanwhile and must be unaffected.
        m_then = [&](quint64 id, quint32 kind) {
            if (id != 0)
                return;
            for (quint64 i = 0; i < 100; ++i)
                wheel->schedule(100 + i, kind + 1, qint64(i % 5) * 7);
        };
        wheel->schedule(0, 0, 10);
        const qint64 deadline1 = wheel->nowMs() + 60;
        wheel->schedule(1, 9, 60);
        QVERIFY(waitForCount(spy, 102));
        std::set<quint64> ids;
        for (qsizetype i = 0; i < spy.count(); ++i) {
            const Fired fired = firedAt(spy, i);
            ids.insert(fired.id);
            if (fired.id == 1) {
                QCOMPARE(fired.kind, quint32(9));
                QVERIFY(fired.atMs >= deadline1);
            } else if (fired.id >= 100) {
                QCOMPARE(fired.kind, quint32(1));
            }
        }
        QCOMPARE(qsizetype(ids.size()), qsizetype(102));
        QCOMPARE(wheel->pendingCount(), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestTimerWheel)
#include "tst_timerwheel.moc"
