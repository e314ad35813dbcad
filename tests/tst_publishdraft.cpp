// The console composer's request, built without widgets (PublishDraft), read back by the broker's
// own publish parser: what the composer sends is what the broker understands.
#include <QtTest>

#include "grip/publishparser.h"
#include "publishdraft.h"

class TestPublishDraft : public QObject
{
    Q_OBJECT

private:
    static PublishItem parsed(const PublishDraft &draft)
    {
        const PublishParseResult result = PublishParser::parse(draft.toJson());
        if (!result.ok() || result.items.size() != 1) {
            qWarning("%s: %s", draft.toJson().constData(), qPrintable(result.error));
            return {};
        }
        return result.items.first();
    }

private Q_SLOTS:
    void idsAndStreamContent()
    {
        PublishDraft draft;
        draft.channel = QStringLiteral("news");
        draft.id = QStringLiteral("2");
        draft.prevId = QStringLiteral("1");
        draft.stream = true;
        draft.httpStream.content = QStringLiteral("hello\n");
        const PublishItem item = parsed(draft);
        QCOMPARE(item.channel, QByteArray("news"));
        QCOMPARE(item.id, QByteArray("2"));
        QCOMPARE(item.prevId, QByteArray("1"));
        QVERIFY(item.httpStream);
        QCOMPARE(item.httpStream->content, QByteArray("hello\n"));
        QVERIFY(!item.wsMessage && !item.httpResponse);
    }

    void emptyIdsAreLeftOut()
    {
        PublishDraft draft;
        draft.channel = QStringLiteral("c");
        draft.stream = true;
        QVERIFY(!draft.toJson().contains("\"id\""));
        QVERIFY(!draft.toJson().contains("prev-id"));
        QVERIFY(parsed(draft).id.isEmpty());
    }

    void webSocketKinds_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("closeCode");
        QTest::addColumn<QByteArray>("expectedContent");
        QTest::addColumn<int>("expectedCloseCode");
        QTest::addRow("text") << int(PublishDraft::WsMessage::Kind::Text) << -1
                              << QByteArray("héllo") << -1;
        QTest::addRow("binary") << int(PublishDraft::WsMessage::Kind::Binary) << -1
                                << QByteArray("\x00\xff\x01", 3) << -1;
        QTest::addRow("close without a code")
            << int(PublishDraft::WsMessage::Kind::Close) << -1 << QByteArray() << -1;
        QTest::addRow("close with a code")
            << int(PublishDraft::WsMessage::Kind::Close) << 4000 << QByteArray() << 4000;
    }

    void webSocketKinds()
    {
        QFETCH(int, kind);
        QFETCH(int, closeCode);
        QFETCH(QByteArray, expectedContent);
        QFETCH(int, expectedCloseCode);
        PublishDraft draft;
        draft.channel = QStringLiteral("c");
        draft.ws = true;
        draft.wsMessage.kind = PublishDraft::WsMessage::Kind(kind);
        draft.wsMessage.text = QStringLiteral("héllo");
        draft.wsMessage.bytes = QByteArray("\x00\xff\x01", 3);
        draft.wsMessage.closeCode = closeCode;
        draft.wsMessage.closeReason = QStringLiteral("bye");
        const PublishItem item = parsed(draft);
        QVERIFY(item.wsMessage);
        QCOMPARE(item.wsMessage->content, expectedContent);
        QCOMPARE(item.wsMessage->closeCode, expectedCloseCode);
        const bool close = draft.wsMessage.kind == PublishDraft::WsMessage::Kind::Close;
        QCOMPARE(item.wsMessage->action == WsMessageFormat::Action::Close, close);
        QCOMPARE(item.wsMessage->type == WsMessageFormat::Type::Binary,
                 draft.wsMessage.kind == PublishDraft::WsMessage::Kind::Binary);
        // A reason goes only with a code.
        QCOMPARE(item.wsMessage->closeReason, QByteArray(closeCode >= 0 ? "bye" : ""));
    }

    void responseWithHeadersAndBinaryBody()
    {
        PublishDraft draft;
        draft.channel = QStringLiteral("c");
        draft.response = true;
        draft.httpResponse.code = 201;
        draft.httpResponse.headers = {{QStringLiteral("X-Test"), QStringLiteral("1")},
                                      {QString(), QStringLiteral("a row without a name")}};
        draft.httpResponse.body = QStringLiteral("ignored: the binary body wins");
        draft.httpResponse.binaryBody = QByteArray("\x01\x02", 2);
        const PublishItem item = parsed(draft);
        QVERIFY(item.httpResponse);
        QCOMPARE(item.httpResponse->code, 201);
        QCOMPARE(item.httpResponse->reason, QByteArray("Created"));
        QCOMPARE(item.httpResponse->headers.size(), qsizetype(1));
        QCOMPARE(item.httpResponse->headers.first().first, QByteArray("X-Test"));
        QCOMPARE(item.httpResponse->body, QByteArray("\x01\x02", 2));
    }

    void actions()
    {
        PublishDraft draft;
        draft.channel = QStringLiteral("c");
        draft.stream = true;
        draft.httpStream.close = true;
        draft.response = true;
        draft.httpResponse.hint = true;
        const PublishItem item = parsed(draft);
        QCOMPARE(item.httpStream->action, HttpStreamFormat::Action::Close);
        QCOMPARE(item.httpResponse->action, HttpResponseFormat::Action::Hint);
    }

    // What `holdfast publish` adds: meta, no-seq, hints in every format, binary stream content and
    // a repeated header, which goes as [name, value] pairs so neither is lost.
    void publishCommandFields()
    {
        PublishDraft draft;
        draft.channel = QStringLiteral("c");
        draft.meta = {{QStringLiteral("sender"), QStringLiteral("ci")}};
        draft.noSeq = true;
        draft.stream = true;
        draft.httpStream.binaryContent = QByteArray("\xff\x00", 2);
        draft.response = true;
        draft.httpResponse.headers = {{QStringLiteral("Set-Cookie"), QStringLiteral("a=1")},
                                      {QStringLiteral("set-cookie"), QStringLiteral("b=2")}};
        draft.ws = true;
        draft.wsMessage.kind = PublishDraft::WsMessage::Kind::Hint;
        PublishItem item = parsed(draft);
        QCOMPARE(item.meta.size(), qsizetype(1));
        QCOMPARE(item.meta.first().second, QByteArray("ci"));
        QVERIFY(item.noSeq);
        QCOMPARE(item.httpStream->content, QByteArray("\xff\x00", 2));
        QCOMPARE(item.httpResponse->headers.size(), qsizetype(2));
        QCOMPARE(item.httpResponse->headers.at(1).second, QByteArray("b=2"));
        QCOMPARE(item.wsMessage->action, WsMessageFormat::Action::Hint);

        draft.httpStream.hint = true;
        item = parsed(draft);
        QCOMPARE(item.httpStream->action, HttpStreamFormat::Action::Hint);
    }
};

QTEST_GUILESS_MAIN(TestPublishDraft)
#include "tst_publishdraft.moc"
