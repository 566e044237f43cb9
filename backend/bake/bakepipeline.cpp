#include "bakepipeline.h"
#include "bakepipeline_p.h"

#include "domain/imagereference.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Kiln {

using namespace BakePipelineDetail;

QString bakePhaseText(BakePhase phase)
{
    switch (phase) {
    case BakePhase::Resolve:
        return BakePipeline::tr("Resolving");
    case BakePhase::Pull:
        return BakePipeline::tr("Pulling");
    case BakePhase::Unpack:
        return BakePipeline::tr("Unpacking");
    case BakePhase::SizeCheck:
        return BakePipeline::tr("Checking size");
    case BakePhase::Mkfs:
        return BakePipeline::tr("Making ext4");
    case BakePhase::Verify:
        return BakePipeline::tr("Verifying");
    case BakePhase::Checksum:
        return BakePipeline::tr("Checksumming");
    }
    return {};
}

// What the phases share. The CPU phases get it on a pool thread, one at a time;
// the rest is only touched on the pipeline's thread.

BakePipeline::BakePipeline(BakeRequest request, OciClient *client, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_client(client)
    , m_work(std::make_shared<Work>())
{
    if (client)
        m_blobs = new OciBlobs(client, this);
    m_work->capMiB = m_request.image.sizeMib;
    m_work->imageName = m_request.image.name;
    m_work->staging = stagingDirectory();
    m_work->treeDir = QDir(m_work->staging).filePath(u"tree"_s);
    m_work->layersDir = QDir(m_work->staging).filePath(u"layers"_s);
    m_work->final = contentPath();
    m_work->partial = partialContentPath();
    m_work->clock.start();
    m_cancelPoll.setInterval(kCancelPollMs);
    connect(&m_cancelPoll, &QTimer::timeout, this, [this] {
        if (m_request.cancelFlag && m_request.cancelFlag->load())
            cancel();
    });
    m_lockRetry.setSingleShot(true);
    m_lockRetry.setInterval(kLockRetryMs);
    connect(&m_lockRetry, &QTimer::timeout, this, &BakePipeline::pullBlobs);
}

BakePipeline::~BakePipeline()
{
    m_work->cancel = true;
    stopNetwork();
    if (m_job.isRunning())
        m_job.waitForFinished(); // a CPU phase stops within a block or an entry
    if (m_started && !m_done)
        cleanUp(false);
}

QString BakePipeline::stagingDirectory() const
{
    const QString key = m_request.image.id.isEmpty() ? m_request.image.name : m_request.image.id;
    return QDir(m_request.stagingRoot).filePath(key);
}

QString BakePipeline::contentPath() const
{
    return QDir(m_request.contentDir).filePath(m_request.image.name + u".ext4"_s);
}

QString BakePipeline::partialContentPath() const
{
    return contentPath() + u".partial"_s;
}

void BakePipeline::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_request.cancelFlag)
        m_cancelPoll.start();
    enterPhase(BakePhase::Resolve);
    const BakePhase phase = BakePhase::Resolve;
    if (m_request.image.name.isEmpty() || m_request.image.name.contains(u'/'))
        return fail(failure(BakeFailure::Code::Source, phase, tr("the image has no usable name")));
    if (m_request.image.sizeMib <= 0)
        return fail(failure(BakeFailure::Code::Source, phase,
                            tr("image “%1” has no size cap").arg(m_request.image.name)));
    if (m_request.stagingRoot.isEmpty() || m_request.contentDir.isEmpty() ||
        (!m_request.source.isTar() && m_request.blobCache.isEmpty()))
        return fail(failure(BakeFailure::Code::Io, phase, tr("the bake directories are not set")));
    // A staging folder left by an earlier bake of this image is stale.
    QDir(m_work->staging).removeRecursively();
    for (const QString &dir : {m_work->staging, m_request.contentDir}) {
        if (!QDir().mkpath(dir))
            return fail(failure(BakeFailure::Code::Io, phase, tr("cannot create the folder %1").arg(dir)));
    }
    if (m_request.source.isTar())
        resolveTar();
    else
        resolveOci();
}

void BakePipeline::cancel()
{
    if (!m_started || m_done)
        return;
    m_work->cancel = true;
    if (m_job.isRunning())
        return; // the CPU phase stops within a block or an entry and reports Cancelled
    m_lockRetry.stop();
    stopNetwork();
    fail(failure(BakeFailure::Code::Cancelled, m_phase, tr("cancelled")));
}

void BakePipeline::stopNetwork()
{
    // Only futures still running: cancelling a finished one crashes Qt 6.4 when it had a continuation.
    if (m_work->resolving.isRunning())
        m_work->resolving.cancel();
    if (m_work->downloading.isRunning())
        m_work->downloading.cancel();
}

void BakePipeline::enterPhase(BakePhase phase, const QString &text)
{
    m_phase = phase;
    emit phaseChanged(phase, text.isEmpty() ? bakePhaseText(phase) : text);
}

bool BakePipeline::quickCapCheck(qint64 boundBytes, const QString &what)
{
    const qint64 cap = m_request.image.sizeMib;
    if (boundBytes <= cap * kMiB)
        return true;
    const qint64 needed = (boundBytes + kMiB - 1) / kMiB;
    fail(overCap(BakePhase::Resolve, needed, cap,
                 tr("needs at least %1 MiB, cap is %2 MiB (%3)").arg(needed).arg(cap).arg(what)));
    return false;
}

// ---- OCI source ---------------------------------------------------------------------------------

void BakePipeline::resolveOci()
{
    const BakePhase phase = BakePhase::Resolve;
    const auto parsed = parseImageReference(m_request.source.ref);
    if (!parsed.ok())
        return fail(failure(
            BakeFailure::Code::Source, phase,
            tr("“%1” is not an image reference: %2").arg(m_request.source.ref, parsed.error().describe())));
    if (!m_blobs)
        return fail(failure(BakeFailure::Code::Network, phase, tr("no OCI client to pull with")));
    const ImageReference &reference = parsed.value();
    const QString host = reference.domain == u"docker.io"_s ? u"registry-1.docker.io"_s : reference.domain;
    m_work->endpoint =
        m_request.endpointFor ? m_request.endpointFor(host) : OciEndpoint{host, true, true, {}, {}};
    m_work->repository = reference.path;
    m_work->reference = !reference.digest.isEmpty() ? reference.digest
                        : !reference.tag.isEmpty()  ? reference.tag
                                                    : u"latest"_s;
    enterPhase(phase, tr("Resolving %1").arg(reference.normalized()));

    auto fetch = [this] {
        // Watchers (children) rather than then(): nothing runs once this object is gone.
        auto *watcher = new QFutureWatcher<Result<OciResolvedImage, OciError>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            const auto future = watcher->future();
            if (m_done)
                return;
            if (future.isCanceled() || future.resultCount() == 0)
                return fail(failure(BakeFailure::Code::Cancelled, BakePhase::Resolve, tr("cancelled")));
            const auto resolved = future.result();
            if (!resolved.ok())
                return fail(fromOci(BakePhase::Resolve, resolved.error()));
            m_work->manifest = resolved->manifest;
            if (m_work->manifest.layers.isEmpty())
                return fail(failure(BakeFailure::Code::Source, BakePhase::Resolve,
                                    tr("%1 has no layers").arg(m_request.source.ref)));
            // Every file of the top layer stays in the image (no layer above can
            // white it out), and gzip or zstd never make data smaller than it is: a
            // top layer bigger than the cap cannot fit, known before anything is
            // written. Lower layers do not count: a layer above may delete their files.
            if (!quickCapCheck(m_work->manifest.layers.constLast().size,
                               tr("the top layer alone, compressed, is %1 bytes")
                                   .arg(m_work->manifest.layers.constLast().size)))
                return;
            enterPhase(BakePhase::Pull,
                       tr("Pulling %n layer(s)", nullptr, int(m_work->manifest.layers.size())));
            pullBlobs();
        });
        m_work->resolving = m_blobs->manifest(m_work->endpoint, m_work->repository, m_work->reference);
        watcher->setFuture(m_work->resolving);
    };
    const QString secret = m_request.image.pullSecretId;
    if (secret.isEmpty() || !m_request.credentials)
        return fetch();
    auto *watcher = new QFutureWatcher<Result<Credential, QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, fetch, secret] {
        watcher->deleteLater();
        const auto future = watcher->future();
        if (m_done)
            return;
        if (future.isCanceled() || future.resultCount() == 0)
            return fail(failure(BakeFailure::Code::Unauthorized, BakePhase::Resolve,
                                tr("cannot read the pull secret %1").arg(secret)));
        const auto login = future.result();
        if (!login.ok())
            return fail(failure(BakeFailure::Code::Unauthorized, BakePhase::Resolve,
                                tr("cannot read the pull secret %1: %2").arg(secret, login.error())));
        m_work->endpoint.basic = std::pair{login->username, login->password};
        fetch();
    });
    watcher->setFuture(m_request.credentials(secret));
}

void BakePipeline::pullBlobs()
{
    if (m_done)
        return;
    const BlobCache cache(m_request.blobCache);
    if (const QString problem = cache.ensureRoot(); !problem.isEmpty())
        return fail(failure(BakeFailure::Code::Io, BakePhase::Pull, problem));
    QSet<QString> seen;
    QList<int> toDownload;
    bool waiting = false;
    const auto &layers = m_work->manifest.layers;
    for (int i = 0; i < layers.size(); ++i) {
        const OciDescriptor &layer = layers.at(i);
        if (seen.contains(layer.digest))
            continue;
        seen.insert(layer.digest);
        if (cache.contains(layer.digest, layer.size))
            continue;
        // Only one bake (thread or process) downloads a blob at a time.
        BlobCacheLock lock = cache.tryLock(layer.digest);
        if (!lock.isLocked()) {
            waiting = true;
            continue;
        }
        if (cache.contains(layer.digest, layer.size))
            continue; // another bake finished it just now
        m_work->locks->push_back(std::move(lock));
        toDownload.append(i);
    }
    if (!toDownload.isEmpty())
        return startDownloads(toDownload);
    if (waiting) {
        if (!m_work->waitAnnounced)
            emit phaseChanged(BakePhase::Pull, tr("Waiting for another bake to download the same layers"));
        m_work->waitAnnounced = true;
        m_lockRetry.start();
        return;
    }
    afterPull();
}

void BakePipeline::startDownloads(const QList<int> &layerIndexes)
{
    QList<OciDescriptor> blobs;
    for (int i : layerIndexes)
        blobs.append(m_work->manifest.layers.at(i));
    QPointer<BakePipeline> self(this);
    auto report = [self](qint64 done, qint64 total) {
        if (self && !self->m_done)
            emit self->progress(BakePhase::Pull, done, total);
    };
    m_work->downloading =
        m_blobs->downloadBlobs(m_work->endpoint, m_work->repository, blobs, m_request.blobCache,
                               qMax(1, m_request.maxParallelDownloads), report);
    // The locks are held until the transfers have really stopped (a cancelled one
    // removes its partial file first), also when this pipeline is gone by then.
    auto *watcher = new QFutureWatcher<Result<QList<OciBlobFile>, OciError>>(this);
    auto locks = std::exchange(m_work->locks, std::make_shared<std::vector<BlobCacheLock>>());
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, locks]() mutable {
        watcher->deleteLater();
        locks.reset();
        const auto future = watcher->future();
        if (m_done)
            return;
        if (future.isCanceled() || future.resultCount() == 0)
            return fail(failure(BakeFailure::Code::Cancelled, BakePhase::Pull, tr("cancelled")));
        const auto result = future.result();
        if (!result.ok())
            return fail(fromOci(BakePhase::Pull, result.error()));
        for (const OciBlobFile &file : result.value()) {
            ++m_work->output.blobsDownloaded;
            m_work->output.bytesDownloaded += file.size;
        }
        pullBlobs(); // blobs another bake held meanwhile, else on to unpacking
    });
    watcher->setFuture(m_work->downloading);
}

void BakePipeline::afterPull()
{
    const BlobCache cache(m_request.blobCache);
    QSet<QString> seen;
    for (const OciDescriptor &layer : std::as_const(m_work->manifest.layers)) {
        m_work->layers.append(LayerFile{cache.path(layer.digest), layer.mediaType, layer.digest});
        cache.touch(layer.digest); // in use: the sweep leaves recently used blobs alone
        if (!seen.contains(layer.digest)) {
            seen.insert(layer.digest);
            m_work->output.layerDigests.append(layer.digest);
        }
    }
    m_work->output.blobsCached = int(seen.size()) - m_work->output.blobsDownloaded;
    unpack();
}

// ---- tar source ---------------------------------------------------------------------------------

void BakePipeline::resolveTar()
{
    const QString path = m_request.source.ref;
    enterPhase(BakePhase::Resolve, tr("Reading %1").arg(QFileInfo(path).fileName()));
    runJob(
        BakePhase::Resolve,
        [path](Work &work) -> std::optional<BakeFailure> {
            const auto kind = BakeTarSource::inspect(path);
            if (!kind.ok())
                return fromTar(BakePhase::Resolve, kind.error());
            work.tarKind = kind.value();
            // An uncompressed rootfs tar says in its headers how many bytes of file
            // content it holds (a fraction of a second for 80k entries: the data is
            // seeked over). The ext4 needs at least that much.
            if (work.tarKind != BakeSourceKind::RootfsTar)
                return std::nullopt;
            const qint64 content = BakeTarSource::rootfsContentBytes(path);
            if (content > work.capMiB * kMiB) {
                const qint64 needed = (content + kMiB - 1) / kMiB;
                return overCap(BakePhase::Resolve, needed, work.capMiB,
                               BakePipeline::tr("needs at least %1 MiB, cap is %2 MiB (the files in the tar "
                                                "hold %3 bytes)")
                                   .arg(needed)
                                   .arg(work.capMiB)
                                   .arg(content));
            }
            return std::nullopt;
        },
        [this, path] {
            enterPhase(BakePhase::Pull, tr("Reading the layers of %1").arg(QFileInfo(path).fileName()));
            runJob(
                BakePhase::Pull,
                [path](Work &work) -> std::optional<BakeFailure> {
                    if (!QDir().mkpath(work.layersDir))
                        return failure(BakeFailure::Code::Io, BakePhase::Pull,
                                       BakePipeline::tr("cannot create the folder %1").arg(work.layersDir));
                    auto layers = BakeTarSource::layersOf(path, work.tarKind, work.layersDir, &work.cancel);
                    if (!layers.ok())
                        return fromTar(BakePhase::Pull, layers.error());
                    work.layers = layers.value();
                    return std::nullopt;
                },
                [this] { unpack(); });
        });
}

void BakePipeline::runJob(BakePhase phase, Job job, std::function<void()> next)
{
    if (m_done)
        return;
    if (m_work->cancel.load())
        return fail(failure(BakeFailure::Code::Cancelled, phase, tr("cancelled")));
    connect(
        &m_job, &QFutureWatcherBase::finished, this,
        [this, phase, next = std::move(next)] {
            const std::optional<BakeFailure> failed =
                m_job.future().resultCount() > 0 ? m_job.result() : std::nullopt;
            if (m_done)
                return;
            if (failed)
                return fail(*failed);
            if (m_work->cancel.load())
                return fail(failure(BakeFailure::Code::Cancelled, phase, tr("cancelled")));
            next();
        },
        Qt::SingleShotConnection);
    m_job.setFuture(QtConcurrent::run([work = m_work, job = std::move(job)] { return job(*work); }));
}

void BakePipeline::fail(BakeFailure failure)
{
    if (m_done)
        return;
    cleanUp(false);
    finish(std::move(failure));
}

void BakePipeline::succeed()
{
    if (m_done)
        return;
    cleanUp(true);
    finish(m_work->output);
}

void BakePipeline::finish(BakePipelineResult result)
{
    m_done = true;
    m_cancelPoll.stop();
    m_lockRetry.stop();
    m_result = result;
    emit finished(result);
}

void BakePipeline::cleanUp(bool success)
{
    // No CPU job runs here: failures and cancels of a CPU phase arrive when it ended.
    m_work->tree.reset();
    QDir(m_work->staging).removeRecursively();
    if (!success)
        QFile::remove(m_work->partial);
    // Locks of blobs whose download never started; running downloads keep theirs
    // until they have stopped (startDownloads()).
    m_work->locks->clear();
}

} // namespace Kiln
