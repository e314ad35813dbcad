#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// Which language the console and the command line speak: --lang, else the saved setting, else the
// system's UI languages; English when none of them is translated. The .qm files are embedded
// under :/i18n, Qt's own (qtbase_xx.qm, standard buttons and dialogs) come from Qt's
// translations directory when the system has them.
class UiLanguage final
{
    Q_DECLARE_TR_FUNCTIONS(UiLanguage)

public:
    // "en", "de", "ja": the languages Holdfast is translated into.
    static QStringList available();
    // requested: --lang or the saved setting, empty for the system's choice.
    static QString choose(const QString &requested, const QStringList &systemLanguages);
    // Installs the translators on the running application and returns the language in use.
    // An explicit choice also sets the default QLocale, so numbers and dates match the words.
    static QString install(const QString &requested);
    // "Deutsch", "日本語": each language by its own name, as pickers show them.
    static QString nativeName(const QString &language);
};
