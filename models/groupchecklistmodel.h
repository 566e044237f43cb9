#pragma once

#include "store/grouprepository.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>
#include <QStringList>

namespace Kiln {

// A checkable list of groups, for "Edit Groups" (the grants of an image).
//
// The rows are the groups given to setGroups() (e.g. GroupListModel::groups(),
// ordered by name); each is Qt::ItemIsUserCheckable and its Qt::CheckStateRole
// is settable, also through a QSortFilterProxyModel (the dialog filters by
// name: DisplayRole is "display name (name)"). Every change of check states
// emits dataChanged for exactly the rows that changed (runs of adjacent rows
// together) with the CheckStateRole, then checkedChanged().
class GroupCheckListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        GroupIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        DisplayNameRole, // QString
        CheckedRole,     // bool
    };
    Q_ENUM(Role)

    explicit GroupCheckListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Replaces the rows (a reset); the checked ids that are still listed stay checked.
    void setGroups(const QList<Group> &groups);
    QList<Group> groups() const { return m_groups; }

    // Checks exactly these ids (unknown ids are ignored).
    void setChecked(const QStringList &ids);
    // The checked ids in row order (the order of setGroups()).
    QStringList checkedIds() const;
    // Checks or unchecks every row.
    void setAllChecked(bool checked);
    bool isChecked(int row) const { return m_checked.at(row); }
    int checkedCount() const;

    QModelIndex indexOfGroup(const QString &groupId) const;

Q_SIGNALS:
    void checkedChanged();

private:
    // Applies the new states, with one dataChanged per run of changed rows.
    void applyStates(const QList<bool> &states);

    QList<Group> m_groups;
    QList<bool> m_checked;
};

} // namespace Kiln
