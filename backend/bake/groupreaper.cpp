#include "groupreaper.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

using namespace Qt::StringLiterals;

namespace Kiln::GroupReaper {

namespace {

struct State
{
    QMutex mutex;
    std::unique_ptr<QTemporaryDir> dir; // removed at normal exit: the watchdog then ends
    bool failed = false;
};

State &state()
{
    static State s;
    return s;
}

QString quoted(const QString &text)
{
    return u"'"_s + QString(text).replace(u"'"_s, u"'\\''"_s) + u"'"_s;
}

// Called with the mutex held.
bool ensureWatchdog(State &s)
{
    if (s.dir)
        return true;
    if (s.failed)
        return false;
    auto dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/kiln-reaper-XXXXXX"_s);
    if (!dir->isValid()) {
        s.failed = true;
        return false;
    }
    const QString script = u"d=%1; p=%2; "
                           "while kill -0 \"$p\" 2>/dev/null && [ -d \"$d\" ]; do sleep 0.5; done; "
                           "[ -d \"$d\" ] || exit 0; "
                           "for f in \"$d\"/*; do g=${f##*/}; case \"$g\" in ''|*[!0-9]*) ;; *) kill -KILL "
                           "\"-$g\" 2>/dev/null;; "
                           "esac; done; rm -rf \"$d\""_s.arg(
                               quoted(dir->path()), QString::number(QCoreApplication::applicationPid()));
    QProcess watchdog;
    watchdog.setProgram(u"/bin/sh"_s);
    watchdog.setArguments({u"-c"_s, script});
    watchdog.setStandardInputFile(QProcess::nullDevice());
    watchdog.setStandardOutputFile(QProcess::nullDevice());
    watchdog.setStandardErrorFile(QProcess::nullDevice());
    if (!watchdog.startDetached()) {
        s.failed = true;
        return false;
    }
    s.dir = std::move(dir);
    return true;
}

} // namespace

void watch(qint64 processGroup)
{
    if (processGroup <= 0)
        return;
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (!ensureWatchdog(s))
        return;
    QFile marker(s.dir->filePath(QString::number(processGroup)));
    if (marker.open(QIODevice::WriteOnly))
        marker.close();
}

void unwatch(qint64 processGroup)
{
    if (processGroup <= 0)
        return;
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (s.dir)
        QFile::remove(s.dir->filePath(QString::number(processGroup)));
}

} // namespace Kiln::GroupReaper
