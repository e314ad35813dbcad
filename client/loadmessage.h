#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The content the load publisher sends: "hfl:<sequence>:<send time>", the send time in
// microseconds of the system clock, so a client in another process on the same machine (or a
// synchronised one) measures delivery latency as receive time minus send time.
class LoadMessage
{
public:
    static QByteArray encode(quint64 sequence, qint64 sentMicros);
    // Accepts surrounding whitespace (a stream line's CR, a long-poll body's LF).
    static bool decode(QByteArrayView text, quint64 *sequence, qint64 *sentMicros);
    // CLOCK_REALTIME in microseconds.
    static qint64 nowMicros();
};
