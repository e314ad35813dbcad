#include "disconnectdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QLineEdit>
#include <QSpinBox>

DisconnectDialog::DisconnectDialog(quint64 id, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Disconnect #%1").arg(id));
    auto layout = new QFormLayout(this);
    layout->addRow(new QLabel(
        tr("WebSockets get a close frame with this code; HTTP connections are closed."), this));
    m_code = new QSpinBox(this);
    m_code->setObjectName(QStringLiteral("closeCode"));
    m_code->setRange(1000, 4999);
    m_code->setValue(1000);
    layout->addRow(tr("Close &code:"), m_code);
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("closeReason"));
    m_reason->setMaxLength(123); // what fits in a close frame
    m_reason->setText(tr("closed from the console"));
    layout->addRow(tr("&Reason:"), m_reason);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Disconnect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addRow(buttons);
}

DisconnectDialog::~DisconnectDialog() = default;

quint16 DisconnectDialog::code() const
{
    return quint16(m_code->value());
}

QByteArray DisconnectDialog::reason() const
{
    return m_reason->text().toUtf8().left(123);
}
