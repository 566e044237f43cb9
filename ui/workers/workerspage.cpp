#include "workerspage.h"

#include "catalogueloader.h"
#include "common/listpage.h"
#include "common/uistate.h"
#include "remote/workermonitor.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "workerlistmodel.h"
#include "workerproxymodel.h"
#include "workers/addworkerdialog.h"
#include "workers/workerdetailpane.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

constexpr int kClockMs = 60 * 1000;

// Waits (on a pool thread) for a future of the worker functions, which read the
// catalogue on the calling thread and the vault on its own.
template <typename T>
T waitFor(QFuture<T> future, const T &otherwise)
{
    future.waitForFinished();
    return future.resultCount() > 0 ? future.result() : otherwise;
}

} // namespace

WorkersPage::WorkersPage(const Catalogue &catalogue, WorkersPageServices services, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_services(services)
{
    m_calls = new CatalogueLoader(m_catalogue, this);
    m_model = new WorkerListModel(m_catalogue, this);
    m_proxy = new WorkerProxyModel(this);
    m_proxy->setSourceModel(m_model);

    ListPageOptions options;
    options.listName = u"workerList"_s;
    options.filterPlaceholder = tr("Filter workers (Ctrl+F)");
    options.findContext = Qt::WidgetWithChildrenShortcut;
    options.applyFilter = [this](const QString &text) { m_proxy->setFilterText(text); };
    options.sortColumn = WorkerListModel::NameColumn;
    options.stretchColumn = WorkerListModel::UrlColumn;
    options.columnWidths = {{WorkerListModel::NameColumn, 90},     {WorkerListModel::HealthColumn, 115},
                            {WorkerListModel::VersionColumn, 55},  {WorkerListModel::CapacityColumn, 85},
                            {WorkerListModel::DiskFreeColumn, 70}, {WorkerListModel::LastSeenColumn, 75}};
    options.headerState = &UiState::workerListHeader;
    options.splitterState = &UiState::workersSplitter;
    options.splitterStretch = {2, 1};
    options.splitterSizes = {2000, 1000}; // two thirds for the list until the user moves it
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        return m_model->rowCount() > 0
                   ? tr("No worker matches the filter.")
                   : tr("<h3>No workers yet: add a kiln-worker with its URL and a token</h3><p>A kiln-worker "
                        "holds baked images close to where they run and builds images for the Image "
                        "Builder. Create a token on the worker host with <tt>kiln-worker token create "
                        "--scope admin</tt>, then press <b>Add Worker</b> (Ctrl+N).</p>");
    };
    options.countText = [this] {
        const int total = m_model->rowCount();
        if (total == 0)
            return QString();
        return total == 1 ? tr("1 worker") : tr("%1 of %2 workers shown").arg(m_proxy->rowCount()).arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    QToolBar *toolbar = m_listPage->toolBar();
    m_addAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&Add Worker\u2026"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add a kiln-worker with its URL and a token (Ctrl+N)"));
    m_removeAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Remove\u2026"));
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setToolTip(tr("Remove the worker from Kiln (Del); the worker itself keeps running"));
    toolbar->addSeparator();
    m_checkAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Check Now"));
    m_checkAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_checkAction->setToolTip(tr("Ask the worker about itself now (F5)"));
    m_tokenAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Edit &Token\u2026"));
    m_tokenAction->setToolTip(tr("Replace the worker's token in the keychain"));
    for (QAction *action : {m_addAction, m_removeAction, m_checkAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    m_listPage->setContextMenuActions({m_checkAction, m_tokenAction, nullptr, m_removeAction}, {m_addAction});

    m_details = new WorkerDetailPane(m_services.client, m_services.monitor);
    m_listPage->setDetailPane(m_details, ListPage::EmptyCovers::WholeArea, u"workersSplitter"_s);
    QPushButton *emptyAdd = m_listPage->addEmptyButton(tr("Add Worker\u2026"));
    emptyAdd->setObjectName(u"emptyAddButton"_s);
    connect(emptyAdd, &QPushButton::clicked, this, &WorkersPage::addWorker);

    connect(m_addAction, &QAction::triggered, this, &WorkersPage::addWorker);
    connect(m_removeAction, &QAction::triggered, this, [this] { removeWorker(currentWorkerId()); });
    connect(m_checkAction, &QAction::triggered, this, [this] { checkNow(currentWorkerId()); });
    connect(m_tokenAction, &QAction::triggered, this, [this] { editToken(currentWorkerId()); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &WorkersPage::updateDetails);
    connect(m_listPage, &ListPage::refreshed, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_model, &WorkerListModel::loaded, m_listPage, &ListPage::refresh);
    connect(m_model, &WorkerListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    m_clockTimer.setInterval(kClockMs);
    connect(&m_clockTimer, &QTimer::timeout, m_model, &WorkerListModel::refreshRelativeTimes);
    m_clockTimer.start();

    if (m_services.monitor) {
        connect(m_services.monitor, &WorkerMonitor::workerChecked, m_model, &WorkerListModel::updateWorker);
        connect(m_services.monitor, &WorkerMonitor::failed, this,
                [this](const QString &message) { Q_EMIT statusMessage(message, 8000); });
    }
    m_listPage->refresh();
    updateActions();
    updateDetails();
}

WorkersPage::~WorkersPage() = default;

QLineEdit *WorkersPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

bool WorkersPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

QString WorkersPage::emptyStateText() const
{
    return m_listPage->emptyTextLabel()->text();
}

QString WorkersPage::currentWorkerId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(WorkerListModel::WorkerIdRole).toString() : QString();
}

void WorkersPage::setCurrentWorker(const QString &workerId)
{
    m_listPage->setCurrentSource(m_model->indexOfWorker(workerId));
}

std::optional<Worker> WorkersPage::currentWorker() const
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_model->worker(m_proxy->mapToSource(current).row());
}

void WorkersPage::updateActions()
{
    const bool any = m_list->currentIndex().isValid();
    m_addAction->setEnabled(m_services.vault != nullptr);
    m_removeAction->setEnabled(any && m_services.vault);
    m_checkAction->setEnabled(any && m_services.monitor);
    m_tokenAction->setEnabled(any && m_services.vault);
}

void WorkersPage::updateDetails()
{
    m_details->setWorker(currentWorker());
}

AddWorkerDialog *WorkersPage::addWorker()
{
    AddWorkerDialogServices services;
    services.catalogue = &m_catalogue;
    services.vault = m_services.vault;
    services.monitor = m_services.monitor;
    services.nameTaken = [model = QPointer<WorkerListModel>(m_model)](const QString &name) {
        return model && model->hasName(name);
    };
    auto *dialog = AddWorkerDialog::create(this, std::move(services));
    connect(dialog, &AddWorkerDialog::added, this, [this](const Worker &worker) {
        m_model->updateWorker(worker);
        m_listPage->refresh();
        setCurrentWorker(worker.id);
        Q_EMIT workersChanged();
        Q_EMIT statusMessage(tr("Added the worker %1; checking it\u2026").arg(worker.name), 5000);
        if (m_services.monitor)
            m_services.monitor->checkNow(worker.id);
    });
    return dialog;
}

QMessageBox *WorkersPage::removeWorker(const QString &workerId)
{
    const QModelIndex index = m_model->indexOfWorker(workerId);
    if (!index.isValid() || !m_services.vault)
        return nullptr;
    const QString name = index.data(WorkerListModel::NameRole).toString();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Remove Worker"),
                                tr("Remove the worker \u201c%1\u201d from Kiln?").arg(name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"removeWorkerBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(tr("Kiln forgets the worker, its token (unless another worker uses it), what it "
                               "knows of the worker's cache and its availability group memberships. The "
                               "worker itself keeps running with its images."));
    QPushButton *confirm = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmRemove"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, workerId, name] {
        SecretVault *vault = m_services.vault;
        m_calls->run(
            [vault, workerId](const Catalogue &catalogue) {
                using R = Result<Done, WorkerTokenError>;
                return waitFor(Kiln::removeWorker(catalogue, *vault, workerId),
                               R(u"The worker could not be removed."_s));
            },
            [this, workerId, name](const Result<Done, WorkerTokenError> &removed) {
                if (!removed) {
                    Q_EMIT statusMessage(removed.error());
                    m_model->workerSaved(workerId); // what is left of it
                    return;
                }
                if (m_services.monitor)
                    m_services.monitor->forgetToken(workerId);
                m_model->workerRemoved(workerId);
                m_listPage->refresh();
                Q_EMIT workersChanged();
                Q_EMIT statusMessage(tr("Removed the worker %1.").arg(name), 5000);
            });
    });
    box->open();
    return box;
}

void WorkersPage::checkNow(const QString &workerId)
{
    if (!m_services.monitor)
        return;
    m_services.monitor->checkNow(workerId);
    const QModelIndex index = m_model->indexOfWorker(workerId);
    Q_EMIT statusMessage(index.isValid()
                             ? tr("Checking %1\u2026").arg(index.data(WorkerListModel::NameRole).toString())
                             : tr("Checking the workers\u2026"),
                         3000);
}

QInputDialog *WorkersPage::editToken(const QString &workerId)
{
    const QModelIndex index = m_model->indexOfWorker(workerId);
    if (!index.isValid() || !m_services.vault)
        return nullptr;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"editTokenDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Edit Token"));
    dialog->setLabelText(tr("New token for %1 (from kiln-worker token create on the worker host):")
                             .arg(index.data(WorkerListModel::NameRole).toString()));
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setOkButtonText(tr("&Save Token"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, workerId](const QString &text) {
        if (!text.trimmed().isEmpty())
            setToken(workerId, text.trimmed().toUtf8());
    });
    dialog->open();
    return dialog;
}

void WorkersPage::setToken(const QString &workerId, const QByteArray &token)
{
    if (!m_services.vault)
        return;
    SecretVault *vault = m_services.vault;
    m_calls->run(
        [vault, workerId, token](const Catalogue &catalogue) {
            using R = Result<Worker, WorkerTokenError>;
            return waitFor(setWorkerToken(catalogue, *vault, workerId, token),
                           R(u"The token could not be stored."_s));
        },
        [this](const Result<Worker, WorkerTokenError> &changed) {
            if (!changed) {
                Q_EMIT statusMessage(changed.error());
                return;
            }
            m_model->updateWorker(changed.value());
            Q_EMIT workersChanged();
            Q_EMIT statusMessage(tr("Stored the new token of %1; checking it\u2026").arg(changed->name),
                                 5000);
            if (m_services.monitor) {
                m_services.monitor->forgetToken(changed->id);
                m_services.monitor->checkNow(changed->id);
            }
        });
}

void WorkersPage::reload()
{
    m_model->reload();
}

} // namespace Kiln
