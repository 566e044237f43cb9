#pragma once

#include "keyedrows.h"
#include "remote/workerapi.h"

#include <QAbstractTableModel>

namespace Kiln {

// The build jobs of one worker (GET /api/v1/jobs), newest first: id, spec,
// revision, status and updated time.
//
// setJobs() takes the worker's latest answer and changes exactly what differs:
// jobs gone are removed, new ones inserted at their place, changed ones get one
// dataChanged over the cells that differ. clear() (another worker) is one reset.
class WorkerJobsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IdColumn,
        SpecColumn,
        RevisionColumn,
        StatusColumn,
        UpdatedColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        JobIdRole = Qt::UserRole + 1, // QString
        SpecNameRole,                 // QString
        RevisionRole,                 // qint64
        StatusRole,                   // int(JobStatus)
        RunningRole,                  // bool: queued or running
        ErrorRole,                    // QString
        TargetImageRole,              // QString
        CreatedAtRole,                // qint64 ms since the epoch
        UpdatedAtRole,                // qint64 ms since the epoch
    };
    Q_ENUM(Role)

    explicit WorkerJobsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setJobs(const QList<WorkerJob> &jobs);
    void clear();
    WorkerJob job(int row) const { return m_rows.at(row); }
    QModelIndex indexOfJob(const QString &id) const { return m_rows.indexOf(id); }

private:
    template <typename, typename>
    friend class KeyedRows;

    KeyedRows<WorkerJobsModel, WorkerJob> m_rows;
};

} // namespace Kiln
