#pragma once

#include "domain/result.h"
#include "store/jobrepository.h"

#include <QString>

namespace Kiln {

class Catalogue;

// Why a build could not be queued. `message` is a sentence for a person.
struct BakeError
{
    enum class Code
    {
        NotFound,       // no such spec, revision or job
        NoPushRegistry, // no registry is the push target
        Invalid,        // the spec or the push prefix does not make a valid image reference
        Store,          // the catalogue failed
    };
    Code code = Code::Store;
    QString message;
};

// What enqueue did.
struct EnqueueOutcome
{
    BuildJob job;
    // false: nothing new was queued, `job` is the revision's job that already
    // succeeded (or is queued/running right now).
    bool queued = true;
};

// Queueing builds in the persistent queue (the catalogue's build_jobs). Synchronous
// and usable from any thread: the bake service runs it on its own thread, kilnctl
// on its main thread. Whoever runs a bake service on the catalogue builds the job.
class BuildQueue
{
public:
    explicit BuildQueue(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Queues the spec's current revision. Refused when no push registry is set.
    // Without `force`, a revision that already built successfully, or that is
    // queued or running, is not queued again: its job comes back with queued=false.
    Result<EnqueueOutcome, BakeError> enqueueSpec(const QString &specIdOrName, bool force) const;
    // The same for any revision (Rebuild of an older job).
    Result<EnqueueOutcome, BakeError> enqueueRevision(const QString &revisionId, bool force) const;
    // Queues the revision of `jobId` again (always a new job).
    Result<EnqueueOutcome, BakeError> rebuild(const QString &jobId) const;

private:
    const Catalogue &m_catalogue;
};

// Where job logs go: the "logs" folder beside an SQLite catalogue, else the
// application data folder's "kiln/logs".
QString defaultLogDirectory(const Catalogue &catalogue);

} // namespace Kiln
