#include "testclientspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "clientenginehost.h"
#include "testclientsmodel.h"
#include "trafficgeneratorpage.h"

namespace {
// How many messages a client keeps for the detail view, per LoadStats row.
constexpr int RecentPerRow = 20;

struct Preset
{
    ClientTransport transport;
    QString url;
};

QString describe(const QByteArray &message)
{
    // Printable UTF-8 as text, anything else as hex: a binary frame must not garble the view.
    const QString text = QString::fromUtf8(message);
    const bool printable = !text.contains(QChar::ReplacementCharacter) &&
                           std::all_of(text.cbegin(), text.cend(), [](QChar c) {
                               return c.isPrint() || c == QLatin1Char('\n') ||
                                      c == QLatin1Char('\t') || c == QLatin1Char('\r');
                           });
    if (printable)
        return text.trimmed();
    return QStringLiteral("[hex] ") + QString::fromLatin1(message.toHex(' '));
}
} // namespace

Q_DECLARE_METATYPE(Preset)

TestClientsPage::TestClientsPage(QWidget *parent)
    : QWidget(parent), m_engines(new ClientEngineHost(this)), m_model(new TestClientsModel(this))
{
    m_sections = new QTabWidget(this);
    m_sections->setObjectName(QStringLiteral("testSections"));
    m_sections->setDocumentMode(true);
    m_sections->addTab(buildClientsSection(), tr("Clients"));
    m_traffic = new TrafficGeneratorPage(m_engines, m_sections);
    m_sections->addTab(m_traffic, tr("Traffic generator"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sections);

    connect(m_engines, &ClientEngineHost::progress, this,
            [this](int run, const LoadStats &stats) { m_model->applyRows(run, stats.clients); });
    connect(m_engines, &ClientEngineHost::finished, this, [this](int run, const LoadStats &stats) {
        m_model->endRun(run, stats.clients);
        updateButtons();
    });
    connect(m_model, &TestClientsModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const int row = selectedRow();
                if (row >= from.row() && row <= to.row()) {
                    showSelected();
                    updateButtons();
                }
            });
    fillPresets();
    updateButtons();
}

TestClientsPage::~TestClientsPage() = default;

QWidget *TestClientsPage::buildClientsSection()
{
    auto section = new QWidget(this);
    auto form = new QFormLayout;
    m_presets = new QComboBox(section);
    m_presets->setObjectName(QStringLiteral("clientPresets"));
    form->addRow(tr("&Preset:"), m_presets);
    m_transport = new QComboBox(section);
    m_transport->setObjectName(QStringLiteral("clientTransport"));
    for (ClientTransport transport : {ClientTransport::WebSocket, ClientTransport::Sse,
                                      ClientTransport::Stream, ClientTransport::Poll})
        m_transport->addItem(TestClientsModel::transportText(transport), int(transport));
    m_url = new QLineEdit(section);
    m_url->setObjectName(QStringLiteral("clientUrl"));
    m_url->setPlaceholderText(QStringLiteral("ws://127.0.0.1:7676/test/websocket"));
    m_count = new QSpinBox(section);
    m_count->setObjectName(QStringLiteral("clientCount"));
    m_count->setRange(1, 10'000);
    auto target = new QHBoxLayout;
    target->addWidget(m_transport);
    target->addWidget(m_url, 1);
    target->addWidget(new QLabel(tr("×"), section));
    target->addWidget(m_count);
    // A row made of a layout gets no buddy from QFormLayout, so its mnemonic needs one.
    auto targetLabel = new QLabel(tr("&Target:"), section);
    targetLabel->setBuddy(m_url);
    form->addRow(targetLabel, target);
    m_subprotocol = new QLineEdit(section);
    m_subprotocol->setObjectName(QStringLiteral("clientSubprotocol"));
    m_subprotocol->setPlaceholderText(tr("WebSocket only; comma-separated to offer several"));
    form->addRow(tr("S&ubprotocol:"), m_subprotocol);
    m_headers = new QPlainTextEdit(section);
    m_headers->setObjectName(QStringLiteral("clientHeaders"));
    m_headers->setPlaceholderText(tr("One \"Name: value\" per line"));
    m_headers->setMaximumHeight(m_headers->fontMetrics().lineSpacing() * 3 +
                                m_headers->frameWidth() * 2 + 8);
    form->addRow(tr("&Headers:"), m_headers);
    m_open = new QPushButton(tr("&Open"), section);
    m_open->setObjectName(QStringLiteral("openClients"));
    m_closeAll = new QPushButton(tr("Close &all"), section);
    m_closeAll->setObjectName(QStringLiteral("closeAllClients"));
    auto clear = new QPushButton(tr("Clear &ended"), section);
    clear->setObjectName(QStringLiteral("clearEndedClients"));
    auto buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_closeAll);
    buttons->addWidget(clear);
    buttons->addStretch();
    form->addRow(buttons);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TestClientsModel::RawRole);
    m_view = new QTableView(section);
    m_view->setObjectName(QStringLiteral("clientsView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(TestClientsModel::ClientColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Sized once by the headers (translated ones are longer), not per update: a column measured
    // on every dataChanged would cost a pass over the visible rows each tick.
    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(
        TestClientsModel::UrlColumn,
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("http://127.0.0.1:7676/test/")));

    auto detail = new QWidget(section);
    auto detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_messages = new QPlainTextEdit(detail);
    m_messages->setObjectName(QStringLiteral("clientMessages"));
    m_messages->setReadOnly(true);
    m_messages->setPlaceholderText(tr("Select a client to see its latest messages."));
    detailLayout->addWidget(m_messages, 1);
    auto send = new QHBoxLayout;
    m_sendText = new QLineEdit(detail);
    m_sendText->setObjectName(QStringLiteral("sendText"));
    m_sendText->setPlaceholderText(tr("Text to send"));
    m_binary = new QCheckBox(tr("&Binary (hex)"), detail);
    m_binary->setObjectName(QStringLiteral("sendBinary"));
    m_send = new QPushButton(tr("&Send"), detail);
    m_send->setObjectName(QStringLiteral("sendToClient"));
    send->addWidget(m_sendText, 1);
    send->addWidget(m_binary);
    send->addWidget(m_send);
    detailLayout->addLayout(send);
    auto control = new QHBoxLayout;
    m_closeCode = new QSpinBox(detail);
    m_closeCode->setObjectName(QStringLiteral("closeCode"));
    m_closeCode->setRange(1000, 4999);
    m_closeCode->setValue(1000);
    m_closeCode->setToolTip(tr("WebSocket close code; other transports just close"));
    m_close = new QPushButton(tr("&Close with"), detail);
    m_close->setObjectName(QStringLiteral("closeClient"));
    m_reconnect = new QPushButton(tr("&Reconnect"), detail);
    m_reconnect->setObjectName(QStringLiteral("reconnectClient"));
    control->addWidget(m_close);
    control->addWidget(m_closeCode);
    control->addWidget(m_reconnect);
    control->addStretch();
    detailLayout->addLayout(control);

    auto splitter = new QSplitter(Qt::Horizontal, section);
    splitter->addWidget(m_view);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto layout = new QVBoxLayout(section);
    layout->addLayout(form);
    layout->addWidget(splitter, 1);

    connect(m_presets, &QComboBox::activated, this, &TestClientsPage::applyPreset);
    connect(m_open, &QPushButton::clicked, this, &TestClientsPage::openClients);
    connect(m_url, &QLineEdit::returnPressed, this, &TestClientsPage::openClients);
    connect(m_closeAll, &QPushButton::clicked, this, &TestClientsPage::closeAll);
    connect(clear, &QPushButton::clicked, this, [this] {
        QList<int> ended;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const TestClientsModel::Row &r = m_model->rowAt(row);
            if (r.runEnded && !ended.contains(r.run))
                ended.append(r.run);
        }
        for (int run : std::as_const(ended))
            m_model->removeRun(run);
        showSelected();
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showSelected();
        updateButtons();
    });
    const auto sendNow = [this] {
        const QString text = m_sendText->text();
        sendToSelected(m_binary->isChecked() ? QByteArray::fromHex(text.toLatin1()) : text.toUtf8(),
                       m_binary->isChecked());
    };
    connect(m_send, &QPushButton::clicked, this, sendNow);
    connect(m_sendText, &QLineEdit::returnPressed, this, sendNow);
    connect(m_close, &QPushButton::clicked, this,
            [this] { closeSelected(quint16(m_closeCode->value())); });
    connect(m_reconnect, &QPushButton::clicked, this, &TestClientsPage::reconnectSelected);
    return section;
}

void TestClientsPage::fillPresets()
{
    const int current = m_presets->currentIndex();
    m_presets->clear();
    m_presets->addItem(tr("Custom URL"));
    const auto add = [this](const QString &label, ClientTransport transport, const QString &url) {
        m_presets->addItem(label, QVariant::fromValue(Preset{transport, url}));
    };
    if (!m_brokerAddress.isEmpty()) {
        const QString base = QStringLiteral("http://%1/test/").arg(m_brokerAddress);
        add(tr("Embedded broker: SSE %1").arg(base + QStringLiteral("sse")), ClientTransport::Sse,
            base + QStringLiteral("sse"));
        add(tr("Embedded broker: HTTP stream %1").arg(base + QStringLiteral("stream")),
            ClientTransport::Stream, base + QStringLiteral("stream"));
        add(tr("Embedded broker: long-poll %1").arg(base + QStringLiteral("long-poll")),
            ClientTransport::Poll, base + QStringLiteral("long-poll"));
        const QString ws = QStringLiteral("ws://%1/test/websocket").arg(m_brokerAddress);
        add(tr("Embedded broker: WebSocket %1 (echo)").arg(ws), ClientTransport::WebSocket, ws);
    }
    // The seed's "Fanout in one minute" curl, against the default address it documents.
    add(tr("Seed example: curl -i http://localhost:7676/test/stream"), ClientTransport::Stream,
        QStringLiteral("http://localhost:7676/test/stream"));
    add(tr("Seed example: holdfast load --url http://127.0.0.1:7676/test/sse"),
        ClientTransport::Sse, QStringLiteral("http://127.0.0.1:7676/test/sse"));
    m_presets->setCurrentIndex(current >= 0 && current < m_presets->count() ? current : 0);
}

void TestClientsPage::applyPreset(int index)
{
    const QVariant item = m_presets->itemData(index);
    if (!item.canConvert<Preset>())
        return;
    const Preset preset = item.value<Preset>();
    setTarget(preset.transport, preset.url, m_count->value());
}

void TestClientsPage::setTarget(ClientTransport transport, const QString &url, int clients)
{
    m_transport->setCurrentIndex(m_transport->findData(int(transport)));
    m_url->setText(url);
    m_count->setValue(clients);
}

void TestClientsPage::setEmbeddedBroker(const QString &address, quint16 port)
{
    // A wildcard listen address is reached through loopback.
    QString host = address;
    if (host == QLatin1String("0.0.0.0") || host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    else if (host == QLatin1String("::"))
        host = QStringLiteral("::1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    m_brokerAddress = QStringLiteral("%1:%2").arg(host).arg(port);
    fillPresets();
    m_traffic->setEmbeddedBroker(m_brokerAddress);
}

void TestClientsPage::setEmbeddedPublish(const QString &address, quint16 port,
                                         const QByteArray &key)
{
    QString host = address;
    if (host == QLatin1String("0.0.0.0") || host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    m_traffic->setEmbeddedPublish(QStringLiteral("http://%1:%2/publish/").arg(host).arg(port), key);
}

int TestClientsPage::openClients()
{
    const QString url = m_url->text().trimmed();
    if (url.isEmpty())
        return 0;
    LoadConfig config;
    config.url = url;
    config.transport = ClientTransport(m_transport->currentData().toInt());
    config.clients = m_count->value();
    config.subprotocol = m_subprotocol->text().trimmed().toUtf8();
    const QStringList lines = m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0)
            config.headers.append(
                {line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    config.durationMs = 0; // until closed
    config.reportClients = true;
    config.recentMessages = RecentPerRow;
    config.keepWhenEnded = true;
    config.statsIntervalMs = 100;
    config.connectTimeoutMs = 5000;
    const int run = m_engines->start(config);
    m_model->addRun(run, config.transport, url, config.clients);
    updateButtons();
    return run;
}

int TestClientsPage::selectedRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return -1;
    return m_proxy->mapToSource(rows.first()).row();
}

void TestClientsPage::selectClient(int run, int clientId)
{
    const int row = m_model->rowOf(run, clientId);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_view->selectRow(index.row());
    m_view->scrollTo(index);
}

void TestClientsPage::showSelected()
{
    const int row = selectedRow();
    if (row < 0) {
        m_messages->clear();
        return;
    }
    const TestClientsModel::Row &r = m_model->rowAt(row);
    QStringList lines;
    lines << tr("Client %1.%2: %3, %Ln message(s)", nullptr, int(r.received))
                 .arg(r.run)
                 .arg(r.clientId + 1)
                 .arg(TestClientsModel::stateText(r.state));
    if (!r.reason.isEmpty())
        lines << tr("Reason: %1").arg(r.reason);
    for (const QByteArray &message : r.recent)
        lines << describe(message);
    const QString text = lines.join(QLatin1Char('\n'));
    if (m_messages->toPlainText() != text)
        m_messages->setPlainText(text);
}

void TestClientsPage::updateButtons()
{
    const int row = selectedRow();
    const TestClientsModel::Row *r = row >= 0 ? &m_model->rowAt(row) : nullptr;
    const bool live = r && !r->runEnded;
    m_send->setEnabled(live && r->transport == ClientTransport::WebSocket &&
                       r->state == ClientState::Open);
    m_close->setEnabled(live && r->state != ClientState::Closed && r->state != ClientState::Failed);
    m_reconnect->setEnabled(live);
    m_closeAll->setEnabled(m_engines->runningCount() > 0);
}

void TestClientsPage::sendToSelected(const QByteArray &payload, bool binary)
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const TestClientsModel::Row &r = m_model->rowAt(row);
    m_engines->sendMessage(r.run, r.clientId, payload, binary);
}

void TestClientsPage::closeSelected(quint16 code)
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const TestClientsModel::Row &r = m_model->rowAt(row);
    m_engines->closeClient(r.run, r.clientId, code, QByteArray());
}

void TestClientsPage::reconnectSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    const TestClientsModel::Row &r = m_model->rowAt(row);
    m_engines->reconnectClient(r.run, r.clientId);
}

void TestClientsPage::closeAll()
{
    int last = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const TestClientsModel::Row &r = m_model->rowAt(row);
        if (!r.runEnded && r.run != last)
            m_engines->stop(r.run);
        last = r.run;
    }
}
