#pragma once

#include "storeerror.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;

// Where a bake image stands on one worker, as the worker last reported it.
enum class WorkerCacheStatus
{
    Pending,  // asked for, not started
    Building, // the worker is baking it
    Ready,    // the worker holds the content
    Failed,   // the warm failed (errorText says why)
    Evicted,  // removed from the worker
};

// "pending", "building", "ready", "failed", "evicted": the catalogue's and the wire's names.
QString workerCacheStatusName(WorkerCacheStatus status);
std::optional<WorkerCacheStatus> workerCacheStatusFromName(const QString &name);

// One row of bake_image_cache: an image on a worker.
struct CacheEntry
{
    QString imageId;
    QString workerId;
    WorkerCacheStatus status = WorkerCacheStatus::Pending;
    QString errorText;     // empty unless failed
    qint64 updatedAt = 0;  // ms since the epoch; 0 in upsert(): now
    QString contentSha256; // hex, empty until the worker reports content
    std::optional<qint64> contentSize;
    // Filled in by the list methods, for display: the other side's name.
    QString imageName;
    QString workerName;

    friend bool operator==(const CacheEntry &, const CacheEntry &) = default;
};

// The per-worker cache rows of bake images. Usable from any thread. Rows go away
// with their image or worker (ON DELETE CASCADE).
class BakeImageCacheRepository
{
public:
    explicit BakeImageCacheRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Inserts or replaces the row of (imageId, workerId): status, error text,
    // updated time (0: now) and content checksum and size. NotFound for an unknown
    // image or worker. Returns the stored row.
    Result<CacheEntry, StoreError> upsert(const CacheEntry &entry) const;
    Result<CacheEntry, StoreError> get(const QString &imageId, const QString &workerId) const;
    // The rows of one image, ordered by worker name.
    Result<QList<CacheEntry>, StoreError> listByImage(const QString &imageId) const;
    // The rows of one worker, ordered by image name.
    Result<QList<CacheEntry>, StoreError> listByWorker(const QString &workerId) const;
    // Forgets one row (the worker no longer targets the image); NotFound when there is none.
    Result<Done, StoreError> remove(const QString &imageId, const QString &workerId) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
