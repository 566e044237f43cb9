#pragma once

#include "store/bakeimagecacherepository.h"
#include "workerfanout.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

class QTimer;

namespace Kiln {

class Catalogue;
class SecretVault;
class WorkerClient;
struct BakeImage;
struct Worker;

// What a warm asked of the workers that target an image, once each has answered
// its PUT (or failed to): queued (pending or building there), ready at once,
// failed, skipped (a disabled worker, or a deactivated image).
struct WarmSummary
{
    int queued = 0;
    int ready = 0;
    int failed = 0;
    int skipped = 0;

    int total() const { return queued + ready + failed + skipped; }
    // {"queued": N, "ready": N, "failed": N, "skipped": N}
    QJsonObject toJson() const;
    friend bool operator==(const WarmSummary &, const WarmSummary &) = default;
};

// Which targets a warm asks.
enum class WarmScope
{
    All,        // every worker of every group holding the image (re-warm)
    FailedOnly, // those whose row is failed or evicted, or that have no row yet (re-warm failed)
};

// Warms bake images on the workers of their availability groups and keeps the
// per-worker cache rows (bake_image_cache) up to date: a PUT per worker through a
// bounded fan-out, then a GET every pollInterval() while any row is pending or
// building, until every row has settled. Catalogue reads and writes run on the
// thread pool; tokens come from the vault and are kept in memory only. Lives on the
// thread of its WorkerClient (the GUI thread, or kilnctl's network thread).
class WarmService : public QObject
{
    Q_OBJECT

public:
    WarmService(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                QObject *parent = nullptr);
    ~WarmService() override;

    // Bound on requests in flight per round (Setting::FanOutConcurrency).
    void setConcurrency(int concurrency) { m_concurrency = concurrency; }
    // Between two status rounds of a watched image; default 2000 ms.
    void setPollInterval(int ms);
    int pollInterval() const { return m_pollMs; }
    // The longest one worker may take per request, retries included; default 15000 ms.
    void setWorkerTimeout(int ms) { m_workerTimeoutMs = ms; }

    // Warms the image (id or name) on its targets (`scope`; `onlyWorkers`, ids, when
    // not empty, narrows them). entryChanged() follows for every row written,
    // then warmFinished() with the summary, or warmFailed() when nothing could be
    // asked (unknown image, catalogue error). An image no group covers finishes
    // at once with an empty summary: warming it does nothing.
    void warm(const QString &image, WarmScope scope = WarmScope::All, const QStringList &onlyWorkers = {});
    // Evicts the image from one worker (DELETE); the row turns evicted, or failed
    // with the reason. evictFinished() follows.
    void evict(const QString &imageId, const QString &workerId);
    // Reads the status of the image on its targets once, then watches it while any
    // row is pending or building.
    void refresh(const QString &imageId);
    // Stops polling the image (its view closed).
    void unwatch(const QString &imageId);
    bool isWatching(const QString &imageId) const { return m_watched.contains(imageId); }
    bool isWatchingAny() const { return !m_watched.isEmpty(); }
    // Operations under way (warm, evict or status rounds).
    int busy() const { return m_busy; }

Q_SIGNALS:
    void entryChanged(const Kiln::CacheEntry &entry);
    void warmFinished(const QString &imageId, const Kiln::WarmSummary &summary);
    void warmFailed(const QString &image, const QString &message);
    void evictFinished(const QString &imageId, const QString &workerId, const QString &error);
    // No row of the image is pending or building any more (after a watch).
    void settled(const QString &imageId);
    // busy() went to 0.
    void idle();

private:
    struct Plan; // what the catalogue says about a warm, read on the pool
    struct Round;

    void startRound(Plan plan);
    void withEndpoints(const QList<Worker> &workers,
                       std::function<void(QList<FanOutTarget>, QHash<QString, QString>)> next);
    void record(QList<CacheEntry> entries, std::function<void(QList<CacheEntry>)> stored = {});
    void poll();
    void pollImage(const QString &imageId);
    void begin() { ++m_busy; }
    void end();

    const Catalogue &m_catalogue;
    SecretVault &m_vault;
    QPointer<WorkerClient> m_client;
    int m_concurrency = 0;
    int m_pollMs = 2000;
    int m_workerTimeoutMs = 15000;
    QHash<QString, QByteArray> m_tokens; // worker id -> token, read once from the vault
    QSet<QString> m_watched;             // image ids polled while not settled
    QSet<QString> m_polling;             // image ids with a status round under way
    QTimer *m_pollTimer = nullptr;
    int m_busy = 0;
};

} // namespace Kiln
