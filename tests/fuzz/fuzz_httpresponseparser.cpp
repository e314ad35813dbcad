#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzzpieces.h"
#include "http/httpbodyframer.h"
#include "http/httpresponseparser.h"

// An origin's response as the proxy reads it: the head, then its body framed (chunked, by length
// or until close) with the decoded payload collected, as for a GRIP instruction body.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzPieces pieces(data, size);
    HttpResponseParser parser(4096);
    HttpBodyFramer body;
    QByteArray payload;
    bool inBody = false;
    const char *piece = nullptr;
    qsizetype pieceSize = 0;
    while (pieces.next(&piece, &pieceSize)) {
        if (!inBody) {
            qsizetype consumed = 0;
            const HttpResponseParser::State state = parser.feed(piece, pieceSize, &consumed);
            if (consumed < 0 || consumed > pieceSize)
                std::abort();
            if (state == HttpResponseParser::State::Error) {
                if (parser.errorText().isEmpty())
                    std::abort();
                return 0;
            }
            if (state == HttpResponseParser::State::NeedMore)
                continue;
            // HEAD and GET frame differently (a HEAD response has no body whatever it says).
            const QByteArray method = (pieceSize & 1) ? QByteArrayLiteral("HEAD") : "GET";
            body = HttpBodyFramer::forResponse(method, parser.head());
            if (body.hasError())
                return 0;
            inBody = true;
            piece += consumed;
            pieceSize -= consumed;
        }
        if (body.isComplete())
            return 0;
        const qsizetype used = body.feed(piece, pieceSize, &payload);
        if (used < 0 || used > pieceSize)
            std::abort();
        if (body.hasError() && body.errorText().isEmpty())
            std::abort();
        if (quint64(payload.size()) != body.payloadBytes())
            std::abort();
        if (body.hasError())
            return 0;
    }
    return 0;
}
