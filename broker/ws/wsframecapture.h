#pragma once

#include <QByteArray>
#include <QList>
#include <QtGlobal>

// Splits one direction of a WebSocket byte stream into frames for display: opcode, flags, size
// and the first bytes of the payload, unmasked. Unlike WsFrameReader it keeps payload, so it only
// runs for a connection someone is watching. It may start in the middle of a stream: skip() the
// rest of the frame in flight, or start unsynced and sync() once the caller knows a boundary.
class WsFrameCapture
{
public:
    struct Frame
    {
        quint8 opcode = 0;
        bool fin = true;
        bool compressed = false; // RSV1: permessage-deflate, the payload is not plain text
        quint64 size = 0;        // whole payload size
        QByteArray payload;      // its first keepBytes, unmasked
    };

    explicit WsFrameCapture(qsizetype keepBytes) : m_keep(keepBytes) {}

    void skip(quint64 bytes)
    {
        m_skip = bytes;
        m_synced = true;
    }
    void unsync() { m_synced = false; }
    void sync() { m_synced = true; }
    bool isSynced() const { return m_synced; }

    // Frames completed by these bytes. A malformed header stops capturing for good.
    QList<Frame> feed(const char *data, qsizetype size);

private:
    bool parseHeader();

    QByteArray m_header;
    Frame m_frame;
    quint64 m_remaining = 0;
    quint64 m_offset = 0; // payload bytes of the current frame seen so far
    quint64 m_skip = 0;
    qsizetype m_keep = 0;
    quint8 m_mask[4] = {};
    bool m_masked = false;
    bool m_inPayload = false;
    bool m_synced = true;
    bool m_broken = false;
};
