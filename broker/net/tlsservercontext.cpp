#include "net/tlsservercontext.h"

#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <QFile>
#include <QFileInfo>

namespace {
QString lastOpenSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QString checkReadable(const QString &what, const QString &path)
{
    if (path.isEmpty())
        return QStringLiteral("no %1 file given").arg(what);
    const QFileInfo info(path);
    if (!info.exists())
        return QStringLiteral("%1 file %2 does not exist").arg(what, path);
    if (!info.isFile() || !info.isReadable())
        return QStringLiteral("%1 file %2 cannot be read").arg(what, path);
    return {};
}

struct ContextDeleter
{
    void operator()(SSL_CTX *context) const { SSL_CTX_free(context); }
};
} // namespace

TlsServerContext::~TlsServerContext()
{
    SSL_CTX_free(m_context);
}

bool TlsServerContext::load(const QString &certFile, const QString &keyFile)
{
    m_error = checkReadable(QStringLiteral("certificate"), certFile);
    if (m_error.isEmpty())
        m_error = checkReadable(QStringLiteral("key"), keyFile);
    if (!m_error.isEmpty())
        return false;
    ERR_clear_error();
    std::unique_ptr<SSL_CTX, ContextDeleter> context(SSL_CTX_new(TLS_server_method()));
    if (!context) {
        m_error = QStringLiteral("TLS set-up failed: %1").arg(lastOpenSslError());
        return false;
    }
    // OpenSSL's defaults for 1.2 and 1.3 are the modern set: ECDHE, AEAD ciphers, no
    // renegotiation; 1.0 and 1.1 are refused outright.
    SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
    SSL_CTX_set_options(context.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                           SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(context.get(), SSL_MODE_ENABLE_PARTIAL_WRITE |
                                        SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                                        SSL_MODE_RELEASE_BUFFERS);
    // Tickets keep resumption stateless; a reload starts a new ticket key, which only costs
    // returning clients one full handshake.
    SSL_CTX_set_session_cache_mode(context.get(), SSL_SESS_CACHE_OFF);
    const QByteArray certPath = QFile::encodeName(certFile);
    const QByteArray keyPath = QFile::encodeName(keyFile);
    if (SSL_CTX_use_certificate_chain_file(context.get(), certPath.constData()) != 1) {
        m_error = QStringLiteral("certificate file %1 holds no usable PEM certificate: %2")
                      .arg(certFile, lastOpenSslError());
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(context.get(), keyPath.constData(), SSL_FILETYPE_PEM) != 1) {
        const unsigned long code = ERR_peek_last_error();
        // OpenSSL checks the pair while loading the key and says so with this reason.
        if (ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH ||
            ERR_GET_REASON(code) == X509_R_KEY_TYPE_MISMATCH) {
            ERR_clear_error();
            m_error = QStringLiteral("key file %1 does not match the certificate in %2")
                          .arg(keyFile, certFile);
        } else {
            m_error = QStringLiteral("key file %1 holds no usable unencrypted PEM key: %2")
                          .arg(keyFile, lastOpenSslError());
        }
        return false;
    }
    if (SSL_CTX_check_private_key(context.get()) != 1) {
        ERR_clear_error();
        m_error = QStringLiteral("key file %1 does not match the certificate in %2")
                      .arg(keyFile, certFile);
        return false;
    }
    X509 *cert = SSL_CTX_get0_certificate(context.get());
    const QDateTime notBefore = toDateTime(X509_get0_notBefore(cert));
    const QDateTime notAfter = toDateTime(X509_get0_notAfter(cert));
    if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) {
        m_error = QStringLiteral("certificate in %1 expired on %2")
                      .arg(certFile, notAfter.toString(Qt::ISODate));
        return false;
    }
    if (X509_cmp_current_time(X509_get0_notBefore(cert)) >= 0) {
        m_error = QStringLiteral("certificate in %1 is not valid before %2")
                      .arg(certFile, notBefore.toString(Qt::ISODate));
        return false;
    }
    char subject[256] = {};
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    m_subject = QByteArray(subject);
    m_notAfter = notAfter;
    SSL_CTX_free(m_context);
    m_context = context.release();
    m_error.clear();
    return true;
}
