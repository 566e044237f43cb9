#pragma once

// Internal to the bake pipeline (bakepipeline.cpp, bakepipelinephases.cpp): what its
// phases share, and how the errors of the parts become BakeFailures.

#include "bake/bakepipeline.h"
#include "bake/baketarsource.h"
#include "bake/blobcache.h"
#include "bake/ext4writer.h"
#include "bake/layerunpacker.h"
#include "bake/ociblobs.h"
#include "bake/rootfstree.h"

#include <QElapsedTimer>
#include <QFuture>

#include <atomic>
#include <memory>
#include <vector>

namespace Kiln {

namespace BakePipelineDetail {

inline constexpr qint64 kMiB = 1024 * 1024;
inline constexpr int kProgressIntervalMs = 100;
inline constexpr int kCancelPollMs = 100;
inline constexpr int kLockRetryMs = 250;

BakeFailure failure(BakeFailure::Code code, BakePhase phase, const QString &detail);
BakeFailure overCap(BakePhase phase, qint64 neededMiB, qint64 capMiB, const QString &detail);
BakeFailure fromOci(BakePhase phase, const OciError &error);
BakeFailure fromTar(BakePhase phase, const BakeTarError &error);
BakeFailure fromUnpack(const UnpackError &error, qint64 capMiB, qint64 liveBytes);
BakeFailure fromExt4(BakePhase phase, const Ext4Error &error);
QString errnoText();

} // namespace BakePipelineDetail

struct BakePipeline::Work
{
    std::atomic_bool cancel{false};
    qint64 capMiB = 0;
    QString imageName;
    QString staging;
    QString treeDir;
    QString layersDir;
    QString partial;
    QString final;

    // Tar source.
    BakeSourceKind tarKind = BakeSourceKind::RootfsTar;
    // OCI source.
    OciEndpoint endpoint;
    QString repository;
    QString reference;
    OciManifest manifest;
    QFuture<Result<OciResolvedImage, OciError>> resolving;
    QFuture<Result<QList<OciBlobFile>, OciError>> downloading;
    std::shared_ptr<std::vector<BlobCacheLock>> locks = std::make_shared<std::vector<BlobCacheLock>>();

    bool waitAnnounced = false; // "waiting for another bake" was said

    QList<LayerFile> layers;
    std::unique_ptr<RootfsTree> tree;
    BakeOutput output;

    // Progress throttle for the pool threads.
    QElapsedTimer clock;
    std::atomic<qint64> lastProgressMs{-BakePipelineDetail::kProgressIntervalMs};
};

} // namespace Kiln
