#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

// Publishes sent from the composer, newest first, kept across restarts in QSettings.
class PublishHistory final
{
public:
    struct Entry
    {
        QDateTime sentUtc;
        QString url;
        QByteArray body;
        int status = 0; // HTTP status, 0 when no answer came
    };
    static constexpr int MaxEntries = 50;

    PublishHistory();
    void add(const Entry &entry); // stored at once
    const QList<Entry> &entries() const { return m_entries; }
    void clear();

private:
    void save() const;

    QList<Entry> m_entries;
};
