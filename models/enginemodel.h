#pragma once

#include "bake/containerengine.h"

#include <QAbstractTableModel>

namespace Kiln {

// The container engines Kiln knows, in the user's preference order, with what
// detection found for each. Always one row per known engine; moving a row changes
// the preference.
class EngineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        VersionColumn,
        PathColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        KindRole = Qt::UserRole + 1, // int(ContainerEngineKind)
        UsableRole,                  // bool
        ProblemRole,                 // QString, empty when usable
    };
    Q_ENUM(Column)

    explicit EngineModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Detection results; rows keep their order, changed rows emit dataChanged.
    void setEngines(const QList<ContainerEngineInfo> &engines);
    // Reorders the rows to `preference`; engines it does not name keep their
    // relative order after the named ones.
    void setPreference(const QList<ContainerEngineKind> &preference);
    QList<ContainerEngineKind> preference() const;

    // Moves a row one place up or down (exact move signals). Returns false at the ends.
    bool moveUp(int row);
    bool moveDown(int row);

    const ContainerEngineInfo &engineAt(int row) const { return m_rows.at(row); }

private:
    QList<ContainerEngineInfo> m_rows;
};

} // namespace Kiln
