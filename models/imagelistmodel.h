#pragma once

#include "keyedrows.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The Image Management list: one row per managed image, ordered by name.
//
// Image counts are small (hundreds to a few thousand), so reload() reads
// everything at once off the GUI thread (QtConcurrent, the pool thread's own
// catalogue connection): one ImageRepository::list(), one GroupRepository::list()
// (to name the granted groups) and one JobRepository::latestPerSpec() for the
// specs of the custom images. The rows arrive with one reset; data() never
// queries. Everything else (imageSaved, imageRemoved, applyJob, groupsChanged)
// changes exactly the rows and cells concerned, reading single rows on the
// calling thread.
class ImageListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        DisplayNameColumn,
        NameColumn,
        TypeColumn,
        UrlColumn,
        AccessColumn,
        StatusColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        ImageIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        DisplayNameRole, // QString
        TypeRole,        // int(ImageType)
        UrlRole,         // QString, empty while a custom image is not built
        GpuUrlRole,      // QString, empty: same as the URL
        GlobalRole,      // bool
        GroupIdsRole,    // QStringList, sorted
        GroupNamesRole,  // QStringList: the names of those groups, sorted
        FrozenRole,      // bool
        SystemRole,      // bool
        DeactivatedRole, // bool
        SpecIdRole,      // QString, empty for an existing (not built) image
        BuildStatusRole, // int(JobStatus) of the spec's newest job, -1 when none
        BuildingRole,    // bool: that job is queued or running
        BuildFailedRole, // bool: that job failed or was interrupted
        LatestJobIdRole, // QString, empty when none
        StateRole,       // int(ImageListModel::State): what the Status column says
        AccessRankRole,  // int: granted groups, global images above every count (for sorting)
    };
    Q_ENUM(Role)

    // The Status column, in sorting order.
    enum class State
    {
        Ready,
        NotBuilt, // a custom image whose build has not succeeded yet
        Building,
        BuildFailed,
        Deactivated,
    };
    Q_ENUM(State)

    // Reads the catalogue at once (reload()). Destroying the model waits for a
    // read still in flight (the catalogue must outlive it).
    explicit ImageListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Reads everything again off the GUI thread; the rows change with one reset
    // when it arrives (loaded() then).
    void reload();
    bool isLoading() const { return m_rows.isLoading(); }

    QModelIndex indexOfImage(const QString &imageId) const;
    ManagedImage image(int row) const { return m_rows.at(row).image; }

    // Re-reads one image: dataChanged for its row, or inserted at its place by
    // name; removed when it no longer exists.
    void imageSaved(const QString &imageId);
    // The image was deleted: its row goes.
    void imageRemoved(const QString &imageId);
    // A stored job transition (BakeService::jobChanged): every image built from
    // job.specId changes with one dataChanged. A succeeded job also re-reads
    // those images (the backend fills their URL).
    void applyJob(const BuildJob &job);
    // Groups were created, edited or deleted: re-reads the group names (and drops
    // the grants of deleted groups); dataChanged for the Access cells that changed.
    void groupsChanged();

    // The text and tooltip of a group count: "Global", "1 group", "3 groups".
    static QString accessText(bool global, int groupCount);

Q_SIGNALS:
    // A reload arrived (after the reset).
    void loaded();
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        ManagedImage image;
        std::optional<JobStatus> jobStatus; // of the spec's newest job
        QString jobId;
        qint64 jobCreatedAt = 0;
        QString jobError;
    };
    struct Snapshot
    {
        QList<Row> rows;
        QList<Group> groups;
        QString error;
    };

private:
    template <typename, typename>
    friend class KeyedRows;

    void onLoaded(const Snapshot &snapshot);
    void setGroups(const QList<Group> &groups);
    State stateOf(const Row &row) const;
    QString statusText(const Row &row) const;
    QStringList groupNames(const ManagedImage &image) const;
    QVariant displayData(const Row &row, int column) const;
    QVariant toolTipData(const Row &row, int column) const;
    QVariant decorationData(const Row &row) const;
    bool mergeJob(Row &row, const BuildJob &job) const;
    void fillLatestJob(Row &row) const;

    const Catalogue &m_catalogue;
    CatalogueLoader *m_loader = nullptr;
    KeyedRows<ImageListModel, Row> m_rows;
    QHash<QString, QString> m_groupNames; // id -> name
    // Jobs and group changes seen while a reload is in flight, applied again to its rows.
    QHash<QString, BuildJob> m_jobsWhileLoading; // by spec id
    bool m_groupsChangedWhileLoading = false;
};

} // namespace Kiln
