// The console's responsiveness under load (issue 6 and S6 of the benchmarks): a real MainWindow
// (offscreen unless a display is given) with its embedded broker, N held SSE subscribers opened by
// a child process of this program, and publishes at a fixed rate so the broker makes
// N × rate deliveries a second. A 5 ms timer on the GUI thread records how late each tick fires;
// the worst lateness is the longest the event loop was stalled. Bounded by --seconds.
//
//   bench_gui_stall [--clients 10000] [--rate 2] [--seconds 20]
//
// The child (same binary, --subscribers PORT N SECONDS) holds the client sockets so neither
// process needs more than ~10,000 descriptors.
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QProcess>
#include <QTabWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "connectionsmodel.h"
#include "ledger/ledgerconfig.h"
#include "mainwindow.h"
#include "routes/routesfile.h"

namespace {

void raiseDescriptorLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Opens count SSE requests to 127.0.0.1:port and reads everything until seconds pass; prints
// "connected N bytes B" on stdout. Plain blocking connects and one epoll loop: the broker, not
// this client, is what is measured.
int runSubscribers(quint16 port, int count, int seconds)
{
    raiseDescriptorLimit();
    const int poller = epoll_create1(0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char request[] = "GET /test/sse HTTP/1.1\r\nHost: localhost\r\n\r\n";
    std::vector<int> fds;
    for (int i = 0; i < count; ++i) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            std::fprintf(stderr, "subscriber %d: %s\n", i, std::strerror(errno));
            if (fd >= 0)
                close(fd);
            break;
        }
        if (write(fd, request, sizeof request - 1) != ssize_t(sizeof request - 1))
            std::fprintf(stderr, "subscriber %d: short write\n", i);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event);
        fds.push_back(fd);
    }
    std::printf("connected %zu\n", fds.size());
    std::fflush(stdout);
    QElapsedTimer clock;
    clock.start();
    quint64 bytes = 0;
    std::vector<epoll_event> events(256);
    char buffer[16384];
    while (clock.elapsed() < qint64(seconds) * 1000) {
        const int ready = epoll_wait(poller, events.data(), int(events.size()), 100);
        for (int i = 0; i < ready; ++i) {
            const ssize_t got = read(events[size_t(i)].data.fd, buffer, sizeof buffer);
            if (got > 0)
                bytes += quint64(got);
        }
    }
    for (int fd : fds)
        close(fd);
    close(poller);
    std::printf("bytes %llu\n", static_cast<unsigned long long>(bytes));
    return 0;
}

struct Stalls
{
    std::vector<qint64> lateMs;
    qint64 worst() const
    {
        return lateMs.empty() ? 0 : *std::max_element(lateMs.begin(), lateMs.end());
    }
    qint64 percentile(double p) const
    {
        if (lateMs.empty())
            return 0;
        std::vector<qint64> sorted = lateMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted[size_t(double(sorted.size() - 1) * p)];
    }
};

// Times every event the GUI thread delivers, so a stall can be blamed on a receiver.
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        // notify() sees every thread's events; only the GUI thread's are of interest here.
        if (!m_timing || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = int(event->type());
        const bool result = QApplication::notify(receiver, event);
        const qint64 ms = timer.elapsed();
        if (ms >= 20)
            std::fprintf(stderr, "slow event: %lld ms, type %d, receiver %s \"%s\" in %s\n",
                         static_cast<long long>(ms), type, receiver->metaObject()->className(),
                         qPrintable(receiver->objectName()),
                         receiver->parent() ? receiver->parent()->metaObject()->className() : "-");
        return result;
    }
    void setTiming(bool on) { m_timing = on; }

private:
    bool m_timing = false;
};

} // namespace

int main(int argc, char *argv[])
{
    if (argc == 5 && QByteArray(argv[1]) == "--subscribers")
        return runSubscribers(quint16(atoi(argv[2])), atoi(argv[3]), atoi(argv[4]));
    raiseDescriptorLimit();
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines show up at once in a pipe
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption clientsOption(QStringLiteral("clients"),
                                           QStringLiteral("Held SSE subscribers."),
                                           QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Publishes per second to channel test."),
                                        QStringLiteral("R"), QStringLiteral("2"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Measured time after the ramp."),
                                           QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption noLedgerOption(QStringLiteral("no-ledger"),
                                            QStringLiteral("Run without the usage ledger."));
    const QCommandLineOption noFlipOption(QStringLiteral("no-flip"),
                                          QStringLiteral("Do not switch tabs while measuring."));
    parser.addOptions({clientsOption, rateOption, secondsOption, noLedgerOption, noFlipOption});
    parser.process(app);
    const int clients = parser.value(clientsOption).toInt();
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());

    QTemporaryDir dir;
    qputenv("XDG_CONFIG_HOME", dir.path().toLocal8Bit()); // no saved settings interfere
    Configuration config;
    config.listenPort = freePort();
    config.publishPort = freePort();
    config.routes = RoutesFile::parse("*,path_beg=/test/ test\n", QStringLiteral("bench")).routes;
    MainWindow window(config);
    LedgerConfig ledger;
    ledger.path = dir.filePath(QStringLiteral("ledger.sqlite"));
    if (!parser.isSet(noLedgerOption))
        window.startLedger(ledger);
    window.resize(1280, 800);
    window.show();

    Stalls stalls;
    QElapsedTimer clock;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    qint64 last = -1;
    bool measuring = false;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        if (measuring && last >= 0)
            stalls.lateMs.push_back(std::max<qint64>(0, now - last - 5));
        last = now;
    });

    QProcess subscribers;
    subscribers.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QTcpSocket publisher;
    QTimer publish;
    quint64 published = 0;
    QByteArray publisherReplies;
    QObject::connect(&publisher, &QTcpSocket::readyRead,
                     [&] { publisherReplies += publisher.readAll(); });
    QObject::connect(&publish, &QTimer::timeout, [&] {
        const QByteArray body =
            R"({"items":[{"channel":"test","formats":{"http-stream":{"content":"data: )" +
            QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + R"(\n\n"}}}]})";
        publisher.write("POST /publish/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
        ++published;
    });

    QElapsedTimer rampClock;
    QTimer::singleShot(500, [&] {
        rampClock.start();
        subscribers.start(QCoreApplication::applicationFilePath(),
                          {QStringLiteral("--subscribers"), QString::number(config.listenPort),
                           QString::number(clients), QString::number(seconds + 60)});
    });
    // Measuring starts once the table shows every subscriber, so the ramp is not counted.
    QTimer waitRamp;
    int tabSwitches = 0;
    QObject::connect(&waitRamp, &QTimer::timeout, [&] {
        if (!rampClock.isValid())
            return;
        if (window.connectionsModel()->rowCount() < clients && rampClock.elapsed() < 120'000)
            return;
        waitRamp.stop();
        std::printf("ramp: %d connections in the table after %.1f s\n",
                    window.connectionsModel()->rowCount(), double(rampClock.elapsed()) / 1000.0);
        publisher.connectToHost(QHostAddress::LocalHost, config.publishPort);
        publish.start(1000 / rate);
        clock.start();
        measuring = true;
        app.setTiming(true);
        tick.start();
        // The table is repainted, sorted and switched to and from while it is measured.
        auto flip = new QTimer(&window);
        QObject::connect(flip, &QTimer::timeout, [&] {
            window.tabs()->setCurrentIndex(tabSwitches++ % 2 ? MainWindow::ChannelsTab
                                                             : MainWindow::ConnectionsTab);
        });
        if (!parser.isSet(noFlipOption))
            flip->start(1000);
        QTimer::singleShot(seconds * 1000, [&] {
            measuring = false;
            app.setTiming(false);
            tick.stop();
            publish.stop();
            subscribers.terminate();
            subscribers.waitForFinished(5000);
            const int answered = int(publisherReplies.count("HTTP/1.1 200"));
            std::printf("clients %d, rate %d/s → %d deliveries/s for %d s\n", clients, rate,
                        clients * rate, seconds);
            std::printf("publishes sent %llu, answered 200: %d\n",
                        static_cast<unsigned long long>(published), answered);
            std::printf("event-loop lateness over %zu ticks: worst %lld ms, p99 %lld ms, "
                        "p50 %lld ms\n",
                        stalls.lateMs.size(), static_cast<long long>(stalls.worst()),
                        static_cast<long long>(stalls.percentile(0.99)),
                        static_cast<long long>(stalls.percentile(0.5)));
            std::printf("%s\n", stalls.worst() < 50 ? "PASS: worst stall under 50 ms"
                                                    : "FAIL: a stall of 50 ms or more");
            window.close();
            QCoreApplication::exit(stalls.worst() < 50 ? 0 : 1);
        });
    });
    waitRamp.start(100);
    return app.exec();
}
