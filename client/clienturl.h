#pragma once

#include <QByteArray>
#include <QString>

// An http(s):// or ws(s):// URL taken apart for a client connection. ws and http are the same
// on the wire up to the upgrade, so either scheme works with every transport.
struct ClientUrl
{
    QString error;         // empty when the URL is usable
    QByteArray host;       // without brackets; what TLS sends as SNI and checks the cert against
    QByteArray hostHeader; // host, bracketed if IPv6, ":port" unless the scheme's default
    QByteArray target;     // path and query, at least "/"
    quint16 port = 0;
    bool tls = false;

    bool isValid() const { return error.isEmpty(); }
    static ClientUrl parse(const QString &text);
};
