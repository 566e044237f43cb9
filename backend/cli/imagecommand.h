#pragma once

#include "cli.h"

#include <QJsonObject>
#include <QList>

namespace Kiln {
class Catalogue;
struct ManagedImage;
} // namespace Kiln

namespace Kiln::Cli {

// kilnctl image add DISPLAY-NAME --type cpu|gpu|universal
//                  (--url REF [--gpu-url REF] | --build --base REF [--apt PKG].. [--conda SPEC]..
//                   [--pip REQ].. [--packages-file KIND=PATH]..)
//                  [--description T] [--pull-secret NAME|ID] [--global | --group G..]
//                  [--parent NAME|ID] [--distro T] [--system]
// kilnctl image edit NAME|ID [the same options but --build/--base/packages, and
//                  --display-name T --no-global --clear-groups --clear-gpu-url --no-system
//                  --deactivate --activate]
// kilnctl image show NAME|ID | list [--filter TEXT] [--type T] [--hide-deactivated]
// kilnctl image delete NAME|ID --yes | freeze NAME|ID | unfreeze NAME|ID
// Every action takes --catalog PATH and --json. Exit codes: 0 done, 1 refused or
// invalid (frozen, bad URL, unknown group, ...), 2 usage.
int runImage(const QStringList &arguments, Io io);

// Shared with kilnctl group: one image as JSON (groups, pull secret, parent and spec
// by id and name), and the image table (NAME DISPLAY TYPE URL ACCESS STATUS).
QJsonObject imageJson(const Catalogue &catalogue, const ManagedImage &image);
void printImageTable(QTextStream &out, const Catalogue &catalogue, const QList<ManagedImage> &images);

} // namespace Kiln::Cli
