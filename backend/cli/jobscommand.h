#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl jobs [SPEC] [--limit N] [--catalog PATH] [--json]
int runJobs(const QStringList &arguments, Io io);

// kilnctl cancel JOB [--catalog PATH] [--json]
// A queued job is cancelled at once; a running one is stopped by the process that
// runs it, and kilnctl waits (up to 10 s) until it is.
int runCancel(const QStringList &arguments, Io io);

// kilnctl logs JOB [--tail N] [--follow] [--output FILE] [--catalog PATH]
int runLogs(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
