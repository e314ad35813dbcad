// permessage-deflate (RFC 7692): the server's negotiation of the client's offers, the codec
// (round trips, context takeover either way, corrupt streams, the inflated-size limit) and the
// frame decoder's RSV1 rules once the extension is agreed.
#include <QtTest>

#include "ws/wsdeflate.h"
#include "ws/wsframe.h"
#include "ws/wsframedecoder.h"

class TestWsDeflate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void negotiate_data();
    void negotiate();
    void roundTrip_data();
    void roundTrip();
    void contextTakeover_data();
    void contextTakeover();
    void emptyMessage();
    void corruptStream_data();
    void corruptStream();
    void sizeLimit();
    void finalBlock();
    void decoderRsv1_data();
    void decoderRsv1();
    void fragmentedCompressedMessage();
};

namespace {
QByteArray text(int size)
{
    QByteArray out;
    for (int i = 0; out.size() < size; ++i)
        out += "line " + QByteArray::number(i) + " of some fairly repetitive text\n";
    return out.left(size);
}

// A client's compressor: WsDeflate compresses with the "server" parameters, so a client that
// keeps (or resets) its context is an instance whose server side says so.
WsDeflateParams sending(bool noContextTakeover, int windowBits = 15)
{
    WsDeflateParams params;
    params.serverNoContextTakeover = noContextTakeover;
    params.serverMaxWindowBits = windowBits;
    return params;
}
} // namespace

void TestWsDeflate::negotiate_data()
{
    QTest::addColumn<QList<QByteArray>>("headers");
    QTest::addColumn<bool>("agreed");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("why"); // part of the reason when declined

    const auto one = [](const char *value) { return QList<QByteArray>{value}; };
    QTest::addRow("none") << QList<QByteArray>{} << false << QByteArray() << QByteArray();
    QTest::addRow("other extension only")
        << one("x-webkit-deflate-frame") << false << QByteArray() << QByteArray();
    QTest::addRow("bare") << one("permessage-deflate") << true << QByteArray("permessage-deflate")
                          << QByteArray();
    QTest::addRow("case-insensitive name")
        << one("Permessage-Deflate") << true << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("browser default") << one("permessage-deflate; client_max_window_bits") << true
                                     << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("client bits with value")
        << one("permessage-deflate; client_max_window_bits=10") << true
        << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("client bits quoted") << one("permessage-deflate; client_max_window_bits=\"12\"")
                                        << true << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("server no context takeover")
        << one("permessage-deflate; server_no_context_takeover") << true
        << QByteArray("permessage-deflate; server_no_context_takeover") << QByteArray();
    QTest::addRow("client no context takeover")
        << one("permessage-deflate;client_no_context_takeover") << true
        << QByteArray("permessage-deflate; client_no_context_takeover") << QByteArray();
    QTest::addRow("all four")
        << one("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
               "server_max_window_bits=10; client_max_window_bits")
        << true
        << QByteArray("permessage-deflate; server_no_context_takeover; "
                      "client_no_context_takeover; server_max_window_bits=10")
        << QByteArray();
    QTest::addRow("server bits 15 is the default")
        << one("permessage-deflate; server_max_window_bits=15") << true
        << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("server bits 9")
        << one("permessage-deflate; server_max_window_bits=9") << true
        << QByteArray("permessage-deflate; server_max_window_bits=9") << QByteArray();
    QTest::addRow("server bits 8 falls back to the next offer")
        << one("permessage-deflate; server_max_window_bits=8, permessage-deflate") << true
        << QByteArray("permessage-deflate") << QByteArray();
    QTest::addRow("server bits 8 alone")
        << one("permessage-deflate; server_max_window_bits=8") << false << QByteArray()
        << QByteArray("server_max_window_bits=8 is not supported");
    QTest::addRow("first honourable offer wins")
        << one("permessage-deflate; unknown=1, permessage-deflate; server_no_context_takeover, "
               "permessage-deflate")
        << true << QByteArray("permessage-deflate; server_no_context_takeover") << QByteArray();
    QTest::addRow("offers over two header lines")
        << QList<QByteArray>{"x-foo, permessage-deflate; server_max_window_bits=0",
                             "permessage-deflate; client_no_context_takeover"}
        << true << QByteArray("permessage-deflate; client_no_context_takeover") << QByteArray();
    QTest::addRow("unknown parameter") << one("permessage-deflate; mode=fast") << false
                                       << QByteArray() << QByteArray("unknown parameter mode");
    QTest::addRow("repeated parameter")
        << one("permessage-deflate; server_no_context_takeover; server_no_context_takeover")
        << false << QByteArray() << QByteArray("repeated");
    QTest::addRow("takeover with a value")
        << one("permessage-deflate; client_no_context_takeover=1") << false << QByteArray()
        << QByteArray("with a value");
    QTest::addRow("server bits without value")
        << one("permessage-deflate; server_max_window_bits") << false << QByteArray()
        << QByteArray("needs a value");
    QTest::addRow("server bits 16") << one("permessage-deflate; server_max_window_bits=16") << false
                                    << QByteArray() << QByteArray("needs a value");
    QTest::addRow("server bits 7") << one("permessage-deflate; server_max_window_bits=7") << false
                                   << QByteArray() << QByteArray("needs a value");
    QTest::addRow("server bits leading zero")
        << one("permessage-deflate; server_max_window_bits=010") << false << QByteArray()
        << QByteArray("needs a value");
    QTest::addRow("client bits 20") << one("permessage-deflate; client_max_window_bits=20") << false
                                    << QByteArray() << QByteArray("not from 8 to 15");
    QTest::addRow("client bits text") << one("permessage-deflate; client_max_window_bits=ten")
                                      << false << QByteArray() << QByteArray("not from 8 to 15");
    QTest::addRow("malformed: unterminated quote")
        << one("permessage-deflate; client_max_window_bits=\"10") << false << QByteArray()
        << QByteArray("does not parse");
    QTest::addRow("malformed: empty parameter")
        << one("permessage-deflate; ; x") << false << QByteArray() << QByteArray("does not parse");
    QTest::addRow("malformed: junk between")
        << one("permessage-deflate foo") << false << QByteArray() << QByteArray("does not parse");
    QTest::addRow("malformed line declines a good one")
        << QList<QByteArray>{"permessage-deflate", "=broken"} << false << QByteArray()
        << QByteArray("does not parse");
    QTest::addRow("empty list elements") << one(" , permessage-deflate ,") << true
                                         << QByteArray("permessage-deflate") << QByteArray();
}

void TestWsDeflate::negotiate()
{
    QFETCH(QList<QByteArray>, headers);
    QFETCH(bool, agreed);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, why);
    WsDeflateParams params;
    QByteArray reason;
    QCOMPARE(WsDeflate::negotiate(headers, &params, &reason), agreed);
    if (agreed)
        QCOMPARE(params.responseValue(), response);
    else if (why.isEmpty())
        QCOMPARE(reason, QByteArray());
    else
        QVERIFY2(reason.contains(why), reason);
}

void TestWsDeflate::roundTrip_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("windowBits");
    QTest::addRow("short text") << QByteArray("hello") << 15;
    QTest::addRow("100 kB text") << text(100'000) << 15;
    QTest::addRow("100 kB text, 9-bit window") << text(100'000) << 9;
    // Exactly the limit: the output buffer fills to its last byte (the extra call zlib then gets
    // must not count as stopping inside a block).
    QTest::addRow("1 MiB text, at the limit") << text(1 << 20) << 15;
    QByteArray random(70'000, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char &c : random)
        c = char(generator.bounded(256));
    QTest::addRow("incompressible") << random << 15;
}

void TestWsDeflate::roundTrip()
{
    QFETCH(QByteArray, message);
    QFETCH(int, windowBits);
    WsDeflate sender(sending(false, windowBits));
    WsDeflate receiver(WsDeflateParams{});
    for (int i = 0; i < 3; ++i) {
        const QByteArray deflated = sender.compress(message);
        QVERIFY(!deflated.endsWith(QByteArray("\x00\x00\xff\xff", 4)));
        QByteArray inflated;
        QCOMPARE(receiver.decompress(deflated, 1 << 20, &inflated), WsDeflate::Result::Ok);
        QCOMPARE(inflated, message);
    }
}

// With context takeover the second copy of a message refers back to the first and is tiny; a
// receiver without that history cannot read it. Without takeover each message stands alone.
void TestWsDeflate::contextTakeover_data()
{
    QTest::addColumn<bool>("noContextTakeover");
    QTest::addRow("takeover") << false;
    QTest::addRow("no_context_takeover") << true;
}

void TestWsDeflate::contextTakeover()
{
    QFETCH(bool, noContextTakeover);
    const QByteArray message =
        text(2000) + QByteArray::number(QRandomGenerator::global()->generate());
    WsDeflate sender(sending(noContextTakeover));
    WsDeflate receiver(WsDeflateParams{});
    const QByteArray first = sender.compress(message);
    const QByteArray second = sender.compress(message);
    if (noContextTakeover) {
        QCOMPARE(second, first);
    } else {
        QVERIFY2(second.size() < first.size() / 4,
                 QByteArray::number(first.size()) + " then " + QByteArray::number(second.size()));
    }
    QByteArray inflated;
    QCOMPARE(receiver.decompress(first, 1 << 20, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, message);
    QCOMPARE(receiver.decompress(second, 1 << 20, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, message);
    // A fresh receiver reads the second message only when it does not lean on the first.
    WsDeflate fresh(WsDeflateParams{});
    const WsDeflate::Result alone = fresh.decompress(second, 1 << 20, &inflated);
    if (noContextTakeover) {
        QCOMPARE(alone, WsDeflate::Result::Ok);
        QCOMPARE(inflated, message);
    } else {
        QVERIFY(alone != WsDeflate::Result::Ok || inflated != message);
    }
}

void TestWsDeflate::emptyMessage()
{
    WsDeflate sender(WsDeflateParams{});
    const QByteArray deflated = sender.compress({});
    QCOMPARE(deflated, QByteArray(1, '\0')); // RFC 7692 §7.2.3
    WsDeflate receiver(WsDeflateParams{});
    QByteArray inflated = "x";
    QCOMPARE(receiver.decompress(deflated, 100, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, QByteArray());
    // An empty payload, as python3-websockets sends an empty message.
    QCOMPARE(receiver.decompress({}, 100, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, QByteArray());
    // Between other messages, with context takeover, it stays decodable both ways.
    const QByteArray hello = sender.compress("hello");
    QCOMPARE(sender.compress({}), QByteArray(1, '\0'));
    const QByteArray again = sender.compress("hello");
    for (const QByteArray &payload : {hello, QByteArray(1, '\0'), again}) {
        QCOMPARE(receiver.decompress(payload, 100, &inflated), WsDeflate::Result::Ok);
        QCOMPARE(inflated, payload.size() == 1 ? QByteArray() : QByteArray("hello"));
    }
}

void TestWsDeflate::corruptStream_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addRow("reserved block type") << QByteArray("\xff\xff\xff\xff", 4);
    QTest::addRow("stored length mismatch") << QByteArray("\x00\x05\x00\x00\x00hello", 10);
    WsDeflate sender(WsDeflateParams{});
    QByteArray flipped = sender.compress(text(5000));
    flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x5a);
    flipped[3] = char(flipped[3] ^ 0xff);
    QTest::addRow("bits flipped") << flipped;
    const QByteArray whole = WsDeflate(WsDeflateParams{}).compress(text(5000));
    QTest::addRow("cut short") << whole.left(whole.size() - 3);
    QTest::addRow("one byte of a block") << whole.left(1);
}

void TestWsDeflate::corruptStream()
{
    QFETCH(QByteArray, payload);
    WsDeflate receiver(WsDeflateParams{});
    QByteArray inflated;
    const WsDeflate::Result result = receiver.decompress(payload, 1 << 20, &inflated);
    // A flip may still decode as valid deflate by chance; then it must at least not be the text.
    if (QByteArray(QTest::currentDataTag()) == "bits flipped" && result == WsDeflate::Result::Ok)
        QVERIFY(inflated != text(5000));
    else
        QCOMPARE(result, WsDeflate::Result::Corrupt);
    if (result == WsDeflate::Result::Corrupt) {
        QVERIFY(!receiver.errorText().isEmpty());
        QVERIFY(inflated.isEmpty());
    }
}

// A zip bomb: 64 MiB of zeros deflate to about 64 KiB; the receiver stops at the limit without
// allocating more than twice it.
void TestWsDeflate::sizeLimit()
{
    WsDeflate sender(WsDeflateParams{});
    const QByteArray bomb = sender.compress(QByteArray(64 << 20, '\0'));
    QVERIFY2(bomb.size() < 100'000, QByteArray::number(bomb.size()));
    WsDeflate receiver(WsDeflateParams{});
    QByteArray inflated;
    QCOMPARE(receiver.decompress(bomb, 1 << 20, &inflated), WsDeflate::Result::TooBig);
    QVERIFY(inflated.isEmpty());
    QVERIFY(inflated.capacity() <= 2 << 20);

    WsDeflate exact(WsDeflateParams{});
    const QByteArray message = text(1000);
    const QByteArray deflated = WsDeflate(WsDeflateParams{}).compress(message);
    QCOMPARE(exact.decompress(deflated, 1000, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, message);
    WsDeflate under(WsDeflateParams{});
    QCOMPARE(under.decompress(deflated, 999, &inflated), WsDeflate::Result::TooBig);
}

// A sender may end a message with a block marked final (RFC 7692 §7.2.3.4); the tail the
// receiver appends is then ignored and the next message starts a new stream.
void TestWsDeflate::finalBlock()
{
    // Fixed-Huffman final block of "a" (what zlib's compress of "a" gives, raw): 4b 04 00.
    const QByteArray finalA("\x4b\x04\x00", 3);
    WsDeflate receiver(WsDeflateParams{});
    QByteArray inflated;
    QCOMPARE(receiver.decompress(finalA, 100, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, QByteArray("a"));
    QCOMPARE(receiver.decompress(finalA, 100, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, QByteArray("a"));
}

void TestWsDeflate::decoderRsv1_data()
{
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("compressed");
    const QByteArray hello = WsDeflate(WsDeflateParams{}).compress("hello");
    const QByteArray compressed = WsFrame::buildCompressed(WsOpcode::Text, hello, true, true);
    QTest::addRow("RSV1 without the extension") << false << compressed << false << false;
    QTest::addRow("RSV1 with the extension") << true << compressed << true << true;
    QTest::addRow("plain frame with the extension")
        << true << WsFrame::build(WsOpcode::Text, "hello", true, true) << true << false;
    QByteArray ping = WsFrame::build(WsOpcode::Ping, "p", true, true);
    ping[0] = char(ping[0] | 0x40);
    QTest::addRow("RSV1 on a ping") << true << ping << false << false;
    QByteArray continuation = WsFrame::build(WsOpcode::Continuation, "lo", true, true);
    continuation[0] = char(continuation[0] | 0x40);
    QTest::addRow("RSV1 on a continuation")
        << true << WsFrame::build(WsOpcode::Text, "hel", false, true) + continuation << false
        << false;
    QByteArray rsv2 = WsFrame::build(WsOpcode::Text, "x", true, true);
    rsv2[0] = char(rsv2[0] | 0x20);
    QTest::addRow("RSV2 with the extension") << true << rsv2 << false << false;
    // Deflated bytes are not UTF-8; the decoder leaves the check to after inflating.
    QTest::addRow("compressed text is not checked as UTF-8")
        << true
        << WsFrame::buildCompressed(WsOpcode::Text, QByteArray("\xff\xfe\x00", 3), true, true)
        << true << true;
}

void TestWsDeflate::decoderRsv1()
{
    QFETCH(bool, allowed);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(bool, compressed);
    WsFrameDecoder decoder;
    decoder.setRsv1Allowed(allowed);
    QList<WsFrameDecoder::Message> messages;
    QCOMPARE(decoder.feed(bytes, &messages), ok);
    if (!ok) {
        QCOMPARE(decoder.closeCodeForError(), quint16(1002));
        return;
    }
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first().compressed, compressed);
}

// RSV1 on the first frame only; the fragments' payloads join into one deflate stream.
void TestWsDeflate::fragmentedCompressedMessage()
{
    const QByteArray message = text(10'000);
    const QByteArray deflated = WsDeflate(WsDeflateParams{}).compress(message);
    const qsizetype third = deflated.size() / 3;
    const QByteArray bytes =
        WsFrame::buildCompressed(WsOpcode::Text, deflated.left(third), false, true) +
        WsFrame::build(WsOpcode::Ping, "between", true, true) +
        WsFrame::build(WsOpcode::Continuation, deflated.mid(third, third), false, true) +
        WsFrame::build(WsOpcode::Continuation, deflated.mid(2 * third), true, true);
    WsFrameDecoder decoder;
    decoder.setRsv1Allowed(true);
    QList<WsFrameDecoder::Message> messages;
    QVERIFY(decoder.feed(bytes, &messages));
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].opcode, quint8(WsOpcode::Ping));
    QVERIFY(!messages[0].compressed);
    QVERIFY(messages[1].compressed);
    QByteArray inflated;
    WsDeflate receiver(WsDeflateParams{});
    QCOMPARE(receiver.decompress(messages[1].payload, 1 << 20, &inflated), WsDeflate::Result::Ok);
    QCOMPARE(inflated, message);
}

QTEST_MAIN(TestWsDeflate)
#include "tst_wsdeflate.moc"
