#pragma once

#include <QDateTime>
#include <QList>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

// Broker events with a level filter and a search; the newest MaxEntries are kept.
class LogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogPage)

public:
    enum class Level
    {
        Info,
        Warning,
        Error
    };
    static constexpr int MaxEntries = 5000;

    explicit LogPage(QWidget *parent = nullptr);
    ~LogPage() override;

    void append(Level level, const QString &text);

private:
    struct Entry
    {
        QDateTime time;
        Level level;
        QString text;
    };
    bool accepts(const Entry &entry) const;
    QString format(const Entry &entry) const;
    void rebuild();

    QComboBox *m_level = nullptr;
    QLineEdit *m_search = nullptr;
    QPlainTextEdit *m_view = nullptr;
    QList<Entry> m_entries;
};
