#include "net/tlsclientcontext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {
QString lastOpenSslError()
{
    char text[256] = {};
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    return QString::fromLatin1(text);
}

SSL_CTX *makeClientContext()
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return nullptr;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // An origin that drops TCP without close_notify has simply closed, as for plain TCP.
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    // The relay hands SSL_write whatever part of a buffer the socket did not take.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                              SSL_MODE_RELEASE_BUFFERS);
    return ctx;
}
} // namespace

TlsClientContext::TlsClientContext(const QString &extraCaFile)
{
    m_verifying = makeClientContext();
    m_accepting = makeClientContext();
    if (!m_verifying || !m_accepting) {
        m_error = lastOpenSslError();
        return;
    }
    SSL_CTX_set_verify(m_verifying, SSL_VERIFY_PEER, nullptr);
    // Honours SSL_CERT_FILE / SSL_CERT_DIR like every other OpenSSL client on the system.
    SSL_CTX_set_default_verify_paths(m_verifying);
    if (!extraCaFile.isEmpty() &&
        SSL_CTX_load_verify_locations(m_verifying, extraCaFile.toLocal8Bit().constData(),
                                      nullptr) != 1) {
        m_error = QStringLiteral("cannot load CA file %1: %2").arg(extraCaFile, lastOpenSslError());
        SSL_CTX_free(m_verifying);
        m_verifying = nullptr;
    }
    SSL_CTX_set_verify(m_accepting, SSL_VERIFY_NONE, nullptr);
}

TlsClientContext::~TlsClientContext()
{
    SSL_CTX_free(m_verifying);
    SSL_CTX_free(m_accepting);
}
