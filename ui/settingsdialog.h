#pragma once

#include <QDialog>

#include "appsettings.h"

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;

// Edit ▸ Settings…: saved with QSettings on OK, used by the next Start or Restart.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // givenOptions: command-line options of this run, which win over the saved values.
    explicit SettingsDialog(const AppSettings &settings, const QStringList &givenOptions,
                            QWidget *parent = nullptr);

    AppSettings settings() const;
    bool validate();
    void accept() override;

private:
    // A line edit with a Browse… button for a PEM file.
    QLineEdit *addFileField(QWidget *parent, QFormLayout *form, const QString &label,
                            const QString &value, const QString &name, const QString &title);

    QLineEdit *m_listen = nullptr;
    QLineEdit *m_publishListen = nullptr;
    QLineEdit *m_publishKey = nullptr;
    QLineEdit *m_sigKey = nullptr;
    QLineEdit *m_sigIssuer = nullptr;
    QLineEdit *m_ledgerPath = nullptr;
    QComboBox *m_language = nullptr;
    QGroupBox *m_tls = nullptr;
    QLineEdit *m_tlsListen = nullptr;
    QLineEdit *m_tlsCert = nullptr;
    QLineEdit *m_tlsKey = nullptr;
    QLabel *m_error = nullptr;
};
