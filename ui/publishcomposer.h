#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QWidget>

#include "publishhistory.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QNetworkReply;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStringListModel;
class QTableWidget;

// Builds a publish request ({"items":[...]}) from one section per format, shows it as JSON that
// can be edited raw, validates it with the broker's own PublishParser, and posts it to the
// embedded broker's publish API or a remote one. Nothing invalid is sent.
class PublishComposer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishComposer)

public:
    explicit PublishComposer(QWidget *parent = nullptr);
    ~PublishComposer() override;

    void setEmbeddedTarget(const QString &address, quint16 port, const QByteArray &key);
    void setChannels(const QStringList &channels); // for the channel completer
    void setChannel(const QString &channel);
    // The http-response body from a file, sent as body-bin; false (shown inline) when unreadable.
    bool loadResponseBody(const QString &path);

    // The body that Send would post: the raw text when editing raw, else the built JSON.
    QByteArray body() const;
    QString validationError() const; // empty when the body is valid
    QString targetUrl() const;
    QString curlCommand() const;

public Q_SLOTS:
    void send();

Q_SIGNALS:
    void sent(int status, const QByteArray &body);
    void message(const QString &text); // for the log

private:
    QWidget *buildForm();
    QWidget *buildSide();
    QByteArray builtJson() const;
    void refresh();
    void setRaw(bool raw);
    void onFinished(QNetworkReply *reply, const QByteArray &body, const QString &url);
    void insertSseEvent();
    void loadBinaryFile();
    void loadResponseFile();
    // The Authorization header value for the chosen target (empty for none).
    QByteArray authorization(QString *error) const;
    void reloadHistory();

    QLineEdit *m_channel = nullptr;
    QStringListModel *m_channelNames = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_prevId = nullptr;
    QCheckBox *m_chain = nullptr;

    QGroupBox *m_ws = nullptr;
    QComboBox *m_wsType = nullptr;
    QComboBox *m_wsAction = nullptr;
    QPlainTextEdit *m_wsContent = nullptr;
    QPushButton *m_wsLoad = nullptr;
    QLabel *m_wsFile = nullptr;
    QByteArray m_wsBinary;
    QSpinBox *m_wsCloseCode = nullptr;
    QLineEdit *m_wsCloseReason = nullptr;

    QGroupBox *m_stream = nullptr;
    QComboBox *m_streamAction = nullptr;
    QPlainTextEdit *m_streamContent = nullptr;
    QLineEdit *m_sseEvent = nullptr;
    QLineEdit *m_sseId = nullptr;
    QLineEdit *m_sseData = nullptr;

    QGroupBox *m_response = nullptr;
    QComboBox *m_responseAction = nullptr;
    QSpinBox *m_responseCode = nullptr;
    QLineEdit *m_responseReason = nullptr;
    QTableWidget *m_responseHeaders = nullptr;
    QPlainTextEdit *m_responseBody = nullptr;
    QPushButton *m_responseLoad = nullptr;
    QLabel *m_responseFile = nullptr;
    QByteArray m_responseBinary; // body-bin when set

    QPlainTextEdit *m_preview = nullptr;
    QCheckBox *m_raw = nullptr;
    QLabel *m_error = nullptr;
    QRadioButton *m_targetEmbedded = nullptr;
    QRadioButton *m_targetRemote = nullptr;
    QLineEdit *m_remoteUrl = nullptr;
    QLineEdit *m_remoteKey = nullptr;
    QRadioButton *m_targetGrip = nullptr;
    QLineEdit *m_gripUrl = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_result = nullptr;
    QPlainTextEdit *m_resultBody = nullptr;
    QListWidget *m_historyList = nullptr;

    QNetworkAccessManager *m_network = nullptr;
    PublishHistory m_history;
    QString m_embeddedAddress;
    quint16 m_embeddedPort = 0;
    QByteArray m_embeddedKey;
    QString m_lastIdSent;
    bool m_refreshing = false;
};
