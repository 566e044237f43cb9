#include "availabilitygrouplistmodel.h"

#include "store/catalogue.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using Snapshot = KeyedSnapshot<AvailabilityGroup>;

// Runs on a pool thread, with that thread's catalogue connection.
Snapshot readGroups(const Catalogue &catalogue)
{
    return snapshotOf<AvailabilityGroup>(AvailabilityGroupRepository(catalogue).list(),
                                         [](const AvailabilityGroup &group) { return group; });
}

} // namespace

AvailabilityGroupListModel::AvailabilityGroupListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reads(new CatalogueLoader(catalogue, this))
    , m_rows(
          this, catalogue, [](const AvailabilityGroup &group) { return group.id; },
          [](const AvailabilityGroup &group) { return group.name; })
{
    reload();
}

int AvailabilityGroupListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int AvailabilityGroupListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AvailabilityGroupListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AvailabilityGroup &g = m_rows.at(index.row());
    switch (role) {
    case GroupIdRole:
        return g.id;
    case NameRole:
        return g.name;
    case DescriptionRole:
        return g.description;
    case ImageCountRole:
        return int(g.imageIds.size());
    case WorkerCountRole:
        return int(g.workerIds.size());
    case ImageIdsRole:
        return g.imageIds;
    case WorkerIdsRole:
        return g.workerIds;
    case SortRole:
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return g.name;
        case DescriptionColumn:
            return role == SortRole ? g.description : g.description.section(u'\n', 0, 0);
        case ImagesColumn:
            return int(g.imageIds.size());
        case WorkersColumn:
            return int(g.workerIds.size());
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case NameColumn:
        case DescriptionColumn:
            return g.description.isEmpty() ? g.name : g.description;
        case ImagesColumn:
            return tr("Bake images warmed on this group's workers: %1").arg(g.imageIds.size());
        case WorkersColumn:
            return tr("Workers that hold this group's images: %1").arg(g.workerIds.size());
        case ColumnCount:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ImagesColumn || index.column() == WorkersColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant AvailabilityGroupListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case DescriptionColumn:
        return tr("Description");
    case ImagesColumn:
        return tr("Images");
    case WorkersColumn:
        return tr("Workers");
    case ColumnCount:
        break;
    }
    return {};
}

void AvailabilityGroupListModel::reload()
{
    m_rows.load(readGroups, [this](const Snapshot &snapshot) {
        QString error = snapshot.error;
        const bool ok = m_rows.finishLoad(
            snapshot, [this](const QString &id) { groupRemoved(id); },
            [this](const QString &id) { groupSaved(id); });
        if (!ok) {
            Q_EMIT problem(tr("Could not load the availability groups: %1").arg(error));
            return;
        }
        Q_EMIT loaded();
    });
}

std::optional<AvailabilityGroup> AvailabilityGroupListModel::group(const QString &groupId) const
{
    const int row = m_rows.rowOf(groupId);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(row);
}

QList<AvailabilityGroup> AvailabilityGroupListModel::groups() const
{
    return QList<AvailabilityGroup>(m_rows.begin(), m_rows.end());
}

void AvailabilityGroupListModel::applyGroup(const AvailabilityGroup &group)
{
    m_rows.noteSaved(group.id);
    int row = m_rows.rowOf(group.id);
    if (row < 0) {
        m_rows.insert(group);
        return;
    }
    const AvailabilityGroup old = m_rows.at(row);
    if (old == group)
        return;
    m_rows[row] = group;
    if (old.name != group.name)
        row = m_rows.reposition(row);
    // Only the cells that differ (createdAt / updatedAt have no cell: the first one).
    int first = ColumnCount;
    int last = -1;
    auto mark = [&first, &last](bool differs, int column) {
        if (!differs)
            return;
        first = std::min(first, column);
        last = std::max(last, column);
    };
    mark(old.name != group.name, NameColumn);
    mark(old.description != group.description, DescriptionColumn);
    mark(old.imageIds != group.imageIds, ImagesColumn);
    mark(old.workerIds != group.workerIds, WorkersColumn);
    if (last < 0)
        first = last = NameColumn;
    m_rows.changed(row, first, last);
}

void AvailabilityGroupListModel::groupSaved(const QString &groupId)
{
    m_rows.noteSaved(groupId);
    m_reads->run(
        [groupId](const Catalogue &catalogue) { return AvailabilityGroupRepository(catalogue).get(groupId); },
        [this, groupId](const Result<AvailabilityGroup, StoreError> &read) {
            const QString error = m_rows.reread(
                groupId, read, [this](const AvailabilityGroup &group) { applyGroup(group); },
                [this](const QString &id) { groupRemoved(id); });
            if (!error.isEmpty())
                Q_EMIT problem(tr("Could not read the availability group %1: %2").arg(groupId, error));
        });
}

void AvailabilityGroupListModel::groupRemoved(const QString &groupId)
{
    m_rows.noteRemoved(groupId);
    m_rows.remove(groupId);
}

} // namespace Kiln
