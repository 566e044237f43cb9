#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl worker add NAME --url URL --token-stdin [--ca-file PEM] [--disabled]
//                                  the token is read from standard input, never from
//                                  the command line, and kept in the keychain
// kilnctl worker list | check NAME|ID | rm NAME|ID
// Every action takes --catalog PATH and --json. Exit codes: 0 done (check: online),
// 1 refused, invalid or not online, 2 usage.
int runWorker(const QStringList &arguments, Io io);

// kilnctl agroup create NAME [--description T] | list | delete GROUP
// kilnctl agroup add-image GROUP IMAGE [--no-warm]   warms IMAGE on the group's workers
// kilnctl agroup add-worker GROUP WORKER [--no-warm] warms the group's images on WORKER
// kilnctl agroup rm-image GROUP IMAGE | rm-worker GROUP WORKER
int runAvailabilityGroup(const QStringList &arguments, Io io);

// kilnctl warm IMAGE [--failed] [--wait] [--timeout SECONDS]
//   asks every worker of the image's availability groups to hold it and prints
//   {queued, ready, failed, skipped}; --failed asks only those whose warm failed;
//   --wait follows the rows until none is pending or building (exit 1 if any failed).
int runWarm(const QStringList &arguments, Io io);

// kilnctl cache IMAGE: one row per targeted worker (status, updated, checksum, error).
int runCache(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
