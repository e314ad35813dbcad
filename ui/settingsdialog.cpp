#include "settingsdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/configuration.h"
#include "core/listenaddress.h"
#include "net/tlsservercontext.h"
#include "uilanguage.h"

SettingsDialog::SettingsDialog(const AppSettings &settings, const QStringList &givenOptions,
                               QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    auto layout = new QVBoxLayout(this);
    auto form = new QFormLayout;
    layout->addLayout(form);
    const auto field = [this, form](const QString &label, const QString &value, const QString &name,
                                    const QString &placeholder) {
        auto edit = new QLineEdit(value, this);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        // Wide enough for the hint in every language (Japanese runs long in few characters).
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(placeholder) + 24);
        form->addRow(label, edit);
        return edit;
    };
    m_listen = field(tr("&Listen on:"), settings.listen, QStringLiteral("listen"),
                     QStringLiteral("127.0.0.1:7676"));
    m_publishListen = field(tr("&Publish API on:"), settings.publishListen,
                            QStringLiteral("publishListen"), QStringLiteral("127.0.0.1:5561"));
    m_publishKey = field(tr("Publish &key:"), settings.publishKey, QStringLiteral("publishKey"),
                         tr("none: the publish API is open"));
    m_publishKey->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_sigKey = field(tr("&Sig key:"), settings.sigKey, QStringLiteral("sigKey"),
                     QStringLiteral("changeme"));
    m_sigKey->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_sigIssuer = field(tr("Sig &issuer:"), settings.sigIssuer, QStringLiteral("sigIssuer"),
                        QStringLiteral("holdfast"));
    m_ledgerPath = field(tr("Le&dger file:"), settings.ledgerPath, QStringLiteral("ledgerPath"),
                         tr("default location"));
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    for (const QString &language : UiLanguage::available())
        m_language->addItem(UiLanguage::nativeName(language), language);
    m_language->setCurrentIndex(qMax(0, m_language->findData(settings.language)));
    form->addRow(tr("Lan&guage:"), m_language);

    m_tls = new QGroupBox(tr("&TLS listener (https://, wss://)"), this);
    m_tls->setObjectName(QStringLiteral("tls"));
    m_tls->setCheckable(true);
    m_tls->setChecked(settings.tlsEnabled);
    auto tlsForm = new QFormLayout(m_tls);
    m_tlsListen = new QLineEdit(settings.tlsListen, m_tls);
    m_tlsListen->setObjectName(QStringLiteral("tlsListen"));
    m_tlsListen->setPlaceholderText(QStringLiteral("127.0.0.1:7443"));
    tlsForm->addRow(tr("Add&ress:"), m_tlsListen);
    m_tlsCert = addFileField(m_tls, tlsForm, tr("&Certificate file:"), settings.tlsCertFile,
                             QStringLiteral("tlsCert"), tr("Certificate chain (PEM, leaf first)"));
    m_tlsKey = addFileField(m_tls, tlsForm, tr("Private ke&y file:"), settings.tlsKeyFile,
                            QStringLiteral("tlsKey"), tr("Private key (unencrypted PEM)"));
    layout->addWidget(m_tls);

    auto note = new QLabel(tr("Saved settings are used the next time the broker starts "
                              "(Broker ▸ Start or Restart); the ledger file when Holdfast next "
                              "starts, and so does the language. Options given on the command line "
                              "(such as --lang) win for that run."),
                           this);
    note->setObjectName(QStringLiteral("settingsNote"));
    note->setWordWrap(true);
    layout->addWidget(note);
    if (!givenOptions.isEmpty()) {
        auto given = new QLabel(tr("Set on the command line for this run: %1")
                                    .arg(givenOptions.join(QStringLiteral(", "))),
                                this);
        given->setWordWrap(true);
        layout->addWidget(given);
    }
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_error->hide();
    layout->addWidget(m_error);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

QLineEdit *SettingsDialog::addFileField(QWidget *parent, QFormLayout *form, const QString &label,
                                        const QString &value, const QString &name,
                                        const QString &title)
{
    auto row = new QHBoxLayout;
    auto edit = new QLineEdit(value, parent);
    edit->setObjectName(name);
    row->addWidget(edit, 1);
    auto browse = new QPushButton(tr("Browse…"), parent);
    browse->setObjectName(name + QStringLiteral("Browse"));
    row->addWidget(browse);
    form->addRow(label, row);
    // Buddy of the label, so its mnemonic focuses the path rather than the button.
    if (auto buddy = qobject_cast<QLabel *>(form->labelForField(row)))
        buddy->setBuddy(edit);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
        const QString current = edit->text().trimmed();
        const QString chosen = QFileDialog::getOpenFileName(
            this, title, current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
            tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return edit;
}

AppSettings SettingsDialog::settings() const
{
    AppSettings out;
    out.listen = m_listen->text().trimmed();
    out.publishListen = m_publishListen->text().trimmed();
    out.publishKey = m_publishKey->text();
    out.sigKey = m_sigKey->text();
    out.sigIssuer = m_sigIssuer->text().trimmed();
    out.ledgerPath = m_ledgerPath->text().trimmed();
    out.language = m_language->currentData().toString();
    out.tlsEnabled = m_tls->isChecked();
    out.tlsListen = m_tlsListen->text().trimmed();
    out.tlsCertFile = m_tlsCert->text().trimmed();
    out.tlsKeyFile = m_tlsKey->text().trimmed();
    return out;
}

bool SettingsDialog::validate()
{
    const AppSettings values = settings();
    QStringList errors;
    // Applying to a configuration whose ports are 0 shows whether each address parsed.
    const auto check = [&errors](const QString &text, const QString &what, bool publish) {
        if (text.isEmpty())
            return;
        AppSettings one;
        (publish ? one.publishListen : one.listen) = text;
        Configuration config;
        config.listenPort = 0;
        config.publishPort = 0;
        one.applyTo(&config, nullptr, {});
        if ((publish ? config.publishPort : config.listenPort) == 0)
            errors
                << tr("%1: '%2' is not address:port (for example 127.0.0.1:7676).").arg(what, text);
    };
    check(values.listen, tr("Listen on"), false);
    check(values.publishListen, tr("Publish API on"), true);
    if (values.tlsEnabled) {
        QHostAddress address;
        quint16 port = 0;
        if (!values.tlsListen.isEmpty() && !ListenAddress::parse(values.tlsListen, &address, &port))
            errors << tr("%1: '%2' is not address:port (for example 127.0.0.1:7676).")
                          .arg(tr("TLS listener address"), values.tlsListen);
        if (values.tlsCertFile.isEmpty() || values.tlsKeyFile.isEmpty()) {
            errors << tr("The TLS listener needs a certificate file and a key file.");
        } else {
            // The broker's own loader, so whatever it would refuse at start is refused here.
            TlsServerContext context;
            if (!context.load(values.tlsCertFile, values.tlsKeyFile))
                errors << tr("TLS listener: %1").arg(context.errorString());
        }
    }
    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
    return errors.isEmpty();
}

void SettingsDialog::accept()
{
    if (!validate())
        return;
    settings().save();
    QDialog::accept();
}
