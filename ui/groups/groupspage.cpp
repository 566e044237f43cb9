#include "groupspage.h"

#include "catalogueloader.h"
#include "common/listpage.h"
#include "grouplistmodel.h"
#include "groups/groupdialog.h"
#include "store/catalogue.h"

#include <QAction>
#include <QHeaderView>
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

// How many images the delete confirmation names before it says "and N more".
constexpr int kNamedImages = 10;

QString imageLabel(const ManagedImage &image)
{
    return image.displayName.isEmpty() || image.displayName == image.name
               ? image.name
               : image.displayName + u" ("_s + image.name + u')';
}

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

GroupsPage::GroupsPage(const Catalogue &catalogue, QWidget *parent)
    : QWidget(parent)
    , m_catalogue(catalogue)
{
    m_model = new GroupListModel(m_catalogue, this);
    m_detailLoader = new CatalogueLoader(m_catalogue, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // name, display name and the rest

    ListPageOptions options;
    options.listName = u"groupList"_s;
    options.filterPlaceholder = tr("Filter groups (Ctrl+F)");
    options.sortColumn = GroupListModel::NameColumn;
    options.columnWidths = {{GroupListModel::NameColumn, 180}, {GroupListModel::DisplayNameColumn, 200}};
    options.isReady = [this] { return !m_model->isLoading(); };
    options.emptyText = [this] {
        const QString filter = m_listPage->filterText();
        return filter.isEmpty() ? tr("No groups yet. A group is a set of users that images are granted to: "
                                     "create one, then grant images to it on the Images page.")
                                : tr("No group matches \u201c%1\u201d.").arg(filter);
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
    m_newAction->setToolTip(tr("Create a group (Ctrl+N)"));
    m_editAction =
        toolbar->addAction(style()->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Edit\u2026"));
    m_editAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_editAction->setToolTip(tr("Edit the group's display name, members and description (F2)"));
    m_deleteAction = toolbar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete\u2026"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setToolTip(tr("Delete the group and its grants (Del)"));
    // Ctrl+N works wherever the focus is while the page shows; F2 and Del act on
    // the list, so they need its focus (Del in the filter box edits the filter).
    m_newAction->setShortcutContext(Qt::WindowShortcut);
    addAction(m_newAction);
    m_listPage->addListAction(m_editAction);
    m_listPage->addListAction(m_deleteAction);
    m_listPage->setContextMenuActions({m_editAction, m_deleteAction}, {m_newAction});
    QPushButton *emptyNew = m_listPage->addEmptyButton(tr("New Group\u2026"));
    emptyNew->setObjectName(u"emptyNewButton"_s);
    connect(emptyNew, &QPushButton::clicked, this, &GroupsPage::newGroup);

    // The current group: which images can it use?
    m_detailStack = new QStackedWidget;
    m_detailStack->setObjectName(u"detailPane"_s);
    auto *none = new QLabel(tr("Select a group to see which images it can use."));
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
    m_detailInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detailLayout->addWidget(m_detailInfo);
    detailLayout->addWidget(heading(tr("Which images can this group use?")));
    m_usable = new QTreeWidget;
    m_usable->setObjectName(u"usableList"_s);
    m_usable->setColumnCount(3);
    m_usable->setHeaderLabels({tr("Display name"), tr("Name"), tr("Access")});
    m_usable->setRootIsDecorated(false);
    m_usable->setUniformRowHeights(true);
    m_usable->setAlternatingRowColors(true);
    m_usable->setSelectionMode(QAbstractItemView::NoSelection);
    // The display name takes the room that is left; name and access fit their text.
    m_usable->header()->setStretchLastSection(false);
    m_usable->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_usable->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_usable->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    detailLayout->addWidget(m_usable, 1);
    m_usableSummary = new QLabel;
    m_usableSummary->setObjectName(u"usableSummary"_s);
    m_usableSummary->setWordWrap(true);
    detailLayout->addWidget(m_usableSummary);
    m_detailStack->addWidget(detail);
    // The empty state takes the list's place only: the detail pane stays beside it.
    m_listPage->setDetailPane(m_detailStack, ListPage::EmptyCovers::ListOnly, u"groupsSplitter"_s)
        ->setChildrenCollapsible(false);

    connect(m_newAction, &QAction::triggered, this, &GroupsPage::newGroup);
    connect(m_editAction, &QAction::triggered, this, [this] { editGroup(currentGroupId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteGroup(currentGroupId()); });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        editGroup(index.data(GroupListModel::GroupIdRole).toString());
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
    connect(m_model, &GroupListModel::loaded, this, [this] {
        m_listPage->refresh();
        updateActions();
        updateDetail();
    });
    connect(m_model, &GroupListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    m_listPage->refresh();
    updateActions();
    updateDetail();
}

bool GroupsPage::isDetailLoaded() const
{
    return !m_detailLoader->isBusy();
}

bool GroupsPage::isEmptyStateShown() const
{
    return m_listPage->isEmptyStateShown();
}

QLineEdit *GroupsPage::filterEdit() const
{
    return m_listPage->filterEdit();
}

QString GroupsPage::currentGroupId() const
{
    return m_list->currentIndex().data(GroupListModel::GroupIdRole).toString();
}

void GroupsPage::setCurrentGroup(const QString &groupId)
{
    m_listPage->setCurrentSource(m_model->indexOfGroup(groupId));
}

GroupDialog *GroupsPage::newGroup()
{
    auto *dialog = GroupDialog::create(this, m_catalogue);
    connect(dialog, &GroupDialog::saved, this, [this](const Group &group) { onSaved(group, true); });
    return dialog;
}

GroupDialog *GroupsPage::editGroup(const QString &groupId)
{
    if (groupId.isEmpty())
        return nullptr;
    const auto group = GroupRepository(m_catalogue).get(groupId);
    if (!group) {
        Q_EMIT statusMessage(group.error().message);
        if (group.error().code == StoreError::Code::NotFound)
            m_model->groupRemoved(groupId);
        return nullptr;
    }
    auto *dialog = GroupDialog::edit(this, m_catalogue, group.value());
    connect(dialog, &GroupDialog::saved, this, [this](const Group &saved) { onSaved(saved, false); });
    return dialog;
}

void GroupsPage::onSaved(const Group &group, bool created)
{
    m_model->groupSaved(group.id);
    setCurrentGroup(group.id);
    updateDetail();
    Q_EMIT statusMessage(created ? tr("Created the group %1.").arg(group.name)
                                 : tr("Saved the group %1.").arg(group.name),
                         5000);
    Q_EMIT groupsChanged();
}

QMessageBox *GroupsPage::deleteGroup(const QString &groupId)
{
    if (groupId.isEmpty())
        return nullptr;
    const auto group = GroupRepository(m_catalogue).get(groupId);
    if (!group) {
        Q_EMIT statusMessage(group.error().message);
        return nullptr;
    }
    // The images granted explicitly to this group (deactivated ones too: they lose
    // the grant as well). Global images stay usable by everyone.
    const auto images = ImageRepository(m_catalogue).list();
    if (!images) {
        Q_EMIT statusMessage(images.error().message);
        return nullptr;
    }
    QStringList losing;
    for (const ManagedImage &image : images.value()) {
        if (!image.global && image.groupIds.contains(groupId))
            losing.append(imageLabel(image));
    }

    const QString name = group->name;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete Group"),
                                tr("Delete the group \u201c%1\u201d?").arg(name), QMessageBox::Cancel, this);
    box->setObjectName(u"deleteGroupBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details;
    if (losing.isEmpty()) {
        details = tr("No image is granted to this group, so no image loses access.");
    } else {
        QStringList named = losing.mid(0, kNamedImages);
        if (losing.size() > kNamedImages)
            named.append(tr("and %1 more").arg(losing.size() - kNamedImages));
        details = losing.size() == 1
                      ? tr("1 image granted to this group loses access: %1.").arg(named.join(u", "_s))
                      : tr("%1 images granted to this group lose access: %2.")
                            .arg(losing.size())
                            .arg(named.join(u", "_s));
    }
    details += u"\n\n"_s + tr("Global images stay available. This cannot be undone.");
    box->setInformativeText(details);
    QPushButton *confirm = box->addButton(tr("&Delete"), QMessageBox::DestructiveRole);
    confirm->setObjectName(u"confirmDelete"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(confirm, &QPushButton::clicked, this, [this, groupId, name] { finishDelete(groupId, name); });
    box->open();
    return box;
}

void GroupsPage::finishDelete(const QString &groupId, const QString &name)
{
    const auto removed = GroupRepository(m_catalogue).remove(groupId);
    if (!removed && removed.error().code != StoreError::Code::NotFound) {
        Q_EMIT statusMessage(removed.error().message);
        return;
    }
    m_model->groupRemoved(groupId);
    m_listPage->refresh();
    updateDetail();
    Q_EMIT statusMessage(tr("Deleted the group %1.").arg(name), 5000);
    Q_EMIT groupsChanged();
}

void GroupsPage::refresh()
{
    m_model->imagesChanged();
    updateDetail();
}

void GroupsPage::reload()
{
    m_model->reload();
}

void GroupsPage::updateActions()
{
    const bool current = m_list->currentIndex().isValid();
    m_editAction->setEnabled(current);
    m_deleteAction->setEnabled(current);
}

void GroupsPage::updateDetail()
{
    const QString groupId = currentGroupId();
    m_detailLoader->discardPending(); // a read for an earlier current group is dropped on arrival
    if (groupId.isEmpty()) {
        m_shownGroupId.clear();
        m_usable->clear();
        m_detailStack->setCurrentIndex(0);
        return;
    }
    m_detailLoader->run(
        [groupId](const Catalogue &catalogue) {
            DetailRead read;
            read.groupId = groupId;
            auto images = ImageRepository(catalogue).usableByGroup(groupId);
            if (images)
                read.images = std::move(images).value();
            else
                read.error = images.error().message;
            return read;
        },
        [this](const DetailRead &read) { showDetail(read); });
}

void GroupsPage::showDetail(const DetailRead &read)
{
    const QModelIndex source = m_model->indexOfGroup(read.groupId);
    if (!source.isValid())
        return;
    const Group group = m_model->group(source.row());
    m_shownGroupId = read.groupId;
    m_detailStack->setCurrentIndex(1);
    m_detailTitle->setText(group.displayName.isEmpty() ? group.name
                                                       : tr("%1 (%2)").arg(group.displayName, group.name));
    QStringList info;
    if (!group.memberCount.isEmpty())
        info.append(tr("Members: %1").arg(group.memberCount));
    if (!group.description.isEmpty())
        info.append(group.description);
    m_detailInfo->setText(info.join(u"\n"_s));
    m_detailInfo->setVisible(!info.isEmpty());

    m_usable->clear();
    if (!read.error.isEmpty()) {
        m_usableSummary->setText(tr("Could not read the images of this group: %1").arg(read.error));
        return;
    }
    int global = 0;
    QList<QTreeWidgetItem *> items;
    items.reserve(read.images.size());
    for (const ManagedImage &image : read.images) {
        auto *item =
            new QTreeWidgetItem({image.displayName, image.name, image.global ? tr("global") : tr("granted")});
        item->setData(0, Qt::UserRole, image.id);
        item->setToolTip(2, image.global ? tr("Every group may use this image")
                                         : tr("Granted to this group explicitly"));
        items.append(item);
        if (image.global)
            ++global;
    }
    m_usable->addTopLevelItems(items);
    const int total = int(read.images.size());
    if (total == 0)
        m_usableSummary->setText(tr("This group cannot use any image yet."));
    else if (total == 1)
        m_usableSummary->setText(tr("1 image: %1 global, %2 granted").arg(global).arg(total - global));
    else
        m_usableSummary->setText(
            tr("%1 images: %2 global, %3 granted").arg(total).arg(global).arg(total - global));
}

} // namespace Kiln
