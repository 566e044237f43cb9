#pragma once

#include "cli.h"

#include <QCommandLineParser>

namespace Kiln {
class Catalogue;
}

namespace Kiln::Cli {

// kilnctl build SPEC [--wait] [--force] [--storage-root DIR] [--run-root DIR]
//                    [--storage-driver NAME] [--isolation TYPE] [--catalog PATH] [--json]
// kilnctl build SPEC --on WORKER [--wait] [--catalog PATH] [--json]
// Queues the spec's current revision. With --wait it runs a bake service in this
// process, prints the build's log as it comes and exits 0 (succeeded) or 3
// (failed, cancelled or interrupted). Without --wait a detached
// "kilnctl queue run --until-idle" builds it. With --on the worker builds it and
// this process follows it to the end (the log printed with --wait), exiting the same way.
int runBuild(const QStringList &arguments, Io io);

// kilnctl queue run [--until-idle] [storage options] [--catalog PATH]
// Runs the bake service in the foreground: builds queued jobs until interrupted,
// or until nothing is queued with --until-idle.
int runQueue(const QStringList &arguments, Io io);

// --storage-root, --run-root, --storage-driver and --isolation, for the commands
// that start a builder (build, image add --build).
void addStorageOptions(QCommandLineParser &parser);

// Builds in a kilnctl process of its own ("kilnctl queue run --until-idle" on the
// same catalogue, with the storage options of `parser`) that ends when nothing is
// queued. False (and *why) when it cannot start, e.g. when this is not kilnctl.
bool startDetachedRunner(const QCommandLineParser &parser, const Catalogue &catalogue, QString *why);

} // namespace Kiln::Cli
