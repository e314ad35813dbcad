#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One item for the publish API as the console's composer drafts it, and the request body it
// makes (Pushpin's/Fanout's {"items":[...]} JSON). No widgets: the composer fills it in, and the
// JSON is tested against the broker's own publish parser.
struct PublishDraft
{
    struct WsMessage
    {
        enum class Kind
        {
            Text,
            Binary,
            Close,
            Hint
        } kind = Kind::Text;
        QString text;        // Text
        QByteArray bytes;    // Binary: sent as content-bin
        int closeCode = -1;  // Close: -1 = none given (the broker closes with 1000)
        QString closeReason; // Close, with a code only
    };
    struct HttpStream
    {
        bool close = false; // the close action instead of content
        bool hint = false;  // the hint action instead of content
        QString content;
        QByteArray binaryContent; // when not empty, sent as content-bin instead of content
    };
    struct HttpResponse
    {
        bool hint = false; // the hint action instead of a response
        int code = 200;
        QString reason; // empty: the standard phrase
        // An object when the names differ (rows without a name are left out), a list of
        // [name, value] pairs when a name repeats (an object would keep only one of them).
        QList<QPair<QString, QString>> headers;
        QString body;
        QByteArray binaryBody; // when not empty, sent as body-bin instead of body
    };

    QString channel;
    QString id;
    QString prevId;
    QList<QPair<QString, QString>> meta; // Pushpin's "meta" (e.g. "sender"); none: left out
    bool noSeq = false;                  // Pushpin's "no-seq": bypass the sequencing buffer
    bool ws = false;
    bool stream = false;
    bool response = false;
    WsMessage wsMessage;
    HttpStream httpStream;
    HttpResponse httpResponse;

    // Compact JSON, formats in the order the broker documents them; empty fields are left out.
    QByteArray toJson() const;
};
