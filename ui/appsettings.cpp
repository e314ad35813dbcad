#include "appsettings.h"

#include <QSettings>

#include "core/configuration.h"
#include "core/listenaddress.h"
#include "ledger/ledgerconfig.h"
#include "privatesettingsfile.h"

AppSettings AppSettings::load()
{
    QSettings settings(QStringLiteral("holdfast"), QStringLiteral("holdfast"));
    AppSettings out;
    out.listen = settings.value(QStringLiteral("broker/listen")).toString();
    out.publishListen = settings.value(QStringLiteral("broker/publishListen")).toString();
    out.publishKey = settings.value(QStringLiteral("broker/publishKey")).toString();
    out.sigKey = settings.value(QStringLiteral("broker/sigKey")).toString();
    out.sigIssuer = settings.value(QStringLiteral("broker/sigIssuer")).toString();
    out.ledgerPath = settings.value(QStringLiteral("ledger/path")).toString();
    out.language = settings.value(QStringLiteral("ui/language")).toString();
    out.tlsEnabled = settings.value(QStringLiteral("tls/enabled"), false).toBool();
    out.tlsListen = settings.value(QStringLiteral("tls/listen")).toString();
    out.tlsCertFile = settings.value(QStringLiteral("tls/certFile")).toString();
    out.tlsKeyFile = settings.value(QStringLiteral("tls/keyFile")).toString();
    return out;
}

void AppSettings::save() const
{
    QSettings settings(QStringLiteral("holdfast"), QStringLiteral("holdfast"));
    QString error;
    if (!PrivateSettingsFile::prepare(settings.fileName(), &error))
        qWarning("holdfast: %s", qPrintable(error));
    settings.setValue(QStringLiteral("broker/listen"), listen);
    settings.setValue(QStringLiteral("broker/publishListen"), publishListen);
    settings.setValue(QStringLiteral("broker/publishKey"), publishKey);
    settings.setValue(QStringLiteral("broker/sigKey"), sigKey);
    settings.setValue(QStringLiteral("broker/sigIssuer"), sigIssuer);
    settings.setValue(QStringLiteral("ledger/path"), ledgerPath);
    settings.setValue(QStringLiteral("ui/language"), language);
    settings.setValue(QStringLiteral("tls/enabled"), tlsEnabled);
    settings.setValue(QStringLiteral("tls/listen"), tlsListen);
    settings.setValue(QStringLiteral("tls/certFile"), tlsCertFile);
    settings.setValue(QStringLiteral("tls/keyFile"), tlsKeyFile);
    settings.sync();
}

void AppSettings::applyTo(Configuration *config, LedgerConfig *ledger,
                          const QStringList &givenOptions) const
{
    const auto use = [&givenOptions](const QString &value, const char *option) {
        return !value.isEmpty() && !givenOptions.contains(QLatin1String(option));
    };
    if (config) {
        if (use(listen, "listen"))
            ListenAddress::parse(listen, &config->listenAddress, &config->listenPort);
        if (use(publishListen, "publish-listen"))
            ListenAddress::parse(publishListen, &config->publishAddress, &config->publishPort);
        if (use(publishKey, "publish-key"))
            config->publishKey = publishKey.toUtf8();
        if (use(sigKey, "sig-key"))
            config->sigKey = sigKey.toUtf8();
        if (use(sigIssuer, "sig-iss"))
            config->sigIssuer = sigIssuer.toUtf8();
        // The three TLS options go together: a certificate from the command line with a saved
        // key (or the reverse) would be a pair nobody chose.
        const bool tlsGiven = givenOptions.contains(QLatin1String("tls-listen")) ||
                              givenOptions.contains(QLatin1String("cert")) ||
                              givenOptions.contains(QLatin1String("key"));
        if (!tlsGiven && tlsEnabled) {
            if (!tlsListen.isEmpty())
                ListenAddress::parse(tlsListen, &config->tlsListenAddress, &config->tlsListenPort);
            config->tlsCertFile = tlsCertFile;
            config->tlsKeyFile = tlsKeyFile;
        } else if (!tlsGiven) {
            // Switched off in the dialog: the next start runs without the listener.
            config->tlsCertFile.clear();
            config->tlsKeyFile.clear();
        }
    }
    if (ledger && use(ledgerPath, "ledger"))
        ledger->path = ledgerPath;
}

bool AppSettings::operator==(const AppSettings &other) const
{
    return listen == other.listen && publishListen == other.publishListen &&
           publishKey == other.publishKey && sigKey == other.sigKey &&
           sigIssuer == other.sigIssuer && ledgerPath == other.ledgerPath &&
           language == other.language && tlsEnabled == other.tlsEnabled &&
           tlsListen == other.tlsListen && tlsCertFile == other.tlsCertFile &&
           tlsKeyFile == other.tlsKeyFile;
}
