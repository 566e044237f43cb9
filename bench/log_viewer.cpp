// Measures how responsive the window stays while a build floods the log viewer:
// a producer delivers jobOutput-like batches (default: 1000 lines every 10 ms, i.e.
// 100k lines per second) for a few seconds, and a 1 ms timer measures the event
// loop's latency (how late it fires: median, p99, max). Three runs, one after the
// other in the same process, each with the window shown (offscreen by default):
//
//   (1) baseline: the batches are produced and dropped, no viewer;
//   (2) Kiln: Kiln::LogViewer::appendLines() gets every batch;
//   (3) naive: a QPlainTextEdit (maximumBlockCount 2000) appendPlainText()s every
//       line as it comes, what one would otherwise write.
//
//   log_viewer [--seconds 5] [--batch 1000] [--interval 10]
//
// The producer's timer is starved too when the loop is busy, so each run also
// reports how many lines it managed to deliver, and the CPU time it used.

#include "bake/joblog.h"
#include "common/logviewer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3) +
           (double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
}

struct Figures
{
    double medianMs = 0;
    double p99Ms = 0;
    double maxMs = 0;
    qint64 linesDelivered = 0;
    double cpuMs = 0;
    QString lastShown;
};

// Runs the event loop for `seconds` with the producer feeding `sink`.
Figures run(QApplication &app, int seconds, int batchSize, int intervalMs,
            const std::function<void(const QStringList &)> &sink)
{
    Figures figures;
    QList<qint64> lateness; // microseconds
    lateness.reserve(seconds * 1100);
    QElapsedTimer clock;

    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    qint64 previous = -1;
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed() / 1000;
        if (previous >= 0)
            lateness.append(std::max<qint64>(0, now - previous - 1000));
        previous = now;
    });

    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(intervalMs);
    qint64 next = 1;
    QObject::connect(&producer, &QTimer::timeout, &app, [&] {
        const QString prefix = QString::fromUtf8(JobLogWriter::prefix(
            QDateTime::currentDateTimeUtc(), next % 4 == 0 ? LogStream::Err : LogStream::Out));
        QStringList batch;
        batch.reserve(batchSize);
        for (int i = 0; i < batchSize; ++i, ++next)
            batch.append(prefix + u"step output line "_s + QString::number(next) +
                         (next % 97 == 0 ? u" warning: something odd"_s : u" compiling module.cpp"_s));
        figures.linesDelivered += batch.size();
        sink(batch);
    });

    QTimer::singleShot(seconds * 1000, &app, &QCoreApplication::quit);
    const double cpuBefore = cpuMs();
    clock.start();
    probe.start();
    producer.start();
    app.exec();
    probe.stop();
    producer.stop();
    figures.cpuMs = cpuMs() - cpuBefore;

    std::sort(lateness.begin(), lateness.end());
    if (!lateness.isEmpty()) {
        figures.medianMs = double(lateness.at(lateness.size() / 2)) / 1000.0;
        figures.p99Ms =
            double(lateness.at(std::min(lateness.size() - 1, lateness.size() * 99 / 100))) / 1000.0;
        figures.maxMs = double(lateness.last()) / 1000.0;
    }
    return figures;
}

void print(const char *name, const Figures &f, int seconds)
{
    std::printf(
        "%-9s latency median %7.3f ms  p99 %8.3f ms  max %8.3f ms  | %9lld lines (%7.0f/s)  CPU %6.0f ms\n",
        name, f.medianMs, f.p99Ms, f.maxMs, static_cast<long long>(f.linesDelivered),
        double(f.linesDelivered) / seconds, f.cpuMs);
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Event-loop latency with LogViewer under a flood of log lines"_s);
    parser.addHelpOption();
    parser.addOption({u"seconds"_s, u"Length of each run."_s, u"s"_s, u"5"_s});
    parser.addOption({u"batch"_s, u"Lines per batch."_s, u"n"_s, u"1000"_s});
    parser.addOption({u"interval"_s, u"Milliseconds between batches."_s, u"ms"_s, u"10"_s});
    parser.process(app);
    const int seconds = std::max(1, parser.value(u"seconds"_s).toInt());
    const int batch = std::max(1, parser.value(u"batch"_s).toInt());
    const int interval = std::max(1, parser.value(u"interval"_s).toInt());
    std::printf("%d lines every %d ms (%d lines/s) for %d s per run, platform %s\n", batch, interval,
                batch * 1000 / interval, seconds, qPrintable(QGuiApplication::platformName()));

    Figures baseline;
    {
        QWidget window;
        window.resize(900, 600);
        window.show();
        baseline = run(app, seconds, batch, interval, [](const QStringList &) {});
    }
    Figures kiln;
    {
        LogViewer viewer;
        viewer.resize(900, 600);
        viewer.show();
        viewer.openLog(u"/nonexistent/kiln-bench.log"_s, true); // live, no file: only the live lines
        kiln = run(app, seconds, batch, interval,
                   [&viewer](const QStringList &lines) { viewer.appendLines(lines); });
        viewer.setLive(false);
        kiln.lastShown = viewer.textView()->document()->lastBlock().text();
    }
    Figures naive;
    {
        QPlainTextEdit edit;
        edit.setReadOnly(true);
        edit.setMaximumBlockCount(LogViewer::kMaxLines);
        edit.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        edit.resize(900, 600);
        edit.show();
        naive = run(app, seconds, batch, interval, [&edit](const QStringList &lines) {
            for (const QString &line : lines)
                edit.appendPlainText(line);
        });
        naive.lastShown = edit.document()->lastBlock().text();
    }

    print("baseline", baseline, seconds);
    print("Kiln", kiln, seconds);
    print("naive", naive, seconds);
    std::printf(
        "Kiln/baseline: median %.2fx, p99 %.2fx, max %.2fx; naive/Kiln: median %.1fx, p99 %.1fx, max %.1fx\n",
        ratio(kiln.medianMs, baseline.medianMs), ratio(kiln.p99Ms, baseline.p99Ms),
        ratio(kiln.maxMs, baseline.maxMs), ratio(naive.medianMs, kiln.medianMs),
        ratio(naive.p99Ms, kiln.p99Ms), ratio(naive.maxMs, kiln.maxMs));
    std::printf("last line shown: Kiln \"%s\" (of %lld delivered), naive \"%s\" (of %lld)\n",
                qPrintable(kiln.lastShown.right(40)), static_cast<long long>(kiln.linesDelivered),
                qPrintable(naive.lastShown.right(40)), static_cast<long long>(naive.linesDelivered));
    return 0;
}
