#include "uilanguage.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {
const QString TranslatorName = QStringLiteral("holdfast.i18n");
}

QStringList UiLanguage::available()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("ja")};
}

QString UiLanguage::choose(const QString &requested, const QStringList &systemLanguages)
{
    const QStringList known = available();
    if (known.contains(requested))
        return requested;
    // uiLanguages() lists "de-AT", "de", "en-US", ... best first; the first we know wins.
    for (const QString &language : systemLanguages) {
        const QString code = language.section(QLatin1Char('-'), 0, 0).toLower();
        if (known.contains(code))
            return code;
    }
    return QStringLiteral("en");
}

QString UiLanguage::install(const QString &requested)
{
    QCoreApplication *app = QCoreApplication::instance();
    // A second call replaces the first one's translators rather than stacking on them.
    const auto old = app->findChildren<QTranslator *>(TranslatorName, Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : old) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    const QString language = choose(requested, QLocale::system().uiLanguages());
    // The system's own locale (say de_AT) formats better than a bare QLocale("de"); only a
    // language the system does not speak brings its default formats.
    const bool foreign = QLocale::system().language() != QLocale(language).language();
    QLocale::setDefault(foreign ? QLocale(language) : QLocale::system());
    const auto add = [app](const QString &name, const QString &directory) {
        auto translator = new QTranslator(app);
        translator->setObjectName(TranslatorName);
        if (translator->load(name, directory))
            QCoreApplication::installTranslator(translator);
        else
            delete translator;
    };
    // English needs its file too: it holds the plural forms ("1 connection").
    add(QStringLiteral("holdfast_") + language, QStringLiteral(":/i18n"));
    add(QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return language;
}

QString UiLanguage::nativeName(const QString &language)
{
    // QLocale calls "en" "American English"; the picker means the language.
    if (language == QLatin1String("en"))
        return QStringLiteral("English");
    const QString name = QLocale(language).nativeLanguageName();
    return name.isEmpty() ? language : name;
}
