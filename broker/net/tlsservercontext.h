#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

typedef struct ssl_ctx_st SSL_CTX;

// The OpenSSL server context of the client-facing TLS listener. load() builds a fresh context
// from the PEM files; a failed load leaves the previous one in force. Each accepted connection
// takes a reference to the context current at its accept (SSL_new), so a reload changes what
// new handshakes present and nothing else.
class TlsServerContext final
{
    Q_DISABLE_COPY_MOVE(TlsServerContext)

public:
    TlsServerContext() = default;
    ~TlsServerContext();

    // False with errorString() naming the file and what is wrong with it: missing or
    // unreadable, not PEM, a key that does not match the certificate, expired, not yet valid.
    bool load(const QString &certFile, const QString &keyFile);
    QString errorString() const { return m_error; }

    SSL_CTX *context() const { return m_context; }
    QDateTime notAfter() const { return m_notAfter; }
    QByteArray subject() const { return m_subject; }

private:
    SSL_CTX *m_context = nullptr;
    QString m_error;
    QDateTime m_notAfter;
    QByteArray m_subject;
};
