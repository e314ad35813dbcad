#include "loadmessage.h"

#include <time.h>

namespace {
bool readNumber(QByteArrayView text, qsizetype *pos, quint64 *value)
{
    const qsizetype start = *pos;
    quint64 result = 0;
    while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9' && *pos - start < 19) {
        result = result * 10 + quint64(text[*pos] - '0');
        ++*pos;
    }
    *value = result;
    return *pos > start;
}
} // namespace

QByteArray LoadMessage::encode(quint64 sequence, qint64 sentMicros)
{
    return "hfl:" + QByteArray::number(sequence) + ':' + QByteArray::number(sentMicros);
}

bool LoadMessage::decode(QByteArrayView text, quint64 *sequence, qint64 *sentMicros)
{
    text = text.trimmed();
    if (!text.startsWith("hfl:"))
        return false;
    qsizetype pos = 4;
    quint64 seq = 0;
    quint64 sent = 0;
    if (!readNumber(text, &pos, &seq) || pos >= text.size() || text[pos] != ':')
        return false;
    ++pos;
    if (!readNumber(text, &pos, &sent) || pos != text.size())
        return false;
    *sequence = seq;
    *sentMicros = qint64(sent);
    return true;
}

qint64 LoadMessage::nowMicros()
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return qint64(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}
