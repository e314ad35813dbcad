#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzzpieces.h"
#include "http/httpbodyframer.h"

// A chunked body on its own, so every input reaches the chunk-size, extension and trailer states
// instead of first having to be a valid response head.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzPieces pieces(data, size);
    HttpBodyFramer framer(HttpBodyFramer::Kind::Chunked);
    QByteArray payload;
    qsizetype total = 0;
    const char *piece = nullptr;
    qsizetype pieceSize = 0;
    while (pieces.next(&piece, &pieceSize)) {
        const qsizetype used = framer.feed(piece, pieceSize, &payload);
        if (used < 0 || used > pieceSize)
            std::abort();
        total += used;
        // Decoding can only remove framing, never add bytes.
        if (payload.size() > total || quint64(payload.size()) != framer.payloadBytes())
            std::abort();
        if (framer.hasError() && framer.isComplete())
            std::abort();
        if (framer.hasError() || framer.isComplete())
            return 0;
        if (used != pieceSize)
            std::abort(); // an unfinished body takes every byte it is given
    }
    return 0;
}
