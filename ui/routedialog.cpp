#include "routedialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "routes/routesfile.h"

RouteDialog::RouteDialog(const Route &route, QWidget *parent)
    : QDialog(parent), m_original(route), m_result(route)
{
    setWindowTitle(route.targets.isEmpty() ? tr("Add route") : tr("Edit route"));
    auto layout = new QVBoxLayout(this);
    auto form = new QFormLayout;
    layout->addLayout(form);

    m_domain = new QLineEdit(QString::fromUtf8(route.domain), this);
    m_domain->setObjectName(QStringLiteral("domain"));
    m_domain->setPlaceholderText(tr("* for any host, or example.com"));
    form->addRow(tr("&Host to match:"), m_domain);
    m_proto = new QComboBox(this);
    m_proto->setObjectName(QStringLiteral("proto"));
    m_proto->addItem(tr("HTTP and WebSocket"), QString());
    m_proto->addItem(tr("HTTP only"), QStringLiteral("http"));
    m_proto->addItem(tr("WebSocket only"), QStringLiteral("ws"));
    m_proto->setCurrentIndex(qMax(0, m_proto->findData(QString::fromUtf8(route.proto))));
    form->addRow(tr("&Protocol:"), m_proto);
    m_pathBeg = new QLineEdit(QString::fromUtf8(route.pathBeg), this);
    m_pathBeg->setObjectName(QStringLiteral("pathBeg"));
    m_pathBeg->setPlaceholderText(tr("any path, or a prefix such as /api"));
    form->addRow(tr("Path &prefix:"), m_pathBeg);

    QStringList targets;
    for (const RouteTarget &target : route.targets) {
        targets << (target.isTest ? QStringLiteral("test")
                                  : QString::fromUtf8(target.toText().split(',').first()));
    }
    m_targets = new QLineEdit(targets.join(QLatin1Char(' ')), this);
    m_targets->setObjectName(QStringLiteral("targets"));
    m_targets->setPlaceholderText(tr("host:port, several separated by spaces (failover)"));
    form->addRow(tr("&Targets:"), m_targets);
    const RouteTarget first = route.targets.value(0);
    m_tls = new QCheckBox(tr("Connect to the origin over TLS"), this);
    m_tls->setObjectName(QStringLiteral("tls"));
    m_tls->setChecked(first.ssl);
    form->addRow(tr("TL&S:"), m_tls);
    m_insecure =
        new QCheckBox(tr("Accept an origin certificate the trust store does not verify"), this);
    m_insecure->setObjectName(QStringLiteral("insecure"));
    m_insecure->setChecked(first.insecure);
    form->addRow(tr("I&nsecure TLS:"), m_insecure);
    m_hostOverride = new QLineEdit(QString::fromUtf8(first.hostOverride), this);
    m_hostOverride->setObjectName(QStringLiteral("hostOverride"));
    m_hostOverride->setPlaceholderText(tr("keep the client's Host"));
    form->addRow(tr("Host &override:"), m_hostOverride);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("mode"));
    m_mode->addItem(tr("Passthrough (no GRIP)"), int(Mode::Passthrough));
    m_mode->addItem(tr("Fanout (GRIP proxy)"), int(Mode::Grip));
    m_mode->addItem(tr("Fanout over HTTP (WebSocket-over-HTTP)"), int(Mode::OverHttp));
    setMode(route.noGrip ? Mode::Passthrough : (first.overHttp ? Mode::OverHttp : Mode::Grip));
    form->addRow(tr("&Mode:"), m_mode);
    m_maxConnTime = new QSpinBox(this);
    m_maxConnTime->setObjectName(QStringLiteral("maxConnTime"));
    m_maxConnTime->setRange(0, 365 * 24 * 3600);
    m_maxConnTime->setSuffix(tr(" s"));
    m_maxConnTime->setSpecialValueText(tr("unlimited"));
    m_maxConnTime->setValue(route.maxConnTimeSeconds);
    form->addRow(tr("Max &connection time:"), m_maxConnTime);
    m_id = new QLineEdit(route.explicitId ? QString::fromUtf8(route.id) : QString(), this);
    m_id->setObjectName(QStringLiteral("id"));
    m_id->setPlaceholderText(tr("generated from the condition"));
    form->addRow(tr("&Id:"), m_id);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b00020; }"));
    m_error->hide();
    layout->addWidget(m_error);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RouteDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RouteDialog::reject);
}

void RouteDialog::setMode(Mode mode)
{
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(int(mode))));
}

RouteDialog::Mode RouteDialog::mode() const
{
    return Mode(m_mode->currentData().toInt());
}

QString RouteDialog::errorText() const
{
    return m_error->text();
}

bool RouteDialog::validate()
{
    const auto fail = [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
        return false;
    };
    m_error->clear();
    m_error->hide();

    // The targets are read by the same parser as a routes file, behind a placeholder condition.
    const QByteArray targetsText = m_targets->text().trimmed().toUtf8();
    if (targetsText.isEmpty())
        return fail(tr("A route needs at least one target (host:port)."));
    const RoutesParseResult targets = RoutesFile::parseLine("* " + targetsText, tr("targets"), 1);
    if (!targets.ok())
        return fail(targets.errors.join(QLatin1Char('\n')));
    if (targets.routes.isEmpty())
        return fail(tr("A route needs at least one target (host:port)."));

    Route route = m_original;
    route.domain = m_domain->text().trimmed().toLower().toUtf8();
    route.proto = m_proto->currentData().toString().toUtf8();
    route.pathBeg = m_pathBeg->text().toUtf8();
    const QByteArray id = m_id->text().trimmed().toUtf8();
    route.explicitId = !id.isEmpty();
    route.id = id;
    route.noGrip = mode() == Mode::Passthrough;
    route.maxConnTimeSeconds = m_maxConnTime->value();
    route.targets.clear();
    const QList<RouteTarget> parsedTargets = targets.routes.first().targets;
    for (qsizetype i = 0; i < parsedTargets.size(); ++i) {
        RouteTarget target = parsedTargets.at(i);
        // Options the dialog does not show are kept from the target that stood here before.
        const RouteTarget before = m_original.targets.value(i);
        target.oneEvent = before.oneEvent;
        target.subscriptions = before.subscriptions;
        if (!target.isTest) {
            target.ssl = m_tls->isChecked();
            target.insecure = m_insecure->isChecked();
            target.hostOverride = m_hostOverride->text().trimmed().toUtf8();
        }
        target.overHttp = mode() == Mode::OverHttp;
        route.targets << target;
    }

    const RoutesParseResult parsed =
        RoutesFile::parseLine(route.toLine(), tr("route"), m_original.line);
    if (!parsed.ok())
        return fail(parsed.errors.join(QLatin1Char('\n')));
    if (parsed.routes.size() != 1)
        return fail(tr("This route cannot be written as a routes-file line."));
    m_result = parsed.routes.first();
    m_result.fileName = m_original.fileName;
    m_result.line = m_original.line;
    return true;
}

void RouteDialog::accept()
{
    if (validate())
        QDialog::accept();
}
