#pragma once

#include <cstddef>
#include <cstdint>

#include <QtGlobal>

// Cuts a fuzz input into the pieces a socket could deliver it in: the first byte seeds the piece
// sizes, so the stream parsers' carry-over between reads is fuzzed too and not just one big read.
// Seeds in corpus/ therefore start with that byte (0 = the rest in one read).
class FuzzPieces
{
public:
    FuzzPieces(const std::uint8_t *data, std::size_t size)
        : m_data(reinterpret_cast<const char *>(data)), m_size(qsizetype(size))
    {
        if (m_size > 0) {
            m_seed = std::uint8_t(m_data[0]);
            ++m_data;
            --m_size;
        }
    }

    // The next piece (1..64 bytes, or everything left when the seed is 0); false at the end.
    bool next(const char **piece, qsizetype *pieceSize)
    {
        if (m_pos >= m_size)
            return false;
        qsizetype len = m_size - m_pos;
        if (m_seed != 0) {
            m_seed = std::uint8_t(m_seed * 33u + 7u);
            len = qMin(len, qsizetype(1 + m_seed % 64));
        }
        *piece = m_data + m_pos;
        *pieceSize = len;
        m_pos += len;
        return true;
    }

    const char *data() const { return m_data; }
    qsizetype size() const { return m_size; }

private:
    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    std::uint8_t m_seed = 0;
};
