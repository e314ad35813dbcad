#include "http/httpheadcollector.h"

HttpHeadCollector::Result HttpHeadCollector::feed(const char *data, qsizetype size,
                                                  qsizetype *consumed)
{
    qsizetype pos = 0;
    qsizetype keepFrom = 0; // data before this is either buffered already or a skipped empty line
    while (pos < size) {
        const char *lf =
            static_cast<const char *>(std::memchr(data + pos, '\n', size_t(size - pos)));
        if (!lf) {
            const qsizetype tail = size - pos;
            if (m_lineLength == 0)
                m_lineFirst = data[pos];
            m_lineLength += tail;
            m_bytes += tail;
            *consumed = size;
            if (m_bytes > m_maxBytes)
                return Result::TooLarge;
            m_buffer.append(data + keepFrom, size - keepFrom);
            return Result::NeedMore;
        }
        const qsizetype end = lf - data + 1;
        const qsizetype segment = end - pos;
        if (m_lineLength == 0 && segment > 1)
            m_lineFirst = data[pos];
        const qsizetype lineLength = m_lineLength + segment - 1;
        m_bytes += segment;
        if (m_bytes > m_maxBytes) {
            *consumed = end;
            return Result::TooLarge;
        }
        const bool empty = lineLength == 0 || (lineLength == 1 && m_lineFirst == '\r');
        m_lineLength = 0;
        pos = end;
        if (!empty) {
            m_started = true;
        } else if (!m_started) {
            // Only a lone "\r" of this line can be buffered, as nothing before it was kept.
            m_buffer.clear();
            keepFrom = end;
        } else {
            *consumed = end;
            if (m_buffer.isEmpty()) {
                m_head = QByteArrayView(data + keepFrom, end - keepFrom);
            } else {
                m_buffer.append(data + keepFrom, end - keepFrom);
                m_head = m_buffer;
            }
            return Result::Done;
        }
    }
    *consumed = size;
    m_buffer.append(data + keepFrom, size - keepFrom);
    return Result::NeedMore;
}

void HttpHeadCollector::reset()
{
    // Dropped rather than cleared for reuse: idle keep-alive connections then hold no buffer.
    m_buffer = QByteArray();
    m_head = {};
    m_bytes = 0;
    m_lineLength = 0;
    m_lineFirst = 0;
    m_started = false;
}

bool HttpHeadCollector::nextLine(QByteArrayView head, qsizetype *pos, QByteArrayView *line)
{
    if (*pos >= head.size())
        return false;
    const qsizetype lf = head.indexOf('\n', *pos);
    const qsizetype end = lf < 0 ? head.size() : lf;
    qsizetype length = end - *pos;
    if (length > 0 && head[end - 1] == '\r')
        --length;
    *line = head.sliced(*pos, length);
    *pos = lf < 0 ? head.size() : lf + 1;
    return true;
}
