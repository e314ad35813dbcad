#pragma once

#include <QByteArray>
#include <QtGlobal>

// RFC 6455 opcodes. A plain enum in a namespace so values mix with quint8 wire bytes without casts.
namespace WsOpcode {
enum : quint8
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};
}

// Builds single WebSocket frames (RFC 6455 §5.2). The proxy relays frames unchanged, so this is
// only for frames we originate: injected GRIP messages, our own close frames, and tests.
class WsFrame
{
public:
    // Close codes that must never appear on the wire (RFC 6455 §7.4.1); 1005 means "no code".
    static constexpr quint16 NoStatusCode = 1005;
    static constexpr quint16 AbnormalClosureCode = 1006;

    // masked: a random 4-byte key, as every client->server frame needs (§5.3).
    static QByteArray build(quint8 opcode, const QByteArray &payload, bool fin = true,
                            bool masked = false);
    // Same, with a caller-chosen key (big-endian on the wire), so tests get fixed bytes.
    static QByteArray buildMasked(quint8 opcode, const QByteArray &payload, quint32 maskKey,
                                  bool fin = true);
    // A data frame of a permessage-deflate message (RFC 7692): RSV1 set, payload already deflated
    // (WsDeflate::compress). Only a message's first frame is built this way.
    static QByteArray buildCompressed(quint8 opcode, const QByteArray &deflated, bool fin = true,
                                      bool masked = false);
    // code 1005 (NoStatusCode) makes an empty close payload, as "no code" is never sent.
    // The reason is cut to 123 bytes so the frame stays a valid control frame (<=125 bytes).
    static QByteArray closeFrame(quint16 code, const QByteArray &reason, bool masked);
    // base64(SHA1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), RFC 6455 §4.2.2.
    static QByteArray acceptKey(const QByteArray &secWebSocketKey);
    // XORs data in place with the 4-byte key, starting at payload position offset.
    static void applyMask(char *data, qsizetype size, const quint8 key[4], quint64 offset);
};
