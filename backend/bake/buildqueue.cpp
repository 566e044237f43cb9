#include "buildqueue.h"

#include "recipe.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/specrepository.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

BakeError fromStore(const StoreError &error)
{
    return BakeError{error.code == StoreError::Code::NotFound ? BakeError::Code::NotFound
                                                              : BakeError::Code::Store,
                     error.message};
}

} // namespace

Result<EnqueueOutcome, BakeError> BuildQueue::enqueueSpec(const QString &specIdOrName, bool force) const
{
    auto spec = SpecRepository(m_catalogue).find(specIdOrName);
    if (!spec.ok())
        return fromStore(spec.error());
    if (spec.value().currentRevisionId.isEmpty())
        return BakeError{BakeError::Code::Invalid,
                         u"The spec '%1' has no revision to build."_s.arg(spec.value().name)};
    return enqueueRevision(spec.value().currentRevisionId, force);
}

Result<EnqueueOutcome, BakeError> BuildQueue::enqueueRevision(const QString &revisionId, bool force) const
{
    SpecRepository specs(m_catalogue);
    auto revision = specs.revision(revisionId);
    if (!revision.ok())
        return fromStore(revision.error());
    auto spec = specs.get(revision.value().specId);
    if (!spec.ok())
        return fromStore(spec.error());

    auto registry = RegistryRepository(m_catalogue).pushTarget();
    if (!registry.ok())
        return fromStore(registry.error());
    if (!registry.value())
        return BakeError{
            BakeError::Code::NoPushRegistry,
            u"No push registry is configured, so the image would have nowhere to go. Add one and "
            "make it the push target (kilnctl registry add NAME --url URL --prefix HOST[:PORT]/PATH "
            "--push-target), then build again."_s};
    const QString prefix = registry.value()->imagePrefix.isEmpty() ? registryHost(*registry.value())
                                                                   : registry.value()->imagePrefix;
    auto target = targetImage(prefix, spec.value().name, revision.value().content.contentHash);
    if (!target.ok())
        return BakeError{BakeError::Code::Invalid, target.error().describe()};

    JobRepository jobs(m_catalogue);
    if (!force) {
        auto existing = jobs.listByRevision(revisionId, 100);
        if (!existing.ok())
            return fromStore(existing.error());
        for (const BuildJob &job : std::as_const(existing.value())) {
            // Built already (to the same target), or on its way.
            const bool done = job.status == JobStatus::Succeeded && job.targetImage == target.value();
            if (done || job.status == JobStatus::Queued || job.status == JobStatus::Running)
                return EnqueueOutcome{job, false};
        }
    }
    auto created = jobs.create(NewJob{revisionId, target.value(), {}, {}});
    if (!created.ok())
        return fromStore(created.error());
    return EnqueueOutcome{created.value(), true};
}

Result<EnqueueOutcome, BakeError> BuildQueue::rebuild(const QString &jobId) const
{
    auto job = JobRepository(m_catalogue).get(jobId);
    if (!job.ok())
        return fromStore(job.error());
    return enqueueRevision(job.value().revisionId, true);
}

QString defaultLogDirectory(const Catalogue &catalogue)
{
    const QString path = catalogue.sqlitePath();
    if (!path.isEmpty())
        return QFileInfo(path).absoluteDir().filePath(u"logs"_s);
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/kiln/logs"_s;
}

} // namespace Kiln
