#pragma once

#include "store/jobrepository.h"
#include "store/specrepository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include <optional>

namespace Kiln {

class Catalogue;
class CatalogueLoader;

// The Image Builder list: one row per spec, for catalogues of 100k specs and more.
//
// Rows are loaded lazily in keyset pages (SpecRepository::list) off the GUI
// thread (QtConcurrent, the pool thread's own catalogue connection): the model
// starts empty, canFetchMore() is true until the last page has arrived, and each
// fetchMore() appends one page with beginInsertRows. data() never queries.
// A new query (filter, order, reload) resets the model; everything else
// (applyJob, applyPhase, specSaved, specRemoved) changes exactly the rows and
// cells concerned.
//
// The Updated column is the spec's own updated_at (a new revision), the key of
// the "updated" order; job transitions do not change it.
class SpecListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        StatusColumn,
        ImageColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        SpecIdRole = Qt::UserRole + 1,
        NameRole,        // QString
        StatusRole,      // int(JobStatus) of the newest job, -1 when never built
        ImageRole,       // QString: target image of the newest succeeded job
        UpdatedAtRole,   // qint64 ms since the epoch
        LatestJobIdRole, // QString, empty when never built
        PhaseRole,       // QString: what the running job does ("Pushing ..."), else empty
        RunningRole,     // bool: the newest job is queued or running
    };

    static constexpr int kDefaultPageSize = 500;

    // Destroying the model waits for a page still being read (the catalogue must
    // outlive that read).
    explicit SpecListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Rows per page (1..10000); applies from the next page on.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }

    // Only specs whose name contains `text` (case-insensitive); a new query (reset).
    void setNameFilter(const QString &text);
    QString nameFilter() const { return m_filter; }
    // The order pages are read in; a new query (reset) when it changes.
    void setCatalogueOrder(SpecSort sort, bool descending);
    SpecSort catalogueSort() const { return m_sort; }
    bool catalogueDescending() const { return m_descending; }
    // Reads everything again (reset) and loads the first page.
    void reload();

    // Specs matching the filter in the catalogue (not only the loaded ones); -1
    // until the count that runs with the first page has arrived.
    qint64 totalCount() const { return m_total; }
    // A page is being read.
    bool isLoading() const { return m_loading; }
    // Every page of the current query has been loaded.
    bool isComplete() const { return m_atEnd; }

    QModelIndex indexOfSpec(const QString &specId) const;
    SpecSummary summaryAt(int row) const { return m_rows.at(row).summary; }

    // A stored job transition (BakeService::jobChanged): the spec's Status (and
    // Image, when it changed) cells change with one dataChanged. A spec not loaded
    // is inserted only when it falls inside the loaded range (created elsewhere).
    void applyJob(const BuildJob &job);
    // BakeService::jobPhase: shown after "Running" for jobs applyJob saw queued or running.
    void applyPhase(const QString &jobId, const QString &phase);
    // Re-reads one spec: updates (or moves) its row, inserts it at its sorted
    // place when it falls inside the loaded range, removes it when it left it.
    void specSaved(const QString &specId);
    // The spec was deleted: its row goes.
    void specRemoved(const QString &specId);

Q_SIGNALS:
    // A page arrived (after its rows were inserted).
    void pageLoaded(int rows);
    void totalCountChanged(qint64 count);
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

public:
    struct Row
    {
        SpecSummary summary;
        QString latestJobId;
        qint64 latestJobCreatedAt = 0;
        QString errorText; // of the newest job
        QString phase;     // of the newest job while it runs
    };
    struct Page
    {
        QList<Row> rows;
        std::optional<SpecCursor> next;
        std::optional<qint64> total; // counted with the first page
        QString error;
    };

private:
    void startQuery();
    void requestPage();
    void onPage(const Page &page);
    void startRecount();
    void refreshSpec(const QString &specId, bool mayBeNew);
    bool lessThan(const SpecSummary &a, const SpecSummary &b) const;
    bool lessThanCursor(const SpecSummary &a, const SpecCursor &cursor) const;
    bool withinLoadedRange(const SpecSummary &summary) const;
    bool matchesFilter(const QString &name) const;
    int insertionRow(const SpecSummary &summary) const;
    void insertRow(int row, const Row &data);
    void removeRowAt(int row);
    void reindex(int from, int to);
    bool mergeJob(Row &row, const BuildJob &job, int *firstColumn, int *lastColumn);

    const Catalogue &m_catalogue;
    CatalogueLoader *m_loader = nullptr; // pages and recounts, off the GUI thread
    QList<Row> m_rows;
    QHash<QString, int> m_rowOfSpec;
    QHash<QString, QString> m_specOfJob;         // queued/running jobs seen by applyJob
    QHash<QString, BuildJob> m_jobsWhileLoading; // applied to the page in flight
    QSet<QString> m_removedWhileLoading;
    QString m_filter;
    SpecSort m_sort = SpecSort::Name;
    bool m_descending = false;
    int m_pageSize = kDefaultPageSize;
    std::optional<SpecCursor> m_cursor; // key of the last loaded row of the last page
    bool m_atEnd = false;
    bool m_loading = false;
    bool m_failed = false;
    qint64 m_total = -1;
};

} // namespace Kiln
