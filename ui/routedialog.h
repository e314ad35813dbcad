#pragma once

#include <QDialog>

#include "routes/route.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

// Adds or edits one route. OK is accepted only when the route, written as a routes-file line,
// parses back cleanly; otherwise the parser's message is shown under the fields.
class RouteDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteDialog)

public:
    enum class Mode
    {
        Passthrough,
        Grip,
        OverHttp
    };

    explicit RouteDialog(const Route &route, QWidget *parent = nullptr);

    // The route as the parser read it back; valid after accept().
    Route route() const { return m_result; }
    // Checks the fields; on success route() holds the result. Shown inline otherwise.
    bool validate();
    QString errorText() const;

    void accept() override;

private:
    void setMode(Mode mode);
    Mode mode() const;

    Route m_original;
    Route m_result;
    QLineEdit *m_domain = nullptr;
    QComboBox *m_proto = nullptr;
    QLineEdit *m_pathBeg = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_targets = nullptr;
    QCheckBox *m_tls = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_hostOverride = nullptr;
    QComboBox *m_mode = nullptr;
    QSpinBox *m_maxConnTime = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
