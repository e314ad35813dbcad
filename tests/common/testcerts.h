#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

struct TestCertificate
{
    QByteArray certPem;
    QByteArray keyPem; // unencrypted PKCS#8
    bool isNull() const { return certPem.isEmpty() || keyPem.isEmpty(); }
};

// Certificates made at test time with OpenSSL, so nothing checked in can expire.
// Keys are EC P-256: fast to generate and accepted by Qt, OpenSSL and Python's ssl module.
// Every certificate is valid from an hour ago (clock skew) to a day from now.
// On any OpenSSL failure the result is null (empty PEMs), with the reason logged by qWarning.
class TestCerts
{
public:
    // basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign.
    static TestCertificate makeCa(const QByteArray &commonName);
    // Signed by ca; SAN DNS + IP entries, extendedKeyUsage serverAuth, CA:FALSE.
    static TestCertificate makeServer(const TestCertificate &ca, const QByteArray &commonName,
                                      const QList<QByteArray> &dnsNames,
                                      const QList<QByteArray> &ipAddresses);
    static bool writeFile(const QString &path, const QByteArray &data);
};
