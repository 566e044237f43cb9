#pragma once

#include "keyedrows.h"
#include "store/grouprepository.h"

#include <QAbstractTableModel>
#include <QHash>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The groups of Image Management: one row per group, ordered by name.
//
// reload() reads the groups and, with one image list, how many images each
// group may use (global plus granted, deactivated excluded: the count of
// ImageRepository::usableByGroup) off the GUI thread; the rows arrive with one
// reset. data() never queries. groupSaved() and groupRemoved() change exactly
// their row; imagesChanged() recounts (off the GUI thread) and changes only the
// Images cells whose count changed.
class GroupListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        DisplayNameColumn,
        MembersColumn,
        ImagesColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        GroupIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        DisplayNameRole, // QString
        DescriptionRole, // QString
        MemberCountRole, // QString, as the platform reports it
        ImageCountRole,  // int: images the group may use
    };
    Q_ENUM(Role)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit GroupListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    // Images were saved, removed or granted: recounts the Images column.
    void imagesChanged();
    // A reload or recount is in flight (a stale one too).
    bool isLoading() const;

    QModelIndex indexOfGroup(const QString &groupId) const;
    Group group(int row) const { return m_rows.at(row).group; }
    QList<Group> groups() const;

    // Re-reads one group (and its image count): dataChanged for its row, or
    // inserted at its place by name; removed when it no longer exists.
    void groupSaved(const QString &groupId);
    // The group was deleted: its row goes.
    void groupRemoved(const QString &groupId);

Q_SIGNALS:
    // A reload or recount arrived.
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        Group group;
        int imageCount = 0;
    };
    struct Snapshot
    {
        QList<Group> groups;
        QHash<QString, int> imageCounts; // by group id
        int globalCount = 0;             // usable by every group
        QString error;
    };

private:
    template <typename, typename>
    friend class KeyedRows;

    void onRead(const Snapshot &snapshot, bool countsOnly);
    void onReset(const Snapshot &snapshot);
    void onRecount(const Snapshot &snapshot);

    const Catalogue &m_catalogue;
    CatalogueLoader *m_loader = nullptr;
    KeyedRows<GroupListModel, Row> m_rows;
};

} // namespace Kiln
