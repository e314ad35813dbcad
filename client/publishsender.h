#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

// Sends one publish request (POST, JSON body) and says what became of it: published (any 2xx),
// refused (another status, with the server's answer), or unreachable (no HTTP answer: refused
// connection, DNS, TLS, timeout). For `holdfast publish`; needs a running event loop.
class PublishSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishSender)

public:
    enum class Result
    {
        Published,
        Refused,
        Unreachable
    };
    struct Answer
    {
        Result result = Result::Unreachable;
        int status = 0;    // the HTTP status; 0 when unreachable
        QByteArray reason; // the status line's reason phrase
        QByteArray body;   // the server's answer
        QString error;     // Unreachable: why
    };

    explicit PublishSender(QObject *parent = nullptr);
    ~PublishSender() override;

    // One request at a time; finished() follows exactly once.
    void send(const QUrl &url, const QByteArray &authorization, const QByteArray &body,
              int timeoutMs);

Q_SIGNALS:
    void finished(const PublishSender::Answer &answer);

private:
    void onFinished();

    QNetworkAccessManager *m_network;
    QNetworkReply *m_reply = nullptr;
    QTimer *m_deadline;
    bool m_timedOut = false;
    int m_timeoutMs = 0;
};
