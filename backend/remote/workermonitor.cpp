#include "workermonitor.h"

#include "domain/settingsschema.h"
#include "store/catalogue.h"
#include "store/settings.h"
#include "workerfanout.h"

#include <QDateTime>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <QThreadPool>

using namespace Qt::StringLiterals;

namespace Kiln {

QString workerStatusOf(const WorkerError &error)
{
    switch (error.code) {
    case WorkerError::Code::Unauthorized:
    case WorkerError::Code::Forbidden:
        return u"auth-failed"_s;
    case WorkerError::Code::Network:
    case WorkerError::Code::Timeout:
    case WorkerError::Code::Tls:
        return u"unreachable"_s;
    case WorkerError::Code::NotFound:
    case WorkerError::Code::Rejected:
    case WorkerError::Code::Server:
    case WorkerError::Code::Protocol:
    case WorkerError::Code::Cancelled:
        break;
    }
    return u"error"_s;
}

WorkerCheck workerCheckFrom(const Result<WorkerInfo, WorkerError> &info, qint64 nowMs)
{
    WorkerCheck check;
    if (info.ok()) {
        check.status = u"online"_s;
        check.seenAt = nowMs;
        check.version = info->version;
        check.capacity = info->capacity;
        check.diskFreeBytes = info->diskFreeBytes;
        check.runningJobs = info->runningJobs;
        return check;
    }
    check.status = workerStatusOf(info.error());
    check.message = info.error().message;
    if (info.error().httpStatus != 0)
        check.seenAt = nowMs; // it answered, if only with an error
    return check;
}

namespace {

template <typename T>
QFuture<T> readyFuture(T value)
{
    QPromise<T> promise;
    QFuture<T> future = promise.future();
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return future;
}

// The token of a worker, read on a pool thread (the vault answers on its own).
Result<QByteArray, QString> readToken(const Catalogue &catalogue, SecretVault &vault, const QString &workerId)
{
    QFuture<Result<QByteArray, WorkerTokenError>> read = workerToken(catalogue, vault, workerId);
    read.waitForFinished();
    if (read.resultCount() == 0)
        return u"its token could not be read"_s;
    const auto token = read.result();
    if (!token.ok())
        return token.error();
    return token.value();
}

} // namespace

// What a round reads from the catalogue and the vault, off the monitor's thread.
struct WorkerMonitor::Listing
{
    QList<Worker> workers;
    QHash<QString, QByteArray> tokens;   // read now (not known before)
    QHash<QString, QString> tokenErrors; // worker id -> why its token could not be read
    QString error;                       // the workers could not be read
    int intervalMs = 0;
};

WorkerMonitor::WorkerMonitor(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                             QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_vault(vault)
    , m_client(client)
    , m_pool(new QThreadPool(this))
    , m_concurrency(Setting::FanOutConcurrency.defaultValue)
{
    m_pool->setObjectName(u"kiln-worker-monitor-pool"_s);
    m_pool->setMaxThreadCount(1); // checks are stored in the order they came
    connect(&m_timer, &QTimer::timeout, this, [this] { checkNow(); });
}

WorkerMonitor::~WorkerMonitor()
{
    m_running = false;
    m_timer.stop();
    if (m_round)
        m_round->cancel();
    // The tasks use the catalogue and the vault: let them end before either can go.
    m_pool->clear();
    m_pool->waitForDone();
}

int WorkerMonitor::intervalMs() const
{
    return qMax(1, m_intervalOverrideMs.value_or(m_settingIntervalMs));
}

void WorkerMonitor::start()
{
    if (m_running)
        return;
    m_running = true;
    m_timer.start(intervalMs());
    checkNow();
}

void WorkerMonitor::stop()
{
    m_running = false;
    m_timer.stop();
}

void WorkerMonitor::checkNow(const QString &workerId)
{
    if (workerId.isEmpty())
        m_queuedAll = true;
    else
        m_queued.insert(workerId);
    if (!m_round && !m_reading && m_storing == 0)
        beginRound();
}

void WorkerMonitor::beginRound()
{
    const bool all = m_queuedAll;
    const QStringList ids(m_queued.cbegin(), m_queued.cend());
    m_queuedAll = false;
    m_queued.clear();
    m_reading = true;
    QSet<QString> known;
    for (auto it = m_tokens.cbegin(); it != m_tokens.cend(); ++it)
        known.insert(it.key());
    auto task = QtConcurrent::run(m_pool, [&catalogue = m_catalogue, &vault = m_vault, all, ids, known] {
        Listing listing;
        listing.intervalMs = Settings(catalogue).value(Setting::WorkerPollSeconds) * 1000;
        const WorkerRepository repository(catalogue);
        if (all) {
            auto workers = repository.list();
            if (!workers.ok()) {
                listing.error = workers.error().message;
                return listing;
            }
            for (const Worker &worker : std::as_const(workers.value())) {
                if (worker.enabled)
                    listing.workers.append(worker);
            }
        } else {
            for (const QString &id : ids) {
                auto worker = repository.get(id);
                if (worker.ok())
                    listing.workers.append(worker.value());
                else if (worker.error().code != StoreError::Code::NotFound)
                    listing.error = worker.error().message;
            }
        }
        for (const Worker &worker : std::as_const(listing.workers)) {
            if (worker.tokenSecretId.isEmpty() || known.contains(worker.id))
                continue;
            const auto token = readToken(catalogue, vault, worker.id);
            if (token.ok())
                listing.tokens.insert(worker.id, token.value());
            else
                listing.tokenErrors.insert(worker.id, token.error());
        }
        return listing;
    });
    task.then(this, [this](const Listing &listing) {
        m_reading = false;
        if (listing.intervalMs > 0 && listing.intervalMs != m_settingIntervalMs) {
            m_settingIntervalMs = listing.intervalMs;
            if (m_running && !m_intervalOverrideMs)
                m_timer.start(intervalMs());
        }
        if (!listing.error.isEmpty())
            Q_EMIT failed(tr("Cannot read the workers to check: %1").arg(listing.error));
        startFanOut(listing);
        maybeFinish();
    });
}

void WorkerMonitor::startFanOut(const Listing &listing)
{
    for (auto it = listing.tokens.cbegin(); it != listing.tokens.cend(); ++it)
        m_tokens.insert(it.key(), it.value());
    QList<FanOutTarget> targets;
    for (const Worker &worker : listing.workers) {
        if (listing.tokenErrors.contains(worker.id)) {
            WorkerCheck check;
            check.status = u"error"_s;
            check.message = listing.tokenErrors.value(worker.id);
            store(worker.id, check);
            continue;
        }
        targets.append(FanOutTarget{worker.id, endpointFor(worker, m_tokens.value(worker.id))});
    }
    if (targets.isEmpty() || !m_client)
        return;
    m_round = new WorkerFanOut(m_client, this);
    m_round->setConcurrency(m_concurrency);
    m_round->setWorkerTimeout(m_workerTimeoutMs);
    const WorkerRequest request = WorkerClient::infoRequest();
    connect(m_round, &WorkerFanOut::workerFinished, this, [this, request](const FanOutResult &result) {
        const auto info = WorkerClient::parseReply<WorkerInfo>(result.workerName, request, result.reply,
                                                               &WorkerInfo::fromJson);
        store(result.targetId, workerCheckFrom(info, QDateTime::currentMSecsSinceEpoch()));
    });
    connect(m_round, &WorkerFanOut::finished, this, [this] {
        m_round->deleteLater();
        m_round = nullptr;
        maybeFinish();
    });
    m_round->start(targets, request);
}

void WorkerMonitor::store(const QString &workerId, const WorkerCheck &check)
{
    ++m_storing;
    auto task = QtConcurrent::run(m_pool, [&catalogue = m_catalogue, workerId, check] {
        const WorkerRepository workers(catalogue);
        if (const auto recorded = workers.recordCheck(workerId, check); !recorded.ok())
            return Result<Worker, StoreError>(recorded.error());
        return workers.get(workerId);
    });
    task.then(this, [this](const Result<Worker, StoreError> &stored) {
        --m_storing;
        if (stored.ok())
            Q_EMIT workerChecked(stored.value());
        else if (stored.error().code != StoreError::Code::NotFound) // removed meanwhile: nothing to say
            Q_EMIT failed(tr("Cannot store the check of a worker: %1").arg(stored.error().message));
        maybeFinish();
    });
}

void WorkerMonitor::maybeFinish()
{
    if (m_round || m_reading || m_storing > 0)
        return;
    if (m_queuedAll || !m_queued.isEmpty()) {
        beginRound();
        return;
    }
    Q_EMIT roundFinished();
}

QFuture<Result<WorkerEndpoint, QString>> WorkerMonitor::endpointOf(const Worker &worker)
{
    using R = Result<WorkerEndpoint, QString>;
    if (worker.tokenSecretId.isEmpty() || m_tokens.contains(worker.id))
        return readyFuture(R(endpointFor(worker, m_tokens.value(worker.id))));
    return QtConcurrent::run(m_pool, [&catalogue = m_catalogue, &vault = m_vault,
                                      id = worker.id] { return readToken(catalogue, vault, id); })
        .then(this, [this, worker](const Result<QByteArray, QString> &token) -> R {
            if (!token.ok())
                return tr("Worker %1: %2").arg(worker.name, token.error());
            m_tokens.insert(worker.id, token.value());
            return endpointFor(worker, token.value());
        });
}

QFuture<WorkerProbe> WorkerMonitor::testConnection(const QString &url, const QByteArray &token,
                                                   const QString &caFile)
{
    WorkerEndpoint endpoint;
    endpoint.baseUrl = QUrl(url.trimmed());
    endpoint.token = token;
    endpoint.caFile = caFile.trimmed();
    if (!m_client) {
        WorkerProbe probe;
        probe.check.status = u"error"_s;
        probe.check.message = tr("There is no worker client to test with.");
        return readyFuture(probe);
    }
    return m_client->info(endpoint).then(this, [](const Result<WorkerInfo, WorkerError> &info) {
        WorkerProbe probe;
        probe.check = workerCheckFrom(info, QDateTime::currentMSecsSinceEpoch());
        if (info.ok())
            probe.info = info.value();
        return probe;
    });
}

} // namespace Kiln
