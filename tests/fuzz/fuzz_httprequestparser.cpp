#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fuzzpieces.h"
#include "http/httpbodyframer.h"
#include "http/httprequestparser.h"

// Requests as a client's socket delivers them, pipelined: each head is parsed, its body framed
// and skipped, and the next request starts right after, as ProxySession does.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzPieces pieces(data, size);
    HttpRequestParser parser(4096);
    HttpBodyFramer body(HttpBodyFramer::Kind::None);
    bool inBody = false;
    const char *piece = nullptr;
    qsizetype pieceSize = 0;
    while (pieces.next(&piece, &pieceSize)) {
        while (pieceSize > 0) {
            if (inBody) {
                const qsizetype used = body.feed(piece, pieceSize);
                if (used < 0 || used > pieceSize)
                    std::abort();
                piece += used;
                pieceSize -= used;
                if (body.hasError())
                    return 0;
                if (body.isComplete()) {
                    inBody = false;
                    parser.reset();
                }
                continue;
            }
            qsizetype consumed = 0;
            const HttpRequestParser::State state = parser.feed(piece, pieceSize, &consumed);
            if (consumed < 0 || consumed > pieceSize)
                std::abort();
            piece += consumed;
            pieceSize -= consumed;
            if (state == HttpRequestParser::State::Error) {
                // Every refusal must name a status for the client and a reason for the log.
                if (parser.errorStatus() < 400 || parser.errorText().isEmpty())
                    std::abort();
                return 0;
            }
            if (state == HttpRequestParser::State::NeedMore)
                break;
            const HttpRequestHead &head = parser.head();
            (void)head.path();
            (void)head.host();
            (void)head.keepAlive();
            (void)head.isWebSocketUpgrade();
            body = HttpBodyFramer::forRequest(head);
            if (body.hasError())
                return 0;
            inBody = !body.isComplete();
            if (!inBody)
                parser.reset();
        }
    }
    return 0;
}
