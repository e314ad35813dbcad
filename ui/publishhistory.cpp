#include "publishhistory.h"

#include <QSettings>

namespace {
const QString Key = QStringLiteral("publish/history");
}

PublishHistory::PublishHistory()
{
    QSettings settings;
    const QVariantList list = settings.value(Key).toList();
    for (const QVariant &value : list) {
        const QVariantMap map = value.toMap();
        Entry entry;
        entry.sentUtc = map.value(QStringLiteral("sent")).toDateTime();
        entry.url = map.value(QStringLiteral("url")).toString();
        entry.body = map.value(QStringLiteral("body")).toByteArray();
        entry.status = map.value(QStringLiteral("status")).toInt();
        if (!entry.body.isEmpty())
            m_entries.append(entry);
    }
}

void PublishHistory::add(const Entry &entry)
{
    m_entries.prepend(entry);
    if (m_entries.size() > MaxEntries)
        m_entries.resize(MaxEntries);
    save();
}

void PublishHistory::clear()
{
    m_entries.clear();
    save();
}

void PublishHistory::save() const
{
    QVariantList list;
    for (const Entry &entry : m_entries) {
        list.append(QVariantMap{{QStringLiteral("sent"), entry.sentUtc},
                                {QStringLiteral("url"), entry.url},
                                {QStringLiteral("body"), entry.body},
                                {QStringLiteral("status"), entry.status}});
    }
    QSettings settings;
    settings.setValue(Key, list);
}
