#include "testcerts.h"

#include <memory>

#include <QFile>
#include <QtDebug>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace {

struct OpenSslDeleter
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter>;
using CertPtr = std::unique_ptr<X509, OpenSslDeleter>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter>;

void warnOpenSsl(const char *what)
{
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof(buffer));
    qWarning("TestCerts: %s failed: %s", what, buffer);
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.constData()));
    if (!ext || !X509_add_ext(cert, ext.get(), -1)) {
        warnOpenSsl(OBJ_nid2sn(nid));
        return false;
    }
    return true;
}

// A certificate for key with the given subject; issuer null means self-signed.
CertPtr newCertificate(EVP_PKEY *key, const QByteArray &commonName, X509 *issuer)
{
    CertPtr cert(X509_new());
    if (!cert)
        return nullptr;
    X509_set_version(cert.get(), 2); // v3, needed for extensions
    // A random serial: verifiers reject two certificates from one issuer with the same serial.
    unsigned char serial[16];
    RAND_bytes(serial, sizeof(serial));
    serial[0] &= 0x7F; // keep it positive
    BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>("Holdfast tests"), -1, -1,
                               0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(commonName.constData()),
                               int(commonName.size()), -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    if (!X509_set_pubkey(cert.get(), key)) {
        warnOpenSsl("X509_set_pubkey");
        return nullptr;
    }
    return cert;
}

TestCertificate toPem(X509 *cert, EVP_PKEY *key)
{
    BioPtr certBio(BIO_new(BIO_s_mem()));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_X509(certBio.get(), cert) ||
        !PEM_write_bio_PrivateKey(keyBio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) {
        warnOpenSsl("PEM_write");
        return {};
    }
    return {bioContents(certBio.get()), bioContents(keyBio.get())};
}

KeyPtr newKey()
{
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        warnOpenSsl("EVP_EC_gen");
    return key;
}

} // namespace

TestCertificate TestCerts::makeCa(const QByteArray &commonName)
{
    KeyPtr key = newKey();
    if (!key)
        return {};
    CertPtr cert = newCertificate(key.get(), commonName, nullptr);
    if (!cert)
        return {};
    if (!addExtension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !addExtension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
        !addExtension(cert.get(), cert.get(), NID_subject_key_identifier, "hash")) {
        return {};
    }
    if (!X509_sign(cert.get(), key.get(), EVP_sha256())) {
        warnOpenSsl("X509_sign");
        return {};
    }
    return toPem(cert.get(), key.get());
}

TestCertificate TestCerts::makeServer(const TestCertificate &ca, const QByteArray &commonName,
                                      const QList<QByteArray> &dnsNames,
                                      const QList<QByteArray> &ipAddresses)
{
    BioPtr caCertBio(BIO_new_mem_buf(ca.certPem.constData(), int(ca.certPem.size())));
    BioPtr caKeyBio(BIO_new_mem_buf(ca.keyPem.constData(), int(ca.keyPem.size())));
    CertPtr caCert(PEM_read_bio_X509(caCertBio.get(), nullptr, nullptr, nullptr));
    KeyPtr caKey(PEM_read_bio_PrivateKey(caKeyBio.get(), nullptr, nullptr, nullptr));
    if (!caCert || !caKey) {
        warnOpenSsl("reading the CA");
        return {};
    }
    KeyPtr key = newKey();
    if (!key)
        return {};
    CertPtr cert = newCertificate(key.get(), commonName, caCert.get());
    if (!cert)
        return {};

    QList<QByteArray> names;
    for (const QByteArray &dns : dnsNames)
        names.append("DNS:" + dns);
    for (const QByteArray &ip : ipAddresses)
        names.append("IP:" + ip);
    X509 *c = cert.get();
    X509 *issuer = caCert.get();
    if (!addExtension(c, issuer, NID_basic_constraints, "critical,CA:FALSE") ||
        !addExtension(c, issuer, NID_key_usage, "critical,digitalSignature") ||
        !addExtension(c, issuer, NID_ext_key_usage, "serverAuth") ||
        !addExtension(c, issuer, NID_subject_key_identifier, "hash") ||
        !addExtension(c, issuer, NID_authority_key_identifier, "keyid:always") ||
        (!names.isEmpty() && !addExtension(c, issuer, NID_subject_alt_name, names.join(',')))) {
        return {};
    }
    if (!X509_sign(c, caKey.get(), EVP_sha256())) {
        warnOpenSsl("X509_sign");
        return {};
    }
    return toPem(c, key.get());
}

bool TestCerts::writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qWarning() << "TestCerts: cannot write" << path << file.errorString();
        return false;
    }
    return file.write(data) == data.size() && file.flush();
}
