#include "ws/wsframecapture.h"

namespace {
constexpr quint64 maxPayload = quint64(1) << 62;
}

bool WsFrameCapture::parseHeader()
{
    if (m_header.size() < 2)
        return false;
    const auto byte = [this](int i) { return quint8(m_header.at(i)); };
    const quint8 lengthCode = byte(1) & 0x7f;
    const int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
    m_masked = (byte(1) & 0x80) != 0;
    const int needed = 2 + lengthBytes + (m_masked ? 4 : 0);
    if (m_header.size() < needed)
        return false;
    quint64 length = lengthCode;
    if (lengthBytes) {
        length = 0;
        for (int i = 0; i < lengthBytes; ++i)
            length = (length << 8) | byte(2 + i);
    }
    if (length > maxPayload) {
        m_broken = true;
        return false;
    }
    for (int i = 0; i < 4 && m_masked; ++i)
        m_mask[i] = byte(2 + lengthBytes + i);
    m_frame = Frame();
    m_frame.opcode = byte(0) & 0x0f;
    m_frame.fin = (byte(0) & 0x80) != 0;
    m_frame.compressed = (byte(0) & 0x40) != 0;
    m_frame.size = length;
    m_remaining = length;
    m_offset = 0;
    m_inPayload = true;
    m_header.clear();
    return true;
}

QList<WsFrameCapture::Frame> WsFrameCapture::feed(const char *data, qsizetype size)
{
    QList<Frame> frames;
    if (!m_synced || m_broken)
        return frames;
    qsizetype pos = 0;
    if (m_skip > 0) {
        const quint64 skipped = qMin<quint64>(m_skip, quint64(size));
        m_skip -= skipped;
        pos += qsizetype(skipped);
    }
    while (pos < size && !m_broken) {
        if (!m_inPayload) {
            m_header.append(data[pos++]);
            if (!parseHeader() || m_remaining > 0)
                continue;
        } else {
            const qsizetype take = qsizetype(qMin<quint64>(m_remaining, quint64(size - pos)));
            const qsizetype room = m_keep - m_frame.payload.size();
            for (qsizetype i = 0; i < qMin(take, room); ++i) {
                const quint64 at = m_offset + quint64(i);
                const char raw = data[pos + i];
                m_frame.payload.append(m_masked ? char(raw ^ char(m_mask[at % 4])) : raw);
            }
            m_offset += quint64(take);
            m_remaining -= quint64(take);
            pos += take;
            if (m_remaining > 0)
                continue;
        }
        m_inPayload = false;
        frames.append(std::move(m_frame));
        m_frame = Frame();
    }
    return frames;
}
