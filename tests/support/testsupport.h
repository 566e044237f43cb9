#pragma once

#include <QString>
#include <QStringList>

namespace KilnTest {

// Absolute path of a file under tests/data in the source tree.
QString dataPath(const QString &relative);

// Absolute path of a built executable, e.g. binaryPath("app/kilnctl/kilnctl").
QString binaryPath(const QString &relative);

// Isolates QSettings/QStandardPaths for the running test (call from initTestCase).
void isolateSettings();

// A TCP port on 127.0.0.1 that was free a moment ago (for servers the tests start).
int freePort();

// `text` as one single-quoted POSIX sh word.
QString shellQuote(const QString &text);

// Starts a detached /bin/sh that waits while this process runs and `dir` exists.
// If this process dies first (a crash, a kill -9, a ctest timeout) and `dir` is
// still there, it runs `cleanup` (sh code, e.g. stopping a server; "$d" is the
// directory) and then removes the directory. Every fixture that leaves processes
// or big trees behind starts one.
void startWatchdog(const QString &dir, const QString &cleanup = {});

// kilnctl run in-process through Kiln::Cli::run, with `input` as standard input.
struct KilnctlRun
{
    int code = -1;
    QString out;
    QString err;
};
KilnctlRun runKilnctl(const QStringList &arguments, QString input = {});

} // namespace KilnTest
