#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl engines [--catalog PATH] [--json]: the detected container engines, in
// the catalogue's preference order, and which one builds use.
int runEngines(const QStringList &arguments, Io io);

// kilnctl catalog info [--catalog PATH] [--json]: where the catalogue is, its
// schema version and what it holds (Kiln's overview page).
int runCatalog(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
