#include "grouplistmodel.h"

#include "catalogueloader.h"
#include "store/catalogue.h"
#include "store/imagerepository.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Runs on a pool thread, with that thread's catalogue connection.
GroupListModel::Snapshot readSnapshot(const Catalogue &catalogue, bool countsOnly)
{
    GroupListModel::Snapshot snapshot;
    if (!countsOnly) {
        auto groups = GroupRepository(catalogue).list();
        if (!groups.ok()) {
            snapshot.error = groups.error().message;
            return snapshot;
        }
        snapshot.groups = groups.value();
    }
    ImageListQuery query;
    query.includeDeactivated = false;
    auto images = ImageRepository(catalogue).list(query);
    if (!images.ok()) {
        snapshot.error = images.error().message;
        return snapshot;
    }
    for (const ManagedImage &image : std::as_const(images.value())) {
        if (image.global) {
            ++snapshot.globalCount;
            continue;
        }
        for (const QString &groupId : image.groupIds)
            ++snapshot.imageCounts[groupId];
    }
    return snapshot;
}

} // namespace

GroupListModel::GroupListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_loader(new CatalogueLoader(catalogue, this))
    , m_rows(
          this, [](const Row &row) { return row.group.id; }, [](const Row &row) { return row.group.name; })
{
    reload();
}

int GroupListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int GroupListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GroupListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Group &g = row.group;
    switch (role) {
    case GroupIdRole:
        return g.id;
    case NameRole:
        return g.name;
    case DisplayNameRole:
        return g.displayName;
    case DescriptionRole:
        return g.description;
    case MemberCountRole:
        return g.memberCount;
    case ImageCountRole:
        return row.imageCount;
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return g.name;
        case DisplayNameColumn:
            return g.displayName;
        case MembersColumn:
            return g.memberCount;
        case ImagesColumn:
            return row.imageCount;
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case NameColumn:
        case DisplayNameColumn:
            return g.description.isEmpty() ? g.displayName : g.description;
        case MembersColumn:
            return tr("Members as reported by the platform: %1").arg(g.memberCount);
        case ImagesColumn:
            return tr("Images this group may use: %1 (global or granted, deactivated ones excluded)")
                .arg(row.imageCount);
        case ColumnCount:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == MembersColumn || index.column() == ImagesColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant GroupListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case DisplayNameColumn:
        return tr("Display name");
    case MembersColumn:
        return tr("Members");
    case ImagesColumn:
        return tr("Images");
    case ColumnCount:
        break;
    }
    return {};
}

bool GroupListModel::isLoading() const
{
    return m_loader->isBusy();
}

void GroupListModel::reload()
{
    m_rows.load(
        *m_loader, [](const Catalogue &catalogue) { return readSnapshot(catalogue, false); },
        [this](const Snapshot &snapshot) { onRead(snapshot, false); });
}

void GroupListModel::imagesChanged()
{
    m_loader->run([](const Catalogue &catalogue) { return readSnapshot(catalogue, true); },
                  [this](const Snapshot &snapshot) { onRead(snapshot, true); });
}

void GroupListModel::onRead(const Snapshot &snapshot, bool countsOnly)
{
    if (!snapshot.error.isEmpty()) {
        if (!countsOnly)
            m_rows.finishLoad();
        Q_EMIT problem(tr("Could not load the groups: %1").arg(snapshot.error));
        return;
    }
    if (countsOnly)
        onRecount(snapshot);
    else
        onReset(snapshot);
    Q_EMIT loaded();
}

void GroupListModel::onReset(const Snapshot &snapshot)
{
    QList<Row> rows;
    rows.reserve(snapshot.groups.size());
    for (const Group &group : snapshot.groups)
        rows.append(Row{group, snapshot.globalCount + snapshot.imageCounts.value(group.id)});
    m_rows.reset(std::move(rows));
    m_rows.finishLoad([this](const QString &id) { groupRemoved(id); },
                      [this](const QString &id) { groupSaved(id); });
}

void GroupListModel::onRecount(const Snapshot &snapshot)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        const int count = snapshot.globalCount + snapshot.imageCounts.value(m_rows.at(row).group.id);
        if (count == m_rows.at(row).imageCount)
            continue;
        m_rows[row].imageCount = count;
        m_rows.changed(row, ImagesColumn, ImagesColumn);
    }
}

QModelIndex GroupListModel::indexOfGroup(const QString &groupId) const
{
    const int row = m_rows.rowOf(groupId);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QList<Group> GroupListModel::groups() const
{
    QList<Group> out;
    out.reserve(m_rows.size());
    for (const Row &row : m_rows)
        out.append(row.group);
    return out;
}

void GroupListModel::groupSaved(const QString &groupId)
{
    m_rows.noteSaved(groupId);
    auto read = GroupRepository(m_catalogue).get(groupId);
    if (!read.ok()) {
        if (read.error().code == StoreError::Code::NotFound)
            groupRemoved(groupId);
        else
            Q_EMIT problem(tr("Could not read the group %1: %2").arg(groupId, read.error().message));
        return;
    }
    auto usable = ImageRepository(m_catalogue).usableByGroup(groupId);
    if (!usable.ok()) {
        Q_EMIT problem(tr("Could not count the images of the group %1: %2")
                           .arg(read.value().name, usable.error().message));
        return;
    }
    const Row fresh{read.value(), int(usable.value().size())};
    const int row = m_rows.rowOf(groupId);
    if (row < 0) {
        m_rows.insert(fresh);
        return;
    }
    Row &current = m_rows[row];
    if (current.group == fresh.group && current.imageCount == fresh.imageCount)
        return;
    current = fresh; // the name never changes: the row stays where it is
    m_rows.changed(row);
}

void GroupListModel::groupRemoved(const QString &groupId)
{
    m_rows.noteRemoved(groupId);
    m_rows.remove(groupId);
}

} // namespace Kiln
