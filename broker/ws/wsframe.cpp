#include "ws/wsframe.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace {

QByteArray buildFrame(quint8 opcode, const QByteArray &payload, bool fin, const quint8 *maskKey,
                      bool rsv1 = false)
{
    const quint64 size = quint64(payload.size());
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char((fin ? 0x80 : 0x00) | (rsv1 ? 0x40 : 0x00) | (opcode & 0x0F)));
    const char maskBit = maskKey ? char(0x80) : char(0x00);
    // Always the shortest length form: RFC 6455 §5.2 requires it and strict peers check.
    if (size <= 125) {
        frame.append(char(maskBit | char(size)));
    } else if (size <= 0xFFFF) {
        frame.append(char(maskBit | 126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xFF));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((size >> shift) & 0xFF));
    }
    if (!maskKey)
        return frame.append(payload);
    frame.append(reinterpret_cast<const char *>(maskKey), 4);
    const qsizetype payloadStart = frame.size();
    frame.append(payload);
    WsFrame::applyMask(frame.data() + payloadStart, payload.size(), maskKey, 0);
    return frame;
}

} // namespace

QByteArray WsFrame::build(quint8 opcode, const QByteArray &payload, bool fin, bool masked)
{
    if (!masked)
        return buildFrame(opcode, payload, fin, nullptr);
    return buildMasked(opcode, payload, QRandomGenerator::global()->generate(), fin);
}

QByteArray WsFrame::buildCompressed(quint8 opcode, const QByteArray &deflated, bool fin,
                                    bool masked)
{
    if (!masked)
        return buildFrame(opcode, deflated, fin, nullptr, true);
    const quint32 maskKey = QRandomGenerator::global()->generate();
    const quint8 key[4] = {quint8(maskKey >> 24), quint8(maskKey >> 16), quint8(maskKey >> 8),
                           quint8(maskKey)};
    return buildFrame(opcode, deflated, fin, key, true);
}

QByteArray WsFrame::buildMasked(quint8 opcode, const QByteArray &payload, quint32 maskKey, bool fin)
{
    const quint8 key[4] = {quint8(maskKey >> 24), quint8(maskKey >> 16), quint8(maskKey >> 8),
                           quint8(maskKey)};
    return buildFrame(opcode, payload, fin, key);
}

QByteArray WsFrame::closeFrame(quint16 code, const QByteArray &reason, bool masked)
{
    QByteArray payload;
    if (code != NoStatusCode) {
        payload.append(char(code >> 8));
        payload.append(char(code & 0xFF));
        // A control frame holds 125 bytes; cut on a character boundary so the reason stays UTF-8.
        qsizetype keep = qMin<qsizetype>(reason.size(), 123);
        while (keep > 0 && keep < reason.size() && (quint8(reason.at(keep)) & 0xC0) == 0x80)
            --keep;
        payload.append(reason.constData(), keep);
    }
    return build(WsOpcode::Close, payload, true, masked);
}

QByteArray WsFrame::acceptKey(const QByteArray &secWebSocketKey)
{
    static const QByteArray guid = QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    return QCryptographicHash::hash(secWebSocketKey + guid, QCryptographicHash::Sha1).toBase64();
}

void WsFrame::applyMask(char *data, qsizetype size, const quint8 key[4], quint64 offset)
{
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(quint8(data[i]) ^ key[(offset + quint64(i)) & 3]);
}
