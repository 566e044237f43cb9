#include "kilnside.h"

#include "bake/bakepipeline.h"
#include "bake/blobcache.h"
#include "bake/contentdigest.h"
#include "bake/ext4writer.h"
#include "bake/layerunpacker.h"
#include "bake/ociblobs.h"
#include "bake/ociclient.h"
#include "bake/rootfstree.h"

#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace Kiln::Bench {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// Starts after sync(2), so that no step pays for the writeback of an earlier one
// (the reference's steps start the same way).
class Stopwatch
{
public:
    Stopwatch() { m_start = settledNow(); }
    double seconds() const
    {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start;
};

// The future's result, with this thread's event loop running (not QTest::qWaitFor:
// its 10 ms sleeps between event batches would throttle a download).
template <typename T>
T await(QFuture<T> future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcher<T>::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    return future.result();
}

void report(const QString &label, double seconds, const QString &extra = {})
{
    out() << "  " << label << " " << QString::number(seconds, 'f', 2) << " s"
          << (extra.isEmpty() ? u""_s : u", "_s) << extra << ", peak RSS " << peakRssKiB() / 1024 << " MiB\n"
          << Qt::flush;
}

void fail(KilnTimes &times, const QString &label, const QString &message)
{
    out() << "  " << label << " FAILED: " << message << "\n" << Qt::flush;
    times.failed = true;
}

QString mib(qint64 bytes)
{
    return u"%1 MiB"_s.arg(bytes / (1024 * 1024));
}

// Pull + verify: the manifest, then config and layer into an empty blob cache.
std::optional<QString> pull(const KilnRun &run, const QString &cacheRoot, KilnTimes &times)
{
    const BlobCache cache(cacheRoot);
    if (const QString e = cache.ensureRoot(); !e.isEmpty()) {
        fail(times, u"pull + verify"_s, e);
        return std::nullopt;
    }
    OciClient client;
    client.setTransferTimeout(60000);
    OciBlobs blobs(&client);
    OciEndpoint endpoint;
    endpoint.host = run.registry;
    endpoint.tls = false;
    const Stopwatch watch;
    const auto resolved = await(blobs.manifest(endpoint, run.repository, run.tag));
    if (!resolved.ok()) {
        fail(times, u"pull + verify"_s, resolved.error().message);
        return std::nullopt;
    }
    QList<OciDescriptor> wanted{resolved->manifest.config};
    wanted += resolved->manifest.layers;
    const auto files = await(blobs.downloadBlobs(endpoint, run.repository, wanted, cache.root()));
    if (!files.ok()) {
        fail(times, u"pull + verify"_s, files.error().message);
        return std::nullopt;
    }
    times.pull = watch.seconds();
    times.rssAfterPull = peakRssKiB();
    const OciBlobFile &layer = files->last();
    report(u"pull + verify (OciBlobs)"_s, times.pull, mib(layer.size) + u" layer"_s);
    if (layer.digest != run.layer->digest) {
        fail(times, u"pull + verify"_s, u"got %1, the layer is %2"_s.arg(layer.digest, run.layer->digest));
        return std::nullopt;
    }
    return layer.path;
}

std::unique_ptr<RootfsTree> unpack(const QString &label, const QString &layerPath, const QString &staging,
                                   qint64 capBytes, KilnTimes &times, double *seconds)
{
    removeTree(staging);
    QDir().mkpath(staging);
    auto tree = std::make_unique<RootfsTree>(staging, capBytes);
    const Stopwatch watch;
    const auto unpacked = unpackLayers(
        {LayerFile{layerPath, u"application/vnd.oci.image.layer.v1.tar+gzip"_s, QString()}}, *tree);
    const double s = watch.seconds();
    if (!unpacked.ok()) {
        fail(times, label, unpacked.error().message);
        return nullptr;
    }
    if (seconds) {
        *seconds = s;
        report(label, s,
               u"%1 entries, %2 of content"_s.arg(unpacked->entries).arg(mib(unpacked->contentBytes)));
    }
    return tree;
}

double writeExt4(const QString &label, const RootfsTree &tree, const QString &image, qint64 sizeMiB,
                 const QString &name, const GeneratedLayer &layer, KilnTimes &times, QString *note)
{
    const Ext4Estimate estimate = ext4SizeEstimate(tree);
    const Stopwatch watch;
    const auto written = Ext4Writer::write(tree, image, sizeMiB, name);
    const double s = watch.seconds();
    if (!written.ok()) {
        fail(times, label, written.error().message);
        return -1;
    }
    *note = u"%1 inodes, %2 dirs, %3 files; estimate %4 MiB of %5"_s.arg(written->inodes)
                .arg(written->directories)
                .arg(written->regularFiles)
                .arg(estimate.mibNeeded())
                .arg(sizeMiB);
    report(label, s, *note);
    // What the image holds must be what the layer has (hard links share an inode).
    const qint64 files = layer.stats.value(u"regular").toInteger();
    const qint64 symlinks = layer.stats.value(u"symlinks").toInteger();
    if (qint64(written->regularFiles) != files || qint64(written->symlinks) != symlinks) {
        fail(times, label,
             u"the image holds %1 files and %2 symlinks, the layer %3 and %4"_s.arg(written->regularFiles)
                 .arg(written->symlinks)
                 .arg(files)
                 .arg(symlinks));
        return -1;
    }
    return s;
}

// Files under `dir` (what a rejected bake must not have written).
int filesUnder(const QString &dir)
{
    int count = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

// One BakePipeline from the loopback registry into `dir` (blob cache, staging,
// content), on this thread's event loop; the seconds, or -1. `phases` gets the
// time of each phase.
double bake(const KilnRun &run, const QString &dir, qint64 capMiB, std::optional<BakePipelineResult> *result,
            QString *phases)
{
    removeTree(dir);
    QDir().mkpath(dir);
    BakeRequest request;
    request.image.id = u"bench"_s;
    request.image.name = u"big"_s;
    request.image.sizeMib = capMiB;
    request.image.source =
        BakeSource{BakeSourceKind::Oci, run.registry + u'/' + run.repository + u':' + run.tag};
    request.source = request.image.source;
    request.blobCache = dir + u"/blobs"_s;
    request.stagingRoot = dir + u"/staging"_s;
    request.contentDir = dir + u"/content"_s;
    request.endpointFor = [](const QString &host) {
        OciEndpoint endpoint;
        endpoint.host = host;
        endpoint.tls = false;
        return endpoint;
    };
    OciClient client;
    client.setTransferTimeout(60000);
    BakePipeline pipeline(request, &client);
    QEventLoop loop;
    const Stopwatch watch;
    double phaseStart = 0;
    QString phaseName;
    const auto endPhase = [&] {
        if (!phaseName.isEmpty())
            *phases += u"%1 %2 s, "_s.arg(phaseName, QString::number(watch.seconds() - phaseStart, 'f', 2));
    };
    QObject::connect(&pipeline, &BakePipeline::phaseChanged, &loop, [&](BakePhase, const QString &text) {
        endPhase();
        phaseName = text;
        phaseStart = watch.seconds();
    });
    // When the last content byte went into the image (the rest of the phase is the
    // flush, the directory indexes and removing the staging tree).
    QObject::connect(
        &pipeline, &BakePipeline::progress, &loop, [&](BakePhase phase, qint64 done, qint64 total) {
            if (phase == BakePhase::Mkfs && total > 0 && done >= total && !phaseName.endsWith(u')'))
                phaseName += u" (content written after %1 s)"_s.arg(watch.seconds() - phaseStart, 0, 'f', 2);
        });
    QObject::connect(&pipeline, &BakePipeline::finished, &loop, [&](const BakePipelineResult &finished) {
        endPhase();
        phases->chop(2);
        *result = finished;
        loop.quit();
    });
    pipeline.start();
    if (!result->has_value())
        loop.exec();
    return watch.seconds();
}

void wholeChain(const KilnRun &run, KilnTimes &times)
{
    const QString dir = run.work + u"/pipeline"_s;
    std::optional<BakePipelineResult> result;
    QString phases;
    const double s = bake(run, dir, run.sizeMiB, &result, &phases);
    if (!result || !result->ok()) {
        fail(times, u"BakePipeline"_s, result ? result->error().message : u"no result"_s);
    } else {
        times.chain = s;
        times.chainNote = u"Kiln also checks and checksums"_s;
        const BakeOutput &output = result->value();
        report(u"whole chain (BakePipeline)"_s, s,
               u"%1 entries, %2 of content, %3 blobs downloaded"_s.arg(output.entries)
                   .arg(mib(output.contentBytes))
                   .arg(output.blobsDownloaded));
        out() << "    phases: " << phases << "\n" << Qt::flush;
    }
    if (!run.keep)
        removeTree(dir);
}

// An image whose top layer alone passes the cap: rejected before anything is written.
void capRejection(const KilnRun &run, KilnTimes &times)
{
    const QString dir = run.work + u"/overcap"_s;
    const qint64 capMiB = std::max<qint64>(1, run.layer->size / (1024 * 1024) / 4);
    std::optional<BakePipelineResult> result;
    QString phases;
    const double s = bake(run, dir, capMiB, &result, &phases);
    const int written = filesUnder(dir);
    if (!result || result->ok() || result->error().code != BakeFailure::Code::OverCap) {
        fail(times, u"over-cap rejection"_s,
             result && !result->ok() ? result->error().message : u"the bake was not rejected"_s);
    } else if (written > 0) {
        fail(times, u"over-cap rejection"_s, u"%1 files were written under %2"_s.arg(written).arg(dir));
    } else {
        times.capReject = s;
        times.capNote = u"cap %1 MiB, rejected at Resolve, 0 files written"_s.arg(capMiB);
        report(u"over-cap rejection"_s, s, u"\"%1\", 0 files written"_s.arg(result->error().message));
    }
    removeTree(dir);
}

} // namespace

KilnTimes runKiln(const KilnRun &run)
{
    KilnTimes times;
    removeTree(run.work);
    QDir().mkpath(run.work);
    out() << "Kiln (" << run.work << "):\n" << Qt::flush;
    const qint64 capBytes = run.sizeMiB * 1024 * 1024;

    // Phase by phase.
    const auto layerPath = pull(run, run.work + u"/blobs"_s, times);
    if (layerPath) {
        const QString image = run.work + u"/big.ext4"_s;
        auto tree = unpack(u"unpack (LayerUnpacker)"_s, *layerPath, run.work + u"/staging"_s, capBytes, times,
                           &times.unpack);
        times.rssAfterUnpack = peakRssKiB();
        if (tree) {
            times.ext4 = writeExt4(u"ext4 (Ext4Writer)"_s, *tree, image, run.sizeMiB, u"big"_s, *run.layer,
                                   times, &times.ext4Note);
            times.rssAfterExt4 = peakRssKiB();
        }
        tree.reset();
        {
            const Stopwatch watch;
            removeTree(run.work + u"/staging"_s);
            out() << "  (rm -rf of the staging tree: " << QString::number(watch.seconds(), 'f', 2) << " s)\n";
        }
        if (times.ext4 >= 0) {
            const Stopwatch watch;
            const auto checked = Ext4Writer::check(image);
            if (checked.ok()) {
                times.fsck = watch.seconds();
                report(u"e2fsck -fn"_s, times.fsck);
            } else {
                fail(times, u"e2fsck -fn"_s, checked.error().message);
            }
        }
        if (!run.keep)
            QFile::remove(image);
    }
    if (!run.keep)
        removeTree(run.work + u"/blobs"_s);

    // ContentDigest against sha256sum, on the same file.
    {
        const Stopwatch watch;
        const auto digest = ContentDigest::ofFile(run.layer->path);
        if (!digest.ok()) {
            fail(times, u"ContentDigest"_s, digest.error().message);
        } else if (u"sha256:"_s + digest->sha256 != run.layer->digest) {
            fail(times, u"ContentDigest"_s,
                 u"sha256 %1, sha256sum said %2"_s.arg(digest->sha256, run.layer->digest));
        } else {
            times.sha256 = watch.seconds();
            times.sha256Note = u"Kiln: sha256 + sha1 in one pass"_s;
            report(u"ContentDigest (sha256 + sha1)"_s, times.sha256);
        }
    }

    // The directory of many files alone.
    {
        auto tree =
            unpack(u"unpack many"_s, run.many->path, run.work + u"/many-staging"_s, 0, times, nullptr);
        if (tree) {
            times.many = writeExt4(
                u"Ext4Writer (%1 files in one directory)"_s.arg(run.many->stats.value(u"many").toInteger()),
                *tree, run.work + u"/many.ext4"_s, ext4SizeMiB(*run.many), u"many"_s, *run.many, times,
                &times.manyNote);
            if (times.many >= 0) {
                const auto checked = Ext4Writer::check(run.work + u"/many.ext4"_s);
                if (!checked.ok())
                    fail(times, u"e2fsck -fn many"_s, checked.error().message);
            }
        }
        tree.reset();
        removeTree(run.work + u"/many-staging"_s);
        QFile::remove(run.work + u"/many.ext4"_s);
    }

    wholeChain(run, times);
    capRejection(run, times);

    if (!run.keep)
        removeTree(run.work);
    return times;
}

} // namespace Kiln::Bench
