#include "bakeimagecacherepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kCacheSelect = u"SELECT c.image_id, c.worker_id, c.status, c.error_text, c.updated_at, "
                             u"c.content_sha256, c.content_size, "
                             "i.name, w.name FROM bake_image_cache c JOIN bake_images i ON i.id = c.image_id "
                             "JOIN workers w ON w.id = c.worker_id"_s;

CacheEntry readCacheEntry(const QSqlQuery &q)
{
    CacheEntry e;
    e.imageId = q.value(0).toString();
    e.workerId = q.value(1).toString();
    e.status = workerCacheStatusFromName(q.value(2).toString()).value_or(WorkerCacheStatus::Pending);
    e.errorText = StoreSql::text(q.value(3));
    e.updatedAt = q.value(4).toLongLong();
    e.contentSha256 = StoreSql::text(q.value(5));
    e.contentSize = StoreSql::optionalInt(q.value(6));
    e.imageName = q.value(7).toString();
    e.workerName = q.value(8).toString();
    return e;
}

QString describeCacheRow(const QString &imageId, const QString &workerId)
{
    return u"of the bake image %1 on the worker %2"_s.arg(quoted(imageId), quoted(workerId));
}

} // namespace

QString workerCacheStatusName(WorkerCacheStatus status)
{
    switch (status) {
    case WorkerCacheStatus::Pending:
        return u"pending"_s;
    case WorkerCacheStatus::Building:
        return u"building"_s;
    case WorkerCacheStatus::Ready:
        return u"ready"_s;
    case WorkerCacheStatus::Failed:
        return u"failed"_s;
    case WorkerCacheStatus::Evicted:
        return u"evicted"_s;
    }
    return u"pending"_s;
}

std::optional<WorkerCacheStatus> workerCacheStatusFromName(const QString &name)
{
    for (auto status : {WorkerCacheStatus::Pending, WorkerCacheStatus::Building, WorkerCacheStatus::Ready,
                        WorkerCacheStatus::Failed, WorkerCacheStatus::Evicted}) {
        if (workerCacheStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

Result<CacheEntry, StoreError> BakeImageCacheRepository::upsert(const CacheEntry &entry) const
{
    if (entry.contentSize && *entry.contentSize < 0)
        return StoreError{StoreError::Code::Invalid,
                          u"The content size %1 cannot be negative (%2)."_s.arg(*entry.contentSize)
                              .arg(describeCacheRow(entry.imageId, entry.workerId))};
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString action = u"save the cache status %1"_s.arg(describeCacheRow(entry.imageId, entry.workerId));
    auto stored = s.exec(
        u"INSERT INTO bake_image_cache (image_id, worker_id, status, error_text, updated_at, content_sha256, "
        "content_size) VALUES (:image, :worker, :status, :error, :updated, :sha256, :size) "
        "ON CONFLICT (image_id, worker_id) DO UPDATE SET status = excluded.status, "
        "error_text = excluded.error_text, updated_at = excluded.updated_at, "
        "content_sha256 = excluded.content_sha256, content_size = excluded.content_size"_s,
        {{u":image"_s, entry.imageId},
         {u":worker"_s, entry.workerId},
         {u":status"_s, workerCacheStatusName(entry.status)},
         {u":error"_s, StoreSql::nullableText(entry.errorText)},
         {u":updated"_s, qlonglong(entry.updatedAt > 0 ? entry.updatedAt : s.now)},
         {u":sha256"_s, StoreSql::nullableText(entry.contentSha256)},
         {u":size"_s, StoreSql::nullableInt(entry.contentSize)}},
        action);
    if (!stored.ok()) {
        if (stored.error().code == StoreError::Code::NotFound)
            return StoreError{StoreError::Code::NotFound,
                              u"Could not %1: the bake image or the worker does not exist."_s.arg(action)};
        return stored.error();
    }
    return get(entry.imageId, entry.workerId);
}

Result<CacheEntry, StoreError> BakeImageCacheRepository::get(const QString &imageId,
                                                             const QString &workerId) const
{
    return StoreSql::selectOne(
        m_catalogue, kCacheSelect + u" WHERE c.image_id = :image AND c.worker_id = :worker"_s,
        {{u":image"_s, imageId}, {u":worker"_s, workerId}},
        u"read the cache status %1"_s.arg(describeCacheRow(imageId, workerId)), readCacheEntry,
        StoreError{StoreError::Code::NotFound,
                   u"There is no cache status %1."_s.arg(describeCacheRow(imageId, workerId))});
}

Result<QList<CacheEntry>, StoreError> BakeImageCacheRepository::listByImage(const QString &imageId) const
{
    return StoreSql::selectAll(
        m_catalogue, kCacheSelect + u" WHERE c.image_id = :image ORDER BY w.name"_s, {{u":image"_s, imageId}},
        u"read the worker caches of the bake image %1"_s.arg(quoted(imageId)), readCacheEntry);
}

Result<QList<CacheEntry>, StoreError> BakeImageCacheRepository::listByWorker(const QString &workerId) const
{
    return StoreSql::selectAll(m_catalogue, kCacheSelect + u" WHERE c.worker_id = :worker ORDER BY i.name"_s,
                               {{u":worker"_s, workerId}},
                               u"read the cached images of the worker %1"_s.arg(quoted(workerId)),
                               readCacheEntry);
}

Result<Done, StoreError> BakeImageCacheRepository::remove(const QString &imageId,
                                                          const QString &workerId) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(
        u"DELETE FROM bake_image_cache WHERE image_id = :image AND worker_id = :worker"_s,
        {{u":image"_s, imageId}, {u":worker"_s, workerId}},
        u"forget the cache status %1"_s.arg(describeCacheRow(imageId, workerId)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreError{StoreError::Code::NotFound,
                          u"There is no cache status %1."_s.arg(describeCacheRow(imageId, workerId))};
    return Done{};
}

} // namespace Kiln
