#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

// A GRIP_URL as the GRIP client libraries read it (pygripcontrol's parse_grip_uri and its
// siblings): "https://api.fastly.com/service/ID?key=KEY&verify-iss=fastly:ID&verify-key=...".
// The publish endpoint is the URL without the GRIP parameters and its trailing slash, plus
// "/publish/"; other query parameters stay.
struct GripUrl
{
    QUrl publishUrl;
    QByteArray iss;       // with it, publishes carry a JWT signed with key (HS256)
    QByteArray key;       // as given; "base64:" keys are decoded when signing
    QByteArray verifyIss; // for checking Grip-Sig; not used when publishing
    QByteArray verifyKey;

    static bool parse(const QString &text, GripUrl *out, QString *error);
    // The Authorization value: "Bearer <key>", or with iss "Bearer <JWT>" valid for an hour;
    // empty without a key. *error is set when the key cannot sign.
    QByteArray authorization(qint64 nowSecs, QString *error) const;
};
