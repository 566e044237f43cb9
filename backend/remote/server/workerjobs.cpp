// The builds and jobs endpoints of WorkerServer: run a spec revision, list, get and
// cancel jobs, and a job's log (its tail, or followed as a chunked stream).

#include "bake/bakeservice.h"
#include "bake/buildqueue.h"
#include "bake/specedit.h"
#include "domain/imagereference.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"
#include "workerreply.h"
#include "workerserver.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// How often a followed log is read again, and the most read at once.
constexpr int kFollowIntervalMs = 200;
constexpr qint64 kFollowReadBytes = 1024 * 1024;
// A follower waits while this much is still unsent (a slow reader).
constexpr qint64 kFollowHighWaterBytes = 4 * 1024 * 1024;
// The most a tail reads back from the end of a log.
constexpr qint64 kTailMaxBytes = 32 * 1024 * 1024;
// Finished jobs GET /jobs lists besides those queued or running.
constexpr int kFinishedJobsListed = 50;

// The JSON field of a spec validation error ("APT packages", line 3 -> "spec.apt[2]").
QString specField(const ValidationError &error)
{
    QString field;
    if (error.field.startsWith(u"APT"_s))
        field = u"spec.apt"_s;
    else if (error.field.startsWith(u"Conda"_s))
        field = u"spec.conda"_s;
    else if (error.field.startsWith(u"Pip"_s))
        field = u"spec.pip"_s;
    else if (error.field.startsWith(u"Base image"_s))
        return u"spec.baseImage"_s;
    else
        return u"spec"_s;
    return error.line > 0 ? field + u"[%1]"_s.arg(error.line - 1) : field;
}

// The last `lines` lines of the log at `path` and where they end (the next read
// starts there). Without `complete`, bytes after the last '\n' are not a line yet and
// are left out; with it (the job finished) they are the last line, given a '\n'.
struct LogSlice
{
    QByteArray text;
    qint64 end = 0;
};

LogSlice logTail(const QString &path, int lines, bool complete)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    const qint64 size = file.size();
    constexpr qint64 kBlock = 64 * 1024;
    qint64 stop = 0;
    if (complete) {
        stop = size;
    } else {
        for (qint64 at = size; at > 0 && size - at < kTailMaxBytes;) {
            const qint64 from = qMax<qint64>(0, at - kBlock);
            file.seek(from);
            const qsizetype newline = file.read(at - from).lastIndexOf('\n');
            if (newline >= 0) {
                stop = from + newline + 1;
                break;
            }
            at = from;
        }
    }
    // Back from the end of the slice (not counting a '\n' that ends it) to the
    // `lines`-th newline: the slice starts after it.
    qint64 searchEnd = stop;
    if (stop > 0) {
        file.seek(stop - 1);
        if (file.read(1) == "\n")
            searchEnd = stop - 1;
    }
    const qint64 limit = qMax<qint64>(0, stop - kTailMaxBytes);
    qint64 start = limit;
    int found = 0;
    for (qint64 at = searchEnd; at > limit && found < lines;) {
        const qint64 from = qMax(limit, at - kBlock);
        file.seek(from);
        const QByteArray block = file.read(at - from);
        for (qsizetype i = block.size() - 1; i >= 0; --i) {
            if (block.at(i) == '\n' && ++found == lines) {
                start = from + i + 1;
                break;
            }
        }
        at = from;
    }
    file.seek(start);
    LogSlice slice;
    slice.text = file.read(stop - start);
    slice.end = stop;
    if (!slice.text.isEmpty() && !slice.text.endsWith('\n'))
        slice.text += '\n';
    return slice;
}

} // namespace

// Sends a job's log as it grows to a WorkerStream, and ends the stream when the job
// has finished and everything was sent. A child of the server.
class JobLogFollower : public QObject
{
public:
    JobLogFollower(const Catalogue &catalogue, const QString &jobId, const QString &logPath, qint64 offset,
                   WorkerStream *stream, QObject *parent)
        : QObject(parent)
        , m_catalogue(catalogue)
        , m_jobId(jobId)
        , m_logPath(logPath)
        , m_offset(offset)
        , m_stream(stream)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(false); });
        m_timer.start(kFollowIntervalMs);
    }

    // Sends what is left now and ends (the worker is stopping).
    void finish() { tick(true); }

private:
    void tick(bool now)
    {
        if (!m_stream || m_stream->ended()) {
            stop();
            return;
        }
        if (!now && m_stream->pendingBytes() > kFollowHighWaterBytes)
            return;
        const auto job = JobRepository(m_catalogue).get(m_jobId);
        if (!job) {
            m_stream->end();
            stop();
            return;
        }
        if (m_logPath.isEmpty())
            m_logPath = job.value().logPath;
        const bool finished = isFinal(job.value().status);
        // After the final status, one more round: the service writes its last notes
        // to the log right after storing it.
        const bool last = now || (finished && m_sawFinal);
        readNew(last);
        if (last) {
            m_stream->end();
            stop();
            return;
        }
        m_sawFinal = finished;
    }

    void readNew(bool all)
    {
        if (m_logPath.isEmpty())
            return;
        QFile file(m_logPath);
        if (!file.open(QIODevice::ReadOnly))
            return;
        while (file.seek(m_offset)) {
            QByteArray data = file.read(kFollowReadBytes);
            if (data.isEmpty())
                return;
            const bool atEnd = data.size() < kFollowReadBytes;
            if (!all) {
                const qsizetype newline = data.lastIndexOf('\n');
                if (newline >= 0)
                    data.truncate(newline + 1);
                else if (atEnd)
                    return; // an unfinished line: wait for the rest
            }
            m_offset += data.size();
            if (all && atEnd && !data.endsWith('\n'))
                data += '\n';
            m_stream->write(data);
            if (atEnd || (!all && m_stream->pendingBytes() > kFollowHighWaterBytes))
                return;
        }
    }

    void stop()
    {
        m_timer.stop();
        deleteLater();
    }

    const Catalogue &m_catalogue;
    QString m_jobId;
    QString m_logPath;
    qint64 m_offset = 0;
    QPointer<WorkerStream> m_stream;
    QTimer m_timer;
    bool m_sawFinal = false;
};

WorkerJob WorkerServer::workerJob(const BuildJob &job) const
{
    WorkerJob out;
    out.id = job.id;
    out.status = job.status;
    out.targetImage = job.targetImage;
    out.error = job.errorText;
    out.createdAt = QDateTime::fromMSecsSinceEpoch(job.createdAt, Qt::UTC);
    out.updatedAt = QDateTime::fromMSecsSinceEpoch(job.updatedAt, Qt::UTC);
    if (job.finishedAt)
        out.finishedAt = QDateTime::fromMSecsSinceEpoch(*job.finishedAt, Qt::UTC);
    SpecRepository specs(m_catalogue);
    if (const auto spec = specs.get(job.specId))
        out.specName = spec.value().name;
    out.revision = m_jobRevisions.value(job.id);
    if (out.revision <= 0) {
        // A job from before a restart: the revision's number on this worker.
        out.revision = 1;
        if (const auto revisions = specs.revisions(job.specId)) {
            const QList<SpecRevision> &list = revisions.value(); // newest first
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (list.at(i).id == job.revisionId)
                    out.revision = list.size() - i;
            }
        }
    }
    return out;
}

void WorkerServer::runBuild(const QHttpServerRequest &request, WorkerReply &reply)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        reply.error(WorkerApiErrorCode::BadRequest,
                    u"The body is not valid JSON: %1 at offset %2."_s.arg(parseError.errorString())
                        .arg(parseError.offset));
        return;
    }
    const QJsonValue json =
        document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    const auto parsed = BuildRequest::fromJson(json);
    if (!parsed) {
        reply.error(parsed.error());
        return;
    }
    const BuildRequest &build = parsed.value();
    if (!build.targetImage.isEmpty()) {
        if (const auto target = parseImageReference(build.targetImage); !target) {
            reply.error(WorkerApiError{
                WorkerApiErrorCode::BadRequest,
                u"targetImage is not an image reference: "_s + target.error().describe(), u"targetImage"_s});
            return;
        }
    }

    // The spec of that name in this worker's catalogue, at the content sent.
    SpecRepository specs(m_catalogue);
    QString specId;
    if (const auto existing = specs.getByName(build.spec.name); existing) {
        specId = existing.value().id;
    } else if (existing.error().code != StoreError::Code::NotFound) {
        reply.error(workerErrorFromStore(existing.error()));
        return;
    }
    const SpecDraft draft{build.spec.baseImage, build.spec.apt, build.spec.conda, build.spec.pip, {}};
    const auto saved = saveSpec(m_catalogue, specId, build.spec.name, draft);
    if (!saved) {
        if (saved.error().invalid) {
            const ValidationError &invalid = *saved.error().invalid;
            const QString field = specField(invalid);
            reply.error(
                WorkerApiError{WorkerApiErrorCode::BadRequest, field + u": "_s + invalid.describe(), field});
        } else if (saved.error().store) {
            reply.error(workerErrorFromStore(*saved.error().store));
        }
        return;
    }
    const QString revisionId = saved.value().stored.revision.id;

    std::optional<BuildJob> job;
    if (build.targetImage.isEmpty()) {
        auto queued = BuildQueue(m_catalogue).enqueueRevision(revisionId, true);
        if (!queued) {
            const BakeError &error = queued.error();
            if (error.code == BakeError::Code::NoPushRegistry || error.code == BakeError::Code::Invalid)
                reply.error(WorkerApiError{WorkerApiErrorCode::BadRequest,
                                           u"targetImage is null and this worker cannot choose one: "_s +
                                               error.message,
                                           u"targetImage"_s});
            else
                reply.error(WorkerApiErrorCode::Internal, error.message);
            return;
        }
        job = queued.value().job;
    } else {
        auto created = JobRepository(m_catalogue).create(NewJob{revisionId, build.targetImage, {}, {}});
        if (!created) {
            reply.error(workerErrorFromStore(created.error()));
            return;
        }
        job = created.value();
    }
    // The bake service claims it on its next round.
    m_jobRevisions.insert(job->id, build.revision);
    reply.data(workerJob(*job).toJson(), 202);
}

void WorkerServer::listJobs(WorkerReply &reply)
{
    auto recent = JobRepository(m_catalogue).listRecent(500);
    if (!recent) {
        reply.error(workerErrorFromStore(recent.error()));
        return;
    }
    QList<WorkerJob> jobs;
    int finished = 0;
    for (const BuildJob &job : std::as_const(recent.value())) {
        if (isFinal(job.status) && ++finished > kFinishedJobsListed)
            continue;
        jobs.append(workerJob(job));
    }
    reply.data(workerJobsToJson(jobs));
}

std::optional<BuildJob> WorkerServer::findJob(WorkerReply &reply, const QString &id)
{
    auto job = JobRepository(m_catalogue).get(id);
    if (!job) {
        if (job.error().code == StoreError::Code::NotFound)
            reply.error(WorkerApiErrorCode::NotFound, u"This worker has no job %1."_s.arg(id));
        else
            reply.error(workerErrorFromStore(job.error()));
        return std::nullopt;
    }
    return job.value();
}

void WorkerServer::getJob(WorkerReply &reply, const QString &id)
{
    if (const auto job = findJob(reply, id))
        reply.data(workerJob(*job).toJson());
}

void WorkerServer::cancelJob(WorkerReply &reply, const QString &id)
{
    const auto job = findJob(reply, id);
    if (!job)
        return;
    if (isFinal(job->status)) {
        reply.error(WorkerApiErrorCode::Conflict,
                    u"Job %1 has already finished (%2): there is nothing to cancel."_s.arg(
                        id, jobStatusName(job->status)));
        return;
    }
    auto requested = JobRepository(m_catalogue).requestCancel(id);
    if (!requested) {
        // It finished in between.
        if (requested.error().code == StoreError::Code::Invalid)
            reply.error(WorkerApiErrorCode::Conflict, requested.error().message);
        else
            reply.error(workerErrorFromStore(requested.error()));
        return;
    }
    // A running build stops within seconds (the service also acts on the request
    // it finds in the catalogue); a queued one is cancelled already.
    if (requested.value().status == JobStatus::Running)
        m_bakes.cancel(id);
    reply.data(workerJob(requested.value()).toJson());
}

void WorkerServer::jobLog(const QHttpServerRequest &request, WorkerReply &reply, const QString &id)
{
    const QUrlQuery query(request.url());
    int tail = MaxJobLogTail;
    if (query.hasQueryItem(u"tail"_s)) {
        bool ok = false;
        tail = query.queryItemValue(u"tail"_s).toInt(&ok);
        if (!ok || tail < 1 || tail > MaxJobLogTail) {
            reply.error(WorkerApiError{WorkerApiErrorCode::BadRequest,
                                       u"tail must be a number of lines from 1 to %1: \"%2\""_s.arg(
                                           QString::number(MaxJobLogTail), query.queryItemValue(u"tail"_s)),
                                       u"tail"_s});
            return;
        }
    }
    bool follow = false;
    if (query.hasQueryItem(u"follow"_s)) {
        const QString value = query.queryItemValue(u"follow"_s);
        if (value != u"0"_s && value != u"1"_s && value != u"true"_s && value != u"false"_s) {
            reply.error(WorkerApiError{WorkerApiErrorCode::BadRequest,
                                       u"follow must be 1 or 0: \"%1\""_s.arg(value), u"follow"_s});
            return;
        }
        follow = value == u"1"_s || value == u"true"_s;
    }
    const auto job = findJob(reply, id);
    if (!job)
        return;
    const bool finished = isFinal(job->status);
    const LogSlice slice = logTail(job->logPath, tail, finished || !follow);
    if (!follow) {
        reply.send(200, slice.text, "text/plain; charset=utf-8", {{"Cache-Control", "no-store"}});
        return;
    }
    WorkerStream *stream = reply.beginStream(200, "text/plain; charset=utf-8", this, request);
    if (!stream)
        return;
    stream->write(slice.text);
    if (finished) {
        stream->end();
        return;
    }
    m_followers.removeAll(QPointer<JobLogFollower>());
    m_followers.append(new JobLogFollower(m_catalogue, id, job->logPath, slice.end, stream, this));
}

void WorkerServer::finishStreams()
{
    const auto followers = m_followers;
    m_followers.clear();
    for (const QPointer<JobLogFollower> &follower : followers) {
        if (follower)
            follower->finish();
    }
}

} // namespace Kiln
