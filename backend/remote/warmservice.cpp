#include "warmservice.h"

#include "domain/bakeimage.h"
#include "domain/settingsschema.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/workerrepository.h"
#include "workerclient.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QThreadPool>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kiln {

QJsonObject WarmSummary::toJson() const
{
    return QJsonObject{
        {u"queued"_s, queued}, {u"ready"_s, ready}, {u"failed"_s, failed}, {u"skipped"_s, skipped}};
}

namespace {

WorkerCacheStatus cacheStatusOf(CachedImageStatus status)
{
    switch (status) {
    case CachedImageStatus::Pending:
        return WorkerCacheStatus::Pending;
    case CachedImageStatus::Building:
        return WorkerCacheStatus::Building;
    case CachedImageStatus::Ready:
        return WorkerCacheStatus::Ready;
    case CachedImageStatus::Failed:
        return WorkerCacheStatus::Failed;
    case CachedImageStatus::Evicted:
        return WorkerCacheStatus::Evicted;
    }
    return WorkerCacheStatus::Failed;
}

bool unsettled(WorkerCacheStatus status)
{
    return status == WorkerCacheStatus::Pending || status == WorkerCacheStatus::Building;
}

// The row for what a worker answered about the image (or why it did not).
CacheEntry entryOf(const QString &imageId, const QString &workerId,
                   const Result<CachedImage, WorkerError> &answer)
{
    CacheEntry entry;
    entry.imageId = imageId;
    entry.workerId = workerId;
    if (!answer.ok()) {
        entry.status = WorkerCacheStatus::Failed;
        entry.errorText = answer.error().message;
        return entry;
    }
    const CachedImage &image = answer.value();
    entry.status = cacheStatusOf(image.status);
    entry.errorText = image.error;
    if (image.content) {
        entry.contentSha256 = image.content->sha256;
        entry.contentSize = image.content->size;
    }
    return entry;
}

// Runs `read` (T(const Catalogue &)) on `pool` and `deliver(T)` on `context`'s
// thread, unless `context` is gone by then.
template <typename Read, typename Deliver>
void onPool(QThreadPool *pool, const Catalogue &catalogue, QObject *context, Read read, Deliver deliver)
{
    using T = std::invoke_result_t<Read, const Catalogue &>;
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, deliver = std::move(deliver)] {
                         watcher->deleteLater();
                         if (watcher->future().resultCount() > 0)
                             deliver(watcher->future().result());
                     });
    watcher->setFuture(
        QtConcurrent::run(pool, [&catalogue, read = std::move(read)] { return read(catalogue); }));
}

} // namespace

struct WarmService::Plan
{
    QString request; // the image as asked for (id or name), for warmFailed()
    QString error;
    BakeImage image;
    QList<Worker> ask;   // the workers to send the PUT to
    int skipped = 0;     // disabled workers, or all when the image is deactivated
    bool covered = true; // some group holds the image
};

// The service's own pool: catalogue work runs here, never on the caller's thread,
// one task at a time and in order (rows are written in the order they were seen).
static QThreadPool *warmPool(QObject *owner)
{
    auto *pool = owner->findChild<QThreadPool *>(u"kiln-warm-pool"_s, Qt::FindDirectChildrenOnly);
    if (!pool) {
        pool = new QThreadPool(owner);
        pool->setObjectName(u"kiln-warm-pool"_s);
        pool->setMaxThreadCount(1);
    }
    return pool;
}

WarmService::WarmService(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                         QObject *parent)
    : QObject(parent)
    , m_catalogue(catalogue)
    , m_vault(vault)
    , m_client(client)
    , m_concurrency(Setting::FanOutConcurrency.defaultValue)
    , m_pollTimer(new QTimer(this))
{
    warmPool(this);
    m_pollTimer->setInterval(m_pollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &WarmService::poll);
}

WarmService::~WarmService()
{
    // The reads reference the catalogue: let them end before it can go.
    warmPool(this)->waitForDone();
}

void WarmService::setPollInterval(int ms)
{
    m_pollMs = qMax(10, ms);
    m_pollTimer->setInterval(m_pollMs);
}

void WarmService::end()
{
    if (--m_busy == 0)
        emit idle();
}

void WarmService::warm(const QString &image, WarmScope scope, const QStringList &onlyWorkers)
{
    begin();
    onPool(
        warmPool(this), m_catalogue, this,
        [image, scope, onlyWorkers](const Catalogue &catalogue) {
            Plan plan;
            plan.request = image;
            auto found = BakeImageRepository(catalogue).find(image);
            if (!found) {
                plan.error = found.error().message;
                return plan;
            }
            plan.image = found.value();
            auto targets = AvailabilityGroupRepository(catalogue).targetsOfImage(plan.image.id);
            if (!targets) {
                plan.error = targets.error().message;
                return plan;
            }
            plan.covered = !targets.value().isEmpty();
            QHash<QString, WorkerCacheStatus> rows;
            if (scope == WarmScope::FailedOnly) {
                const auto listed = BakeImageCacheRepository(catalogue).listByImage(plan.image.id);
                if (!listed) {
                    plan.error = listed.error().message;
                    return plan;
                }
                for (const CacheEntry &row : listed.value())
                    rows.insert(row.workerId, row.status);
            }
            for (const Worker &worker : std::as_const(targets.value())) {
                if (!onlyWorkers.isEmpty() && !onlyWorkers.contains(worker.id))
                    continue;
                if (scope == WarmScope::FailedOnly && rows.contains(worker.id) &&
                    rows.value(worker.id) != WorkerCacheStatus::Failed &&
                    rows.value(worker.id) != WorkerCacheStatus::Evicted)
                    continue;
                if (!worker.enabled || plan.image.deactivated)
                    ++plan.skipped;
                else
                    plan.ask.append(worker);
            }
            return plan;
        },
        [this](const Plan &plan) {
            if (!plan.error.isEmpty()) {
                emit warmFailed(plan.request, plan.error);
                end();
                return;
            }
            startRound(plan);
        });
}

void WarmService::withEndpoints(const QList<Worker> &workers,
                                std::function<void(QList<FanOutTarget>, QHash<QString, QString>)> next)
{
    // Tokens not read yet come from the vault, one future each; then every worker
    // has an endpoint, or the reason it has none.
    QList<Worker> missing;
    for (const Worker &worker : workers) {
        if (!worker.tokenSecretId.isEmpty() && !m_tokens.contains(worker.id))
            missing.append(worker);
    }
    auto errors = std::make_shared<QHash<QString, QString>>();
    auto remaining = std::make_shared<int>(int(missing.size()));
    auto finish = [this, workers, errors, next] {
        QList<FanOutTarget> targets;
        for (const Worker &worker : workers) {
            if (!errors->contains(worker.id))
                targets.append(FanOutTarget{worker.id, endpointFor(worker, m_tokens.value(worker.id))});
        }
        next(targets, *errors);
    };
    if (missing.isEmpty()) {
        finish();
        return;
    }
    for (const Worker &worker : std::as_const(missing)) {
        auto *watcher = new QFutureWatcher<Result<QByteArray, WorkerTokenError>>(this);
        connect(
            watcher, &QFutureWatcherBase::finished, this, [this, watcher, worker, errors, remaining, finish] {
                watcher->deleteLater();
                const auto future = watcher->future();
                if (future.resultCount() == 0)
                    errors->insert(worker.id, tr("worker %1: its token could not be read").arg(worker.name));
                else if (!future.result().ok())
                    errors->insert(worker.id, tr("worker %1: %2").arg(worker.name, future.result().error()));
                else
                    m_tokens.insert(worker.id, future.result().value());
                if (--*remaining == 0)
                    finish();
            });
        watcher->setFuture(workerToken(m_catalogue, m_vault, worker.id));
    }
}

void WarmService::record(QList<CacheEntry> entries, std::function<void(QList<CacheEntry>)> stored)
{
    begin();
    onPool(
        warmPool(this), m_catalogue, this,
        [entries](const Catalogue &catalogue) {
            QList<CacheEntry> written;
            const BakeImageCacheRepository cache(catalogue);
            for (const CacheEntry &entry : entries) {
                // A worker or image removed meanwhile has no row to keep: nothing to show.
                if (auto row = cache.upsert(entry))
                    written.append(row.value());
            }
            return written;
        },
        [this, stored](const QList<CacheEntry> &written) {
            for (const CacheEntry &entry : written)
                emit entryChanged(entry);
            if (stored)
                stored(written);
            end();
        });
}

void WarmService::startRound(Plan plan)
{
    auto summary = std::make_shared<WarmSummary>();
    summary->skipped = plan.skipped;
    const QString imageId = plan.image.id;
    if (plan.ask.isEmpty() || !m_client) {
        emit warmFinished(imageId, *summary);
        end();
        return;
    }
    const BakeImage image = plan.image;
    withEndpoints(plan.ask, [this, image, summary](QList<FanOutTarget> targets,
                                                   QHash<QString, QString> errors) {
        // Workers without a usable token fail at once; the others get "pending" rows
        // before they are asked, so that the cache view shows the warm under way.
        QList<CacheEntry> rows;
        for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
            rows.append(entryOf(image.id, it.key(),
                                Result<CachedImage, WorkerError>(
                                    WorkerError{WorkerError::Code::Unauthorized, it.value(), 0, {}})));
            ++summary->failed;
        }
        for (const FanOutTarget &target : std::as_const(targets))
            rows.append(CacheEntry{image.id, target.id, WorkerCacheStatus::Pending, {}, 0, {}, {}, {}, {}});
        record(rows, [this, image, summary, targets](const QList<CacheEntry> &) {
            if (targets.isEmpty() || !m_client) {
                emit warmFinished(image.id, *summary);
                end();
                return;
            }
            auto *fanOut = new WorkerFanOut(m_client, this);
            fanOut->setConcurrency(m_concurrency);
            fanOut->setWorkerTimeout(m_workerTimeoutMs);
            const WorkerRequest request =
                WorkerClient::warmRequest(image.name, WarmRequest{image.source, image.sizeMib, {}});
            connect(fanOut, &WorkerFanOut::workerFinished, this,
                    [this, image, summary, request](const FanOutResult &result) {
                        const auto answer = WorkerClient::parseReply<CachedImage>(
                            result.workerName, request, result.reply, &CachedImage::fromJson);
                        const CacheEntry entry = entryOf(image.id, result.targetId, answer);
                        switch (entry.status) {
                        case WorkerCacheStatus::Pending:
                        case WorkerCacheStatus::Building:
                            ++summary->queued;
                            break;
                        case WorkerCacheStatus::Ready:
                            ++summary->ready;
                            break;
                        case WorkerCacheStatus::Failed:
                        case WorkerCacheStatus::Evicted:
                            ++summary->failed;
                            break;
                        }
                        record({entry});
                    });
            connect(fanOut, &WorkerFanOut::finished, this, [this, fanOut, image, summary] {
                fanOut->deleteLater();
                // The rows of the last answers may still be on their way to the
                // catalogue; the pool runs one task at a time, in order, so an
                // empty write ends after them.
                record({}, [this, image, summary](const QList<CacheEntry> &) {
                    if (summary->queued > 0)
                        refresh(image.id);
                    emit warmFinished(image.id, *summary);
                    end();
                });
            });
            fanOut->start(targets, request);
        });
    });
}

void WarmService::evict(const QString &imageId, const QString &workerId)
{
    begin();
    struct Pair
    {
        QString error;
        BakeImage image;
        Worker worker;
    };
    onPool(
        warmPool(this), m_catalogue, this,
        [imageId, workerId](const Catalogue &catalogue) {
            Pair pair;
            auto image = BakeImageRepository(catalogue).get(imageId);
            auto worker = WorkerRepository(catalogue).get(workerId);
            if (!image)
                pair.error = image.error().message;
            else if (!worker)
                pair.error = worker.error().message;
            else
                pair = Pair{{}, image.value(), worker.value()};
            return pair;
        },
        [this, imageId, workerId](const Pair &pair) {
            if (!pair.error.isEmpty() || !m_client) {
                emit evictFinished(imageId, workerId, pair.error.isEmpty() ? tr("no client") : pair.error);
                end();
                return;
            }
            withEndpoints({pair.worker}, [this, pair](QList<FanOutTarget> targets,
                                                      QHash<QString, QString> errors) {
                if (targets.isEmpty()) {
                    emit evictFinished(pair.image.id, pair.worker.id, errors.value(pair.worker.id));
                    end();
                    return;
                }
                auto *watcher = new QFutureWatcher<Result<CachedImage, WorkerError>>(this);
                connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, pair] {
                    watcher->deleteLater();
                    const auto future = watcher->future();
                    const Result<CachedImage, WorkerError> answer =
                        future.resultCount() > 0 ? future.result()
                                                 : Result<CachedImage, WorkerError>(WorkerError{
                                                       WorkerError::Code::Cancelled, tr("cancelled"), 0, {}});
                    const CacheEntry entry = entryOf(pair.image.id, pair.worker.id, answer);
                    record({entry}, [this, pair, answer](const QList<CacheEntry> &) {
                        emit evictFinished(pair.image.id, pair.worker.id,
                                           answer.ok() ? QString() : answer.error().message);
                        end();
                    });
                });
                watcher->setFuture(m_client->evict(targets.constFirst().endpoint, pair.image.name));
            });
        });
}

void WarmService::refresh(const QString &imageId)
{
    m_watched.insert(imageId);
    if (!m_pollTimer->isActive())
        m_pollTimer->start();
    pollImage(imageId);
}

void WarmService::unwatch(const QString &imageId)
{
    m_watched.remove(imageId);
    if (m_watched.isEmpty())
        m_pollTimer->stop();
}

void WarmService::poll()
{
    for (const QString &imageId : std::as_const(m_watched))
        pollImage(imageId);
}

void WarmService::pollImage(const QString &imageId)
{
    if (m_polling.contains(imageId))
        return; // the last round is still under way
    m_polling.insert(imageId);
    begin();
    struct Status
    {
        QString error;
        BakeImage image;
        QList<Worker> unsettled; // workers whose row is pending or building
    };
    onPool(
        warmPool(this), m_catalogue, this,
        [imageId](const Catalogue &catalogue) {
            Status status;
            auto image = BakeImageRepository(catalogue).get(imageId);
            if (!image) {
                status.error = image.error().message;
                return status;
            }
            status.image = image.value();
            const auto rows = BakeImageCacheRepository(catalogue).listByImage(imageId);
            if (!rows) {
                status.error = rows.error().message;
                return status;
            }
            const WorkerRepository workers(catalogue);
            for (const CacheEntry &row : rows.value()) {
                if (!unsettled(row.status))
                    continue;
                if (auto worker = workers.get(row.workerId))
                    status.unsettled.append(worker.value());
            }
            return status;
        },
        [this, imageId](const Status &status) {
            auto done = [this, imageId] {
                m_polling.remove(imageId);
                end();
            };
            if (!status.error.isEmpty() || status.unsettled.isEmpty() || !m_client) {
                // Nothing left to follow (or the image is gone).
                if (m_watched.contains(imageId)) {
                    unwatch(imageId);
                    emit settled(imageId);
                }
                done();
                return;
            }
            const BakeImage image = status.image;
            withEndpoints(status.unsettled, [this, image, done](QList<FanOutTarget> targets,
                                                                QHash<QString, QString> errors) {
                QList<CacheEntry> rows;
                for (auto it = errors.cbegin(); it != errors.cend(); ++it)
                    rows.append(entryOf(image.id, it.key(),
                                        Result<CachedImage, WorkerError>(WorkerError{
                                            WorkerError::Code::Unauthorized, it.value(), 0, {}})));
                record(rows);
                if (targets.isEmpty() || !m_client) {
                    done();
                    return;
                }
                auto *fanOut = new WorkerFanOut(m_client, this);
                fanOut->setConcurrency(m_concurrency);
                fanOut->setWorkerTimeout(m_workerTimeoutMs);
                const WorkerRequest request = WorkerClient::imageRequest(image.name);
                connect(fanOut, &WorkerFanOut::workerFinished, this,
                        [this, image, request](const FanOutResult &result) {
                            const auto answer = WorkerClient::parseReply<CachedImage>(
                                result.workerName, request, result.reply, &CachedImage::fromJson);
                            record({entryOf(image.id, result.targetId, answer)});
                        });
                connect(fanOut, &WorkerFanOut::finished, this, [fanOut, done] {
                    fanOut->deleteLater();
                    done();
                });
                fanOut->start(targets, request);
            });
        });
}

} // namespace Kiln
