#pragma once

#include "keyedrows.h"
#include "store/availabilitygrouprepository.h"

#include <QAbstractTableModel>

#include <optional>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The availability groups: one row per group, ordered by name, with how many
// bake images and workers each holds.
//
// reload() reads every group off the GUI thread and the rows arrive with one
// reset; data() never queries. applyGroup() takes a group as a write returned it
// (inserted at its place by name, moved when renamed, dataChanged for the cells
// that differ, nothing when nothing does); groupSaved() re-reads one group on the
// pool and applies it; groupRemoved() removes one row.
class AvailabilityGroupListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        DescriptionColumn,
        ImagesColumn,
        WorkersColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        GroupIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        DescriptionRole, // QString
        ImageCountRole,  // int
        WorkerCountRole, // int
        ImageIdsRole,    // QStringList
        WorkerIdsRole,   // QStringList
        SortRole,        // the raw value of the cell's column (what the proxy sorts by)
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit AvailabilityGroupListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    bool isLoading() const { return m_rows.isLoading(); }

    QModelIndex indexOfGroup(const QString &groupId) const { return m_rows.indexOf(groupId); }
    // The group of `groupId`, nullopt when it is not shown.
    std::optional<AvailabilityGroup> group(const QString &groupId) const;
    QList<AvailabilityGroup> groups() const;

    // A group as stored (created, renamed, re-described, members changed).
    void applyGroup(const AvailabilityGroup &group);
    // Re-reads one group on the pool, then applyGroup() (or groupRemoved() when
    // it no longer exists).
    void groupSaved(const QString &groupId);
    void groupRemoved(const QString &groupId);

Q_SIGNALS:
    // A reload arrived.
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

private:
    template <typename, typename>
    friend class KeyedRows;

    CatalogueLoader *m_reads = nullptr; // groupSaved()'s reads
    KeyedRows<AvailabilityGroupListModel, AvailabilityGroup> m_rows;
};

} // namespace Kiln
