#pragma once

#include "jobstatus.h"
#include "storeerror.h"

#include <QHash>
#include <QList>
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
    QString targetImage;  // <push registry prefix>/<name>:<revision>
    QString pushedDigest; // sha256:... once pushed
    QString workerId;     // empty: built locally

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

    // Moves the job to `change.to` if that is allowed from its current status
    // (Invalid otherwise), stamping started/finished/updated times.
    Result<BuildJob, StoreError> transition(const QString &id, const JobTransition &change) const;

    // The spec's jobs, newest first (at most `limit`).
    Result<QList<BuildJob>, StoreError> listBySpec(const QString &specId, int limit = 500) const;
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
