#include "jobstatus.h"

using namespace Qt::StringLiterals;

namespace Kiln {

QString jobStatusName(JobStatus status)
{
    switch (status) {
    case JobStatus::Queued:
        return u"queued"_s;
    case JobStatus::Running:
        return u"running"_s;
    case JobStatus::Succeeded:
        return u"succeeded"_s;
    case JobStatus::Failed:
        return u"failed"_s;
    case JobStatus::Cancelled:
        return u"cancelled"_s;
    case JobStatus::Interrupted:
        return u"interrupted"_s;
    }
    return u"queued"_s;
}

std::optional<JobStatus> jobStatusFromName(QStringView name)
{
    for (JobStatus status : {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed,
                             JobStatus::Cancelled, JobStatus::Interrupted}) {
        if (name == jobStatusName(status))
            return status;
    }
    return std::nullopt;
}

bool isFinal(JobStatus status)
{
    return status != JobStatus::Queued && status != JobStatus::Running;
}

bool canTransition(JobStatus from, JobStatus to)
{
    switch (from) {
    case JobStatus::Queued:
        return to == JobStatus::Running || to == JobStatus::Cancelled || to == JobStatus::Failed;
    case JobStatus::Running:
        return to == JobStatus::Succeeded || to == JobStatus::Failed || to == JobStatus::Cancelled ||
               to == JobStatus::Interrupted;
    default:
        return false;
    }
}

} // namespace Kiln
