#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

struct Configuration;
struct LedgerConfig;

// The console's saved settings (QSettings "holdfast"/"holdfast"). Empty values mean "the
// default"; applyTo() leaves alone whatever the command line set for this run.
struct AppSettings
{
    QString listen;        // "address:port"
    QString publishListen; // "address:port"
    QString publishKey;
    QString sigKey;
    QString sigIssuer;
    QString ledgerPath;
    QString language; // "de", "ja", "en"; empty: the system's (used at the next start)
    // The client TLS listener (https://, wss://); off unless enabled with a certificate and key.
    bool tlsEnabled = false;
    QString tlsListen; // "address:port"; empty: 127.0.0.1:7443
    QString tlsCertFile;
    QString tlsKeyFile;

    static AppSettings load();
    void save() const;
    // givenOptions: the long option names given on the command line ("listen", "sig-key", ...).
    void applyTo(Configuration *config, LedgerConfig *ledger,
                 const QStringList &givenOptions) const;

    bool operator==(const AppSettings &other) const;
};
