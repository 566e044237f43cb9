#include "remotebuilds.h"

#include "bake/buildqueue.h"
#include "bake/joblog.h"
#include "remote/workerbuildrequest.h"
#include "store/catalogue.h"
#include "store/specrepository.h"
#include "store/workerrepository.h"

#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// A finished remote job waits this long for its log stream to end before its
// status is stored anyway.
constexpr qint64 FinalLogGraceMs = 5000;
// Polls in a row that could not reach the worker before the job counts as lost.
constexpr int LostAfterFailures = 3;

// The lines of a chunk of log text (a trailing newline ends the last one).
QStringList linesOf(const QString &text)
{
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

// What start() prepares on the pool: the stored job and how to reach its worker.
struct RemoteBuilds::Started
{
    BuildJob job;
    WorkerEndpoint endpoint;
    BuildRequest request;
    QString workerName;
    QString logPath;
};

// A job run on a worker, while it is followed.
struct RemoteBuilds::Tracked
{
    BuildJob job;          // as last stored
    JobStatus localStatus; // as it will be once the stores under way are done
    WorkerEndpoint endpoint;
    BuildRequest request;
    QString workerName;
    QString logPath;
    QString remoteId; // empty until the worker accepted the build
    QFuture<Result<Done, WorkerError>> follow;
    bool following = false;
    bool dedupe = false; // a new stream repeats the tail: skip up to lastLine
    QString lastLine;    // the last line written to the log
    bool polling = false;
    int failures = 0;       // polls in a row that did not reach the worker
    qint64 finalSeenAt = 0; // when the worker first said the job finished
    bool cancelSent = false;
    bool finished = false;
};

RemoteBuilds::RemoteBuilds(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                           QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_vault(vault)
    , m_client(client)
    , m_pool(new QThreadPool(this))
    , m_poll(new QTimer(this))
{
    m_pool->setObjectName(u"kiln-remote-builds-pool"_s);
    m_pool->setMaxThreadCount(1); // transitions are stored in the order they came
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, &RemoteBuilds::poll);
}

RemoteBuilds::~RemoteBuilds()
{
    m_poll->stop();
    // Nobody mirrors the jobs still under way any more: they stop here (the worker
    // may still finish them; its Jobs list on the Workers page shows them).
    QList<std::pair<QString, QList<JobTransition>>> ends;
    for (const auto &tracked : std::as_const(m_jobs)) {
        if (tracked->follow.isRunning())
            tracked->follow.cancel();
        if (std::exchange(tracked->finished, true) || isFinal(tracked->localStatus))
            continue;
        JobTransition end;
        end.to = tracked->localStatus == JobStatus::Queued ? JobStatus::Failed : JobStatus::Interrupted;
        end.errorText = tr("Kiln was closed while the worker %1 ran this build; it may still finish "
                           "there (see its Jobs on the Workers page).")
                            .arg(tracked->workerName);
        ends.append({tracked->job.id, {end}});
    }
    m_pool->waitForDone();
    if (!ends.isEmpty()) {
        QtConcurrent::run(m_pool, [&catalogue = m_catalogue, ends] {
            const JobRepository jobs(catalogue);
            for (const auto &[id, changes] : ends) {
                for (const JobTransition &change : changes)
                    (void)jobs.transition(id, change);
            }
        }).waitForFinished();
    }
}

void RemoteBuilds::setPollInterval(int ms)
{
    m_poll->setInterval(qMax(10, ms));
}

QString RemoteBuilds::remoteJobId(const QString &jobId) const
{
    const auto tracked = m_jobs.value(jobId);
    return tracked ? tracked->remoteId : QString();
}

QFuture<Result<QList<Worker>, QString>> RemoteBuilds::workers()
{
    return QtConcurrent::run(m_pool, [&catalogue = m_catalogue]() -> Result<QList<Worker>, QString> {
        auto listed = WorkerRepository(catalogue).list();
        if (!listed)
            return listed.error().message;
        return listed.value();
    });
}

QFuture<Result<BuildJob, QString>> RemoteBuilds::runSpec(const QString &specIdOrName,
                                                         const QString &workerIdOrName)
{
    return start(specIdOrName, {}, workerIdOrName);
}

QFuture<Result<BuildJob, QString>> RemoteBuilds::runRevision(const QString &revisionId,
                                                             const QString &workerIdOrName)
{
    return start({}, revisionId, workerIdOrName);
}

QFuture<Result<BuildJob, QString>> RemoteBuilds::start(const QString &specIdOrName, const QString &revisionId,
                                                       const QString &workerIdOrName)
{
    using R = Result<Started, QString>;
    auto promise = std::make_shared<QPromise<Result<BuildJob, QString>>>();
    promise->start();
    QFuture<Result<BuildJob, QString>> future = promise->future();
    const QString logDirectory = m_logDirectory;
    auto prepare = [&catalogue = m_catalogue, &vault = m_vault, specIdOrName, revisionId, workerIdOrName,
                    logDirectory]() -> R {
        QString revision = revisionId;
        if (revision.isEmpty()) {
            const auto spec = SpecRepository(catalogue).find(specIdOrName);
            if (!spec)
                return spec.error().message;
            revision = spec->currentRevisionId;
        }
        const auto worker = WorkerRepository(catalogue).find(workerIdOrName);
        if (!worker)
            return worker.error().message;
        if (!worker->enabled)
            return tr("The worker %1 is disabled: enable it to run builds on it.").arg(worker->name);
        auto request = buildRequestFor(catalogue, revision);
        if (!request)
            return request.error().message;
        QFuture<Result<QByteArray, WorkerTokenError>> token = workerToken(catalogue, vault, worker->id);
        token.waitForFinished();
        if (token.resultCount() == 0)
            return tr("The token of the worker %1 could not be read.").arg(worker->name);
        if (!token.result())
            return token.result().error();
        const QString directory = logDirectory.isEmpty() ? defaultLogDirectory(catalogue) : logDirectory;
        if (!QDir().mkpath(directory))
            return tr("The log folder %1 could not be created.").arg(QDir::toNativeSeparators(directory));
        const auto job = JobRepository(catalogue).create({revision, {}, {}, worker->id});
        if (!job)
            return job.error().message;
        Started started;
        started.job = job.value();
        started.endpoint = endpointFor(worker.value(), token.result().value());
        started.request = request.value();
        started.workerName = worker->name;
        started.logPath = QDir(directory).filePath(job->id + u".log"_s);
        return started;
    };
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, promise] {
        watcher->deleteLater();
        const R started = watcher->future().resultCount() > 0 ? watcher->result()
                                                              : R(tr("The build could not be prepared."));
        if (!started) {
            promise->addResult(started.error());
            promise->finish();
            return;
        }
        auto tracked = std::make_shared<Tracked>();
        tracked->job = started->job;
        tracked->localStatus = started->job.status;
        tracked->endpoint = started->endpoint;
        tracked->request = started->request;
        tracked->workerName = started->workerName;
        tracked->logPath = started->logPath;
        m_jobs.insert(tracked->job.id, tracked);
        Q_EMIT jobChanged(tracked->job);
        promise->addResult(tracked->job);
        promise->finish();
        dispatch(tracked);
    });
    watcher->setFuture(QtConcurrent::run(m_pool, std::move(prepare)));
    return future;
}

void RemoteBuilds::dispatch(const std::shared_ptr<Tracked> &tracked)
{
    m_client->runBuild(tracked->endpoint, tracked->request)
        .then(this, [this, tracked](const Result<WorkerJob, WorkerError> &remote) {
            if (tracked->finished)
                return;
            if (!remote) {
                finish(tracked, JobStatus::Failed,
                       tr("The worker %1 did not take the build: %2")
                           .arg(tracked->workerName, remote.error().message));
                return;
            }
            tracked->remoteId = remote->id;
            {
                JobLogWriter log; // the file exists from now on, empty until the worker writes
                (void)log.open(tracked->logPath);
            }
            follow(tracked);
            mirror(tracked, remote.value());
            if (!m_poll->isActive())
                m_poll->start();
        });
}

void RemoteBuilds::follow(const std::shared_ptr<Tracked> &tracked)
{
    std::weak_ptr<Tracked> weak = tracked;
    tracked->following = true;
    tracked->follow = m_client->followJobLog(tracked->endpoint, tracked->remoteId, MaxJobLogTail, this,
                                             [this, weak](const QString &text) {
                                                 if (auto t = weak.lock())
                                                     appendLog(t, text);
                                             });
    tracked->follow.then(
        this, [this, tracked](const Result<Done, WorkerError> &result) { followEnded(tracked, result); });
}

void RemoteBuilds::followEnded(const std::shared_ptr<Tracked> &tracked,
                               const Result<Done, WorkerError> &result)
{
    tracked->following = false;
    if (tracked->finished)
        return;
    if (!result && result.error().code == WorkerError::Code::Timeout) {
        // An idle timeout: the build printed nothing for a while. Follow on; the
        // new stream starts with the tail again.
        tracked->dedupe = true;
        follow(tracked);
        return;
    }
    // The job ended (or the stream broke): the next poll tells which, and follows
    // again when it still runs.
    if (!result)
        tracked->dedupe = true;
    pollJob(tracked);
}

void RemoteBuilds::appendLog(const std::shared_ptr<Tracked> &tracked, const QString &text)
{
    QStringList lines = linesOf(text);
    if (std::exchange(tracked->dedupe, false) && !tracked->lastLine.isEmpty()) {
        // Lines carry millisecond timestamps: the last one written marks the seam.
        const qsizetype seen = lines.lastIndexOf(tracked->lastLine);
        if (seen >= 0)
            lines.remove(0, seen + 1);
    }
    if (lines.isEmpty())
        return;
    QFile file(tracked->logPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        Q_EMIT problem(tr("The log %1 could not be written: %2")
                           .arg(QDir::toNativeSeparators(tracked->logPath), file.errorString()));
        return;
    }
    file.write(lines.join(u'\n').toUtf8() + '\n');
    file.close();
    tracked->lastLine = lines.constLast();
    Q_EMIT jobOutput(tracked->job.id, lines);
}

void RemoteBuilds::poll()
{
    for (const auto &tracked : std::as_const(m_jobs)) {
        if (!tracked->finished && !tracked->remoteId.isEmpty())
            pollJob(tracked);
    }
    if (m_jobs.isEmpty())
        m_poll->stop();
}

void RemoteBuilds::pollJob(const std::shared_ptr<Tracked> &tracked)
{
    if (tracked->polling || tracked->finished)
        return;
    tracked->polling = true;
    // First the local row: a cancel asked for here or by another process.
    using Row = Result<BuildJob, StoreError>;
    auto *watcher = new QFutureWatcher<Row>(this);
    connect(watcher, &QFutureWatcher<Row>::finished, this, [this, watcher, tracked] {
        watcher->deleteLater();
        if (tracked->finished) {
            tracked->polling = false;
            return;
        }
        if (watcher->future().resultCount() > 0 && watcher->result()) {
            const BuildJob row = watcher->result().value();
            if (isFinal(row.status) && !isFinal(tracked->localStatus)) {
                // Cancelled here while still queued: the row is final already.
                sendCancel(tracked);
                tracked->finished = true;
                tracked->polling = false;
                if (tracked->follow.isRunning())
                    tracked->follow.cancel();
                m_jobs.remove(tracked->job.id);
                return;
            }
            if (row.cancelRequested)
                sendCancel(tracked);
        }
        m_client->job(tracked->endpoint, tracked->remoteId)
            .then(this, [this, tracked](const Result<WorkerJob, WorkerError> &remote) {
                tracked->polling = false;
                if (tracked->finished)
                    return;
                if (!remote) {
                    if (remote.error().code == WorkerError::Code::NotFound ||
                        ++tracked->failures >= LostAfterFailures)
                        lost(tracked, remote.error().message);
                    return;
                }
                tracked->failures = 0;
                mirror(tracked, remote.value());
                if (!tracked->finished && !remote->isFinished() && !tracked->following)
                    follow(tracked); // the stream broke while the job runs
            });
    });
    const QString id = tracked->job.id;
    watcher->setFuture(QtConcurrent::run(
        m_pool, [&catalogue = m_catalogue, id] { return JobRepository(catalogue).get(id); }));
}

void RemoteBuilds::mirror(const std::shared_ptr<Tracked> &tracked, const WorkerJob &remote)
{
    if (tracked->finished)
        return;
    if (remote.status == JobStatus::Running && tracked->localStatus == JobStatus::Queued) {
        JobTransition running;
        running.to = JobStatus::Running;
        running.logPath = tracked->logPath;
        tracked->localStatus = JobStatus::Running;
        store(tracked, {running});
    }
    if (!remote.isFinished())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (tracked->finalSeenAt == 0)
        tracked->finalSeenAt = now;
    if (tracked->following && now - tracked->finalSeenAt < FinalLogGraceMs)
        return; // the log's last lines are still coming
    QString error = remote.error;
    if (!error.isEmpty())
        error = tr("On the worker %1: %2").arg(tracked->workerName, error);
    finish(tracked, remote.status, error);
}

void RemoteBuilds::lost(const std::shared_ptr<Tracked> &tracked, const QString &why)
{
    const QString message =
        tr("The worker %1 could not be reached while it ran this build: %2").arg(tracked->workerName, why);
    JobLogWriter log;
    if (log.open(tracked->logPath).ok())
        (void)log.appendLine(message, LogStream::System);
    finish(tracked, JobStatus::Failed, message);
}

void RemoteBuilds::finish(const std::shared_ptr<Tracked> &tracked, JobStatus status, const QString &error)
{
    if (tracked->finished)
        return;
    tracked->finished = true;
    if (tracked->follow.isRunning())
        tracked->follow.cancel();
    QList<JobTransition> changes;
    const bool fromQueuedAllowed = canTransition(tracked->localStatus, status);
    if (!fromQueuedAllowed && tracked->localStatus == JobStatus::Queued) {
        JobTransition running;
        running.to = JobStatus::Running;
        running.logPath = tracked->logPath;
        changes.append(running);
    }
    JobTransition last;
    last.to = status;
    last.errorText = error;
    if (tracked->remoteId.isEmpty() == false)
        last.logPath = tracked->logPath;
    changes.append(last);
    tracked->localStatus = status;
    store(tracked, changes);
}

void RemoteBuilds::store(const std::shared_ptr<Tracked> &tracked, const QList<JobTransition> &changes)
{
    using R = Result<QList<BuildJob>, QString>;
    const QString id = tracked->job.id;
    auto *watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, tracked] {
        watcher->deleteLater();
        const R stored = watcher->future().resultCount() > 0 ? watcher->result() : R(QList<BuildJob>{});
        if (!stored)
            Q_EMIT problem(stored.error());
        else {
            for (const BuildJob &job : stored.value()) {
                tracked->job = job;
                Q_EMIT jobChanged(job);
            }
        }
        if (tracked->finished && isFinal(tracked->localStatus))
            m_jobs.remove(tracked->job.id);
    });
    watcher->setFuture(QtConcurrent::run(m_pool, [&catalogue = m_catalogue, id, changes]() -> R {
        QList<BuildJob> stored;
        const JobRepository jobs(catalogue);
        for (const JobTransition &change : changes) {
            auto job = jobs.transition(id, change);
            if (!job)
                return job.error().message;
            stored.append(job.value());
        }
        return stored;
    }));
}

void RemoteBuilds::cancel(const QString &jobId)
{
    if (const auto tracked = m_jobs.value(jobId))
        sendCancel(tracked);
}

void RemoteBuilds::sendCancel(const std::shared_ptr<Tracked> &tracked)
{
    if (tracked->cancelSent || tracked->remoteId.isEmpty())
        return;
    tracked->cancelSent = true;
    m_client->cancelJob(tracked->endpoint, tracked->remoteId)
        .then(this, [this, tracked](const Result<WorkerJob, WorkerError> &remote) {
            if (remote)
                mirror(tracked, remote.value());
            else if (remote.error().apiCode != u"conflict"_s) // conflict: it had finished already
                tracked->cancelSent = false;                  // try again at the next poll
        });
}

} // namespace Kiln
