// Chunked, resumable content uploads of WorkerServer, in the manner of an OCI blob
// upload: POST starts one, PATCH appends chunks (Content-Range), PUT with
// ?digest=sha256:<hex> finishes it. The SHA-256 is computed as chunks arrive, so
// finishing knows at once whether the digest matches.

#include "bake/bakecontent.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "workerreply.h"
#include "workerserver.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHttpServerRequest>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Kiln {

struct PendingUpload
{
    QString uuid;
    QString image; // the bake image's name
    QString path;  // the staged bytes
    qint64 size = 0;
    QCryptographicHash sha256{QCryptographicHash::Sha256};
};

namespace {

QByteArray rangeHeader(qint64 size)
{
    // OCI style: the bytes received so far, "0-<last>" (nothing yet: "0-0" is not
    // sent, there is no Range header then).
    return "0-" + QByteArray::number(size - 1);
}

WorkerReply::Headers progressHeaders(const PendingUpload &upload)
{
    WorkerReply::Headers headers{{"Location", WorkerApi::uploadPath(upload.uuid).toLatin1()},
                                 {"Docker-Upload-UUID", upload.uuid.toLatin1()}};
    if (upload.size > 0)
        headers.append({"Range", rangeHeader(upload.size)});
    return headers;
}

QJsonObject progressJson(const PendingUpload &upload)
{
    return {{u"uuid"_s, upload.uuid}, {u"image"_s, upload.image}, {u"offset"_s, upload.size}};
}

} // namespace

void WorkerServer::startUpload(WorkerReply &reply, const QString &name)
{
    const auto image = findImage(reply, name);
    if (!image)
        return;
    if (image->state == BakeState::Queued || image->state == BakeState::Baking || image->content) {
        reply.error(
            WorkerApiErrorCode::Conflict,
            u"%1 is being baked or already has content; evict it before uploading content."_s.arg(name));
        return;
    }
    auto upload = std::make_shared<PendingUpload>();
    upload->uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    upload->image = name;
    const QString dir = QDir(m_directories.staging).filePath(u"uploads"_s);
    QDir().mkpath(dir);
    upload->path = QDir(dir).filePath(upload->uuid + u".part"_s);
    QFile file(upload->path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        reply.error(WorkerApiErrorCode::Internal,
                    u"Could not create the upload file %1: %2"_s.arg(upload->path, file.errorString()));
        return;
    }
    m_uploads.insert(upload->uuid, upload);
    reply.send(202, workerEnvelope(progressJson(*upload)), "application/json", progressHeaders(*upload));
}

bool WorkerServer::appendChunk(WorkerReply &reply, PendingUpload &upload, const QByteArray &chunk)
{
    if (chunk.isEmpty())
        return true;
    QFile file(upload.path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append) || file.write(chunk) != chunk.size()) {
        reply.error(WorkerApiErrorCode::Internal,
                    u"Could not write the upload file %1: %2"_s.arg(upload.path, file.errorString()));
        return false;
    }
    upload.sha256.addData(chunk);
    upload.size += chunk.size();
    return true;
}

void WorkerServer::patchUpload(const QHttpServerRequest &request, WorkerReply &reply, const QString &uuid)
{
    const auto upload = m_uploads.value(uuid);
    if (!upload) {
        reply.error(WorkerApiErrorCode::NotFound,
                    u"There is no upload %1 (a restart forgets uploads)."_s.arg(uuid));
        return;
    }
    const QByteArray body = request.body();
    const QByteArray rangeText = requestHeader(request, "content-range").trimmed();
    if (!rangeText.isEmpty()) {
        // "bytes a-b/*", "bytes a-b/total" or OCI's bare "a-b".
        static const QRegularExpression pattern(u"^(?:bytes )?(\\d+)-(\\d+)(?:/(\\d+|\\*))?$"_s);
        const auto match = pattern.match(QString::fromLatin1(rangeText));
        if (!match.hasMatch()) {
            reply.error(WorkerApiError{
                WorkerApiErrorCode::BadRequest,
                u"Content-Range is not \"bytes a-b/*\": %1"_s.arg(QString::fromLatin1(rangeText)),
                u"Content-Range"_s});
            return;
        }
        const qint64 first = match.captured(1).toLongLong();
        const qint64 last = match.captured(2).toLongLong();
        if (first != upload->size) {
            reply.error(
                WorkerApiErrorCode::RangeNotSatisfiable,
                u"The chunk starts at byte %1; the upload has %2 bytes, so the next chunk starts there."_s
                    .arg(first)
                    .arg(upload->size),
                progressHeaders(*upload));
            return;
        }
        if (last - first + 1 != body.size()) {
            reply.error(WorkerApiError{
                WorkerApiErrorCode::BadRequest,
                u"Content-Range says %1 bytes; the body has %2."_s.arg(last - first + 1).arg(body.size()),
                u"Content-Range"_s});
            return;
        }
    }
    if (!appendChunk(reply, *upload, body))
        return;
    reply.send(202, workerEnvelope(progressJson(*upload)), "application/json", progressHeaders(*upload));
}

void WorkerServer::finishUpload(const QHttpServerRequest &request, WorkerReply &reply, const QString &uuid)
{
    const auto upload = m_uploads.value(uuid);
    if (!upload) {
        reply.error(WorkerApiErrorCode::NotFound,
                    u"There is no upload %1 (a restart forgets uploads)."_s.arg(uuid));
        return;
    }
    const QString digest = request.query().queryItemValue(u"digest"_s, QUrl::FullyDecoded);
    static const QRegularExpression digestPattern(u"^sha256:[0-9a-f]{64}$"_s);
    if (!digestPattern.match(digest).hasMatch()) {
        reply.error(WorkerApiError{
            WorkerApiErrorCode::BadRequest,
            u"digest must be \"sha256:\" and 64 lowercase hex digits: \"%1\""_s.arg(digest), u"digest"_s});
        return;
    }
    // A last chunk may come with the PUT.
    if (!appendChunk(reply, *upload, request.body()))
        return;
    m_uploads.remove(uuid);
    const QString actual = QString::fromLatin1(upload->sha256.result().toHex());
    if (u"sha256:"_s + actual != digest) {
        QFile::remove(upload->path);
        reply.error(WorkerApiErrorCode::DigestMismatch,
                    u"The upload has digest sha256:%1, not %2; it was discarded."_s.arg(actual, digest));
        return;
    }
    // Blocking: an ext4 file is copied and checked (e2fsck), a tar is baked.
    auto stored = uploadContent(m_catalogue, upload->image, upload->path, actual, {}, m_directories);
    QFile::remove(upload->path);
    if (!stored) {
        const ContentError &error = stored.error();
        const WorkerApiErrorCode code =
            error.code == ContentError::Code::ChecksumMismatch ? WorkerApiErrorCode::DigestMismatch
            : error.code == ContentError::Code::Busy           ? WorkerApiErrorCode::Conflict
            : error.code == ContentError::Code::NotFound       ? WorkerApiErrorCode::NotFound
            : error.code == ContentError::Code::Io || error.code == ContentError::Code::Store
                ? WorkerApiErrorCode::Internal
                : WorkerApiErrorCode::BadRequest;
        reply.error(code, error.message);
        return;
    }
    reply.send(201, workerEnvelope(cachedImageFromBakeImage(stored.value()).toJson()), "application/json",
               {{"Location", WorkerApi::contentPath(upload->image).toLatin1()},
                {"Docker-Content-Digest", digest.toLatin1()}});
}

} // namespace Kiln
