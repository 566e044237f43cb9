// Measures the overhead of streaming a build's output into a job log: a child
// process writing ~2M lines (~100 MB) to stdout and stderr, run
//   (1) by the shell with its output redirected straight to a file
//       (what `buildah ... > log 2>&1` costs), and
//   (2) through Kiln::EngineProcess, with every linesReady batch written by
//       Kiln::JobLogWriter into a job log (timestamp and stream tag on each line).
//
//   log_stream [--lines 2000000] [--width 40] [--runs 3] [--dir /tmp]
//
// Both runs start the same `sh -c 'awk ...'` generator (every 4th line on stderr).
// The runs alternate (baseline, Kiln, baseline, ...) and the median is reported.
// Each log is checked to hold exactly --lines lines. Peak RSS is this process's
// getrusage() maximum, read after the first baseline (before any Kiln run) and
// again at the end; the CPU time of this process during each Kiln run is shown too.

#include "bake/engineprocess.h"
#include "bake/joblog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

QString generatorScript(qint64 lines, int width)
{
    const QString program =
        uR"(BEGIN { for (i = 1; i <= n; i++) { if (i % 4 == 0) print "err " i " " pad > "/dev/stderr"; )"
        uR"(else print "out " i " " pad } })"_s;
    return u"awk -v n=%1 -v pad=%2 '%3'"_s.arg(lines).arg(QString(width, u'x'), program);
}

// User + system CPU time of this process so far, in milliseconds.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3) +
           (double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
}

qint64 peakRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

// Number of '\n' in a file, or -1 when it cannot be read.
qint64 countLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    qint64 count = 0;
    while (!file.atEnd()) {
        const QByteArray block = file.read(4 * 1024 * 1024);
        if (block.isEmpty())
            break;
        count += block.count('\n');
    }
    return count;
}

struct RunResult
{
    bool ok = false;
    QString error;
    double ms = 0;
    qint64 emissions = 0;
    qint64 maxBatch = 0;
    qint64 bytes = 0;
};

RunResult runBaseline(const QString &script, const QString &logPath)
{
    RunResult r;
    QFile::remove(logPath);
    QProcess p;
    p.setStandardInputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    p.start(u"/bin/sh"_s, {u"-c"_s, u"( %1 ) > '%2' 2>&1"_s.arg(script, logPath)});
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        r.error = u"the shell run failed: "_s + p.errorString();
        return r;
    }
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    r.bytes = QFile(logPath).size();
    r.ok = true;
    return r;
}

RunResult runKiln(const QString &script, const QString &logPath)
{
    RunResult r;
    QFile::remove(logPath);
    JobLogWriter writer;
    if (auto opened = writer.open(logPath); !opened.ok()) {
        r.error = opened.error().message;
        return r;
    }
    EngineProcess engine;
    engine.setProgram(u"/bin/sh"_s);
    engine.setArguments({u"-c"_s, script});

    QEventLoop loop;
    EngineResult result;
    QString writeError;
    QByteArray run;
    QObject::connect(&engine, &EngineProcess::linesReady, &loop, [&](const QList<EngineLine> &lines) {
        ++r.emissions;
        r.maxBatch = std::max<qint64>(r.maxBatch, lines.size());
        // One appendData per run of lines from the same stream.
        qsizetype i = 0;
        while (i < lines.size()) {
            const EngineStream stream = lines.at(i).stream;
            run.clear();
            for (; i < lines.size() && lines.at(i).stream == stream; ++i) {
                run += lines.at(i).text;
                run += '\n';
            }
            const auto written =
                writer.appendData(run, stream == EngineStream::Err ? LogStream::Err : LogStream::Out);
            if (!written.ok() && writeError.isEmpty())
                writeError = written.error().message;
        }
    });
    QObject::connect(&engine, &EngineProcess::finished, &loop, [&](const EngineResult &res) {
        result = res;
        loop.quit();
    });

    QElapsedTimer timer;
    timer.start();
    if (!engine.start()) {
        r.error = u"EngineProcess::start() refused"_s;
        return r;
    }
    loop.exec();
    r.ms = double(timer.nsecsElapsed()) / 1e6;
    writer.close();
    if (!result.succeeded()) {
        r.error = result.reason;
        return r;
    }
    if (!writeError.isEmpty()) {
        r.error = writeError;
        return r;
    }
    r.bytes = QFile(logPath).size();
    r.ok = true;
    return r;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Benchmark EngineProcess + JobLogWriter against a shell redirect to a file."_s);
    parser.addHelpOption();
    parser.addOption({u"lines"_s, u"Lines the child writes (default 2000000)."_s, u"n"_s, u"2000000"_s});
    parser.addOption({u"width"_s, u"Padding characters per line (default 40)."_s, u"n"_s, u"40"_s});
    parser.addOption({u"runs"_s, u"Timed runs of each (default 3)."_s, u"runs"_s, u"3"_s});
    parser.addOption(
        {u"dir"_s, u"Where to create the temporary logs (default: the system temp dir)."_s, u"dir"_s});
    parser.process(app);

    bool linesOk = false, widthOk = false, runsOk = false;
    const qint64 lines = parser.value(u"lines"_s).toLongLong(&linesOk);
    const int width = parser.value(u"width"_s).toInt(&widthOk);
    const int runs = parser.value(u"runs"_s).toInt(&runsOk);
    if (!linesOk || lines < 1 || !widthOk || width < 0 || width > 100000 || !runsOk || runs < 1) {
        err << "log_stream: --lines must be 1 or more, --width 0 to 100000, --runs 1 or more.\n";
        return 2;
    }

    QTemporaryDir dir(parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) + u"/kiln-log-stream-XXXXXX"_s
                                             : QString());
    if (!dir.isValid()) {
        err << "log_stream: cannot create a temporary directory: " << dir.errorString() << '\n';
        return 1;
    }
    const QString script = generatorScript(lines, width);
    const QString baselineLog = dir.filePath(u"redirect.log"_s);
    const QString kilnLog = dir.filePath(u"job.log"_s);

    out << "child: sh -c '" << script.left(60) << "...' (" << lines << " lines, 1 in 4 on stderr)\n";
    out.flush();

    QList<double> baseMs, kilnMs, kilnCpuMs;
    RunResult lastBase, lastKiln;
    qint64 rssAfterBaseline = 0;
    qint64 emissions = 0, maxBatch = 0;
    double emissionsPerSecond = 0;
    for (int i = 0; i < runs; ++i) {
        lastBase = runBaseline(script, baselineLog);
        if (!lastBase.ok) {
            err << "log_stream: baseline: " << lastBase.error << '\n';
            return 1;
        }
        baseMs.append(lastBase.ms);
        if (i == 0)
            rssAfterBaseline = peakRssKiB(); // before any Kiln run

        const double cpuBefore = cpuMs();
        lastKiln = runKiln(script, kilnLog);
        kilnCpuMs.append(cpuMs() - cpuBefore);
        if (!lastKiln.ok) {
            err << "log_stream: Kiln: " << lastKiln.error << '\n';
            return 1;
        }
        kilnMs.append(lastKiln.ms);
        emissions = lastKiln.emissions;
        maxBatch = std::max(maxBatch, lastKiln.maxBatch);
        emissionsPerSecond =
            std::max(emissionsPerSecond, double(lastKiln.emissions) / (lastKiln.ms / 1000.0));
        out << "run " << (i + 1) << ": redirect " << qint64(lastBase.ms) << " ms, Kiln "
            << qint64(lastKiln.ms) << " ms\n";
        out.flush();
    }
    const qint64 rssAfterKiln = peakRssKiB();

    const qint64 baseLines = countLines(baselineLog);
    const qint64 kilnLines = countLines(kilnLog);
    if (baseLines != lines || kilnLines != lines) {
        err << "log_stream: expected " << lines << " lines, the redirect wrote " << baseLines
            << " and the job log holds " << kilnLines << '\n';
        return 1;
    }

    const double base = median(baseMs);
    const double kiln = median(kilnMs);
    out << Qt::fixed << qSetRealNumberPrecision(1);
    out << "lines                " << lines << " (" << lastBase.bytes / (1024 * 1024) << " MiB redirected, "
        << lastKiln.bytes / (1024 * 1024) << " MiB job log with prefixes)\n";
    out << "shell redirect       median " << base << " ms, " << double(lines) / (base / 1000.0) / 1e6
        << " M lines/s\n";
    out << "EngineProcess+log    median " << kiln << " ms, " << double(lines) / (kiln / 1000.0) / 1e6
        << " M lines/s, median CPU of this process " << median(kilnCpuMs) << " ms\n";
    out << "linesReady           " << emissions << " emissions in the last run, at most "
        << emissionsPerSecond << "/s, largest batch " << maxBatch << " lines\n";
    out << "peak RSS             " << rssAfterBaseline / 1024 << " MiB after the first redirect, "
        << rssAfterKiln / 1024 << " MiB after the Kiln runs\n";
    out << qSetRealNumberPrecision(2) << "ratio Kiln/redirect  " << kiln / base << " (median wall time)\n";
    // EngineProcess promises at most one batch per 50 ms; allow a little timer slack.
    if (emissionsPerSecond > 21.0) {
        err << "log_stream: linesReady was emitted " << emissionsPerSecond
            << " times per second (more than ~20)\n";
        return 1;
    }
    return 0;
}
