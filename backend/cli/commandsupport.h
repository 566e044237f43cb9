#pragma once

#include "cli.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>

#include <memory>
#include <optional>

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

// The first option given that is not in `allowed`, or an empty string. Callers
// print "--<option> does not apply to <action>" through disallowedOption().
QString firstDisallowedOption(const QCommandLineParser &parser, const QSet<QString> &allowed);
// Prints "kilnctl <group> <action>: --<option> does not apply to <action>" and
// returns ExitUsage.
int disallowedOption(Io io, const QString &group, const QString &action, const QString &option);

// The state every action of a command shares: `kilnctl <group> <action>`.
struct CommandContext
{
    const QCommandLineParser &parser;
    Io io;
    QString group;
    QString action;
    bool json = false;
    const Catalogue *catalogue = nullptr;

    // "image register", as printed before a message.
    QString command() const { return group + u' ' + action; }
    // Prints "kilnctl <command>: <message>" to io.err and returns `code`.
    int fail(int code, const QString &message) const;
    bool isSet(const QString &option) const { return parser.isSet(option); }
    QString value(const QString &option) const { return parser.value(option); }
};

// Text and JSON pieces every command prints the same way.
QString formatTime(qint64 msecs); // ISO 8601, UTC
QString quoted(const QString &text);
QJsonValue orNull(const QString &text);
QJsonValue orNull(const std::optional<qint64> &value);
// {"id": ..., "name": ...} of a referenced row (the id stands in for a missing
// name), null when there is no reference.
QJsonValue reference(const QString &id, const QString &name);

// The name of a referenced row; the id when the row cannot be read, empty when
// there is no reference.
QString secretName(const Catalogue &catalogue, const QString &id);
QString managedImageName(const Catalogue &catalogue, const QString &id);
QString groupName(const Catalogue &catalogue, const QString &id);

} // namespace Kiln::Cli
