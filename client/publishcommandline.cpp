#include "publishcommandline.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHostAddress>
#include <QIODevice>

#include "grip/gripurl.h"
#include "http/httpheaders.h"
#include "http/httpsyntax.h"

namespace {
const QString StreamFormat = QStringLiteral("http-stream");
const QString ResponseFormat = QStringLiteral("http-response");
const QString WsFormat = QStringLiteral("ws-message");

PublishCommandLine failed(const QString &error)
{
    PublishCommandLine out;
    out.outcome = PublishCommandLine::Outcome::Fail;
    out.error = error;
    return out;
}

bool isUtf8(const QByteArray &bytes)
{
    // Invalid sequences decode to U+FFFD, which does not encode back to the same bytes.
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// CONTENT as the formats carry it. Text from the command line (or standard input) gets a newline
// in the HTTP formats, unless --no-eol, as pushpin-publish does; a file's bytes go as they are.
struct Content
{
    QByteArray http;
    QByteArray ws;
};

bool readContent(const QString &argument, bool given, bool noEol, QIODevice *input,
                 bool inputIsTerminal, Content *out, QString *error)
{
    QByteArray text;
    if (given && argument.startsWith(QLatin1Char('@'))) {
        const QString path = argument.mid(1);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        out->http = file.readAll();
        out->ws = out->http;
        if (file.error() != QFileDevice::NoError) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        return true;
    }
    if (given && argument != QLatin1String("-")) {
        text = argument.toUtf8();
    } else {
        if (!given && inputIsTerminal) {
            *error = QStringLiteral("missing CONTENT (give it, @FILE, or - to read standard input; "
                                    "--hint and --close need none)");
            return false;
        }
        if (!input || !input->isReadable()) {
            *error = QStringLiteral("cannot read standard input");
            return false;
        }
        text = input->readAll();
        // Like a shell's $(...): the line's own newline is not part of the message.
        if (text.endsWith("\r\n"))
            text.chop(2);
        else if (text.endsWith('\n'))
            text.chop(1);
    }
    out->ws = text;
    out->http = noEol ? text : text + '\n';
    return true;
}

bool parseFormats(const QStringList &values, QStringList *out, QString *error)
{
    for (const QString &value : values) {
        for (const QString &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString name = part.trimmed();
            if (name != StreamFormat && name != ResponseFormat && name != WsFormat) {
                *error = QStringLiteral("--format: unknown format '%1' (expected http-stream, "
                                        "http-response or ws-message)")
                             .arg(name);
                return false;
            }
            if (!out->contains(name))
                out->append(name);
        }
    }
    if (!values.isEmpty() && out->isEmpty()) {
        *error = QStringLiteral("--format: no format given");
        return false;
    }
    return true;
}

bool parseHeader(const QString &text, QPair<QString, QString> *out, QString *error)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const QString name = colon < 0 ? QString() : text.left(colon).trimmed();
    const QString value = colon < 0 ? QString() : text.mid(colon + 1).trimmed();
    if (colon < 0 || name.isEmpty()) {
        *error = QStringLiteral("--header: '%1' is not in the form \"Name: value\"").arg(text);
        return false;
    }
    if (!HttpHeaders::isToken(name.toUtf8())) {
        *error = QStringLiteral("--header: '%1' is not a valid header name").arg(name);
        return false;
    }
    if (!HttpSyntax::isFieldValue(value.toUtf8())) {
        *error = QStringLiteral("--header: the value of %1 contains a control character").arg(name);
        return false;
    }
    *out = {name, value};
    return true;
}

bool parseMeta(const QString &text, QPair<QString, QString> *out, QString *error)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    const QString name = equals < 0 ? QString() : text.left(equals).trimmed();
    if (equals < 0 || name.isEmpty()) {
        *error = QStringLiteral("--meta: '%1' is not in the form \"name=value\"").arg(text);
        return false;
    }
    *out = {name, text.mid(equals + 1).trimmed()};
    return true;
}

QString helpTextOf(const QCommandLineParser &parser)
{
    QString text = parser.helpText();
    // Qt names the running executable; the usage of a subcommand reads better spelled out.
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    text = QStringLiteral("Usage: holdfast publish [options] CHANNEL [CONTENT]") +
           (lineEnd < 0 ? QString() : text.mid(lineEnd));
    text += QStringLiteral(
        "\nCONTENT is text (HTTP formats get a newline after it unless --no-eol), @FILE for a\n"
        "file's bytes as they are, or - (or nothing, when standard input is not a terminal) to\n"
        "read standard input without its final newline.\n"
        "\nExit codes: 0 published; 1 refused by the server (its status and answer on stderr);\n"
        "2 usage error or unreadable input; 3 no answer (cannot connect, TLS failure, timeout).\n"
        "See docs/publish-cli.md.\n");
    return text;
}
} // namespace

PublishCommandLine PublishCommandLine::parse(const QStringList &arguments, const QString &gripUrl,
                                             QIODevice *input, bool inputIsTerminal, qint64 nowSecs)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    parser.setApplicationDescription(
        QStringLiteral("Publishes one message to a GRIP publish endpoint (Holdfast's, Pushpin's or "
                       "Fastly's), like Pushpin's pushpin-publish."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption id(QStringLiteral("id"), QStringLiteral("Payload ID."),
                                QStringLiteral("id"));
    const QCommandLineOption prevId(QStringLiteral("prev-id"),
                                    QStringLiteral("Previous payload ID."), QStringLiteral("id"));
    const QCommandLineOption sender(QStringLiteral("sender"),
                                    QStringLiteral("Sender meta value (meta \"sender\")."),
                                    QStringLiteral("sender"));
    const QCommandLineOption code(
        QStringLiteral("code"), QStringLiteral("HTTP response code (http-response; default 200)."),
        QStringLiteral("code"));
    const QCommandLineOption header({QStringLiteral("H"), QStringLiteral("header")},
                                    QStringLiteral("Add an HTTP response header (repeatable)."),
                                    QStringLiteral("\"Name: value\""));
    const QCommandLineOption meta({QStringLiteral("M"), QStringLiteral("meta")},
                                  QStringLiteral("Add a meta variable (repeatable)."),
                                  QStringLiteral("\"name=value\""));
    const QCommandLineOption hint(QStringLiteral("hint"),
                                  QStringLiteral("Send a hint instead of content."));
    const QCommandLineOption close(QStringLiteral("close"),
                                   QStringLiteral("Close streaming and WebSocket connections."));
    const QCommandLineOption noSeq(QStringLiteral("no-seq"),
                                   QStringLiteral("Bypass the sequencing buffer."));
    const QCommandLineOption noEol(QStringLiteral("no-eol"),
                                   QStringLiteral("Don't add a newline to HTTP payloads."));
    const QCommandLineOption patch(QStringLiteral("patch"),
                                   QStringLiteral("Not supported (JSON patch content)."));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("Only these formats, comma-separated: http-stream, http-response, "
                       "ws-message (default: all that apply)."),
        QStringLiteral("list"));
    const QCommandLineOption url(
        {QStringLiteral("url"), QStringLiteral("spec")},
        QStringLiteral("GRIP URL or publish base URL; key= and iss= are read from it (default: "
                       "$GRIP_URL, else %1).")
            .arg(QLatin1String(DefaultUrl)),
        QStringLiteral("url"));
    const QCommandLineOption key(
        {QStringLiteral("key"), QStringLiteral("B"), QStringLiteral("bearer")},
        QStringLiteral("Publish key, sent as \"Authorization: Bearer KEY\" (a JWT signed with it "
                       "when the URL has iss=); replaces the URL's key=."),
        QStringLiteral("key"));
    const QCommandLineOption user({QStringLiteral("u"), QStringLiteral("user")},
                                  QStringLiteral("Authenticate using basic auth."),
                                  QStringLiteral("user:pass"));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give up after this many seconds without an answer (default %1).")
            .arg(DefaultTimeoutMs / 1000),
        QStringLiteral("seconds"));
    parser.addOptions({help, id, prevId, sender, code, header, meta, hint, close, noSeq, noEol,
                       patch, format, url, key, user, timeout});
    parser.addPositionalArgument(QStringLiteral("CHANNEL"), QStringLiteral("Channel to send to."));
    parser.addPositionalArgument(QStringLiteral("CONTENT"),
                                 QStringLiteral("Content for the HTTP body and WebSocket message."),
                                 QStringLiteral("[CONTENT]"));

    if (!parser.parse(arguments))
        return failed(parser.errorText());
    if (parser.isSet(help)) {
        PublishCommandLine out;
        out.outcome = Outcome::ShowHelp;
        out.helpText = helpTextOf(parser);
        return out;
    }
    // QCommandLineParser takes the first argument, the subcommand, for the program's name.
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return failed(QStringLiteral("missing CHANNEL"));
    if (positional.size() > 2)
        return failed(QStringLiteral("unexpected argument '%1' (CONTENT with spaces needs quotes)")
                          .arg(positional.at(2)));
    if (positional.at(0).isEmpty())
        return failed(QStringLiteral("CHANNEL must not be empty"));
    if (parser.isSet(patch))
        return failed(QStringLiteral(
            "--patch is not supported (Holdfast's broker has no held response to patch)"));
    if (parser.isSet(hint) && parser.isSet(close))
        return failed(QStringLiteral("--hint and --close exclude each other"));

    PublishCommandLine out;
    PublishDraft &draft = out.draft;
    draft.channel = positional.at(0);
    draft.id = parser.value(id);
    draft.prevId = parser.value(prevId);
    draft.noSeq = parser.isSet(noSeq);
    if (!parser.value(sender).isEmpty())
        draft.meta.append({QStringLiteral("sender"), parser.value(sender)});
    QString error;
    for (const QString &text : parser.values(meta)) {
        QPair<QString, QString> entry;
        if (!parseMeta(text, &entry, &error))
            return failed(error);
        draft.meta.append(entry);
    }

    int status = 200;
    if (parser.isSet(code)) {
        bool ok = false;
        status = parser.value(code).trimmed().toInt(&ok);
        if (!ok || status < 0 || status > 999)
            return failed(QStringLiteral("--code: '%1' is not an HTTP status code (0-999)")
                              .arg(parser.value(code)));
    }
    QList<QPair<QString, QString>> headers;
    for (const QString &text : parser.values(header)) {
        QPair<QString, QString> entry;
        if (!parseHeader(text, &entry, &error))
            return failed(error);
        headers.append(entry);
    }

    QStringList formats;
    if (!parseFormats(parser.values(format), &formats, &error))
        return failed(error);
    const bool closing = parser.isSet(close);
    if (formats.isEmpty()) {
        // pushpin-publish sends every format; a held response has no close action.
        formats = closing ? QStringList{StreamFormat, WsFormat}
                          : QStringList{StreamFormat, ResponseFormat, WsFormat};
    } else if (closing && formats.contains(ResponseFormat)) {
        return failed(QStringLiteral("--close: http-response has no close action"));
    }
    draft.stream = formats.contains(StreamFormat);
    draft.response = formats.contains(ResponseFormat);
    draft.ws = formats.contains(WsFormat);

    if (parser.isSet(hint) || closing) {
        if (positional.size() > 1)
            out.warnings.append(
                QStringLiteral("CONTENT is not sent with %1")
                    .arg(closing ? QStringLiteral("--close") : QStringLiteral("--hint")));
        draft.httpStream.close = closing;
        draft.httpStream.hint = !closing;
        draft.httpResponse.hint = true;
        draft.wsMessage.kind =
            closing ? PublishDraft::WsMessage::Kind::Close : PublishDraft::WsMessage::Kind::Hint;
    } else {
        Content content;
        if (!readContent(positional.value(1), positional.size() > 1, parser.isSet(noEol), input,
                         inputIsTerminal, &content, &error)) {
            return failed(error);
        }
        // Bytes that are not UTF-8 go base64-encoded as the "-bin" fields, as pushpin-publish
        // does; a WebSocket then gets a binary message.
        if (isUtf8(content.http)) {
            draft.httpStream.content = QString::fromUtf8(content.http);
            draft.httpResponse.body = draft.httpStream.content;
        } else {
            draft.httpStream.binaryContent = content.http;
            draft.httpResponse.binaryBody = content.http;
        }
        if (isUtf8(content.ws)) {
            draft.wsMessage.kind = PublishDraft::WsMessage::Kind::Text;
            draft.wsMessage.text = QString::fromUtf8(content.ws);
        } else {
            draft.wsMessage.kind = PublishDraft::WsMessage::Kind::Binary;
            draft.wsMessage.bytes = content.ws;
        }
        draft.httpResponse.code = status;
        draft.httpResponse.headers = headers;
    }

    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).trimmed().toDouble(&ok);
        if (!ok || !(seconds > 0) || seconds > 86'400)
            return failed(QStringLiteral("--timeout: '%1' is not a number of seconds (up to 86400)")
                              .arg(parser.value(timeout)));
        out.timeoutMs = qMax(1, int(seconds * 1000));
    }

    const QString origin = parser.isSet(url)              ? QStringLiteral("--url")
                           : !gripUrl.trimmed().isEmpty() ? QStringLiteral("GRIP_URL")
                                                          : QString();
    const QString urlText = parser.isSet(url)              ? parser.value(url)
                            : !gripUrl.trimmed().isEmpty() ? gripUrl
                                                           : QLatin1String(DefaultUrl);
    GripUrl grip;
    if (!GripUrl::parse(urlText, &grip, &error)) {
        if (urlText.startsWith(QLatin1String("tcp:")) || urlText.startsWith(QLatin1String("ipc:")))
            error += QStringLiteral(" (ZeroMQ specs are not supported)");
        return failed(origin.isEmpty() ? error : origin + QStringLiteral(": ") + error);
    }
    if (parser.isSet(key)) {
        grip.key = parser.value(key).toUtf8();
        if (grip.key.isEmpty())
            return failed(QStringLiteral("--key must not be empty"));
    }
    if (parser.isSet(user)) {
        if (!grip.key.isEmpty())
            return failed(QStringLiteral("--user and a key (--key, or key= in the URL) exclude "
                                         "each other"));
        if (!parser.value(user).contains(QLatin1Char(':')))
            return failed(QStringLiteral("--user: expected user:pass"));
        out.authorization = "Basic " + parser.value(user).toUtf8().toBase64();
    } else {
        out.authorization = grip.authorization(nowSecs, &error);
        if (!error.isEmpty())
            return failed(QStringLiteral("the key cannot sign a token: %1").arg(error));
    }
    if (!out.authorization.isEmpty() && grip.publishUrl.scheme() == QLatin1String("http") &&
        !isLoopbackHost(grip.publishUrl.host())) {
        out.warnings.append(QStringLiteral("the key goes to %1 in clear text; prefer https://")
                                .arg(grip.publishUrl.host()));
    }
    out.url = grip.publishUrl;
    out.outcome = Outcome::Publish;
    return out;
}
