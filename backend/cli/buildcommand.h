#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl build SPEC [--wait] [--force] [--storage-root DIR] [--run-root DIR]
//                    [--storage-driver NAME] [--isolation TYPE] [--catalog PATH] [--json]
// Queues the spec's current revision. With --wait it runs a bake service in this
// process, prints the build's log as it comes and exits 0 (succeeded) or 3
// (failed, cancelled or interrupted). Without --wait a detached
// "kilnctl queue run --until-idle" builds it.
int runBuild(const QStringList &arguments, Io io);

// kilnctl queue run [--until-idle] [storage options] [--catalog PATH]
// Runs the bake service in the foreground: builds queued jobs until interrupted,
// or until nothing is queued with --until-idle.
int runQueue(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
