#include "groupspage.h"

#include "grouplistmodel.h"
#include "groups/groupdialog.h"
#include "store/catalogue.h"

#include <QAction>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QtConcurrent>
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
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // name, display name and the rest

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    auto *toolbar = new QToolBar;
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
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
    bar->addWidget(toolbar, 1);
    m_filter = new QLineEdit;
    m_filter->setObjectName(u"filterEdit"_s);
    m_filter->setPlaceholderText(tr("Filter groups (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(220);
    auto *find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WindowShortcut);
    connect(find, &QAction::triggered, m_filter, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    addAction(find);
    bar->addWidget(m_filter);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(u"groupsSplitter"_s);
    splitter->setChildrenCollapsible(false);

    // The list, or the empty state.
    m_listStack = new QStackedWidget;
    m_list = new QTreeView;
    m_list->setObjectName(u"groupList"_s);
    m_list->setModel(m_proxy);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSortingEnabled(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->sortByColumn(GroupListModel::NameColumn, Qt::AscendingOrder);
    m_list->header()->resizeSection(GroupListModel::NameColumn, 180);
    m_list->header()->resizeSection(GroupListModel::DisplayNameColumn, 200);
    for (QAction *action : {m_editAction, m_deleteAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_list->addAction(action);
    }
    m_listStack->addWidget(m_list);

    auto *empty = new QWidget;
    empty->setObjectName(u"emptyState"_s);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    m_emptyText = new QLabel;
    m_emptyText->setObjectName(u"emptyText"_s);
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    emptyLayout->addWidget(m_emptyText);
    auto *emptyButtons = new QHBoxLayout;
    auto *emptyNew = new QPushButton(tr("New Group\u2026"));
    emptyNew->setObjectName(u"emptyNewButton"_s);
    connect(emptyNew, &QPushButton::clicked, this, &GroupsPage::newGroup);
    emptyButtons->addStretch(1);
    emptyButtons->addWidget(emptyNew);
    emptyButtons->addStretch(1);
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch(2);
    m_listStack->addWidget(empty);
    splitter->addWidget(m_listStack);

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
    splitter->addWidget(m_detailStack);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_countLabel = new QLabel;
    m_countLabel->setObjectName(u"countLabel"_s);
    layout->addWidget(m_countLabel);

    connect(m_newAction, &QAction::triggered, this, &GroupsPage::newGroup);
    connect(m_editAction, &QAction::triggered, this, [this] { editGroup(currentGroupId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteGroup(currentGroupId()); });
    connect(m_list, &QTreeView::activated, this, [this](const QModelIndex &index) {
        editGroup(index.data(GroupListModel::GroupIdRole).toString());
    });
    connect(m_list, &QTreeView::customContextMenuRequested, this, &GroupsPage::showContextMenu);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateEmptyState();
    });
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &GroupsPage::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &GroupsPage::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const QModelIndex current = m_list->currentIndex();
                if (current.isValid() && current.row() >= topLeft.row() && current.row() <= bottomRight.row())
                    updateDetail();
            });
    connect(m_model, &GroupListModel::loaded, this, [this] {
        updateEmptyState();
        updateActions();
        updateDetail();
    });
    connect(m_model, &GroupListModel::problem, this,
            [this](const QString &message) { Q_EMIT statusMessage(message); });

    updateEmptyState();
    updateActions();
    updateDetail();
}

GroupsPage::~GroupsPage()
{
    // A pool thread may still read the catalogue for the detail pane.
    const auto watchers = findChildren<QFutureWatcherBase *>(Qt::FindDirectChildrenOnly);
    for (QFutureWatcherBase *watcher : watchers)
        watcher->waitForFinished();
}

bool GroupsPage::isEmptyStateShown() const
{
    return m_listStack->currentIndex() == 1;
}

QString GroupsPage::currentGroupId() const
{
    return m_list->currentIndex().data(GroupListModel::GroupIdRole).toString();
}

void GroupsPage::setCurrentGroup(const QString &groupId)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOfGroup(groupId));
    if (index.isValid())
        m_list->setCurrentIndex(index);
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
    updateEmptyState();
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

void GroupsPage::updateEmptyState()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString filter = m_filter->text().trimmed();
    const bool empty = shown == 0 && !m_model->isLoading();
    if (empty && !filter.isEmpty())
        m_emptyText->setText(tr("No group matches \u201c%1\u201d.").arg(filter));
    else if (empty)
        m_emptyText->setText(tr("No groups yet. A group is a set of users that images are granted to: "
                                "create one, then grant images to it on the Images page."));
    m_listStack->setCurrentIndex(empty ? 1 : 0);
    if (!filter.isEmpty())
        m_countLabel->setText(total == 1 ? tr("%1 of 1 group").arg(shown)
                                         : tr("%1 of %2 groups").arg(shown).arg(total));
    else
        m_countLabel->setText(total == 1 ? tr("1 group") : tr("%1 groups").arg(total));
}

void GroupsPage::updateDetail()
{
    const QString groupId = currentGroupId();
    const int generation = ++m_detailGeneration;
    if (groupId.isEmpty()) {
        m_shownGroupId.clear();
        m_usable->clear();
        m_detailStack->setCurrentIndex(0);
        return;
    }
    ++m_detailReads;
    auto *watcher = new QFutureWatcher<DetailRead>(this);
    connect(watcher, &QFutureWatcher<DetailRead>::finished, this, [this, watcher] {
        watcher->deleteLater();
        --m_detailReads;
        const DetailRead read = watcher->result();
        if (read.generation == m_detailGeneration)
            showDetail(read);
    });
    const Catalogue *catalogue = &m_catalogue;
    watcher->setFuture(QtConcurrent::run([catalogue, groupId, generation] {
        DetailRead read;
        read.generation = generation;
        read.groupId = groupId;
        auto images = ImageRepository(*catalogue).usableByGroup(groupId);
        if (images)
            read.images = std::move(images).value();
        else
            read.error = images.error().message;
        return read;
    }));
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

void GroupsPage::showContextMenu(const QPoint &position)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (const QModelIndex index = m_list->indexAt(position); index.isValid()) {
        m_list->setCurrentIndex(index);
        menu->addAction(m_editAction);
        menu->addAction(m_deleteAction);
        menu->addSeparator();
    }
    menu->addAction(m_newAction);
    menu->popup(m_list->viewport()->mapToGlobal(position));
}

} // namespace Kiln
