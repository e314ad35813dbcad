#include "grip/gripsigner.h"

#include <cctype>
#include <cstring>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace {

constexpr int es256PartBytes = 32; // P-256 r and s are 32 bytes each in the JOSE form

// Broker threads share OpenSSL's per-thread error queue with their TLS streams, whose
// SSL_get_error() reads that queue; a stale entry from a failed key load would be misread there.
QString takeOpenSslError()
{
    const unsigned long code = ERR_peek_last_error();
    QString text;
    if (code != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = QString::fromLatin1(buffer);
    }
    ERR_clear_error();
    return text;
}

// A PEM passphrase callback that refuses, so an encrypted key fails instead of OpenSSL's default
// callback prompting on the broker's terminal.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// RFC 7515 section 2: base64url with the padding left off; '=' or any other byte is an error.
bool fromBase64Url(const QByteArray &text, QByteArray *out)
{
    if (text.contains('='))
        return false;
    auto result = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding |
                                                           QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *out = result.decoded;
    return true;
}

// A JSON string literal, escaped by Qt's own writer.
QByteArray jsonString(const QByteArray &text)
{
    const QByteArray array =
        QJsonDocument(QJsonArray{QString::fromUtf8(text)}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

bool isP256(EVP_PKEY *pkey)
{
    char group[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                       &length) != 1)
        return false;
    return std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0;
}

using Pkey = std::shared_ptr<evp_pkey_st>;

Pkey readPem(const QByteArray &pem, bool allowPublic)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())),
                                                  &BIO_free);
    if (!bio)
        return {};
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr);
    if (!pkey && allowPublic) {
        ERR_clear_error();
        BIO_reset(bio.get());
        pkey = PEM_read_bio_PUBKEY(bio.get(), nullptr, &noPassphrase, nullptr);
    }
    return pkey ? Pkey(pkey, &EVP_PKEY_free) : Pkey();
}

} // namespace

GripSigner::Key GripSigner::loadKey(const QByteArray &key, bool allowPublic, const QString &baseDir)
{
    Key out;
    auto fail = [&out](const QString &message) {
        out = Key();
        out.error = message;
        return out;
    };

    QByteArray material = key;
    bool fromFile = false;
    if (key.startsWith("file:")) {
        QString path = QString::fromUtf8(key.mid(5));
        if (path.isEmpty())
            return fail(QStringLiteral("file: key names no file"));
        if (QDir::isRelativePath(path) && !baseDir.isEmpty())
            path = QDir(baseDir).filePath(path);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(
                QStringLiteral("cannot read key file %1: %2").arg(path, file.errorString()));
        material = file.readAll();
        fromFile = true;
    }

    if (material.trimmed().startsWith("-----BEGIN")) {
        Pkey pkey = readPem(material, allowPublic);
        if (!pkey) {
            const QString detail = takeOpenSslError();
            return fail(QStringLiteral("cannot read the PEM key%1%2")
                            .arg(detail.isEmpty() ? QString() : QStringLiteral(": "), detail));
        }
        if (EVP_PKEY_is_a(pkey.get(), "EC")) {
            if (!isP256(pkey.get()))
                return fail(QStringLiteral("EC key is not on curve P-256 (ES256 needs P-256)"));
            out.algorithm = Algorithm::ES256;
        } else if (EVP_PKEY_is_a(pkey.get(), "RSA")) {
            out.algorithm = Algorithm::RS256;
        } else {
            return fail(QStringLiteral("unsupported key type %1 (need EC P-256 or RSA)")
                            .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(pkey.get()))));
        }
        out.pkey = std::move(pkey);
        return out;
    }

    // Pushpin reads a key file that is not PEM as a hex-encoded secret.
    if (fromFile) {
        const QByteArray hex = material.trimmed();
        for (const char c : hex) {
            if (!std::isxdigit(static_cast<unsigned char>(c)))
                return fail(QStringLiteral("key file is neither PEM nor a hex-encoded secret"));
        }
        if (hex.size() % 2 != 0)
            return fail(QStringLiteral("key file holds an odd number of hex digits"));
        out.secret = QByteArray::fromHex(hex);
    } else if (key.startsWith("base64:")) {
        auto decoded =
            QByteArray::fromBase64Encoding(key.mid(7), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(QStringLiteral("base64: key is not valid base64"));
        out.secret = decoded.decoded;
    } else {
        out.secret = key;
    }
    // An empty HMAC key would make every token forgeable.
    if (out.secret.isEmpty())
        return fail(QStringLiteral("empty secret"));
    out.algorithm = Algorithm::HS256;
    return out;
}

GripSigner GripSigner::fromKey(const QByteArray &key, const QByteArray &issuer,
                               const QString &baseDir)
{
    GripSigner signer;
    signer.m_key = loadKey(key, false, baseDir);
    signer.m_issuer = issuer;
    return signer;
}

QByteArray GripSigner::algorithmName(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::HS256:
        return QByteArrayLiteral("HS256");
    case Algorithm::ES256:
        return QByteArrayLiteral("ES256");
    case Algorithm::RS256:
        return QByteArrayLiteral("RS256");
    case Algorithm::None:
        break;
    }
    return {};
}

QByteArray GripSigner::algorithm() const
{
    return algorithmName(m_key.algorithm);
}

QByteArray GripSigner::sign(const Key &key, const QByteArray &input, QString *error)
{
    const auto *data = reinterpret_cast<const unsigned char *>(input.constData());
    if (key.algorithm == Algorithm::HS256) {
        unsigned char mac[EVP_MAX_MD_SIZE];
        size_t macLength = 0;
        if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.secret.constData(),
                       size_t(key.secret.size()), data, size_t(input.size()), mac, sizeof mac,
                       &macLength)) {
            *error = takeOpenSslError();
            return {};
        }
        return QByteArray(reinterpret_cast<const char *>(mac), qsizetype(macLength));
    }

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    size_t length = 0;
    if (!ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, data, size_t(input.size())) != 1) {
        *error = takeOpenSslError();
        return {};
    }
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       data, size_t(input.size())) != 1) {
        *error = takeOpenSslError();
        return {};
    }
    signature.truncate(qsizetype(length));
    if (key.algorithm == Algorithm::RS256)
        return signature;

    // OpenSSL gives ECDSA signatures as DER; JWS wants r and s as fixed-width big-endian numbers.
    const auto *der = reinterpret_cast<const unsigned char *>(signature.constData());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
        d2i_ECDSA_SIG(nullptr, &der, long(signature.size())), &ECDSA_SIG_free);
    if (!sig) {
        *error = takeOpenSslError();
        return {};
    }
    QByteArray jose(2 * es256PartBytes, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(jose.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, es256PartBytes) != es256PartBytes ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + es256PartBytes, es256PartBytes) !=
            es256PartBytes) {
        *error = takeOpenSslError();
        return {};
    }
    return jose;
}

bool GripSigner::checkSignature(const Key &key, const QByteArray &input,
                                const QByteArray &signature)
{
    if (key.algorithm == Algorithm::HS256) {
        QString ignored;
        const QByteArray expected = sign(key, input, &ignored);
        // Constant time, so response timing does not reveal how much of a forged MAC matched.
        return !expected.isEmpty() && expected.size() == signature.size() &&
               CRYPTO_memcmp(expected.constData(), signature.constData(),
                             size_t(expected.size())) == 0;
    }

    QByteArray der = signature;
    if (key.algorithm == Algorithm::ES256) {
        if (signature.size() != 2 * es256PartBytes)
            return false;
        const auto *raw = reinterpret_cast<const unsigned char *>(signature.constData());
        std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
        BIGNUM *r = BN_bin2bn(raw, es256PartBytes, nullptr);
        BIGNUM *s = BN_bin2bn(raw + es256PartBytes, es256PartBytes, nullptr);
        if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
            BN_free(r);
            BN_free(s);
            ERR_clear_error();
            return false;
        }
        const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
        if (length <= 0) {
            ERR_clear_error();
            return false;
        }
        der.resize(length);
        auto *out = reinterpret_cast<unsigned char *>(der.data());
        i2d_ECDSA_SIG(sig.get(), &out);
    }

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    const bool ok =
        ctx &&
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.pkey.get()) == 1 &&
        EVP_DigestVerify(
            ctx.get(), reinterpret_cast<const unsigned char *>(der.constData()), size_t(der.size()),
            reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size())) == 1;
    ERR_clear_error();
    return ok;
}

QByteArray GripSigner::token(qint64 nowSecs, qint64 lifetimeSecs) const
{
    if (!isValid())
        return {};
    // Written by hand rather than through QJsonObject, which sorts keys: the order is part of the
    // documented output so tokens can be compared byte for byte.
    const QByteArray header = "{\"alg\":\"" + algorithm() + "\",\"typ\":\"JWT\"}";
    const QByteArray claims = "{\"iss\":" + jsonString(m_issuer) +
                              ",\"exp\":" + QByteArray::number(nowSecs + lifetimeSecs) + "}";
    const QByteArray input = base64Url(header) + '.' + base64Url(claims);
    QString error;
    const QByteArray signature = sign(m_key, input, &error);
    if (signature.isEmpty())
        return {};
    return input + '.' + base64Url(signature);
}

bool GripSigner::verify(const QByteArray &token, const QByteArray &key, qint64 nowSecs,
                        QJsonObject *claims, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };

    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return fail(QStringLiteral("token does not have three parts"));

    QByteArray headerJson, claimsJson, signature;
    if (!fromBase64Url(parts[0], &headerJson) || !fromBase64Url(parts[1], &claimsJson) ||
        !fromBase64Url(parts[2], &signature))
        return fail(QStringLiteral("token is not base64url"));

    const QJsonDocument header = QJsonDocument::fromJson(headerJson);
    if (!header.isObject())
        return fail(QStringLiteral("token header is not a JSON object"));
    const QByteArray alg = header.object().value(QLatin1String("alg")).toString().toUtf8();

    const Key loaded = loadKey(key, true, QString());
    if (loaded.algorithm == Algorithm::None)
        return fail(loaded.error);
    // The key decides the algorithm, never the token: trusting alg is the classic JWT downgrade.
    if (alg != algorithmName(loaded.algorithm))
        return fail(
            QStringLiteral("token algorithm '%1' does not match the key (%2)")
                .arg(QString::fromUtf8(alg), QString::fromLatin1(algorithmName(loaded.algorithm))));

    if (!checkSignature(loaded, parts[0] + '.' + parts[1], signature))
        return fail(QStringLiteral("bad signature"));

    const QJsonDocument body = QJsonDocument::fromJson(claimsJson);
    if (!body.isObject())
        return fail(QStringLiteral("token claims are not a JSON object"));
    const QJsonValue exp = body.object().value(QLatin1String("exp"));
    if (!exp.isDouble())
        return fail(QStringLiteral("token has no numeric exp claim"));
    // Compared as doubles so an absurd exp cannot overflow a conversion to qint64.
    if (exp.toDouble() <= double(nowSecs))
        return fail(QStringLiteral("token expired"));

    if (claims)
        *claims = body.object();
    if (error)
        error->clear();
    return true;
}
