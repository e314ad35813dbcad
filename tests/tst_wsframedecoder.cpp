#include <QtTest>

#include "ws/wsframe.h"
#include "ws/wsframedecoder.h"

namespace {

using Message = WsFrameDecoder::Message;

// The RFC 6455 §5.7 mask key, so masked frames are the RFC's bytes.
constexpr quint32 RfcKey = 0x37fa213d;

QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int v : values)
        out.append(char(v));
    return out;
}

QByteArray pattern(int size)
{
    QByteArray out(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        out[i] = char(i * 7 + 3);
    return out;
}

QByteArray masked(quint8 opcode, const QByteArray &payload, bool fin = true)
{
    return WsFrame::buildMasked(opcode, payload, RfcKey, fin);
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return bytes({code >> 8, code & 0xFF}) + reason;
}

// One line per message, readable in a failed QCOMPARE; large payloads by size and digest.
QByteArray describe(quint8 opcode, const QByteArray &payload)
{
    QByteArray name;
    switch (opcode) {
    case WsOpcode::Text:
        name = "text";
        break;
    case WsOpcode::Binary:
        name = "binary";
        break;
    case WsOpcode::Ping:
        name = "ping";
        break;
    case WsOpcode::Pong:
        name = "pong";
        break;
    case WsOpcode::Close:
        name = "close";
        break;
    default:
        name = "opcode" + QByteArray::number(opcode);
    }
    if (payload.size() > 64)
        return name + ":" + QByteArray::number(payload.size()) + ":" +
               QCryptographicHash::hash(payload, QCryptographicHash::Md5).toHex();
    return name + ":" + (opcode == WsOpcode::Text ? payload : payload.toHex());
}

QByteArrayList describe(const QList<Message> &messages)
{
    QByteArrayList out;
    for (const Message &m : messages)
        out.append(describe(m.opcode, m.payload));
    return out;
}

// A mixed stream exercising every path: 7-, 16- and 64-bit lengths, fragmentation with control
// frames in between, multi-byte UTF-8 split across fragments, empty frames, and a close.
QByteArray mixedStream()
{
    return masked(WsOpcode::Text, "Hello") + masked(WsOpcode::Text, "κό", false) +
           masked(WsOpcode::Ping, "p1") + masked(WsOpcode::Continuation, "\xcf", false) +
           masked(WsOpcode::Pong, {}) + masked(WsOpcode::Continuation, "\x83\xce\xbc\xce\xb5") +
           masked(WsOpcode::Binary, pattern(300)) + masked(WsOpcode::Binary, {}, false) +
           masked(WsOpcode::Continuation, pattern(3), false) +
           masked(WsOpcode::Continuation, pattern(5)) + masked(WsOpcode::Text, {}) +
           WsFrame::buildMasked(WsOpcode::Binary, pattern(70), 0x01020304) +
           masked(WsOpcode::Close, closePayload(1000, "bye"));
}

QByteArrayList mixedExpected()
{
    return {describe(WsOpcode::Text, "Hello"),
            describe(WsOpcode::Ping, "p1"),
            describe(WsOpcode::Pong, {}),
            describe(WsOpcode::Text, "κόσμε"),
            describe(WsOpcode::Binary, pattern(300)),
            describe(WsOpcode::Binary, pattern(3) + pattern(5)),
            describe(WsOpcode::Text, {}),
            describe(WsOpcode::Binary, pattern(70)),
            describe(WsOpcode::Close, closePayload(1000, "bye"))};
}

struct Outcome
{
    QByteArrayList messages;
    bool ok = true;
    quint16 closeCode = 0;
};

Outcome decodeInPieces(const QByteArray &input, const QList<qsizetype> &cuts, bool requireMask,
                       qsizetype maxBytes)
{
    WsFrameDecoder decoder(maxBytes, requireMask);
    QList<Message> out;
    Outcome outcome;
    qsizetype from = 0;
    for (qsizetype cut : cuts + QList<qsizetype>{input.size()}) {
        const bool ok = decoder.feed(input.constData() + from, cut - from, &out);
        // Once failed, every later feed fails too.
        outcome.ok = outcome.ok && ok;
        from = cut;
    }
    if (outcome.ok != (decoder.error() == WsFrameDecoder::Error::None))
        qWarning("feed() result disagrees with error()");
    outcome.messages = describe(out);
    outcome.closeCode = decoder.closeCodeForError();
    return outcome;
}

} // namespace

class TestWsFrameDecoder : public QObject
{
    Q_OBJECT

private slots:
    void rfcExamples_data();
    void rfcExamples();
    void decode_data();
    void decode();
    void everySplit_data() { decode_data(); }
    void everySplit();
    void byteAtATime_data() { decode_data(); }
    void byteAtATime();
    void largeFramesInPieces_data();
    void largeFramesInPieces();
    void utf8_data();
    void utf8();
    void utf8FailsBeforeMessageEnds();
    void sizeLimit_data();
    void sizeLimit();
    void parseClose_data();
    void parseClose();
    void idleStateIsSmall();
    void errorIsSticky();
};

void TestWsFrameDecoder::rfcExamples_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("requireMask");
    QTest::addColumn<QByteArrayList>("expected");

    const QByteArray hello = "Hello";
    QTest::addRow("single-frame unmasked text")
        << bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}) << false
        << QByteArrayList{describe(WsOpcode::Text, hello)};
    QTest::addRow("single-frame masked text")
        << bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}) << true
        << QByteArrayList{describe(WsOpcode::Text, hello)};
    QTest::addRow("fragmented unmasked text")
        << bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}) << false
        << QByteArrayList{describe(WsOpcode::Text, hello)};
    QTest::addRow("fragmented masked text")
        << masked(WsOpcode::Text, "Hel", false) + masked(WsOpcode::Continuation, "lo") << true
        << QByteArrayList{describe(WsOpcode::Text, hello)};
    QTest::addRow("unmasked ping") << bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}) << false
                                   << QByteArrayList{describe(WsOpcode::Ping, hello)};
    QTest::addRow("masked pong") << bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d,
                                           0x51, 0x58})
                                 << true << QByteArrayList{describe(WsOpcode::Pong, hello)};
    QTest::addRow("256 bytes binary unmasked")
        << bytes({0x82, 0x7E, 0x01, 0x00}) + pattern(256) << false
        << QByteArrayList{describe(WsOpcode::Binary, pattern(256))};
    QTest::addRow("256 bytes binary masked")
        << masked(WsOpcode::Binary, pattern(256)) << true
        << QByteArrayList{describe(WsOpcode::Binary, pattern(256))};
    QTest::addRow("64KiB binary unmasked")
        << bytes({0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}) + pattern(65536) << false
        << QByteArrayList{describe(WsOpcode::Binary, pattern(65536))};
    QTest::addRow("64KiB binary masked")
        << masked(WsOpcode::Binary, pattern(65536)) << true
        << QByteArrayList{describe(WsOpcode::Binary, pattern(65536))};
}

void TestWsFrameDecoder::rfcExamples()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, requireMask);
    QFETCH(QByteArrayList, expected);

    WsFrameDecoder decoder(1 << 20, requireMask);
    QList<Message> out;
    QVERIFY(decoder.feed(input, &out));
    QCOMPARE(describe(out), expected);
    QCOMPARE(int(decoder.error()), int(WsFrameDecoder::Error::None));
    QCOMPARE(decoder.errorText(), QByteArray());
    QCOMPARE(decoder.heldBytes(), 0);
}

void TestWsFrameDecoder::decode_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("requireMask");
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<quint16>("closeCode"); // 0: no error

    const qsizetype max = 1 << 20;
    const QByteArray hello = masked(WsOpcode::Text, "Hello");
    const QByteArrayList helloOut{describe(WsOpcode::Text, "Hello")};

    QTest::addRow("mixed stream") << mixedStream() << true << max << mixedExpected() << quint16(0);
    QTest::addRow("ping inside fragmented text")
        << masked(WsOpcode::Text, "Hel", false) + masked(WsOpcode::Ping, "are you there") +
               masked(WsOpcode::Continuation, "lo")
        << true << max
        << QByteArrayList{describe(WsOpcode::Ping, "are you there"),
                          describe(WsOpcode::Text, "Hello")}
        << quint16(0);
    QTest::addRow("ping and pong inside fragmented binary")
        << masked(WsOpcode::Binary, "a", false) + masked(WsOpcode::Continuation, "b", false) +
               masked(WsOpcode::Pong, "x") + masked(WsOpcode::Continuation, {}, false) +
               masked(WsOpcode::Ping, "y") + masked(WsOpcode::Continuation, "c")
        << true << max
        << QByteArrayList{describe(WsOpcode::Pong, "x"), describe(WsOpcode::Ping, "y"),
                          describe(WsOpcode::Binary, "abc")}
        << quint16(0);
    QTest::addRow("client frames unmasked when not required")
        << WsFrame::build(WsOpcode::Text, "Hel", false) +
               WsFrame::build(WsOpcode::Continuation, "lo")
        << false << max << helloOut << quint16(0);
    QTest::addRow("close ends decoding; the rest is ignored")
        << masked(WsOpcode::Close, closePayload(1001)) + hello + bytes({0xff, 0xff}) << true << max
        << QByteArrayList{describe(WsOpcode::Close, closePayload(1001))} << quint16(0);
    QTest::addRow("empty close") << masked(WsOpcode::Close, {}) << true << max
                                 << QByteArrayList{describe(WsOpcode::Close, {})} << quint16(0);
    QTest::addRow("close inside a fragmented message")
        << masked(WsOpcode::Text, "Hel", false) + masked(WsOpcode::Close, closePayload(1000))
        << true << max << QByteArrayList{describe(WsOpcode::Close, closePayload(1000))}
        << quint16(0);
    QTest::addRow("control payload of 125 bytes")
        << masked(WsOpcode::Ping, pattern(125)) << true << max
        << QByteArrayList{describe(WsOpcode::Ping, pattern(125))} << quint16(0);

    // Errors: messages before the bad frame still come out.
    QTest::addRow("unmasked client frame")
        << hello + WsFrame::build(WsOpcode::Text, "x") << true << max << helloOut << quint16(1002);
    QTest::addRow("RSV1 set") << hello + bytes({0xC1, 0x80, 0, 0, 0, 0}) << true << max << helloOut
                              << quint16(1002);
    QTest::addRow("RSV2 set") << bytes({0xA2, 0x80, 0, 0, 0, 0}) << true << max << QByteArrayList{}
                              << quint16(1002);
    QTest::addRow("RSV3 on ping") << bytes({0x99, 0x80, 0, 0, 0, 0}) << true << max
                                  << QByteArrayList{} << quint16(1002);
    QTest::addRow("reserved data opcode 3")
        << masked(3, "x") << true << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("reserved control opcode B")
        << masked(0xB, {}) << true << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("ping of 126 bytes")
        << masked(WsOpcode::Ping, pattern(126)) << true << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("fragmented ping")
        << masked(WsOpcode::Ping, "a", false) << true << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("continuation without start")
        << hello + masked(WsOpcode::Continuation, "x") << true << max << helloOut << quint16(1002);
    QTest::addRow("new text inside fragmented message")
        << masked(WsOpcode::Text, "Hel", false) + masked(WsOpcode::Text, "lo") << true << max
        << QByteArrayList{} << quint16(1002);
    QTest::addRow("new binary inside fragmented message")
        << masked(WsOpcode::Binary, "a", false) + masked(WsOpcode::Binary, "b") << true << max
        << QByteArrayList{} << quint16(1002);
    QTest::addRow("64-bit length with MSB set")
        << bytes({0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4}) << true << max
        << QByteArrayList{} << quint16(1002);
    QTest::addRow("close with 1 byte")
        << masked(WsOpcode::Close, "\x03") << true << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("close with code 1005") << masked(WsOpcode::Close, closePayload(1005)) << true
                                          << max << QByteArrayList{} << quint16(1002);
    QTest::addRow("close with invalid UTF-8 reason")
        << masked(WsOpcode::Close, closePayload(1000, "\xce\xba\xe1\xbd")) << true << max
        << QByteArrayList{} << quint16(1007);
    QTest::addRow("text with invalid UTF-8") << hello + masked(WsOpcode::Text, "\xce\xba\xff")
                                             << true << max << helloOut << quint16(1007);
    QTest::addRow("text ending inside a character")
        << masked(WsOpcode::Text, "ab", false) + masked(WsOpcode::Continuation, "\xf0\x9d\x84")
        << true << max << QByteArrayList{} << quint16(1007);
    QTest::addRow("binary may be anything")
        << masked(WsOpcode::Binary, "\xff\xfe\xed\xa0\x80") << true << max
        << QByteArrayList{describe(WsOpcode::Binary, "\xff\xfe\xed\xa0\x80")} << quint16(0);
    QTest::addRow("message over the limit") << hello + masked(WsOpcode::Binary, pattern(101))
                                            << true << qsizetype(100) << helloOut << quint16(1009);
    QTest::addRow("fragments over the limit")
        << masked(WsOpcode::Text, QByteArray(60, 'a'), false) + masked(WsOpcode::Ping, "p") +
               masked(WsOpcode::Continuation, QByteArray(41, 'b'))
        << true << qsizetype(100) << QByteArrayList{describe(WsOpcode::Ping, "p")} << quint16(1009);
}

void TestWsFrameDecoder::decode()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, requireMask);
    QFETCH(qsizetype, maxBytes);
    QFETCH(QByteArrayList, expected);
    QFETCH(quint16, closeCode);

    WsFrameDecoder decoder(maxBytes, requireMask);
    QList<Message> out;
    QCOMPARE(decoder.feed(input, &out), closeCode == 0);
    QCOMPARE(describe(out), expected);
    QCOMPARE(decoder.closeCodeForError(), closeCode);
    QCOMPARE(decoder.errorText().isEmpty(), closeCode == 0);
    const auto error = closeCode == 0      ? WsFrameDecoder::Error::None
                       : closeCode == 1002 ? WsFrameDecoder::Error::Protocol
                       : closeCode == 1007 ? WsFrameDecoder::Error::InvalidUtf8
                                           : WsFrameDecoder::Error::TooBig;
    QCOMPARE(int(decoder.error()), int(error));
    QCOMPARE(decoder.closeReceived(),
             !expected.isEmpty() && expected.constLast().startsWith("close:") && closeCode == 0);
    // Whatever happened, nothing stays buffered at the end of these inputs.
    QCOMPARE(decoder.heldBytes(), 0);
}

void TestWsFrameDecoder::everySplit()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, requireMask);
    QFETCH(qsizetype, maxBytes);
    QFETCH(QByteArrayList, expected);
    QFETCH(quint16, closeCode);

    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        const Outcome outcome = decodeInPieces(input, {cut}, requireMask, maxBytes);
        QVERIFY2(outcome.messages == expected, qPrintable(QString::number(cut)));
        QVERIFY2(outcome.ok == (closeCode == 0), qPrintable(QString::number(cut)));
        QVERIFY2(outcome.closeCode == closeCode, qPrintable(QString::number(cut)));
    }
    // Three pieces too, on a coarser grid, so a frame can straddle two feeds.
    for (qsizetype a = 0; a <= input.size(); a += 7) {
        for (qsizetype b = a; b <= input.size(); b += 5) {
            const Outcome outcome = decodeInPieces(input, {a, b}, requireMask, maxBytes);
            const QByteArray where = QByteArray::number(a) + "," + QByteArray::number(b);
            QVERIFY2(outcome.messages == expected, where.constData());
            QVERIFY2(outcome.closeCode == closeCode, where.constData());
        }
    }
}

void TestWsFrameDecoder::byteAtATime()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, requireMask);
    QFETCH(qsizetype, maxBytes);
    QFETCH(QByteArrayList, expected);
    QFETCH(quint16, closeCode);

    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < input.size(); ++i)
        cuts.append(i);
    const Outcome outcome = decodeInPieces(input, cuts, requireMask, maxBytes);
    QCOMPARE(outcome.messages, expected);
    QCOMPARE(outcome.ok, closeCode == 0);
    QCOMPARE(outcome.closeCode, closeCode);
}

void TestWsFrameDecoder::largeFramesInPieces_data()
{
    QTest::addColumn<int>("pieceSize");
    // Odd sizes put every mask phase and every 8-byte alignment at piece starts.
    for (int size : {1, 3, 7, 8, 9, 13, 4096, 65537})
        QTest::addRow("pieces of %d", size) << size;
}

void TestWsFrameDecoder::largeFramesInPieces()
{
    QFETCH(int, pieceSize);
    const QByteArray input = masked(WsOpcode::Binary, pattern(65536)) +
                             masked(WsOpcode::Text, QByteArray(70000, 'x'), false) +
                             masked(WsOpcode::Ping, "p") +
                             masked(WsOpcode::Continuation, QByteArray(1000, 'y'));
    QList<qsizetype> cuts;
    for (qsizetype at = pieceSize; at < input.size(); at += pieceSize)
        cuts.append(at);
    const Outcome outcome = decodeInPieces(input, cuts, true, 1 << 20);
    const QByteArrayList expected{
        describe(WsOpcode::Binary, pattern(65536)), describe(WsOpcode::Ping, "p"),
        describe(WsOpcode::Text, QByteArray(70000, 'x') + QByteArray(1000, 'y'))};
    QCOMPARE(outcome.messages, expected);
    QVERIFY(outcome.ok);
}

void TestWsFrameDecoder::utf8_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");

    QTest::addRow("empty") << QByteArray() << true;
    QTest::addRow("ascii") << QByteArray("Hello, world: sixteen+ bytes") << true;
    QTest::addRow("kosme") << QByteArray("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5") << true;
    QTest::addRow("U+0080") << QByteArray("\xc2\x80") << true;
    QTest::addRow("U+07FF") << QByteArray("\xdf\xbf") << true;
    QTest::addRow("U+0800") << QByteArray("\xe0\xa0\x80") << true;
    QTest::addRow("U+D7FF") << QByteArray("\xed\x9f\xbf") << true;
    QTest::addRow("U+E000") << QByteArray("\xee\x80\x80") << true;
    QTest::addRow("U+FFFF") << QByteArray("\xef\xbf\xbf") << true;
    QTest::addRow("U+10000") << QByteArray("\xf0\x90\x80\x80") << true;
    QTest::addRow("valid 4-byte G clef") << QByteArray("\xf0\x9d\x84\x9e") << true;
    QTest::addRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::addRow("mixed after ascii run")
        << QByteArray("abcdefghij\xc3\xa9klmnop\xf0\x9f\x98\x80") << true;

    QTest::addRow("U+110000") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::addRow("F5 lead") << QByteArray("\xf5\x80\x80\x80") << false;
    QTest::addRow("FE") << QByteArray("\xfe") << false;
    QTest::addRow("FF") << QByteArray("\xff") << false;
    QTest::addRow("overlong NUL C0 80") << QByteArray("\xc0\x80", 2) << false;
    QTest::addRow("overlong C1 BF") << QByteArray("\xc1\xbf") << false;
    QTest::addRow("overlong slash E0 80 AF") << QByteArray("\xe0\x80\xaf") << false;
    QTest::addRow("overlong E0 9F BF") << QByteArray("\xe0\x9f\xbf") << false;
    QTest::addRow("overlong F0 8F BF BF") << QByteArray("\xf0\x8f\xbf\xbf") << false;
    QTest::addRow("surrogate D800") << QByteArray("\xed\xa0\x80") << false;
    QTest::addRow("surrogate DFFF") << QByteArray("\xed\xbf\xbf") << false;
    QTest::addRow("surrogate pair") << QByteArray("\xed\xa0\x80\xed\xb0\x80") << false;
    QTest::addRow("lone continuation") << QByteArray("a\x80z") << false;
    QTest::addRow("missing continuation") << QByteArray("\xc3\x41") << false;
    QTest::addRow("invalid inside 8-byte run") << QByteArray("abcdefg\xffhijklmnop") << false;
    QTest::addRow("truncated 2-byte at end") << QByteArray("ab\xce") << false;
    QTest::addRow("truncated 3-byte at end") << QByteArray("\xe2\x82") << false;
    QTest::addRow("truncated 4-byte at end")
        << QByteArray("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80") << false;
    QTest::addRow("valid 4-byte cut short") << QByteArray("\xf0\x9d\x84") << false;
}

void TestWsFrameDecoder::utf8()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);

    QCOMPARE(WsFrameDecoder::isValidUtf8(text), valid);
    // The same verdict when the text is a message in one frame, or in one-byte fragments so
    // every character is split across frames.
    QByteArray fragmented = masked(WsOpcode::Text, text.left(1), text.size() <= 1);
    for (qsizetype i = 1; i < text.size(); ++i)
        fragmented += masked(WsOpcode::Continuation, text.mid(i, 1), i == text.size() - 1);
    for (const QByteArray &input : {masked(WsOpcode::Text, text), fragmented}) {
        WsFrameDecoder decoder;
        QList<Message> out;
        QCOMPARE(decoder.feed(input, &out), valid);
        QCOMPARE(out.size(), valid ? 1 : 0);
        QCOMPARE(decoder.closeCodeForError(), valid ? quint16(0) : quint16(1007));
    }
    // And as a close reason.
    QCOMPARE(WsFrameDecoder::parseClose(closePayload(1000, text), nullptr, nullptr), valid);
}

void TestWsFrameDecoder::utf8FailsBeforeMessageEnds()
{
    // The bad byte is in the first fragment: the error comes before the message is complete.
    WsFrameDecoder decoder;
    QList<Message> out;
    QVERIFY(decoder.feed(masked(WsOpcode::Text, "ok", false), &out));
    QVERIFY(!decoder.feed(masked(WsOpcode::Continuation, "\xce\xba\xed\xa0\x80", false), &out));
    QCOMPARE(decoder.closeCodeForError(), quint16(1007));
    QVERIFY(out.isEmpty());
    // Even inside a frame whose end has not arrived.
    WsFrameDecoder partial;
    const QByteArray frame = masked(WsOpcode::Text, "abc\xc0\xafxyz");
    QVERIFY(!partial.feed(frame.left(frame.size() - 2), &out));
    QCOMPARE(int(partial.error()), int(WsFrameDecoder::Error::InvalidUtf8));
}

void TestWsFrameDecoder::sizeLimit_data()
{
    QTest::addColumn<QByteArray>("input"); // ends with a header when the limit should trip
    QTest::addColumn<qsizetype>("maxBytes");
    QTest::addColumn<bool>("passes");

    const QByteArray big = masked(WsOpcode::Binary, pattern(101));
    QTest::addRow("exactly max in one frame")
        << masked(WsOpcode::Binary, pattern(100)) << qsizetype(100) << true;
    QTest::addRow("max+1 fails on the header alone") << big.left(6) << qsizetype(100) << false;
    QTest::addRow("exactly max in fragments")
        << masked(WsOpcode::Text, QByteArray(60, 'a'), false) +
               masked(WsOpcode::Continuation, QByteArray(40, 'b'))
        << qsizetype(100) << true;
    QTest::addRow("max+1 in fragments fails on the last header")
        << masked(WsOpcode::Text, QByteArray(60, 'a'), false) +
               masked(WsOpcode::Continuation, QByteArray(41, 'b')).left(6)
        << qsizetype(100) << false;
    QTest::addRow("16-bit length: exactly max")
        << masked(WsOpcode::Binary, pattern(65535)) << qsizetype(65535) << true;
    QTest::addRow("16-bit length: max+1")
        << masked(WsOpcode::Binary, pattern(65536)).left(14) << qsizetype(65535) << false;
    QTest::addRow("declared 1 TiB") << bytes({0x82, 0xFF, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4})
                                    << qsizetype(1 << 20) << false;
    QTest::addRow("empty message with max 0") << masked(WsOpcode::Text, {}) << qsizetype(0) << true;
    QTest::addRow("control frames don't count")
        << masked(WsOpcode::Ping, pattern(125)) << qsizetype(0) << true;
}

void TestWsFrameDecoder::sizeLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, maxBytes);
    QFETCH(bool, passes);

    WsFrameDecoder decoder(maxBytes);
    QList<Message> out;
    QCOMPARE(decoder.feed(input, &out), passes);
    QCOMPARE(out.size(), passes ? 1 : 0);
    QCOMPARE(decoder.closeCodeForError(), passes ? quint16(0) : quint16(1009));
    if (!passes) {
        QCOMPARE(int(decoder.error()), int(WsFrameDecoder::Error::TooBig));
        QVERIFY(decoder.errorText().contains(QByteArray::number(maxBytes)));
    }
    // Nothing of the oversized frame was buffered, and nothing is reserved afterwards.
    QCOMPARE(decoder.heldBytes(), 0);
}

void TestWsFrameDecoder::parseClose_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint16>("code");
    QTest::addColumn<QByteArray>("reason");

    QTest::addRow("empty means 1005") << QByteArray() << true << quint16(1005) << QByteArray();
    QTest::addRow("one byte") << QByteArray("\x03") << false << quint16(0) << QByteArray();
    QTest::addRow("1000 with reason")
        << closePayload(1000, "bye") << true << quint16(1000) << QByteArray("bye");
    QTest::addRow("UTF-8 reason") << closePayload(1001, "κόσμε") << true << quint16(1001)
                                  << QByteArray("κόσμε");
    for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
                     3999, 4000, 4999})
        QTest::addRow("code %d", code)
            << closePayload(quint16(code)) << true << quint16(code) << QByteArray();
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
        QTest::addRow("bad code %d", code)
            << closePayload(quint16(code)) << false << quint16(0) << QByteArray();
    QTest::addRow("bad reason") << closePayload(1000, "\xed\xa0\x80") << false << quint16(0)
                                << QByteArray();
}

void TestWsFrameDecoder::parseClose()
{
    QFETCH(QByteArray, payload);
    QFETCH(bool, valid);
    QFETCH(quint16, code);
    QFETCH(QByteArray, reason);

    quint16 gotCode = 0;
    QByteArray gotReason = "untouched";
    QCOMPARE(WsFrameDecoder::parseClose(payload, &gotCode, &gotReason), valid);
    if (valid) {
        QCOMPARE(gotCode, code);
        QCOMPARE(gotReason, reason);
    }
    // The decoder applies the same rules to close frames.
    WsFrameDecoder decoder;
    QList<Message> out;
    QCOMPARE(decoder.feed(masked(WsOpcode::Close, payload), &out), valid);
    QCOMPARE(decoder.closeReceived(), valid);
    QCOMPARE(out.size(), valid ? 1 : 0);
    if (valid)
        QCOMPARE(out.constFirst().payload, payload);
}

void TestWsFrameDecoder::idleStateIsSmall()
{
    // 10,000+ of these live at once: two empty QByteArrays, a counter and a 14-byte header.
    QVERIFY2(sizeof(WsFrameDecoder) <= 96, QByteArray::number(int(sizeof(WsFrameDecoder))));
    WsFrameDecoder decoder;
    QCOMPARE(decoder.heldBytes(), 0);
    QList<Message> out;
    const QByteArray frame = masked(WsOpcode::Binary, pattern(1000));
    // Mid-message the payload so far is the only buffer, and only what has arrived.
    QVERIFY(decoder.feed(frame.left(508), &out));
    QVERIFY(decoder.heldBytes() >= 500);
    QVERIFY(decoder.heldBytes() < 1000);
    QVERIFY(decoder.feed(frame.mid(508), &out));
    QCOMPARE(out.size(), 1);
    QCOMPARE(decoder.heldBytes(), 0);
    // Growth stops at the declared frame end, so the message carries no slack.
    QCOMPARE(out.constFirst().payload.capacity(), 1000);
    // A partial header needs no heap either.
    QVERIFY(decoder.feed(frame.left(3), &out));
    QCOMPARE(decoder.heldBytes(), 0);
}

void TestWsFrameDecoder::errorIsSticky()
{
    WsFrameDecoder decoder;
    QList<Message> out;
    QVERIFY(!decoder.feed(masked(WsOpcode::Text, "x", false) + masked(3, "y"), &out));
    QCOMPARE(decoder.errorText(), QByteArray("reserved opcode"));
    QVERIFY(!decoder.feed(masked(WsOpcode::Continuation, "z"), &out));
    QVERIFY(!decoder.feed(QByteArray(), &out));
    QVERIFY(out.isEmpty());
    QCOMPARE(decoder.closeCodeForError(), quint16(1002));
    QCOMPARE(decoder.heldBytes(), 0);
}

QTEST_MAIN(TestWsFrameDecoder)
#include "tst_wsframedecoder.moc"
