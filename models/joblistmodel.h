#pragma once

#include "store/jobrepository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

#include <functional>

namespace Kiln {

class Catalogue;

// The build jobs of one spec, newest first.
//
// The Duration cells of running jobs tick: a 1 s timer emits dataChanged for
// exactly those cells, and stops when no job runs.
class JobListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        UpdatedColumn,
        RevisionColumn,
        StatusColumn,
        DurationColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        JobIdRole = Qt::UserRole + 1,
        RevisionIdRole,  // QString
        StatusRole,      // int(JobStatus)
        UpdatedAtRole,   // qint64 ms since the epoch
        DurationMsRole,  // qint64, -1 when not started
        LogPathRole,     // QString
        TargetImageRole, // QString
        ErrorTextRole,   // QString
        CanCancelRole,   // bool: queued or running
        CanRebuildRole,  // bool: final
        WorkerIdRole,    // QString: the worker it ran on, empty when built here
        WorkerNameRole,  // QString: that worker's name (setWorkerNames()), else its id
    };

    explicit JobListModel(const Catalogue &catalogue, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Loads the spec's jobs (newest first, at most 500) and its revisions (a reset).
    // An empty id clears the model.
    void setSpec(const QString &specId);
    QString specId() const { return m_specId; }
    BuildJob job(int row) const { return m_jobs.at(row); }
    QModelIndex indexOfJob(const QString &jobId) const;

    // A job of this spec (BakeService::jobChanged): its row changes, or a new
    // row appears at the top. Jobs of other specs are ignored.
    void applyJob(const BuildJob &job);

    // The names of the workers (id -> name) jobs ran on: a job run on a worker
    // shows "Succeeded on gpu-1". Rows whose worker's name changes are updated.
    void setWorkerNames(const QHash<QString, QString> &names);

    // "1 min 05 s", "2 h 03 min", "12 s". Translated.
    static QString formatDuration(qint64 ms);
    // Tests replace the clock the running durations are measured with.
    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }
    bool isTicking() const { return m_tick.isActive(); }

Q_SIGNALS:
    // The catalogue could not be read: a sentence naming what failed.
    void problem(const QString &message);

private:
    qint64 durationMs(const BuildJob &job) const;
    QString revisionTag(const QString &revisionId) const;
    void updateTicking();
    void tick();

    const Catalogue &m_catalogue;
    QString m_specId;
    QList<BuildJob> m_jobs;
    QHash<QString, QString> m_tags;        // revision id -> short tag (first 12 of the content hash)
    QHash<QString, QString> m_workerNames; // worker id -> name
    QTimer m_tick;
    std::function<qint64()> m_clock;
};

} // namespace Kiln
