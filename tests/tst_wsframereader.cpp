#include <QtTest>

#include "ws/wsframe.h"
#include "ws/wsframereader.h"

namespace {

// What a reader should report after a whole input; one value per table row.
struct Expected
{
    quint64 messages = 0;
    quint64 payloadBytes = 0;
    quint64 pings = 0;
    quint64 pongs = 0;
    bool closeSeen = false;
    quint16 closeCode = 1005;
    QByteArray closeReason;
    WsFrameReader::Error error = WsFrameReader::Error::None;
    bool atBoundary = true;
};

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

// A data frame of the given size counts as one message carrying that many payload bytes.
Expected oneMessage(quint64 size)
{
    Expected e;
    e.messages = 1;
    e.payloadBytes = size;
    return e;
}

Expected failed(WsFrameReader::Error error, quint64 messages = 0, quint64 payloadBytes = 0)
{
    Expected e;
    e.messages = messages;
    e.payloadBytes = payloadBytes;
    e.error = error;
    e.atBoundary = false;
    return e;
}

void verify(const WsFrameReader &reader, const Expected &e)
{
    QCOMPARE(reader.messages(), e.messages);
    QCOMPARE(reader.payloadBytes(), e.payloadBytes);
    QCOMPARE(reader.pings(), e.pings);
    QCOMPARE(reader.pongs(), e.pongs);
    QCOMPARE(reader.closeSeen(), e.closeSeen);
    QCOMPARE(reader.closeCode(), e.closeCode);
    QCOMPARE(reader.closeReason(), e.closeReason);
    QCOMPARE(int(reader.error()), int(e.error));
    QCOMPARE(reader.hasError(), e.error != WsFrameReader::Error::None);
    QCOMPARE(reader.errorText().isEmpty(), !reader.hasError());
    QCOMPARE(reader.atFrameBoundary(), e.atBoundary);
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestWsFrameReader : public QObject
{
    Q_OBJECT

private slots:
    void acceptKey_data();
    void acceptKey();
    void build_data();
    void build();
    void buildRandomMask();
    void frames_data();
    void frames();
    void byteAtATime_data() { frames_data(); }
    void byteAtATime();
    void everySplit_data() { frames_data(); }
    void everySplit();
    void atFrameBoundaryEverywhere();
    void hugeFrameSkipsInConstantTime();
    void stateIsSmall();
};

void TestWsFrameReader::acceptKey_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("accept");
    // RFC 6455 §1.3; the SHA-1 bytes it lists (0xb3 0x7a 0x4f 0x2c ...) encode to this.
    QTest::addRow("rfc6455") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==")
                             << QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    QTest::addRow("other") << QByteArray("x3JJHMbDL1EzLkh9GBhXDw==")
                           << QByteArray("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}

void TestWsFrameReader::acceptKey()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, accept);
    QCOMPARE(WsFrame::acceptKey(key), accept);
}

void TestWsFrameReader::build_data()
{
    QTest::addColumn<QByteArray>("built");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray hello("Hello");
    // RFC 6455 §5.7 examples, written out byte by byte.
    QTest::addRow("rfc text unmasked")
        << WsFrame::build(WsOpcode::Text, hello) << bytes({0x81, 0x05, 'H', 'e', 'l', 'l', 'o'});
    QTest::addRow("rfc text masked")
        << WsFrame::buildMasked(WsOpcode::Text, hello, 0x37fa213d)
        << bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
    QTest::addRow("rfc fragment first")
        << WsFrame::build(WsOpcode::Text, "Hel", false) << bytes({0x01, 0x03, 'H', 'e', 'l'});
    QTest::addRow("rfc fragment last")
        << WsFrame::build(WsOpcode::Continuation, "lo") << bytes({0x80, 0x02, 'l', 'o'});
    QTest::addRow("rfc ping unmasked")
        << WsFrame::build(WsOpcode::Ping, hello) << bytes({0x89, 0x05, 'H', 'e', 'l', 'l', 'o'});
    QTest::addRow("rfc pong masked")
        << WsFrame::buildMasked(WsOpcode::Pong, hello, 0x37fa213d)
        << bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
    QTest::addRow("rfc 256 bytes binary") << WsFrame::build(WsOpcode::Binary, pattern(256))
                                          << bytes({0x82, 0x7e, 0x01, 0x00}) + pattern(256);
    QTest::addRow("rfc 64KiB binary")
        << WsFrame::build(WsOpcode::Binary, pattern(65536))
        << bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}) + pattern(65536);
    QTest::addRow("empty text") << WsFrame::build(WsOpcode::Text, {}) << bytes({0x81, 0x00});
    QTest::addRow("125 stays 7-bit")
        << WsFrame::build(WsOpcode::Binary, pattern(125)).left(2) << bytes({0x82, 0x7d});
    QTest::addRow("126 is 16-bit") << WsFrame::build(WsOpcode::Binary, pattern(126)).left(4)
                                   << bytes({0x82, 0x7e, 0x00, 0x7e});
    QTest::addRow("65535 is 16-bit") << WsFrame::build(WsOpcode::Binary, pattern(65535)).left(4)
                                     << bytes({0x82, 0x7e, 0xff, 0xff});
    QTest::addRow("close code reason") << WsFrame::closeFrame(1000, "bye", false)
                                       << bytes({0x88, 0x05, 0x03, 0xe8, 'b', 'y', 'e'});
    QTest::addRow("close without code")
        << WsFrame::closeFrame(1005, "ignored", false) << bytes({0x88, 0x00});
    QTest::addRow("close reason cut to 123")
        << WsFrame::closeFrame(1001, QByteArray(200, 'r'), false)
        << bytes({0x88, 0x7d, 0x03, 0xe9}) + QByteArray(123, 'r');
}

void TestWsFrameReader::build()
{
    QFETCH(QByteArray, built);
    QFETCH(QByteArray, expected);
    QCOMPARE(built.toHex(' ').left(400), expected.toHex(' ').left(400));
    QCOMPARE(built, expected);
}

void TestWsFrameReader::buildRandomMask()
{
    const QByteArray payload = pattern(300);
    const QByteArray frame = WsFrame::build(WsOpcode::Binary, payload, true, true);
    QCOMPARE(frame.size(), 2 + 2 + 4 + payload.size());
    QCOMPARE(quint8(frame[0]), quint8(0x82));
    QCOMPARE(quint8(frame[1]), quint8(0x80 | 126));
    QByteArray unmasked = frame.mid(8);
    quint8 key[4];
    std::memcpy(key, frame.constData() + 4, 4);
    WsFrame::applyMask(unmasked.data(), unmasked.size(), key, 0);
    QCOMPARE(unmasked, payload);
}

void TestWsFrameReader::frames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Expected>("expected");
    using E = WsFrameReader::Error;

    for (bool masked : {false, true}) {
        const char *m = masked ? "masked" : "unmasked";
        QTest::addRow("text %s", m)
            << WsFrame::build(WsOpcode::Text, "hello", true, masked) << oneMessage(5);
        QTest::addRow("binary %s", m)
            << WsFrame::build(WsOpcode::Binary, pattern(10), true, masked) << oneMessage(10);
        Expected ping;
        ping.pings = 1;
        QTest::addRow("ping %s", m) << WsFrame::build(WsOpcode::Ping, "p", true, masked) << ping;
        Expected pong;
        pong.pongs = 1;
        QTest::addRow("pong %s", m) << WsFrame::build(WsOpcode::Pong, {}, true, masked) << pong;
        Expected close;
        close.closeSeen = true;
        close.closeCode = 1001;
        close.closeReason = "going away";
        QTest::addRow("close %s", m) << WsFrame::closeFrame(1001, "going away", masked) << close;
        Expected bare;
        bare.closeSeen = true;
        QTest::addRow("close no code %s", m) << WsFrame::closeFrame(1005, {}, masked) << bare;

        // 7-bit, 16-bit and 64-bit length forms, each at its edges.
        for (int size : {0, 125, 126, 65535, 65536}) {
            QTest::addRow("text %d %s", size, m)
                << WsFrame::build(WsOpcode::Text, pattern(size), true, masked) << oneMessage(size);
            QTest::addRow("binary %d %s", size, m)
                << WsFrame::build(WsOpcode::Binary, pattern(size), true, masked)
                << oneMessage(size);
        }

        Expected fragmented = oneMessage(6);
        fragmented.pings = 1;
        fragmented.pongs = 1;
        QTest::addRow("fragmented with control frames %s", m)
            << WsFrame::build(WsOpcode::Text, "ab", false, masked) +
                   WsFrame::build(WsOpcode::Ping, "x", true, masked) +
                   WsFrame::build(WsOpcode::Continuation, "cd", false, masked) +
                   WsFrame::build(WsOpcode::Pong, "x", true, masked) +
                   WsFrame::build(WsOpcode::Continuation, "ef", true, masked)
            << fragmented;
        Expected inProgress = oneMessage(0);
        inProgress.messages = 0;
        inProgress.payloadBytes = 300;
        QTest::addRow("fragment unfinished %s", m)
            << WsFrame::build(WsOpcode::Binary, pattern(300), false, masked) << inProgress;
    }

    Expected several = oneMessage(5 + 70000 + 0);
    several.messages = 3;
    several.pings = 1;
    several.closeSeen = true;
    several.closeCode = 1000;
    several.closeReason = "done";
    QTest::addRow("several frames in one buffer")
        << WsFrame::build(WsOpcode::Text, "hello") +
               WsFrame::build(WsOpcode::Ping, {}, true, true) +
               WsFrame::build(WsOpcode::Binary, pattern(70000), true, true) +
               WsFrame::build(WsOpcode::Text, {}) + WsFrame::closeFrame(1000, "done", true)
        << several;
    Expected firstClose;
    firstClose.closeSeen = true;
    firstClose.closeCode = 4000;
    firstClose.closeReason = "first";
    QTest::addRow("second close ignored")
        << WsFrame::closeFrame(4000, "first", true) + WsFrame::closeFrame(4001, "second", true)
        << firstClose;
    // permessage-deflate sets RSV1; a passive reader counts such frames as they are.
    QTest::addRow("rsv1 accepted") << bytes({0xc1, 0x03, 1, 2, 3}) << oneMessage(3);
    Expected partialHeader;
    partialHeader.atBoundary = false;
    QTest::addRow("header unfinished") << bytes({0x82, 0xfe, 0x01}) << partialHeader;
    Expected partialPayload = oneMessage(2);
    partialPayload.messages = 0;
    partialPayload.atBoundary = false;
    QTest::addRow("payload unfinished") << bytes({0x82, 0x04, 1, 2}) << partialPayload;
    Expected partialClose;
    partialClose.atBoundary = false;
    QTest::addRow("close unfinished")
        << WsFrame::closeFrame(1000, "abc", true).chopped(1) << partialClose;

    // Hand-written frames, so the reader is not only checked against build().
    QTest::addRow("rfc masked hello")
        << bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58})
        << oneMessage(5);
    QTest::addRow("rfc fragmented hello")
        << bytes({0x01, 0x03, 'H', 'e', 'l', 0x80, 0x02, 'l', 'o'}) << oneMessage(5);
    Expected handClose;
    handClose.closeSeen = true;
    handClose.closeCode = 1000;
    handClose.closeReason = "ok";
    // Close 1000 "ok" masked with key 01 02 03 04.
    QTest::addRow("hand masked close") << bytes({0x88, 0x84, 0x01, 0x02, 0x03, 0x04, 0x03 ^ 0x01,
                                                 0xe8 ^ 0x02, 'o' ^ 0x03, 'k' ^ 0x04})
                                       << handClose;
    QTest::addRow("hand 16-bit length")
        << bytes({0x82, 0x7e, 0x00, 0x80}) + QByteArray(128, 'x') << oneMessage(128);
    QTest::addRow("hand 64-bit length")
        << bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0x01, 0x00}) + QByteArray(256, 'x')
        << oneMessage(256);

    // Errors: counting stops at the bad header, what came before stays counted.
    QTest::addRow("reserved data opcode") << bytes({0x83, 0x00}) << failed(E::ReservedOpcode);
    QTest::addRow("reserved control opcode") << bytes({0x8b, 0x00}) << failed(E::ReservedOpcode);
    QTest::addRow("control frame too long")
        << WsFrame::build(WsOpcode::Ping, QByteArray(126, 'p')) << failed(E::ControlFrameTooLong);
    QTest::addRow("fragmented control frame")
        << WsFrame::build(WsOpcode::Pong, "x", false) << failed(E::ControlFrameFragmented);
    QTest::addRow("continuation without start")
        << WsFrame::build(WsOpcode::Continuation, "x") << failed(E::ContinuationWithoutStart);
    QTest::addRow("text inside fragmented message")
        << WsFrame::build(WsOpcode::Binary, "ab", false) + WsFrame::build(WsOpcode::Text, "cd")
        << failed(E::DataFrameInsideFragmentedMessage, 0, 2);
    QTest::addRow("64-bit length msb set")
        << bytes({0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}) << failed(E::LengthMsbSet);
    QTest::addRow("close with one byte")
        << bytes({0x88, 0x01, 0x03}) << failed(E::CloseFrameOneByte);
    QTest::addRow("counting stops after error")
        << WsFrame::build(WsOpcode::Text, "abc") + bytes({0x84, 0x00}) +
               WsFrame::build(WsOpcode::Text, "more")
        << failed(E::ReservedOpcode, 1, 3);
}

void TestWsFrameReader::frames()
{
    QFETCH(QByteArray, input);
    QFETCH(Expected, expected);
    WsFrameReader reader;
    reader.feed(input);
    verify(reader, expected);
}

void TestWsFrameReader::byteAtATime()
{
    QFETCH(QByteArray, input);
    QFETCH(Expected, expected);
    WsFrameReader reader;
    for (qsizetype i = 0; i < input.size(); ++i)
        reader.feed(input.constData() + i, 1);
    verify(reader, expected);
}

void TestWsFrameReader::everySplit()
{
    QFETCH(QByteArray, input);
    QFETCH(Expected, expected);
    for (qsizetype split = 0; split <= input.size(); ++split) {
        WsFrameReader reader;
        reader.feed(input.constData(), split);
        reader.feed(input.constData() + split, input.size() - split);
        verify(reader, expected);
        if (QTest::currentTestFailed()) {
            qWarning("failed when split at %lld", qlonglong(split));
            return;
        }
    }
}

void TestWsFrameReader::atFrameBoundaryEverywhere()
{
    const QList<QByteArray> frames = {
        WsFrame::build(WsOpcode::Text, {}),
        WsFrame::build(WsOpcode::Text, "ab", false, true),
        WsFrame::build(WsOpcode::Ping, {}, true, true),
        WsFrame::build(WsOpcode::Continuation, pattern(126), false, true),
        WsFrame::build(WsOpcode::Pong, "pong"),
        WsFrame::build(WsOpcode::Continuation, pattern(65536), true, true),
        WsFrame::build(WsOpcode::Binary, pattern(300)),
        WsFrame::closeFrame(1000, "bye", true),
    };
    // Frame end offset -> whether a fragmented message is open there.
    QByteArray input;
    QHash<qsizetype, bool> ends;
    ends.insert(0, false);
    bool open = false;
    for (const QByteArray &frame : frames) {
        input += frame;
        const quint8 opcode = quint8(frame[0]) & 0x0F;
        if (opcode < WsOpcode::Close)
            open = !(quint8(frame[0]) & 0x80);
        ends.insert(input.size(), open);
    }

    WsFrameReader reader;
    QVERIFY(reader.atFrameBoundary());
    for (qsizetype i = 0; i < input.size(); ++i) {
        reader.feed(input.constData() + i, 1);
        const auto end = ends.constFind(i + 1);
        if (reader.atFrameBoundary() != (end != ends.constEnd()))
            QFAIL(qPrintable(QStringLiteral("wrong atFrameBoundary after %1 bytes").arg(i + 1)));
        // Only control frames may be injected between the fragments of a message.
        if (end != ends.constEnd() && reader.inFragmentedMessage() != end.value())
            QFAIL(qPrintable(QStringLiteral("wrong inFragmentedMessage after %1").arg(i + 1)));
    }
    QCOMPARE(reader.messages(), quint64(3)); // the empty text counts too
    QCOMPARE(reader.payloadBytes(), quint64(2 + 126 + 65536 + 300));
    QVERIFY(reader.closeSeen());
    QVERIFY(!reader.inFragmentedMessage());
}

void TestWsFrameReader::hugeFrameSkipsInConstantTime()
{
    // A 1 TiB frame: the reader keeps only a countdown, so feeding it must not buffer or loop.
    WsFrameReader reader;
    reader.feed(bytes({0x82, 0x7f, 0, 0, 0x01, 0, 0, 0, 0, 0}));
    const QByteArray chunk(1 << 20, 'x');
    for (int i = 0; i < 64; ++i)
        reader.feed(chunk);
    QCOMPARE(reader.payloadBytes(), quint64(64) << 20);
    QCOMPARE(reader.messages(), quint64(0));
    QVERIFY(!reader.atFrameBoundary());
    QVERIFY(!reader.hasError());
}

void TestWsFrameReader::stateIsSmall()
{
    // One reader per direction per connection, for 10,000+ connections.
    QVERIFY2(sizeof(WsFrameReader) <= 96, QByteArray::number(qulonglong(sizeof(WsFrameReader))));
}

QTEST_GUILESS_MAIN(TestWsFrameReader)
#include "tst_wsframereader.moc"
