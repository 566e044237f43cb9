#include "workerjobsmodel.h"

#include "jobstatusdisplay.h"

#include <QLocale>
#include <QSet>

#include <limits>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString jobIdOf(const WorkerJob &job)
{
    return job.id;
}

// Orders the rows newest first (KeyedRows orders by this text, ascending).
QString newestFirstKey(const WorkerJob &job)
{
    const qint64 created = job.createdAt.isValid() ? job.createdAt.toMSecsSinceEpoch() : 0;
    return QString::number(std::numeric_limits<qint64>::max() - created).rightJustified(19, u'0') + u' ' +
           job.id;
}

QList<int> differingColumns(const WorkerJob &a, const WorkerJob &b)
{
    using M = WorkerJobsModel;
    QList<int> columns;
    if (a.targetImage != b.targetImage || a.createdAt != b.createdAt)
        columns.append(M::IdColumn);
    if (a.specName != b.specName)
        columns.append(M::SpecColumn);
    if (a.revision != b.revision)
        columns.append(M::RevisionColumn);
    if (a.status != b.status || a.error != b.error || a.finishedAt != b.finishedAt)
        columns.append(M::StatusColumn);
    if (a.updatedAt != b.updatedAt)
        columns.append(M::UpdatedColumn);
    if (columns.isEmpty())
        return {};
    return {columns.first(), columns.last()};
}

} // namespace

WorkerJobsModel::WorkerJobsModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_rows(this, jobIdOf, newestFirstKey)
{}

int WorkerJobsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows.size();
}

int WorkerJobsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerJobsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerJob &job = m_rows.at(index.row());
    switch (role) {
    case JobIdRole:
        return job.id;
    case SpecNameRole:
        return job.specName;
    case RevisionRole:
        return job.revision;
    case StatusRole:
        return int(job.status);
    case RunningRole:
        return !job.isFinished();
    case ErrorRole:
        return job.error;
    case TargetImageRole:
        return job.targetImage;
    case CreatedAtRole:
        return job.createdAt.isValid() ? job.createdAt.toMSecsSinceEpoch() : qint64(0);
    case UpdatedAtRole:
        return job.updatedAt.isValid() ? job.updatedAt.toMSecsSinceEpoch() : qint64(0);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case IdColumn:
            return job.id;
        case SpecColumn:
            return job.specName;
        case RevisionColumn:
            return job.revision;
        case StatusColumn:
            return jobStatusText(job.status);
        case UpdatedColumn:
            return job.updatedAt.isValid()
                       ? QLocale().toString(job.updatedAt.toLocalTime(), QLocale::ShortFormat)
                       : QString();
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !job.error.isEmpty())
            return job.error;
        if (index.column() == IdColumn || index.column() == SpecColumn)
            return job.targetImage.isEmpty() ? job.id : tr("%1 \u2192 %2").arg(job.id, job.targetImage);
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return jobStatusIcon(job.status);
        break;
    default:
        break;
    }
    return {};
}

QVariant WorkerJobsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case IdColumn:
        return tr("Job");
    case SpecColumn:
        return tr("Spec");
    case RevisionColumn:
        return tr("Revision");
    case StatusColumn:
        return tr("Status");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

void WorkerJobsModel::setJobs(const QList<WorkerJob> &jobs)
{
    QSet<QString> ids;
    for (const WorkerJob &job : jobs)
        ids.insert(job.id);
    QStringList gone;
    for (const WorkerJob &job : m_rows) {
        if (!ids.contains(job.id))
            gone.append(job.id);
    }
    for (const QString &id : std::as_const(gone))
        m_rows.remove(id);
    for (const WorkerJob &job : jobs) {
        int row = m_rows.rowOf(job.id);
        if (row < 0) {
            m_rows.insert(job);
            continue;
        }
        const QList<int> columns = differingColumns(m_rows.at(row), job);
        if (columns.isEmpty())
            continue;
        const bool moved = newestFirstKey(m_rows.at(row)) != newestFirstKey(job);
        m_rows[row] = job;
        if (moved)
            row = m_rows.reposition(row);
        m_rows.changed(row, columns.first(), columns.last());
    }
}

void WorkerJobsModel::clear()
{
    if (!m_rows.isEmpty())
        m_rows.reset({});
}

} // namespace Kiln
