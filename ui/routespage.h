#pragma once

#include <QList>
#include <QWidget>

#include "routes/route.h"

class QLabel;
class QPushButton;
class QTableView;
class RouteDialog;
class RoutesModel;

// The Routes tab: the routes in force, edited in a RouteDialog and put in force with Apply
// (live connections keep their route; new requests use the new table). Import / Export read
// and write a Pushpin-syntax routes file.
class RoutesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutesPage)

public:
    explicit RoutesPage(QWidget *parent = nullptr);

    RoutesModel *model() const { return m_model; }
    // What the broker has in force; clears the "not applied" state.
    void setRoutesInForce(const QList<Route> &routes);
    // Called when the broker confirms the routes sent by applyRequested().
    void markApplied();
    bool hasUnappliedChanges() const { return m_dirty; }

    void addRoute();
    void editRoute(int row);
    void removeRoute(int row);
    void apply();
    // Returns false (and shows the errors, changing nothing) if the file does not load.
    bool importFile(const QString &path);
    bool exportFile(const QString &path);
    QString messageText() const;
    // The open editor, if any (it is window-modal and asynchronous).
    RouteDialog *dialog() const { return m_dialog; }

Q_SIGNALS:
    void applyRequested(const QList<Route> &routes);
    void message(const QString &text);

private:
    void openDialog(int row);
    int currentRow() const;
    void showMessage(const QString &text, bool error);
    void setDirty(bool dirty);
    void updateButtons();

    RoutesModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    RouteDialog *m_dialog = nullptr;
    QList<Route> m_sent;
    bool m_dirty = false;
};
