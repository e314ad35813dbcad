#include "logpage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "localeformat.h"

LogPage::LogPage(QWidget *parent) : QWidget(parent)
{
    auto layout = new QVBoxLayout(this);
    auto bar = new QHBoxLayout;
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("logLevel"));
    m_level->addItem(tr("All levels"), int(Level::Info));
    m_level->addItem(tr("Warnings and errors"), int(Level::Warning));
    m_level->addItem(tr("Errors"), int(Level::Error));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Search the log"));
    m_search->setClearButtonEnabled(true);
    auto levelLabel = new QLabel(tr("&Level:"), this);
    levelLabel->setBuddy(m_level);
    bar->addWidget(levelLabel);
    bar->addWidget(m_level);
    bar->addWidget(m_search, 1);
    layout->addLayout(bar);
    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("log"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(MaxEntries);
    m_view->setPlaceholderText(tr("Connection events appear here."));
    layout->addWidget(m_view);
    connect(m_level, &QComboBox::currentIndexChanged, this, &LogPage::rebuild);
    connect(m_search, &QLineEdit::textChanged, this, &LogPage::rebuild);
}

LogPage::~LogPage() = default;

bool LogPage::accepts(const Entry &entry) const
{
    if (int(entry.level) < m_level->currentData().toInt())
        return false;
    return m_search->text().isEmpty() || entry.text.contains(m_search->text(), Qt::CaseInsensitive);
}

QString LogPage::format(const Entry &entry) const
{
    QString level;
    switch (entry.level) {
    case Level::Info:
        break;
    case Level::Warning:
        level = tr("warning: ");
        break;
    case Level::Error:
        level = tr("error: ");
        break;
    }
    return LocaleFormat::time(entry.time.time()) + QLatin1Char(' ') + level + entry.text;
}

void LogPage::append(Level level, const QString &text)
{
    m_entries.append({QDateTime::currentDateTime(), level, text});
    if (m_entries.size() > MaxEntries)
        m_entries.removeFirst();
    if (accepts(m_entries.last()))
        m_view->appendPlainText(format(m_entries.last()));
}

void LogPage::rebuild()
{
    QStringList lines;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (accepts(entry))
            lines << format(entry);
    }
    m_view->setPlainText(lines.join(QLatin1Char('\n')));
    m_view->moveCursor(QTextCursor::End);
}
