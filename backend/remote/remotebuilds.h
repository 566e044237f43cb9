#pragma once

#include "domain/result.h"
#include "remote/workerclient.h"
#include "store/jobrepository.h"
#include "store/workerrepository.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

class QThreadPool;

namespace Kiln {

class Catalogue;
class SecretVault;

// Runs spec revisions on kiln-workers (the Image Builder's "Run on: worker X",
// kilnctl build --on) and mirrors each as a LOCAL build job (build_jobs with
// worker_id set), so that the job list, its status, the notifier and the log
// viewer work as for a local build:
//   - run() sends POST /builds, then keeps the local row in step with GET
//     /jobs/{id} (polled) and appends the worker's log, followed as a stream, to
//     the local job's log file, line for line as the worker wrote it;
//   - a Cancel of such a job (BakeService::cancel sets cancel_requested on the
//     row, from this process or another) is sent to the worker as POST
//     /jobs/{id}/cancel;
//   - a worker that cannot be reached any more turns the job failed, with a
//     readable message (never the token).
// Lives on the thread that created it (with the WorkerClient); the catalogue and
// the vault are read on its own pool thread, never on that thread. Signals are
// emitted after the row has been stored.
class RemoteBuilds : public QObject
{
    Q_OBJECT

public:
    RemoteBuilds(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                 QObject *parent = nullptr);
    // Stops following; jobs still running on a worker stay "running" locally.
    ~RemoteBuilds() override;

    // GET /jobs/{id} and the local cancel request are read this often; default 1000 ms.
    void setPollInterval(int ms);
    // Where the logs go; empty (default): defaultLogDirectory(catalogue).
    void setLogDirectory(const QString &directory) { m_logDirectory = directory; }

    // Runs the spec's current revision (spec id or name) on the worker (id or
    // name). The future finishes with the local job (queued) once it is stored, or
    // with a sentence why not (no such spec or worker, a disabled worker, a revision
    // that needs a pull secret, ...). A worker that refuses the build turns that job
    // failed with its answer.
    QFuture<Result<BuildJob, QString>> runSpec(const QString &specIdOrName, const QString &workerIdOrName);
    // The same for a given revision.
    QFuture<Result<BuildJob, QString>> runRevision(const QString &revisionId, const QString &workerIdOrName);
    // Cancels a job this object runs on a worker (at once, without waiting for the
    // poll). Other jobs: nothing.
    void cancel(const QString &jobId);

    // Every worker of the catalogue (enabled or not), read on the pool: the
    // choices of a "Run on" list and the names of the jobs' workers.
    QFuture<Result<QList<Worker>, QString>> workers();

    // The local ids of the jobs followed now.
    QStringList activeJobs() const { return m_jobs.keys(); }
    // The worker's id of a followed local job; empty when not followed.
    QString remoteJobId(const QString &jobId) const;

Q_SIGNALS:
    // After every stored transition of a job run on a worker.
    void jobChanged(const Kiln::BuildJob &job);
    // New log lines of such a job, as its log file has them.
    void jobOutput(const QString &jobId, const QStringList &lines);
    // Something went wrong that concerns no job (the catalogue failed): a sentence.
    void problem(const QString &message);

private:
    struct Tracked;
    struct Started;
    QFuture<Result<BuildJob, QString>> start(const QString &specIdOrName, const QString &revisionId,
                                             const QString &workerIdOrName);
    void dispatch(const std::shared_ptr<Tracked> &tracked);
    void follow(const std::shared_ptr<Tracked> &tracked);
    void followEnded(const std::shared_ptr<Tracked> &tracked, const Result<Done, WorkerError> &result);
    void appendLog(const std::shared_ptr<Tracked> &tracked, const QString &text);
    void poll();
    void pollJob(const std::shared_ptr<Tracked> &tracked);
    void mirror(const std::shared_ptr<Tracked> &tracked, const WorkerJob &remote);
    void lost(const std::shared_ptr<Tracked> &tracked, const QString &why);
    void finish(const std::shared_ptr<Tracked> &tracked, JobStatus status, const QString &error);
    void store(const std::shared_ptr<Tracked> &tracked, const QList<JobTransition> &changes);
    void sendCancel(const std::shared_ptr<Tracked> &tracked);

    const Catalogue &m_catalogue;
    SecretVault &m_vault;
    WorkerClient *m_client;
    QThreadPool *m_pool; // a child: catalogue and vault reads, in order
    QTimer *m_poll;      // a child, so that it moves with this object
    QString m_logDirectory;
    QHash<QString, std::shared_ptr<Tracked>> m_jobs; // by local job id
};

} // namespace Kiln
