#include "echoorigin.h"

#include <unistd.h>

#include "net/listener.h"
#include "http/httprequestparser.h"
#include "net/reactor.h"
#include "net/stream.h"
#include "ws/wsframe.h"
#include "ws/wsframedecoder.h"
#include "ws/wshandshake.h"

namespace {
// A benchmark sends small messages; anything beyond this is a peer to be closed with 1009.
constexpr qsizetype MaxMessageBytes = 16 << 20;
// Past this much unsent output a peer that does not read stops being read: echoes wait, memory
// stays bounded.
constexpr qsizetype MaxPendingBytes = 4 << 20;

// An unmasked frame header for a payload of `size` bytes (RFC 6455 §5.2, shortest length form).
void appendHeader(QByteArray *out, quint8 opcode, qsizetype size)
{
    out->append(char(0x80 | opcode));
    if (size <= 125) {
        out->append(char(size));
    } else if (size <= 0xFFFF) {
        out->append(char(126));
        out->append(char(size >> 8));
        out->append(char(size & 0xFF));
    } else {
        out->append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out->append(char((quint64(size) >> shift) & 0xFF));
    }
}
} // namespace

class EchoOrigin::Connection final : public StreamClient, public Retirable
{
    Q_DISABLE_COPY_MOVE(Connection)

public:
    Connection(EchoOrigin *owner, int fd)
        : m_owner(owner), m_stream(Stream::adopt(owner->m_reactor.get(), fd, this)),
          m_decoder(MaxMessageBytes, true)
    {}
    ~Connection() override
    {
        if (m_stream)
            m_stream->close();
    }

private:
    void onStreamConnected(Stream *) override {}

    void onStreamData(Stream *, const char *data, qsizetype size) override
    {
        if (!m_upgraded) {
            qsizetype used = 0;
            const HttpRequestParser::State state = m_request.feed(data, size, &used);
            if (state == HttpRequestParser::State::NeedMore)
                return;
            if (state == HttpRequestParser::State::Error) {
                finish(WsHandshake::rejectResponse(m_request.errorStatus(), m_request.errorText()));
                return;
            }
            int status = 0;
            QByteArray why;
            if (!WsHandshake::validate(m_request.head(), &status, &why)) {
                finish(WsHandshake::rejectResponse(status, why));
                return;
            }
            m_stream->write(WsHandshake::acceptResponse(m_request.head()));
            m_request.reset();
            m_upgraded = true;
            data += used;
            size -= used;
            if (size == 0)
                return;
        }
        m_messages.clear();
        const bool ok = m_decoder.feed(data, size, &m_messages);
        QByteArray &out = m_owner->m_out;
        out.resize(0);
        for (const WsFrameDecoder::Message &message : std::as_const(m_messages)) {
            switch (message.opcode) {
            case WsOpcode::Text:
            case WsOpcode::Binary:
            case WsOpcode::Ping: {
                const quint8 opcode =
                    message.opcode == WsOpcode::Ping ? quint8(WsOpcode::Pong) : message.opcode;
                appendHeader(&out, opcode, message.payload.size());
                out.append(message.payload);
                if (message.opcode != WsOpcode::Ping)
                    ++m_owner->m_echoed;
                break;
            }
            case WsOpcode::Close: {
                // The peer's code goes back (1005, "no code", as an empty close), then we close.
                quint16 code = WsFrame::NoStatusCode;
                WsFrameDecoder::parseClose(message.payload, &code, nullptr);
                out.append(WsFrame::closeFrame(code, {}, false));
                finish(out);
                return;
            }
            default:
                break;
            }
        }
        if (!ok) {
            out.append(WsFrame::closeFrame(m_decoder.closeCodeForError(), {}, false));
            finish(out);
            return;
        }
        if (out.isEmpty())
            return;
        m_stream->write(out);
        if (m_stream->pendingBytes() > MaxPendingBytes)
            m_stream->setReadingPaused(true);
    }

    void onStreamDrained(Stream *) override
    {
        if (m_stream && m_stream->isReadingPaused())
            m_stream->setReadingPaused(false);
    }

    void onStreamClosed(Stream *, const QString &) override
    {
        m_stream = nullptr;
        m_owner->closed(this);
    }

    // Writes the last bytes and closes once they are out; the stream reports nothing more.
    void finish(const QByteArray &last)
    {
        m_stream->write(last);
        m_stream->closeWhenDrained();
        m_stream = nullptr;
        m_owner->closed(this);
    }

    EchoOrigin *m_owner;
    Stream *m_stream;
    HttpRequestParser m_request;
    WsFrameDecoder m_decoder;
    QList<WsFrameDecoder::Message> m_messages;
    bool m_upgraded = false;
};

EchoOrigin::EchoOrigin()
    : m_reactor(std::make_unique<Reactor>()),
      m_listener(std::make_unique<Listener>(m_reactor.get(), "echo origin",
                                            [this](int fd) { accept(fd); }))
{}

EchoOrigin::~EchoOrigin()
{
    m_listener.reset();
    for (Connection *connection : m_connections)
        delete connection;
    m_connections.clear();
    // The reactor goes last: it deletes the streams and connections it retired.
    m_reactor.reset();
}

bool EchoOrigin::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_reactor->isValid()) {
        *error = QStringLiteral("cannot create the epoll set");
        return false;
    }
    if (!m_listener->listen(address, port, error))
        return false;
    return true;
}

quint16 EchoOrigin::port() const
{
    return m_listener->serverPort();
}

void EchoOrigin::accept(qintptr descriptor)
{
    m_connections.insert(new Connection(this, int(descriptor)));
}

void EchoOrigin::closed(Connection *connection)
{
    // Deleted after this reactor round: its stream may still have events in the batch.
    if (m_connections.erase(connection) > 0)
        m_reactor->retire(connection);
}
