#pragma once

#include "cli.h"

#include <QCommandLineParser>
#include <QStringList>

namespace Kiln {
class Catalogue;
}

namespace Kiln::Cli {

// The actions of `kilnctl registry` that talk to registries or move files
// (runRegistry() in registrycommand.cpp parses and dispatches).

// check [NAME|ID ...]: the OCI /v2/ check of each (none: every registry), stored
// in the catalogue. Exit 0 when all are healthy, 1 otherwise.
int runRegistryCheck(const QCommandLineParser &parser, Io io, const Catalogue &catalogue,
                     const QStringList &idsOrNames, bool json);
// export [FILE]: every registry in the container-registry schema; stdout without FILE.
int runRegistryExport(Io io, const Catalogue &catalogue, const QString &file);
// import FILE [--on-conflict fail|skip|replace]: one line per entry. Exit 1 when
// any entry has a problem (or, under fail, a conflict).
int runRegistryImport(const QCommandLineParser &parser, Io io, const Catalogue &catalogue,
                      const QString &file, bool json);

} // namespace Kiln::Cli
