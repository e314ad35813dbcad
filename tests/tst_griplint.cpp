#include <QtTest>

#include "grip/griplint.h"

namespace {
HttpHeaders headers(const QList<QPair<QByteArray, QByteArray>> &list)
{
    HttpHeaders out;
    for (const auto &pair : list)
        out.add(pair.first, pair.second);
    return out;
}
} // namespace

class TestGripLint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void responseWarnings_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<HttpHeaders>("headers");
        QTest::addColumn<QStringList>("expected"); // a part of each warning, in order

        QTest::addRow("good stream")
            << 200
            << headers({{"Grip-Hold", "stream"},
                        {"Grip-Channel", "a"},
                        {"Grip-Keep-Alive", "\\n; format=cstring; timeout=20"}})
            << QStringList();
        QTest::addRow("good response")
            << 200 << headers({{"Grip-Hold", "response"}, {"Grip-Channel", "a"}}) << QStringList();
        QTest::addRow("no grip at all")
            << 200 << headers({{"Content-Type", "text/plain"}}) << QStringList();
        QTest::addRow("hold without channel")
            << 200 << headers({{"Grip-Hold", "response"}})
            << QStringList{QStringLiteral("Grip-Hold without a Grip-Channel")};
        QTest::addRow("channel without hold")
            << 200 << headers({{"Grip-Channel", "a"}})
            << QStringList{QStringLiteral("Grip-Channel without Grip-Hold")};
        QTest::addRow("bad keep-alive format")
            << 200
            << headers({{"Grip-Hold", "stream"},
                        {"Grip-Channel", "a"},
                        {"Grip-Keep-Alive", "x; format=nonsense"}})
            << QStringList{QStringLiteral("cannot be read (Grip-Keep-Alive")};
        QTest::addRow("stream without keep-alive")
            << 200 << headers({{"Grip-Hold", "stream"}, {"Grip-Channel", "a"}})
            << QStringList{QStringLiteral("without Grip-Keep-Alive")};
        QTest::addRow("timeout below minimum")
            << 200
            << headers({{"Grip-Hold", "response"}, {"Grip-Channel", "a"}, {"Grip-Timeout", "2"}})
            << QStringList{QStringLiteral("Grip-Timeout 2 is below the minimum; 5 s")};
        QTest::addRow("instruct body with 404")
            << 404 << headers({{"Content-Type", "application/grip-instruct"}})
            << QStringList{QStringLiteral("must come with status 200, not 404")};
        QTest::addRow("unsupported header")
            << 200
            << headers({{"Grip-Hold", "response"},
                        {"Grip-Channel", "a"},
                        {"Grip-Expose-Headers", "X-A"}})
            << QStringList{QStringLiteral("not supported by Holdfast")};
    }

    void responseWarnings()
    {
        QFETCH(int, status);
        QFETCH(HttpHeaders, headers);
        QFETCH(QStringList, expected);
        const QStringList warnings = GripLint::responseWarnings(status, headers);
        QCOMPARE(warnings.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(warnings[i].contains(expected[i]), qPrintable(warnings[i]));
    }

    void wsResponseWarnings_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        const QByteArray events = "application/websocket-events";
        QTest::addRow("good") << 200 << events << QByteArray("OPEN\r\nTEXT 2\r\nhi\r\n")
                              << QStringList();
        QTest::addRow("length says more") << 200 << events << QByteArray("TEXT 9\r\nabc\r\n")
                                          << QStringList{QStringLiteral("cut short")};
        QTest::addRow("length says less") << 200 << events << QByteArray("TEXT 1\r\nabc\r\n")
                                          << QStringList{QStringLiteral("not followed by CRLF")};
        QTest::addRow("wrong content type")
            << 200 << QByteArray("text/plain") << QByteArray("OPEN\r\n")
            << QStringList{QStringLiteral("not application/websocket-events")};
        QTest::addRow("refused") << 403 << events << QByteArray()
                                 << QStringList{QStringLiteral("answered 403")};
        QTest::addRow("bad control json")
            << 200 << events << QByteArray("TEXT 4\r\nc:{x\r\n")
            << QStringList{QStringLiteral("is invalid and was ignored")};
    }

    void wsResponseWarnings()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        const QStringList warnings =
            GripLint::wsResponseWarnings(status, headers({{"Content-Type", contentType}}), body);
        QCOMPARE(warnings.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QVERIFY2(warnings[i].contains(expected[i]), qPrintable(warnings[i]));
    }

    void describeSummarisesTheHold()
    {
        GripInstruction instruction;
        QString error;
        QVERIFY(
            GripInstruction::parse(headers({{"Grip-Hold", "stream"},
                                            {"Grip-Channel", "a; prev-id=1, b"},
                                            {"Grip-Keep-Alive", "x; timeout=30; mode=interval"}}),
                                   &instruction, &error));
        QCOMPARE(GripLint::describe(instruction),
                 QStringLiteral("hold stream on 'a' (prev-id '1'), 'b'; keep-alive every 30 s"));
    }
};

QTEST_APPLESS_MAIN(TestGripLint)
#include "tst_griplint.moc"
