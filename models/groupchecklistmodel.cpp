#include "groupchecklistmodel.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace Kiln {

GroupCheckListModel::GroupCheckListModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int GroupCheckListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

QVariant GroupCheckListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Group &group = m_groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (group.displayName.isEmpty() || group.displayName == group.name)
            return group.name;
        return tr("%1 (%2)", "display name (name)").arg(group.displayName, group.name);
    case Qt::ToolTipRole:
        return group.description.isEmpty() ? group.name : group.description;
    case Qt::CheckStateRole:
        return m_checked.at(index.row()) ? Qt::Checked : Qt::Unchecked;
    case GroupIdRole:
        return group.id;
    case NameRole:
        return group.name;
    case DisplayNameRole:
        return group.displayName;
    case CheckedRole:
        return bool(m_checked.at(index.row()));
    default:
        break;
    }
    return {};
}

bool GroupCheckListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole && role != CheckedRole)
        return false;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool checked =
        role == CheckedRole ? value.toBool() : Qt::CheckState(value.toInt()) != Qt::Unchecked;
    QList<bool> states = m_checked;
    states[index.row()] = checked;
    applyStates(states);
    return true;
}

Qt::ItemFlags GroupCheckListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags; // asked by views for the root
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

void GroupCheckListModel::setGroups(const QList<Group> &groups)
{
    const QStringList checked = checkedIds();
    const QSet<QString> keep(checked.cbegin(), checked.cend());
    beginResetModel();
    m_groups = groups;
    m_checked.clear();
    m_checked.reserve(groups.size());
    for (const Group &group : groups)
        m_checked.append(keep.contains(group.id));
    endResetModel();
}

void GroupCheckListModel::setChecked(const QStringList &ids)
{
    const QSet<QString> wanted(ids.cbegin(), ids.cend());
    QList<bool> states;
    states.reserve(m_groups.size());
    for (const Group &group : std::as_const(m_groups))
        states.append(wanted.contains(group.id));
    applyStates(states);
}

QStringList GroupCheckListModel::checkedIds() const
{
    QStringList ids;
    for (int row = 0; row < m_groups.size(); ++row) {
        if (m_checked.at(row))
            ids.append(m_groups.at(row).id);
    }
    return ids;
}

void GroupCheckListModel::setAllChecked(bool checked)
{
    applyStates(QList<bool>(m_groups.size(), checked));
}

int GroupCheckListModel::checkedCount() const
{
    return int(m_checked.count(true));
}

QModelIndex GroupCheckListModel::indexOfGroup(const QString &groupId) const
{
    for (int row = 0; row < m_groups.size(); ++row) {
        if (m_groups.at(row).id == groupId)
            return index(row, 0);
    }
    return {};
}

void GroupCheckListModel::applyStates(const QList<bool> &states)
{
    bool any = false;
    int row = 0;
    const int rows = int(m_checked.size());
    while (row < rows) {
        if (states.at(row) == m_checked.at(row)) {
            ++row;
            continue;
        }
        const int first = row;
        while (row < rows && states.at(row) != m_checked.at(row)) {
            m_checked[row] = states.at(row);
            ++row;
        }
        any = true;
        Q_EMIT dataChanged(index(first, 0), index(row - 1, 0), {Qt::CheckStateRole, CheckedRole});
    }
    if (any)
        Q_EMIT checkedChanged();
}

} // namespace Kiln
