#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl registry add NAME --url URL --prefix PREFIX [--insecure] [--credentials SECRET]
//                           [--tag T]... [--push-target]
//                  edit NAME|ID [--url URL] [--prefix PREFIX] [--insecure | --secure]
//                           [--credentials SECRET] [--tag T]... [--clear-tags] [--push-target]
//                  list [--filter TEXT] [--tag-any T]... [--tag-all T]... [--where FIELD=VALUE]...
//                  show NAME|ID | delete NAME|ID (alias: remove) | push-target NAME|ID
//                  check [NAME|ID ...]            (none: every registry; exit 1 unless all healthy)
//                  export [FILE]                  (standard output without FILE)
//                  import FILE|- [--on-conflict fail|skip|replace]
//                  [--catalog PATH] [--json]
// --credentials names a registry-credential secret ('kilnctl secret add'); an empty
// value removes it. Exit codes: 0 ok, 1 invalid input or refused, 2 usage.
int runRegistry(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
