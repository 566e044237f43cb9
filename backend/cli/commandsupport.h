#pragma once

#include "cli.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>

#include <memory>

namespace Kiln {
class Catalogue;
}

namespace Kiln::Cli {

// --catalog PATH, shared by every command that reads or writes the catalogue.
QCommandLineOption catalogOption();
// --json: machine-readable output.
QCommandLineOption jsonOption();

// Parses `arguments`; on --help prints it and returns ExitOk, on a bad command
// line prints why and returns ExitUsage, otherwise returns -1 (go on).
int parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const QString &command, Io io);

// Opens the catalogue named by --catalog (or the default one), creating its
// folder. Prints why to io.err and returns null when it cannot.
std::unique_ptr<Catalogue> openCatalogue(const QCommandLineParser &parser, const QString &command, Io io);

void printJson(QTextStream &out, const QJsonObject &object);

} // namespace Kiln::Cli
