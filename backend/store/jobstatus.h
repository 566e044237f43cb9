#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Kiln {

// The life of a build job:
//   queued -> running | cancelled | failed
//   running -> succeeded | failed | cancelled | interrupted
// The last four are final. "interrupted" means Kiln stopped (crash, quit) while
// the job was running; its log is kept.
enum class JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Interrupted,
};

// "queued", "running", ... as stored in the catalogue.
QString jobStatusName(JobStatus status);
std::optional<JobStatus> jobStatusFromName(QStringView name);
bool isFinal(JobStatus status);
bool canTransition(JobStatus from, JobStatus to);

} // namespace Kiln
