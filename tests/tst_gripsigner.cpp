#include <QtTest>

#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "grip/gripsigner.h"

namespace {

constexpr qint64 now = 1700000000;

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

QByteArray toPem(EVP_PKEY *pkey, bool publicOnly, const char *passphrase = nullptr)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    int ok = 0;
    if (publicOnly)
        ok = PEM_write_bio_PUBKEY(bio.get(), pkey);
    else if (passphrase)
        ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey, EVP_aes_256_cbc(), passphrase,
                                           int(qstrlen(passphrase)), nullptr, nullptr);
    else
        ok = PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr);
    if (ok != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

QByteArray b64url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray part(const QByteArray &token, int index)
{
    return token.split('.').value(index);
}

QByteArray decodedPart(const QByteArray &token, int index)
{
    return QByteArray::fromBase64(part(token, index), QByteArray::Base64UrlEncoding);
}

QByteArray withPart(const QByteArray &token, int index, const QByteArray &replacement)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = replacement;
    return parts.join('.');
}

} // namespace

class TestGripSigner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidSignerSignsNothing();
    void hs256KnownVectors_data();
    void hs256KnownVectors();
    void keyForms_data();
    void keyForms();
    void es256RoundTrip();
    void rs256RoundTrip();
    void copiesOutliveTheOriginal();
    void verifyRejects_data();
    void verifyRejects();
    void crossCheckWithPython();

private:
    QString writeFile(const QString &name, const QByteArray &data);

    QTemporaryDir m_dir;
    QByteArray m_ecPem, m_ecPubPem, m_otherEcPem, m_rsaPem, m_rsaPubPem;
    QByteArray m_p384Pem, m_ed25519Pem, m_encryptedEcPem;
};

QString TestGripSigner::writeFile(const QString &name, const QByteArray &data)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    return path;
}

void TestGripSigner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    PkeyPtr ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
    PkeyPtr otherEc(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
    PkeyPtr p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"), &EVP_PKEY_free);
    PkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)), &EVP_PKEY_free);
    PkeyPtr ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), &EVP_PKEY_free);
    QVERIFY(ec && otherEc && p384 && rsa && ed);
    m_ecPem = toPem(ec.get(), false);
    m_ecPubPem = toPem(ec.get(), true);
    m_otherEcPem = toPem(otherEc.get(), false);
    m_rsaPem = toPem(rsa.get(), false);
    m_rsaPubPem = toPem(rsa.get(), true);
    m_p384Pem = toPem(p384.get(), false);
    m_ed25519Pem = toPem(ed.get(), false);
    m_encryptedEcPem = toPem(ec.get(), false, "secret");
    QVERIFY(m_ecPem.startsWith("-----BEGIN PRIVATE KEY-----"));
    QVERIFY(m_ecPubPem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QVERIFY(m_encryptedEcPem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QVERIFY(!m_rsaPem.isEmpty() && !m_rsaPubPem.isEmpty() && !m_otherEcPem.isEmpty());
    QVERIFY(!m_p384Pem.isEmpty() && !m_ed25519Pem.isEmpty());
}

void TestGripSigner::invalidSignerSignsNothing()
{
    const GripSigner signer;
    QVERIFY(!signer.isValid());
    QVERIFY(signer.algorithm().isEmpty());
    QVERIFY(signer.token(now).isEmpty());
}

void TestGripSigner::hs256KnownVectors_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("issuer");
    QTest::addColumn<qint64>("lifetime");
    QTest::addColumn<QByteArray>("expected");

    // Computed independently with Python's hmac and base64 modules over the documented layout:
    // header {"alg":"HS256","typ":"JWT"}, claims {"iss":...,"exp":...}, compact, in that order.
    QTest::addRow("plain secret, default lifetime")
        << QByteArray("changeme") << QByteArray("pushpin") << qint64(3600)
        << QByteArray("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                      "eyJpc3MiOiJwdXNocGluIiwiZXhwIjoxNzAwMDAzNjAwfQ."
                      "nv_CZxbKPtW9c7pb0AsTvOD49IbZaj5LGd0CowmXKR0");
    QTest::addRow("base64 secret")
        << QByteArray("base64:Y2hhbmdlbWU=") << QByteArray("pushpin") << qint64(3600)
        << QByteArray("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                      "eyJpc3MiOiJwdXNocGluIiwiZXhwIjoxNzAwMDAzNjAwfQ."
                      "nv_CZxbKPtW9c7pb0AsTvOD49IbZaj5LGd0CowmXKR0");
    // The issuer needs JSON escaping; the key file holds the hex secret 00 ff 10.
    QTest::addRow("hex key file, escaped issuer")
        << QByteArray("file:" + writeFile("hex.key", "00ff10\n").toUtf8()) << QByteArray("fa\"st")
        << qint64(60)
        << QByteArray("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                      "eyJpc3MiOiJmYVwic3QiLCJleHAiOjE3MDAwMDAwNjB9."
                      "oVZjvMypKWMmlm2UGl0FHiB8jtjxVqhgnlX1e438hn8");
}

void TestGripSigner::hs256KnownVectors()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, issuer);
    QFETCH(qint64, lifetime);
    QFETCH(QByteArray, expected);

    const GripSigner signer = GripSigner::fromKey(key, issuer);
    QVERIFY2(signer.isValid(), qPrintable(signer.errorString()));
    QCOMPARE(signer.algorithm(), QByteArray("HS256"));
    QCOMPARE(signer.token(now, lifetime), expected);

    QJsonObject claims;
    QString error;
    QVERIFY2(GripSigner::verify(expected, key, now, &claims, &error), qPrintable(error));
    QCOMPARE(claims.value("iss").toString().toUtf8(), issuer);
    QCOMPARE(qint64(claims.value("exp").toDouble()), now + lifetime);
}

void TestGripSigner::keyForms_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("baseDir");
    QTest::addColumn<QByteArray>("algorithm"); // empty: invalid
    QTest::addColumn<QString>("error");        // start of errorString() when invalid

    const QString none;
    QTest::addRow("plain") << QByteArray("s3cret") << none << QByteArray("HS256") << none;
    QTest::addRow("base64") << QByteArray("base64:AAEC") << none << QByteArray("HS256") << none;
    QTest::addRow("ec pem text") << m_ecPem << none << QByteArray("ES256") << none;
    QTest::addRow("ec pem with leading newline")
        << QByteArray("\n" + m_ecPem) << none << QByteArray("ES256") << none;
    QTest::addRow("ec file") << QByteArray("file:" + writeFile("ec.pem", m_ecPem).toUtf8()) << none
                             << QByteArray("ES256") << none;
    writeFile("relative.pem", m_ecPem);
    QTest::addRow("ec file relative to baseDir")
        << QByteArray("file:relative.pem") << m_dir.path() << QByteArray("ES256") << none;
    QTest::addRow("rsa pem text") << m_rsaPem << none << QByteArray("RS256") << none;
    QTest::addRow("rsa file") << QByteArray("file:" + writeFile("rsa.pem", m_rsaPem).toUtf8())
                              << none << QByteArray("RS256") << none;

    QTest::addRow("empty") << QByteArray() << none << QByteArray() << QString("empty secret");
    QTest::addRow("base64 empty") << QByteArray("base64:") << none << QByteArray()
                                  << QString("empty secret");
    QTest::addRow("base64 invalid") << QByteArray("base64:@@@") << none << QByteArray()
                                    << QString("base64: key is not valid base64");
    QTest::addRow("file without name")
        << QByteArray("file:") << none << QByteArray() << QString("file: key names no file");
    QTest::addRow("file missing") << QByteArray("file:" + m_dir.filePath("nope.pem").toUtf8())
                                  << none << QByteArray() << QString("cannot read key file");
    QTest::addRow("file neither pem nor hex")
        << QByteArray("file:" + writeFile("junk.key", "not hex").toUtf8()) << none << QByteArray()
        << QString("key file is neither PEM nor a hex-encoded secret");
    QTest::addRow("file odd hex") << QByteArray("file:" + writeFile("odd.key", "abc").toUtf8())
                                  << none << QByteArray()
                                  << QString("key file holds an odd number of hex digits");
    QTest::addRow("pem garbage") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n") << none
                                 << QByteArray() << QString("cannot read the PEM key");
    // Signing needs the private key.
    QTest::addRow("public key cannot sign")
        << m_ecPubPem << none << QByteArray() << QString("cannot read the PEM key");
    // Must fail rather than prompt for the passphrase on the terminal.
    QTest::addRow("encrypted pem")
        << m_encryptedEcPem << none << QByteArray() << QString("cannot read the PEM key");
    QTest::addRow("ec p-384") << m_p384Pem << none << QByteArray()
                              << QString("EC key is not on curve P-256");
    QTest::addRow("ed25519") << m_ed25519Pem << none << QByteArray()
                             << QString("unsupported key type ED25519");
}

void TestGripSigner::keyForms()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, baseDir);
    QFETCH(QByteArray, algorithm);
    QFETCH(QString, error);

    const GripSigner signer = GripSigner::fromKey(key, "iss", baseDir);
    QCOMPARE(signer.algorithm(), algorithm);
    QCOMPARE(signer.isValid(), !algorithm.isEmpty());
    if (algorithm.isEmpty()) {
        QVERIFY2(signer.errorString().startsWith(error), qPrintable(signer.errorString()));
        QVERIFY(signer.token(now).isEmpty());
        return;
    }
    QVERIFY(signer.errorString().isEmpty());
    const QByteArray token = signer.token(now);
    QCOMPARE(decodedPart(token, 0), "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}");
    // A relative file: resolves against the working directory in verify(), so check from there.
    QString verifyError;
    const QByteArray verifyKey =
        baseDir.isEmpty() ? key
                          : QByteArray("file:" + QDir(baseDir).filePath("relative.pem").toUtf8());
    QVERIFY2(GripSigner::verify(token, verifyKey, now, nullptr, &verifyError),
             qPrintable(verifyError));
}

void TestGripSigner::es256RoundTrip()
{
    const GripSigner signer = GripSigner::fromKey(m_ecPem, "fastly:service");
    QVERIFY2(signer.isValid(), qPrintable(signer.errorString()));
    QCOMPARE(signer.algorithm(), QByteArray("ES256"));
    QCOMPARE(signer.issuer(), QByteArray("fastly:service"));

    const QByteArray token = signer.token(now, 120);
    QCOMPARE(token.count('.'), 2);
    QVERIFY(!token.contains('='));
    QCOMPARE(decodedPart(token, 0), QByteArray("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"));
    QCOMPARE(decodedPart(token, 1), QByteArray("{\"iss\":\"fastly:service\",\"exp\":1700000120}"));
    // JOSE r||s, not DER (which would be 70-72 bytes starting 0x30).
    QCOMPARE(decodedPart(token, 2).size(), 64);

    for (const QByteArray &key : {m_ecPem, m_ecPubPem}) {
        QJsonObject claims;
        QString error;
        QVERIFY2(GripSigner::verify(token, key, now, &claims, &error), qPrintable(error));
        QCOMPARE(claims.value("iss").toString(), QString("fastly:service"));
        QCOMPARE(claims.value("exp").toDouble(), double(now + 120));
        QVERIFY(error.isEmpty());
    }
    const QString pubFile = writeFile("ec-pub.pem", m_ecPubPem);
    QVERIFY(GripSigner::verify(token, "file:" + pubFile.toUtf8(), now));
}

void TestGripSigner::rs256RoundTrip()
{
    const GripSigner signer = GripSigner::fromKey(m_rsaPem, "pushpin");
    QVERIFY2(signer.isValid(), qPrintable(signer.errorString()));
    const QByteArray token = signer.token(now);
    QCOMPARE(decodedPart(token, 0), QByteArray("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
    QCOMPARE(decodedPart(token, 2).size(), 256); // a 2048-bit modulus
    // PKCS#1 v1.5 signatures are deterministic.
    QCOMPARE(signer.token(now), token);
    QVERIFY(GripSigner::verify(token, m_rsaPubPem, now));
    QVERIFY(GripSigner::verify(token, m_rsaPem, now));
    QVERIFY(!GripSigner::verify(withPart(token, 1, b64url("{\"iss\":\"x\",\"exp\":1800000000}")),
                                m_rsaPubPem, now));
}

void TestGripSigner::copiesOutliveTheOriginal()
{
    GripSigner copy;
    {
        const GripSigner original = GripSigner::fromKey(m_ecPem, "pushpin");
        copy = original;
        GripSigner second(original);
        QVERIFY(GripSigner::verify(second.token(now), m_ecPubPem, now));
    }
    QVERIFY(copy.isValid());
    QVERIFY(GripSigner::verify(copy.token(now), m_ecPubPem, now));
}

void TestGripSigner::verifyRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<QString>("error");

    const QByteArray es = GripSigner::fromKey(m_ecPem, "pushpin").token(now, 3600);
    const QByteArray hs = GripSigner::fromKey("changeme", "pushpin").token(now, 3600);
    const QByteArray forgedClaims = b64url("{\"iss\":\"pushpin\",\"exp\":1900000000}");
    QByteArray flippedSig = decodedPart(es, 2);
    flippedSig[10] = char(flippedSig[10] ^ 0x01);
    QByteArray flippedMac = decodedPart(hs, 2);
    flippedMac[0] = char(flippedMac[0] ^ 0x80);
    const QByteArray noneHeader = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}");

    QTest::addRow("es tampered payload")
        << withPart(es, 1, forgedClaims) << m_ecPubPem << now << QString("bad signature");
    QTest::addRow("es tampered signature")
        << withPart(es, 2, b64url(flippedSig)) << m_ecPubPem << now << QString("bad signature");
    QTest::addRow("es short signature") << withPart(es, 2, b64url(flippedSig.left(63)))
                                        << m_ecPubPem << now << QString("bad signature");
    QTest::addRow("es wrong key") << es << m_otherEcPem << now << QString("bad signature");
    QTest::addRow("es expired at exp")
        << es << m_ecPubPem << now + 3600 << QString("token expired");
    QTest::addRow("es expired after exp")
        << es << m_ecPubPem << now + 7200 << QString("token expired");
    QTest::addRow("hs tampered payload") << withPart(hs, 1, forgedClaims) << QByteArray("changeme")
                                         << now << QString("bad signature");
    QTest::addRow("hs tampered mac") << withPart(hs, 2, b64url(flippedMac))
                                     << QByteArray("changeme") << now << QString("bad signature");
    QTest::addRow("hs wrong secret")
        << hs << QByteArray("changeme2") << now << QString("bad signature");
    QTest::addRow("hs expired") << hs << QByteArray("changeme") << now + 3600
                                << QString("token expired");
    QTest::addRow("hs token, ec key")
        << hs << m_ecPubPem << now
        << QString("token algorithm 'HS256' does not match the key (ES256)");
    // An HS256 token keyed with the public key's PEM text is the classic downgrade attack.
    QTest::addRow("es token, secret key")
        << es << QByteArray("changeme") << now
        << QString("token algorithm 'ES256' does not match the key (HS256)");
    QTest::addRow("alg none") << withPart(noneHeader + "." + part(hs, 1) + ".", 2, "")
                              << QByteArray("changeme") << now
                              << QString("token algorithm 'none' does not match the key (HS256)");
    QTest::addRow("two parts") << part(hs, 0) + "." + part(hs, 1) << QByteArray("changeme") << now
                               << QString("token does not have three parts");
    QTest::addRow("four parts") << hs + ".x" << QByteArray("changeme") << now
                                << QString("token does not have three parts");
    QTest::addRow("padded base64") << withPart(hs, 1, part(hs, 1) + "=") << QByteArray("changeme")
                                   << now << QString("token is not base64url");
    QTest::addRow("standard base64 alphabet") << withPart(hs, 2, "ab+/") << QByteArray("changeme")
                                              << now << QString("token is not base64url");
    QTest::addRow("header not json") << withPart(hs, 0, b64url("nope")) << QByteArray("changeme")
                                     << now << QString("token header is not a JSON object");
    QTest::addRow("bad key") << hs << QByteArray("base64:!!") << now
                             << QString("base64: key is not valid base64");

    // Correctly signed but with unusable claims: sign by hand with the HS256 key.
    auto signedWith = [](const QByteArray &claims) {
        const QByteArray input =
            b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64url(claims);
        QByteArray mac =
            QMessageAuthenticationCode::hash(input, "changeme", QCryptographicHash::Sha256);
        return input + "." + b64url(mac);
    };
    QTest::addRow("no exp") << signedWith("{\"iss\":\"pushpin\"}") << QByteArray("changeme") << now
                            << QString("token has no numeric exp claim");
    QTest::addRow("string exp") << signedWith("{\"iss\":\"pushpin\",\"exp\":\"1800000000\"}")
                                << QByteArray("changeme") << now
                                << QString("token has no numeric exp claim");
    QTest::addRow("claims not object") << signedWith("[1]") << QByteArray("changeme") << now
                                       << QString("token claims are not a JSON object");
    QTest::addRow("huge exp is fine, control")
        << signedWith("{\"exp\":1e300}") << QByteArray("changeme") << now << QString();
}

void TestGripSigner::verifyRejects()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, key);
    QFETCH(qint64, at);
    QFETCH(QString, error);

    QJsonObject claims;
    claims.insert("untouched", true);
    QString actual = "stale";
    const bool ok = GripSigner::verify(token, key, at, &claims, &actual);
    if (error.isEmpty()) {
        QVERIFY2(ok, qPrintable(actual));
        QVERIFY(actual.isEmpty());
        return;
    }
    QVERIFY(!ok);
    QCOMPARE(actual, error);
    QVERIFY(claims.contains("untouched"));
}

void TestGripSigner::crossCheckWithPython()
{
    // Optional: an independent ES256/RS256 verifier. Debian's python3-cryptography lives with the
    // system interpreter.
    const QString python = QStringLiteral("/usr/bin/python3");
    const char *script = R"(
import base64, json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils
def d(s): return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
for line in sys.stdin.read().split('\n\n'):
    if not line.strip(): continue
    pem, token = line.rsplit('\n', 1)
    key = serialization.load_pem_public_key(pem.encode())
    h, c, s = token.split('.')
    sig, data = d(s), (h + '.' + c).encode()
    if json.loads(d(h))['alg'] == 'ES256':
        der = utils.encode_dss_signature(int.from_bytes(sig[:32], 'big'), int.from_bytes(sig[32:], 'big'))
        key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    else:
        key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
    print('ok', json.loads(d(c))['iss'])
)";
    QProcess probe;
    probe.start(python, {"-c", "import cryptography"});
    if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit ||
        probe.exitCode() != 0)
        QSKIP("no /usr/bin/python3 with cryptography");

    QByteArray input;
    input += m_ecPubPem.trimmed() + "\n" + GripSigner::fromKey(m_ecPem, "ec").token(now) + "\n\n";
    input +=
        m_rsaPubPem.trimmed() + "\n" + GripSigner::fromKey(m_rsaPem, "rsa").token(now) + "\n\n";
    QProcess process;
    process.start(python, {"-c", QString::fromLatin1(script)});
    QVERIFY(process.waitForStarted());
    process.write(input);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(60000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QCOMPARE(process.readAllStandardOutput(), QByteArray("ok ec\nok rsa\n"));
}

QTEST_MAIN(TestGripSigner)
#include "tst_gripsigner.moc"
