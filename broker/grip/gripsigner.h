#pragma once

#include <memory>

#include <QByteArray>
#include <QString>

class QJsonObject;
struct evp_pkey_st; // OpenSSL's EVP_PKEY, declared here so users need no OpenSSL headers

// Makes the Grip-Sig JWT a GRIP proxy sends to its backend, and checks one (RFC 7519/7515).
// The algorithm follows the key as in Pushpin: a secret signs HS256, an EC P-256 key ES256 and an
// RSA key RS256.
//
// Key forms (same as Pushpin's sig_key): a plain secret; "base64:<standard base64 secret>";
// "file:<path>" of a PEM key or of a hex-encoded secret; or PEM text starting with "-----BEGIN".
//
// The parsed key is shared between copies, so a route's signer is cheap to copy and may be used
// from several threads at once (signing only reads the key).
class GripSigner
{
public:
    GripSigner() = default; // invalid: signs nothing

    // A relative "file:" path is resolved against baseDir when given (Pushpin uses the directory
    // of its config file), else against the working directory. Failures leave the signer invalid
    // with errorString() saying why; they never prompt for a PEM passphrase.
    static GripSigner fromKey(const QByteArray &key, const QByteArray &issuer,
                              const QString &baseDir = QString());

    bool isValid() const { return m_key.algorithm != Algorithm::None; }
    QString errorString() const { return m_key.error; }
    QByteArray algorithm() const; // "HS256" | "ES256" | "RS256", empty when invalid
    QByteArray issuer() const { return m_issuer; }

    // Header {"alg":"<alg>","typ":"JWT"} and claims {"iss":"<issuer>","exp":<now+lifetime>},
    // compact JSON in exactly that key order, each part base64url without padding. ES256
    // signatures are in JOSE form (r||s, 32 bytes each), not DER. Empty when invalid.
    QByteArray token(qint64 nowSecs, qint64 lifetimeSecs = 3600) const;

    // Checks a token against a key in the forms above (for ES256/RS256 the private key or a public
    // key PEM, "-----BEGIN PUBLIC KEY-----"). The header's alg must be the one the key implies
    // ("none" never is), the signature must match, and the claims must hold a numeric exp later
    // than nowSecs (no leeway). Like Pushpin's upstream_key check, iss is not checked: the caller
    // reads it from *claims.
    static bool verify(const QByteArray &token, const QByteArray &key, qint64 nowSecs,
                       QJsonObject *claims = nullptr, QString *error = nullptr);

private:
    enum class Algorithm
    {
        None,
        HS256,
        ES256,
        RS256
    };

    struct Key
    {
        Algorithm algorithm = Algorithm::None;
        QByteArray secret;                 // HS256
        std::shared_ptr<evp_pkey_st> pkey; // ES256, RS256
        QString error;
    };
    static Key loadKey(const QByteArray &key, bool allowPublic, const QString &baseDir);
    static QByteArray sign(const Key &key, const QByteArray &input, QString *error);
    static bool checkSignature(const Key &key, const QByteArray &input,
                               const QByteArray &signature);
    static QByteArray algorithmName(Algorithm algorithm);

    Key m_key;
    QByteArray m_issuer;
};
