// The image and content endpoints of WorkerServer (the plumbing is in workerserver.cpp).

#include "bake/bakeservice.h"
#include "domain/names.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "workerreply.h"
#include "workerserver.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

WorkerApiError fromContent(const ContentError &error)
{
    switch (error.code) {
    case ContentError::Code::NotFound:
    case ContentError::Code::NoContent:
        return {WorkerApiErrorCode::NotFound, error.message, {}};
    case ContentError::Code::Busy:
        return {WorkerApiErrorCode::Conflict, error.message, {}};
    default:
        return {WorkerApiErrorCode::Internal, error.message, {}};
    }
}

// The warm's source as stored: an OCI reference pinned to the digest asked for.
Result<BakeSource, WorkerApiError> warmSource(const WarmRequest &warm)
{
    BakeSource source = warm.source;
    if (warm.digest.isEmpty())
        return source;
    if (source.isTar())
        return WorkerApiError{
            WorkerApiErrorCode::BadRequest,
            u"digest applies to oci sources only (a tar source is read from the worker's disk)"_s,
            u"digest"_s};
    const qsizetype at = source.ref.indexOf(u'@');
    if (at < 0) {
        source.ref += u'@' + warm.digest;
    } else if (source.ref.mid(at + 1) != warm.digest) {
        return WorkerApiError{WorkerApiErrorCode::BadRequest,
                              u"source.ref pins another digest than digest: %1"_s.arg(source.ref),
                              u"digest"_s};
    }
    return source;
}

} // namespace

void WorkerServer::warm(const QHttpServerRequest &request, WorkerReply &reply, const QString &name)
{
    if (const auto valid = validateName(name); !valid) {
        reply.error(WorkerApiError{WorkerApiErrorCode::BadRequest,
                                   u"The image name %1 is not valid: column %2: %3"_s.arg(name)
                                       .arg(valid.error().column)
                                       .arg(valid.error().message),
                                   u"name"_s});
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        reply.error(WorkerApiErrorCode::BadRequest,
                    u"The body is not valid JSON: %1 at offset %2."_s.arg(parseError.errorString())
                        .arg(parseError.offset));
        return;
    }
    const QJsonValue json =
        document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    const auto parsed = WarmRequest::fromJson(json);
    if (!parsed) {
        reply.error(parsed.error());
        return;
    }
    const auto source = warmSource(parsed.value());
    if (!source) {
        reply.error(source.error());
        return;
    }
    const qint64 sizeMib = parsed.value().sizeMib;

    BakeImageRepository images(m_catalogue);
    auto existing = images.getByName(name);
    if (!existing && existing.error().code != StoreError::Code::NotFound) {
        reply.error(workerErrorFromStore(existing.error()));
        return;
    }
    if (!existing) {
        BakeImage draft;
        draft.name = name;
        draft.displayName = name;
        draft.source = source.value();
        draft.sizeMib = sizeMib;
        auto registered = images.registerImage(draft);
        if (!registered) {
            reply.error(workerErrorFromStore(registered.error()));
            return;
        }
        // The bake service claims it from the queue (within its poll interval).
        auto queued = images.requestBake(registered.value().id);
        if (!queued) {
            reply.error(workerErrorFromStore(queued.error()));
            return;
        }
        reply.data(cachedImageFromBakeImage(queued.value()).toJson(), 202);
        return;
    }
    const BakeImage &image = existing.value();
    if (image.source != source.value()) {
        reply.error(WorkerApiErrorCode::Conflict,
                    u"This worker holds %1 from %2; evict it before warming it from %3."_s.arg(
                        name, image.source.text(), source.value().text()));
        return;
    }
    switch (image.state) {
    case BakeState::Baked:
        reply.data(cachedImageFromBakeImage(image).toJson(), 200);
        return;
    case BakeState::Queued:
    case BakeState::Baking:
        reply.data(cachedImageFromBakeImage(image).toJson(), 202);
        return;
    case BakeState::Registered:
    case BakeState::Failed:
    case BakeState::Cancelled:
        break;
    }
    if (image.sizeMib != sizeMib) {
        BakeImageDetails details;
        details.displayName = image.displayName;
        details.description = image.description;
        details.defaultCpuMillicores = image.defaultCpuMillicores;
        details.defaultMemoryMb = image.defaultMemoryMb;
        details.defaultDiskMb = image.defaultDiskMb;
        details.scope = image.scope;
        details.lazyPull = image.lazyPull;
        details.preinstalled = image.preinstalled;
        details.sizeMib = sizeMib;
        if (auto updated = images.updateDetails(image.id, details); !updated) {
            reply.error(workerErrorFromStore(updated.error()));
            return;
        }
    }
    auto queued = images.requestBake(image.id);
    if (!queued) {
        reply.error(workerErrorFromStore(queued.error()));
        return;
    }
    reply.data(cachedImageFromBakeImage(queued.value()).toJson(), 202);
}

void WorkerServer::evict(WorkerReply &reply, const QString &name)
{
    const auto image = findImage(reply, name);
    if (!image)
        return;
    BakeImageRepository images(m_catalogue);
    if (image->state == BakeState::Baking) {
        m_bakes.cancelBake(image->id);
        reply.error(
            WorkerApiErrorCode::Conflict,
            u"%1 is being baked; its bake is being cancelled: evict it again in a moment."_s.arg(name));
        return;
    }
    if (image->state == BakeState::Queued) {
        if (auto cancelled = images.requestCancel(image->id); !cancelled) {
            reply.error(workerErrorFromStore(cancelled.error()));
            return;
        }
    }
    if (auto removed = removeContent(m_catalogue, image->id, m_directories); !removed) {
        reply.error(fromContent(removed.error()));
        return;
    }
    if (auto removed = images.remove(image->id); !removed) {
        reply.error(workerErrorFromStore(removed.error()));
        return;
    }
    CachedImage evicted = cachedImageFromBakeImage(*image);
    evicted.status = CachedImageStatus::Evicted;
    evicted.error.clear();
    evicted.content.reset();
    evicted.updatedAt = QDateTime::fromMSecsSinceEpoch(m_catalogue.now(), Qt::UTC);
    reply.data(evicted.toJson());
}

void WorkerServer::content(const QHttpServerRequest &request, WorkerReply &reply, const QString &name)
{
    const auto image = findImage(reply, name);
    if (!image)
        return;
    if (image->state != BakeState::Baked || !image->content) {
        reply.error(WorkerApiErrorCode::NotFound,
                    u"%1 has no content on this worker yet (it is %2)."_s.arg(
                        name, cachedImageStatusName(cachedImageStatusFromBakeState(image->state))));
        return;
    }
    const BakeContent &stored = *image->content;
    const QString path = stored.path.isEmpty() ? contentFilePath(m_directories, name) : stored.path;
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        reply.error(WorkerApiErrorCode::Internal,
                    u"The content file of %1 cannot be read: %2"_s.arg(name, file->errorString()));
        return;
    }
    const qint64 size = file->size();
    if (size != stored.size) {
        reply.error(
            WorkerApiErrorCode::Internal,
            u"The content file of %1 has %2 bytes; the catalogue records %3."_s.arg(name).arg(size).arg(
                stored.size));
        return;
    }
    const QByteArray etag = WorkerApi::contentETag(stored.sha256);
    WorkerReply::Headers headers{{"Accept-Ranges", "bytes"}, {"ETag", etag}};
    // If-Range with another validator: the content changed, send all of it.
    const QByteArray ifRange = requestHeader(request, "if-range");
    auto range = (ifRange.isEmpty() || ifRange == etag)
                     ? parseRangeHeader(requestHeader(request, "range"), size)
                     : Result<std::optional<ContentRange>, WorkerApiError>(std::optional<ContentRange>());
    if (!range) {
        headers.append({"Content-Range", "bytes */" + QByteArray::number(size)});
        reply.error(range.error(), headers);
        return;
    }
    if (!range.value()) {
        reply.sendFile(200, std::move(file), 0, size, headers);
        return;
    }
    const ContentRange &part = *range.value();
    headers.append({"Content-Range", "bytes " + QByteArray::number(part.first) + '-' +
                                         QByteArray::number(part.last) + '/' + QByteArray::number(size)});
    reply.sendFile(206, std::move(file), part.first, part.length(), headers);
}

void WorkerServer::contentInfo(WorkerReply &reply, const QString &name)
{
    const auto image = findImage(reply, name);
    if (!image)
        return;
    if (image->state != BakeState::Baked || !image->content) {
        reply.error(WorkerApiErrorCode::NotFound, u"%1 has no content on this worker yet."_s.arg(name));
        return;
    }
    const BakeContent &stored = *image->content;
    reply.data(
        WorkerContentInfo{stored.size, stored.mtime, stored.sha256, stored.sha1, stored.fmt, stored.refcnt}
            .toJson());
}

void WorkerServer::scan(WorkerReply &reply, const QString &name, bool rescan)
{
    const auto image = findImage(reply, name);
    if (!image)
        return;
    WorkerScan scan;
    scan.status = image->scanStatus;
    scan.reason = image->scanReason;
    if (image->scannedAt && *image->scannedAt > 0)
        scan.scannedAt = QDateTime::fromMSecsSinceEpoch(*image->scannedAt, Qt::UTC);
    if (!image->scanFindingsJson.isEmpty()) {
        const QJsonDocument findings = QJsonDocument::fromJson(image->scanFindingsJson.toUtf8());
        scan.findings = findings.isArray() ? QJsonValue(findings.array()) : QJsonValue(findings.object());
    }
    if (!rescan) {
        reply.data(scan.toJson());
        return;
    }
    if (image->state != BakeState::Baked || !image->content) {
        reply.error(WorkerApiErrorCode::Conflict, u"%1 has no content to scan yet."_s.arg(name));
        return;
    }
    // The scan runs on the bake service's thread; GET .../scan follows it.
    m_bakes.rescan(image->id);
    reply.data(
        WorkerScan{ScanStatus::Pending, u"Rescan requested."_s, {}, QJsonValue(QJsonValue::Null)}.toJson(),
        202);
}

} // namespace Kiln
