#include "remote/workerapi.h"
#include "remote/workerapi_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace Kiln::WorkerApiDetail;

namespace Kiln {

namespace WorkerApi {

QString version()
{
    return u"0.1.0"_s;
}

QString prefix()
{
    return u"/api/v1"_s;
}

QString healthPath()
{
    return prefix() + u"/health"_s;
}

QString infoPath()
{
    return prefix() + u"/info"_s;
}

QString imagesPath()
{
    return prefix() + u"/images"_s;
}

QString imagePath(QStringView name)
{
    return imagesPath() + u'/' + name;
}

QString contentPath(QStringView name)
{
    return imagePath(name) + u"/content"_s;
}

QString contentInfoPath(QStringView name)
{
    return contentPath(name) + u"/info"_s;
}

QString uploadsPath(QStringView name)
{
    return contentPath(name) + u"/uploads"_s;
}

QString uploadPath(QStringView uuid)
{
    return prefix() + u"/uploads/"_s + uuid;
}

QString scanPath(QStringView name)
{
    return imagePath(name) + u"/scan"_s;
}

QString buildsPath()
{
    return prefix() + u"/builds"_s;
}

QString jobsPath()
{
    return prefix() + u"/jobs"_s;
}

QString jobPath(QStringView id)
{
    return jobsPath() + u'/' + id;
}

QString jobCancelPath(QStringView id)
{
    return jobPath(id) + u"/cancel"_s;
}

QString jobLogPath(QStringView id)
{
    return jobPath(id) + u"/log"_s;
}

QByteArray contentETag(QStringView sha256Hex)
{
    return "\"sha256:" + sha256Hex.toLatin1() + '"';
}

} // namespace WorkerApi

namespace {

struct CodeEntry
{
    WorkerApiErrorCode code;
    QStringView name;
    int status;
};

constexpr std::array<CodeEntry, 11> codeTable{{
    {WorkerApiErrorCode::Unauthorized, u"unauthorized", 401},
    {WorkerApiErrorCode::Forbidden, u"forbidden", 403},
    {WorkerApiErrorCode::BadRequest, u"bad_request", 400},
    {WorkerApiErrorCode::NotFound, u"not_found", 404},
    {WorkerApiErrorCode::MethodNotAllowed, u"method_not_allowed", 405},
    {WorkerApiErrorCode::Conflict, u"conflict", 409},
    {WorkerApiErrorCode::TooLarge, u"too_large", 413},
    {WorkerApiErrorCode::RangeNotSatisfiable, u"range_not_satisfiable", 416},
    {WorkerApiErrorCode::DigestMismatch, u"digest_mismatch", 400},
    {WorkerApiErrorCode::Internal, u"internal", 500},
    {WorkerApiErrorCode::Unavailable, u"unavailable", 503},
}};

struct ScopeEntry
{
    WorkerScope scope;
    QStringView name;
};

constexpr std::array<ScopeEntry, 4> scopeTable{{
    {WorkerScope::ImagesRead, u"images:read"},
    {WorkerScope::ImagesManage, u"images:manage"},
    {WorkerScope::BuildsRun, u"builds:run"},
    {WorkerScope::Admin, u"admin"},
}};

struct StatusEntry
{
    CachedImageStatus status;
    QStringView name;
};

constexpr std::array<StatusEntry, 5> statusTable{{
    {CachedImageStatus::Pending, u"pending"},
    {CachedImageStatus::Building, u"building"},
    {CachedImageStatus::Ready, u"ready"},
    {CachedImageStatus::Failed, u"failed"},
    {CachedImageStatus::Evicted, u"evicted"},
}};

} // namespace

QString workerApiErrorCodeName(WorkerApiErrorCode code)
{
    for (const CodeEntry &entry : codeTable) {
        if (entry.code == code)
            return entry.name.toString();
    }
    return u"internal"_s;
}

std::optional<WorkerApiErrorCode> workerApiErrorCodeFromName(QStringView name)
{
    for (const CodeEntry &entry : codeTable) {
        if (entry.name == name)
            return entry.code;
    }
    return std::nullopt;
}

int workerApiHttpStatus(WorkerApiErrorCode code)
{
    for (const CodeEntry &entry : codeTable) {
        if (entry.code == code)
            return entry.status;
    }
    return 500;
}

QByteArray workerEnvelope(const QJsonValue &data)
{
    QJsonObject envelope{{u"success"_s, true}, {u"data"_s, data}};
    return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
}

QByteArray workerErrorEnvelope(WorkerApiErrorCode code, const QString &message)
{
    const QJsonObject error{{u"code"_s, workerApiErrorCodeName(code)}, {u"message"_s, message}};
    return QJsonDocument(QJsonObject{{u"success"_s, false}, {u"error"_s, error}})
        .toJson(QJsonDocument::Compact);
}

QByteArray workerErrorEnvelope(const WorkerApiError &error)
{
    return workerErrorEnvelope(error.code, error.message);
}

Result<QJsonValue, WorkerApiError> parseWorkerEnvelope(QByteArrayView body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return WorkerApiError{
            WorkerApiErrorCode::BadRequest,
            u"the body is not JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset),
            QString()};
    }
    if (!document.isObject())
        return WorkerApiError{WorkerApiErrorCode::BadRequest, u"the body must be a JSON object"_s, QString()};
    const QJsonObject envelope = document.object();
    const QJsonValue success = envelope.value(u"success"_s);
    if (!success.isBool())
        return WorkerApiError{WorkerApiErrorCode::BadRequest, u"success must be true or false"_s,
                              u"success"_s};
    if (success.toBool()) {
        if (!envelope.contains(u"data"_s))
            return WorkerApiError{WorkerApiErrorCode::BadRequest, u"data is missing"_s, u"data"_s};
        return envelope.value(u"data"_s);
    }
    FieldReader reader(envelope.value(u"error"_s), u"error"_s);
    const QString code = reader.string(u"code");
    const QString message = reader.string(u"message");
    if (!reader.ok())
        return reader.error();
    return WorkerApiError{workerApiErrorCodeFromName(code).value_or(WorkerApiErrorCode::Internal), message,
                          QString()};
}

QString workerScopeName(WorkerScope scope)
{
    for (const ScopeEntry &entry : scopeTable) {
        if (entry.scope == scope)
            return entry.name.toString();
    }
    return {};
}

std::optional<WorkerScope> workerScopeFromName(QStringView name)
{
    for (const ScopeEntry &entry : scopeTable) {
        if (entry.name == name)
            return entry.scope;
    }
    return std::nullopt;
}

Result<WorkerScopes, WorkerApiError> parseWorkerScopes(const QStringList &names)
{
    if (names.isEmpty())
        return WorkerApiError{WorkerApiErrorCode::BadRequest, u"at least one scope is needed"_s, u"scope"_s};
    WorkerScopes scopes;
    for (const QString &name : names) {
        const std::optional<WorkerScope> scope = workerScopeFromName(name.trimmed());
        if (!scope) {
            return WorkerApiError{
                WorkerApiErrorCode::BadRequest,
                u"unknown scope \"%1\" (known: images:read, images:manage, builds:run, admin)"_s.arg(name),
                u"scope"_s};
        }
        scopes |= *scope;
    }
    return scopes;
}

QStringList workerScopeNames(WorkerScopes scopes)
{
    QStringList names;
    for (const ScopeEntry &entry : scopeTable) {
        if (scopes.testFlag(entry.scope))
            names.append(entry.name.toString());
    }
    return names;
}

bool workerScopesGrant(WorkerScopes held, WorkerScope needed)
{
    return held.testFlag(WorkerScope::Admin) || held.testFlag(needed);
}

std::optional<WorkerTokenParts> parseWorkerToken(QByteArrayView token)
{
    // kw_ + 16 hex + _ + 43 base64url characters.
    if (token.size() != 3 + 16 + 1 + 43 || !token.startsWith("kw_") || token.at(19) != '_')
        return std::nullopt;
    const QByteArrayView id = token.sliced(3, 16);
    for (const char c : id) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return std::nullopt;
    }
    const QByteArrayView secret = token.sliced(20);
    for (const char c : secret) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    return WorkerTokenParts{QString::fromLatin1(id), secret.toByteArray()};
}

std::optional<QByteArray> bearerToken(QByteArrayView authorizationHeader)
{
    const QByteArray header = authorizationHeader.toByteArray().trimmed();
    if (header.size() < 7 || header.first(7).toLower() != "bearer ")
        return std::nullopt;
    const QByteArray token = header.sliced(7).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

QString cachedImageStatusName(CachedImageStatus status)
{
    for (const StatusEntry &entry : statusTable) {
        if (entry.status == status)
            return entry.name.toString();
    }
    return {};
}

std::optional<CachedImageStatus> cachedImageStatusFromName(QStringView name)
{
    for (const StatusEntry &entry : statusTable) {
        if (entry.name == name)
            return entry.status;
    }
    return std::nullopt;
}

CachedImageStatus cachedImageStatusFromBakeState(BakeState state)
{
    switch (state) {
    case BakeState::Registered:
    case BakeState::Queued:
        return CachedImageStatus::Pending;
    case BakeState::Baking:
        return CachedImageStatus::Building;
    case BakeState::Baked:
        return CachedImageStatus::Ready;
    case BakeState::Failed:
    case BakeState::Cancelled:
        return CachedImageStatus::Failed;
    }
    return CachedImageStatus::Failed;
}

namespace {

// Shared by CachedImageContent and WorkerContentInfo.
void readDigests(FieldReader &reader, QString &sha256, QString &sha1)
{
    sha256 = reader.string(u"sha256");
    if (reader.ok() && !isHex(sha256, 64))
        reader.fail(u"sha256", u"must be 64 lowercase hex digits"_s);
    sha1 = reader.string(u"sha1");
    if (reader.ok() && !isHex(sha1, 40))
        reader.fail(u"sha1", u"must be 40 lowercase hex digits"_s);
}

Result<CachedImageContent, WorkerApiError> contentFromJson(const QJsonValue &json, const QString &path)
{
    FieldReader reader(json, path);
    CachedImageContent content;
    content.size = reader.integer(u"size");
    readDigests(reader, content.sha256, content.sha1);
    content.mtime = reader.integer(u"mtime");
    if (!reader.ok())
        return reader.error();
    return content;
}

Result<CachedImage, WorkerApiError> cachedImageFromJson(const QJsonValue &json, const QString &path)
{
    FieldReader reader(json, path);
    CachedImage image;
    image.name = reader.string(u"name");
    if (reader.ok() && image.name.isEmpty())
        reader.fail(u"name", u"must not be empty"_s);
    const QString status = reader.string(u"status");
    if (reader.ok()) {
        const std::optional<CachedImageStatus> parsed = cachedImageStatusFromName(status);
        if (!parsed)
            reader.fail(u"status",
                        u"is not one of pending, building, ready, failed, evicted: \"%1\""_s.arg(status));
        else
            image.status = *parsed;
    }
    image.error = reader.string(u"error", true);
    const QString updatedAt = reader.string(u"updatedAt");
    if (reader.ok()) {
        image.updatedAt = QDateTime::fromString(updatedAt, Qt::ISODateWithMs);
        if (!image.updatedAt.isValid())
            reader.fail(u"updatedAt", u"is not an ISO 8601 date and time: \"%1\""_s.arg(updatedAt));
        else
            image.updatedAt = image.updatedAt.toUTC();
    }
    image.digest = reader.string(u"digest", true);
    if (!reader.ok())
        return reader.error();
    const QJsonValue content = reader.value(u"content");
    if (!content.isNull() && !content.isUndefined()) {
        auto parsed = contentFromJson(content, reader.path(u"content"));
        if (!parsed)
            return parsed.error();
        image.content = parsed.value();
    }
    return image;
}

} // namespace

QJsonObject CachedImageContent::toJson() const
{
    return {{u"size"_s, size}, {u"sha256"_s, sha256}, {u"sha1"_s, sha1}, {u"mtime"_s, mtime}};
}

Result<CachedImageContent, WorkerApiError> CachedImageContent::fromJson(const QJsonValue &json)
{
    return contentFromJson(json, QString());
}

QJsonObject CachedImage::toJson() const
{
    return {{u"name"_s, name},
            {u"status"_s, cachedImageStatusName(status)},
            {u"error"_s, nullableString(error)},
            {u"updatedAt"_s, updatedAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"digest"_s, nullableString(digest)},
            {u"content"_s, content ? QJsonValue(content->toJson()) : QJsonValue(QJsonValue::Null)}};
}

Result<CachedImage, WorkerApiError> CachedImage::fromJson(const QJsonValue &json)
{
    return cachedImageFromJson(json, QString());
}

QJsonValue cachedImagesToJson(const QList<CachedImage> &images)
{
    QJsonArray array;
    for (const CachedImage &image : images)
        array.append(image.toJson());
    return array;
}

Result<QList<CachedImage>, WorkerApiError> cachedImagesFromJson(const QJsonValue &json)
{
    if (!json.isArray())
        return WorkerApiError{WorkerApiErrorCode::BadRequest, u"the image list must be a JSON array"_s,
                              QString()};
    QList<CachedImage> images;
    const QJsonArray array = json.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto image = cachedImageFromJson(array.at(i), u"[%1]"_s.arg(i));
        if (!image)
            return image.error();
        images.append(image.value());
    }
    return images;
}

QJsonObject WarmRequest::toJson() const
{
    const QJsonObject sourceJson{{u"kind"_s, bakeSourceKindName(source.kind)}, {u"ref"_s, source.ref}};
    return {{u"source"_s, sourceJson}, {u"sizeMib"_s, sizeMib}, {u"digest"_s, nullableString(digest)}};
}

Result<WarmRequest, WorkerApiError> WarmRequest::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    WarmRequest request;
    if (reader.ok() && reader.value(u"source").isUndefined())
        reader.fail(u"source", u"is missing"_s);
    if (!reader.ok())
        return reader.error();
    FieldReader source(reader.value(u"source"), u"source"_s);
    const QString kind = source.string(u"kind");
    if (source.ok()) {
        const std::optional<BakeSourceKind> parsed = bakeSourceKindFromName(kind);
        if (!parsed)
            source.fail(u"kind",
                        u"is not one of oci, docker-archive, oci-archive, rootfs-tar: \"%1\""_s.arg(kind));
        else
            request.source.kind = *parsed;
    }
    request.source.ref = source.string(u"ref");
    if (source.ok() && request.source.ref.trimmed().isEmpty())
        source.fail(u"ref", u"must not be empty"_s);
    if (source.ok() && request.source.isTar() && !request.source.ref.startsWith(u'/'))
        source.fail(u"ref", u"must be an absolute path on the worker for a tar source"_s);
    if (!source.ok())
        return source.error();
    request.sizeMib = reader.integer(u"sizeMib", 1);
    request.digest = reader.string(u"digest", true);
    if (reader.ok() && !request.digest.isEmpty() &&
        !(request.digest.startsWith(u"sha256:"_s) && isHex(QStringView(request.digest).sliced(7), 64)))
        reader.fail(u"digest", u"must be \"sha256:\" and 64 lowercase hex digits, or null"_s);
    if (!reader.ok())
        return reader.error();
    return request;
}

QJsonObject WorkerHealth::toJson() const
{
    return {{u"status"_s, status}, {u"version"_s, version}};
}

Result<WorkerHealth, WorkerApiError> WorkerHealth::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    WorkerHealth health;
    health.status = reader.string(u"status");
    health.version = reader.string(u"version");
    if (!reader.ok())
        return reader.error();
    return health;
}

QJsonObject WorkerInfo::toJson() const
{
    return {{u"version"_s, version},
            {u"engines"_s, QJsonArray::fromStringList(engines)},
            {u"diskFreeBytes"_s, diskFreeBytes},
            {u"runningJobs"_s, runningJobs},
            {u"capacity"_s, capacity}};
}

Result<WorkerInfo, WorkerApiError> WorkerInfo::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    WorkerInfo info;
    info.version = reader.string(u"version");
    if (reader.ok()) {
        const QJsonValue engines = reader.value(u"engines");
        if (!engines.isArray())
            reader.fail(u"engines",
                        engines.isUndefined() ? u"is missing"_s : u"must be an array of strings"_s);
        const QJsonArray array = engines.toArray();
        for (qsizetype i = 0; reader.ok() && i < array.size(); ++i) {
            if (!array.at(i).isString())
                reader.fail(u"engines[%1]"_s.arg(i), u"must be a string"_s);
            else
                info.engines.append(array.at(i).toString());
        }
    }
    info.diskFreeBytes = reader.integer(u"diskFreeBytes");
    info.runningJobs = int(reader.integer(u"runningJobs"));
    info.capacity = int(reader.integer(u"capacity"));
    if (!reader.ok())
        return reader.error();
    return info;
}

QJsonObject WorkerContentInfo::toJson() const
{
    return {{u"size"_s, size}, {u"mtime"_s, mtime}, {u"sha256"_s, sha256},
            {u"sha1"_s, sha1}, {u"fmt"_s, fmt},     {u"refcnt"_s, refcnt}};
}

Result<WorkerContentInfo, WorkerApiError> WorkerContentInfo::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    WorkerContentInfo info;
    info.size = reader.integer(u"size");
    info.mtime = reader.integer(u"mtime");
    readDigests(reader, info.sha256, info.sha1);
    info.fmt = reader.string(u"fmt");
    info.refcnt = reader.integer(u"refcnt");
    if (!reader.ok())
        return reader.error();
    return info;
}

QJsonObject WorkerScan::toJson() const
{
    return {{u"status"_s, scanStatusName(status)},
            {u"reason"_s, reason},
            {u"scannedAt"_s, scannedAt.isValid() ? QJsonValue(scannedAt.toUTC().toString(Qt::ISODateWithMs))
                                                 : QJsonValue(QJsonValue::Null)},
            {u"findings"_s, findings.isUndefined() ? QJsonValue(QJsonValue::Null) : findings}};
}

Result<WorkerScan, WorkerApiError> WorkerScan::fromJson(const QJsonValue &json)
{
    FieldReader reader(json, QString());
    WorkerScan scan;
    const QString status = reader.string(u"status");
    if (reader.ok()) {
        const std::optional<ScanStatus> parsed = scanStatusFromName(status);
        if (!parsed)
            reader.fail(u"status", u"is not one of pending, passed, failed, skipped: \"%1\""_s.arg(status));
        else
            scan.status = *parsed;
    }
    scan.reason = reader.string(u"reason");
    const QString scannedAt = reader.string(u"scannedAt", true);
    if (reader.ok() && !scannedAt.isEmpty()) {
        scan.scannedAt = QDateTime::fromString(scannedAt, Qt::ISODateWithMs);
        if (!scan.scannedAt.isValid())
            reader.fail(u"scannedAt", u"is not an ISO 8601 date and time: \"%1\""_s.arg(scannedAt));
        else
            scan.scannedAt = scan.scannedAt.toUTC();
    }
    if (!reader.ok())
        return reader.error();
    const QJsonValue findings = reader.value(u"findings");
    scan.findings = findings.isUndefined() ? QJsonValue(QJsonValue::Null) : findings;
    return scan;
}

} // namespace Kiln
