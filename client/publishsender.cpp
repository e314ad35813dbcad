#include "publishsender.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

PublishSender::PublishSender(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this)), m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort(); // finished() follows, with OperationCanceledError
    });
}

PublishSender::~PublishSender() = default;

void PublishSender::send(const QUrl &url, const QByteArray &authorization, const QByteArray &body,
                         int timeoutMs)
{
    Q_ASSERT(!m_reply); // one request at a time
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("holdfast-publish"));
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    // A redirected POST would be replayed as a GET; a 3xx is the server's answer to report.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    m_timedOut = false;
    m_timeoutMs = timeoutMs;
    m_reply = m_network->post(request, body);
    connect(m_reply, &QNetworkReply::finished, this, &PublishSender::onFinished);
    m_deadline->start(timeoutMs);
}

void PublishSender::onFinished()
{
    m_deadline->stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    answer.body = reply->readAll();
    if (m_timedOut) {
        answer.result = Result::Unreachable;
        answer.error = QStringLiteral("no answer within %1 s")
                           .arg(QString::number(double(m_timeoutMs) / 1000.0, 'g', 6));
    } else if (answer.status == 0) {
        answer.result = Result::Unreachable;
        answer.error = reply->errorString();
    } else {
        answer.result =
            answer.status >= 200 && answer.status < 300 ? Result::Published : Result::Refused;
    }
    Q_EMIT finished(answer);
}
