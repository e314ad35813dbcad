#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzzpieces.h"
#include "ws/wsframereader.h"

// One direction of a relayed WebSocket, read passively in socket-sized pieces.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzPieces pieces(data, size);
    WsFrameReader reader;
    const char *piece = nullptr;
    qsizetype pieceSize = 0;
    while (pieces.next(&piece, &pieceSize)) {
        reader.feed(piece, pieceSize);
        // Counted payload can never exceed what was fed.
        if (reader.payloadBytes() > quint64(pieces.size()))
            std::abort();
        if (reader.hasError() && reader.errorText().isEmpty())
            std::abort();
    }
    if (reader.closeSeen()) {
        (void)reader.closeCode();
        if (reader.closeReason().size() > 123)
            std::abort();
    }
    return 0;
}
