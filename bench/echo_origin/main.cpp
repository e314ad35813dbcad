// bench_echo_origin --listen 127.0.0.1:PORT: a WebSocket echo origin for the passthrough
// benchmark (docs/loadgen.md, "Echo"). Prints "listening on HOST:PORT" once it listens, so a driver
// that asked for port 0 reads the port from the first line. SIGINT/SIGTERM end it (default action).
#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>

#include "echoorigin.h"

namespace {
int usageError(const QString &message)
{
    std::fprintf(stderr, "bench_echo_origin: %s\nTry 'bench_echo_origin --help'.\n",
                 qPrintable(message));
    return 2;
}

// "127.0.0.1:8080", "[::1]:8080"; the port may be 0.
bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535 || !address->setAddress(host))
        return false;
    *port = quint16(value);
    return true;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "WebSocket echo origin on Holdfast's epoll engine: every text or binary message comes "
        "back unmasked, pings are answered, closes are returned."));
    parser.addHelpOption();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port (default 127.0.0.1:0)."),
                                    QStringLiteral("host:port"));
    parser.addOption(listen);
    if (!parser.parse(QCoreApplication::arguments()))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    QHostAddress address(QHostAddress::LocalHost);
    quint16 port = 0;
    if (parser.isSet(listen) && !parseListen(parser.value(listen), &address, &port))
        return usageError(QStringLiteral("--listen: '%1' is not HOST:PORT, e.g. 127.0.0.1:9000")
                              .arg(parser.value(listen)));

    EchoOrigin origin;
    QString error;
    if (!origin.listen(address, port, &error)) {
        std::fprintf(stderr, "bench_echo_origin: cannot listen on %s: %s\n",
                     qPrintable(parser.value(listen)), qPrintable(error));
        return 1;
    }
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    std::printf("listening on %s:%u\n", qPrintable(host), unsigned(origin.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
