#pragma once

#include "jobstatus.h"
#include "storeerror.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;

struct BuildJob
{
    QString id;
    QString specId;
    QString revisionId;
    JobStatus status = JobStatus::Queued;
    qint64 createdAt = 0;
    std::optional<qint64> startedAt;  // set when it starts running
    std::optional<qint64> finishedAt; // set when it reaches a final status
    qint64 updatedAt = 0;
    QString logPath;
    QString errorText;
    QString targetImage;          // <push registry prefix>/<name>:<revision>
    QString pushedDigest;         // sha256:... once pushed
    QString workerId;             // empty: built locally
    QString containerfile;        // the Containerfile exactly as built; empty until known
    QString runner;               // "host|pid|start" of the bake service running it (see runnerid.h)
    QString engine;               // e.g. "buildah 1.28.2"; empty until known
    bool cancelRequested = false; // a cancel from another process waits for the runner

    friend bool operator==(const BuildJob &, const BuildJob &) = default;
};

struct NewJob
{
    QString revisionId; // the spec revision to build (the spec follows from it)
    QString targetImage;
    QString logPath;
    QString workerId; // empty: local
};

// A status change. Fields left empty keep their stored value.
struct JobTransition
{
    JobStatus to = JobStatus::Running;
    QString errorText;
    QString pushedDigest;
    QString workerId;
    QString logPath;
};

enum class InterruptScope
{
    AllWorkers, // every running job
    LocalOnly,  // only jobs built by this machine (no worker)
};

// Build jobs. Status changes are atomic compare-and-set operations, so two threads
// (say, a finishing build and a Cancel) cannot both win. Usable from any thread.
class JobRepository
{
public:
    explicit JobRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // A new queued job for a spec revision.
    Result<BuildJob, StoreError> create(const NewJob &job) const;
    Result<BuildJob, StoreError> get(const QString &id) const;

    // The oldest queued local job (no worker), atomically made running by `runner`,
    // with its log at "<logDirectory>/<job id>.log"; nullopt when none is queued.
    // Two runners never claim the same job.
    Result<std::optional<BuildJob>, StoreError> claimNext(const QString &runner,
                                                          const QString &logDirectory) const;
    // Records what a running job builds (Containerfile, engine); refused (Invalid)
    // once the job is no longer running.
    Result<Done, StoreError> recordBuild(const QString &id, const QString &containerfile,
                                         const QString &engine) const;
    // A queued job is cancelled at once. A running one gets cancel_requested, which
    // its runner acts on. Refused (Invalid) when the job has already finished.
    Result<BuildJob, StoreError> requestCancel(const QString &id) const;
    // The running jobs of `runner` whose cancel was requested from elsewhere.
    Result<QStringList, StoreError> cancelRequests(const QString &runner) const;

    // Moves the job to `change.to` if that is allowed from its current status
    // (Invalid otherwise), stamping started/finished/updated times.
    Result<BuildJob, StoreError> transition(const QString &id, const JobTransition &change) const;

    // The spec's jobs, newest first (at most `limit`).
    Result<QList<BuildJob>, StoreError> listBySpec(const QString &specId, int limit = 500) const;
    // The newest jobs of every spec, newest first.
    Result<QList<BuildJob>, StoreError> listRecent(int limit = 500) const;
    // The revision's jobs, newest first.
    Result<QList<BuildJob>, StoreError> listByRevision(const QString &revisionId, int limit = 500) const;
    // Jobs with this status, oldest first (e.g. the queue at start-up).
    Result<QList<BuildJob>, StoreError> listByStatus(JobStatus status, int limit = 500) const;
    // The newest job of the spec; nullopt when it has none.
    Result<std::optional<BuildJob>, StoreError> latestForSpec(const QString &specId) const;
    // The newest job of each listed spec that has one.
    Result<QHash<QString, BuildJob>, StoreError> latestPerSpec(const QStringList &specIds) const;

    // After a crash or an unclean stop: every job still marked running becomes
    // interrupted (logs stay where they are). Returns how many changed.
    Result<int, StoreError> markRunningInterrupted(InterruptScope scope = InterruptScope::AllWorkers) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::BuildJob)
