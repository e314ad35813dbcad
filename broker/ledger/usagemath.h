#pragma once

#include <QDateTime>
#include <QString>

// The billing arithmetic of the ledger, in one place. The report computes the same rule in SQL
// (minutesSql), and the tests check that both agree at every edge.
class UsageMath
{
public:
    static constexpr qint64 MinuteMs = 60'000;

    // Usage minutes of one connection: its duration rounded up to whole minutes, and at least one.
    // Timestamps have millisecond resolution, so a 0 ms duration means "under a millisecond", not
    // "no connection"; like Pushpin's connection_minute, a connection counts one minute as soon as
    // it exists. A negative duration (the clock stepped back) counts as that one minute.
    static qint64 minutesFor(qint64 durationMs);
    // The same rule as an SQLite expression over an integer duration expression in ms.
    static QString minutesSql(const QString &durationMsExpression);

    // "YYYY-MM" of the UTC month a connection started in: the month it is billed to, whole.
    static QString monthOf(qint64 startedMs);
    static QString dayOf(qint64 startedMs); // "YYYY-MM-DD", UTC
    // Parses "YYYY-MM" into [first ms of the month, first ms of the next month), UTC.
    static bool monthRange(const QString &month, qint64 *beginMs, qint64 *endMs);
    // First ms (UTC) of the month `monthsBack` months before the one holding nowMs.
    static qint64 monthStartBefore(qint64 nowMs, int monthsBack);
    // "1.234567" for 1234567 minutes: exact, six decimals, no floating point.
    static QString millions(qint64 minutes);
};
