#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzzpieces.h"
#include "ws/wsframe.h"
#include "ws/wsframedecoder.h"

// Frames from a client (masked) or a backend (unmasked) of a WebSocket we terminate. The message
// limit is small so the 1009 path is reached; the seed byte's low bit picks the side.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const bool requireMask = size > 0 && (data[0] & 1) == 0;
    constexpr qsizetype maxMessage = 4096;
    FuzzPieces pieces(data, size);
    WsFrameDecoder decoder(maxMessage, requireMask);
    QList<WsFrameDecoder::Message> messages;
    const char *piece = nullptr;
    qsizetype pieceSize = 0;
    while (pieces.next(&piece, &pieceSize)) {
        if (!decoder.feed(piece, pieceSize, &messages)) {
            if (decoder.closeCodeForError() == 0 || decoder.errorText().isEmpty())
                std::abort();
            break;
        }
    }
    for (const WsFrameDecoder::Message &message : messages) {
        if (message.payload.size() > maxMessage)
            std::abort();
        if (message.opcode == WsOpcode::Text && !WsFrameDecoder::isValidUtf8(message.payload))
            std::abort();
        if (message.opcode == WsOpcode::Close &&
            !WsFrameDecoder::parseClose(message.payload, nullptr, nullptr))
            std::abort();
    }
    return 0;
}
