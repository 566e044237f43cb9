// Polls the cache status of one image on 200 real kiln-worker REST servers in one
// fan-out round (WorkerFanOut + WorkerClient, as WarmService does), against
// `curl --parallel --parallel-max 16` over the same URLs, with none and with 10 %
// of the workers hung (they accept and never answer), the hung ones first.
//
//   fanout_status [--workers 200] [--hung 20] [--concurrency 16] [--deadline 5000] [--runs 5]
//
// The workers are bench/fanout_workers: the kiln-worker's WorkerServer on N
// loopback ports over one worker catalogue, in its own process, plus the hung
// listeners. The image is warmed (baked from a small rootfs tar) through the API
// first, so every worker answers GET /api/v1/images/bench with a ready image.
// Each run starts with a new WorkerClient (no kept connections), as curl does.
// Peak RSS is the bench process' VmHWM over the round (reset before each round
// through /proc/self/clear_refs), so it is the fan-out's alone.

#include "remote/workerclient.h"
#include "remote/workerfanout.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

const QString kImage = u"bench"_s;

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

template <typename T>
std::optional<T> await(QFuture<T> future, int timeoutMs = 60000)
{
    if (!waitUntil([&] { return future.isFinished(); }, timeoutMs) || future.resultCount() == 0)
        return std::nullopt;
    return future.result();
}

// A line of /proc/self/status ("VmHWM", "VmRSS") in KiB.
qint64 procStatusKiB(const QByteArray &key)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(QByteArray(key + ':')))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

void resetPeakRss()
{
    QFile file(u"/proc/self/clear_refs"_s);
    if (file.open(QIODevice::WriteOnly))
        file.write("5");
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

struct Round
{
    double wallMs = 0;    // every target has a result
    double healthyMs = 0; // the targets healthy in both scenarios have answered
    int ok = 0;
    int failed = 0;
    qint64 peakRssKiB = 0;
    int peakActive = 0;
    int peakOpen = 0;
};

struct Workers
{
    QByteArray token;
    QList<quint16> ports;
    QList<quint16> hung;
};

// The targets of a scenario: `hung` hung listeners in place of the first healthy
// workers, so that the last ones are the same healthy workers in every scenario.
QList<quint16> order(const Workers &workers, int hung)
{
    return workers.hung.mid(0, hung) + workers.ports.mid(hung);
}

Round kilnRound(const Workers &workers, const QList<quint16> &ports, int common, int concurrency,
                int deadlineMs)
{
    QList<FanOutTarget> targets;
    for (quint16 port : ports) {
        targets.append({QString::number(port), WorkerEndpoint{u"w%1"_s.arg(port),
                                                              QUrl(u"http://127.0.0.1:%1"_s.arg(port)),
                                                              workers.token,
                                                              {}}});
    }
    QSet<QString> counted;
    for (qsizetype i = ports.size() - common; i < ports.size(); ++i)
        counted.insert(QString::number(ports.at(i)));
    Round round;
    resetPeakRss();
    QElapsedTimer clock;
    clock.start();
    {
        WorkerClient client;
        WorkerFanOut fanOut(&client);
        fanOut.setConcurrency(concurrency);
        fanOut.setWorkerTimeout(deadlineMs);
        const WorkerRequest request = WorkerClient::imageRequest(kImage);
        int pending = int(counted.size());
        bool done = false;
        QObject::connect(&fanOut, &WorkerFanOut::workerFinished, &fanOut, [&](const FanOutResult &result) {
            const auto image = WorkerClient::parseReply<CachedImage>(result.workerName, request, result.reply,
                                                                     &CachedImage::fromJson);
            if (image.ok() && image->status == CachedImageStatus::Ready)
                ++round.ok;
            else
                ++round.failed;
            if (counted.contains(result.targetId) && --pending == 0)
                round.healthyMs = double(clock.nsecsElapsed()) / 1e6;
        });
        QObject::connect(&fanOut, &WorkerFanOut::finished, &fanOut, [&] {
            round.wallMs = double(clock.nsecsElapsed()) / 1e6;
            done = true;
        });
        fanOut.start(targets, request);
        waitUntil([&] { return done; }, deadlineMs * 10 + 60000);
        round.peakActive = fanOut.peakInFlight();
        round.peakOpen = fanOut.peakOpen();
    }
    round.peakRssKiB = procStatusKiB("VmHWM");
    return round;
}

// curl over the same URLs: a config file (mode 0600: it holds the token, which
// never goes on a command line) with one url/output pair per worker. Each
// transfer's end is written to stderr (unbuffered) and timed here as it arrives.
Round curlRound(const Workers &workers, const QList<quint16> &ports, int common, int parallel, int deadlineMs,
                const QString &dir)
{
    const QString config = QDir(dir).filePath(u"curl.conf"_s);
    {
        QFile file(config);
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QByteArray text = "silent\nno-progress-meter\nshow-error\nparallel\nparallel-max = " +
                          QByteArray::number(parallel) +
                          "\nmax-time = " + QByteArray::number(deadlineMs / 1000.0) +
                          "\nheader = \"Authorization: Bearer " + workers.token +
                          "\"\nwrite-out = \"%{stderr}%{http_code} %{url_effective}\\n\"\n";
        for (quint16 port : ports)
            text += "url = \"http://127.0.0.1:" + QByteArray::number(port) + "/api/v1/images/" +
                    kImage.toUtf8() + "\"\noutput = \"/dev/null\"\n";
        file.write(text);
    }
    QSet<QByteArray> counted;
    for (qsizetype i = ports.size() - common; i < ports.size(); ++i)
        counted.insert(":" + QByteArray::number(ports.at(i)) + "/");
    Round round;
    int pending = int(counted.size());
    QProcess curl;
    QByteArray buffer;
    QElapsedTimer clock;
    auto parse = [&] {
        buffer += curl.readAllStandardError();
        qsizetype end = 0;
        while ((end = buffer.indexOf('\n')) >= 0) {
            const QByteArray line = buffer.left(end);
            buffer.remove(0, end + 1);
            if (line.startsWith("200 "))
                ++round.ok;
            else if (line.startsWith("000 ") || !line.startsWith("curl:"))
                ++round.failed; // (curl's own error lines follow a "000" line)
            for (const QByteArray &key : std::as_const(counted)) {
                if (line.contains(key) && line.startsWith("200 ")) {
                    if (--pending == 0)
                        round.healthyMs = double(clock.nsecsElapsed()) / 1e6;
                    break;
                }
            }
        }
    };
    QObject::connect(&curl, &QProcess::readyReadStandardError, &curl, parse);
    clock.start();
    curl.start(u"curl"_s, {u"--config"_s, config});
    curl.waitForStarted();
    waitUntil([&] { return curl.state() == QProcess::NotRunning; }, deadlineMs * 10 + 60000);
    round.wallMs = double(clock.nsecsElapsed()) / 1e6;
    parse(); // what came with the exit
    return round;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {u"workers"_s, u"Workers in a round."_s, u"n"_s, u"200"_s},
        {u"hung"_s, u"Hung workers in the second scenario (the first in the order)."_s, u"n"_s, u"20"_s},
        {u"concurrency"_s, u"Fan-out concurrency and curl --parallel-max."_s, u"n"_s, u"16"_s},
        {u"deadline"_s, u"Per-worker deadline (ms) and curl --max-time."_s, u"ms"_s, u"5000"_s},
        {u"runs"_s, u"Runs of each side per scenario (median)."_s, u"n"_s, u"5"_s},
    });
    parser.process(app);
    const int count = parser.value(u"workers"_s).toInt();
    const int hung = qBound(0, parser.value(u"hung"_s).toInt(), count - 1);
    const int concurrency = parser.value(u"concurrency"_s).toInt();
    const int deadlineMs = parser.value(u"deadline"_s).toInt();
    const int runs = qMax(1, parser.value(u"runs"_s).toInt());
    if (QStandardPaths::findExecutable(u"curl"_s).isEmpty()) {
        std::fputs("fanout_status: needs curl on the PATH\n", stderr);
        return 2;
    }

    QTemporaryDir dir;
    const QString helper = QDir(QCoreApplication::applicationDirPath()).filePath(u"fanout_workers"_s);
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    server.start(helper, {u"--data-dir"_s, dir.filePath(u"worker"_s), u"--ports"_s, QString::number(count),
                          u"--hung"_s, QString::number(hung)});
    Workers workers;
    QByteArray pending;
    bool ready = false;
    waitUntil(
        [&] {
            pending += server.readAllStandardOutput();
            qsizetype end = 0;
            while ((end = pending.indexOf('\n')) >= 0) {
                const QByteArray line = pending.left(end);
                pending.remove(0, end + 1);
                if (line.startsWith("token "))
                    workers.token = line.mid(6);
                else if (line.startsWith("port "))
                    workers.ports.append(quint16(line.mid(5).toUInt()));
                else if (line.startsWith("hung "))
                    workers.hung.append(quint16(line.mid(5).toUInt()));
                else if (line == "ready")
                    ready = true;
            }
            return ready || server.state() == QProcess::NotRunning;
        },
        60000);
    if (!ready || workers.ports.size() != count) {
        std::fprintf(stderr, "fanout_status: %s did not come up\n", qPrintable(helper));
        return 1;
    }

    // The image: a small rootfs tar baked through the API (warm), then ready on
    // every port (they share the worker catalogue).
    const QString rootfs = dir.filePath(u"rootfs"_s);
    QDir().mkpath(rootfs + u"/etc"_s);
    {
        QFile release(rootfs + u"/etc/os-release"_s);
        release.open(QIODevice::WriteOnly);
        release.write("ID=kiln-bench\n");
    }
    const QString tar = dir.filePath(u"rootfs.tar"_s);
    if (QProcess::execute(u"tar"_s, {u"-cf"_s, tar, u"-C"_s, rootfs, u"."_s}) != 0) {
        std::fputs("fanout_status: tar failed\n", stderr);
        return 1;
    }
    {
        WorkerClient client;
        const WorkerEndpoint first{
            u"w0"_s, QUrl(u"http://127.0.0.1:%1"_s.arg(workers.ports.first())), workers.token, {}};
        WarmRequest warm;
        warm.source = {BakeSourceKind::RootfsTar, tar};
        warm.sizeMib = 16;
        const auto queued = await(client.warm(first, kImage, warm));
        bool baked = false;
        if (queued && queued->ok()) {
            waitUntil(
                [&] {
                    const auto now = await(client.image(first, kImage));
                    baked = now && now->ok() && now->value().status == CachedImageStatus::Ready;
                    return baked || (now && now->ok() && now->value().status == CachedImageStatus::Failed);
                },
                120000);
        }
        if (!baked) {
            std::fputs("fanout_status: the bench image did not bake on the workers\n", stderr);
            return 1;
        }
    }

    const qint64 baselineKiB = procStatusKiB("VmRSS");
    std::printf("fan-out of GET /api/v1/images/%s over %d kiln-worker servers (one process), concurrency %d, "
                "deadline %d ms, %d runs (median)\n",
                qPrintable(kImage), count, concurrency, deadlineMs, runs);
    std::printf("bench RSS before the rounds: %.1f MiB\n\n", baselineKiB / 1024.0);
    const int common = count - hung; // healthy in both scenarios
    struct Scenario
    {
        int hung;
        QList<double> kilnWall, kilnHealthy, curlWall, curlHealthy;
        qint64 peakRssKiB = 0;
        int peakActive = 0, peakOpen = 0, kilnOk = 0, curlOk = 0;
    };
    QList<Scenario> scenarios{{0, {}, {}, {}, {}}, {hung, {}, {}, {}, {}}};
    for (Scenario &s : scenarios) {
        const QList<quint16> ports = order(workers, s.hung);
        // One untimed round of each first (page cache, first connections).
        kilnRound(workers, ports, common, concurrency, deadlineMs);
        curlRound(workers, ports, common, concurrency, deadlineMs, dir.path());
        for (int run = 0; run < runs; ++run) {
            const Round kiln = kilnRound(workers, ports, common, concurrency, deadlineMs);
            const Round curl = curlRound(workers, ports, common, concurrency, deadlineMs, dir.path());
            s.kilnWall.append(kiln.wallMs);
            s.kilnHealthy.append(kiln.healthyMs);
            s.curlWall.append(curl.wallMs);
            s.curlHealthy.append(curl.healthyMs);
            s.peakRssKiB = qMax(s.peakRssKiB, kiln.peakRssKiB);
            s.peakActive = qMax(s.peakActive, kiln.peakActive);
            s.peakOpen = qMax(s.peakOpen, kiln.peakOpen);
            s.kilnOk = kiln.ok;
            s.curlOk = curl.ok;
        }
        const double kw = median(s.kilnWall), cw = median(s.curlWall);
        const double kh = median(s.kilnHealthy), ch = median(s.curlHealthy);
        std::printf("%d hung of %d: kiln wall %.0f ms, curl wall %.0f ms, ratio %.2fx; "
                    "all %d healthy answered: kiln %.0f ms, curl %.0f ms (%.2fx)\n",
                    s.hung, count, kw, cw, cw > 0 ? kw / cw : 0.0, common, kh, ch, ch > 0 ? kh / ch : 0.0);
        std::printf("    kiln: %d ready answers, peak RSS %.1f MiB, peak active requests %d (bound %d), "
                    "peak open %d; curl: %d answers 200\n",
                    s.kilnOk, s.peakRssKiB / 1024.0, s.peakActive, concurrency, s.peakOpen, s.curlOk);
    }
    const double flat = median(scenarios.at(1).kilnHealthy) / qMax(1.0, median(scenarios.at(0).kilnHealthy));
    const double curlFlat =
        median(scenarios.at(1).curlHealthy) / qMax(1.0, median(scenarios.at(0).curlHealthy));
    std::printf("\ntime until the %d healthy answered, %d hung vs none: kiln %.2fx, curl %.2fx\n", common,
                hung, flat, curlFlat);

    server.closeWriteChannel();
    if (!server.waitForFinished(10000)) {
        server.terminate();
        server.waitForFinished(5000);
    }
    return 0;
}
