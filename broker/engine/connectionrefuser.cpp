#include "engine/connectionrefuser.h"

#include <utility>

#include <unistd.h>

#include "http/httpheaders.h"
#include "http/httpwriter.h"

namespace {
constexpr qsizetype HeadBytesMax = 16 * 1024;
} // namespace

ConnectionRefuser::ConnectionRefuser(Reactor *reactor, int fd, SSL_CTX *tls, const QByteArray &why,
                                     std::function<void()> done, QObject *parent)
    : QObject(parent), m_deadline(this), m_done(std::move(done)), m_why(why)
{
    QString error;
    m_stream =
        tls ? Stream::adoptTls(reactor, fd, this, tls, &error) : Stream::adopt(reactor, fd, this);
    if (!m_stream) {
        ::close(fd);
        end();
        return;
    }
    m_deadline.setSingleShot(true);
    m_deadline.callOnTimeout(this, [this] {
        if (m_stream && m_stream->state() == Stream::State::Open)
            answer();
        else
            end();
    });
    m_deadline.start(AnswerWithinMs);
}

ConnectionRefuser::~ConnectionRefuser()
{
    if (m_stream)
        m_stream->close();
}

void ConnectionRefuser::onStreamData(Stream *, const char *data, qsizetype size)
{
    m_head.append(data, qMin(size, HeadBytesMax - m_head.size()));
    if (m_head.contains("\r\n\r\n") || m_head.size() >= HeadBytesMax)
        answer();
}

void ConnectionRefuser::onStreamClosed(Stream *, const QString &)
{
    m_stream = nullptr;
    end();
}

void ConnectionRefuser::answer()
{
    if (!m_stream)
        return;
    HttpHeaders extra;
    extra.add("Retry-After", QByteArray::number(RetryAfterSeconds));
    m_stream->write(
        HttpWriter::errorResponse(503, "holdfast: " + m_why + "; try again later", extra));
    m_stream->closeAfterLinger();
    m_stream = nullptr;
    end();
}

void ConnectionRefuser::end()
{
    m_deadline.stop();
    if (m_done) {
        auto done = std::move(m_done);
        m_done = nullptr;
        done();
    }
    deleteLater();
}
