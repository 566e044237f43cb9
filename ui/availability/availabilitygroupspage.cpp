#include "availabilitygroupspage.h"

#include "availability/availabilitygroupdialog.h"
#include "availabilitygrouplistmodel.h"
#include "cacheentrymodel.h"
#include "catalogueloader.h"
#include "common/listpage.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/workerrepository.h"
#include "workerlistmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStyle>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Kiln {

using namespace Qt::StringLiterals;

namespace {

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QTreeWidget *memberList(const QString &objectName, const QStringList &headers)
{
    auto *list = new QTreeWidget;
    list->setObjectName(objectName);
    list->setColumnCount(int(headers.size()));
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->setSortingEnabled(true);
    list->sortByColumn(0, Qt::AscendingOrder);
    list->header()->setStretchLastSection(true);
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    return list;
}

// "1 image" or "3 images".
QString countOf(qsizetype count, const QString &one, const QString &many)
{
    return count == 1 ? one : many.arg(count);
}

} // namespace

AvailabilityGroupsPage::AvailabilityGroupsPage(const Catalogue &catalogue, WarmService *warm, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
    , m_warm(warm)
{
    m_reads = new CatalogueLoader(m_catalogue, this);
    m_writes = new CatalogueLoader(m_catalogue, this);
    m_model = new AvailabilityGroupListModel(m_catalogue, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AvailabilityGroupListModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // name and description

    ListPageOptions options;
    options.listName = u"availabilityGroupList"_s;
    options.filterPlaceholder = tr("Filter availability groups (Ctrl+F)");
    options.sortColumn = AvailabilityGroupListModel::NameColumn;
    options.stretchColumn = AvailabilityGroupListModel::DescriptionColumn;
    options.columnWidths = {{AvailabilityGroupListModel::NameColumn, 150},
                            {AvailabilityGroupListModel::ImagesColumn, 60},
                            {AvailabilityGroupListModel::WorkersColumn, 65}};
    options.splitterStretch = {1, 1};
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        const QString filter = m_listPage->filterText();
        return filter.isEmpty()
                   ? tr("<h3>No availability groups yet</h3><p>An availability group is a set of workers "
                        "that "
                        "hold the same bake images: attach an image and it is warmed on every worker of the "
                        "group; add a worker and it receives every image of the group.</p>")
                   : tr("No availability group matches \u201c%1\u201d.").arg(filter.toHtmlEscaped());
    };
    options.countText = [this] {
        const int total = m_model->rowCount();
        const int shown = m_proxy->rowCount();
        if (!m_listPage->filterText().isEmpty())
            return total == 1 ? tr("%1 of 1 group").arg(shown) : tr("%1 of %2 groups").arg(shown).arg(total);
        return total == 1 ? tr("1 group") : tr("%1 groups").arg(total);
    };
    m_listPage = new ListPage(m_proxy, std::move(options));
    m_list = m_listPage->view();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_listPage);

    QToolBar *toolbar = m_listPage->toolBar();
    m_newAction = toolbar->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Group\u2026"));
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_newAction->setToolTip(tr("Create an availability group (Ctrl+N)"));
    addAction(m_newAction);
    m_editAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit\u2026"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_editAction->setToolTip(tr("Rename the group or change its description (F2)"));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setToolTip(tr("Delete the group; its images stay on the workers (Del)"));
    m_listPage->addListAction(m_editAction);
    m_listPage->addListAction(m_deleteAction);
    m_listPage->setContextMenuActions({m_editAction, m_deleteAction}, {m_newAction});
    QPushButton *emptyNew = m_listPage->addEmptyButton(tr("New Group\u2026"));
    emptyNew->setObjectName(u"emptyNewButton"_s);
    connect(emptyNew, &QPushButton::clicked, this, &AvailabilityGroupsPage::newGroup);

    // The current group: its images and its workers.
    m_detailStack = new QStackedWidget;
    m_detailStack->setObjectName(u"detailPane"_s);
    auto *none = new QLabel(tr("Select an availability group to see its bake images and workers."));
    none->setObjectName(u"detailNone"_s);
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    m_detailStack->addWidget(none);
    auto *detail = new QWidget;
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detailTitle = heading(QString());
    m_detailTitle->setObjectName(u"detailTitle"_s);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_detailTitle);
    m_detailInfo = new QLabel;
    m_detailInfo->setObjectName(u"detailInfo"_s);
    m_detailInfo->setWordWrap(true);
    m_detailInfo->setTextFormat(Qt::PlainText);
    m_detailInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_detailInfo);

    auto section = [detailLayout](const QString &title, QTreeWidget *list, QPushButton *add,
                                  QPushButton *remove) {
        auto *row = new QHBoxLayout;
        row->addWidget(heading(title));
        row->addStretch(1);
        row->addWidget(add);
        row->addWidget(remove);
        detailLayout->addLayout(row);
        detailLayout->addWidget(list, 1);
    };
    m_images = memberList(u"groupImages"_s, {tr("Bake image"), tr("Source")});
    m_addImage = new QPushButton(tr("Add &Image\u2026"));
    m_addImage->setObjectName(u"addImageButton"_s);
    m_addImage->setToolTip(tr("Attach a bake image: it is warmed on every worker of the group"));
    m_removeImage = new QPushButton(tr("Remove"));
    m_removeImage->setObjectName(u"removeImageButton"_s);
    m_removeImage->setToolTip(tr("Detach the selected image (the workers keep what they hold)"));
    section(tr("Images"), m_images, m_addImage, m_removeImage);
    m_workers = memberList(u"groupWorkers"_s, {tr("Worker"), tr("Status"), tr("URL")});
    m_addWorker = new QPushButton(tr("Add &Worker\u2026"));
    m_addWorker->setObjectName(u"addWorkerButton"_s);
    m_addWorker->setToolTip(tr("Add a worker: every image of the group is warmed on it"));
    m_removeWorker = new QPushButton(tr("Remove"));
    m_removeWorker->setObjectName(u"removeWorkerButton"_s);
    m_removeWorker->setToolTip(tr("Remove the selected worker from the group"));
    section(tr("Workers"), m_workers, m_addWorker, m_removeWorker);
    m_warmStatus = new QLabel;
    m_warmStatus->setObjectName(u"warmStatus"_s);
    m_warmStatus->setWordWrap(true);
    m_warmStatus->setTextFormat(Qt::PlainText);
    m_warmStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warmStatus->hide();
    detailLayout->addWidget(m_warmStatus);
    m_detailStack->addWidget(detail);
    m_listPage->setDetailPane(m_detailStack, ListPage::EmptyCovers::ListOnly, u"availabilitySplitter"_s)
        ->setChildrenCollapsible(false);

    connect(m_newAction, &QAction::triggered, this, &AvailabilityGroupsPage::newGroup);
    connect(m_editAction, &QAction::triggered, this, [this] { editGroup(currentGroupId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteGroup(currentGroupId()); });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        editGroup(index.data(AvailabilityGroupListModel::GroupIdRole).toString());
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_list->currentIndex();
                if (current.isValid() && current.row() >= topLeft.row() && current.row() <= bottomRight.row())
                    updateDetail();
            });
    connect(m_model, &AvailabilityGroupListModel::loaded, this, [this] {
        m_listPage->refresh();
        updateActions();
        updateDetail();
    });
    connect(m_model, &AvailabilityGroupListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });
    connect(m_addImage, &QPushButton::clicked, this, [this] { chooseImage(currentGroupId()); });
    connect(m_addWorker, &QPushButton::clicked, this, [this] { chooseWorker(currentGroupId()); });
    connect(m_removeImage, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_images->currentItem())
            removeImage(currentGroupId(), item->data(0, Qt::UserRole).toString());
    });
    connect(m_removeWorker, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_workers->currentItem())
            removeWorker(currentGroupId(), item->data(0, Qt::UserRole).toString());
    });
    connect(m_images, &QTreeWidget::currentItemChanged, this, &AvailabilityGroupsPage::updateActions);
    connect(m_workers, &QTreeWidget::currentItemChanged, this, &AvailabilityGroupsPage::updateActions);
    if (m_warm) {
        connect(m_warm, &WarmService::warmFinished, this, &AvailabilityGroupsPage::onWarmFinished);
        connect(m_warm, &WarmService::warmFailed, this, &AvailabilityGroupsPage::onWarmFailed);
    }

    m_listPage->refresh();
    readNames();
    updateActions();
    updateDetail();
}

AvailabilityGroupsPage::~AvailabilityGroupsPage() = default;

QLineEdit *AvailabilityGroupsPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

bool AvailabilityGroupsPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

bool AvailabilityGroupsPage::isBusy() const
{
    return m_reads->isBusy() || m_writes->isBusy() || m_model->isLoading();
}

QString AvailabilityGroupsPage::currentGroupId() const
{
    return m_list->currentIndex().data(AvailabilityGroupListModel::GroupIdRole).toString();
}

void AvailabilityGroupsPage::setCurrentGroup(const QString &groupId)
{
    m_listPage->setCurrentSource(m_model->indexOfGroup(groupId));
}

void AvailabilityGroupsPage::reload()
{
    m_model->reload();
    readNames();
}

void AvailabilityGroupsPage::readNames(std::function<void()> then)
{
    m_reads->run(
        [](const Catalogue &catalogue) {
            Names names;
            auto images = BakeImageRepository(catalogue).list();
            auto workers = WorkerRepository(catalogue).list();
            if (!images)
                names.error = images.error().message;
            else if (!workers)
                names.error = workers.error().message;
            else {
                names.images = images.value();
                names.workers = workers.value();
            }
            return names;
        },
        [this, then = std::move(then)](const Names &names) {
            if (!names.error.isEmpty()) {
                Q_EMIT statusMessage(tr("Could not read the bake images and workers: %1").arg(names.error));
                return;
            }
            m_imageById.clear();
            for (const BakeImage &image : names.images)
                m_imageById.insert(image.id, image);
            m_workerById.clear();
            for (const Worker &worker : names.workers)
                m_workerById.insert(worker.id, worker);
            updateDetail();
            if (then)
                then();
        });
}

void AvailabilityGroupsPage::updateActions()
{
    const bool hasGroup = !currentGroupId().isEmpty();
    m_editAction->setEnabled(hasGroup);
    m_deleteAction->setEnabled(hasGroup);
    m_addImage->setEnabled(hasGroup);
    m_addWorker->setEnabled(hasGroup);
    m_removeImage->setEnabled(hasGroup && m_images->currentItem());
    m_removeWorker->setEnabled(hasGroup && m_workers->currentItem());
}

void AvailabilityGroupsPage::updateDetail()
{
    const std::optional<AvailabilityGroup> group = m_model->group(currentGroupId());
    if (!group) {
        m_detailStack->setCurrentIndex(0);
        return;
    }
    m_detailStack->setCurrentIndex(1);
    m_detailTitle->setText(group->name);
    m_detailInfo->setText(group->description.isEmpty() ? tr("No description.") : group->description);
    m_detailInfo->setEnabled(!group->description.isEmpty());

    const QString selectedImage =
        m_images->currentItem() ? m_images->currentItem()->data(0, Qt::UserRole).toString() : QString();
    const QString selectedWorker =
        m_workers->currentItem() ? m_workers->currentItem()->data(0, Qt::UserRole).toString() : QString();
    m_images->clear();
    for (const QString &id : group->imageIds) {
        const auto image = m_imageById.constFind(id);
        auto *item =
            new QTreeWidgetItem(m_images, {image == m_imageById.cend() ? id : image->name,
                                           image == m_imageById.cend() ? QString() : image->source.text()});
        item->setData(0, Qt::UserRole, id);
        if (id == selectedImage)
            m_images->setCurrentItem(item);
    }
    m_workers->clear();
    for (const QString &id : group->workerIds) {
        const auto worker = m_workerById.constFind(id);
        auto *item = new QTreeWidgetItem(
            m_workers,
            {worker == m_workerById.cend() ? id : worker->name,
             worker == m_workerById.cend()
                 ? QString()
                 : (worker->enabled ? WorkerListModel::statusText(worker->status) : tr("Disabled")),
             worker == m_workerById.cend() ? QString() : worker->url});
        item->setData(0, Qt::UserRole, id);
        if (worker != m_workerById.cend() && !worker->enabled)
            item->setToolTip(0, tr("Disabled: neither polled nor warmed"));
        if (worker != m_workerById.cend() && !worker->statusMessage.isEmpty())
            item->setToolTip(1, worker->statusMessage);
        if (id == selectedWorker)
            m_workers->setCurrentItem(item);
    }
    updateActions();
}

AvailabilityGroupDialog *AvailabilityGroupsPage::newGroup()
{
    auto *dialog = AvailabilityGroupDialog::create(this, m_catalogue, [this](const QString &name) {
        const QList<AvailabilityGroup> groups = m_model->groups();
        return std::any_of(groups.cbegin(), groups.cend(),
                           [&name](const AvailabilityGroup &group) { return group.name == name; });
    });
    connect(dialog, &AvailabilityGroupDialog::saved, this, [this](const AvailabilityGroup &group) {
        m_model->applyGroup(group);
        setCurrentGroup(group.id);
        Q_EMIT statusMessage(tr("Created the availability group %1.").arg(group.name), 5000);
        Q_EMIT groupsChanged();
    });
    return dialog;
}

AvailabilityGroupDialog *AvailabilityGroupsPage::editGroup(const QString &groupId)
{
    const std::optional<AvailabilityGroup> group = m_model->group(groupId);
    if (!group)
        return nullptr;
    auto *dialog = AvailabilityGroupDialog::edit(this, m_catalogue, *group, [this](const QString &name) {
        const QList<AvailabilityGroup> groups = m_model->groups();
        return std::any_of(groups.cbegin(), groups.cend(),
                           [&name](const AvailabilityGroup &other) { return other.name == name; });
    });
    connect(dialog, &AvailabilityGroupDialog::saved, this, [this](const AvailabilityGroup &saved) {
        m_model->applyGroup(saved);
        setCurrentGroup(saved.id);
        updateDetail();
        Q_EMIT statusMessage(tr("Saved the availability group %1.").arg(saved.name), 5000);
        Q_EMIT groupsChanged();
    });
    return dialog;
}

QMessageBox *AvailabilityGroupsPage::deleteGroup(const QString &groupId)
{
    const std::optional<AvailabilityGroup> group = m_model->group(groupId);
    if (!group)
        return nullptr;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Availability Group"),
                                tr("Delete the availability group \u201c%1\u201d?").arg(group->name),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"deleteGroupBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("It holds %1 and %2.")
            .arg(countOf(group->imageIds.size(), tr("1 image"), tr("%1 images")),
                 countOf(group->workerIds.size(), tr("1 worker"), tr("%1 workers"))) +
        u"\n\n"_s +
        tr("What the workers already hold stays there; images no other group covers are no longer warmed."));
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    const QString name = group->name;
    connect(confirm, &QPushButton::clicked, this, [this, groupId, name] {
        m_writes->run(
            [groupId](const Catalogue &catalogue) {
                const auto removed = AvailabilityGroupRepository(catalogue).remove(groupId);
                return removed ? QString() : removed.error().message;
            },
            [this, groupId, name](const QString &error) {
                if (!error.isEmpty()) {
                    Q_EMIT statusMessage(tr("Could not delete %1: %2").arg(name, error));
                    return;
                }
                m_model->groupRemoved(groupId);
                m_listPage->refresh();
                updateActions();
                updateDetail();
                Q_EMIT statusMessage(tr("Deleted the availability group %1.").arg(name), 5000);
                Q_EMIT groupsChanged();
            });
    });
    box->open();
    return box;
}

QInputDialog *AvailabilityGroupsPage::openPicker(const QString &title, const QString &label,
                                                 const QStringList &choices,
                                                 std::function<void(const QString &)> chosen)
{
    auto *picker = new QInputDialog(this);
    picker->setObjectName(u"memberPicker"_s);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    picker->setWindowTitle(title);
    picker->setLabelText(label);
    picker->setComboBoxItems(choices);
    picker->setComboBoxEditable(false);
    picker->setOkButtonText(tr("&Add"));
    connect(picker, &QInputDialog::textValueSelected, this, std::move(chosen));
    picker->open();
    return picker;
}

QInputDialog *AvailabilityGroupsPage::chooseImage(const QString &groupId)
{
    const std::optional<AvailabilityGroup> group = m_model->group(groupId);
    if (!group)
        return nullptr;
    QStringList names;
    QHash<QString, QString> idOf;
    for (const BakeImage &image : std::as_const(m_imageById)) {
        if (group->imageIds.contains(image.id) || image.deactivated)
            continue;
        names.append(image.name);
        idOf.insert(image.name, image.id);
    }
    if (names.isEmpty()) {
        showWarmStatus(tr("Every active bake image is in %1 already (register one on the Baked Images page).")
                           .arg(group->name));
        return nullptr;
    }
    names.sort();
    return openPicker(tr("Add Image to %1").arg(group->name),
                      tr("Bake image to warm on the workers of %1:").arg(group->name), names,
                      [this, groupId, idOf](const QString &name) { addImage(groupId, idOf.value(name)); });
}

QInputDialog *AvailabilityGroupsPage::chooseWorker(const QString &groupId)
{
    const std::optional<AvailabilityGroup> group = m_model->group(groupId);
    if (!group)
        return nullptr;
    QStringList names;
    QHash<QString, QString> idOf;
    for (const Worker &worker : std::as_const(m_workerById)) {
        if (group->workerIds.contains(worker.id))
            continue;
        names.append(worker.name);
        idOf.insert(worker.name, worker.id);
    }
    if (names.isEmpty()) {
        showWarmStatus(tr("Every worker is in %1 already (add one on the Workers page).").arg(group->name));
        return nullptr;
    }
    names.sort();
    return openPicker(tr("Add Worker to %1").arg(group->name),
                      tr("Worker to receive every image of %1:").arg(group->name), names,
                      [this, groupId, idOf](const QString &name) { addWorker(groupId, idOf.value(name)); });
}

void AvailabilityGroupsPage::addImage(const QString &groupId, const QString &imageId)
{
    changeMembership(groupId, imageId, true, true);
}

void AvailabilityGroupsPage::addWorker(const QString &groupId, const QString &workerId)
{
    changeMembership(groupId, workerId, false, true);
}

void AvailabilityGroupsPage::removeImage(const QString &groupId, const QString &imageId)
{
    changeMembership(groupId, imageId, true, false);
}

void AvailabilityGroupsPage::removeWorker(const QString &groupId, const QString &workerId)
{
    changeMembership(groupId, workerId, false, false);
}

void AvailabilityGroupsPage::changeMembership(const QString &groupId, const QString &memberId, bool image,
                                              bool add)
{
    if (groupId.isEmpty() || memberId.isEmpty())
        return;
    struct Changed
    {
        AvailabilityGroup group;
        bool changed = false;
        QString error;
    };
    m_writes->run(
        [groupId, memberId, image, add](const Catalogue &catalogue) {
            const AvailabilityGroupRepository groups(catalogue);
            const auto changed =
                image ? (add ? groups.attachImage(groupId, memberId) : groups.detachImage(groupId, memberId))
                      : (add ? groups.addWorker(groupId, memberId) : groups.removeWorker(groupId, memberId));
            if (!changed)
                return Changed{{}, false, changed.error().message};
            const auto group = groups.get(groupId);
            if (!group)
                return Changed{{}, false, group.error().message};
            return Changed{group.value(), changed.value(), {}};
        },
        [this, memberId, image, add](const Changed &result) {
            if (!result.error.isEmpty()) {
                showWarmStatus(result.error);
                Q_EMIT statusMessage(result.error);
                return;
            }
            const AvailabilityGroup &group = result.group;
            m_model->applyGroup(group);
            updateDetail();
            if (result.changed)
                Q_EMIT groupsChanged();
            const QString memberName =
                image ? m_imageById.value(memberId).name : m_workerById.value(memberId).name;
            const QString shown = memberName.isEmpty() ? memberId : memberName;
            if (!add) {
                showWarmStatus(image ? tr("Detached %1 from %2.").arg(shown, group.name)
                                     : tr("Removed %1 from %2.").arg(shown, group.name));
                return;
            }
            if (!m_warm) {
                showWarmStatus(tr("Added %1 to %2 (warming is not available here).").arg(shown, group.name));
                return;
            }
            if (image) {
                if (group.workerIds.isEmpty()) {
                    showWarmStatus(tr("Added %1 to %2. The group has no workers yet, so nothing is warmed.")
                                       .arg(shown, group.name));
                    return;
                }
                showWarmStatus(tr("Added %1 to %2: warming it on %3\u2026")
                                   .arg(shown, group.name,
                                        countOf(group.workerIds.size(), tr("1 worker"), tr("%1 workers"))));
                startWarms(tr("Warm"), {memberId}, group.workerIds);
            } else {
                if (group.imageIds.isEmpty()) {
                    showWarmStatus(tr("Added %1 to %2. The group has no images yet, so nothing is warmed.")
                                       .arg(shown, group.name));
                    return;
                }
                showWarmStatus(tr("Added %1 to %2: warming %3 on it\u2026")
                                   .arg(shown, group.name,
                                        countOf(group.imageIds.size(), tr("1 image"), tr("%1 images"))));
                startWarms(tr("Warm on %1").arg(shown), group.imageIds, {memberId});
            }
        });
}

void AvailabilityGroupsPage::startWarms(const QString &label, const QStringList &imageIds,
                                        const QStringList &onlyWorkers)
{
    const int id = m_nextBatch++;
    m_batches.insert(id, Batch{label, int(imageIds.size()), {}, {}});
    for (const QString &imageId : imageIds)
        m_batchesOfImage[imageId].append(id);
    for (const QString &imageId : imageIds)
        m_warm->warm(imageId, WarmScope::All, onlyWorkers);
}

void AvailabilityGroupsPage::onWarmFinished(const QString &imageId, const WarmSummary &summary)
{
    finishOne(imageId, summary, {});
}

void AvailabilityGroupsPage::onWarmFailed(const QString &image, const QString &message)
{
    finishOne(image, {}, message);
}

void AvailabilityGroupsPage::finishOne(const QString &imageId, const WarmSummary &summary,
                                       const QString &error)
{
    auto waiting = m_batchesOfImage.find(imageId);
    if (waiting == m_batchesOfImage.end() || waiting->isEmpty())
        return; // a warm started elsewhere
    const int id = waiting->takeFirst();
    if (waiting->isEmpty())
        m_batchesOfImage.erase(waiting);
    auto batch = m_batches.find(id);
    if (batch == m_batches.end())
        return;
    batch->sum.queued += summary.queued;
    batch->sum.ready += summary.ready;
    batch->sum.failed += summary.failed;
    batch->sum.skipped += summary.skipped;
    if (!error.isEmpty())
        batch->errors.append(error);
    if (--batch->outstanding > 0)
        return;
    const Batch done = *batch;
    m_batches.erase(batch);
    QString text = done.label + u": "_s + CacheEntryModel::summaryText(done.sum);
    if (!done.errors.isEmpty())
        text += u" ("_s + done.errors.join(u"; "_s) + u')';
    showWarmStatus(text);
    Q_EMIT statusMessage(text, 10000);
    Q_EMIT warmReported(text, done.sum);
}

void AvailabilityGroupsPage::showWarmStatus(const QString &text)
{
    m_warmStatus->setText(text);
    m_warmStatus->setVisible(!text.isEmpty());
}

} // namespace Kiln
