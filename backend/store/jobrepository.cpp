#include "jobrepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

constexpr int kMaxListSize = 10000;
constexpr qsizetype kIdsPerQuery = 500;

const QString kJobColumns = u"j.id, j.spec_id, j.revision_id, j.status, j.created_at, j.started_at, "
                            "j.finished_at, j.updated_at, j.log_path, j.error_text, j.target_image, "
                            "j.pushed_digest, j.worker_id, j.containerfile, j.runner, j.engine, "
                            "j.cancel_requested"_s;

BuildJob readJob(const QSqlQuery &q)
{
    BuildJob job;
    job.id = q.value(0).toString();
    job.specId = q.value(1).toString();
    job.revisionId = q.value(2).toString();
    // The CHECK constraint admits only known names.
    job.status = jobStatusFromName(q.value(3).toString()).value_or(JobStatus::Queued);
    job.createdAt = q.value(4).toLongLong();
    job.startedAt = StoreSql::optionalInt(q.value(5));
    job.finishedAt = StoreSql::optionalInt(q.value(6));
    job.updatedAt = q.value(7).toLongLong();
    job.logPath = StoreSql::text(q.value(8));
    job.errorText = StoreSql::text(q.value(9));
    job.targetImage = StoreSql::text(q.value(10));
    job.pushedDigest = StoreSql::text(q.value(11));
    job.workerId = StoreSql::text(q.value(12));
    job.containerfile = StoreSql::text(q.value(13));
    job.runner = StoreSql::text(q.value(14));
    job.engine = StoreSql::text(q.value(15));
    job.cancelRequested = q.value(16).toBool();
    return job;
}

// At most `limit` jobs: "WHERE ... ORDER BY ..." is `whereAndOrder`, bound with :limit.
Result<QList<BuildJob>, StoreError> listJobs(const Catalogue &catalogue, int limit,
                                             const QString &whereAndOrder, StoreSql::Bindings bindings,
                                             const QString &action)
{
    if (limit < 1 || limit > kMaxListSize)
        return StoreError{StoreError::Code::Invalid,
                          u"A list of jobs holds 1 to %1 rows, not %2."_s.arg(kMaxListSize).arg(limit)};
    bindings.append({u":limit"_s, limit});
    return StoreSql::selectAll(
        catalogue, u"SELECT %1 FROM build_jobs j %2 LIMIT :limit"_s.arg(kJobColumns, whereAndOrder), bindings,
        action, readJob);
}

} // namespace

Result<BuildJob, StoreError> JobRepository::create(const NewJob &request) const
{
    const QString action = u"queue a build of the revision %1"_s.arg(quoted(request.revisionId));
    auto write = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!write.ok())
        return write.error();
    StoreSql::Session &s = write.value().session;
    StoreSql::Transaction &transaction = write.value().transaction;
    auto revision = s.exec(u"SELECT spec_id FROM spec_revisions WHERE id = :id"_s,
                           {{u":id"_s, request.revisionId}}, action);
    if (!revision.ok())
        return revision.error();
    if (!revision.value().next())
        return StoreSql::notFound(u"spec revision"_s, u"id"_s, request.revisionId);
    BuildJob job;
    job.id = StoreSql::newId();
    job.specId = revision.value().value(0).toString();
    job.revisionId = request.revisionId;
    job.createdAt = job.updatedAt = s.now;
    job.logPath = request.logPath;
    job.targetImage = request.targetImage;
    job.workerId = request.workerId;
    revision.value().finish();

    auto inserted =
        s.exec(u"INSERT INTO build_jobs (id, spec_id, revision_id, status, created_at, updated_at, "
               "log_path, target_image, worker_id) VALUES (:id, :spec, :rev, 'queued', :created, "
               ":updated, :log, :target, :worker)"_s,
               {{u":id"_s, job.id},
                {u":spec"_s, job.specId},
                {u":rev"_s, job.revisionId},
                {u":created"_s, qlonglong(job.createdAt)},
                {u":updated"_s, qlonglong(job.updatedAt)},
                {u":log"_s, StoreSql::nullableText(job.logPath)},
                {u":target"_s, job.targetImage.isNull() ? u""_s : job.targetImage},
                {u":worker"_s, StoreSql::nullableText(job.workerId)}},
               action);
    if (!inserted.ok()) {
        if (inserted.error().code == StoreError::Code::NotFound && !request.workerId.isEmpty())
            return StoreSql::notFound(u"worker"_s, u"id"_s, request.workerId);
        return inserted.error();
    }
    auto committed = transaction.commit(action);
    if (!committed.ok())
        return committed.error();
    return job;
}

Result<BuildJob, StoreError> JobRepository::get(const QString &id) const
{
    return StoreSql::selectOne(
        m_catalogue, u"SELECT %1 FROM build_jobs j WHERE j.id = :id"_s.arg(kJobColumns), {{u":id"_s, id}},
        u"read the build job %1"_s.arg(quoted(id)), readJob, StoreSql::notFound(u"build job"_s, u"id"_s, id));
}

Result<BuildJob, StoreError> JobRepository::transition(const QString &id, const JobTransition &change) const
{
    QStringList from;
    for (JobStatus status : {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed,
                             JobStatus::Cancelled, JobStatus::Interrupted}) {
        if (canTransition(status, change.to))
            from << u"'"_s + jobStatusName(status) + u"'"_s;
    }
    if (from.isEmpty())
        return StoreError{StoreError::Code::Invalid,
                          u"A build job never becomes %1 again."_s.arg(jobStatusName(change.to))};

    QStringList set{u"status = :to"_s, u"updated_at = :now"_s};
    StoreSql::Bindings bindings{{u":to"_s, jobStatusName(change.to)}, {u":id"_s, id}};
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    bindings.append({u":now"_s, qlonglong(s.now)});
    if (change.to == JobStatus::Running) {
        set << u"started_at = :started"_s;
        bindings.append({u":started"_s, qlonglong(s.now)});
    }
    if (isFinal(change.to)) {
        set << u"finished_at = :finished"_s;
        bindings.append({u":finished"_s, qlonglong(s.now)});
    }
    const std::pair<QString, const QString *> optional[] = {{u"error_text"_s, &change.errorText},
                                                            {u"pushed_digest"_s, &change.pushedDigest},
                                                            {u"worker_id"_s, &change.workerId},
                                                            {u"log_path"_s, &change.logPath}};
    for (const auto &[column, value] : optional) {
        if (value->isEmpty())
            continue;
        set << u"%1 = :%1"_s.arg(column);
        bindings.append({u":"_s + column, *value});
    }
    const QString action = u"mark the build job %1 as %2"_s.arg(quoted(id), jobStatusName(change.to));
    auto updated = s.exec(u"UPDATE build_jobs SET %1 WHERE id = :id AND status IN (%2)"_s.arg(
                              set.join(u", "_s), from.join(u", "_s)),
                          bindings, action);
    if (!updated.ok()) {
        if (updated.error().code == StoreError::Code::NotFound && !change.workerId.isEmpty())
            return StoreSql::notFound(u"worker"_s, u"id"_s, change.workerId);
        return updated.error();
    }
    if (updated.value().numRowsAffected() == 0) {
        auto current = get(id);
        if (!current.ok())
            return current.error();
        return StoreError{StoreError::Code::Invalid,
                          u"The build job %1 is %2; it cannot become %3."_s.arg(
                              quoted(id), jobStatusName(current.value().status), jobStatusName(change.to))};
    }
    return get(id);
}

Result<QList<BuildJob>, StoreError> JobRepository::listBySpec(const QString &specId, int limit) const
{
    return listJobs(m_catalogue, limit, u"WHERE j.spec_id = :spec ORDER BY j.created_at DESC, j.id DESC"_s,
                    {{u":spec"_s, specId}}, u"list the build jobs of the spec %1"_s.arg(quoted(specId)));
}

Result<QList<BuildJob>, StoreError> JobRepository::listRecent(int limit) const
{
    return listJobs(m_catalogue, limit, u"ORDER BY j.created_at DESC, j.id DESC"_s, {},
                    u"list the build jobs"_s);
}

Result<QList<BuildJob>, StoreError> JobRepository::listByRevision(const QString &revisionId, int limit) const
{
    return listJobs(m_catalogue, limit, u"WHERE j.revision_id = :rev ORDER BY j.created_at DESC, j.id DESC"_s,
                    {{u":rev"_s, revisionId}},
                    u"list the build jobs of the revision %1"_s.arg(quoted(revisionId)));
}

Result<std::optional<BuildJob>, StoreError> JobRepository::claimNext(const QString &runner,
                                                                     const QString &logDirectory) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString action = u"claim the next queued build job"_s;
    // Another runner may take the oldest job between the two statements: then try
    // the next one. The UPDATE's status condition makes the claim atomic.
    for (int attempt = 0; attempt < 16; ++attempt) {
        auto next = s.exec(u"SELECT id FROM build_jobs WHERE status = 'queued' AND worker_id IS NULL "
                           "ORDER BY created_at, id LIMIT 1"_s,
                           {}, action);
        if (!next.ok())
            return next.error();
        if (!next.value().next())
            return std::optional<BuildJob>();
        const QString id = next.value().value(0).toString();
        next.value().finish();
        const QString logPath = logDirectory + u'/' + id + u".log"_s;
        auto claimed =
            s.exec(u"UPDATE build_jobs SET status = 'running', runner = :runner, started_at = :started, "
                   "updated_at = :updated, log_path = :log WHERE id = :id AND status = 'queued'"_s,
                   {{u":runner"_s, runner},
                    {u":started"_s, qlonglong(s.now)},
                    {u":updated"_s, qlonglong(s.now)},
                    {u":log"_s, logPath},
                    {u":id"_s, id}},
                   action);
        if (!claimed.ok())
            return claimed.error();
        if (claimed.value().numRowsAffected() == 1) {
            auto job = get(id);
            if (!job.ok())
                return job.error();
            return std::optional<BuildJob>(job.value());
        }
    }
    return StoreError{StoreError::Code::Busy, u"Other bake services keep taking the queued jobs first."_s};
}

Result<Done, StoreError> JobRepository::recordBuild(const QString &id, const QString &containerfile,
                                                    const QString &engine) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(u"UPDATE build_jobs SET containerfile = :file, engine = :engine, updated_at = :now "
                          "WHERE id = :id AND status = 'running'"_s,
                          {{u":file"_s, StoreSql::nullableText(containerfile)},
                           {u":engine"_s, StoreSql::nullableText(engine)},
                           {u":now"_s, qlonglong(s.now)},
                           {u":id"_s, id}},
                          u"record what the build job %1 builds"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() == 0)
        return StoreError{StoreError::Code::Invalid, u"The build job %1 is not running."_s.arg(quoted(id))};
    return Done{};
}

Result<BuildJob, StoreError> JobRepository::requestCancel(const QString &id) const
{
    auto current = get(id);
    if (!current.ok())
        return current.error();
    if (current.value().status == JobStatus::Queued) {
        auto cancelled =
            transition(id, {JobStatus::Cancelled, u"Cancelled before it started."_s, {}, {}, {}});
        // It may have started meanwhile: then ask its runner like for any running job.
        if (cancelled.ok() || cancelled.error().code != StoreError::Code::Invalid)
            return cancelled;
    }
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(u"UPDATE build_jobs SET cancel_requested = TRUE, updated_at = :now "
                          "WHERE id = :id AND status = 'running'"_s,
                          {{u":now"_s, qlonglong(s.now)}, {u":id"_s, id}},
                          u"ask to cancel the build job %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() == 0) {
        auto after = get(id);
        if (!after.ok())
            return after.error();
        return StoreError{StoreError::Code::Invalid, u"The build job %1 is already %2."_s.arg(
                                                         quoted(id), jobStatusName(after.value().status))};
    }
    return get(id);
}

Result<QStringList, StoreError> JobRepository::cancelRequests(const QString &runner) const
{
    return StoreSql::selectAll(
        m_catalogue,
        u"SELECT id FROM build_jobs WHERE runner = :runner AND status = 'running' AND cancel_requested = TRUE"_s,
        {{u":runner"_s, runner}}, u"read the cancel requests"_s,
        [](const QSqlQuery &q) { return q.value(0).toString(); });
}

Result<QList<BuildJob>, StoreError> JobRepository::listByStatus(JobStatus status, int limit) const
{
    return listJobs(m_catalogue, limit, u"WHERE j.status = :status ORDER BY j.created_at, j.id"_s,
                    {{u":status"_s, jobStatusName(status)}},
                    u"list the %1 build jobs"_s.arg(jobStatusName(status)));
}

Result<std::optional<BuildJob>, StoreError> JobRepository::latestForSpec(const QString &specId) const
{
    auto jobs = listBySpec(specId, 1);
    if (!jobs.ok())
        return jobs.error();
    if (jobs.value().isEmpty())
        return std::optional<BuildJob>();
    return std::optional<BuildJob>(jobs.value().constFirst());
}

Result<QHash<QString, BuildJob>, StoreError> JobRepository::latestPerSpec(const QStringList &specIds) const
{
    QHash<QString, BuildJob> out;
    if (specIds.isEmpty())
        return out;
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    for (qsizetype start = 0; start < specIds.size(); start += kIdsPerQuery) {
        const QStringList chunk = specIds.mid(start, kIdsPerQuery);
        QStringList placeholders;
        StoreSql::Bindings bindings;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            placeholders << u":s%1"_s.arg(i);
            bindings.append({placeholders.constLast(), chunk[i]});
        }
        auto query = session.value().exec(
            u"SELECT %1 FROM build_jobs j WHERE j.spec_id IN (%2) AND j.id = (SELECT k.id FROM build_jobs k "
            "WHERE k.spec_id = j.spec_id ORDER BY k.created_at DESC, k.id DESC LIMIT 1)"_s.arg(
                kJobColumns, placeholders.join(u", "_s)),
            bindings, u"read the latest build jobs"_s);
        auto jobs = StoreSql::readAll(query, readJob);
        if (!jobs.ok())
            return jobs.error();
        for (const BuildJob &job : std::as_const(jobs.value()))
            out.insert(job.specId, job);
    }
    return out;
}

Result<int, StoreError> JobRepository::markRunningInterrupted(InterruptScope scope) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    auto updated = s.exec(u"UPDATE build_jobs SET status = 'interrupted', finished_at = :finished, "
                          "updated_at = :now, error_text = COALESCE(error_text, :reason) "
                          "WHERE status = 'running'%1"_s.arg(
                              scope == InterruptScope::LocalOnly ? u" AND worker_id IS NULL"_s : QString()),
                          {{u":finished"_s, qlonglong(s.now)},
                           {u":now"_s, qlonglong(s.now)},
                           {u":reason"_s, u"Kiln stopped while this build was running."_s}},
                          u"mark running build jobs as interrupted"_s);
    if (!updated.ok())
        return updated.error();
    return updated.value().numRowsAffected();
}

} // namespace Kiln
