#pragma once

#include "buildqueue.h"
#include "buildrun.h"
#include "containerengine.h"
#include "enginecommands.h"
#include "imagebakery.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

namespace Kiln {

class Catalogue;
class BakeWorker;

// How the local bake service works. The composition root fills it from the
// catalogue's settings (fromSettings); tests set it directly.
struct BakeOptions
{
    int concurrency = 1;               // jobs running at once (bake.concurrency)
    qint64 jobTimeoutMs = 120 * 60000; // per job (bake.jobTimeoutMinutes); 0: none
    int retries = 3;                   // pull/push retries (bake.pushRetries)
    qint64 retryBaseDelayMs = 1000;    // first backoff step
    QStringList enginePreference{QStringLiteral("buildah"), QStringLiteral("podman"),
                                 QStringLiteral("docker")};
    QStringList engineSearchPaths; // empty: PATH
    EngineStorage storage{
        {}, {}, {}, QStringLiteral("chroot")}; // chroot isolation works in containers and as root
    QString logDirectory;                      // empty: defaultLogDirectory(catalogue)
    int pollIntervalMs = 250;                  // queue and cancel requests made by other processes
    bool exitWhenIdle = false;                 // kilnctl: stop picking up work once nothing is queued
    bool runBuildJobs = true;                  // claim queued build jobs (not in kilnctl bake --wait)
    bool runBakes = true;                      // claim queued bakes (not in kilnctl build --wait)
    // Bakes of bake images (ImageBakery). Empty directories: BakeDirectories' defaults.
    QString contentDirectory;            // bake.contentDirectory
    QString blobCacheDirectory;          // bake.blobCacheDirectory
    QString stagingDirectory;            // "<data dir>/staging"
    qint64 scanTimeoutMs = 30 * 60000;   // bake.scanTimeoutMinutes
    qint64 sweepIntervalMs = 10 * 60000; // the background sweep of staging files and blobs
    QStringList scannerSearchPaths;      // trivy/grype looked up here first
    bool scannerUsesSystemPath = true;   // then on the PATH

    BakeDirectories directories() const { return {contentDirectory, blobCacheDirectory, stagingDirectory}; }

    // The values of the settings bake.concurrency, bake.jobTimeoutMinutes,
    // bake.pushRetries, engines.preference, bake.contentDirectory,
    // bake.blobCacheDirectory and bake.scanTimeoutMinutes in `catalogue`.
    static BakeOptions fromSettings(const Catalogue &catalogue);
};

// The local bake service: a worker QObject on a QThread that this object owns.
// It runs the persistent queue of build jobs in the catalogue (build_jobs):
// claims queued jobs (atomically, so several services on one catalogue never run
// the same job), runs each as a BuildRun with a real container engine, and writes
// every transition to the catalogue before emitting it.
//
// On start, jobs left "running" by a process that no longer exists become
// "interrupted" (their logs stay). Jobs queued by another process (kilnctl) are
// picked up within pollIntervalMs, and so are cancels requested from elsewhere.
//
// It also runs the bake queue of bake images (ImageBakery, on the same thread):
// requestBake() or a bake queued by another process is claimed, baked into an
// ext4 file and scanned; bakeChanged()/bakeProgress() report it.
// Signals arrive on the thread that owns this object (queued).
class BakeService : public QObject
{
    Q_OBJECT

public:
    BakeService(const Catalogue &catalogue, BakeOptions options, CredentialResolver credentials,
                QObject *parent = nullptr);
    // Stops (see stop()).
    ~BakeService() override;

    const BakeOptions &options() const { return m_options; }
    QString logDirectory() const;

    // Starts the thread: recovery, engine detection, then the queue.
    void start();
    // Kills running builds, marks them interrupted ("Kiln was closed ..."), and
    // ends the thread. Blocks for as long as that takes (well under a second).
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    // Queues a build of the spec's current revision (see BuildQueue::enqueueSpec).
    // Runs on the service's thread; the future finishes there.
    QFuture<Result<EnqueueOutcome, BakeError>> enqueue(const QString &specIdOrName, bool force = false);
    // Queues the revision of a finished job again.
    QFuture<Result<EnqueueOutcome, BakeError>> rebuild(const QString &jobId);
    // Cancels a queued or running job (a running one is stopped within 2 seconds).
    void cancel(const QString &jobId);

    // Queues a bake of a bake image (id or name); it starts when a bake slot is free.
    QFuture<Result<BakeImage, StoreError>> requestBake(const QString &imageIdOrName);
    // Cancels a queued or running bake (a running one stops within a second and
    // leaves no files behind; one running in another process is asked to stop).
    void cancelBake(const QString &imageId);
    // Scans an image's content again (the scan result arrives with bakeChanged()).
    QFuture<Result<BakeImage, StoreError>> rescan(const QString &imageIdOrName);

signals:
    void enginesDetected(const QList<Kiln::ContainerEngineInfo> &engines);
    // After every transition has been stored (queued, running, finished, interrupted).
    void jobChanged(const Kiln::BuildJob &job);
    // Live log lines of a running job, as the log file has them, in batches.
    void jobOutput(const QString &jobId, const QStringList &lines);
    // What a running job is doing ("Pulling ...", "Building", "Pushing ...").
    void jobPhase(const QString &jobId, const QString &phase);
    // After every stored transition of a bake image (queued, baking, baked, failed,
    // cancelled, interrupted, a scan result).
    void bakeChanged(const Kiln::BakeImage &image);
    // The running bake's phase (0-based index of phaseCount) and its bytes or items
    // done of total (total <= 0: not known).
    void bakeProgress(const QString &imageId, int phaseIndex, int phaseCount, const QString &phaseText,
                      qint64 done, qint64 total);
    // Nothing runs and nothing is queued (build jobs, bakes and scans).
    void idle();
    // The service itself cannot go on (the catalogue failed): a sentence.
    void problem(const QString &message);

private:
    const Catalogue &m_catalogue;
    BakeOptions m_options;
    QThread m_thread;
    BakeWorker *m_worker = nullptr; // lives on m_thread
};

// The part of the service that lives on its thread. Internal.
class BakeWorker : public QObject
{
    Q_OBJECT

public:
    BakeWorker(const Catalogue &catalogue, BakeOptions options, CredentialResolver credentials);
    ~BakeWorker() override;

    void begin();
    void shutdown();
    Result<EnqueueOutcome, BakeError> enqueue(const QString &specIdOrName, bool force);
    Result<EnqueueOutcome, BakeError> rebuild(const QString &jobId);
    void cancel(const QString &jobId);
    ImageBakery *bakery() const { return m_bakery; }

signals:
    void enginesDetected(const QList<Kiln::ContainerEngineInfo> &engines);
    void jobChanged(const Kiln::BuildJob &job);
    void jobOutput(const QString &jobId, const QStringList &lines);
    void jobPhase(const QString &jobId, const QString &phase);
    void idle();
    void problem(const QString &message);

private:
    void recover();
    void pump();
    void poll();
    void startRun(const BuildJob &job);
    void onRunFinished(const QString &jobId, const BuildOutcome &outcome);
    void store(const QString &jobId, const JobTransition &change);
    std::optional<ContainerEngineInfo> engine();
    void appendNote(const QString &logPath, const QString &text);
    void updateIdle();

    const Catalogue &m_catalogue;
    BakeOptions m_options;
    CredentialResolver m_credentials;
    QString m_runner;
    QList<ContainerEngineInfo> m_engines;
    QHash<QString, QPointer<BuildRun>> m_runs;
    QTimer m_poll;
    ImageBakery *m_bakery = nullptr; // a child
    bool m_stopping = false;
    bool m_wasBusy = true; // emit idle() once after the first empty poll
};

} // namespace Kiln
