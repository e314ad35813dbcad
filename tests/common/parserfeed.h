#pragma once

#include <QByteArray>

// Feeds a stateful parser (HttpRequestParser, HttpResponseParser) in pieces of at most `piece`
// bytes, as reads from a socket arrive, and stops where the parser stops. consumed is -1 when the
// parser left bytes of a piece unread without finishing.
template <typename Parser> struct FeedResult
{
    typename Parser::State state;
    qsizetype consumed;
};

template <typename Parser>
FeedResult<Parser> feedInPieces(Parser &parser, const QByteArray &data, qsizetype piece)
{
    qsizetype total = 0;
    auto state = Parser::State::NeedMore;
    while (total < data.size()) {
        const qsizetype n = qMin(piece, data.size() - total);
        qsizetype consumed = -1;
        state = parser.feed(data.constData() + total, n, &consumed);
        total += consumed;
        if (state != Parser::State::NeedMore)
            break;
        if (consumed != n)
            return {Parser::State::Error, -1};
    }
    return {state, total};
}
