#include "publishcomposer.h"

#include <memory>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStringListModel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "grip/gripurl.h"
#include "grip/publishparser.h"
#include "publishdraft.h"

namespace {
QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QComboBox *actionCombo(QWidget *parent, const QStringList &actions, const QString &name)
{
    auto combo = new QComboBox(parent);
    combo->setObjectName(name);
    for (const QString &action : actions)
        combo->addItem(action, action); // the JSON spelling, not translated
    return combo;
}
} // namespace

PublishComposer::PublishComposer(QWidget *parent) : QWidget(parent)
{
    m_network = new QNetworkAccessManager(this);
    auto layout = new QHBoxLayout(this);
    auto splitter = new QSplitter(Qt::Horizontal, this);
    auto scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildForm());
    splitter->addWidget(scroll);
    splitter->addWidget(buildSide());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);

    auto shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &PublishComposer::send);
    auto enterShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    enterShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(enterShortcut, &QShortcut::activated, this, &PublishComposer::send);

    reloadHistory();
    refresh();
}

PublishComposer::~PublishComposer() = default;

QWidget *PublishComposer::buildForm()
{
    auto form = new QWidget;
    auto layout = new QVBoxLayout(form);
    auto item = new QFormLayout;
    m_channel = new QLineEdit(form);
    m_channel->setObjectName(QStringLiteral("channel"));
    m_channel->setPlaceholderText(tr("e.g. test"));
    m_channelNames = new QStringListModel(this);
    auto completer = new QCompleter(m_channelNames, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_channel->setCompleter(completer);
    item->addRow(tr("&Channel:"), m_channel);
    m_id = new QLineEdit(form);
    m_id->setObjectName(QStringLiteral("itemId"));
    m_id->setPlaceholderText(tr("optional"));
    item->addRow(tr("&Id:"), m_id);
    m_prevId = new QLineEdit(form);
    m_prevId->setObjectName(QStringLiteral("prevId"));
    m_prevId->setPlaceholderText(tr("optional"));
    item->addRow(tr("&Prev-id:"), m_prevId);
    m_chain = new QCheckBox(tr("Chain: prev-id is the last id sent"), form);
    m_chain->setObjectName(QStringLiteral("chainPrevId"));
    item->addRow(QString(), m_chain);
    layout->addLayout(item);

    // ws-message
    m_ws = new QGroupBox(tr("ws-message (WebSocket clients)"), form);
    m_ws->setObjectName(QStringLiteral("wsMessage"));
    m_ws->setCheckable(true);
    m_ws->setChecked(false);
    auto wsForm = new QFormLayout(m_ws);
    m_wsAction = actionCombo(m_ws, {QStringLiteral("send"), QStringLiteral("close")},
                             QStringLiteral("wsAction"));
    wsForm->addRow(tr("Action:"), m_wsAction);
    m_wsType = new QComboBox(m_ws);
    m_wsType->setObjectName(QStringLiteral("wsType"));
    m_wsType->addItem(tr("Text"), QStringLiteral("text"));
    m_wsType->addItem(tr("Binary (content-bin)"), QStringLiteral("binary"));
    wsForm->addRow(tr("Type:"), m_wsType);
    m_wsContent = new QPlainTextEdit(m_ws);
    m_wsContent->setObjectName(QStringLiteral("wsContent"));
    m_wsContent->setTabChangesFocus(true);
    m_wsContent->setMaximumHeight(80);
    wsForm->addRow(tr("Content:"), m_wsContent);
    auto fileRow = new QHBoxLayout;
    m_wsLoad = new QPushButton(tr("Load binary file…"), m_ws);
    m_wsFile = new QLabel(m_ws);
    fileRow->addWidget(m_wsLoad);
    fileRow->addWidget(m_wsFile, 1);
    wsForm->addRow(QString(), fileRow);
    m_wsCloseCode = new QSpinBox(m_ws);
    m_wsCloseCode->setObjectName(QStringLiteral("wsCloseCode"));
    m_wsCloseCode->setRange(999, 4999);
    m_wsCloseCode->setSpecialValueText(tr("none"));
    m_wsCloseCode->setValue(1000);
    wsForm->addRow(tr("Close code:"), m_wsCloseCode);
    m_wsCloseReason = new QLineEdit(m_ws);
    m_wsCloseReason->setObjectName(QStringLiteral("wsCloseReason"));
    wsForm->addRow(tr("Close reason:"), m_wsCloseReason);
    layout->addWidget(m_ws);

    // http-stream
    m_stream = new QGroupBox(tr("http-stream (HTTP streams and SSE)"), form);
    m_stream->setObjectName(QStringLiteral("httpStream"));
    m_stream->setCheckable(true);
    m_stream->setChecked(true);
    auto streamForm = new QFormLayout(m_stream);
    m_streamAction = actionCombo(m_stream, {QStringLiteral("send"), QStringLiteral("close")},
                                 QStringLiteral("streamAction"));
    streamForm->addRow(tr("Action:"), m_streamAction);
    m_streamContent = new QPlainTextEdit(m_stream);
    m_streamContent->setObjectName(QStringLiteral("streamContent"));
    m_streamContent->setTabChangesFocus(true);
    m_streamContent->setMaximumHeight(80);
    streamForm->addRow(tr("Content:"), m_streamContent);
    auto sseRow = new QHBoxLayout;
    m_sseEvent = new QLineEdit(m_stream);
    m_sseEvent->setObjectName(QStringLiteral("sseEvent"));
    m_sseEvent->setPlaceholderText(tr("event"));
    m_sseId = new QLineEdit(m_stream);
    m_sseId->setObjectName(QStringLiteral("sseId"));
    m_sseId->setPlaceholderText(tr("id"));
    m_sseData = new QLineEdit(m_stream);
    m_sseData->setObjectName(QStringLiteral("sseData"));
    m_sseData->setPlaceholderText(tr("data"));
    auto sseInsert = new QPushButton(tr("Insert SSE event"), m_stream);
    sseInsert->setObjectName(QStringLiteral("sseInsert"));
    sseRow->addWidget(m_sseEvent);
    sseRow->addWidget(m_sseId);
    sseRow->addWidget(m_sseData, 2);
    sseRow->addWidget(sseInsert);
    streamForm->addRow(tr("SSE helper:"), sseRow);
    layout->addWidget(m_stream);

    // http-response
    m_response = new QGroupBox(tr("http-response (long-polling)"), form);
    m_response->setObjectName(QStringLiteral("httpResponse"));
    m_response->setCheckable(true);
    m_response->setChecked(false);
    auto responseForm = new QFormLayout(m_response);
    m_responseAction = actionCombo(m_response, {QStringLiteral("send"), QStringLiteral("hint")},
                                   QStringLiteral("responseAction"));
    responseForm->addRow(tr("Action:"), m_responseAction);
    m_responseCode = new QSpinBox(m_response);
    m_responseCode->setObjectName(QStringLiteral("responseCode"));
    m_responseCode->setRange(100, 999);
    m_responseCode->setValue(200);
    responseForm->addRow(tr("Code:"), m_responseCode);
    m_responseReason = new QLineEdit(m_response);
    m_responseReason->setObjectName(QStringLiteral("responseReason"));
    m_responseReason->setPlaceholderText(tr("standard phrase"));
    responseForm->addRow(tr("Reason:"), m_responseReason);
    m_responseHeaders = new QTableWidget(0, 2, m_response);
    m_responseHeaders->setObjectName(QStringLiteral("responseHeaders"));
    m_responseHeaders->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_responseHeaders->horizontalHeader()->setStretchLastSection(true);
    m_responseHeaders->verticalHeader()->hide();
    m_responseHeaders->setMaximumHeight(90);
    m_responseHeaders->setTabKeyNavigation(false);
    auto headerButtons = new QHBoxLayout;
    auto addHeader = new QPushButton(tr("Add header"), m_response);
    auto removeHeader = new QPushButton(tr("Remove header"), m_response);
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    auto headersBox = new QVBoxLayout;
    headersBox->addWidget(m_responseHeaders);
    headersBox->addLayout(headerButtons);
    responseForm->addRow(tr("Headers:"), headersBox);
    m_responseBody = new QPlainTextEdit(m_response);
    m_responseBody->setObjectName(QStringLiteral("responseBody"));
    m_responseBody->setTabChangesFocus(true);
    m_responseBody->setMaximumHeight(80);
    responseForm->addRow(tr("Body:"), m_responseBody);
    auto responseFileRow = new QHBoxLayout;
    m_responseLoad = new QPushButton(tr("Body from file (body-bin)…"), m_response);
    m_responseLoad->setObjectName(QStringLiteral("responseLoad"));
    m_responseFile = new QLabel(m_response);
    m_responseFile->setObjectName(QStringLiteral("responseFile"));
    auto responseClear = new QPushButton(tr("Clear file"), m_response);
    responseFileRow->addWidget(m_responseLoad);
    responseFileRow->addWidget(m_responseFile, 1);
    responseFileRow->addWidget(responseClear);
    responseForm->addRow(QString(), responseFileRow);
    connect(m_responseLoad, &QPushButton::clicked, this, &PublishComposer::loadResponseFile);
    connect(responseClear, &QPushButton::clicked, this, [this] {
        m_responseBinary.clear();
        m_responseFile->clear();
        m_responseBody->setEnabled(true);
        refresh();
    });
    layout->addWidget(m_response);
    layout->addStretch();

    auto changed = [this] { refresh(); };
    for (QLineEdit *edit : {m_channel, m_id, m_prevId, m_wsCloseReason, m_responseReason})
        connect(edit, &QLineEdit::textChanged, this, changed);
    for (QPlainTextEdit *edit : {m_wsContent, m_streamContent, m_responseBody})
        connect(edit, &QPlainTextEdit::textChanged, this, changed);
    for (QComboBox *combo : {m_wsAction, m_wsType, m_streamAction, m_responseAction})
        connect(combo, &QComboBox::currentIndexChanged, this, changed);
    for (QGroupBox *box : {m_ws, m_stream, m_response})
        connect(box, &QGroupBox::toggled, this, changed);
    for (QSpinBox *spin : {m_wsCloseCode, m_responseCode})
        connect(spin, &QSpinBox::valueChanged, this, changed);
    connect(m_responseHeaders, &QTableWidget::itemChanged, this, changed);
    connect(m_chain, &QCheckBox::toggled, this, [this](bool on) {
        if (on && !m_lastIdSent.isEmpty())
            m_prevId->setText(m_lastIdSent);
    });
    connect(addHeader, &QPushButton::clicked, this, [this] {
        const int row = m_responseHeaders->rowCount();
        m_responseHeaders->insertRow(row);
        m_responseHeaders->setItem(row, 0, new QTableWidgetItem(QStringLiteral("Content-Type")));
        m_responseHeaders->setItem(row, 1, new QTableWidgetItem(QStringLiteral("text/plain")));
        refresh();
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (m_responseHeaders->currentRow() >= 0)
            m_responseHeaders->removeRow(m_responseHeaders->currentRow());
        refresh();
    });
    connect(sseInsert, &QPushButton::clicked, this, &PublishComposer::insertSseEvent);
    connect(m_wsLoad, &QPushButton::clicked, this, &PublishComposer::loadBinaryFile);
    return form;
}

QWidget *PublishComposer::buildSide()
{
    auto side = new QWidget;
    auto layout = new QVBoxLayout(side);
    auto previewRow = new QHBoxLayout;
    previewRow->addWidget(new QLabel(tr("Request body:"), side));
    previewRow->addStretch();
    m_raw = new QCheckBox(tr("Edit &raw JSON"), side);
    m_raw->setObjectName(QStringLiteral("rawEdit"));
    previewRow->addWidget(m_raw);
    layout->addLayout(previewRow);
    m_preview = new QPlainTextEdit(side);
    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setReadOnly(true);
    m_preview->setTabChangesFocus(true);
    m_preview->setFont(QFont(QStringLiteral("monospace")));
    layout->addWidget(m_preview, 2);
    m_error = new QLabel(side);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b02a37; }"));
    layout->addWidget(m_error);

    auto target = new QGroupBox(tr("Target"), side);
    auto targetForm = new QFormLayout(target);
    m_targetEmbedded = new QRadioButton(tr("Embedded broker"), target);
    m_targetEmbedded->setObjectName(QStringLiteral("targetEmbedded"));
    m_targetEmbedded->setChecked(true);
    m_targetRemote = new QRadioButton(tr("Remote publish URL:"), target);
    m_targetRemote->setObjectName(QStringLiteral("targetRemote"));
    m_remoteUrl = new QLineEdit(target);
    m_remoteUrl->setObjectName(QStringLiteral("remoteUrl"));
    m_remoteUrl->setPlaceholderText(QStringLiteral("https://api.fastly.com/service/…/publish/"));
    m_remoteKey = new QLineEdit(target);
    m_remoteKey->setObjectName(QStringLiteral("remoteKey"));
    m_remoteKey->setEchoMode(QLineEdit::Password);
    m_remoteKey->setPlaceholderText(tr("sent as Authorization: Bearer"));
    targetForm->addRow(m_targetEmbedded);
    targetForm->addRow(m_targetRemote, m_remoteUrl);
    targetForm->addRow(tr("Key:"), m_remoteKey);
    m_targetGrip = new QRadioButton(tr("GRIP_URL:"), target);
    m_targetGrip->setObjectName(QStringLiteral("targetGrip"));
    m_gripUrl = new QLineEdit(target);
    m_gripUrl->setObjectName(QStringLiteral("gripUrl"));
    m_gripUrl->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_gripUrl->setPlaceholderText(
        QStringLiteral("https://api.fastly.com/service/…?key=…&verify-iss=…"));
    m_gripUrl->setToolTip(tr("Paste the GRIP_URL your backend uses: the publish endpoint and key "
                             "(or iss and key for a signed token) are read from it."));
    targetForm->addRow(m_targetGrip, m_gripUrl);
    layout->addWidget(target);

    auto buttons = new QHBoxLayout;
    m_send = new QPushButton(tr("&Send (Ctrl+Enter)"), side);
    m_send->setObjectName(QStringLiteral("send"));
    auto copyCurl = new QPushButton(tr("Copy as c&url"), side);
    copyCurl->setObjectName(QStringLiteral("copyCurl"));
    buttons->addWidget(m_send);
    buttons->addWidget(copyCurl);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_result = new QLabel(tr("Nothing sent yet."), side);
    m_result->setObjectName(QStringLiteral("result"));
    layout->addWidget(m_result);
    m_resultBody = new QPlainTextEdit(side);
    m_resultBody->setObjectName(QStringLiteral("resultBody"));
    m_resultBody->setReadOnly(true);
    m_resultBody->setMaximumHeight(60);
    layout->addWidget(m_resultBody);

    auto historyRow = new QHBoxLayout;
    historyRow->addWidget(new QLabel(tr("History (double-click to load):"), side));
    historyRow->addStretch();
    auto resend = new QPushButton(tr("Re-send"), side);
    resend->setObjectName(QStringLiteral("resend"));
    historyRow->addWidget(resend);
    layout->addLayout(historyRow);
    m_historyList = new QListWidget(side);
    m_historyList->setObjectName(QStringLiteral("history"));
    layout->addWidget(m_historyList, 1);

    connect(m_raw, &QCheckBox::toggled, this, &PublishComposer::setRaw);
    connect(m_preview, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_refreshing)
            refresh();
    });
    connect(m_remoteUrl, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_targetRemote->setChecked(true);
    });
    connect(m_gripUrl, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_targetGrip->setChecked(true);
    });
    connect(m_send, &QPushButton::clicked, this, &PublishComposer::send);
    connect(copyCurl, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(curlCommand()); });
    auto load = [this] {
        const int row = m_historyList->currentRow();
        if (row < 0 || row >= m_history.entries().size())
            return false;
        m_raw->setChecked(true);
        m_preview->setPlainText(QString::fromUtf8(m_history.entries().at(row).body));
        return true;
    };
    connect(m_historyList, &QListWidget::itemDoubleClicked, this, load);
    connect(resend, &QPushButton::clicked, this, [this, load] {
        if (load())
            send();
    });
    return side;
}

void PublishComposer::setEmbeddedTarget(const QString &address, quint16 port, const QByteArray &key)
{
    m_embeddedAddress = address;
    m_embeddedPort = port;
    m_embeddedKey = key;
    m_targetEmbedded->setText(port ? tr("Embedded broker (%1)").arg(targetUrl())
                                   : tr("Embedded broker (not running)"));
}

void PublishComposer::setChannels(const QStringList &channels)
{
    if (m_channelNames->stringList() != channels)
        m_channelNames->setStringList(channels);
}

void PublishComposer::setChannel(const QString &channel)
{
    m_channel->setText(channel);
    m_channel->setFocus();
}

QByteArray PublishComposer::builtJson() const
{
    PublishDraft draft;
    draft.channel = m_channel->text();
    draft.id = m_id->text();
    draft.prevId = m_prevId->text();
    draft.ws = m_ws->isChecked();
    if (m_wsAction->currentData().toString() == QLatin1String("close")) {
        draft.wsMessage.kind = PublishDraft::WsMessage::Kind::Close;
        if (m_wsCloseCode->value() != m_wsCloseCode->minimum()) {
            draft.wsMessage.closeCode = m_wsCloseCode->value();
            draft.wsMessage.closeReason = m_wsCloseReason->text();
        }
    } else if (m_wsType->currentData().toString() == QLatin1String("binary")) {
        draft.wsMessage.kind = PublishDraft::WsMessage::Kind::Binary;
        draft.wsMessage.bytes =
            m_wsBinary.isEmpty() ? m_wsContent->toPlainText().toUtf8() : m_wsBinary;
    } else {
        draft.wsMessage.text = m_wsContent->toPlainText();
    }
    draft.stream = m_stream->isChecked();
    draft.httpStream.close = m_streamAction->currentData().toString() == QLatin1String("close");
    draft.httpStream.content = m_streamContent->toPlainText();
    draft.response = m_response->isChecked();
    draft.httpResponse.hint = m_responseAction->currentData().toString() == QLatin1String("hint");
    draft.httpResponse.code = m_responseCode->value();
    draft.httpResponse.reason = m_responseReason->text();
    for (int row = 0; row < m_responseHeaders->rowCount(); ++row) {
        const QTableWidgetItem *name = m_responseHeaders->item(row, 0);
        const QTableWidgetItem *value = m_responseHeaders->item(row, 1);
        if (name)
            draft.httpResponse.headers.append({name->text(), value ? value->text() : QString()});
    }
    draft.httpResponse.body = m_responseBody->toPlainText();
    draft.httpResponse.binaryBody = m_responseBinary;
    return draft.toJson();
}

QByteArray PublishComposer::body() const
{
    if (m_raw->isChecked())
        return m_preview->toPlainText().toUtf8();
    return builtJson();
}

QString PublishComposer::validationError() const
{
    // The broker's own parser: what it would answer 400 to is refused here.
    return PublishParser::parse(body()).error;
}

void PublishComposer::refresh()
{
    if (!m_raw->isChecked()) {
        const QByteArray json = builtJson();
        m_refreshing = true;
        m_preview->setPlainText(
            QString::fromUtf8(QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented)));
        m_refreshing = false;
    }
    const bool ws =
        m_ws->isChecked() && m_wsAction->currentData().toString() == QLatin1String("send");
    m_wsType->setEnabled(ws);
    m_wsContent->setEnabled(ws);
    m_wsLoad->setEnabled(ws && m_wsType->currentData().toString() == QLatin1String("binary"));
    m_wsCloseCode->setEnabled(m_ws->isChecked() && !ws);
    m_wsCloseReason->setEnabled(m_ws->isChecked() && !ws);
    m_streamContent->setEnabled(m_streamAction->currentData().toString() == QLatin1String("send"));
    const QString error = validationError();
    m_error->setText(error.isEmpty() ? QString() : tr("Not valid: %1").arg(error));
    m_send->setEnabled(error.isEmpty());
}

void PublishComposer::setRaw(bool raw)
{
    m_preview->setReadOnly(!raw);
    if (!raw)
        refresh(); // back to the form: the form's JSON again
    else
        m_preview->setFocus();
    refresh();
}

void PublishComposer::insertSseEvent()
{
    QString lines;
    if (!m_sseEvent->text().isEmpty())
        lines += QStringLiteral("event: %1\n").arg(m_sseEvent->text());
    if (!m_sseId->text().isEmpty())
        lines += QStringLiteral("id: %1\n").arg(m_sseId->text());
    // A data line per line of text, so a multi-line value stays one event.
    const QStringList dataLines = m_sseData->text().split(QLatin1Char('\n'));
    for (const QString &line : dataLines)
        lines += QStringLiteral("data: %1\n").arg(line);
    lines += QLatin1Char('\n');
    m_streamContent->moveCursor(QTextCursor::End);
    m_streamContent->insertPlainText(lines);
}

void PublishComposer::loadResponseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Response body"));
    if (!path.isEmpty())
        loadResponseBody(path);
}

bool PublishComposer::loadResponseBody(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_responseFile->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_responseBinary = file.read(PublishParser::MaxContentBytes + 1);
    m_responseFile->setText(
        tr("%1 (%2 bytes)").arg(QFileInfo(path).fileName()).arg(m_responseBinary.size()));
    m_responseBody->setEnabled(false);
    refresh();
    return true;
}

void PublishComposer::loadBinaryFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Binary message content"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_wsFile->setText(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    m_wsBinary = file.read(PublishParser::MaxContentBytes + 1);
    m_wsFile->setText(tr("%1 (%2 bytes)").arg(QFileInfo(path).fileName()).arg(m_wsBinary.size()));
    refresh();
}

QString PublishComposer::targetUrl() const
{
    if (m_targetRemote->isChecked())
        return m_remoteUrl->text().trimmed();
    if (m_targetGrip->isChecked()) {
        GripUrl grip;
        QString error;
        return GripUrl::parse(m_gripUrl->text(), &grip, &error) ? grip.publishUrl.toString()
                                                                : QString();
    }
    QString host = m_embeddedAddress;
    if (host.isEmpty() || host == QLatin1String("0.0.0.0"))
        host = QStringLiteral("127.0.0.1");
    else if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("http://%1:%2/publish/").arg(host).arg(m_embeddedPort);
}

QByteArray PublishComposer::authorization(QString *error) const
{
    if (m_targetGrip->isChecked()) {
        GripUrl grip;
        if (!GripUrl::parse(m_gripUrl->text(), &grip, error))
            return {};
        return grip.authorization(QDateTime::currentSecsSinceEpoch(), error);
    }
    const QByteArray key =
        m_targetRemote->isChecked() ? m_remoteKey->text().toUtf8() : m_embeddedKey;
    return key.isEmpty() ? QByteArray() : "Bearer " + key;
}

QString PublishComposer::curlCommand() const
{
    QString error;
    const QByteArray authorizationValue = authorization(&error);
    QString command = QStringLiteral("curl -sS -H 'Content-Type: application/json'");
    if (!authorizationValue.isEmpty())
        command += QStringLiteral(" -H ") + shellQuote(QStringLiteral("Authorization: ") +
                                                       QString::fromUtf8(authorizationValue));
    command += QStringLiteral(" --data-binary ") + shellQuote(QString::fromUtf8(body())) +
               QLatin1Char(' ') + shellQuote(targetUrl());
    return command;
}

void PublishComposer::send()
{
    const QString error = validationError();
    if (!error.isEmpty()) {
        m_error->setText(tr("Not sent: %1").arg(error));
        return;
    }
    if (m_targetEmbedded->isChecked() && m_embeddedPort == 0) {
        m_result->setText(tr("Not sent: the embedded broker is not running."));
        return;
    }
    QString authError;
    const QByteArray authorizationValue = authorization(&authError);
    if (!authError.isEmpty()) {
        m_result->setText(m_targetGrip->isChecked()
                              ? tr("Not sent: the GRIP_URL is unusable: %1").arg(authError)
                              : tr("Not sent: %1").arg(authError));
        return;
    }
    const QString url = targetUrl();
    const QUrl parsed(url);
    if (!parsed.isValid() || parsed.scheme().isEmpty() || parsed.host().isEmpty()) {
        m_result->setText(tr("Not sent: %1 is not a URL.").arg(url));
        return;
    }
    QNetworkRequest request(parsed);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!authorizationValue.isEmpty())
        request.setRawHeader("Authorization", authorizationValue);
    const QByteArray payload = body();
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply *reply = m_network->post(request, payload);
    m_result->setText(tr("Sending to %1…").arg(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply, payload, url, timer] {
        m_result->setProperty("elapsedMs", timer->elapsed());
        onFinished(reply, payload, url);
    });
}

void PublishComposer::onFinished(QNetworkReply *reply, const QByteArray &payload,
                                 const QString &url)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    const qint64 ms = m_result->property("elapsedMs").toLongLong();
    if (status == 0) {
        m_result->setText(tr("Failed after %1 ms: %2").arg(ms).arg(reply->errorString()));
        Q_EMIT message(tr("Publish to %1 failed: %2").arg(url, reply->errorString()));
    } else {
        m_result->setText(tr("HTTP %1 in %2 ms").arg(status).arg(ms));
        Q_EMIT message(tr("Published to %1: HTTP %2").arg(url).arg(status));
    }
    m_resultBody->setPlainText(QString::fromUtf8(answer));
    m_history.add({QDateTime::currentDateTimeUtc(), url, payload, status});
    reloadHistory();
    if (status >= 200 && status < 300) {
        // Remember the id for chaining; a numeric id moves on by one for the next publish.
        const QJsonArray items =
            QJsonDocument::fromJson(payload).object().value(QStringLiteral("items")).toArray();
        const QString id = items.isEmpty()
                               ? QString()
                               : items.last().toObject().value(QStringLiteral("id")).toString();
        if (!id.isEmpty()) {
            m_lastIdSent = id;
            if (m_chain->isChecked()) {
                m_prevId->setText(id);
                bool numeric = false;
                const qlonglong next = id.toLongLong(&numeric);
                if (numeric && !m_raw->isChecked())
                    m_id->setText(QString::number(next + 1));
            }
        }
    }
    Q_EMIT sent(status, answer);
}

void PublishComposer::reloadHistory()
{
    m_historyList->clear();
    for (const PublishHistory::Entry &entry : m_history.entries()) {
        const QJsonArray items =
            QJsonDocument::fromJson(entry.body).object().value(QStringLiteral("items")).toArray();
        const QString channel =
            items.isEmpty() ? QString()
                            : items.first().toObject().value(QStringLiteral("channel")).toString();
        m_historyList->addItem(
            tr("%1  %2 → %3 (HTTP %4)")
                .arg(entry.sentUtc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     channel, entry.url)
                .arg(entry.status));
    }
}
