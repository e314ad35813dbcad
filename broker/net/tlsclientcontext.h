#pragma once

#include <QByteArray>
#include <QString>

typedef struct ssl_ctx_st SSL_CTX;

// The OpenSSL client contexts one I/O thread uses towards origins: one that verifies the origin's
// certificate against the system trust store (plus an optional extra CA file), and one for routes
// marked `insecure`, which accepts any certificate.
class TlsClientContext final
{
    Q_DISABLE_COPY_MOVE(TlsClientContext)

public:
    explicit TlsClientContext(const QString &extraCaFile = {});
    ~TlsClientContext();

    bool isValid() const { return m_verifying && m_accepting; }
    QString errorString() const { return m_error; }
    SSL_CTX *context(bool verifyPeer) const { return verifyPeer ? m_verifying : m_accepting; }

private:
    SSL_CTX *m_verifying = nullptr;
    SSL_CTX *m_accepting = nullptr;
    QString m_error;
};
