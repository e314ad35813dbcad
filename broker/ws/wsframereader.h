#pragma once

#include <QByteArray>
#include <QtGlobal>

// Counts WebSocket frames in one direction of a relayed connection. Passive: the proxy relays
// bytes unchanged and feeds the same bytes here, so payload is skipped, never buffered. Only an
// unfinished frame header (<=14 bytes) and the first close frame's payload (<=125 bytes) are kept.
// One lives per direction per connection (10,000+ connections), hence the compact state.
// Extension bits (RSV1-3) are accepted: with permessage-deflate the counts are wire bytes.
class WsFrameReader
{
public:
    enum class Error : quint8
    {
        None,
        ReservedOpcode,
        ControlFrameTooLong,
        ControlFrameFragmented,
        ContinuationWithoutStart,
        DataFrameInsideFragmentedMessage,
        LengthMsbSet,
        CloseFrameOneByte,
    };

    void feed(const char *data, qsizetype size);
    void feed(const QByteArray &data) { feed(data.constData(), data.size()); }

    // Completed text/binary messages; a fragmented message counts once, when its final frame ends.
    quint64 messages() const { return m_messages; }
    // Payload bytes of data frames (text/binary/continuation), counted as they pass.
    quint64 payloadBytes() const { return m_payloadBytes; }
    quint64 pings() const { return m_pings; }
    quint64 pongs() const { return m_pongs; }

    // The first complete close frame; later ones (a peer must not send them) don't overwrite it.
    bool closeSeen() const { return m_closeSeen; }
    quint16 closeCode() const; // 1005 if the close frame had no code
    QByteArray closeReason() const;

    // True when everything fed so far ends exactly at a frame end: a safe place to inject a
    // control frame. A data frame additionally needs !inFragmentedMessage().
    bool atFrameBoundary() const
    {
        return m_error == Error::None && m_headerSize == 0 && m_remaining == 0;
    }
    bool inFragmentedMessage() const { return m_inMessage; }
    // Where the reader stands inside a frame, so a capture started mid-stream can line up.
    bool collectingHeader() const { return m_headerSize != 0; }
    quint64 payloadRemaining() const { return m_remaining; }

    // After an error counting stops for good; the proxy keeps relaying regardless.
    bool hasError() const { return m_error != Error::None; }
    Error error() const { return m_error; }
    QByteArray errorText() const;

private:
    bool parseHeader();
    void finishFrame();

    quint64 m_remaining = 0; // payload bytes left in the current frame
    quint64 m_messages = 0;
    quint64 m_payloadBytes = 0;
    quint64 m_pings = 0;
    quint64 m_pongs = 0;
    // Unmasked close payload; empty (no allocation) until a close frame arrives.
    QByteArray m_closePayload;
    // The current frame's header; it stays after parsing so the mask key is at hand.
    quint8 m_header[14] = {};
    quint8 m_headerSize = 0; // bytes of a header still being collected; 0 once parsed
    quint8 m_opcode = 0;
    Error m_error = Error::None;
    bool m_fin = false;
    bool m_inMessage = false;
    bool m_closeSeen = false;
    bool m_collectClose = false;
};
