#include "ledger/usagemath.h"

#include <QRegularExpression>
#include <QTimeZone>

qint64 UsageMath::minutesFor(qint64 durationMs)
{
    if (durationMs <= 0)
        return 1;
    return (durationMs + MinuteMs - 1) / MinuteMs;
}

QString UsageMath::minutesSql(const QString &durationMsExpression)
{
    // Integer division in SQLite truncates, as in C++, so this mirrors minutesFor() exactly.
    return QStringLiteral("MAX(1, (MAX(0, (%1)) + %2) / %3)")
        .arg(durationMsExpression)
        .arg(MinuteMs - 1)
        .arg(MinuteMs);
}

QString UsageMath::monthOf(qint64 startedMs)
{
    return QDateTime::fromMSecsSinceEpoch(startedMs, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM"));
}

QString UsageMath::dayOf(qint64 startedMs)
{
    return QDateTime::fromMSecsSinceEpoch(startedMs, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd"));
}

bool UsageMath::monthRange(const QString &month, qint64 *beginMs, qint64 *endMs)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4})-(\\d{2})$"));
    const QRegularExpressionMatch match = pattern.match(month);
    if (!match.hasMatch())
        return false;
    const int year = match.captured(1).toInt();
    const int number = match.captured(2).toInt();
    if (year < 1970 || number < 1 || number > 12)
        return false;
    const QDate first(year, number, 1);
    *beginMs = QDateTime(first, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    *endMs = QDateTime(first.addMonths(1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    return true;
}

qint64 UsageMath::monthStartBefore(qint64 nowMs, int monthsBack)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date();
    const QDate first = QDate(today.year(), today.month(), 1).addMonths(-monthsBack);
    return QDateTime(first, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

QString UsageMath::millions(qint64 minutes)
{
    return QStringLiteral("%1.%2")
        .arg(minutes / 1'000'000)
        .arg(minutes % 1'000'000, 6, 10, QLatin1Char('0'));
}
