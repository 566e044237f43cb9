#include "imagespage.h"

#include "bake/bakeservice.h"
#include "bake/imagebuilds.h"
#include "bake/ociclient.h"
#include "common/listpage.h"
#include "common/registrysuggestions.h"
#include "common/uistate.h"
#include "imagebuilder/specdialog.h"
#include "imagelistmodel.h"
#include "imageproxymodel.h"
#include "images/builddetailsdialog.h"
#include "images/imagedialog.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {
constexpr int kFilterDelayMs = 150;
} // namespace

ImagesPage::ImagesPage(const Catalogue &catalogue, BakeService *bake, OciClient *oci,
                       CredentialResolver credentials, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_bake(bake)
    , m_oci(oci)
    , m_credentials(std::move(credentials))
{
    m_model = new ImageListModel(m_catalogue, this);
    m_proxy = new ImageProxyModel(this);
    m_proxy->setSourceModel(m_model);

    ListPageOptions options;
    options.listName = u"imageList"_s;
    options.filterPlaceholder = tr("Filter by name or URL (Ctrl+F)");
    options.filterBesideToolbar = false;
    options.findContext = Qt::WidgetWithChildrenShortcut;
    options.filterDelayMs = kFilterDelayMs;
    options.applyFilter = [this](const QString &text) { m_proxy->setFilterText(text); };
    options.sortColumn = ImageListModel::DisplayNameColumn;
    options.stretchColumn = ImageListModel::UrlColumn;
    options.columnWidths = {{ImageListModel::DisplayNameColumn, 220},
                            {ImageListModel::NameColumn, 180},
                            {ImageListModel::TypeColumn, 90},
                            {ImageListModel::AccessColumn, 110},
                            {ImageListModel::StatusColumn, 120}};
    options.headerState = &UiState::imageListHeader;
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        return m_model->rowCount() > 0
                   ? tr("No image matches the filters.")
                   : tr("<h3>No images yet</h3><p>An image is what users may run: an image that already "
                        "exists at a URL, or a custom image that Kiln builds from packages.</p>"
                        "<p>Press <b>Add Image</b> (Ctrl+N) to add the first one.</p>");
    };
    options.countText = [this] {
        // An empty catalogue shows the empty state, not "0 of 0".
        const int total = m_model->rowCount();
        if (total == 0)
            return QString();
        return total == 1 ? tr("1 image") : tr("%1 of %2 images shown").arg(m_proxy->rowCount()).arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    QToolBar *toolbar = m_listPage->toolBar();
    m_addAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&Add Image\u2026"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setShortcutContext(Qt::WindowShortcut);
    m_addAction->setToolTip(tr("Add an existing image or build a custom one (Ctrl+N)"));
    m_editAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit\u2026"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    toolbar->addSeparator();
    m_detailsAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("Build &Details"));
    m_detailsAction->setToolTip(tr("The spec, the builds and the live log of a custom image"));
    m_cancelAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("&Cancel Build"));
    m_rebuildAction = toolbar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Rebuild"));
    toolbar->addSeparator();
    m_freezeAction = toolbar->addAction(tr("&Freeze"));
    m_freezeAction->setCheckable(true);
    m_freezeAction->setToolTip(tr("A frozen image refuses every edit until it is unfrozen"));
    for (QAction *action : {m_editAction, m_deleteAction})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_addAction);
    addAction(m_editAction);
    addAction(m_deleteAction);
    m_listPage->setContextMenuActions({m_editAction, m_detailsAction, m_cancelAction, m_rebuildAction,
                                       m_freezeAction, nullptr, m_deleteAction},
                                      {m_addAction});

    m_typeFilter = new QComboBox;
    m_typeFilter->setObjectName(u"typeFilter"_s);
    m_typeFilter->addItem(tr("All types"), -1);
    m_typeFilter->addItem(tr("CPU"), int(ImageType::Cpu));
    m_typeFilter->addItem(tr("GPU"), int(ImageType::Gpu));
    m_typeFilter->addItem(tr("Universal"), int(ImageType::Universal));
    m_accessFilter = new QComboBox;
    m_accessFilter->setObjectName(u"accessFilter"_s);
    m_hideDeactivated = new QCheckBox(tr("&Hide deactivated"));
    m_hideDeactivated->setObjectName(u"hideDeactivated"_s);
    m_listPage->filterRow()->addWidget(m_typeFilter);
    m_listPage->filterRow()->addWidget(m_accessFilter);
    m_listPage->filterRow()->addWidget(m_hideDeactivated);
    QPushButton *emptyAdd = m_listPage->addEmptyButton(tr("Add Image\u2026"));
    emptyAdd->setObjectName(u"emptyAddButton"_s);
    connect(emptyAdd, &QPushButton::clicked, this, &ImagesPage::addImage);

    connect(m_addAction, &QAction::triggered, this, &ImagesPage::addImage);
    connect(m_editAction, &QAction::triggered, this, [this] { editImage(currentImageId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteImage(currentImageId()); });
    connect(m_detailsAction, &QAction::triggered, this, [this] { showBuildDetails(currentImageId()); });
    connect(m_cancelAction, &QAction::triggered, this, [this] { cancelBuild(currentImageId()); });
    connect(m_rebuildAction, &QAction::triggered, this, [this] { rebuild(currentImageId()); });
    connect(m_freezeAction, &QAction::triggered, this, [this](bool on) { setFrozen(currentImageId(), on); });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(ImageListModel::ImageIdRole).toString();
        // "Image building in progress" opens the build details.
        if (index.data(ImageListModel::BuildingRole).toBool())
            showBuildDetails(id);
        else
            editImage(id);
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ImagesPage::updateActions);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &ImagesPage::updateActions);
    connect(m_model, &ImageListModel::loaded, m_listPage, &ListPage::refresh);
    connect(m_model, &ImageListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    connect(m_typeFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int type = m_typeFilter->currentData().toInt();
        m_proxy->setTypeFilter(type < 0 ? std::nullopt : std::optional<ImageType>(ImageType(type)));
        m_listPage->refresh();
    });
    connect(m_accessFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QString data = m_accessFilter->currentData().toString();
        if (data == u"all")
            m_proxy->setAccessFilter(ImageProxyModel::Access::All);
        else if (data == u"global")
            m_proxy->setAccessFilter(ImageProxyModel::Access::GlobalOnly);
        else
            m_proxy->setAccessFilter(ImageProxyModel::Access::UsableByGroup, data);
        m_listPage->refresh();
    });
    connect(m_hideDeactivated, &QCheckBox::toggled, this, [this](bool hide) {
        m_proxy->setHideDeactivated(hide);
        m_listPage->refresh();
    });

    if (m_bake) {
        connect(m_bake, &BakeService::jobChanged, this, [this](const BuildJob &job) {
            m_model->applyJob(job);
            updateActions();
        });
    }
    updateAccessFilter();
    m_listPage->refresh();
    updateActions();
}

ImagesPage::~ImagesPage() = default;

QString ImagesPage::currentImageId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(ImageListModel::ImageIdRole).toString() : QString();
}

bool ImagesPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

void ImagesPage::updateActions()
{
    const QModelIndex current = m_list->currentIndex();
    const bool any = current.isValid();
    const bool custom = any && !current.data(ImageListModel::SpecIdRole).toString().isEmpty();
    const bool building = any && current.data(ImageListModel::BuildingRole).toBool();
    const bool frozen = any && current.data(ImageListModel::FrozenRole).toBool();
    m_editAction->setEnabled(any);
    m_deleteAction->setEnabled(any);
    m_detailsAction->setEnabled(custom);
    m_detailsAction->setText(building ? tr("Image Building in &Progress") : tr("View Build &Details"));
    m_cancelAction->setEnabled(building);
    m_rebuildAction->setEnabled(custom && !building && !frozen);
    m_freezeAction->setEnabled(any);
    m_freezeAction->setChecked(frozen);
    m_freezeAction->setText(frozen ? tr("Un&freeze") : tr("&Freeze"));
}

void ImagesPage::updateAccessFilter()
{
    const QString current = m_accessFilter->currentData().toString();
    const QSignalBlocker blocker(m_accessFilter);
    m_accessFilter->clear();
    m_accessFilter->addItem(tr("Any access"), u"all"_s);
    m_accessFilter->addItem(tr("Global only"), u"global"_s);
    if (const auto groups = GroupRepository(m_catalogue).list(); groups) {
        for (const Group &group : groups.value())
            m_accessFilter->addItem(tr("Usable by %1").arg(group.name), group.id);
    }
    const int index = m_accessFilter->findData(current);
    m_accessFilter->setCurrentIndex(index < 0 ? 0 : index);
}

void ImagesPage::groupsChanged()
{
    m_model->groupsChanged();
    updateAccessFilter();
}

QString ImagesPage::imageLabel(const QString &imageId) const
{
    const QModelIndex index = m_model->indexOfImage(imageId);
    return index.isValid() ? index.data(ImageListModel::DisplayNameRole).toString() : imageId;
}

Result<ManagedImage, QString> ImagesPage::save(const ManagedImage &image, ImageSource source,
                                               const SpecDraft &packages)
{
    const ImageRepository images(m_catalogue);
    if (image.id.isEmpty()) {
        if (source == ImageSource::Existing) {
            const auto created = images.create(image);
            if (!created)
                return created.error().message;
            return created.value();
        }
        const auto created = createCustomImage(m_catalogue, image, packages);
        if (!created)
            return created.error().message();
        queueBuild(created->image.specId);
        return created->image;
    }
    const auto updated = images.update(image);
    if (!updated)
        return updated.error().message;
    if (!image.specId.isEmpty()) {
        // A custom image's packages live in its spec: a changed spec is built again.
        const auto spec = saveSpec(m_catalogue, image.specId, {}, packages);
        if (!spec)
            return spec.error().message();
        if (spec->kind == SpecSaveKind::Changed)
            queueBuild(image.specId);
    }
    return updated.value();
}

void ImagesPage::queueBuild(const QString &specId)
{
    if (!m_bake)
        return;
    m_bake->enqueue(specId).then(this, [this](const Result<EnqueueOutcome, BakeError> &outcome) {
        if (!outcome) {
            Q_EMIT statusMessage(outcome.error().message);
            return;
        }
        m_model->applyJob(outcome->job);
        updateActions();
        Q_EMIT statusMessage(tr("Building %1").arg(outcome->job.targetImage), 8000);
    });
}

ImageDialog *ImagesPage::addImage()
{
    ImageDialogServices services;
    services.save = [this](const ManagedImage &image, ImageSource source, const SpecDraft &packages) {
        return save(image, source, packages);
    };
    services.nameTaken = [this](const QString &name) {
        return ImageRepository(m_catalogue).getByName(name).ok();
    };
    services.catalogue = &m_catalogue;
    if (const auto groups = GroupRepository(m_catalogue).list(); groups)
        services.groups = groups.value();
    if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
        services.secrets = secrets.value();
    if (const auto images = ImageRepository(m_catalogue).list(); images) {
        services.images = images.value();
        for (const ManagedImage &image : services.images) {
            if (!image.url.isEmpty())
                services.baseImageSuggestions.append(image.url);
        }
    }
    ImageDialog *dialog = ImageDialog::create(this, std::move(services));
    connect(dialog, &ImageDialog::saved, this, [this](const ManagedImage &image) {
        m_model->imageSaved(image.id);
        const QModelIndex source = m_model->indexOfImage(image.id);
        if (source.isValid())
            m_list->setCurrentIndex(m_proxy->mapFromSource(source));
        Q_EMIT imagesChanged();
        Q_EMIT statusMessage(tr("Added %1").arg(image.displayName), 5000);
    });
    // Base images also complete from the tags of the configured registries.
    fetchRegistrySuggestions(m_catalogue, m_oci, m_credentials, dialog,
                             [dialog](const QStringList &found) { dialog->addBaseImageSuggestions(found); });
    return dialog;
}

ImageDialog *ImagesPage::editImage(const QString &imageId)
{
    if (imageId.isEmpty())
        return nullptr;
    const auto image = ImageRepository(m_catalogue).get(imageId);
    if (!image) {
        Q_EMIT statusMessage(image.error().message);
        return nullptr;
    }
    ImageDialogServices services;
    services.save = [this](const ManagedImage &edited, ImageSource source, const SpecDraft &packages) {
        return save(edited, source, packages);
    };
    services.unfreeze = [this](const QString &id) -> Result<ManagedImage, QString> {
        const auto unfrozen = ImageRepository(m_catalogue).setFrozen(id, false);
        if (!unfrozen)
            return unfrozen.error().message;
        m_model->imageSaved(id);
        return unfrozen.value();
    };
    services.catalogue = &m_catalogue;
    if (const auto groups = GroupRepository(m_catalogue).list(); groups)
        services.groups = groups.value();
    if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
        services.secrets = secrets.value();
    if (const auto images = ImageRepository(m_catalogue).list(); images)
        services.images = images.value();
    if (!image->specId.isEmpty()) {
        const SpecRepository specs(m_catalogue);
        if (const auto spec = specs.get(image->specId); spec) {
            if (const auto revision = specs.revision(spec->currentRevisionId); revision)
                services.spec = revision->content;
        }
    }
    ImageDialog *dialog = ImageDialog::edit(this, std::move(services), image.value());
    connect(dialog, &ImageDialog::saved, this, [this](const ManagedImage &saved) {
        m_model->imageSaved(saved.id);
        Q_EMIT imagesChanged();
        Q_EMIT statusMessage(tr("Saved %1").arg(saved.displayName), 5000);
    });
    return dialog;
}

void ImagesPage::deleteImage(const QString &imageId)
{
    const auto image = ImageRepository(m_catalogue).get(imageId);
    if (!image)
        return;
    if (image->frozen) {
        Q_EMIT statusMessage(tr("%1 is frozen: unfreeze it before deleting it.").arg(image->displayName));
        return;
    }
    QStringList groups;
    if (const auto all = GroupRepository(m_catalogue).list(); all) {
        for (const Group &group : all.value()) {
            if (image->global || image->groupIds.contains(group.id))
                groups.append(group.name);
        }
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Image"),
                                tr("Delete the image \u201c%1\u201d?").arg(image->displayName),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteImageBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details = groups.isEmpty() ? tr("No group can use it now.")
                                       : tr("These groups lose access: %1.").arg(groups.join(u", "_s));
    if (!image->specId.isEmpty())
        details += u' ' + tr("Its spec and builds stay in the Image Builder.");
    if (image->system)
        details += u"\n\n"_s + tr("This is a system image: confirm below that you mean to delete it.");
    box->setInformativeText(details);
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    if (image->system) {
        auto *check = new QCheckBox(tr("Delete the system image"));
        check->setObjectName(u"confirmSystem"_s);
        box->setCheckBox(check);
        confirm->setEnabled(false);
        connect(check, &QCheckBox::toggled, confirm, &QPushButton::setEnabled);
    }
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, imageId] {
        const auto removed = ImageRepository(m_catalogue).remove(imageId);
        if (!removed) {
            Q_EMIT statusMessage(removed.error().message);
            return;
        }
        m_model->imageRemoved(imageId);
        Q_EMIT imagesChanged();
        Q_EMIT statusMessage(tr("Deleted the image."), 5000);
    });
    box->open();
}

void ImagesPage::setFrozen(const QString &imageId, bool frozen)
{
    if (imageId.isEmpty())
        return;
    const auto changed = ImageRepository(m_catalogue).setFrozen(imageId, frozen);
    if (!changed) {
        Q_EMIT statusMessage(changed.error().message);
    } else {
        m_model->imageSaved(imageId);
        Q_EMIT statusMessage(
            frozen ? tr("Froze %1: edits are refused until it is unfrozen.").arg(changed->displayName)
                   : tr("Unfroze %1.").arg(changed->displayName),
            5000);
    }
    updateActions();
}

void ImagesPage::showBuildDetails(const QString &imageId)
{
    const auto image = ImageRepository(m_catalogue).get(imageId);
    if (!image || image->specId.isEmpty())
        return;
    BuildDetailsDialog *dialog =
        BuildDetailsDialog::open(this, m_catalogue, m_bake, image->specId, image->displayName);
    if (!dialog)
        return;
    connect(dialog, &BuildDetailsDialog::editRequested, this, [this, dialog](const QString &specId) {
        const SpecRepository specs(m_catalogue);
        const auto spec = specs.get(specId);
        if (!spec)
            return;
        const auto revision = specs.revision(spec->currentRevisionId);
        if (!revision)
            return;
        SpecDialogServices services;
        services.save = [this](const QString &id, const QString &name, const SpecDraft &draft) {
            return saveSpec(m_catalogue, id, name, draft);
        };
        if (const auto secrets = SecretRepository(m_catalogue).list(); secrets)
            services.secrets = secrets.value();
        if (const auto target = RegistryRepository(m_catalogue).pushTarget(); target && target->has_value())
            services.pushPrefix = target->value().imagePrefix;
        SpecDialog *edit =
            SpecDialog::edit(dialog, std::move(services), SpecWithRevision{spec.value(), revision.value()});
        connect(edit, &SpecDialog::saved, this, [this, dialog](const SpecSaved &saved) {
            dialog->showSpec(saved.stored.spec.id, dialog->windowTitle());
            if (saved.kind == SpecSaveKind::Changed)
                queueBuild(saved.stored.spec.id);
        });
    });
}

void ImagesPage::cancelBuild(const QString &imageId)
{
    const QModelIndex index = m_model->indexOfImage(imageId);
    if (!index.isValid() || !m_bake)
        return;
    const QString jobId = index.data(ImageListModel::LatestJobIdRole).toString();
    if (jobId.isEmpty() || !index.data(ImageListModel::BuildingRole).toBool())
        return;
    m_bake->cancel(jobId);
    Q_EMIT statusMessage(tr("Cancelling the build of %1\u2026").arg(imageLabel(imageId)));
}

void ImagesPage::rebuild(const QString &imageId)
{
    const auto image = ImageRepository(m_catalogue).get(imageId);
    if (!image || image->specId.isEmpty() || !m_bake)
        return;
    if (image->frozen) {
        Q_EMIT statusMessage(tr("%1 is frozen: unfreeze it to rebuild it.").arg(image->displayName));
        return;
    }
    m_bake->enqueue(image->specId, true).then(this, [this](const Result<EnqueueOutcome, BakeError> &outcome) {
        if (!outcome) {
            Q_EMIT statusMessage(outcome.error().message);
            return;
        }
        m_model->applyJob(outcome->job);
        updateActions();
        Q_EMIT statusMessage(tr("Rebuilding %1").arg(outcome->job.targetImage), 8000);
    });
}

} // namespace Kiln
