#include "bakepipeline.h"
#include "bakepipeline_p.h"

#include "bake/contentdigest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <QThread>

#include <cerrno>
#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace BakePipelineDetail {

BakeFailure failure(BakeFailure::Code code, BakePhase phase, const QString &detail)
{
    return BakeFailure{code, phase, bakePhaseText(phase) + u": "_s + detail, 0, 0};
}

BakeFailure overCap(BakePhase phase, qint64 neededMiB, qint64 capMiB, const QString &detail)
{
    BakeFailure out = failure(BakeFailure::Code::OverCap, phase, detail);
    out.neededMiB = neededMiB;
    out.capMiB = capMiB;
    return out;
}

BakeFailure fromOci(BakePhase phase, const OciError &error)
{
    using C = OciError::Code;
    switch (error.code) {
    case C::Network:
    case C::Timeout:
    case C::Tls:
        return failure(BakeFailure::Code::Network, phase, error.message);
    case C::Unauthorized:
        return failure(BakeFailure::Code::Unauthorized, phase, error.message);
    case C::NotFound:
        return failure(BakeFailure::Code::NotFound, phase, error.message);
    case C::Protocol:
        // A digest or size mismatch, or an answer that is not what the spec says.
        return failure(BakeFailure::Code::Corrupt, phase, error.message);
    case C::Cancelled:
        return failure(BakeFailure::Code::Cancelled, phase, error.message);
    }
    return failure(BakeFailure::Code::Network, phase, error.message);
}

BakeFailure fromTar(BakePhase phase, const BakeTarError &error)
{
    using C = BakeTarError::Code;
    switch (error.code) {
    case C::Corrupt:
        return failure(BakeFailure::Code::Corrupt, phase, error.message);
    case C::Io:
        return failure(BakeFailure::Code::Io, phase, error.message);
    case C::Cancelled:
        return failure(BakeFailure::Code::Cancelled, phase, error.message);
    case C::NotFound:
    case C::NotReadable:
    case C::NotATar:
    case C::Invalid:
    case C::MissingLayer:
    case C::NoPlatform:
        break;
    }
    return failure(BakeFailure::Code::Source, phase, error.message);
}

BakeFailure fromUnpack(const UnpackError &error, qint64 capMiB, qint64 liveBytes)
{
    using C = UnpackError::Code;
    const BakePhase phase = BakePhase::Unpack;
    switch (error.code) {
    case C::Escapes:
        return failure(BakeFailure::Code::Escapes, phase, error.message);
    case C::NotADirectory:
    case C::NotFound:
    case C::InvalidPath:
        return failure(BakeFailure::Code::InvalidLayer, phase, error.message);
    case C::Corrupt:
        return failure(BakeFailure::Code::Corrupt, phase, error.message);
    case C::OverCap: {
        const qint64 needed = qMax(capMiB + 1, (liveBytes + kMiB - 1) / kMiB);
        return overCap(
            phase, needed, capMiB,
            u"needs more than %1 MiB, cap is %2 MiB (%3)"_s.arg(needed - 1).arg(capMiB).arg(error.message));
    }
    case C::Cancelled:
        return failure(BakeFailure::Code::Cancelled, phase, error.message);
    case C::Io:
        break;
    }
    return failure(BakeFailure::Code::Io, phase, error.message);
}

BakeFailure fromExt4(BakePhase phase, const Ext4Error &error)
{
    using C = Ext4Error::Code;
    switch (error.code) {
    case C::TooBig:
        return overCap(phase, error.neededMiB, error.capMiB, error.message);
    case C::InvalidTree:
        return failure(BakeFailure::Code::InvalidLayer, phase, error.message);
    case C::Io:
        return failure(BakeFailure::Code::Io, phase, error.message);
    case C::Cancelled:
        return failure(BakeFailure::Code::Cancelled, phase, error.message);
    case C::Mkfs:
    case C::Ext2fs:
    case C::Check:
        break;
    }
    return failure(BakeFailure::Code::Mkfs, phase, error.message);
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace BakePipelineDetail

using namespace BakePipelineDetail;

// ---- CPU phases ---------------------------------------------------------------------------------

std::function<void(qint64, qint64)> BakePipeline::poster(BakePhase phase)
{
    // Runs on a pool thread. Events posted to this object are dropped if it goes
    // away; it does not before the job has ended (the destructor waits for it).
    return [this, work = m_work.get(), phase](qint64 done, qint64 total) {
        const qint64 now = work->clock.elapsed();
        if (done != total && now - work->lastProgressMs.load() < kProgressIntervalMs)
            return;
        work->lastProgressMs = now;
        QMetaObject::invokeMethod(
            this,
            [this, phase, done, total] {
                if (!m_done && m_phase == phase)
                    emit progress(phase, done, total);
            },
            Qt::QueuedConnection);
    };
}

void BakePipeline::unpack()
{
    enterPhase(BakePhase::Unpack, tr("Unpacking %n layer(s)", nullptr, int(m_work->layers.size())));
    const auto unpacked = poster(BakePhase::Unpack);
    runJob(
        BakePhase::Unpack,
        [unpacked](Work &work) -> std::optional<BakeFailure> {
            if (!QDir().mkpath(work.treeDir))
                return failure(BakeFailure::Code::Io, BakePhase::Unpack,
                               BakePipeline::tr("cannot create the folder %1").arg(work.treeDir));
            // The live content can never exceed the image: a decompression bomb stops there.
            work.tree = std::make_unique<RootfsTree>(work.treeDir, work.capMiB * kMiB);
            qint64 totalIn = 0;
            for (const LayerFile &layer : std::as_const(work.layers))
                totalIn += QFileInfo(layer.path).size();
            qint64 doneBefore = 0;
            int index = 0;
            UnpackOptions options;
            options.cancel = &work.cancel;
            options.progress = [&](qint64 bytesIn, qint64, quint64) {
                unpacked(doneBefore + bytesIn, totalIn);
            };
            UnpackStats all;
            for (const LayerFile &layer : std::as_const(work.layers)) {
                ++index;
                auto stats = unpackLayer(layer, index, *work.tree, options);
                if (!stats.ok())
                    return fromUnpack(stats.error(), work.capMiB, work.tree->liveBytes());
                all.entries += stats->entries;
                doneBefore += QFileInfo(layer.path).size();
            }
            // Extracted archive members are not needed any more.
            QDir(work.layersDir).removeRecursively();
            work.output.entries = all.entries;
            work.output.contentBytes = work.tree->liveBytes();
            unpacked(totalIn, totalIn);
            return std::nullopt;
        },
        [this] {
            enterPhase(BakePhase::SizeCheck);
            runJob(
                BakePhase::SizeCheck,
                [](Work &work) -> std::optional<BakeFailure> {
                    const Ext4Estimate estimate = ext4SizeEstimate(*work.tree);
                    auto fits = checkFitsCap(estimate, work.capMiB);
                    if (!fits.ok())
                        return fromExt4(BakePhase::SizeCheck, fits.error());
                    return std::nullopt;
                },
                [this] {
                    enterPhase(BakePhase::Mkfs);
                    const auto written = poster(BakePhase::Mkfs);
                    runJob(
                        BakePhase::Mkfs,
                        [written](Work &work) -> std::optional<BakeFailure> {
                            Ext4WriteOptions options;
                            options.cancel = &work.cancel;
                            options.progress = written;
                            options.consumeContent = true; // the tree goes right after
                            auto stats = Ext4Writer::write(*work.tree, work.partial, work.capMiB,
                                                           work.imageName, options);
                            // The staging tree is not needed any more either way.
                            work.tree.reset();
                            QDir(work.treeDir).removeRecursively();
                            if (!stats.ok())
                                return fromExt4(BakePhase::Mkfs, stats.error());
                            return std::nullopt;
                        },
                        [this] {
                            enterPhase(BakePhase::Verify);
                            runJob(
                                BakePhase::Verify,
                                [](Work &work) -> std::optional<BakeFailure> {
                                    auto checked = Ext4Writer::check(work.partial);
                                    if (!checked.ok())
                                        return fromExt4(BakePhase::Verify, checked.error());
                                    return std::nullopt;
                                },
                                [this] { checksum(); });
                        });
                });
        });
}

void BakePipeline::checksum()
{
    enterPhase(BakePhase::Checksum);
    const auto read = poster(BakePhase::Checksum);
    runJob(
        BakePhase::Checksum,
        [read](Work &work) -> std::optional<BakeFailure> {
            auto digest = ContentDigest::ofFile(work.partial, &work.cancel, read);
            if (!digest.ok()) {
                if (digest.error().code == ContentDigestError::Code::Cancelled)
                    return failure(BakeFailure::Code::Cancelled, BakePhase::Checksum, digest.error().message);
                return failure(BakeFailure::Code::Io, BakePhase::Checksum, digest.error().message);
            }
            if (work.cancel.load())
                return failure(BakeFailure::Code::Cancelled, BakePhase::Checksum,
                               BakePipeline::tr("cancelled"));
            // rename(2) replaces a stale file of the same name atomically.
            if (std::rename(QFile::encodeName(work.partial).constData(),
                            QFile::encodeName(work.final).constData()) != 0)
                return failure(
                    BakeFailure::Code::Io, BakePhase::Checksum,
                    BakePipeline::tr("cannot move %1 to %2: %3").arg(work.partial, work.final, errnoText()));
            BakeContent &content = work.output.content;
            content.path = work.final;
            content.size = digest->size;
            content.mtime = digest->mtime.toMSecsSinceEpoch();
            content.sha256 = digest->sha256;
            content.sha1 = digest->sha1;
            content.fmt = u"ext4"_s;
            content.refcnt = 1;
            return std::nullopt;
        },
        [this] { succeed(); });
}

// ---- on a thread of its own -------------------------------------------------------------------------

BakePipelineResult runBakePipeline(
    BakeRequest request,
    const std::function<void(BakePhase phase, const QString &text, qint64 done, qint64 total)> &progress)
{
    QThread thread;
    thread.setObjectName(u"kiln-bake-pipeline"_s);
    auto *anchor = new QObject; // owns the client and the pipeline; deleted on the thread
    anchor->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, anchor, &QObject::deleteLater);
    QPromise<BakePipelineResult> promise;
    QFuture<BakePipelineResult> future = promise.future();
    promise.start();
    thread.start();
    QMetaObject::invokeMethod(anchor, [anchor, request = std::move(request), &progress, &promise]() mutable {
        auto *client = new OciClient(anchor);
        auto *pipeline = new BakePipeline(std::move(request), client, anchor);
        auto phaseText = std::make_shared<QString>();
        auto phase = std::make_shared<BakePhase>(BakePhase::Resolve);
        QObject::connect(pipeline, &BakePipeline::phaseChanged, anchor,
                         [&progress, phaseText, phase](BakePhase now, const QString &text) {
                             *phase = now;
                             *phaseText = text;
                             if (progress)
                                 progress(now, text, 0, 0);
                         });
        QObject::connect(pipeline, &BakePipeline::progress, anchor,
                         [&progress, phaseText](BakePhase now, qint64 done, qint64 total) {
                             if (progress)
                                 progress(now, *phaseText, done, total);
                         });
        QObject::connect(pipeline, &BakePipeline::finished, anchor,
                         [&promise](const BakePipelineResult &result) {
                             promise.addResult(result);
                             promise.finish();
                             QThread::currentThread()->quit();
                         });
        pipeline->start();
    });
    future.waitForFinished();
    thread.wait();
    return future.result();
}

} // namespace Kiln
