#pragma once

#include <QDateTime>
#include <QString>

// Dates and times as the default QLocale writes them, with seconds: the console's tables and log
// show events a few seconds apart, which QLocale's short time format would merge.
class LocaleFormat final
{
public:
    // In when's own time zone (callers pick local or UTC), e.g. "23.11.26 07:42:05" (de),
    // "2026/11/23 7:42:05" (ja).
    static QString dateTime(const QDateTime &when);
    static QString time(const QTime &when);
    // "0.000007" (an exact decimal from UsageMath) with the locale's decimal point: "0,000007".
    static QString decimal(const QString &cDecimal);
    // The locale's short time format with seconds added where it has none.
    static QString timeFormat();
};
