#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl spec create NAME --base REF [--apt PKG]... [--conda SPEC]... [--pip REQ]...
//                                     [--packages-file KIND=PATH]... [--pull-secret REF]
//              edit NAME|ID [same options] [--clear-apt] [--clear-conda] [--clear-pip]
//              show NAME|ID [--containerfile]
//              list [--filter TEXT] [--limit N] [--after NAME]
//              delete NAME|ID [--yes]
//              [--catalog PATH] [--json]
// Exit codes: 0 ok, 1 invalid input or refused by the catalogue, 2 usage.
int runSpec(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
