#pragma once

#include <QString>

#include <optional>

namespace Kiln {

// Who runs a build job: "host|pid|start", where start is the process's start time
// in clock ticks since boot (field 22 of /proc/<pid>/stat), so that a recycled pid
// is not mistaken for the process that claimed the job.
struct RunnerId
{
    QString host;
    qint64 pid = 0;
    qint64 startTicks = 0;

    QString toString() const;
    friend bool operator==(const RunnerId &, const RunnerId &) = default;
};

// Parses "host|pid|start"; nullopt when it is not of that form.
std::optional<RunnerId> parseRunnerId(const QString &text);

// This process.
RunnerId currentRunner();

// The start time of `pid` from /proc; nullopt when the process does not exist.
std::optional<qint64> processStartTicks(qint64 pid);

enum class RunnerState
{
    Alive,   // the same process still runs on this host
    Dead,    // it ran on this host and is gone (or the pid belongs to another process now)
    Unknown, // another host (a shared catalogue), or not a runner id Kiln wrote
};

RunnerState runnerState(const QString &runner);

} // namespace Kiln
