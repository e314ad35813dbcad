#include "localeformat.h"

#include <QLocale>

QString LocaleFormat::timeFormat()
{
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("ss"))) {
        const qsizetype minutes = format.indexOf(QLatin1String("mm"));
        if (minutes >= 0)
            format.insert(minutes + 2, QLatin1String(":ss"));
    }
    return format;
}

QString LocaleFormat::dateTime(const QDateTime &when)
{
    const QLocale locale;
    return locale.toString(when, locale.dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') +
                                     timeFormat());
}

QString LocaleFormat::decimal(const QString &cDecimal)
{
    return QString(cDecimal).replace(QLatin1Char('.'), QLocale().decimalPoint());
}

QString LocaleFormat::time(const QTime &when)
{
    return QLocale().toString(when, timeFormat());
}
