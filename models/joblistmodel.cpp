#include "joblistmodel.h"

#include "jobstatusdisplay.h"
#include "store/specrepository.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr int kTagLength = 12;

bool isActive(JobStatus status)
{
    return status == JobStatus::Queued || status == JobStatus::Running;
}

} // namespace

JobListModel::JobListModel(const Catalogue &catalogue, QObject *parent)
    : QAbstractTableModel(parent)
    , m_catalogue(catalogue)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &JobListModel::tick);
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BuildJob &job = m_jobs.at(index.row());
    switch (role) {
    case JobIdRole:
        return job.id;
    case RevisionIdRole:
        return job.revisionId;
    case StatusRole:
        return int(job.status);
    case UpdatedAtRole:
        return job.updatedAt;
    case DurationMsRole:
        return durationMs(job);
    case LogPathRole:
        return job.logPath;
    case TargetImageRole:
        return job.targetImage;
    case ErrorTextRole:
        return job.errorText;
    case CanCancelRole:
        return isActive(job.status);
    case CanRebuildRole:
        return isFinal(job.status);
    case WorkerIdRole:
        return job.workerId;
    case WorkerNameRole:
        return job.workerId.isEmpty() ? QString() : m_workerNames.value(job.workerId, job.workerId);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case UpdatedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(job.updatedAt).toLocalTime(),
                                      QLocale::ShortFormat);
        case RevisionColumn:
            return revisionTag(job.revisionId);
        case StatusColumn:
            if (!job.workerId.isEmpty())
                return tr("%1 on %2", "status on worker")
                    .arg(jobStatusText(job.status), m_workerNames.value(job.workerId, tr("a worker")));
            return jobStatusText(job.status);
        case DurationColumn: {
            const qint64 ms = durationMs(job);
            return ms < 0 ? QString() : formatDuration(ms);
        }
        case ColumnCount:
            break;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StatusColumn)
            return jobStatusIcon(job.status);
        break;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !job.errorText.isEmpty())
            return tr("%1: %2", "status: error").arg(jobStatusText(job.status), job.errorText);
        if (index.column() == RevisionColumn)
            return job.targetImage.isEmpty() ? job.revisionId : job.targetImage;
        return data(index, Qt::DisplayRole);
    default:
        break;
    }
    return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case UpdatedColumn:
        return tr("Updated");
    case RevisionColumn:
        return tr("Revision");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    case ColumnCount:
        break;
    }
    return {};
}

void JobListModel::setSpec(const QString &specId)
{
    QList<BuildJob> jobs;
    QHash<QString, QString> tags;
    if (!specId.isEmpty()) {
        auto listed = JobRepository(m_catalogue).listBySpec(specId);
        if (!listed.ok())
            Q_EMIT problem(tr("Could not load the builds of the spec: %1").arg(listed.error().message));
        else
            jobs = listed.value();
        auto revisions = SpecRepository(m_catalogue).revisions(specId);
        if (revisions.ok()) {
            for (const SpecRevision &revision : std::as_const(revisions.value()))
                tags.insert(revision.id, revision.content.contentHash.left(kTagLength));
        } else if (listed.ok()) {
            Q_EMIT problem(tr("Could not load the revisions of the spec: %1").arg(revisions.error().message));
        }
    }
    beginResetModel();
    m_specId = specId;
    m_jobs = jobs;
    m_tags = tags;
    endResetModel();
    updateTicking();
}

QModelIndex JobListModel::indexOfJob(const QString &jobId) const
{
    for (int row = 0; row < m_jobs.size(); ++row) {
        if (m_jobs.at(row).id == jobId)
            return index(row, 0);
    }
    return {};
}

void JobListModel::applyJob(const BuildJob &job)
{
    if (m_specId.isEmpty() || job.specId != m_specId)
        return;
    if (!m_tags.contains(job.revisionId)) {
        auto revision = SpecRepository(m_catalogue).revision(job.revisionId);
        if (revision.ok())
            m_tags.insert(job.revisionId, revision.value().content.contentHash.left(kTagLength));
    }
    const QModelIndex existing = indexOfJob(job.id);
    if (existing.isValid()) {
        const int row = existing.row();
        if (m_jobs.at(row) != job) {
            m_jobs[row] = job;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    } else {
        beginInsertRows({}, 0, 0);
        m_jobs.prepend(job);
        endInsertRows();
    }
    updateTicking();
}

void JobListModel::setWorkerNames(const QHash<QString, QString> &names)
{
    const QHash<QString, QString> old = std::exchange(m_workerNames, names);
    for (int row = 0; row < m_jobs.size(); ++row) {
        const QString &worker = m_jobs.at(row).workerId;
        if (!worker.isEmpty() && old.value(worker) != names.value(worker))
            Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
    }
}

QString JobListModel::formatDuration(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

qint64 JobListModel::durationMs(const BuildJob &job) const
{
    if (!job.startedAt)
        return -1;
    const qint64 end = job.finishedAt ? *job.finishedAt : m_clock();
    return std::max<qint64>(0, end - *job.startedAt);
}

QString JobListModel::revisionTag(const QString &revisionId) const
{
    const auto tag = m_tags.constFind(revisionId);
    return tag != m_tags.cend() ? *tag : revisionId.left(kTagLength);
}

void JobListModel::updateTicking()
{
    bool running = false;
    for (const BuildJob &job : std::as_const(m_jobs)) {
        if (job.status == JobStatus::Running && !job.finishedAt) {
            running = true;
            break;
        }
    }
    if (running && !m_tick.isActive())
        m_tick.start();
    else if (!running)
        m_tick.stop();
}

void JobListModel::tick()
{
    for (int row = 0; row < m_jobs.size(); ++row) {
        const BuildJob &job = m_jobs.at(row);
        if (job.status == JobStatus::Running && !job.finishedAt) {
            const QModelIndex cell = index(row, DurationColumn);
            Q_EMIT dataChanged(cell, cell, {Qt::DisplayRole, DurationMsRole});
        }
    }
}

} // namespace Kiln
