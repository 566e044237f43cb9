#include "imagebakery.h"

#include "bake/bakepipeline.h"
#include "bake/blobcache.h"
#include "bake/imagescanner.h"
#include "bake/runnerid.h"
#include "domain/imagereference.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLockFile>
#include <QSet>
#include <QtConcurrent>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Kiln {

// One bake running here.
struct ImageBakery::Bake
{
    BakeImage image;
    std::atomic<bool> cancel{false};  // cancelBake() or a request from another process
    BakePipeline *pipeline = nullptr; // a child of the bakery
    QString phaseText;
    int phaseIndex = -1;
    // Phase writes to the catalogue and progress signals, throttled.
    QElapsedTimer lastPhaseWrite;
    QString storedPhase;
    QElapsedTimer lastProgress;
};

namespace {

const QString kInterruptedByClose =
    u"Interrupted: Kiln was closed while this image was baking. Bake it again to retry."_s;

// The registry of the catalogue that `reference` lives in, if any.
std::optional<Registry> registryOf(const Catalogue &catalogue, const QString &reference)
{
    const auto parsed = parseImageReference(reference);
    if (!parsed.ok())
        return std::nullopt;
    auto registries = RegistryRepository(catalogue).list();
    if (!registries.ok())
        return std::nullopt;
    for (const Registry &registry : std::as_const(registries.value())) {
        if (registryHost(registry) == parsed.value().domain)
            return registry;
    }
    return std::nullopt;
}

} // namespace

ImageBakery::ImageBakery(const Catalogue &catalogue, ImageBakeryOptions options,
                         CredentialResolver credentials, QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_options(std::move(options))
    , m_credentials(std::move(credentials))
    , m_runner(currentRunner().toString())
    , m_poll(this)
    , m_sweepTimer(this)
    , m_client(new OciClient(this))
    , m_scanner(new ImageScanner(this))
    , m_scans(new ScanQueue(m_scanner, this))
{
    m_options.directories = m_options.directories.resolved(catalogue);
    m_poll.setInterval(qMax(10, m_options.pollIntervalMs));
    connect(&m_poll, &QTimer::timeout, this, &ImageBakery::poll);
    if (m_options.sweepIntervalMs > 0)
        m_sweepTimer.setInterval(
            int(qMin<qint64>(m_options.sweepIntervalMs, std::numeric_limits<int>::max())));
    connect(&m_sweepTimer, &QTimer::timeout, this, &ImageBakery::sweep);

    m_client->setRetryPolicy(qMax(1, m_options.retries + 1), 1000);
    m_scanner->setSearchPaths(m_options.scannerSearchPaths);
    m_scanner->setUseSystemPath(m_options.scannerUsesSystemPath);
    m_scanner->setTimeoutMs(m_options.scanTimeoutMs);
    connect(m_scans, &ScanQueue::finished, this, &ImageBakery::onScanFinished);
    connect(m_scans, &ScanQueue::idle, this, &ImageBakery::checkIdle);
}

ImageBakery::~ImageBakery()
{
    shutdown();
    delete m_scans; // before the scanner it uses
    m_scans = nullptr;
}

void ImageBakery::begin()
{
    for (const QString &dir :
         {m_options.directories.content, m_options.directories.staging, m_options.directories.blobCache})
        QDir().mkpath(dir);
    recover();
    m_poll.start();
    if (m_options.sweepIntervalMs > 0)
        m_sweepTimer.start();
    pump();
    sweep(); // after the first claims: it knows which bakes run here
}

void ImageBakery::recover()
{
    auto interrupted = BakeImageRepository(m_catalogue).interruptBakes([](const QString &runner) {
        // As for build jobs: another live process, or another host, is still baking it.
        const RunnerState state = runnerState(runner);
        return state == RunnerState::Dead || (state == RunnerState::Unknown && runner.isEmpty());
    });
    if (!interrupted.ok()) {
        emit problem(interrupted.error().message);
        return;
    }
    // Their staging folders and partial files go with the first sweep.
    for (const BakeImage &image : std::as_const(interrupted.value()))
        emit bakeChanged(image);
}

void ImageBakery::poll()
{
    if (m_stopping)
        return;
    const BakeImageRepository images(m_catalogue);
    for (auto it = m_bakes.cbegin(); it != m_bakes.cend(); ++it) {
        if (it.value()->cancel.load())
            continue;
        auto requested = images.isCancelRequested(it.key());
        if (requested.ok() && requested.value()) {
            it.value()->cancel.store(true);
            it.value()->pipeline->cancel();
        }
    }
    pump();
}

void ImageBakery::pump()
{
    if (m_stopping)
        return;
    if (m_options.exitWhenIdle && m_wasIdle) {
        m_poll.stop(); // kilnctl: nothing more is picked up once the queue ran dry
        return;
    }
    const BakeImageRepository images(m_catalogue);
    m_queueEmpty = !m_options.claimBakes; // bakes requested here still queue for another service
    while (m_options.claimBakes && m_bakes.size() < qMax(1, m_options.concurrency)) {
        auto claimed = images.claimNextBake(m_runner);
        if (!claimed.ok()) {
            emit problem(claimed.error().message);
            break;
        }
        if (!claimed.value()) {
            m_queueEmpty = true;
            break;
        }
        startBake(*claimed.value());
    }
    checkIdle();
}

bool ImageBakery::isIdle() const
{
    return m_bakes.isEmpty() && m_queueEmpty && m_resolvingScans == 0 && m_scans->isIdle();
}

void ImageBakery::checkIdle()
{
    const bool idleNow = isIdle();
    if (idleNow && !m_wasIdle)
        emit idle();
    m_wasIdle = idleNow;
}

void ImageBakery::startBake(const BakeImage &image)
{
    emit bakeChanged(image);
    auto bake = std::make_shared<Bake>();
    bake->image = image;
    m_bakes.insert(image.id, bake);

    // How registries are reached: the catalogue's registries by host (TLS, CA).
    QList<Registry> registries;
    if (auto listed = RegistryRepository(m_catalogue).list(); listed.ok())
        registries = listed.value();
    BakeRequest request;
    request.image = image;
    request.source = image.source;
    request.blobCache = m_options.directories.blobCache;
    request.stagingRoot = m_options.directories.staging;
    request.contentDir = m_options.directories.content;
    request.endpointFor = [registries](const QString &host) {
        for (const Registry &registry : registries) {
            if (registryHost(registry) == host)
                return endpointFor(registry);
        }
        OciEndpoint endpoint;
        endpoint.host = host;
        return endpoint;
    };
    request.credentials = m_credentials;
    request.cancelFlag = &bake->cancel;

    bake->pipeline = new BakePipeline(std::move(request), m_client, this);
    const QString id = image.id;
    connect(bake->pipeline, &BakePipeline::phaseChanged, this,
            [this, id](BakePhase phase, const QString &text) {
                if (const auto running = m_bakes.value(id))
                    running->phaseText = text.isEmpty() ? bakePhaseText(phase) : text;
                onProgress(id, int(phase), kBakePhaseCount, {}, 0, 0);
            });
    connect(bake->pipeline, &BakePipeline::progress, this,
            [this, id](BakePhase phase, qint64 done, qint64 total) {
                onProgress(id, int(phase), kBakePhaseCount, {}, done, total);
            });
    connect(bake->pipeline, &BakePipeline::finished, this,
            [this, id](const BakePipelineResult &result) { onBakeFinished(id, result); });
    bake->pipeline->start();
}

void ImageBakery::onProgress(const QString &imageId, int phaseIndex, int phaseCount, const QString &phaseText,
                             qint64 done, qint64 total)
{
    const auto bake = m_bakes.value(imageId);
    if (!bake || bake->cancel.load())
        return;
    if (phaseText.isEmpty())
        return onProgress(imageId, phaseIndex, phaseCount,
                          bake->phaseText.isEmpty() ? bakePhaseText(BakePhase(phaseIndex)) : bake->phaseText,
                          done, total);
    const bool newPhase = phaseIndex != bake->phaseIndex;
    bake->phaseIndex = phaseIndex;
    // The GUI gets at most ~20 updates a second, the catalogue a few phase writes.
    if (newPhase || !bake->lastProgress.isValid() || bake->lastProgress.elapsed() >= 50) {
        bake->lastProgress.start();
        emit bakeProgress(imageId, phaseIndex, phaseCount, phaseText, done, total);
    }
    if (phaseText != bake->storedPhase &&
        (newPhase || !bake->lastPhaseWrite.isValid() ||
         bake->lastPhaseWrite.elapsed() >= m_options.phaseWriteIntervalMs)) {
        bake->lastPhaseWrite.start();
        bake->storedPhase = phaseText;
        // Not being able to store a phase does not stop the bake.
        (void)BakeImageRepository(m_catalogue).setPhase(imageId, phaseText);
    }
}

void ImageBakery::onBakeFinished(const QString &imageId, const BakePipelineResult &result)
{
    const auto bake = m_bakes.take(imageId);
    if (!bake)
        return;
    bake->pipeline->deleteLater();
    BakeOutcome outcome;
    if (result.ok()) {
        outcome = BakeOutcome::succeeded(result.value().content);
        if (!writeLayerRecord(m_options.directories, imageId, result.value().layerDigests))
            emit problem(
                u"Could not record the layers of image “%1” for the blob cache."_s.arg(bake->image.name));
    } else if (result.error().code == BakeFailure::Code::Cancelled) {
        outcome = BakeOutcome::cancelled();
    } else {
        outcome = BakeOutcome::failed(result.error().message);
    }
    auto stored = BakeImageRepository(m_catalogue).finishBake(imageId, outcome);
    if (!stored.ok()) {
        emit problem(stored.error().message);
    } else {
        emit bakeChanged(stored.value());
        if (stored.value().state == BakeState::Baked)
            queueScan(stored.value());
    }
    pump();
}

void ImageBakery::queueScan(const BakeImage &image)
{
    bool insecure = false;
    if (image.source.kind == BakeSourceKind::Oci) {
        if (const auto registry = registryOf(m_catalogue, image.source.ref))
            insecure = !registry->tlsVerify;
    }
    m_wasIdle = false;
    // A plain rootfs tar is scanned from the ext4 it was baked into.
    const QString ext4Image = image.content ? image.content->path : QString();
    if (image.source.kind != BakeSourceKind::Oci || image.pullSecretId.isEmpty() || !m_credentials) {
        ScanRequest request = ScanRequest::forSource(image.source, insecure);
        request.ext4Image = ext4Image;
        m_scans->enqueue(image.id, request);
        return;
    }
    // The scanner pulls with the pull secret (in its environment, never in argv).
    ++m_resolvingScans;
    m_credentials(image.pullSecretId)
        .then(this, [this, source = image.source, id = image.id, insecure,
                     ext4Image](const Result<Credential, QString> &credential) {
            --m_resolvingScans;
            if (m_stopping)
                return;
            ScanRequest request = ScanRequest::forSource(
                source, insecure, credential.ok() ? std::optional(credential.value()) : std::nullopt);
            request.ext4Image = ext4Image;
            m_scans->enqueue(id, request);
        });
}

void ImageBakery::onScanFinished(const QString &imageId, const ScanOutcome &outcome)
{
    const qint64 scannedAt = outcome.scannedAt > 0 ? outcome.scannedAt : m_catalogue.now();
    auto stored =
        BakeImageRepository(m_catalogue)
            .setScan(imageId, outcome.status, outcome.reason, QString::fromUtf8(outcome.toJson()), scannedAt);
    if (!stored.ok()) {
        emit problem(stored.error().message);
        return;
    }
    emit bakeChanged(stored.value());
}

Result<BakeImage, StoreError> ImageBakery::requestBake(const QString &imageIdOrName)
{
    auto queued = BakeImageRepository(m_catalogue).requestBake(imageIdOrName);
    if (queued.ok()) {
        emit bakeChanged(queued.value());
        m_wasIdle = false;
        if (!m_stopping && !(m_options.exitWhenIdle && !m_poll.isActive()))
            pump();
    }
    return queued;
}

void ImageBakery::cancelBake(const QString &imageId)
{
    if (const auto bake = m_bakes.value(imageId)) {
        bake->cancel.store(true);
        bake->pipeline->cancel();
        return;
    }
    auto requested = BakeImageRepository(m_catalogue).requestCancel(imageId);
    if (!requested.ok()) {
        emit problem(requested.error().message);
        return;
    }
    emit bakeChanged(requested.value());
}

Result<BakeImage, StoreError> ImageBakery::rescan(const QString &imageIdOrName)
{
    const BakeImageRepository images(m_catalogue);
    auto image = images.find(imageIdOrName);
    if (!image.ok())
        return image;
    if (!image.value().content)
        return storeError(StoreError::Code::Invalid,
                          u"Image “%1” has no content to scan; bake it first."_s.arg(image.value().name));
    auto pending = images.setScan(image.value().id, ScanStatus::Pending, u"Rescan requested."_s, {}, 0);
    if (!pending.ok())
        return pending;
    emit bakeChanged(pending.value());
    queueScan(pending.value());
    return pending;
}

void ImageBakery::sweep()
{
    if (m_stopping || m_sweep.isRunning())
        return;
    QStringList running = m_bakes.keys();
    const Catalogue &catalogue = m_catalogue;
    const BakeDirectories directories = m_options.directories;
    const qint64 keepMs = m_options.blobKeepMs;
    // Low priority: it only frees space.
    m_sweep = QtConcurrent::run([&catalogue, directories, running, keepMs] {
        QThread::currentThread()->setPriority(QThread::LowestPriority);
        BakeSweepReport report = sweepBakeFiles(catalogue, directories, running, keepMs);
        QThread::currentThread()->setPriority(QThread::NormalPriority);
        return report;
    });
    m_sweep.then(this, [this](const BakeSweepReport &report) { emit sweepFinished(report); });
}

void ImageBakery::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_poll.stop();
    m_sweepTimer.stop();
    m_scans->cancelAll();
    const auto bakes = m_bakes;
    m_bakes.clear();
    const BakeImageRepository images(m_catalogue);
    for (auto it = bakes.cbegin(); it != bakes.cend(); ++it) {
        it.value()->cancel.store(true);
        // Deleting the pipeline cancels it and waits for its CPU phase to stop (within
        // a block or an entry); its staging folder and partial files go with it.
        it.value()->pipeline->disconnect(this);
        delete it.value()->pipeline;
        auto stored = images.finishBake(it.key(), BakeOutcome::failed(kInterruptedByClose));
        if (stored.ok())
            emit bakeChanged(stored.value());
    }
    // Finished pipelines not deleted yet go before the OCI client they used, and the
    // client (its QNetworkAccessManager) while this thread still runs its event
    // loop: deleting it when the thread ends crashes in Qt 6.4.
    qDeleteAll(findChildren<BakePipeline *>(Qt::FindDirectChildrenOnly));
    delete m_client;
    m_client = nullptr;
    m_sweep.waitForFinished();
}

// ---- the sweep ---------------------------------------------------------------------------------

namespace {

// Whether an upload (bakecontent.cpp) holds the lock of image `imageId`.
bool uploadRunning(const BakeDirectories &directories, const QString &imageId)
{
    QLockFile lock(QDir(directories.staging).filePath(imageId + u".lock"_s));
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    return lock.error() == QLockFile::LockFailedError;
}

} // namespace

BakeSweepReport sweepBakeFiles(const Catalogue &catalogue, const BakeDirectories &directories,
                               const QStringList &runningImageIds, qint64 blobKeepMs, qint64 staleAfterMs)
{
    const QDateTime staleBefore = QDateTime::currentDateTimeUtc().addMSecs(-qMax<qint64>(0, staleAfterMs));
    BakeSweepReport report;
    const BakeImageRepository images(catalogue);
    QSet<QString> busy(runningImageIds.cbegin(), runningImageIds.cend());
    auto baking = images.listBaking();
    if (!baking.ok()) {
        report.errors << baking.error().message;
        return report; // without knowing what bakes elsewhere, nothing is removed
    }
    for (const BakeImage &image : std::as_const(baking.value()))
        busy.insert(image.id);
    auto all = images.list();
    if (!all.ok()) {
        report.errors << all.error().message;
        return report;
    }
    QHash<QString, BakeImage> byName;
    QHash<QString, BakeImage> byId;
    for (const BakeImage &image : std::as_const(all.value())) {
        byName.insert(image.name, image);
        byId.insert(image.id, image);
    }

    // Staging: "<staging>/<image id>" folders and "<image id>.*" files of bakes and
    // uploads that no longer run.
    const QDir staging(directories.staging);
    for (const QFileInfo &entry :
         staging.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString id = entry.fileName().section(u'.', 0, 0);
        if (entry.fileName().endsWith(u".lock"_s) || busy.contains(id) ||
            entry.lastModified() > staleBefore || uploadRunning(directories, id))
            continue;
        const bool removed = entry.isDir() && !entry.isSymLink() ? QDir(entry.filePath()).removeRecursively()
                                                                 : QFile::remove(entry.filePath());
        if (removed)
            ++report.removedStaging;
        else
            report.errors << u"Could not remove the stale staging entry %1."_s.arg(entry.filePath());
    }
    // Partial content files ("<name>.ext4.partial") of no running bake or upload.
    const QDir content(directories.content);
    for (const QFileInfo &entry : content.entryInfoList({u"*.partial"_s}, QDir::Files | QDir::Hidden)) {
        const QString name = entry.fileName().section(u'.', 0, 0);
        const auto image = byName.constFind(name);
        if (entry.lastModified() > staleBefore ||
            (image != byName.cend() && (busy.contains(image->id) || uploadRunning(directories, image->id))))
            continue;
        if (QFile::remove(entry.filePath()))
            ++report.removedStaging;
        else
            report.errors << u"Could not remove the stale partial file %1."_s.arg(entry.filePath());
    }

    // Blobs: those the last bake of an active image used stay; so do the running
    // bakes' (locked, or used within blobKeepMs).
    QSet<QString> keep;
    const auto records = readLayerRecords(directories);
    for (auto it = records.cbegin(); it != records.cend(); ++it) {
        const auto image = byId.constFind(it.key());
        if (image == byId.cend()) {
            removeLayerRecord(directories, it.key()); // the image is gone
            continue;
        }
        if (image->deactivated)
            continue;
        for (const QString &digest : it.value())
            keep.insert(digest);
    }
    const BlobCache cache(directories.blobCache);
    if (QFileInfo(cache.root()).isDir()) {
        BlobSweepPolicy policy;
        policy.olderThanMs = qMax<qint64>(0, blobKeepMs);
        policy.partialOlderThanMs = 60 * 60000;
        const BlobSweepResult swept = cache.sweep(keep, policy);
        report.removedBlobs = swept.removedBlobs;
        report.freedBytes = swept.freedBytes;
        report.errors << swept.errors;
    }
    return report;
}

} // namespace Kiln
