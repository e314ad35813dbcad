#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "grip/wscontrolmessage.h"

// The JSON of a backend's "c:{...}" control message over WebSocket-over-HTTP or a GRIP socket.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    WsControlMessage message;
    QString error;
    if (!WsControlMessage::parse(json, &message, &error) && error.isEmpty())
        std::abort();
    return 0;
}
