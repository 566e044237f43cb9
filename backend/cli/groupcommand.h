#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl group add NAME [--display-name T] [--description T] [--members T]
// kilnctl group edit NAME|ID [--display-name T] [--description T] [--members T]
// kilnctl group list | show NAME|ID | delete NAME|ID --yes
// kilnctl group grant GROUP IMAGE... | revoke GROUP IMAGE...   (refused for frozen images)
// kilnctl group images GROUP     the images the group may use: global ones and those
//                                granted to it, deactivated ones left out
// Every action takes --catalog PATH and --json. Exit codes: 0 done, 1 refused or
// invalid, 2 usage.
int runGroup(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
