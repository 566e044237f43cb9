// Measures JobLog::tail(2000) on a generated multi-GB log against GNU `tail -n 2000`.
//
//   log_tail [--size 2G] [--lines 2000] [--runs 7] [--dir /tmp]
//
// The log is written to a temporary directory (deleted afterwards). Both readers
// run once untimed first, so the numbers are for a warm page cache. GNU tail is
// started with QProcess and its output discarded, so its figure includes starting
// a process; that start-up cost alone (tail of an empty file) is printed too.

#include "bake/joblog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

std::optional<qint64> parseSize(const QString &text)
{
    QString t = text.trimmed().toUpper();
    qint64 factor = 1;
    if (t.endsWith(u'B'))
        t.chop(1);
    if (t.endsWith(u'K'))
        factor = 1024;
    else if (t.endsWith(u'M'))
        factor = 1024 * 1024;
    else if (t.endsWith(u'G'))
        factor = 1024LL * 1024 * 1024;
    if (factor != 1)
        t.chop(1);
    bool ok = false;
    const double value = t.toDouble(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return qint64(value * double(factor));
}

// ~8 MB of log lines as JobLogWriter writes them, with varied lengths.
QByteArray makeChunk()
{
    QRandomGenerator rng(42);
    QByteArray chunk;
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    int i = 0;
    while (chunk.size() < 8 * 1024 * 1024) {
        chunk += JobLogWriter::prefix(t0.addMSecs(i), i % 5 == 0 ? LogStream::Err : LogStream::Out);
        const int len = 10 + int(rng.bounded(150));
        for (int j = 0; j < len; ++j)
            chunk += char('a' + rng.bounded(26));
        chunk += '\n';
        ++i;
    }
    return chunk;
}

struct Stats
{
    double minMs = 0;
    double medianMs = 0;
};

Stats measure(int runs, const std::function<void()> &fn)
{
    fn(); // warm-up
    QList<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        fn();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return Stats{ms.first(), ms.at(ms.size() / 2)};
}

void runGnuTail(const QString &path, int lines)
{
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    p.start(u"tail"_s, {u"-n"_s, QString::number(lines), path});
    p.waitForFinished(-1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmark JobLog::tail against GNU tail -n."_s);
    parser.addHelpOption();
    parser.addOption(
        {u"size"_s, u"Size of the generated log, e.g. 2G, 500M (default 2G)."_s, u"size"_s, u"2G"_s});
    parser.addOption({u"lines"_s, u"Number of lines to tail (default 2000)."_s, u"n"_s, u"2000"_s});
    parser.addOption({u"runs"_s, u"Timed runs of each reader (default 7)."_s, u"runs"_s, u"7"_s});
    parser.addOption(
        {u"dir"_s, u"Where to create the temporary log (default: the system temp dir)."_s, u"dir"_s});
    parser.process(app);

    const auto size = parseSize(parser.value(u"size"_s));
    bool linesOk = false, runsOk = false;
    const int lines = parser.value(u"lines"_s).toInt(&linesOk);
    const int runs = parser.value(u"runs"_s).toInt(&runsOk);
    if (!size || !linesOk || lines < 0 || !runsOk || runs < 1) {
        err << "log_tail: --size must be a positive size like 2G or 500M, --lines 0 or more, --runs 1 or "
               "more.\n";
        return 2;
    }

    QTemporaryDir dir(parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) + u"/kiln-log-tail-XXXXXX"_s
                                             : QString());
    if (!dir.isValid()) {
        err << "log_tail: cannot create a temporary directory: " << dir.errorString() << '\n';
        return 1;
    }
    const QString path = dir.filePath(u"job.log"_s);

    out << "Generating " << *size / (1024 * 1024) << " MiB in " << path << " ...\n";
    out.flush();
    {
        const QByteArray chunk = makeChunk();
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) {
            err << "log_tail: cannot write " << path << ": " << f.errorString() << '\n';
            return 1;
        }
        qint64 written = 0;
        while (written < *size) {
            const qint64 n = std::min<qint64>(chunk.size(), *size - written);
            if (f.write(chunk.constData(), n) != n) {
                err << "log_tail: cannot write " << path << ": " << f.errorString() << '\n';
                return 1;
            }
            written += n;
        }
        f.write("\nthe last line\n");
    }

    const auto check = JobLog::tail(path, lines);
    if (!check.ok()) {
        err << "log_tail: " << check.error().message << '\n';
        return 1;
    }
    out << "JobLog::tail returned " << check->lines.size() << " lines\n";

    const Stats ours = measure(runs, [&]() { (void)JobLog::tail(path, lines); });
    const Stats gnu = measure(runs, [&]() { runGnuTail(path, lines); });
    const Stats spawn = measure(runs, [&]() { runGnuTail(QProcess::nullDevice(), lines); });

    out << Qt::fixed << qSetRealNumberPrecision(3);
    out << "file size            " << QFile(path).size() << " bytes, " << runs << " runs, warm cache\n";
    out << "JobLog::tail(" << lines << ")    min " << ours.minMs << " ms, median " << ours.medianMs
        << " ms\n";
    out << "tail -n " << lines << " (GNU)  min " << gnu.minMs << " ms, median " << gnu.medianMs
        << " ms (includes process start)\n";
    out << "process start only   min " << spawn.minMs << " ms, median " << spawn.medianMs << " ms\n";
    out << "ratio JobLog/GNU     " << ours.medianMs / gnu.medianMs << " (median), "
        << ours.medianMs / std::max(0.001, gnu.medianMs - spawn.medianMs) << " (GNU minus process start)\n";
    return 0;
}
