#pragma once

#include <QStringList>
#include <QTextStream>

namespace Kiln::Cli {

// Exit codes shared by every kilnctl command.
enum ExitCode : int
{
    ExitOk = 0,
    ExitInvalid = 1,     // the command ran and found invalid input (or a failed check)
    ExitUsage = 2,       // bad command line, unreadable file, unusable catalogue
    ExitBuildFailed = 3, // a build ran and failed, was cancelled or was interrupted
};

// Where a command writes. Tests pass QTextStreams over strings.
struct Io
{
    QTextStream &out;
    QTextStream &err;
    QTextStream *in = nullptr; // standard input, for "--file -"
};

// Runs kilnctl with `arguments` (arguments[0] is the program name) and returns
// the process exit code. Never calls exit() and never prints outside `io`.
int run(const QStringList &arguments, Io io);

} // namespace Kiln::Cli
