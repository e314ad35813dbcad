#include "routespage.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

#include "routedialog.h"
#include "routes/routesfile.h"
#include "routesmodel.h"

RoutesPage::RoutesPage(QWidget *parent) : QWidget(parent)
{
    m_model = new RoutesModel(this);
    auto layout = new QVBoxLayout(this);
    auto buttons = new QHBoxLayout;
    const auto button = [this, buttons](const QString &text, const QString &name) {
        auto b = new QPushButton(text, this);
        b->setObjectName(name);
        buttons->addWidget(b);
        return b;
    };
    m_add = button(tr("&Add…"), QStringLiteral("addRoute"));
    m_edit = button(tr("&Edit…"), QStringLiteral("editRoute"));
    m_remove = button(tr("&Remove"), QStringLiteral("removeRoute"));
    buttons->addSpacing(12);
    m_apply = button(tr("A&pply"), QStringLiteral("applyRoutes"));
    m_apply->setToolTip(tr("Put these routes in force now. Open connections keep going; new "
                           "requests use the new routes."));
    buttons->addStretch();
    m_import = button(tr("&Import…"), QStringLiteral("importRoutes"));
    m_export = button(tr("E&xport…"), QStringLiteral("exportRoutes"));
    layout->addLayout(buttons);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("routesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    layout->addWidget(m_view);
    // A handful of rows: columns follow their contents and headers, which run long in German.
    const auto fit = [this] { m_view->resizeColumnsToContents(); };
    connect(m_model, &QAbstractItemModel::modelReset, this, fit);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, fit);
    connect(m_model, &QAbstractItemModel::dataChanged, this, fit);
    fit();

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("routesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    connect(m_add, &QPushButton::clicked, this, &RoutesPage::addRoute);
    connect(m_edit, &QPushButton::clicked, this, [this] { editRoute(currentRow()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeRoute(currentRow()); });
    connect(m_apply, &QPushButton::clicked, this, &RoutesPage::apply);
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { editRoute(index.row()); });
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import routes"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export routes"), QStringLiteral("routes"));
        if (!path.isEmpty())
            exportFile(path);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RoutesPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutesPage::updateButtons);
    updateButtons();
}

void RoutesPage::setRoutesInForce(const QList<Route> &routes)
{
    m_model->setRoutes(routes);
    setDirty(false);
}

void RoutesPage::markApplied()
{
    setDirty(false);
    showMessage(tr("%n route(s) in force. Open connections kept their routes.", nullptr,
                   int(m_sent.size())),
                false);
}

int RoutesPage::currentRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void RoutesPage::addRoute()
{
    openDialog(-1);
}

void RoutesPage::editRoute(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        openDialog(row);
}

void RoutesPage::openDialog(int row)
{
    if (m_dialog)
        return;
    Route route;
    if (row >= 0) {
        route = m_model->routeAt(row);
    } else {
        route.domain = "*";
    }
    m_dialog = new RouteDialog(route, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::finished, this, [this, row](int result) {
        if (result == QDialog::Accepted) {
            if (row >= 0) {
                m_model->replaceRoute(row, m_dialog->route());
            } else {
                m_model->insertRoute(m_model->rowCount(), m_dialog->route());
                m_view->selectRow(m_model->rowCount() - 1);
            }
            setDirty(true);
        }
        m_dialog = nullptr;
    });
    m_dialog->open();
}

void RoutesPage::removeRoute(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_model->removeRoute(row);
    setDirty(true);
}

void RoutesPage::apply()
{
    m_sent = m_model->routes();
    showMessage(tr("Applying %n route(s)…", nullptr, int(m_sent.size())), false);
    Q_EMIT applyRequested(m_sent);
}

bool RoutesPage::importFile(const QString &path)
{
    const RoutesParseResult result = RoutesFile::load(path);
    if (!result.ok()) {
        // Each error already reads "FILE:LINE: what is wrong".
        showMessage(tr("Not imported; the routes are unchanged:\n%1")
                        .arg(result.errors.join(QLatin1Char('\n'))),
                    true);
        return false;
    }
    m_model->setRoutes(result.routes);
    setDirty(true);
    QString text = tr("Imported %n route(s) from %1. Press Apply to put them in force.", nullptr,
                      int(result.routes.size()))
                       .arg(path);
    if (!result.warnings.isEmpty())
        text += QLatin1Char('\n') + result.warnings.join(QLatin1Char('\n'));
    showMessage(text, false);
    return true;
}

bool RoutesPage::exportFile(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(RoutesFile::serialize(m_model->routes())) < 0 || !file.commit()) {
        showMessage(tr("Could not write %1: %2").arg(path, file.errorString()), true);
        return false;
    }
    showMessage(tr("Exported %n route(s) to %1.", nullptr, m_model->rowCount()).arg(path), false);
    return true;
}

QString RoutesPage::messageText() const
{
    return m_message->text();
}

void RoutesPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
    if (!text.isEmpty())
        Q_EMIT message(text);
}

void RoutesPage::setDirty(bool dirty)
{
    m_dirty = dirty;
    m_apply->setText(dirty ? tr("A&pply (changed)") : tr("A&pply"));
    updateButtons();
}

void RoutesPage::updateButtons()
{
    const bool selected = currentRow() >= 0;
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
}
