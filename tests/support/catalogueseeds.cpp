#include "catalogueseeds.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace KilnTest {

using namespace Kiln;

SpecWithRevision addSpec(const Catalogue &catalogue, const QString &name, const QString &hash)
{
    SpecContent content;
    content.contentHash = hash.isEmpty() ? u"hash-"_s + name : hash;
    content.baseImage = u"docker.io/library/debian:12"_s;
    const auto created = SpecRepository(catalogue).create(name, content);
    if (!created) {
        qWarning("addSpec(%s): %s", qPrintable(name), qPrintable(created.error().message));
        return {};
    }
    return created.value();
}

BuildJob moveJob(const Catalogue &catalogue, const QString &jobId, JobStatus status, const QString &errorText)
{
    JobTransition change;
    change.to = status;
    change.errorText = errorText;
    const auto moved = JobRepository(catalogue).transition(jobId, change);
    if (!moved) {
        qWarning("moveJob(%s): %s", qPrintable(jobId), qPrintable(moved.error().message));
        return {};
    }
    return moved.value();
}

BuildJob addJob(const Catalogue &catalogue, const QString &revisionId, JobStatus status,
                const QString &targetImage, const QString &logPath)
{
    NewJob job;
    job.revisionId = revisionId;
    job.targetImage = targetImage.isEmpty() ? u"registry.test/kiln/x:1"_s : targetImage;
    job.logPath = logPath;
    const auto created = JobRepository(catalogue).create(job);
    if (!created) {
        qWarning("addJob: %s", qPrintable(created.error().message));
        return {};
    }
    BuildJob stored = created.value();
    if (status == JobStatus::Queued)
        return stored;
    if (status != JobStatus::Cancelled)
        stored = moveJob(catalogue, stored.id, JobStatus::Running);
    if (status != JobStatus::Running && !stored.id.isEmpty())
        stored = moveJob(catalogue, stored.id, status);
    return stored;
}

} // namespace KilnTest
