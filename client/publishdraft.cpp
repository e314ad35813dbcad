#include "publishdraft.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace {
QJsonObject wsFormat(const PublishDraft::WsMessage &message)
{
    QJsonObject ws;
    switch (message.kind) {
    case PublishDraft::WsMessage::Kind::Hint:
        ws.insert(QStringLiteral("action"), QStringLiteral("hint"));
        break;
    case PublishDraft::WsMessage::Kind::Close:
        ws.insert(QStringLiteral("action"), QStringLiteral("close"));
        if (message.closeCode >= 0) {
            ws.insert(QStringLiteral("code"), message.closeCode);
            if (!message.closeReason.isEmpty())
                ws.insert(QStringLiteral("reason"), message.closeReason);
        }
        break;
    case PublishDraft::WsMessage::Kind::Binary:
        ws.insert(QStringLiteral("content-bin"), QString::fromLatin1(message.bytes.toBase64()));
        break;
    case PublishDraft::WsMessage::Kind::Text:
        ws.insert(QStringLiteral("content"), message.text);
        break;
    }
    return ws;
}

QJsonObject responseFormat(const PublishDraft::HttpResponse &draft)
{
    QJsonObject response;
    if (draft.hint) {
        response.insert(QStringLiteral("action"), QStringLiteral("hint"));
        return response;
    }
    response.insert(QStringLiteral("code"), draft.code);
    if (!draft.reason.isEmpty())
        response.insert(QStringLiteral("reason"), draft.reason);
    QJsonObject headers;
    QJsonArray pairs;
    QSet<QString> names;
    bool repeated = false;
    for (const auto &header : draft.headers) {
        if (header.first.isEmpty())
            continue;
        // Header names are case-insensitive: "x-a" repeats "X-A".
        repeated = repeated || names.contains(header.first.toLower());
        names.insert(header.first.toLower());
        headers.insert(header.first, header.second);
        pairs.append(QJsonArray{header.first, header.second});
    }
    if (repeated)
        response.insert(QStringLiteral("headers"), pairs);
    else if (!headers.isEmpty())
        response.insert(QStringLiteral("headers"), headers);
    if (draft.binaryBody.isEmpty())
        response.insert(QStringLiteral("body"), draft.body);
    else
        response.insert(QStringLiteral("body-bin"),
                        QString::fromLatin1(draft.binaryBody.toBase64()));
    return response;
}
} // namespace

QByteArray PublishDraft::toJson() const
{
    QJsonObject item;
    item.insert(QStringLiteral("channel"), channel);
    if (!id.isEmpty())
        item.insert(QStringLiteral("id"), id);
    if (!prevId.isEmpty())
        item.insert(QStringLiteral("prev-id"), prevId);
    QJsonObject metaObject;
    for (const auto &entry : meta)
        metaObject.insert(entry.first, entry.second);
    if (!metaObject.isEmpty())
        item.insert(QStringLiteral("meta"), metaObject);
    if (noSeq)
        item.insert(QStringLiteral("no-seq"), true);
    QJsonObject formats;
    if (ws)
        formats.insert(QStringLiteral("ws-message"), wsFormat(wsMessage));
    if (stream) {
        QJsonObject format;
        if (httpStream.close)
            format.insert(QStringLiteral("action"), QStringLiteral("close"));
        else if (httpStream.hint)
            format.insert(QStringLiteral("action"), QStringLiteral("hint"));
        else if (!httpStream.binaryContent.isEmpty())
            format.insert(QStringLiteral("content-bin"),
                          QString::fromLatin1(httpStream.binaryContent.toBase64()));
        else
            format.insert(QStringLiteral("content"), httpStream.content);
        formats.insert(QStringLiteral("http-stream"), format);
    }
    if (response)
        formats.insert(QStringLiteral("http-response"), responseFormat(httpResponse));
    item.insert(QStringLiteral("formats"), formats);
    return QJsonDocument(QJsonObject{{QStringLiteral("items"), QJsonArray{item}}})
        .toJson(QJsonDocument::Compact);
}
