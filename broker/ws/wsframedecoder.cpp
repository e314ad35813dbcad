#include "ws/wsframedecoder.h"

#include <cstring>
#include <utility>

#include "ws/wsframe.h"

namespace {

int headerSizeFor(quint8 second)
{
    const quint8 len = second & 0x7F;
    const int extended = len == 126 ? 2 : (len == 127 ? 8 : 0);
    return 2 + extended + ((second & 0x80) ? 4 : 0);
}

// XORs in place, eight bytes per step with the key repeated and rotated to the payload position.
// memcpy keeps it free of alignment and byte-order assumptions; compilers make it plain loads.
void unmask(char *data, qsizetype size, const quint8 *key, quint8 phase)
{
    quint8 rotated[8];
    for (int i = 0; i < 8; ++i)
        rotated[i] = key[(phase + i) & 3];
    quint64 key64;
    std::memcpy(&key64, rotated, 8);
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, 8);
        word ^= key64;
        std::memcpy(data + i, &word, 8);
    }
    for (; i < size; ++i)
        data[i] = char(quint8(data[i]) ^ rotated[i & 7]);
}

bool isSendableCloseCode(quint16 code)
{
    // 1004-1006 and 1015 are reserved or never on the wire; 1012-1014 are IANA-registered
    // (service restart, try again later, bad gateway) and sent by real servers.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

} // namespace

WsFrameDecoder::WsFrameDecoder(qsizetype maxMessageBytes, bool requireMask)
    : m_maxMessageBytes(maxMessageBytes), m_requireMask(requireMask)
{}

bool WsFrameDecoder::feed(const char *data, qsizetype size, QList<Message> *out)
{
    const char *end = data + size;
    while (data < end) {
        if (m_error != Error::None)
            return false;
        if (m_closeReceived)
            return true;
        if (m_remaining == 0) {
            // Between frames or inside a header: take at most the header's bytes (<= 14).
            const int needed = m_headerSize < 2 ? 2 : headerSizeFor(m_header[1]);
            const qsizetype take = qMin<qsizetype>(needed - m_headerSize, end - data);
            std::memcpy(m_header + m_headerSize, data, size_t(take));
            m_headerSize = quint8(m_headerSize + take);
            data += take;
            if (m_headerSize < 2 || m_headerSize < headerSizeFor(m_header[1]))
                continue;
            if (!parseHeader())
                return false;
            if (m_remaining == 0 && !finishFrame(out))
                return false;
            continue;
        }
        // Payload: copy the whole available run, then unmask and check it where it landed, so the
        // caller's bytes stay untouched and each byte is written once.
        const qsizetype take = qsizetype(qMin<quint64>(m_remaining, quint64(end - data)));
        const bool control = m_opcode & 0x08;
        QByteArray &target = control ? m_control : m_message;
        const qsizetype at = target.size();
        if (target.capacity() - at < take) {
            // Grow geometrically, but never past this frame's declared end: an honest peer's
            // message ends with no slack, and a lying one gets at most twice what it really sent.
            const quint64 frameEnd = quint64(at) + m_remaining;
            const quint64 doubled = qMax(quint64(at + take), quint64(target.capacity()) * 2);
            target.reserve(qsizetype(qMin(frameEnd, doubled)));
        }
        target.append(data, take);
        char *landed = target.data() + at;
        if (m_maskOffset)
            unmask(landed, take, m_header + m_maskOffset, m_maskPhase);
        m_maskPhase = quint8((m_maskPhase + take) & 3);
        // Text is checked as it arrives, so a bad byte fails the connection without waiting for
        // the rest of a long or fragmented message.
        if (!control && m_messageOpcode == WsOpcode::Text && !m_messageCompressed &&
            !utf8Step(&m_utf8, reinterpret_cast<const quint8 *>(landed), take))
            return fail(Detail::InvalidUtf8);
        m_remaining -= quint64(take);
        data += take;
        if (m_remaining == 0 && !finishFrame(out))
            return false;
    }
    return m_error == Error::None;
}

bool WsFrameDecoder::parseHeader()
{
    const quint8 first = m_header[0];
    const quint8 second = m_header[1];
    if ((first & 0x30) || ((first & 0x40) && !m_rsv1Allowed))
        return fail(Detail::ReservedBits);
    const bool rsv1 = first & 0x40;
    m_fin = first & 0x80;
    m_opcode = first & 0x0F;
    // RFC 7692 §6: only the first frame of a data message carries RSV1.
    if (rsv1 && (m_opcode & 0x08 || m_opcode == WsOpcode::Continuation))
        return fail(Detail::Rsv1Misplaced);
    const bool masked = second & 0x80;
    if (!masked && m_requireMask)
        return fail(Detail::Unmasked);

    const quint8 len7 = second & 0x7F;
    quint64 length = len7;
    if (len7 == 126) {
        length = (quint64(m_header[2]) << 8) | m_header[3];
    } else if (len7 == 127) {
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | m_header[i];
        if (length >> 63)
            return fail(Detail::LengthMsbSet);
    }

    if (m_opcode & 0x08) {
        if (m_opcode != WsOpcode::Close && m_opcode != WsOpcode::Ping && m_opcode != WsOpcode::Pong)
            return fail(Detail::ReservedOpcode);
        if (length > 125)
            return fail(Detail::ControlTooLong);
        if (!m_fin)
            return fail(Detail::ControlFragmented);
    } else {
        if (m_opcode == WsOpcode::Continuation) {
            if (m_messageOpcode == 0)
                return fail(Detail::ContinuationWithoutStart);
        } else if (m_opcode == WsOpcode::Text || m_opcode == WsOpcode::Binary) {
            if (m_messageOpcode != 0)
                return fail(Detail::DataInsideFragmented);
            m_messageOpcode = m_opcode;
            m_messageCompressed = rsv1;
            m_utf8 = Utf8State();
        } else {
            return fail(Detail::ReservedOpcode);
        }
        // Checked from the header, before a byte of this frame is buffered. The subtraction
        // cannot wrap: the buffer never exceeds the limit.
        if (length > quint64(m_maxMessageBytes - m_message.size()))
            return fail(Detail::TooBig);
    }

    m_maskOffset = masked ? quint8(headerSizeFor(second) - 4) : quint8(0);
    m_maskPhase = 0;
    m_remaining = length;
    m_headerSize = 0;
    return true;
}

bool WsFrameDecoder::finishFrame(QList<Message> *out)
{
    switch (m_opcode) {
    case WsOpcode::Ping:
    case WsOpcode::Pong:
        out->append(Message{m_opcode, std::exchange(m_control, QByteArray())});
        return true;
    case WsOpcode::Close: {
        const Detail detail = checkClose(m_control, nullptr, nullptr);
        if (detail != Detail::None)
            return fail(detail);
        out->append(Message{m_opcode, std::exchange(m_control, QByteArray())});
        m_closeReceived = true;
        // A message it interrupted can never complete.
        m_message = QByteArray();
        m_messageOpcode = 0;
        return true;
    }
    default:
        break;
    }
    if (!m_fin)
        return true;
    // A text message may not end inside a character.
    if (m_messageOpcode == WsOpcode::Text && !m_messageCompressed && m_utf8.need != 0)
        return fail(Detail::InvalidUtf8);
    out->append(
        Message{m_messageOpcode, std::exchange(m_message, QByteArray()), m_messageCompressed});
    m_messageOpcode = 0;
    return true;
}

bool WsFrameDecoder::fail(Detail detail)
{
    m_detail = detail;
    switch (detail) {
    case Detail::TooBig:
        m_error = Error::TooBig;
        break;
    case Detail::InvalidUtf8:
    case Detail::CloseReasonUtf8:
        m_error = Error::InvalidUtf8;
        break;
    default:
        m_error = Error::Protocol;
        break;
    }
    // The connection is over; don't hold its buffers until the object goes.
    m_message = QByteArray();
    m_control = QByteArray();
    return false;
}

QByteArray WsFrameDecoder::errorText() const
{
    switch (m_detail) {
    case Detail::None:
        return QByteArray();
    case Detail::Unmasked:
        return QByteArrayLiteral("unmasked frame from a client");
    case Detail::ReservedBits:
        return QByteArrayLiteral("RSV bits set without a negotiated extension");
    case Detail::Rsv1Misplaced:
        return QByteArrayLiteral("RSV1 on a control or continuation frame");
    case Detail::ReservedOpcode:
        return QByteArrayLiteral("reserved opcode");
    case Detail::ControlTooLong:
        return QByteArrayLiteral("control frame longer than 125 bytes");
    case Detail::ControlFragmented:
        return QByteArrayLiteral("fragmented control frame");
    case Detail::ContinuationWithoutStart:
        return QByteArrayLiteral("continuation frame without a message in progress");
    case Detail::DataInsideFragmented:
        return QByteArrayLiteral("new data frame inside a fragmented message");
    case Detail::LengthMsbSet:
        return QByteArrayLiteral("64-bit payload length with the most significant bit set");
    case Detail::TooBig:
        return QByteArrayLiteral("message larger than ") + QByteArray::number(m_maxMessageBytes) +
               QByteArrayLiteral(" bytes");
    case Detail::InvalidUtf8:
        return QByteArrayLiteral("text message is not valid UTF-8");
    case Detail::CloseInvalid:
        return QByteArrayLiteral("invalid close frame payload or code");
    case Detail::CloseReasonUtf8:
        return QByteArrayLiteral("close reason is not valid UTF-8");
    }
    return QByteArray();
}

quint16 WsFrameDecoder::closeCodeForError() const
{
    switch (m_error) {
    case Error::None:
        return 0;
    case Error::Protocol:
        return 1002;
    case Error::InvalidUtf8:
        return 1007;
    case Error::TooBig:
        return 1009;
    }
    return 1002;
}

bool WsFrameDecoder::utf8Step(Utf8State *state, const quint8 *data, qsizetype size)
{
    Utf8State s = *state;
    qsizetype i = 0;
    while (i < size) {
        if (s.need == 0) {
            // Most text is ASCII: skip it eight bytes at a time.
            while (i + 8 <= size) {
                quint64 word;
                std::memcpy(&word, data + i, 8);
                if (word & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
            if (i == size)
                break;
            const quint8 c = data[i++];
            if (c < 0x80)
                continue;
            if (c < 0xC2) // a stray continuation byte, or C0/C1 (overlong 2-byte forms)
                return false;
            if (c < 0xE0) {
                s = {1, 0x80, 0xBF};
            } else if (c < 0xF0) {
                // E0 80..9F would be overlong; ED A0..BF are the surrogates U+D800..DFFF.
                s = {2, quint8(c == 0xE0 ? 0xA0 : 0x80), quint8(c == 0xED ? 0x9F : 0xBF)};
            } else if (c < 0xF5) {
                // F0 80..8F would be overlong; F4 90.. is above U+10FFFF.
                s = {3, quint8(c == 0xF0 ? 0x90 : 0x80), quint8(c == 0xF4 ? 0x8F : 0xBF)};
            } else {
                return false;
            }
        } else {
            const quint8 c = data[i++];
            if (c < s.lo || c > s.hi)
                return false;
            s = {quint8(s.need - 1), 0x80, 0xBF};
        }
    }
    *state = s;
    return true;
}

bool WsFrameDecoder::isValidUtf8(const QByteArray &bytes)
{
    Utf8State state;
    return utf8Step(&state, reinterpret_cast<const quint8 *>(bytes.constData()), bytes.size()) &&
           state.need == 0;
}

WsFrameDecoder::Detail WsFrameDecoder::checkClose(const QByteArray &payload, quint16 *code,
                                                  QByteArray *reason)
{
    if (payload.isEmpty()) {
        if (code)
            *code = WsFrame::NoStatusCode;
        if (reason)
            reason->clear();
        return Detail::None;
    }
    if (payload.size() < 2)
        return Detail::CloseInvalid;
    const quint16 value = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
    if (!isSendableCloseCode(value))
        return Detail::CloseInvalid;
    Utf8State state;
    if (!utf8Step(&state, reinterpret_cast<const quint8 *>(payload.constData()) + 2,
                  payload.size() - 2) ||
        state.need != 0)
        return Detail::CloseReasonUtf8;
    if (code)
        *code = value;
    if (reason)
        *reason = payload.mid(2);
    return Detail::None;
}

bool WsFrameDecoder::parseClose(const QByteArray &payload, quint16 *code, QByteArray *reason)
{
    return checkClose(payload, code, reason) == Detail::None;
}
