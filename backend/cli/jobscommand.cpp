#include "jobscommand.h"

#include "bake/joblog.h"
#include "bake/runnerid.h"
#include "commandsupport.h"
#include "jobsupport.h"
#include "store/catalogue.h"
#include "store/specrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

namespace {

constexpr int kCancelWaitMs = 10000;

bool expectOne(const QCommandLineParser &parser, const char *command, const char *what, Io io)
{
    if (parser.positionalArguments().size() == 1)
        return true;
    io.err << "kilnctl " << command << ": expected one argument, " << what << '\n';
    return false;
}

QString duration(const BuildJob &job)
{
    if (!job.startedAt)
        return u"-"_s;
    const qint64 end =
        job.finishedAt ? *job.finishedAt : QDateTime::currentMSecsSinceEpoch(); // running: so far
    const qint64 seconds = qMax<qint64>(0, end - *job.startedAt) / 1000;
    return seconds >= 60 ? u"%1m%2s"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'))
                         : u"%1s"_s.arg(seconds);
}

} // namespace

int runJobs(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("kilnctl", "List build jobs, newest first: all of them, or one spec's."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOption({u"limit"_s, QCoreApplication::translate("kilnctl", "At most N jobs (default 50)."),
                      u"N"_s, u"50"_s});
    parser.addPositionalArgument(u"spec"_s, QCoreApplication::translate("kilnctl", "A spec's name or id."),
                                 u"[SPEC]"_s);
    if (const int code = parseCommandLine(parser, arguments, u"jobs"_s, io); code >= 0)
        return code;
    bool limitOk = false;
    const int limit = parser.value(u"limit"_s).toInt(&limitOk);
    if (!limitOk || limit < 1 || limit > 10000 || parser.positionalArguments().size() > 1) {
        io.err << "kilnctl jobs: expected at most one spec and --limit 1 to 10000\n";
        return ExitUsage;
    }
    auto catalogue = openCatalogue(parser, u"jobs"_s, io);
    if (!catalogue)
        return ExitUsage;
    const JobRepository jobs(*catalogue);
    Result<QList<BuildJob>, StoreError> list = StoreError{};
    if (parser.positionalArguments().isEmpty()) {
        list = jobs.listRecent(limit);
    } else {
        auto spec = SpecRepository(*catalogue).find(parser.positionalArguments().first());
        if (!spec.ok()) {
            io.err << "kilnctl jobs: " << spec.error().message << '\n';
            return ExitInvalid;
        }
        list = jobs.listBySpec(spec.value().id, limit);
    }
    if (!list.ok()) {
        io.err << "kilnctl jobs: " << list.error().message << '\n';
        return ExitInvalid;
    }
    if (parser.isSet(jsonOption())) {
        QJsonArray rows;
        for (const BuildJob &job : std::as_const(list.value()))
            rows.append(jobJson(job));
        printJson(io.out, QJsonObject{{u"jobs"_s, rows}});
        return ExitOk;
    }
    if (list.value().isEmpty()) {
        io.out << "No build jobs yet. Queue one with 'kilnctl build SPEC'.\n";
        return ExitOk;
    }
    io.out << u"%1  %2  %3  %4  %5\n"_s.arg(u"JOB"_s.leftJustified(36), u"UPDATED"_s.leftJustified(20),
                                            u"STATUS"_s.leftJustified(11), u"TIME"_s.leftJustified(7),
                                            u"IMAGE"_s);
    for (const BuildJob &job : std::as_const(list.value())) {
        io.out << u"%1  %2  %3  %4  %5\n"_s.arg(
            job.id.leftJustified(36), formatTime(job.updatedAt).leftJustified(20),
            jobStatusName(job.status).leftJustified(11), duration(job).leftJustified(7), job.targetImage);
        if (!job.errorText.isEmpty() && job.status != JobStatus::Succeeded)
            io.out << "    " << job.errorText.section(u'\n', 0, 0) << '\n';
    }
    return ExitOk;
}

int runCancel(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Cancel a queued or running build job. A running one is stopped by the process that runs it."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addPositionalArgument(u"job"_s, QCoreApplication::translate("kilnctl", "The job's id."));
    if (const int code = parseCommandLine(parser, arguments, u"cancel"_s, io); code >= 0)
        return code;
    if (!expectOne(parser, "cancel", "the job's id", io))
        return ExitUsage;
    auto catalogue = openCatalogue(parser, u"cancel"_s, io);
    if (!catalogue)
        return ExitUsage;
    const JobRepository jobs(*catalogue);
    const QString id = parser.positionalArguments().first();
    auto requested = jobs.requestCancel(id);
    if (!requested.ok()) {
        io.err << "kilnctl cancel: " << requested.error().message << '\n';
        return ExitInvalid;
    }
    BuildJob job = requested.value();
    if (job.status == JobStatus::Running && runnerState(job.runner) == RunnerState::Dead) {
        // Nobody is left to stop it: the process that ran it is gone.
        auto marked =
            jobs.transition(id, {JobStatus::Interrupted,
                                 u"Interrupted: the process building it ended; cancelled afterwards."_s,
                                 {},
                                 {},
                                 {}});
        if (marked.ok())
            job = marked.value();
    }
    for (int waited = 0; job.status == JobStatus::Running && waited < kCancelWaitMs; waited += 100) {
        QThread::msleep(100);
        auto again = jobs.get(id);
        if (again.ok())
            job = again.value();
    }
    if (parser.isSet(jsonOption()))
        printJson(io.out, jobJson(job));
    else
        io.out << "Job " << job.id << ": " << jobStatusName(job.status) << '\n';
    if (job.status == JobStatus::Running) {
        io.err << "kilnctl cancel: the job is still running after 10 s; its builder has been asked to stop "
                  "it.\n";
        return ExitInvalid;
    }
    return ExitOk;
}

int runLogs(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl",
        "Print a build job's log, its last lines, or follow it while it builds; or save it to a file."));
    parser.addOption(catalogOption());
    parser.addOptions({
        {u"tail"_s, QCoreApplication::translate("kilnctl", "Only the last N lines."), u"N"_s},
        {u"follow"_s, QCoreApplication::translate("kilnctl", "Keep printing until the job has finished.")},
        {u"output"_s, QCoreApplication::translate("kilnctl", "Write the whole log to FILE (atomically)."),
         u"FILE"_s},
        {u"raw"_s, QCoreApplication::translate("kilnctl", "Print lines as stored, with time and stream.")},
    });
    parser.addPositionalArgument(u"job"_s, QCoreApplication::translate("kilnctl", "The job's id."));
    if (const int code = parseCommandLine(parser, arguments, u"logs"_s, io); code >= 0)
        return code;
    if (!expectOne(parser, "logs", "the job's id", io))
        return ExitUsage;
    int tail = -1;
    if (parser.isSet(u"tail"_s)) {
        bool ok = false;
        tail = parser.value(u"tail"_s).toInt(&ok);
        if (!ok || tail < 0) {
            io.err << "kilnctl logs: --tail expects a number of lines (0 or more), not '"
                   << parser.value(u"tail"_s) << "'\n";
            return ExitUsage;
        }
    }
    if (parser.isSet(u"output"_s) && (parser.isSet(u"follow"_s) || parser.isSet(u"tail"_s))) {
        io.err << "kilnctl logs: --output writes the whole log; it does not go with --tail or --follow\n";
        return ExitUsage;
    }
    auto catalogue = openCatalogue(parser, u"logs"_s, io);
    if (!catalogue)
        return ExitUsage;
    const JobRepository jobs(*catalogue);
    auto job = jobs.get(parser.positionalArguments().first());
    if (!job.ok()) {
        io.err << "kilnctl logs: " << job.error().message << '\n';
        return ExitInvalid;
    }
    const QString path = job.value().logPath;
    if (path.isEmpty()) {
        io.err << "kilnctl logs: the job " << job.value().id << " is " << jobStatusName(job.value().status)
               << " and has no log yet\n";
        if (!parser.isSet(u"follow"_s))
            return ExitInvalid;
    }
    if (parser.isSet(u"output"_s)) {
        auto exported = JobLog::exportTo(path, parser.value(u"output"_s));
        if (!exported.ok()) {
            io.err << "kilnctl logs: " << exported.error().message << '\n';
            return ExitInvalid;
        }
        return ExitOk;
    }

    const bool raw = parser.isSet(u"raw"_s);
    LogFollower follower(io);
    qint64 printedUpTo = 0;
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            io.err << "kilnctl logs: cannot read " << path << ": " << file.errorString() << '\n';
            return ExitInvalid;
        }
        printedUpTo = file.size();
        file.close();
        if (tail >= 0) {
            auto lines = JobLog::tail(path, tail);
            if (!lines.ok()) {
                io.err << "kilnctl logs: " << lines.error().message << '\n';
                return ExitInvalid;
            }
            for (const QByteArray &line : std::as_const(lines.value().lines)) {
                const auto parsed = raw ? std::nullopt : JobLog::parseLine(line);
                if (parsed && parsed->stream == LogStream::System)
                    io.out << "kiln: ";
                io.out << QString::fromUtf8(parsed ? parsed->text : line) << '\n';
            }
            io.out.flush();
            follower.setOffset(printedUpTo);
        } else if (raw) {
            QFile whole(path);
            if (whole.open(QIODevice::ReadOnly)) {
                while (!whole.atEnd())
                    io.out << QString::fromUtf8(whole.read(1 << 20));
            }
            follower.setOffset(printedUpTo);
        }
        // Otherwise the follower prints everything from the start.
    }
    if (parser.isSet(u"follow"_s)) {
        auto final = waitForJob(*catalogue, job.value().id, &follower);
        if (!final.ok()) {
            io.err << "kilnctl logs: " << final.error().message << '\n';
            return ExitInvalid;
        }
    } else if (tail < 0 && !raw) {
        follower.poll(path, true);
    }
    return ExitOk;
}

} // namespace Kiln::Cli
