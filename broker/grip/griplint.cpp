#include "grip/griplint.h"

#include "grip/wscontrolmessage.h"
#include "grip/wsevent.h"

namespace {

QString quoted(const QByteArray &text)
{
    return QLatin1Char('\'') + QString::fromUtf8(text) + QLatin1Char('\'');
}

} // namespace

QStringList GripLint::responseWarnings(int status, const HttpHeaders &headers)
{
    QStringList warnings;
    GripInstruction instruction;
    QString error;
    if (!GripInstruction::parse(headers, &instruction, &error)) {
        warnings << QStringLiteral("The GRIP instruction cannot be read (%1), so the client got "
                                   "502 Bad Gateway instead of being held.")
                        .arg(error);
        return warnings;
    }
    const bool instructBody = GripInstruction::isInstructContentType(headers);
    if (instruction.hold != GripInstruction::Hold::None && instruction.channels.isEmpty())
        warnings << QStringLiteral("Grip-Hold without a Grip-Channel: the connection is held but "
                                   "no publish can ever reach it.");
    if (instruction.hold == GripInstruction::Hold::None && !instruction.channels.isEmpty() &&
        !instructBody)
        warnings << QStringLiteral("Grip-Channel without Grip-Hold: nothing is held, the "
                                   "response went to the client as it is.");
    if (instructBody && status != 200)
        warnings << QStringLiteral("An application/grip-instruct body must come with status 200, "
                                   "not %1.")
                        .arg(status);
    const QByteArray timeout = headers.value("Grip-Timeout").trimmed();
    if (!timeout.isEmpty() && timeout.toLongLong() < GripInstruction::minimumTimeoutSecs)
        warnings << QStringLiteral("Grip-Timeout %1 is below the minimum; %2 s is used.")
                        .arg(QString::fromLatin1(timeout))
                        .arg(GripInstruction::minimumTimeoutSecs);
    if (instruction.hold == GripInstruction::Hold::Stream && !instruction.keepAlive.enabled)
        warnings << QStringLiteral("A stream without Grip-Keep-Alive: proxies and browsers may "
                                   "drop it when nothing is published for a while.");
    for (const GripChannel &channel : std::as_const(instruction.channels)) {
        if (channel.name.contains(' ') || channel.name.contains(','))
            warnings << QStringLiteral("Channel %1 contains a space or comma; publishers rarely "
                                       "spell it the same way.")
                            .arg(quoted(channel.name));
    }
    for (const QByteArray &name : std::as_const(instruction.unsupportedHeaders))
        warnings << QStringLiteral("%1 is not supported by Holdfast yet and was ignored.")
                        .arg(QString::fromLatin1(name));
    return warnings;
}

QStringList GripLint::wsResponseWarnings(int status, const HttpHeaders &headers,
                                         const QByteArray &body)
{
    QStringList warnings;
    if (status != 200)
        warnings << QStringLiteral("The backend answered %1; only 200 carries WebSocket events.")
                        .arg(status);
    const QByteArray type = headers.value("Content-Type");
    if (!type.startsWith("application/websocket-events"))
        warnings << QStringLiteral("Content-Type is %1, not application/websocket-events.")
                        .arg(type.isEmpty() ? QStringLiteral("missing") : quoted(type));
    QList<WsEvent> events;
    QString error;
    if (!WsEventCodec::decode(body, &events, &error)) {
        warnings << QStringLiteral("The events cannot be read: %1. A hex length must give the "
                                   "exact number of content bytes, followed by CRLF.")
                        .arg(error);
        return warnings;
    }
    for (const WsEvent &event : std::as_const(events)) {
        if (event.type != WsEvent::Type::Text || !event.content.startsWith("c:"))
            continue;
        WsControlMessage control;
        QString controlError;
        if (!WsControlMessage::parse(event.content.mid(2), &control, &controlError))
            warnings << QStringLiteral("Control message %1 is invalid and was ignored: %2.")
                            .arg(WsEventCodec::escapeForLog(event.content), controlError);
        else if ((control.type == WsControlMessage::Type::Subscribe ||
                  control.type == WsControlMessage::Type::Unsubscribe) &&
                 control.channel.isEmpty())
            warnings << QStringLiteral("A %1 control message without a channel does nothing.")
                            .arg(control.type == WsControlMessage::Type::Subscribe
                                     ? QStringLiteral("subscribe")
                                     : QStringLiteral("unsubscribe"));
    }
    return warnings;
}

QString GripLint::describe(const GripInstruction &instruction)
{
    QStringList parts;
    QString hold = QStringLiteral("no hold");
    if (instruction.hold == GripInstruction::Hold::Stream)
        hold = QStringLiteral("hold stream");
    else if (instruction.hold == GripInstruction::Hold::Response)
        hold = QStringLiteral("hold response");
    QStringList channels;
    for (const GripChannel &channel : instruction.channels)
        channels << quoted(channel.name) +
                        (channel.prevId.isNull()
                             ? QString()
                             : QStringLiteral(" (prev-id %1)").arg(quoted(channel.prevId)));
    parts << hold + (channels.isEmpty()
                         ? QStringLiteral(" on no channel")
                         : QStringLiteral(" on ") + channels.join(QLatin1String(", ")));
    if (instruction.hold == GripInstruction::Hold::Response)
        parts << QStringLiteral("timeout %1 s").arg(instruction.timeoutSecs);
    if (instruction.keepAlive.enabled)
        parts << QStringLiteral("keep-alive %1 %2 s")
                     .arg(instruction.keepAlive.mode == GripKeepAlive::Mode::Interval
                              ? QStringLiteral("every")
                              : QStringLiteral("after"))
                     .arg(instruction.keepAlive.timeoutSecs);
    if (instruction.status > 0)
        parts << QStringLiteral("status %1").arg(instruction.status);
    if (!instruction.gone.url.isEmpty())
        parts << QStringLiteral("gone callback %1").arg(QString::fromUtf8(instruction.gone.url));
    return parts.join(QLatin1String("; "));
}

QString GripLint::gripHeaderLines(const HttpHeaders &headers)
{
    QStringList lines;
    for (const HttpHeader &header : headers.list()) {
        if (GripInstruction::isGripHeader(header.name) ||
            HttpHeaders::equalsIgnoreCase(header.name, "Content-Type"))
            lines << QString::fromLatin1(header.name) + QStringLiteral(": ") +
                         QString::fromUtf8(header.value);
    }
    return lines.join(QLatin1Char('\n'));
}
