#pragma once

#include <QDialog>

class QLineEdit;
class QSpinBox;

// Asks how to close one connection: a WebSocket close code (1000 unless changed) and a reason.
class DisconnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DisconnectDialog)

public:
    explicit DisconnectDialog(quint64 id, QWidget *parent = nullptr);
    ~DisconnectDialog() override;

    quint16 code() const;
    QByteArray reason() const;

private:
    QSpinBox *m_code = nullptr;
    QLineEdit *m_reason = nullptr;
};
