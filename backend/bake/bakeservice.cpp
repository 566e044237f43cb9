#include "bakeservice.h"

#include "domain/imagereference.h"
#include "domain/settingsschema.h"
#include "imagebuilds.h"
#include "runnerid.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/settings.h"
#include "store/specrepository.h"

#include <QDir>
#include <QFileInfo>
#include <QPromise>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace Kiln {

BakeOptions BakeOptions::fromSettings(const Catalogue &catalogue)
{
    const Settings settings(catalogue);
    BakeOptions options;
    options.concurrency = settings.value(Setting::BakeConcurrency);
    options.jobTimeoutMs = qint64(settings.value(Setting::JobTimeoutMinutes)) * 60000;
    options.retries = settings.value(Setting::PushRetries);
    options.enginePreference = settings.value(Setting::EnginePreference);
    options.contentDirectory = settings.value(Setting::BakeContentDirectory);
    options.blobCacheDirectory = settings.value(Setting::BakeBlobCacheDirectory);
    options.scanTimeoutMs = qint64(settings.value(Setting::BakeScanTimeoutMinutes)) * 60000;
    return options;
}

namespace {

// This process's hard limit of `resource` (RLIMIT_NOFILE, RLIMIT_NPROC); 0 when
// unlimited or unknown.
template <typename Resource> // __rlimit_resource in glibc, int elsewhere
qint64 hardLimit(Resource resource)
{
    rlimit limit{};
    if (::getrlimit(resource, &limit) != 0 || limit.rlim_max == RLIM_INFINITY)
        return 0;
    return qint64(limit.rlim_max);
}

ImageBakeryOptions bakeryOptions(const BakeOptions &options)
{
    ImageBakeryOptions out;
    out.concurrency = options.concurrency;
    out.directories = options.directories();
    out.pollIntervalMs = options.pollIntervalMs;
    out.retries = options.retries;
    out.sweepIntervalMs = options.sweepIntervalMs;
    out.scanTimeoutMs = options.scanTimeoutMs;
    out.scannerSearchPaths = options.scannerSearchPaths;
    out.scannerUsesSystemPath = options.scannerUsesSystemPath;
    out.exitWhenIdle = options.exitWhenIdle;
    out.claimBakes = options.runBakes;
    return out;
}

} // namespace

// ---- BakeService ---------------------------------------------------------------------------

BakeService::BakeService(const Catalogue &catalogue, BakeOptions options, CredentialResolver credentials,
                         QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_options(std::move(options))
{
    if (m_options.logDirectory.isEmpty())
        m_options.logDirectory = defaultLogDirectory(catalogue);
    m_thread.setObjectName(u"kiln-bake"_s);
    m_worker = new BakeWorker(catalogue, m_options, std::move(credentials));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &BakeWorker::enginesDetected, this, &BakeService::enginesDetected);
    connect(m_worker, &BakeWorker::jobChanged, this, &BakeService::jobChanged);
    connect(m_worker, &BakeWorker::jobOutput, this, &BakeService::jobOutput);
    connect(m_worker, &BakeWorker::jobPhase, this, &BakeService::jobPhase);
    connect(m_worker, &BakeWorker::idle, this, &BakeService::idle);
    connect(m_worker, &BakeWorker::problem, this, &BakeService::problem);
    ImageBakery *bakery = m_worker->bakery();
    connect(bakery, &ImageBakery::bakeChanged, this, &BakeService::bakeChanged);
    connect(bakery, &ImageBakery::bakeProgress, this, &BakeService::bakeProgress);
    connect(bakery, &ImageBakery::problem, this, &BakeService::problem);
}

BakeService::~BakeService()
{
    stop();
    if (m_worker && !m_thread.isFinished() && !m_thread.isRunning())
        delete m_worker; // never started: it never ran on the thread
}

QString BakeService::logDirectory() const
{
    return m_options.logDirectory;
}

void BakeService::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &BakeWorker::begin, Qt::QueuedConnection);
}

void BakeService::stop()
{
    if (!m_thread.isRunning())
        return;
    // A blocking call into the worker's thread (not a nested event loop here): it
    // kills the builds and stores their state before the thread ends.
    QMetaObject::invokeMethod(m_worker, &BakeWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr; // deleted by deleteLater as the thread finished
}

namespace {

template <typename T, typename E>
E stoppedError();
template <>
BakeError stoppedError<EnqueueOutcome, BakeError>()
{
    return BakeError{BakeError::Code::Store, u"The bake service has stopped."_s};
}
template <>
StoreError stoppedError<BakeImage, StoreError>()
{
    return StoreError{StoreError::Code::Io, u"The bake service has stopped."_s};
}

template <typename T = EnqueueOutcome, typename E = BakeError, typename Call>
QFuture<Result<T, E>> onWorker(BakeWorker *worker, Call call)
{
    auto promise = std::make_shared<QPromise<Result<T, E>>>();
    QFuture<Result<T, E>> future = promise->future();
    promise->start();
    if (!worker) {
        promise->addResult(stoppedError<T, E>());
        promise->finish();
        return future;
    }
    QMetaObject::invokeMethod(
        worker,
        [worker, promise, call] {
            promise->addResult(call(worker));
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

} // namespace

QFuture<Result<EnqueueOutcome, BakeError>> BakeService::enqueue(const QString &specIdOrName, bool force)
{
    return onWorker(m_worker,
                    [specIdOrName, force](BakeWorker *w) { return w->enqueue(specIdOrName, force); });
}

QFuture<Result<EnqueueOutcome, BakeError>> BakeService::rebuild(const QString &jobId)
{
    return onWorker(m_worker, [jobId](BakeWorker *w) { return w->rebuild(jobId); });
}

void BakeService::cancel(const QString &jobId)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, jobId] { w->cancel(jobId); }, Qt::QueuedConnection);
}

QFuture<Result<BakeImage, StoreError>> BakeService::requestBake(const QString &imageIdOrName)
{
    return onWorker<BakeImage, StoreError>(
        m_worker, [imageIdOrName](BakeWorker *w) { return w->bakery()->requestBake(imageIdOrName); });
}

void BakeService::cancelBake(const QString &imageId)
{
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, imageId] { w->bakery()->cancelBake(imageId); }, Qt::QueuedConnection);
}

QFuture<Result<BakeImage, StoreError>> BakeService::rescan(const QString &imageIdOrName)
{
    return onWorker<BakeImage, StoreError>(
        m_worker, [imageIdOrName](BakeWorker *w) { return w->bakery()->rescan(imageIdOrName); });
}

// ---- BakeWorker ----------------------------------------------------------------------------

BakeWorker::BakeWorker(const Catalogue &catalogue, BakeOptions options, CredentialResolver credentials)
    : m_catalogue(catalogue)
    , m_options(std::move(options))
    , m_credentials(std::move(credentials))
    , m_runner(currentRunner().toString())
    , m_poll(this)
{
    m_poll.setInterval(qMax(10, m_options.pollIntervalMs));
    connect(&m_poll, &QTimer::timeout, this, &BakeWorker::poll);
    m_bakery = new ImageBakery(catalogue, bakeryOptions(m_options), m_credentials, this);
    connect(m_bakery, &ImageBakery::idle, this, &BakeWorker::updateIdle);
}

BakeWorker::~BakeWorker()
{
    shutdown();
}

void BakeWorker::begin()
{
    QDir().mkpath(m_options.logDirectory);
    recover();
    m_bakery->begin();
    m_engines = detectContainerEngines(m_options.engineSearchPaths);
    emit enginesDetected(m_engines);
    m_poll.start();
    pump();
}

void BakeWorker::recover()
{
    JobRepository jobs(m_catalogue);
    auto running = jobs.listByStatus(JobStatus::Running, 10000);
    if (!running.ok()) {
        emit problem(running.error().message);
        return;
    }
    for (const BuildJob &job : std::as_const(running.value())) {
        if (!job.workerId.isEmpty())
            continue; // a remote worker's job: that worker reports it
        const RunnerState state = runnerState(job.runner);
        if (state == RunnerState::Alive || (state == RunnerState::Unknown && !job.runner.isEmpty()))
            continue; // still building in another process, or on another host
        const QString why =
            u"Interrupted: the process building it (%1) ended without finishing the job. The log "
            "is kept; build it again to retry."_s.arg(job.runner.isEmpty() ? u"unknown"_s : job.runner);
        appendNote(job.logPath, why);
        store(job.id, {JobStatus::Interrupted, why, {}, {}, {}});
        // The dead run's temporary build folder (Containerfile, digest file).
        const QFileInfo pattern(BuildRun::workDirectoryPattern(job.id));
        const auto leftovers =
            pattern.dir().entryInfoList({pattern.fileName() + u'*'}, QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QFileInfo &dir : leftovers)
            QDir(dir.filePath()).removeRecursively();
    }
}

std::optional<ContainerEngineInfo> BakeWorker::engine()
{
    auto chosen = preferredEngine(m_engines, containerEnginesFromNames(m_options.enginePreference));
    if (!chosen) {
        // Installed since the start? Look again (cheap next to a build).
        m_engines = detectContainerEngines(m_options.engineSearchPaths);
        emit enginesDetected(m_engines);
        chosen = preferredEngine(m_engines, containerEnginesFromNames(m_options.enginePreference));
    }
    return chosen;
}

void BakeWorker::pump()
{
    if (m_stopping)
        return;
    JobRepository jobs(m_catalogue);
    while (m_options.runBuildJobs && m_runs.size() < m_options.concurrency) {
        auto claimed = jobs.claimNext(m_runner, m_options.logDirectory);
        if (!claimed.ok()) {
            emit problem(claimed.error().message);
            break;
        }
        if (!claimed.value())
            break;
        startRun(*claimed.value());
    }
    updateIdle();
}

void BakeWorker::updateIdle()
{
    if (m_runs.isEmpty() && m_bakery->isIdle()) {
        if (m_wasBusy)
            emit idle();
        m_wasBusy = false;
    } else {
        m_wasBusy = true;
    }
}

void BakeWorker::poll()
{
    if (m_stopping)
        return;
    if (!m_runs.isEmpty()) {
        auto requests = JobRepository(m_catalogue).cancelRequests(m_runner);
        if (requests.ok()) {
            for (const QString &id : std::as_const(requests.value())) {
                if (auto run = m_runs.value(id))
                    run->cancel();
            }
        }
    }
    pump();
}

void BakeWorker::startRun(const BuildJob &job)
{
    emit jobChanged(job);
    const auto fail = [this, &job](const QString &why) {
        appendNote(job.logPath, u"Failed: "_s + why);
        store(job.id, {JobStatus::Failed, why, {}, {}, {}});
    };

    SpecRepository specs(m_catalogue);
    auto revision = specs.revision(job.revisionId);
    if (!revision.ok())
        return fail(revision.error().message);
    auto spec = specs.get(job.specId);
    if (!spec.ok())
        return fail(spec.error().message);
    auto chosen = engine();
    if (!chosen)
        return fail(
            u"No container engine found. Install buildah (sudo apt install buildah) or podman (sudo apt "
            "install podman), or allow one in the setting engines.preference."_s);

    BuildPlan plan;
    plan.job = job;
    plan.specName = spec.value().name;
    const SpecContent &content = revision.value().content;
    plan.recipe.baseImage = content.baseImage;
    plan.recipe.apt = content.aptPackages;
    plan.recipe.conda = content.condaPackages;
    plan.recipe.pip = content.pipPackages;
    plan.recipe.pullSecretRef = content.pullSecretRef;
    plan.engine = *chosen;
    plan.storage = m_options.storage;
    if (plan.storage.maxOpenFiles == 0)
        plan.storage.maxOpenFiles = hardLimit(RLIMIT_NOFILE);
    if (plan.storage.maxProcesses == 0) {
        // buildah 1.28 gives its own runtime nproc 32768:32768 and cannot raise it
        // again without CAP_SYS_RESOURCE: 32768 (its default) at the most.
        constexpr qint64 kMaxRunProcesses = 32768;
        const qint64 hard = hardLimit(RLIMIT_NPROC);
        plan.storage.maxProcesses = hard > 0 ? qMin(hard, kMaxRunProcesses) : kMaxRunProcesses;
    }
    plan.timeoutMs = m_options.jobTimeoutMs;
    plan.retries = m_options.retries;
    plan.retryBaseDelayMs = m_options.retryBaseDelayMs;

    // TLS and credentials come from the registries Kiln knows, matched by host.
    auto registries = RegistryRepository(m_catalogue).list();
    if (!registries.ok())
        return fail(registries.error().message);
    const auto target = parseImageReference(job.targetImage);
    if (!target.ok())
        return fail(u"Target image: "_s + target.error().describe());
    plan.pushHost = target.value().domain;
    const auto base = parseImageReference(content.baseImage);
    for (const Registry &registry : std::as_const(registries.value())) {
        const QString host = registryHost(registry);
        if (base.ok() && host == base.value().domain)
            plan.baseTlsVerify = registry.tlsVerify;
        if (host == plan.pushHost && (plan.pushSecret.isEmpty() || registry.pushTarget)) {
            plan.pushTlsVerify = registry.tlsVerify;
            plan.pushSecret = registry.credentialsSecretId;
        }
    }

    if (!plan.pushSecret.isEmpty()) {
        // By name: that is what the log says, and what a person recognises.
        if (auto secret = SecretRepository(m_catalogue).get(plan.pushSecret); secret.ok())
            plan.pushSecret = secret.value().name;
    }

    auto *run = new BuildRun(std::move(plan), m_credentials, this);
    connect(run, &BuildRun::output, this, &BakeWorker::jobOutput);
    connect(run, &BuildRun::phaseChanged, this, &BakeWorker::jobPhase);
    connect(run, &BuildRun::containerfileReady, this,
            [this](const QString &jobId, const QString &containerfile, const QString &engineName) {
                auto recorded = JobRepository(m_catalogue).recordBuild(jobId, containerfile, engineName);
                if (!recorded.ok()) {
                    emit problem(recorded.error().message);
                    return;
                }
                auto updated = JobRepository(m_catalogue).get(jobId);
                if (updated.ok())
                    emit jobChanged(updated.value());
            });
    connect(run, &BuildRun::finished, this, &BakeWorker::onRunFinished);
    m_runs.insert(job.id, run);
    run->start();
}

void BakeWorker::onRunFinished(const QString &jobId, const BuildOutcome &outcome)
{
    if (auto run = m_runs.take(jobId))
        run->deleteLater();
    store(jobId, {outcome.status, outcome.errorText, outcome.pushedDigest, {}, {}});
    pump();
}

void BakeWorker::store(const QString &jobId, const JobTransition &change)
{
    auto stored = JobRepository(m_catalogue).transition(jobId, change);
    if (!stored.ok()) {
        emit problem(stored.error().message);
        return;
    }
    const BuildJob &job = stored.value();
    if (job.status == JobStatus::Succeeded) {
        // The managed images built from this spec now use what was pushed. Not being
        // able to record that does not make the build fail.
        QStringList frozen;
        const auto applied = applyBuildToImages(m_catalogue, job, &frozen);
        if (!applied.ok()) {
            appendNote(job.logPath,
                       u"Could not update the images built from this spec: "_s + applied.error().message);
        } else {
            for (const ManagedImage &image : applied.value())
                appendNote(job.logPath, u"Image %1 now uses %2"_s.arg(image.name, job.targetImage));
        }
        for (const QString &name : std::as_const(frozen))
            appendNote(job.logPath, u"Image %1 is frozen and still uses its old URL"_s.arg(name));
    }
    emit jobChanged(job);
}

void BakeWorker::appendNote(const QString &logPath, const QString &text)
{
    if (logPath.isEmpty())
        return;
    JobLogWriter log;
    if (log.open(logPath).ok())
        (void)log.appendLine(text, LogStream::System);
}

Result<EnqueueOutcome, BakeError> BakeWorker::enqueue(const QString &specIdOrName, bool force)
{
    auto outcome = BuildQueue(m_catalogue).enqueueSpec(specIdOrName, force);
    if (outcome.ok() && outcome.value().queued) {
        emit jobChanged(outcome.value().job);
        pump();
    }
    return outcome;
}

Result<EnqueueOutcome, BakeError> BakeWorker::rebuild(const QString &jobId)
{
    auto outcome = BuildQueue(m_catalogue).rebuild(jobId);
    if (outcome.ok()) {
        emit jobChanged(outcome.value().job);
        pump();
    }
    return outcome;
}

void BakeWorker::cancel(const QString &jobId)
{
    if (auto run = m_runs.value(jobId)) {
        run->cancel();
        return;
    }
    auto requested = JobRepository(m_catalogue).requestCancel(jobId);
    if (!requested.ok()) {
        emit problem(requested.error().message);
        return;
    }
    emit jobChanged(requested.value());
}

void BakeWorker::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_poll.stop();
    m_bakery->shutdown();
    const auto runs = m_runs;
    m_runs.clear();
    for (auto it = runs.cbegin(); it != runs.cend(); ++it) {
        if (!it.value())
            continue;
        const QString why =
            u"Interrupted: Kiln was closed while this build was running. The log is kept; build "
            "it again to retry."_s;
        it.value()->abandon(why);
        store(it.key(), {JobStatus::Interrupted, why, {}, {}, {}});
        delete it.value();
    }
}

} // namespace Kiln
