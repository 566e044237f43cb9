#include "workerserver.h"

#include "bake/bakeservice.h"
#include "domain/names.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/workertokenrepository.h"
#include "workerreply.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QStorageInfo>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

using Method = QHttpServerRequest::Method;

enum class Endpoint
{
    Health,
    Info,
    Images,
    Image,
    Content,
    ContentInfo,
    Scan,    // images/{name}/scan
    Uploads, // images/{name}/content/uploads
    Upload,  // uploads/{uuid}
    Builds,
    Jobs,
    Job,       // jobs/{id}
    JobCancel, // jobs/{id}/cancel
    JobLog,    // jobs/{id}/log
};

struct Match
{
    Endpoint endpoint;
    QString name; // the image (or upload, job), where the path has one
};

// The endpoint a path names, whatever the method.
std::optional<Match> matchPath(const QString &path)
{
    const QString prefix = WorkerApi::prefix() + u'/';
    if (!path.startsWith(prefix))
        return std::nullopt;
    const QStringList parts = path.mid(prefix.size()).split(u'/');
    if (parts.contains(QString()))
        return std::nullopt;
    if (parts == QStringList{u"health"_s})
        return Match{Endpoint::Health, {}};
    if (parts == QStringList{u"info"_s})
        return Match{Endpoint::Info, {}};
    if (parts.size() == 2 && parts[0] == u"uploads")
        return Match{Endpoint::Upload, parts[1]};
    if (parts == QStringList{u"builds"_s})
        return Match{Endpoint::Builds, {}};
    if (parts.first() == u"jobs") {
        if (parts.size() == 1)
            return Match{Endpoint::Jobs, {}};
        if (parts.size() == 2)
            return Match{Endpoint::Job, parts[1]};
        if (parts.size() == 3 && parts[2] == u"cancel")
            return Match{Endpoint::JobCancel, parts[1]};
        if (parts.size() == 3 && parts[2] == u"log")
            return Match{Endpoint::JobLog, parts[1]};
        return std::nullopt;
    }
    if (parts.first() != u"images")
        return std::nullopt;
    if (parts.size() == 1)
        return Match{Endpoint::Images, {}};
    if (parts.size() == 2)
        return Match{Endpoint::Image, parts[1]};
    if (parts.size() == 3 && parts[2] == u"scan")
        return Match{Endpoint::Scan, parts[1]};
    if (parts.size() == 3 && parts[2] == u"content")
        return Match{Endpoint::Content, parts[1]};
    if (parts.size() == 4 && parts[2] == u"content" && parts[3] == u"info")
        return Match{Endpoint::ContentInfo, parts[1]};
    if (parts.size() == 4 && parts[2] == u"content" && parts[3] == u"uploads")
        return Match{Endpoint::Uploads, parts[1]};
    return std::nullopt;
}

// Whether a method of an endpoint is allowed, and the scope it needs (health needs
// no token at all).
struct Access
{
    bool allowed = false;
    bool needsToken = true;
    WorkerScope scope = WorkerScope::ImagesRead;
};

Access access(Endpoint endpoint, Method method)
{
    switch (endpoint) {
    case Endpoint::Health:
        return {method == Method::Get, false, WorkerScope::ImagesRead};
    case Endpoint::Info:
    case Endpoint::Images:
    case Endpoint::Content:
    case Endpoint::ContentInfo:
        return {method == Method::Get, true, WorkerScope::ImagesRead};
    case Endpoint::Image:
        if (method == Method::Get)
            return {true, true, WorkerScope::ImagesRead};
        return {method == Method::Put || method == Method::Delete, true, WorkerScope::ImagesManage};
    case Endpoint::Scan:
        if (method == Method::Get)
            return {true, true, WorkerScope::ImagesRead};
        return {method == Method::Post, true, WorkerScope::ImagesManage};
    case Endpoint::Uploads:
        return {method == Method::Post, true, WorkerScope::ImagesManage};
    case Endpoint::Upload:
        return {method == Method::Patch || method == Method::Put, true, WorkerScope::ImagesManage};
    case Endpoint::Builds:
    case Endpoint::JobCancel:
        return {method == Method::Post, true, WorkerScope::BuildsRun};
    case Endpoint::Jobs:
    case Endpoint::Job:
    case Endpoint::JobLog:
        return {method == Method::Get, true, WorkerScope::BuildsRun};
    }
    return {};
}

QByteArray allowedMethods(Endpoint endpoint)
{
    switch (endpoint) {
    case Endpoint::Image:
        return "GET, PUT, DELETE";
    case Endpoint::Scan:
        return "GET, POST";
    case Endpoint::Uploads:
    case Endpoint::Builds:
    case Endpoint::JobCancel:
        return "POST";
    case Endpoint::Upload:
        return "PATCH, PUT";
    default:
        return "GET";
    }
}

qint64 headSize(const QHttpServerRequest &request)
{
    qint64 size = request.url().toEncoded().size() + 16; // request line
    const WorkerReply::Headers headers = requestHeaders(request);
    for (const auto &[key, value] : headers)
        size += key.size() + value.size() + 4;
    return size;
}

Result<QSslKey, QString> readKey(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"Could not read the key file %1: %2"_s.arg(path, file.errorString());
    const QByteArray pem = file.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return u"The key file %1 holds no unencrypted PEM private key (RSA, EC or DSA)."_s.arg(path);
}

} // namespace

CachedImage cachedImageFromBakeImage(const BakeImage &image)
{
    CachedImage cached;
    cached.name = image.name;
    cached.status = cachedImageStatusFromBakeState(image.state);
    if (cached.status == CachedImageStatus::Failed)
        cached.error = image.error.isEmpty() ? u"The bake was cancelled."_s : image.error;
    cached.updatedAt = QDateTime::fromMSecsSinceEpoch(image.updatedAt, Qt::UTC);
    if (image.source.kind == BakeSourceKind::Oci) {
        const qsizetype at = image.source.ref.lastIndexOf(u"@sha256:"_s);
        if (at >= 0)
            cached.digest = image.source.ref.mid(at + 1);
    }
    if (image.state == BakeState::Baked && image.content) {
        cached.content = CachedImageContent{image.content->size, image.content->sha256, image.content->sha1,
                                            image.content->mtime};
    }
    return cached;
}

Result<std::optional<ContentRange>, WorkerApiError> parseRangeHeader(QByteArrayView header, qint64 size)
{
    const QByteArray text = header.toByteArray().trimmed();
    if (text.isEmpty())
        return std::optional<ContentRange>();
    // Another unit or several ranges: ignored (RFC 9110 allows it), the whole file is sent.
    if (!text.startsWith("bytes=") || text.contains(','))
        return std::optional<ContentRange>();
    const QByteArray spec = text.mid(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return std::optional<ContentRange>();
    const QByteArray firstText = spec.left(dash).trimmed();
    const QByteArray lastText = spec.mid(dash + 1).trimmed();
    const WorkerApiError unsatisfiable{WorkerApiErrorCode::RangeNotSatisfiable,
                                       u"The range %1 is outside the content (%2 bytes)."_s.arg(
                                           QString::fromLatin1(text), QString::number(size)),
                                       u"Range"_s};
    bool ok = false;
    if (firstText.isEmpty()) { // suffix: the last N bytes
        const qint64 suffix = lastText.toLongLong(&ok);
        if (!ok || suffix < 0)
            return std::optional<ContentRange>();
        if (suffix == 0 || size == 0)
            return unsatisfiable;
        return std::optional<ContentRange>(ContentRange{qMax<qint64>(0, size - suffix), size - 1});
    }
    const qint64 first = firstText.toLongLong(&ok);
    if (!ok || first < 0)
        return std::optional<ContentRange>();
    qint64 last = size - 1;
    if (!lastText.isEmpty()) {
        last = lastText.toLongLong(&ok);
        if (!ok || last < first)
            return std::optional<ContentRange>();
        last = qMin(last, size - 1);
    }
    if (first >= size)
        return unsatisfiable;
    return std::optional<ContentRange>(ContentRange{first, last});
}

WorkerServer::WorkerServer(const Catalogue &catalogue, BakeService &bakes, BakeDirectories directories,
                           QObject *parent)
    : QAbstractHttpServer(parent)
    , m_catalogue(catalogue)
    , m_bakes(bakes)
    , m_directories(std::move(directories))
{}

WorkerServer::~WorkerServer()
{
    // Followed logs end (and with them, on QtHttpServer 6.8, the responders they
    // hold) before the connections go with the server's other children.
    finishStreams();
    const QList<WorkerStream *> streams = findChildren<WorkerStream *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(streams);
}

bool WorkerServer::hasUnsentData() const
{
    const QList<QTcpSocket *> sockets = findChildren<QTcpSocket *>();
    return std::any_of(sockets.begin(), sockets.end(), [](const QTcpSocket *socket) {
        return socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() > 0;
    });
}

Result<quint16, QString> WorkerServer::start(const WorkerServerOptions &options)
{
    m_options = options;
    QTcpServer *server = nullptr;
    if (options.certificateFile.isEmpty() != options.keyFile.isEmpty())
        return u"Give both a certificate (--cert) and its key (--key)."_s;
    if (!options.certificateFile.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(options.certificateFile, QSsl::Pem);
        if (chain.isEmpty())
            return u"The certificate file %1 holds no PEM certificate."_s.arg(options.certificateFile);
        auto key = readKey(options.keyFile);
        if (!key)
            return key.error();
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificateChain(chain);
        configuration.setPrivateKey(key.value());
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with tokens
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(configuration);
        server = ssl;
    } else if (options.insecureHttp) {
        server = new QTcpServer(this);
    } else {
        return u"kiln-worker serves HTTPS only: give --cert and --key (plain HTTP needs --insecure-http, for "
               "tests on loopback)."_s;
    }
    if (!server->listen(options.address, options.port)) {
        const QString why = server->errorString();
        delete server;
        return u"Could not listen on %1 port %2: %3"_s.arg(options.address.toString())
            .arg(options.port)
            .arg(why);
    }
    QDir().mkpath(m_directories.content);
    bind(server);
    return server->serverPort();
}

void WorkerServer::close()
{
    const QList<QTcpServer *> listeners = servers();
    for (QTcpServer *server : listeners)
        server->close();
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool WorkerServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    WorkerReply reply(responder, socket);
    dispatch(request, reply);
    return true;
}

void WorkerServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    WorkerReply reply(responder, socket);
    reply.error(WorkerApiErrorCode::NotFound, u"There is no such resource."_s);
}
#else
bool WorkerServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    WorkerReply reply(responder);
    dispatch(request, reply);
    return true;
}

void WorkerServer::missingHandler(const QHttpServerRequest &, QHttpServerResponder &responder)
{
    WorkerReply reply(responder);
    reply.error(WorkerApiErrorCode::NotFound, u"There is no such resource."_s);
}
#endif

void WorkerServer::dispatch(const QHttpServerRequest &request, WorkerReply &reply)
{
    if (headSize(request) > WorkerApi::MaxHeadBytes) {
        reply.error(WorkerApiErrorCode::TooLarge,
                    u"The request line and headers are bigger than %1 bytes."_s.arg(WorkerApi::MaxHeadBytes));
        return;
    }
    const QString path = request.url().path();
    const std::optional<Match> match = matchPath(path);
    if (!match) {
        reply.error(WorkerApiErrorCode::NotFound, u"There is no resource at %1."_s.arg(path));
        return;
    }
    const Access rule = access(match->endpoint, request.method());
    if (!rule.allowed) {
        reply.error(WorkerApiErrorCode::MethodNotAllowed,
                    u"%1 does not take this method (allowed: %2)."_s.arg(
                        path, QString::fromLatin1(allowedMethods(match->endpoint))),
                    {{"Allow", allowedMethods(match->endpoint)}});
        return;
    }
    if (rule.needsToken) {
        const WorkerReply::Headers challenge{{"WWW-Authenticate", "Bearer realm=\"kiln-worker\""}};
        if (!hasRequestHeader(request, "authorization")) {
            reply.error(WorkerApiErrorCode::Unauthorized,
                        u"This request needs a token: send \"Authorization: Bearer kw_...\"."_s, challenge);
            return;
        }
        const std::optional<QByteArray> bearer = bearerToken(requestHeader(request, "authorization"));
        if (!bearer) {
            reply.error(WorkerApiErrorCode::Unauthorized,
                        u"The Authorization header is not \"Bearer <token>\"."_s, challenge);
            return;
        }
        auto token = WorkerTokenRepository(m_catalogue).verify(*bearer);
        if (!token) {
            if (token.error().reason == WorkerTokenRefusal::Reason::Store)
                reply.error(WorkerApiErrorCode::Unavailable,
                            u"The worker could not check the token: "_s + token.error().message);
            else
                reply.error(WorkerApiErrorCode::Unauthorized, token.error().message, challenge);
            return;
        }
        if (!workerScopesGrant(token.value().scopes, rule.scope)) {
            reply.error(
                WorkerApiErrorCode::Forbidden,
                u"The token lacks the scope %1 (it has: %2)."_s.arg(
                    workerScopeName(rule.scope), workerScopeNames(token.value().scopes).join(u", "_s)));
            return;
        }
    }
    const qint64 maxBody =
        match->endpoint == Endpoint::Upload ? WorkerApi::MaxUploadChunkBytes : WorkerApi::MaxJsonBodyBytes;
    if (request.body().size() > maxBody) {
        reply.error(WorkerApiErrorCode::TooLarge, u"The body is bigger than %1 bytes."_s.arg(maxBody));
        return;
    }

    switch (match->endpoint) {
    case Endpoint::Health:
        return health(reply);
    case Endpoint::Info:
        return info(reply);
    case Endpoint::Images:
        return listImages(reply);
    case Endpoint::Image:
        if (request.method() == Method::Put)
            return warm(request, reply, match->name);
        if (request.method() == Method::Delete)
            return evict(reply, match->name);
        return getImage(reply, match->name);
    case Endpoint::Content:
        return content(request, reply, match->name);
    case Endpoint::ContentInfo:
        return contentInfo(reply, match->name);
    case Endpoint::Scan:
        return scan(reply, match->name, request.method() == Method::Post);
    case Endpoint::Uploads:
        return startUpload(reply, match->name);
    case Endpoint::Upload:
        if (request.method() == Method::Patch)
            return patchUpload(request, reply, match->name);
        return finishUpload(request, reply, match->name);
    case Endpoint::Builds:
        return runBuild(request, reply);
    case Endpoint::Jobs:
        return listJobs(reply);
    case Endpoint::Job:
        return getJob(reply, match->name);
    case Endpoint::JobCancel:
        return cancelJob(reply, match->name);
    case Endpoint::JobLog:
        return jobLog(request, reply, match->name);
    }
}

void WorkerServer::health(WorkerReply &reply)
{
    reply.data(WorkerHealth{u"ok"_s, WorkerApi::version()}.toJson());
}

void WorkerServer::info(WorkerReply &reply)
{
    WorkerInfo info;
    info.version = WorkerApi::version();
    info.engines = m_engines;
    info.diskFreeBytes = qMax<qint64>(0, QStorageInfo(m_directories.content).bytesAvailable());
    auto baking = BakeImageRepository(m_catalogue).listBaking();
    if (!baking) {
        reply.error(workerErrorFromStore(baking.error()));
        return;
    }
    auto building = JobRepository(m_catalogue).listByStatus(JobStatus::Running);
    if (!building) {
        reply.error(workerErrorFromStore(building.error()));
        return;
    }
    // Bakes and builds running now.
    info.runningJobs = int(baking.value().size() + building.value().size());
    info.capacity = m_options.capacity;
    reply.data(info.toJson());
}

void WorkerServer::listImages(WorkerReply &reply)
{
    auto images = BakeImageRepository(m_catalogue).list();
    if (!images) {
        reply.error(workerErrorFromStore(images.error()));
        return;
    }
    QList<CachedImage> cached;
    for (const BakeImage &image : images.value())
        cached.append(cachedImageFromBakeImage(image));
    reply.data(cachedImagesToJson(cached));
}

std::optional<BakeImage> WorkerServer::findImage(WorkerReply &reply, const QString &name)
{
    auto image = BakeImageRepository(m_catalogue).getByName(name);
    if (!image) {
        if (image.error().code == StoreError::Code::NotFound)
            reply.error(WorkerApiErrorCode::NotFound, u"This worker has no image named %1."_s.arg(name));
        else
            reply.error(workerErrorFromStore(image.error()));
        return std::nullopt;
    }
    return image.value();
}

void WorkerServer::getImage(WorkerReply &reply, const QString &name)
{
    if (const auto image = findImage(reply, name))
        reply.data(cachedImageFromBakeImage(*image).toJson());
}

} // namespace Kiln
