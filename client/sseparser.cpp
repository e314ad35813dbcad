#include "sseparser.h"

#include <cstring>
#include <utility>

namespace {
const char Bom[] = "\xEF\xBB\xBF";

bool allDigits(const char *text, qsizetype size)
{
    if (size == 0)
        return false;
    for (qsizetype i = 0; i < size; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
    }
    return true;
}
} // namespace

void SseParser::feed(const char *data, qsizetype size, QList<SseEvent> *out)
{
    qsizetype pos = 0;
    if (!m_bomChecked) {
        while (pos < size && m_bomMatched < 3 && data[pos] == Bom[m_bomMatched]) {
            ++m_bomMatched;
            ++pos;
        }
        if (m_bomMatched == 3) {
            m_bomChecked = true;
        } else if (pos < size) {
            // A BOM prefix followed by something else was text after all.
            m_line.append(Bom, m_bomMatched);
            m_bomChecked = true;
        } else {
            return;
        }
    }
    if (m_skipLf && pos < size) {
        if (data[pos] == '\n')
            ++pos;
        m_skipLf = false;
    }
    while (pos < size) {
        qsizetype end = pos;
        while (end < size && data[end] != '\n' && data[end] != '\r')
            ++end;
        if (end == size) {
            m_line.append(data + pos, size - pos);
            return;
        }
        if (m_line.isEmpty()) {
            processLine(data + pos, end - pos, out);
        } else {
            m_line.append(data + pos, end - pos);
            processLine(m_line.constData(), m_line.size(), out);
            m_line.resize(0);
        }
        pos = end + 1;
        if (data[end] == '\r') {
            if (pos < size && data[pos] == '\n')
                ++pos;
            else if (pos == size)
                m_skipLf = true;
        }
    }
}

void SseParser::processLine(const char *line, qsizetype size, QList<SseEvent> *out)
{
    if (size == 0) {
        dispatch(out);
        return;
    }
    if (line[0] == ':')
        return;
    const char *colon = static_cast<const char *>(std::memchr(line, ':', size_t(size)));
    const qsizetype nameSize = colon ? colon - line : size;
    const char *value = colon ? colon + 1 : line + size;
    qsizetype valueSize = colon ? size - nameSize - 1 : 0;
    if (valueSize > 0 && *value == ' ') {
        ++value;
        --valueSize;
    }
    const QByteArrayView name(line, nameSize);
    if (name == "data") {
        m_data.append(value, valueSize);
        m_data.append('\n');
    } else if (name == "event") {
        m_type = QByteArray(value, valueSize);
    } else if (name == "id") {
        if (!std::memchr(value, '\0', size_t(valueSize)))
            m_lastEventId = QByteArray(value, valueSize);
    } else if (name == "retry") {
        if (allDigits(value, valueSize) && valueSize < 16)
            m_retryMs = QByteArray(value, valueSize).toLongLong();
    }
}

void SseParser::dispatch(QList<SseEvent> *out)
{
    if (m_data.isEmpty()) {
        m_type.clear();
        return;
    }
    m_data.chop(1);
    SseEvent event;
    event.type = m_type.isEmpty() ? QByteArray("message") : m_type;
    event.data = std::move(m_data);
    event.lastEventId = m_lastEventId;
    out->append(std::move(event));
    m_data = QByteArray();
    m_type.clear();
}

void SseParser::reset()
{
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_bomMatched = 0;
    m_bomChecked = false;
    m_skipLf = false;
}
