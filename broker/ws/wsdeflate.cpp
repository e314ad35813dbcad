#include "ws/wsdeflate.h"

#include <zlib.h>

#include "http/httpheaders.h"

namespace {

constexpr int DefaultWindowBits = 15;
// Output grows from this, doubling, never past the caller's limit.
constexpr qsizetype FirstOutputChunk = 4096;
const QByteArray ExtensionName = QByteArrayLiteral("permessage-deflate");

struct Param
{
    QByteArray name;
    QByteArray value;
    bool hasValue = false;
};

struct Offer
{
    QByteArray name;
    QList<Param> params;
};

// RFC 6455 §9.1: extension-list = 1#extension; extension = token *(";" param);
// param = token ["=" (token / quoted-string)]. Strict: anything else fails the whole list.
class ListParser
{
public:
    explicit ListParser(QByteArrayView text) : m_text(text) {}

    bool parse(QList<Offer> *offers)
    {
        while (true) {
            skipSpace();
            if (atEnd())
                return true;
            if (peek() == ',') { // empty list elements are allowed (RFC 9110 §5.6.1)
                ++m_pos;
                continue;
            }
            Offer offer;
            if (!token(&offer.name))
                return false;
            skipSpace();
            while (!atEnd() && peek() == ';') {
                ++m_pos;
                skipSpace();
                Param param;
                if (!token(&param.name))
                    return false;
                skipSpace();
                if (!atEnd() && peek() == '=') {
                    ++m_pos;
                    skipSpace();
                    param.hasValue = true;
                    if (!(atEnd()         ? false
                          : peek() == '"' ? quoted(&param.value)
                                          : token(&param.value)))
                        return false;
                    skipSpace();
                }
                offer.params.append(param);
            }
            offers->append(offer);
            if (atEnd())
                return true;
            if (peek() != ',')
                return false;
            ++m_pos;
        }
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    bool token(QByteArray *out)
    {
        const qsizetype start = m_pos;
        while (!atEnd() && HttpHeaders::isToken(m_text.sliced(m_pos, 1)))
            ++m_pos;
        *out = m_text.sliced(start, m_pos - start).toByteArray();
        return m_pos > start;
    }
    bool quoted(QByteArray *out)
    {
        ++m_pos; // the opening quote
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return true;
            if (c == '\\') {
                if (atEnd())
                    return false;
                *out += m_text[m_pos++];
            } else {
                *out += c;
            }
        }
        return false;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

// RFC 7692 §7.1.2: 1*DIGIT without leading zeros, 8..15.
bool windowBits(const QByteArray &value, int *bits)
{
    if (value.isEmpty() || value.size() > 2 || value.startsWith('0'))
        return false;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return false;
    }
    *bits = value.toInt();
    return *bits >= 8 && *bits <= 15;
}

// One offer's parameters (RFC 7692 §7.1): false with *why for one to decline.
bool acceptOffer(const Offer &offer, WsDeflateParams *out, QByteArray *why)
{
    WsDeflateParams params;
    QList<QByteArray> seen;
    for (const Param &param : offer.params) {
        const QByteArray name = param.name.toLower();
        if (seen.contains(name)) {
            *why = "parameter " + name + " repeated";
            return false;
        }
        seen.append(name);
        if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
            if (param.hasValue) {
                *why = "parameter " + name + " with a value";
                return false;
            }
            (name == "server_no_context_takeover" ? params.serverNoContextTakeover
                                                  : params.clientNoContextTakeover) = true;
        } else if (name == "server_max_window_bits") {
            int bits = 0;
            if (!param.hasValue || !windowBits(param.value, &bits)) {
                *why = "server_max_window_bits needs a value from 8 to 15";
                return false;
            }
            if (bits == 8) {
                *why = "server_max_window_bits=8 is not supported (zlib's smallest raw deflate "
                       "window is 9 bits)";
                return false;
            }
            params.serverMaxWindowBits = bits;
        } else if (name == "client_max_window_bits") {
            // Without a value the client only says it could keep to one; with one, it will.
            // Either way our inflater's 15-bit window reads whatever it sends.
            int bits = 0;
            if (param.hasValue && !windowBits(param.value, &bits)) {
                *why = "client_max_window_bits value not from 8 to 15";
                return false;
            }
        } else {
            *why = "unknown parameter " + param.name;
            return false;
        }
    }
    *out = params;
    return true;
}

} // namespace

struct WsDeflate::Streams
{
    z_stream deflater{};
    z_stream inflater{};
    bool deflaterReady = false;
    bool inflaterReady = false;

    ~Streams()
    {
        if (deflaterReady)
            deflateEnd(&deflater);
        if (inflaterReady)
            inflateEnd(&inflater);
    }
};

QByteArray WsDeflateParams::responseValue() const
{
    QByteArray value = ExtensionName;
    if (serverNoContextTakeover)
        value += "; server_no_context_takeover";
    if (clientNoContextTakeover)
        value += "; client_no_context_takeover";
    if (serverMaxWindowBits != DefaultWindowBits)
        value += "; server_max_window_bits=" + QByteArray::number(serverMaxWindowBits);
    return value;
}

bool WsDeflate::negotiate(const QList<QByteArray> &headerValues, WsDeflateParams *agreed,
                          QByteArray *why)
{
    QByteArray reason;
    QList<Offer> offers;
    for (const QByteArray &value : headerValues) {
        if (!ListParser(value).parse(&offers)) {
            if (why)
                *why = "Sec-WebSocket-Extensions does not parse";
            return false;
        }
    }
    for (const Offer &offer : std::as_const(offers)) {
        if (!HttpHeaders::equalsIgnoreCase(offer.name, ExtensionName))
            continue;
        QByteArray declined;
        if (acceptOffer(offer, agreed, &declined))
            return true;
        reason += (reason.isEmpty() ? "" : "; ") + declined;
    }
    if (why)
        *why = reason.isEmpty() ? QByteArray() : "offer declined: " + reason;
    return false;
}

WsDeflate::WsDeflate(const WsDeflateParams &params)
    : m_params(params), m_streams(std::make_unique<Streams>())
{}

WsDeflate::~WsDeflate() = default;

QByteArray WsDeflate::compress(const QByteArray &message)
{
    // An empty message is one 00 byte, an empty stored block once the tail is put back (RFC 7692
    // §7.2.3). zlib would give nothing at all for a second flush with no input in between.
    if (message.isEmpty())
        return QByteArray(1, '\0');
    z_stream &z = m_streams->deflater;
    if (!m_streams->deflaterReady) {
        // memLevel 8 is zlib's default; a negative window means raw deflate (RFC 7692 §7.2.1).
        const int rc = deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
                                    -m_params.serverMaxWindowBits, 8, Z_DEFAULT_STRATEGY);
        Q_ASSERT(rc == Z_OK);
        if (rc != Z_OK)
            qFatal("deflateInit2 failed: %d", rc);
        m_streams->deflaterReady = true;
    }
    QByteArray out;
    out.resize(qsizetype(deflateBound(&z, uLong(message.size()))) + 16);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(message.constData()));
    z.avail_in = uInt(message.size());
    qsizetype produced = 0;
    do {
        if (produced == out.size())
            out.resize(out.size() * 2);
        z.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        z.avail_out = uInt(out.size() - produced);
        const int rc = deflate(&z, Z_SYNC_FLUSH);
        // Z_BUF_ERROR only means no progress was possible, which the loop condition covers.
        Q_ASSERT(rc == Z_OK || rc == Z_BUF_ERROR);
        produced = out.size() - qsizetype(z.avail_out);
    } while (z.avail_out == 0);
    // A sync flush ends with an empty stored block, 00 00 ff ff; RFC 7692 §7.2.1 drops it.
    Q_ASSERT(produced >= 4 && out.mid(produced - 4, 4) == QByteArray("\x00\x00\xff\xff", 4));
    out.truncate(qMax<qsizetype>(produced - 4, 0));
    if (m_params.serverNoContextTakeover)
        deflateReset(&z);
    return out;
}

WsDeflate::Result WsDeflate::decompress(const QByteArray &payload, qsizetype maxBytes,
                                        QByteArray *out)
{
    // Some senders (Python's websockets, for one) send an empty message as an empty payload.
    if (payload.isEmpty()) {
        out->clear();
        return Result::Ok;
    }
    z_stream &z = m_streams->inflater;
    if (!m_streams->inflaterReady) {
        // 15 bits reads every window a client may have used (RFC 7692 §7.1.2.2).
        const int rc = inflateInit2(&z, -DefaultWindowBits);
        if (rc != Z_OK) {
            m_errorText = "inflateInit2 failed";
            return Result::Corrupt;
        }
        m_streams->inflaterReady = true;
    }
    // The tail the sender removed (§7.2.2).
    const QByteArray input = payload + QByteArray("\x00\x00\xff\xff", 4);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    z.avail_in = uInt(input.size());
    out->clear();
    qsizetype produced = 0;
    bool streamEnded = false;
    bool atBoundary = false; // after the last call that made progress

    while (true) {
        if (produced > maxBytes) {
            *out = QByteArray();
            inflateReset(&z); // the connection is closing; its dictionary no longer matters
            return Result::TooBig;
        }
        if (produced == out->size()) {
            // Room for one byte past the limit, so going over is seen without inflating more.
            const qsizetype grown = qMin(qMax(out->size() * 2, FirstOutputChunk), maxBytes + 1);
            out->resize(grown);
        }
        z.next_out = reinterpret_cast<Bytef *>(out->data() + produced);
        z.avail_out = uInt(out->size() - produced);
        const int rc = inflate(&z, Z_SYNC_FLUSH);
        produced = out->size() - qsizetype(z.avail_out);
        // zlib sets 128 in data_type when it stopped between blocks. A call that could do nothing
        // (Z_BUF_ERROR) says nothing new: inflate() starts every call by leaving that state.
        if (rc == Z_OK)
            atBoundary = z.data_type & 128;
        if (rc == Z_STREAM_END) {
            // A block marked final ends the deflate stream (RFC 7692 §7.2.3.4 allows it); the
            // tail we appended is then not part of it, and the next message starts afresh.
            inflateReset(&z);
            if (z.avail_in <= 4) {
                streamEnded = true;
                break;
            }
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_out > 0)
            break; // all input consumed and all output flushed
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            m_errorText = z.msg ? QByteArray(z.msg) : QByteArray::number(rc);
            *out = QByteArray();
            return Result::Corrupt;
        }
        if (z.avail_in == 0 && z.avail_out > 0)
            break;
    }
    if (produced > maxBytes) {
        *out = QByteArray();
        return Result::TooBig;
    }
    // A whole message ends on a block boundary once the tail is read. One cut short swallows the
    // tail as block data and stops inside a block.
    if (!streamEnded && !atBoundary) {
        m_errorText = "message ends inside a deflate block";
        *out = QByteArray();
        inflateReset(&z);
        return Result::Corrupt;
    }
    out->truncate(produced);
    if (m_params.clientNoContextTakeover)
        inflateReset(&z);
    return Result::Ok;
}
