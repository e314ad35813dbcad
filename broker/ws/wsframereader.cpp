#include "ws/wsframereader.h"

#include <cstring>

#include "ws/wsframe.h"

namespace {

// Header size implied by its first two bytes: base, extended length, mask key.
int headerSizeFor(quint8 second)
{
    const quint8 len = second & 0x7F;
    const int extended = len == 126 ? 2 : (len == 127 ? 8 : 0);
    return 2 + extended + ((second & 0x80) ? 4 : 0);
}

} // namespace

void WsFrameReader::feed(const char *data, qsizetype size)
{
    const char *end = data + size;
    while (data < end && m_error == Error::None) {
        if (m_remaining == 0) {
            // Between frames, or inside a header: collect at most the header's bytes.
            // The header is copied a few bytes at a time; it is at most 14 bytes.
            const int needed = m_headerSize < 2 ? 2 : headerSizeFor(m_header[1]);
            const qsizetype take = qMin<qsizetype>(needed - m_headerSize, end - data);
            std::memcpy(m_header + m_headerSize, data, size_t(take));
            m_headerSize = quint8(m_headerSize + take);
            data += take;
            if (m_headerSize < 2 || m_headerSize < headerSizeFor(m_header[1]))
                continue;
            if (!parseHeader())
                return;
            // A zero-length frame ends with its header.
            if (m_remaining == 0)
                finishFrame();
            continue;
        }
        // Payload: skip the whole available run in one step, whatever its size.
        const quint64 take = qMin<quint64>(m_remaining, quint64(end - data));
        if (m_opcode == WsOpcode::Text || m_opcode == WsOpcode::Binary ||
            m_opcode == WsOpcode::Continuation) {
            m_payloadBytes += take;
        } else if (m_collectClose) {
            const qsizetype at = m_closePayload.size();
            m_closePayload.append(data, qsizetype(take));
            if (m_header[1] & 0x80) {
                const quint8 *key = m_header + headerSizeFor(m_header[1]) - 4;
                WsFrame::applyMask(m_closePayload.data() + at, qsizetype(take), key, quint64(at));
            }
        }
        m_remaining -= take;
        data += take;
        if (m_remaining == 0)
            finishFrame();
    }
}

bool WsFrameReader::parseHeader()
{
    const quint8 first = m_header[0];
    const quint8 second = m_header[1];
    m_fin = first & 0x80;
    m_opcode = first & 0x0F;
    const quint8 len7 = second & 0x7F;
    quint64 length = len7;
    if (len7 == 126) {
        length = (quint64(m_header[2]) << 8) | m_header[3];
    } else if (len7 == 127) {
        length = 0;
        for (int i = 2; i < 10; ++i)
            length = (length << 8) | m_header[i];
        if (length >> 63) {
            m_error = Error::LengthMsbSet;
            return false;
        }
    }

    const bool control = m_opcode & 0x08;
    if (control) {
        if (m_opcode != WsOpcode::Close && m_opcode != WsOpcode::Ping &&
            m_opcode != WsOpcode::Pong) {
            m_error = Error::ReservedOpcode;
            return false;
        }
        if (length > 125) {
            m_error = Error::ControlFrameTooLong;
            return false;
        }
        if (!m_fin) {
            m_error = Error::ControlFrameFragmented;
            return false;
        }
        if (m_opcode == WsOpcode::Close && length == 1) {
            m_error = Error::CloseFrameOneByte;
            return false;
        }
    } else if (m_opcode == WsOpcode::Continuation) {
        if (!m_inMessage) {
            m_error = Error::ContinuationWithoutStart;
            return false;
        }
    } else if (m_opcode == WsOpcode::Text || m_opcode == WsOpcode::Binary) {
        if (m_inMessage) {
            m_error = Error::DataFrameInsideFragmentedMessage;
            return false;
        }
    } else {
        m_error = Error::ReservedOpcode;
        return false;
    }

    // Only the first close frame is kept; a peer must not send another.
    m_collectClose = m_opcode == WsOpcode::Close && !m_closeSeen;
    if (m_collectClose)
        m_closePayload.reserve(qsizetype(length));
    m_remaining = length;
    m_headerSize = 0;
    return true;
}

void WsFrameReader::finishFrame()
{
    switch (m_opcode) {
    case WsOpcode::Text:
    case WsOpcode::Binary:
    case WsOpcode::Continuation:
        // Counted on the final frame's end, so a message is counted once and only when complete.
        m_inMessage = !m_fin;
        if (m_fin)
            ++m_messages;
        break;
    case WsOpcode::Ping:
        ++m_pings;
        break;
    case WsOpcode::Pong:
        ++m_pongs;
        break;
    case WsOpcode::Close:
        if (m_collectClose) {
            m_closeSeen = true;
            m_collectClose = false;
        }
        break;
    default:
        break;
    }
}

quint16 WsFrameReader::closeCode() const
{
    if (!m_closeSeen || m_closePayload.size() < 2)
        return WsFrame::NoStatusCode;
    return quint16((quint8(m_closePayload[0]) << 8) | quint8(m_closePayload[1]));
}

QByteArray WsFrameReader::closeReason() const
{
    return m_closeSeen && m_closePayload.size() > 2 ? m_closePayload.mid(2) : QByteArray();
}

QByteArray WsFrameReader::errorText() const
{
    switch (m_error) {
    case Error::None:
        return QByteArray();
    case Error::ReservedOpcode:
        return QByteArrayLiteral("reserved opcode");
    case Error::ControlFrameTooLong:
        return QByteArrayLiteral("control frame longer than 125 bytes");
    case Error::ControlFrameFragmented:
        return QByteArrayLiteral("fragmented control frame");
    case Error::ContinuationWithoutStart:
        return QByteArrayLiteral("continuation frame without a message in progress");
    case Error::DataFrameInsideFragmentedMessage:
        return QByteArrayLiteral("new data frame inside a fragmented message");
    case Error::LengthMsbSet:
        return QByteArrayLiteral("64-bit payload length with the most significant bit set");
    case Error::CloseFrameOneByte:
        return QByteArrayLiteral("close frame with a 1-byte payload");
    }
    return QByteArray();
}
