#pragma once

#include "cli.h"

namespace Kiln::Cli {

// kilnctl content get NAME|ID FILE          the ext4 file, through FILE.partial (resumed when
//                                            there), checked against the catalogue's sha256
// kilnctl content put NAME|ID FILE [--sha256 HEX]   an ext4 image (copied and checked) or a tar
//                                            (docker-archive, oci-archive, rootfs; baked here)
// kilnctl content rm NAME|ID                 delete the file, forget the content
// kilnctl content stat NAME|ID               the file on disk against the catalogue
// kilnctl content info NAME|ID               the catalogue's content record and scan
// Every action takes --catalog PATH and --json. get and put print their progress on
// stderr; Ctrl+C stops them (get keeps FILE.partial for the next get).
// Exit codes: 0 done, 1 refused or failed (stat: the disk and the catalogue disagree),
// 2 usage.
int runContent(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
