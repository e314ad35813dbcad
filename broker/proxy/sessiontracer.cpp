#include "proxy/sessiontracer.h"

#include "proxy/connectionregistry.h"
#include "grip/gripinstruction.h"
#include "grip/griplint.h"
#include "grip/wsevent.h"
#include "http/httprequestparser.h"
#include "http/httpresponseparser.h"
#include "ws/wsframe.h"
#include "ws/wsframedecoder.h"
#include "ws/wsframereader.h"

namespace {

QByteArray headerLines(const HttpHeaders &headers)
{
    QByteArray out;
    for (const HttpHeader &header : headers.list())
        out += header.name + ": " + header.value + "\r\n";
    return out;
}

QString shortText(const QByteArray &bytes)
{
    return WsEventCodec::escapeForLog(bytes, 80);
}

} // namespace

SessionTracer::SessionTracer(ConnectionRegistry &registry, quint64 connectionId)
    : m_registry(registry), m_id(connectionId), m_capture{WsFrameCapture(TraceEntry::maxBytes),
                                                          WsFrameCapture(TraceEntry::maxBytes)}
{}

void SessionTracer::add(Direction direction, Kind kind, const QByteArray &bytes, qsizetype size,
                        const QString &summary)
{
    m_registry.trace(TraceEntry::make(m_id, direction, kind, bytes.constData(), size, summary));
}

void SessionTracer::note(const QString &text)
{
    add(Direction::Broker, Kind::Note, {}, 0, text);
}

void SessionTracer::warning(const QString &text)
{
    add(Direction::Broker, Kind::Warning, {}, 0, text);
}

void SessionTracer::requestHead(const HttpRequestHead &head)
{
    const QByteArray line = head.method + ' ' + head.target + " HTTP/" +
                            QByteArray::number(head.versionMajor) + '.' +
                            QByteArray::number(head.versionMinor);
    const QByteArray text = line + "\r\n" + headerLines(head.headers);
    add(Direction::FromClient, Kind::HttpHead, text, text.size(), QString::fromUtf8(line));
}

void SessionTracer::responseHead(Direction direction, const HttpResponseHead &head)
{
    const QByteArray line = "HTTP/" + QByteArray::number(head.versionMajor) + '.' +
                            QByteArray::number(head.versionMinor) + ' ' +
                            QByteArray::number(head.status) + ' ' + head.reason;
    const QByteArray text = line + "\r\n" + headerLines(head.headers);
    add(direction, Kind::HttpHead, text, text.size(), QString::fromUtf8(line));
}

void SessionTracer::gripResponse(const HttpResponseHead &head)
{
    GripInstruction instruction;
    QString error;
    const QByteArray headers = GripLint::gripHeaderLines(head.headers).toUtf8();
    const QString summary = GripInstruction::parse(head.headers, &instruction, &error)
                                ? GripLint::describe(instruction)
                                : QStringLiteral("unreadable: %1").arg(error);
    add(Direction::FromBackend, Kind::Instruction, headers, headers.size(),
        QStringLiteral("%1 → %2").arg(head.status).arg(summary));
    for (const QString &text : GripLint::responseWarnings(head.status, head.headers))
        warning(text);
}

void SessionTracer::body(Direction direction, const QByteArray &bytes)
{
    add(direction, Kind::Body, bytes, bytes.size(),
        QStringLiteral("%1 B: %2").arg(bytes.size()).arg(shortText(bytes)));
}

QString SessionTracer::frameSummary(const WsFrameCapture::Frame &frame)
{
    QString text;
    if (frame.opcode == WsOpcode::Close) {
        quint16 code = 1005;
        QByteArray reason;
        if (WsFrameDecoder::parseClose(frame.payload, &code, &reason))
            text = QStringLiteral("close %1 \"%2\"").arg(code).arg(QString::fromUtf8(reason));
        else
            text = QStringLiteral("close (malformed payload)");
    } else {
        text = QStringLiteral("%1 B").arg(frame.size);
        if (frame.compressed)
            text += QStringLiteral(", compressed");
        else if (frame.opcode != WsOpcode::Binary && !frame.payload.isEmpty())
            text += QStringLiteral(": ") + shortText(frame.payload);
    }
    if (!frame.fin)
        text += QStringLiteral(" (more fragments follow)");
    return text;
}

void SessionTracer::frames(bool fromClient, const char *data, qsizetype size)
{
    const QList<WsFrameCapture::Frame> captured = m_capture[fromClient ? 0 : 1].feed(data, size);
    for (const WsFrameCapture::Frame &frame : captured)
        record(fromClient, frame);
}

void SessionTracer::message(bool fromClient, quint8 opcode, const QByteArray &payload)
{
    WsFrameCapture::Frame frame;
    frame.opcode = opcode;
    frame.size = quint64(payload.size());
    frame.payload = payload.left(TraceEntry::maxBytes);
    record(fromClient, frame);
}

void SessionTracer::record(bool fromClient, const WsFrameCapture::Frame &frame)
{
    Kind kind = Kind::Binary;
    switch (frame.opcode) {
    case WsOpcode::Continuation:
        kind = Kind::Continuation;
        break;
    case WsOpcode::Text:
        kind = Kind::Text;
        break;
    case WsOpcode::Ping:
        kind = Kind::Ping;
        break;
    case WsOpcode::Pong:
        kind = Kind::Pong;
        break;
    case WsOpcode::Close:
        kind = Kind::Close;
        break;
    default:
        break;
    }
    TraceEntry entry =
        TraceEntry::make(m_id, fromClient ? Direction::FromClient : Direction::ToClient, kind,
                         frame.payload.constData(), frame.payload.size(), frameSummary(frame));
    entry.size = frame.size;
    m_registry.trace(std::move(entry));
}

void SessionTracer::alignWith(bool fromClient, const WsFrameReader &reader)
{
    WsFrameCapture &capture = m_capture[fromClient ? 0 : 1];
    if (reader.atFrameBoundary())
        capture.sync();
    else if (!reader.hasError() && !reader.collectingHeader())
        capture.skip(reader.payloadRemaining());
    else
        capture.unsync();
}

void SessionTracer::alignAfterFeed(bool fromClient, const WsFrameReader &reader)
{
    WsFrameCapture &capture = m_capture[fromClient ? 0 : 1];
    if (!capture.isSynced() && reader.atFrameBoundary())
        capture.sync();
}

QString SessionTracer::eventsSummary(const QList<WsEvent> &events)
{
    QStringList parts;
    for (const WsEvent &event : events) {
        QString part = QString::fromLatin1(WsEventCodec::typeName(event.type));
        if (event.type == WsEvent::Type::Text || event.type == WsEvent::Type::Binary)
            part += QStringLiteral(" %1").arg(event.content.size());
        if (event.type == WsEvent::Type::Text && event.content.startsWith("c:"))
            part += QStringLiteral(" control ") + shortText(event.content.mid(2));
        parts << part;
    }
    return parts.isEmpty() ? QStringLiteral("no events") : parts.join(QLatin1String(", "));
}

void SessionTracer::wsRequest(const QList<WsEvent> &events, qsizetype bytes)
{
    const QByteArray body = WsEventCodec::encode(events);
    add(Direction::ToBackend, Kind::Events, body, bytes,
        QStringLiteral("POST %1").arg(eventsSummary(events)));
}

void SessionTracer::wsResponse(const HttpResponseHead &head, const QByteArray &body)
{
    QList<WsEvent> events;
    QString error;
    const QString summary = WsEventCodec::decode(body, &events, &error)
                                ? eventsSummary(events)
                                : QStringLiteral("unreadable events");
    const QByteArray text = "HTTP/1.1 " + QByteArray::number(head.status) + ' ' + head.reason +
                            "\r\n" + headerLines(head.headers) + "\r\n" + body;
    add(Direction::FromBackend, Kind::Events, text, text.size(),
        QStringLiteral("%1 %2").arg(head.status).arg(summary));
    for (const QString &advice : GripLint::wsResponseWarnings(head.status, head.headers, body))
        warning(advice);
}
