#pragma once

// THE wire contract between the desktop (WorkerClient) and kiln-worker: paths,
// scopes, the JSON envelope, error codes and the typed bodies. HTTP/1.1, JSON in
// UTF-8, every path under /api/v1. See docs/worker-api.md.

#include "domain/bakeimage.h"
#include "domain/result.h"
#include "store/jobstatus.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QFlags>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Kiln {

namespace WorkerApi {

// The version kiln-worker reports (health, info).
QString version(); // "0.1.0"

// Limits the server enforces: the request line plus headers, a JSON body, one upload chunk.
inline constexpr qint64 MaxHeadBytes = 16 * 1024;
inline constexpr qint64 MaxJsonBodyBytes = 1024 * 1024;
inline constexpr qint64 MaxUploadChunkBytes = 16 * 1024 * 1024;

// Paths. `name` is a bake image name (names.h: no characters that need escaping).
QString prefix();                          // "/api/v1"
QString healthPath();                      // "/api/v1/health"
QString infoPath();                        // "/api/v1/info"
QString imagesPath();                      // "/api/v1/images"
QString imagePath(QStringView name);       // "/api/v1/images/{name}"
QString contentPath(QStringView name);     // "/api/v1/images/{name}/content"
QString contentInfoPath(QStringView name); // "/api/v1/images/{name}/content/info"
QString uploadsPath(QStringView name);     // "/api/v1/images/{name}/content/uploads"
QString uploadPath(QStringView uuid);      // "/api/v1/uploads/{uuid}"
QString scanPath(QStringView name);        // "/api/v1/images/{name}/scan"
QString buildsPath();                      // "/api/v1/builds"
QString jobsPath();                        // "/api/v1/jobs"
QString jobPath(QStringView id);           // "/api/v1/jobs/{id}"
QString jobCancelPath(QStringView id);     // "/api/v1/jobs/{id}/cancel"
QString jobLogPath(QStringView id);        // "/api/v1/jobs/{id}/log"

// The strong ETag of content: "\"sha256:<hex>\"" (with the quotes).
QByteArray contentETag(QStringView sha256Hex);

} // namespace WorkerApi

// The envelope's error.code. Each maps to one HTTP status.
enum class WorkerApiErrorCode
{
    Unauthorized,        // "unauthorized", 401
    Forbidden,           // "forbidden", 403
    BadRequest,          // "bad_request", 400
    NotFound,            // "not_found", 404
    MethodNotAllowed,    // "method_not_allowed", 405 (a known path, another method)
    Conflict,            // "conflict", 409
    TooLarge,            // "too_large", 413
    RangeNotSatisfiable, // "range_not_satisfiable", 416
    DigestMismatch,      // "digest_mismatch", 400
    Internal,            // "internal", 500
    Unavailable,         // "unavailable", 503
};

QString workerApiErrorCodeName(WorkerApiErrorCode code);
std::optional<WorkerApiErrorCode> workerApiErrorCodeFromName(QStringView name);
int workerApiHttpStatus(WorkerApiErrorCode code);

// A refusal, or a body that does not have the contract's shape. For shape errors
// `field` is the JSON path of the offending member ("status", "content.size",
// "[2].name", "source.kind") and `message` names it too.
struct WorkerApiError
{
    WorkerApiErrorCode code = WorkerApiErrorCode::BadRequest;
    QString message;
    QString field; // empty when the error is not about one field

    friend bool operator==(const WorkerApiError &, const WorkerApiError &) = default;
};

// The envelope. Success: {"success": true, "data": DATA}; failure:
// {"success": false, "error": {"code": "...", "message": "..."}}. Compact JSON.
QByteArray workerEnvelope(const QJsonValue &data);
QByteArray workerErrorEnvelope(const WorkerApiError &error);
QByteArray workerErrorEnvelope(WorkerApiErrorCode code, const QString &message);

// Reads an envelope: the `data` member of a success, or the error it carries
// (code and message as sent; an unknown code reads as Internal). A body that is
// not an envelope comes back as BadRequest with the parse error's offset or the
// missing member in the message.
Result<QJsonValue, WorkerApiError> parseWorkerEnvelope(QByteArrayView body);

// Token scopes. Admin implies every other scope.
enum class WorkerScope
{
    ImagesRead = 0x1,   // "images:read"
    ImagesManage = 0x2, // "images:manage"
    BuildsRun = 0x4,    // "builds:run"
    Admin = 0x8,        // "admin"
};
Q_DECLARE_FLAGS(WorkerScopes, WorkerScope)
Q_DECLARE_OPERATORS_FOR_FLAGS(WorkerScopes)

QString workerScopeName(WorkerScope scope);
std::optional<WorkerScope> workerScopeFromName(QStringView name);
// Every name must be known; the error names the first unknown one (field "scope").
// An empty list is an error too.
Result<WorkerScopes, WorkerApiError> parseWorkerScopes(const QStringList &names);
// Names in the fixed order images:read, images:manage, builds:run, admin.
QStringList workerScopeNames(WorkerScopes scopes);
// True when `held` grants `needed` (admin grants everything).
bool workerScopesGrant(WorkerScopes held, WorkerScope needed);

// A bearer token "kw_<id>_<secret>": id is 16 lowercase hex digits, secret the
// unpadded base64url of 32 random bytes (43 characters; may contain '_' and '-').
struct WorkerTokenParts
{
    QString id;
    QByteArray secret; // the base64url text as sent
};
// nullopt for anything that is not of that shape.
std::optional<WorkerTokenParts> parseWorkerToken(QByteArrayView token);
// The value after "Bearer " in an Authorization header; nullopt without one.
std::optional<QByteArray> bearerToken(QByteArrayView authorizationHeader);

// The status of an image in a worker's cache. From the worker's BakeState:
// registered/queued -> pending, baking -> building, baked -> ready,
// failed/cancelled -> failed; evicted once DELETE removed it.
enum class CachedImageStatus
{
    Pending,
    Building,
    Ready,
    Failed,
    Evicted,
};
QString cachedImageStatusName(CachedImageStatus status); // "pending", ...
std::optional<CachedImageStatus> cachedImageStatusFromName(QStringView name);
CachedImageStatus cachedImageStatusFromBakeState(BakeState state);

// The content part of a CachedImage: {"size","sha256","sha1","mtime"}.
// sha256 / sha1 are lowercase hex without a prefix; mtime is epoch milliseconds.
struct CachedImageContent
{
    qint64 size = 0;
    QString sha256;
    QString sha1;
    qint64 mtime = 0;

    QJsonObject toJson() const;
    static Result<CachedImageContent, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const CachedImageContent &, const CachedImageContent &) = default;
};

// {"name","status","error": string|null,"updatedAt": ISO 8601 UTC with milliseconds,
//  "digest": string|null,"content": CachedImageContent|null}
struct CachedImage
{
    QString name;
    CachedImageStatus status = CachedImageStatus::Pending;
    QString error;       // empty: null
    QDateTime updatedAt; // UTC
    QString digest;      // "sha256:<hex>" the warm asked for; empty: null
    std::optional<CachedImageContent> content;

    QJsonObject toJson() const;
    static Result<CachedImage, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const CachedImage &, const CachedImage &) = default;
};
QJsonValue cachedImagesToJson(const QList<CachedImage> &images);
// Error fields are prefixed with the index: "[2].status".
Result<QList<CachedImage>, WorkerApiError> cachedImagesFromJson(const QJsonValue &json);

// PUT /images/{name}: {"source": {"kind": "oci|docker-archive|oci-archive|rootfs-tar",
// "ref": "..."}, "sizeMib": N, "digest": "sha256:<64 hex>"|null}. For the tar kinds
// `ref` is an absolute path on the worker. sizeMib > 0.
struct WarmRequest
{
    BakeSource source;
    qint64 sizeMib = 0;
    QString digest; // empty: null

    QJsonObject toJson() const;
    static Result<WarmRequest, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WarmRequest &, const WarmRequest &) = default;
};

// GET /health: {"status": "ok", "version": "0.1.0"}.
struct WorkerHealth
{
    QString status = QStringLiteral("ok");
    QString version;

    QJsonObject toJson() const;
    static Result<WorkerHealth, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WorkerHealth &, const WorkerHealth &) = default;
};

// GET /info: {"version","engines": ["podman", ...],"diskFreeBytes","runningJobs","capacity"}.
struct WorkerInfo
{
    QString version;
    QStringList engines;
    qint64 diskFreeBytes = 0;
    int runningJobs = 0;
    int capacity = 0;

    QJsonObject toJson() const;
    static Result<WorkerInfo, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WorkerInfo &, const WorkerInfo &) = default;
};

// GET /images/{name}/content/info: {"size","mtime","sha256","sha1","fmt","refcnt"}
// (mtime in epoch milliseconds, hex digests without a prefix).
struct WorkerContentInfo
{
    qint64 size = 0;
    qint64 mtime = 0;
    QString sha256;
    QString sha1;
    QString fmt = QStringLiteral("ext4");
    qint64 refcnt = 1;

    QJsonObject toJson() const;
    static Result<WorkerContentInfo, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WorkerContentInfo &, const WorkerContentInfo &) = default;
};

// GET / POST /images/{name}/scan: {"status": "pending|passed|failed|skipped",
// "reason": string, "scannedAt": ISO 8601 UTC|null, "findings": the scanner's
// findings (JSON)|null}.
struct WorkerScan
{
    ScanStatus status = ScanStatus::Pending;
    QString reason;
    QDateTime scannedAt; // invalid: null
    QJsonValue findings = QJsonValue(QJsonValue::Null);

    QJsonObject toJson() const;
    static Result<WorkerScan, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WorkerScan &, const WorkerScan &) = default;
};

// The spec part of a BuildRequest: {"name": DNS-1123, "baseImage": "...", "apt": [..],
// "conda": [..], "pip": [..]} (the package lists one requirement per string, as the
// spec editor holds them).
struct BuildSpec
{
    QString name;
    QString baseImage;
    QStringList apt;
    QStringList conda;
    QStringList pip;

    friend bool operator==(const BuildSpec &, const BuildSpec &) = default;
};

// POST /builds: {"spec": BuildSpec, "revision": N (> 0), "targetImage": "registry/repo:tag"|null}.
// `revision` is the desktop's revision number of the spec, echoed in the job; the
// worker stores the spec under that name in its own catalogue (a new revision when
// the content differs). A null targetImage lets the worker choose
// (its push registry prefix + name:revision tag).
struct BuildRequest
{
    BuildSpec spec;
    qint64 revision = 0;
    QString targetImage; // empty: null

    QJsonObject toJson() const;
    static Result<BuildRequest, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const BuildRequest &, const BuildRequest &) = default;
};

// A build job on a worker: {"id","specName","revision","status": "queued|running|
// succeeded|failed|cancelled|interrupted","targetImage": string|null,"error": string|null,
// "createdAt","updatedAt": ISO 8601 UTC with milliseconds,"finishedAt": ...|null}.
struct WorkerJob
{
    QString id;
    QString specName;
    qint64 revision = 0;
    JobStatus status = JobStatus::Queued;
    QString targetImage;  // empty: null
    QString error;        // empty: null
    QDateTime createdAt;  // UTC
    QDateTime updatedAt;  // UTC
    QDateTime finishedAt; // invalid: null

    bool isFinished() const { return isFinal(status); }

    QJsonObject toJson() const;
    static Result<WorkerJob, WorkerApiError> fromJson(const QJsonValue &json);

    friend bool operator==(const WorkerJob &, const WorkerJob &) = default;
};
QJsonValue workerJobsToJson(const QList<WorkerJob> &jobs);
// Error fields are prefixed with the index: "[2].status".
Result<QList<WorkerJob>, WorkerApiError> workerJobsFromJson(const QJsonValue &json);

// GET /jobs/{id}/log?tail=N: the default and the largest N.
inline constexpr int MaxJobLogTail = 2000;

} // namespace Kiln
