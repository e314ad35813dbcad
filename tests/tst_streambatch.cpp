// Stream::writeAtTurnEnd: what one loop turn writes that way leaves in one send(), in order with
// plain writes, and survives the stream being closed in the same turn. A SOCK_SEQPACKET socket
// pair keeps each send() as one record, so the peer can count them.
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include <QtTest>

#include "net/reactor.h"
#include "net/stream.h"

namespace {
class NullClient final : public StreamClient
{
public:
    void onStreamConnected(Stream *) override {}
    void onStreamData(Stream *, const char *, qsizetype) override {}
    void onStreamDrained(Stream *) override {}
    void onStreamClosed(Stream *, const QString &) override { ++closed; }
    int closed = 0;
};

// Every record waiting on fd, without blocking.
QList<QByteArray> records(int fd)
{
    QList<QByteArray> out;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got <= 0)
            return out;
        out.append(QByteArray(buffer, got));
    }
}
} // namespace

class TestStreamBatch : public QObject
{
    Q_OBJECT

private:
    int m_peer = -1;
    Stream *m_stream = nullptr;
    Reactor *m_reactor = nullptr;
    NullClient m_client;

private slots:
    void init()
    {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
        m_reactor = new Reactor;
        m_stream = Stream::adopt(m_reactor, fds[0], &m_client);
        m_peer = fds[1];
    }

    // A test that closes the stream (or sees it fail) clears m_stream: the reactor deletes
    // closed streams once their turn is over.
    void cleanup()
    {
        if (m_stream)
            m_stream->close();
        delete m_reactor; // deletes the retired stream
        m_stream = nullptr;
        ::close(m_peer);
    }

    void oneTurnIsOneSend()
    {
        m_stream->writeAtTurnEnd("one,");
        m_stream->writeAtTurnEnd("two,");
        m_stream->writeAtTurnEnd("three");
        // Nothing leaves before the turn ends.
        QVERIFY(records(m_peer).isEmpty());
        QList<QByteArray> got;
        QTRY_VERIFY((got += records(m_peer), !got.isEmpty()));
        QCOMPARE(got, QList<QByteArray>{"one,two,three"});
        QCOMPARE(m_stream->pendingBytes(), 0);
    }

    void nextTurnIsAnotherSend()
    {
        m_stream->writeAtTurnEnd("first");
        QList<QByteArray> got;
        QTRY_VERIFY((got += records(m_peer), !got.isEmpty()));
        m_stream->writeAtTurnEnd("second");
        QTRY_VERIFY((got += records(m_peer), got.size() == 2));
        QCOMPARE(got, (QList<QByteArray>{"first", "second"}));
    }

    void plainWriteKeepsOrder()
    {
        m_stream->writeAtTurnEnd("a");
        m_stream->writeAtTurnEnd("b");
        // A plain write takes what is waiting with it, in front.
        m_stream->write(QByteArray("c"));
        QCOMPARE(records(m_peer), QList<QByteArray>{"abc"});
        m_stream->writeAtTurnEnd("d");
        QList<QByteArray> got;
        QTRY_VERIFY((got += records(m_peer), !got.isEmpty()));
        QCOMPARE(got, QList<QByteArray>{"d"});
    }

    void closeWhenDrainedSendsTheTurnFirst()
    {
        m_stream->writeAtTurnEnd("last words");
        m_stream->closeWhenDrained();
        m_stream = nullptr;
        QCOMPARE(records(m_peer), QList<QByteArray>{"last words"});
        char byte;
        QTRY_COMPARE(::recv(m_peer, &byte, 1, MSG_DONTWAIT), ssize_t(0)); // end of stream
        QCOMPARE(m_client.closed, 0);
    }

    void closeStillSendsWhatTheSocketTakes()
    {
        m_stream->writeAtTurnEnd("bye");
        m_stream->close();
        m_stream = nullptr;
        QCOMPARE(records(m_peer), QList<QByteArray>{"bye"});
        // The turn's end comes for a stream that is gone: nothing happens, nothing crashes.
        for (int i = 0; i < 3; ++i)
            QCoreApplication::processEvents();
        QCOMPARE(m_client.closed, 0);
    }

    // A publish queues every subscriber for the turn's end and some of them close in the same
    // turn: each closed one leaves the queue (the reactor frees it), the others still send once.
    void manyQueuedStreamsSomeClosedInTheTurn()
    {
        constexpr int Count = 200;
        NullClient client;
        std::vector<Stream *> streams;
        std::vector<int> peers;
        for (int i = 0; i < Count; ++i) {
            int fds[2];
            QCOMPARE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
            streams.push_back(Stream::adopt(m_reactor, fds[0], &client));
            peers.push_back(fds[1]);
        }
        for (int i = 0; i < Count; ++i)
            streams[i]->writeAtTurnEnd(QByteArray::number(i));
        for (int i = 0; i < Count; i += 2)
            streams[i]->close();
        // Closed ones flushed at once; the others when the turn ends.
        std::vector<QList<QByteArray>> got(Count);
        const auto collect = [&] {
            bool all = true;
            for (int i = 0; i < Count; ++i) {
                got[i] += records(peers[i]);
                all = all && !got[i].isEmpty();
            }
            return all;
        };
        QTRY_VERIFY(collect());
        for (int i = 0; i < Count; ++i)
            QCOMPARE(got[i], QList<QByteArray>{QByteArray::number(i)});
        QCOMPARE(client.closed, 0);
        for (int i = 1; i < Count; i += 2)
            streams[i]->close();
        for (int peer : peers)
            ::close(peer);
    }

    void peerGoneIsReportedNotCrashed()
    {
        ::close(m_peer);
        m_peer = ::dup(STDIN_FILENO); // keeps cleanup() uniform
        m_stream->writeAtTurnEnd("into the void");
        QTRY_COMPARE(m_client.closed, 1);
        m_stream = nullptr; // failed, closed and retired: gone after this turn
    }
};

QTEST_GUILESS_MAIN(TestStreamBatch)
#include "tst_streambatch.moc"
