#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl settings list | get KEY | set KEY VALUE | reset KEY   [--catalog PATH] [--json]
int runSettings(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
