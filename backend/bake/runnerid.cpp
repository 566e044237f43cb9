#include "runnerid.h"

#include <QCoreApplication>
#include <QFile>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace Kiln {

QString RunnerId::toString() const
{
    return u"%1|%2|%3"_s.arg(host).arg(pid).arg(startTicks);
}

std::optional<RunnerId> parseRunnerId(const QString &text)
{
    const QStringList parts = text.split(u'|');
    if (parts.size() != 3 || parts[0].isEmpty())
        return std::nullopt;
    bool pidOk = false;
    bool startOk = false;
    RunnerId id{parts[0], parts[1].toLongLong(&pidOk), parts[2].toLongLong(&startOk)};
    if (!pidOk || !startOk || id.pid <= 0 || id.startTicks < 0)
        return std::nullopt;
    return id;
}

std::optional<qint64> processStartTicks(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = stat.readAll();
    // "pid (comm) state ppid ..." where comm may hold spaces and parentheses: the
    // fields after the last ')' start with field 3.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 1).simplified().split(' ');
    constexpr int kStartTimeIndex = 22 - 3; // field 22, counting from field 3
    if (fields.size() <= kStartTimeIndex)
        return std::nullopt;
    bool ok = false;
    const qint64 ticks = fields[kStartTimeIndex].toLongLong(&ok);
    return ok ? std::optional<qint64>(ticks) : std::nullopt;
}

RunnerId currentRunner()
{
    const qint64 pid = QCoreApplication::applicationPid();
    return RunnerId{QSysInfo::machineHostName(), pid, processStartTicks(pid).value_or(0)};
}

RunnerState runnerState(const QString &runner)
{
    const auto id = parseRunnerId(runner);
    if (!id || id->host != QSysInfo::machineHostName())
        return RunnerState::Unknown;
    const auto start = processStartTicks(id->pid);
    return start && *start == id->startTicks ? RunnerState::Alive : RunnerState::Dead;
}

} // namespace Kiln
