#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

// Decodes the frames of a WebSocket we terminate ourselves (RFC 6455 §5) into whole messages.
// One lives per client connection (10,000+), so an idle decoder holds no heap memory: only a
// partial frame header (a fixed 14-byte array) is kept between feeds, and the payload of a message
// in progress is the only buffer. Buffers are moved into the returned messages, never reserved
// from a declared length (a peer could announce 1 MiB and send one byte).
// RSV bits are errors unless setRsv1Allowed() says permessage-deflate was negotiated; then RSV1 on
// a message's first frame marks it compressed (RFC 7692 §6) and the caller inflates it.
class WsFrameDecoder
{
public:
    // opcode is WsOpcode::Text/Binary (reassembled, unmasked), Ping, Pong or Close (payload as
    // sent: 2-byte code + reason, already checked with parseClose()).
    struct Message
    {
        quint8 opcode;
        QByteArray payload;
        // RSV1 was set: the payload is still deflated, and a text message's UTF-8 is unchecked.
        bool compressed = false;
    };
    enum class Error : quint8
    {
        None,
        Protocol,    // close with 1002
        InvalidUtf8, // close with 1007
        TooBig,      // close with 1009
    };

    explicit WsFrameDecoder(qsizetype maxMessageBytes = 1 << 20, bool requireMask = true);

    // Decodes as much as possible and appends complete messages to *out; control frames that
    // interrupt a fragmented message come out in arrival order, before that message. Returns
    // false on an error; messages completed before the offending frame are still appended, and
    // every later call returns false without decoding. After a Close message the rest of the
    // input is ignored (RFC 6455 §5.5.1: nothing may follow it) and feed() keeps returning true.
    bool feed(const char *data, qsizetype size, QList<Message> *out);
    bool feed(const QByteArray &data, QList<Message> *out)
    {
        return feed(data.constData(), data.size(), out);
    }

    Error error() const { return m_error; }
    QByteArray errorText() const;
    quint16 closeCodeForError() const; // 1002/1007/1009, or 0 without an error
    bool closeReceived() const { return m_closeReceived; }
    // permessage-deflate was negotiated: RSV1 is allowed on the first frame of a data message
    // (never on a continuation or control frame). The message limit then counts compressed bytes;
    // the caller limits what they inflate to.
    void setRsv1Allowed(bool allowed) { m_rsv1Allowed = allowed; }
    // Heap bytes held (capacity of the message and control buffers); 0 between messages.
    qsizetype heldBytes() const { return m_message.capacity() + m_control.capacity(); }
    qsizetype maxMessageBytes() const { return m_maxMessageBytes; }

    // Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
    static bool isValidUtf8(const QByteArray &bytes);
    // Validates a close payload: empty is fine (*code = 1005), one byte is not, the code must be
    // one a peer may send (1000-1003, 1007-1014, 3000-4999; RFC 6455 §7.4 and the IANA registry)
    // and the reason must be UTF-8. code and reason may be null.
    static bool parseClose(const QByteArray &payload, quint16 *code, QByteArray *reason);

private:
    enum class Detail : quint8
    {
        None,
        Unmasked,
        ReservedBits,
        Rsv1Misplaced,
        ReservedOpcode,
        ControlTooLong,
        ControlFragmented,
        ContinuationWithoutStart,
        DataInsideFragmented,
        LengthMsbSet,
        TooBig,
        InvalidUtf8,
        CloseInvalid,
        CloseReasonUtf8,
    };

    // Incremental UTF-8 check: continuation bytes still expected and the range the next must fall
    // in (narrower after E0, ED, F0, F4 to exclude overlongs, surrogates and > U+10FFFF).
    struct Utf8State
    {
        quint8 need = 0;
        quint8 lo = 0x80;
        quint8 hi = 0xBF;
    };
    static bool utf8Step(Utf8State *state, const quint8 *data, qsizetype size);
    static Detail checkClose(const QByteArray &payload, quint16 *code, QByteArray *reason);

    bool parseHeader();
    bool finishFrame(QList<Message> *out);
    bool fail(Detail detail);

    QByteArray m_message;    // data message in progress, unmasked; null between messages
    QByteArray m_control;    // control frame in progress (<= 125 bytes); null between frames
    quint64 m_remaining = 0; // payload bytes left in the current frame
    qsizetype m_maxMessageBytes;
    quint8 m_header[14] = {};   // the current frame's header; its mask key stays for the payload
    quint8 m_headerSize = 0;    // header bytes collected; 0 once parsed
    quint8 m_opcode = 0;        // the current frame's opcode
    quint8 m_messageOpcode = 0; // Text/Binary of the message in progress, 0 if none
    quint8 m_maskOffset = 0;    // where the current frame's mask key is in m_header, 0 if unmasked
    quint8 m_maskPhase = 0;     // payload bytes of the current frame unmasked so far, mod 4
    Utf8State m_utf8;
    Detail m_detail = Detail::None;
    Error m_error = Error::None;
    bool m_fin = false;
    bool m_requireMask;
    bool m_closeReceived = false;
    bool m_rsv1Allowed = false;
    bool m_messageCompressed = false; // the data message in progress had RSV1
};
