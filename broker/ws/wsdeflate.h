#pragma once

#include <memory>

#include <QByteArray>
#include <QList>
#include <QtGlobal>

// What a permessage-deflate negotiation (RFC 7692) agreed on, from the server's side.
struct WsDeflateParams
{
    // The server resets its compressor after every message (the client asked for it).
    bool serverNoContextTakeover = false;
    // The client promised to reset its compressor; acknowledged in the answer.
    bool clientNoContextTakeover = false;
    // Our compressor's LZ77 window, 9..15 (zlib cannot make raw deflate with 8).
    int serverMaxWindowBits = 15;

    // The Sec-WebSocket-Extensions value of the 101: "permessage-deflate" and the parameters.
    QByteArray responseValue() const;
    bool operator==(const WsDeflateParams &other) const
    {
        return serverNoContextTakeover == other.serverNoContextTakeover &&
               clientNoContextTakeover == other.clientNoContextTakeover &&
               serverMaxWindowBits == other.serverMaxWindowBits;
    }
};

// permessage-deflate for a WebSocket the broker terminates: the server's negotiation and the
// per-connection codec. Each side's zlib stream is made on first use, so a connection that never
// sends or receives a compressed message holds no zlib memory (a compressor with a 15-bit window
// takes about 256 KiB, an inflater about 40 KiB).
class WsDeflate
{
    Q_DISABLE_COPY_MOVE(WsDeflate)

public:
    enum class Result : quint8
    {
        Ok,
        Corrupt, // not a valid deflate stream: close 1007
        TooBig,  // inflates past the limit: close 1009
    };

    // Reads the client's Sec-WebSocket-Extensions values (several header lines are one list) and
    // picks the first permessage-deflate offer it can honour (RFC 7692 §5, §7.1). An offer with an
    // unknown or repeated parameter, or an invalid value, is declined and the next one tried;
    // server_max_window_bits=8 is declined because zlib's raw deflate cannot keep to it. A list
    // that does not parse (RFC 6455 §9.1) declines the extension altogether; the handshake goes
    // on without it. False when nothing was agreed; *why (if given) then says why, or stays empty
    // when no permessage-deflate was offered.
    static bool negotiate(const QList<QByteArray> &headerValues, WsDeflateParams *agreed,
                          QByteArray *why = nullptr);

    explicit WsDeflate(const WsDeflateParams &params);
    ~WsDeflate();

    // One whole message compressed for a frame with RSV1 (the 00 00 ff ff tail removed).
    QByteArray compress(const QByteArray &message);
    // One whole compressed message's payload (all its frames joined). At most maxBytes are
    // produced; a stream that would give more stops there with TooBig, so a zip bomb costs at
    // most maxBytes of memory.
    Result decompress(const QByteArray &payload, qsizetype maxBytes, QByteArray *out);
    // What zlib said about the last Corrupt result.
    QByteArray errorText() const { return m_errorText; }

private:
    struct Streams;
    WsDeflateParams m_params;
    std::unique_ptr<Streams> m_streams;
    QByteArray m_errorText;
};
