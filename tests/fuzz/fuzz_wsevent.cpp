#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "grip/wsevent.h"

// A WebSocket-over-HTTP response body from a backend. What decodes must encode to a body that
// decodes to the same events, and a CLOSE's content must be safe to read as code and reason.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<WsEvent> events;
    QString error;
    if (!WsEventCodec::decode(body, &events, &error)) {
        if (error.isEmpty() || !events.isEmpty())
            std::abort();
        return 0;
    }
    for (const WsEvent &event : events) {
        if (event.type != WsEvent::Type::Close)
            continue;
        quint16 code = 0;
        QByteArray reason;
        if (WsEventCodec::parseCloseContent(event.content, &code, &reason))
            (void)WsEventCodec::isSendableCloseCode(code);
    }
    QList<WsEvent> again;
    if (!WsEventCodec::decode(WsEventCodec::encode(events), &again, &error) || again != events)
        std::abort();
    (void)WsEventCodec::escapeForLog(body);
    return 0;
}
