#pragma once

#include "remote/warmservice.h"
#include "store/bakeimagecacherepository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace Kiln {

struct Worker;

// How the rows of one image stand, for the summary bar.
struct CacheCounts
{
    int ready = 0;
    int building = 0; // pending or building
    int failed = 0;
    int evicted = 0;
    int notWarmed = 0; // a target without a row yet

    int total() const { return ready + building + failed + evicted + notWarmed; }
    friend bool operator==(const CacheCounts &, const CacheCounts &) = default;
};

// The cache view of ONE bake image: one row per targeted worker (ordered by
// worker name) with its status, error text, updated time, content checksum and
// size. setRows() replaces everything with one reset (a new image, a reload);
// upsert() takes a row as WarmService::entryChanged emits it and signals exactly
// one insert or one dataChanged (nothing when nothing changed); data() never queries.
class CacheEntryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WorkerColumn,
        StatusColumn,
        ErrorColumn,
        UpdatedColumn,
        Sha256Column,
        SizeColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        WorkerIdRole = Qt::UserRole + 1,
        WorkerNameRole, // QString
        StatusRole,     // int: a WorkerCacheStatus, -1 for a target not warmed yet
        StatusNameRole, // QString: "pending" ... "evicted", "" when not warmed
        ErrorRole,      // QString
        UpdatedAtRole,  // qint64 ms since the epoch, 0 when never
        Sha256Role,     // QString: the full hex checksum
        SizeRole,       // qint64, invalid when not known
        SortRole,       // the raw value of the cell's column
    };
    Q_ENUM(Role)

    explicit CacheEntryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The image shown; upsert() ignores rows of other images.
    QString imageId() const { return m_imageId; }
    // Every row at once (one reset): the stored rows of `imageId`, and a "not
    // warmed" row for each target without one.
    void setRows(const QString &imageId, const QList<CacheEntry> &entries, const QList<Worker> &targets);
    void clear();
    // One row of the shown image: exactly one insert (a worker not shown yet) or
    // one dataChanged over the cells that differ. Returns false when it was ignored
    // (another image) or changed nothing.
    bool upsert(const CacheEntry &entry);

    int rowOfWorker(const QString &workerId) const { return m_rowOf.value(workerId, -1); }
    CacheEntry entry(int row) const { return m_rows.at(row).entry; }
    bool isWarmed(int row) const { return m_rows.at(row).warmed; }
    CacheCounts counts() const;
    // A row is pending or building.
    bool isBusy() const;

    // "pending" ... in the user's words ("Building", "Not warmed", ...).
    static QString statusText(const CacheEntry &entry, bool warmed);
    // "2 queued, 1 ready, 0 failed, 0 skipped".
    static QString summaryText(const WarmSummary &summary);
    // "3 workers: 2 ready, 1 building, 0 failed" (and evicted / not warmed when any).
    static QString countsText(const CacheCounts &counts);

private:
    struct Row
    {
        CacheEntry entry;
        bool warmed = true; // false: a target without a stored row
    };
    void reindex(int from);

    QString m_imageId;
    QList<Row> m_rows;
    QHash<QString, int> m_rowOf; // worker id -> row
};

} // namespace Kiln
