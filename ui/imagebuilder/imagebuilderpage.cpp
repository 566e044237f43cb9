#include "imagebuilderpage.h"

#include "bake/bakeservice.h"
#include "bake/ociclient.h"
#include "bake/specedit.h"
#include "common/listpage.h"
#include "common/registrysuggestions.h"
#include "common/uistate.h"
#include "imagebuilder/pushregistrydialog.h"
#include "imagebuilder/specdialog.h"
#include "imagebuilder/specview.h"
#include "joblistmodel.h"
#include "remote/remotebuilds.h"
#include "speclistmodel.h"
#include "specproxymodel.h"
#include "store/catalogue.h"
#include "store/imagerepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

constexpr int kFilterDelayMs = 150;
constexpr int kAnimationMs = 60;
constexpr int kDeleteWaitMs = 20000;

// The status cell: icon and text, and while a build runs, a thin moving bar
// under them (an indeterminate progress indicator that costs nothing when idle).
class StatusDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        if (!index.data(SpecListModel::RunningRole).toBool())
            return;
        const QRect track(option.rect.left() + 4, option.rect.bottom() - 3, option.rect.width() - 8, 3);
        if (track.width() < 16)
            return;
        const int span = std::max(12, track.width() / 4);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const int offset = int((now / 8) % (track.width() + span)) - span;
        painter->save();
        QColor base = option.palette.color(QPalette::Highlight);
        QColor faint = base;
        faint.setAlpha(50);
        painter->fillRect(track, faint);
        painter->fillRect(QRect(track.left() + std::max(0, offset), track.top(),
                                std::min(span + std::min(0, offset), track.right() - track.left() - offset),
                                track.height())
                              .intersected(track),
                          base);
        painter->restore();
    }
};

} // namespace

ImageBuilderPage::ImageBuilderPage(const Catalogue &catalogue, BakeService *bake, OciClient *oci,
                                   CredentialResolver credentials, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_bake(bake)
    , m_oci(oci)
    , m_credentials(std::move(credentials))
{
    m_model = new SpecListModel(m_catalogue, this);
    m_proxy = new SpecProxyModel(this);
    m_proxy->setSourceModel(m_model);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget;
    outer->addWidget(m_stack);

    // The list.
    ListPageOptions options;
    options.listName = u"specList"_s;
    options.filterPlaceholder = tr("Filter by name (Ctrl+F)");
    options.filterDelayMs = kFilterDelayMs;
    options.applyFilter = [this](const QString &text) { m_proxy->setFilterText(text); };
    options.sortColumn = SpecListModel::NameColumn;
    // The image URL takes the room that is left; the others keep their widths.
    options.stretchColumn = SpecListModel::ImageColumn;
    options.columnWidths = {{SpecListModel::NameColumn, 220},
                            {SpecListModel::StatusColumn, 190},
                            {SpecListModel::UpdatedColumn, 160}};
    options.headerState = &UiState::specListHeader;
    options.isReady = [this] { return m_model->isComplete(); };
    options.emptyText = [this] { return emptyText(); };
    options.countText = [this] {
        const qint64 total = m_model->totalCount();
        if (total < 0)
            return tr("Counting\u2026");
        if (!m_listPage->filterText().isEmpty())
            return total == 1 ? tr("1 spec matches") : tr("%1 specs match").arg(total);
        return total == 1 ? tr("1 spec") : tr("%1 specs").arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    m_list->setItemDelegateForColumn(SpecListModel::StatusColumn, new StatusDelegate(m_list));
    QToolBar *toolbar = m_listPage->toolBar();
    m_newAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Spec\u2026"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setToolTip(tr("Create an image spec (Ctrl+N)"));
    m_viewAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("&View"));
    m_viewAction->setToolTip(tr("Show the spec's info and jobs (Enter)"));
    m_editAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit\u2026"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_editAction->setToolTip(tr("Edit the spec (F2): a changed spec is built again"));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setToolTip(tr("Delete the spec with its jobs and logs (Del)"));
    toolbar->addSeparator();
    m_pushAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("&Push Registry\u2026"));
    m_pushAction->setToolTip(tr("Where built images are pushed"));
    toolbar->addSeparator();
    auto *runOnLabel = new QLabel(tr("&Run on:"));
    m_runOn = new QComboBox;
    m_runOn->setObjectName(u"runOnCombo"_s);
    m_runOn->setToolTip(tr("Where a new or changed spec is built: this computer or a kiln-worker"));
    m_runOn->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_runOn->addItem(tr("This computer"));
    m_runOn->setEnabled(false);
    runOnLabel->setBuddy(m_runOn);
    runOnLabel->setContentsMargins(4, 0, 4, 0);
    toolbar->addWidget(runOnLabel);
    toolbar->addWidget(m_runOn);
    // Ctrl+N works wherever the focus is while the page shows (a hidden page's
    // actions never fire); F2 and Del act on the list, so they need its focus.
    m_newAction->setShortcutContext(Qt::WindowShortcut);
    for (QAction *action : {m_editAction, m_deleteAction})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_newAction); // also while a spec is shown
    m_listPage->addAction(m_editAction);
    m_listPage->addAction(m_deleteAction);
    m_listPage->setContextMenuActions({m_viewAction, m_editAction, nullptr, m_deleteAction}, {m_newAction});

    QPushButton *emptyNew = m_listPage->addEmptyButton(tr("New Spec\u2026"));
    connect(emptyNew, &QPushButton::clicked, this, &ImageBuilderPage::newSpec);
    m_emptyPushButton = m_listPage->addEmptyButton(tr("Set Push Registry\u2026"));
    connect(m_emptyPushButton, &QPushButton::clicked, this, &ImageBuilderPage::setPushRegistry);
    m_pushLabel = new QLabel;
    m_pushLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listPage->footer()->addWidget(m_pushLabel);
    m_stack->addWidget(m_listPage);

    // One spec.
    m_view = new SpecView(m_catalogue, m_bake);
    m_stack->addWidget(m_view);
    connect(m_view, &SpecView::backRequested, this, &ImageBuilderPage::showList);
    connect(m_view, &SpecView::editRequested, this, &ImageBuilderPage::editSpec);
    connect(m_view, &SpecView::deleteRequested, this, &ImageBuilderPage::deleteSpec);
    connect(m_view, &SpecView::statusMessage, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    connect(m_newAction, &QAction::triggered, this, &ImageBuilderPage::newSpec);
    connect(m_viewAction, &QAction::triggered, this, [this] { viewSpec(currentSpecId()); });
    connect(m_editAction, &QAction::triggered, this, [this] { editSpec(currentSpecId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteSpec(currentSpecId()); });
    connect(m_pushAction, &QAction::triggered, this, &ImageBuilderPage::setPushRegistry);
    connect(m_runOn, &QComboBox::activated, this, [this](int index) {
        UiState::imageBuilderRunOn.set(index > 0 ? m_runOn->itemText(index) : QString());
    });
    connect(m_list, &QTreeView::activated, this,
            [this](const QModelIndex &index) { viewSpec(index.data(SpecListModel::SpecIdRole).toString()); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ImageBuilderPage::updateActions);

    connect(m_model, &SpecListModel::pageLoaded, m_listPage, &ListPage::refresh);
    connect(m_model, &SpecListModel::totalCountChanged, m_listPage, &ListPage::refresh);
    connect(m_model, &SpecListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    m_animation.setInterval(kAnimationMs);
    connect(&m_animation, &QTimer::timeout, m_list->viewport(), [this] { m_list->viewport()->update(); });

    if (m_bake) {
        connect(m_bake, &BakeService::jobChanged, this, &ImageBuilderPage::applyJob);
        connect(m_bake, &BakeService::jobOutput, this, &ImageBuilderPage::applyOutput);
        connect(m_bake, &BakeService::jobPhase, this, &ImageBuilderPage::applyPhase);
    }

    refreshPushRegistry();
    updateActions();
}

ImageBuilderPage::~ImageBuilderPage() = default;

bool ImageBuilderPage::isShowingList() const
{
    return m_stack->currentIndex() == 0;
}

bool ImageBuilderPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

QLineEdit *ImageBuilderPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

QString ImageBuilderPage::currentSpecId() const
{
    if (!isShowingList())
        return m_view->specId();
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(SpecListModel::SpecIdRole).toString() : QString();
}

void ImageBuilderPage::updateActions()
{
    const bool any = !currentSpecId().isEmpty();
    m_viewAction->setEnabled(any);
    m_editAction->setEnabled(any);
    m_deleteAction->setEnabled(any);
}

void ImageBuilderPage::refreshPushRegistry()
{
    m_pushPrefix.clear();
    if (const auto target = RegistryRepository(m_catalogue).pushTarget(); target && target->has_value())
        m_pushPrefix = target->value().imagePrefix;
    m_pushLabel->setText(m_pushPrefix.isEmpty() ? tr("No push registry: builds need one")
                                                : tr("Pushing to %1").arg(m_pushPrefix));
    m_emptyPushButton->setVisible(m_pushPrefix.isEmpty());
    m_listPage->refresh();
}

QString ImageBuilderPage::emptyText() const
{
    if (const QString filter = m_listPage->filterText(); !filter.isEmpty())
        return tr("No spec matches \u201c%1\u201d.").arg(filter);
    QString text =
        tr("<h3>No image specs yet</h3><p>A spec is a base image plus APT, Conda and Pip packages. "
           "Kiln turns it into a Containerfile, builds it, and pushes the image.</p>"
           "<p>Press <b>New Spec</b> (Ctrl+N) to add the first one.</p>");
    if (m_pushPrefix.isEmpty())
        text += tr("<p>Builds are pushed to a registry: set the <b>push registry</b> first.</p>");
    else
        text += tr("<p>Builds are pushed to <b>%1</b>.</p>").arg(m_pushPrefix.toHtmlEscaped());
    return text;
}

QStringList ImageBuilderPage::baseSuggestions() const
{
    QStringList suggestions;
    if (const auto images = ImageRepository(m_catalogue).list(); images) {
        for (const ManagedImage &image : images.value()) {
            if (!image.url.isEmpty())
                suggestions.append(image.url);
        }
    }
    // Earlier bases and builds of this catalogue are the likeliest next bases.
    for (int row = 0; row < m_model->rowCount() && row < 500; ++row) {
        const QString image =
            m_model->index(row, SpecListModel::ImageColumn).data(SpecListModel::ImageRole).toString();
        if (!image.isEmpty())
            suggestions.append(image);
    }
    suggestions.removeDuplicates();
    suggestions.sort();
    return suggestions;
}

SpecDialog *ImageBuilderPage::newSpec()
{
    SpecDialogServices services;
    services.save = [this](const QString &specId, const QString &name, const SpecDraft &draft) {
        return saveSpec(m_catalogue, specId, name, draft);
    };
    services.nameTaken = [this](const QString &name) {
        return SpecRepository(m_catalogue).getByName(name).ok();
    };
    services.baseImageSuggestions = baseSuggestions();
    if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
        services.secrets = secrets.value();
    if (!m_pushPrefix.isEmpty())
        services.pushPrefix = m_pushPrefix;
    SpecDialog *dialog = SpecDialog::create(this, std::move(services));
    fetchRegistrySuggestions(m_catalogue, m_oci, m_credentials, dialog,
                             [dialog](const QStringList &found) { dialog->addBaseImageSuggestions(found); });
    connect(dialog, &SpecDialog::saved, this, [this](const SpecSaved &saved) {
        onSaved(saved.stored.spec.id, saved.kind != SpecSaveKind::Unchanged);
    });
    return dialog;
}

SpecDialog *ImageBuilderPage::editSpec(const QString &specId)
{
    if (specId.isEmpty())
        return nullptr;
    const SpecRepository specs(m_catalogue);
    const auto spec = specs.get(specId);
    if (!spec) {
        Q_EMIT statusMessage(spec.error().message);
        return nullptr;
    }
    const auto revision = specs.revision(spec->currentRevisionId);
    if (!revision) {
        Q_EMIT statusMessage(revision.error().message);
        return nullptr;
    }
    SpecDialogServices services;
    services.save = [this](const QString &id, const QString &name, const SpecDraft &draft) {
        return saveSpec(m_catalogue, id, name, draft);
    };
    services.baseImageSuggestions = baseSuggestions();
    if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
        services.secrets = secrets.value();
    if (!m_pushPrefix.isEmpty())
        services.pushPrefix = m_pushPrefix;
    SpecDialog *dialog =
        SpecDialog::edit(this, std::move(services), SpecWithRevision{spec.value(), revision.value()});
    fetchRegistrySuggestions(m_catalogue, m_oci, m_credentials, dialog,
                             [dialog](const QStringList &found) { dialog->addBaseImageSuggestions(found); });
    connect(dialog, &SpecDialog::saved, this, [this](const SpecSaved &saved) {
        onSaved(saved.stored.spec.id, saved.kind != SpecSaveKind::Unchanged);
    });
    return dialog;
}

void ImageBuilderPage::onSaved(const QString &specId, bool changed)
{
    m_model->specSaved(specId);
    if (!isShowingList() && m_view->specId() == specId)
        m_view->showSpec(specId);
    if (!changed) {
        Q_EMIT statusMessage(tr("No changes: nothing to build."), 5000);
        return;
    }
    if (const QString workerId = m_runOn->currentData().toString(); m_remote && !workerId.isEmpty()) {
        const QString worker = m_runOn->currentText();
        m_remote->runSpec(specId, workerId).then(this, [this, worker](const Result<BuildJob, QString> &job) {
            Q_EMIT statusMessage(job ? tr("Sent a build to %1").arg(worker)
                                     : tr("Could not run the build on %1: %2").arg(worker, job.error()),
                                 8000);
        });
        viewSpec(specId);
        m_view->tabs()->setCurrentIndex(SpecView::JobsTab);
        return;
    }
    if (m_pushPrefix.isEmpty() || !m_bake) {
        Q_EMIT statusMessage(tr("Saved. Set a push registry to build it."));
        viewSpec(specId);
        return;
    }
    m_bake->enqueue(specId).then(this, [this, specId](const Result<EnqueueOutcome, BakeError> &outcome) {
        if (!outcome) {
            Q_EMIT statusMessage(outcome.error().message);
            return;
        }
        Q_EMIT statusMessage(outcome->queued ? tr("Queued a build of %1").arg(outcome->job.targetImage)
                                             : tr("%1 is already built").arg(outcome->job.targetImage),
                             8000);
    });
    viewSpec(specId);
    m_view->tabs()->setCurrentIndex(SpecView::JobsTab);
}

void ImageBuilderPage::viewSpec(const QString &specId)
{
    if (specId.isEmpty())
        return;
    if (!m_view->showSpec(specId)) {
        Q_EMIT statusMessage(tr("That spec no longer exists."));
        m_model->specRemoved(specId);
        return;
    }
    m_stack->setCurrentIndex(1);
    updateActions();
}

void ImageBuilderPage::showList()
{
    m_stack->setCurrentIndex(0);
    const QModelIndex source = m_model->indexOfSpec(m_view->specId());
    if (source.isValid())
        m_list->setCurrentIndex(m_proxy->mapFromSource(source));
    m_list->setFocus();
    updateActions();
}

void ImageBuilderPage::setPushRegistry()
{
    auto *dialog = PushRegistryDialog::edit(this, m_catalogue);
    connect(dialog, &PushRegistryDialog::saved, this, [this](const Registry &registry) {
        refreshPushRegistry();
        Q_EMIT statusMessage(tr("Builds are pushed to %1").arg(registry.imagePrefix), 8000);
    });
}

void ImageBuilderPage::deleteSpec(const QString &specId)
{
    if (specId.isEmpty())
        return;
    const auto spec = SpecRepository(m_catalogue).get(specId);
    if (!spec) {
        Q_EMIT statusMessage(spec.error().message);
        return;
    }
    const auto footprint = specFootprint(m_catalogue, specId);
    if (!footprint) {
        Q_EMIT statusMessage(footprint.error().message);
        return;
    }
    confirmDelete(specId, spec->name, footprint->revisions, footprint->jobs, footprint->logs,
                  footprint->activeJobIds);
}

void ImageBuilderPage::confirmDelete(const QString &specId, const QString &name, int revisions, int jobs,
                                     int logs, const QStringList &active)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Spec"),
                                tr("Delete the spec \u201c%1\u201d?").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(u"deleteSpecBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details =
        tr("Revisions: %1 \u00b7 build jobs: %2 \u00b7 logs: %3. They are deleted with the spec, "
           "and this cannot be undone.")
            .arg(revisions)
            .arg(jobs)
            .arg(logs);
    if (!active.isEmpty())
        details += u"\n\n"_s + tr("A build of this spec is queued or running: it must be cancelled first.");
    box->setInformativeText(details);
    QPushButton *confirm = active.isEmpty()
                               ? box->addButton(tr("&Delete"), QMessageBox::DestructiveRole)
                               : box->addButton(tr("Cancel Build and &Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, specId, active] {
        if (active.isEmpty() || !m_bake) {
            finishDelete(specId);
            return;
        }
        m_pendingDeletes.insert(specId, QSet<QString>(active.cbegin(), active.cend()));
        for (const QString &jobId : active)
            m_bake->cancel(jobId);
        Q_EMIT statusMessage(tr("Cancelling the build before deleting the spec\u2026"));
        QTimer::singleShot(kDeleteWaitMs, this, [this, specId] {
            if (m_pendingDeletes.remove(specId))
                Q_EMIT statusMessage(tr("The build did not stop in time; the spec was not deleted."));
        });
    });
    box->open();
}

void ImageBuilderPage::finishDelete(const QString &specId)
{
    const auto deleted = Kiln::deleteSpec(m_catalogue, specId);
    const bool rowsGone = deleted.ok() || deleted.error().code == StoreError::Code::Io;
    if (!deleted)
        Q_EMIT statusMessage(deleted.error().message);
    if (!rowsGone)
        return;
    m_model->specRemoved(specId);
    if (m_view->specId() == specId)
        showList();
    if (deleted)
        Q_EMIT statusMessage(tr("Deleted the spec with its jobs (logs removed: %1).").arg(deleted.value()),
                             8000);
    m_listPage->refresh();
}

void ImageBuilderPage::applyJob(const BuildJob &job)
{
    m_model->applyJob(job);
    if (!isShowingList() || m_view->specId() == job.specId)
        m_view->applyJob(job);
    // The progress indicator runs while anything does.
    if (isFinal(job.status))
        m_activeJobs.remove(job.id);
    else
        m_activeJobs.insert(job.id);
    if (m_activeJobs.isEmpty())
        m_animation.stop();
    else if (!m_animation.isActive())
        m_animation.start();
    if (auto pending = m_pendingDeletes.find(job.specId);
        pending != m_pendingDeletes.end() && isFinal(job.status)) {
        pending->remove(job.id);
        if (pending->isEmpty()) {
            m_pendingDeletes.erase(pending);
            finishDelete(job.specId);
        }
    }
}

void ImageBuilderPage::applyOutput(const QString &jobId, const QStringList &lines)
{
    m_view->applyOutput(jobId, lines);
}

void ImageBuilderPage::applyPhase(const QString &jobId, const QString &phase)
{
    m_model->applyPhase(jobId, phase);
}

void ImageBuilderPage::setRemoteBuilds(RemoteBuilds *remote)
{
    if (m_remote)
        disconnect(m_remote, nullptr, this, nullptr);
    m_remote = remote;
    if (m_remote) {
        connect(m_remote, &RemoteBuilds::jobChanged, this, &ImageBuilderPage::applyJob);
        connect(m_remote, &RemoteBuilds::jobOutput, this, &ImageBuilderPage::applyOutput);
    }
    refreshRunners();
}

void ImageBuilderPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshRunners(); // workers may have been added or disabled meanwhile
}

void ImageBuilderPage::refreshRunners()
{
    if (!m_remote)
        return;
    using R = Result<QList<Worker>, QString>;
    m_remote->workers().then(this, [this](const R &workers) {
        if (!workers) {
            Q_EMIT statusMessage(workers.error());
            return;
        }
        QHash<QString, QString> names;
        QList<Worker> enabled;
        for (const Worker &worker : workers.value()) {
            names.insert(worker.id, worker.name);
            if (worker.enabled)
                enabled.append(worker);
        }
        std::sort(enabled.begin(), enabled.end(),
                  [](const Worker &a, const Worker &b) { return a.name < b.name; });
        m_view->jobsModel()->setWorkerNames(names);
        const QString chosen =
            m_runOn->currentIndex() > 0 ? m_runOn->currentText() : UiState::imageBuilderRunOn.get();
        const QSignalBlocker blocker(m_runOn);
        while (m_runOn->count() > 1)
            m_runOn->removeItem(1);
        for (const Worker &worker : std::as_const(enabled))
            m_runOn->addItem(worker.name, worker.id);
        const int index = chosen.isEmpty() ? 0 : m_runOn->findText(chosen, Qt::MatchExactly);
        m_runOn->setCurrentIndex(qMax(0, index));
        m_runOn->setEnabled(m_runOn->count() > 1);
        Q_EMIT runnersRefreshed();
    });
}

} // namespace Kiln
