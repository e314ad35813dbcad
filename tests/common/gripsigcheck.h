#pragma once

#include <QDateTime>
#include <QJsonObject>

#include "grip/gripsigner.h"
#include "sockettestutil.h"

// The request a GRIP backend received carries exactly one Grip-Sig, and it verifies with key;
// *claims gets its claims. Header-only: the tests that use it link the grip library anyway.
inline bool verifyGripSig(const sockettest::Message &atBackend, const QByteArray &key,
                          QJsonObject *claims = nullptr)
{
    const QList<QByteArray> sigs = atBackend.values("Grip-Sig");
    if (sigs.size() != 1) {
        qWarning("expected one Grip-Sig, got %lld", qlonglong(sigs.size()));
        return false;
    }
    QString error;
    const bool ok =
        GripSigner::verify(sigs.first(), key, QDateTime::currentSecsSinceEpoch(), claims, &error);
    if (!ok)
        qWarning("Grip-Sig %s does not verify: %s", sigs.first().constData(), qPrintable(error));
    return ok;
}
