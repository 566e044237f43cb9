#pragma once

#include "bakecontent.h"
#include "buildrun.h"
#include "domain/bakeimage.h"
#include "store/storeerror.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace Kiln {

class Catalogue;
class ImageScanner;
class OciClient;
struct BakeFailure;
struct BakeOutput;
class ScanQueue;
struct ScanOutcome;

// How the bakery works; the bake service fills it from its BakeOptions.
struct ImageBakeryOptions
{
    int concurrency = 1;                 // bakes running at once (bake.concurrency)
    BakeDirectories directories;         // empty fields: BakeDirectories::resolved()
    int pollIntervalMs = 250;            // bakes queued and cancels requested by other processes
    int phaseWriteIntervalMs = 500;      // the catalogue gets at most one phase write per this
    int retries = 3;                     // blob download retries
    qint64 sweepIntervalMs = 10 * 60000; // the background sweep; <= 0: only at start
    // Blobs no active image's last bake used are removed once unused for this long
    // (a running bake's blobs are in use: locked or touched).
    qint64 blobKeepMs = 60 * 60000;
    qint64 scanTimeoutMs = 30 * 60000; // bake.scanTimeoutMinutes; 0: none
    QStringList scannerSearchPaths;    // before the PATH (tests: an empty folder, no PATH)
    bool scannerUsesSystemPath = true;
    bool exitWhenIdle = false; // stop picking up bakes once nothing is queued
    bool claimBakes = true;    // false: run scans only (kilnctl build --wait)
};

// What one sweep removed.
struct BakeSweepReport
{
    int removedStaging = 0; // staging folders and partial files of no running bake
    int removedBlobs = 0;
    qint64 freedBytes = 0;
    QStringList errors; // sentences naming what could not be removed
};

// Runs the bakes of bake images (the catalogue's bake queue, BakeImageRepository)
// on the bake service's thread. Created by the bake service's worker and moved
// with it; every public member is called on that thread.
//
// begin(): bakes left Baking by processes that are gone become Failed
// ("interrupted"), a sweep runs, and the queue is polled every pollIntervalMs
// (bakes requested by other processes, e.g. kilnctl, and their cancel requests).
// A claimed bake runs a BakePipeline (at most `concurrency` at once); its phases
// are stored (throttled) and emitted; its outcome is stored with finishBake(), then
// a scan of its source is queued (ScanQueue) and the result stored with setScan().
// The sweep (at start and every sweepIntervalMs, on a pool thread) removes stale
// staging folders and partial files, and cached blobs that no active (not
// deactivated) image's last bake uses. Deactivated images keep their content.
class ImageBakery : public QObject
{
    Q_OBJECT

public:
    ImageBakery(const Catalogue &catalogue, ImageBakeryOptions options, CredentialResolver credentials,
                QObject *parent = nullptr);
    ~ImageBakery() override;

    const ImageBakeryOptions &options() const { return m_options; }
    QString runner() const { return m_runner; }

    void begin();
    // Cancels the running bakes and waits for their pipelines to end (each stores
    // Failed "interrupted: Kiln was closed"); stops the scans and the poll.
    void shutdown();

    // Queues a bake (BakeImageRepository::requestBake) and starts it when a slot is free.
    Result<BakeImage, StoreError> requestBake(const QString &imageIdOrName);
    // A queued bake is cancelled at once; a running one here stops within a second;
    // one running in another process gets a cancel request.
    void cancelBake(const QString &imageId);
    // Queues a scan of an image with content again; its status goes back to Pending.
    Result<BakeImage, StoreError> rescan(const QString &imageIdOrName);
    // Starts a sweep now (no-op when one runs); sweepFinished() follows.
    void sweep();

    // Nothing bakes, nothing claimable is queued, no scan waits or runs.
    bool isIdle() const;
    int runningCount() const { return int(m_bakes.size()); }

signals:
    // After every stored transition (queued, baking, phase, baked, failed,
    // cancelled, interrupted, scan result).
    void bakeChanged(const Kiln::BakeImage &image);
    void bakeProgress(const QString &imageId, int phaseIndex, int phaseCount, const QString &phaseText,
                      qint64 done, qint64 total);
    void sweepFinished(const Kiln::BakeSweepReport &report);
    // Became idle (see isIdle()).
    void idle();
    // The catalogue failed: a sentence.
    void problem(const QString &message);

private:
    struct Bake;

    void recover();
    void poll();
    void pump();
    void startBake(const BakeImage &image);
    void onProgress(const QString &imageId, int phaseIndex, int phaseCount, const QString &phaseText,
                    qint64 done, qint64 total);
    void onBakeFinished(const QString &imageId, const Result<BakeOutput, BakeFailure> &result);
    void queueScan(const BakeImage &image);
    void onScanFinished(const QString &imageId, const ScanOutcome &outcome);
    void emitStored(const Result<BakeImage, StoreError> &stored);
    void checkIdle();

    const Catalogue &m_catalogue;
    ImageBakeryOptions m_options;
    CredentialResolver m_credentials;
    QString m_runner;
    QHash<QString, std::shared_ptr<Bake>> m_bakes; // by image id
    QTimer m_poll;
    QTimer m_sweepTimer;
    QFuture<BakeSweepReport> m_sweep;
    OciClient *m_client = nullptr; // children
    ImageScanner *m_scanner = nullptr;
    ScanQueue *m_scans = nullptr;
    int m_resolvingScans = 0;  // scans waiting for their pull secret
    bool m_queueEmpty = false; // the last claim found nothing
    bool m_wasIdle = false;
    bool m_stopping = false;
};

// The sweep itself (synchronous; the bakery runs it on a pool thread): removes
// the entries of `directories.staging` and the partial content files that no
// bake (in `runningImageIds`, or baking in any process by the catalogue) and no
// upload owns and that were not modified for staleAfterMs (a bake claimed a
// moment ago may not be listed yet), and the blobs that no active image's last
// bake used and that were not used for blobKeepMs (BlobCache::sweep). Exposed
// for tests and `kilnctl`.
BakeSweepReport sweepBakeFiles(const Catalogue &catalogue, const BakeDirectories &directories,
                               const QStringList &runningImageIds, qint64 blobKeepMs = 0,
                               qint64 staleAfterMs = 5 * 60000);

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::BakeSweepReport)
