#include "workerclient.h"

#include "store/workerrepository.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPromise>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

QString workerReasonPhrase(int status, const QString &fromServer)
{
    if (!fromServer.isEmpty())
        return fromServer;
    static const QHash<int, QString> phrases{
        {400, u"Bad Request"_s},
        {401, u"Unauthorized"_s},
        {403, u"Forbidden"_s},
        {404, u"Not Found"_s},
        {409, u"Conflict"_s},
        {413, u"Payload Too Large"_s},
        {416, u"Range Not Satisfiable"_s},
        {500, u"Internal Server Error"_s},
        {502, u"Bad Gateway"_s},
        {503, u"Service Unavailable"_s},
        {504, u"Gateway Timeout"_s},
    };
    return phrases.value(status);
}

bool workerRetryable(QNetworkReply::NetworkError error, int status)
{
    if (status >= 400)
        return status >= 500 && status != 501;
    // OperationCanceledError is the transfer timeout (a cancel never gets here).
    static const QList<QNetworkReply::NetworkError> transient{
        QNetworkReply::ConnectionRefusedError,      QNetworkReply::RemoteHostClosedError,
        QNetworkReply::HostNotFoundError,           QNetworkReply::TimeoutError,
        QNetworkReply::OperationCanceledError,      QNetworkReply::TemporaryNetworkFailureError,
        QNetworkReply::NetworkSessionFailedError,   QNetworkReply::UnknownNetworkError,
        QNetworkReply::ProxyConnectionRefusedError, QNetworkReply::ProxyConnectionClosedError,
        QNetworkReply::ProxyTimeoutError,
    };
    return transient.contains(error);
}

WorkerError::Code workerErrorCodeOf(int status)
{
    if (status == 401)
        return WorkerError::Code::Unauthorized;
    if (status == 403)
        return WorkerError::Code::Forbidden;
    if (status == 404)
        return WorkerError::Code::NotFound;
    if (status >= 500)
        return WorkerError::Code::Server;
    return WorkerError::Code::Rejected;
}

} // namespace

WorkerError describeWorkerFailure(const WorkerFailure &f)
{
    const QString what = QString::fromLatin1(f.method) + u' ' + f.path;
    const auto error = [&](WorkerError::Code code, const QString &message, const QString &apiCode = {}) {
        return WorkerError{code, message, f.status, apiCode};
    };
    if (f.cancelled)
        return error(WorkerError::Code::Cancelled,
                     WorkerClient::tr("%1: %2 was cancelled").arg(f.worker, what));
    if (f.parseError) {
        return error(WorkerError::Code::Protocol,
                     WorkerClient::tr("%1 answered %2 with JSON that cannot be read: %3 at offset %4")
                         .arg(f.worker, what, f.parseError->errorString())
                         .arg(f.parseError->offset));
    }
    if (!f.shapeError.isEmpty() && f.status < 400) {
        return error(
            WorkerError::Code::Protocol,
            WorkerClient::tr("%1 answered %2 with an unexpected body: %3").arg(f.worker, what, f.shapeError));
    }
    if (f.status >= 400) {
        QString message =
            WorkerClient::tr("%1 answered %2 %3 for %4")
                .arg(f.worker, QString::number(f.status), workerReasonPhrase(f.status, f.reason), what)
                .simplified();
        // The envelope's error, when the body is one.
        QString apiCode;
        const QJsonDocument doc = QJsonDocument::fromJson(f.body);
        const QJsonObject envelopeError = doc.object().value(u"error"_s).toObject();
        apiCode = envelopeError.value(u"code"_s).toString();
        const QString detail = envelopeError.value(u"message"_s).toString().left(300).simplified();
        if (!detail.isEmpty())
            message += u": "_s + detail;
        if (!apiCode.isEmpty())
            message += u" ("_s + apiCode + u')';
        return error(workerErrorCodeOf(f.status), message, apiCode);
    }
    switch (f.error) {
    case QNetworkReply::ConnectionRefusedError:
        return error(WorkerError::Code::Network,
                     WorkerClient::tr("cannot connect to %1: connection refused").arg(f.worker));
    case QNetworkReply::HostNotFoundError:
        return error(WorkerError::Code::Network,
                     WorkerClient::tr("cannot connect to %1: the host name is not known").arg(f.worker));
    case QNetworkReply::RemoteHostClosedError:
        return error(WorkerError::Code::Network,
                     WorkerClient::tr("%1 closed the connection before answering %2").arg(f.worker, what));
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return error(WorkerError::Code::Timeout, WorkerClient::tr("%1 did not answer %2 within %3 s")
                                                     .arg(f.worker, what)
                                                     .arg(QString::number(f.timeoutMs / 1000.0, 'g', 3)));
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        if (f.error == QNetworkReply::SslHandshakeFailedError || f.errorString.contains(u"SSL"_s) ||
            f.errorString.contains(u"TLS"_s))
            return error(WorkerError::Code::Tls,
                         WorkerClient::tr("TLS handshake with %1 failed: %2").arg(f.worker, f.errorString));
        break;
    case QNetworkReply::NoError:
        if (!f.shapeError.isEmpty())
            return error(WorkerError::Code::Protocol,
                         WorkerClient::tr("%1 answered %2 with an unexpected body: %3")
                             .arg(f.worker, what, f.shapeError));
        return error(WorkerError::Code::Protocol,
                     WorkerClient::tr("%1 answered %2 with status %3, which the worker API does not use")
                         .arg(f.worker, what)
                         .arg(f.status));
    default:
        break;
    }
    return error(WorkerError::Code::Network,
                 WorkerClient::tr("%1 could not be reached for %2: %3").arg(f.worker, what, f.errorString));
}

WorkerError cancelledError(const WorkerEndpoint &endpoint, const QByteArray &method, const QString &path)
{
    WorkerFailure failure;
    failure.worker = endpoint.label();
    failure.method = method;
    failure.path = path;
    failure.cancelled = true;
    return describeWorkerFailure(failure);
}

QString WorkerEndpoint::label() const
{
    if (!name.isEmpty())
        return name;
    return baseUrl.port() > 0 ? u"%1:%2"_s.arg(baseUrl.host()).arg(baseUrl.port()) : baseUrl.host();
}

WorkerEndpoint endpointFor(const Worker &worker, const QByteArray &token)
{
    return WorkerEndpoint{worker.name, QUrl(worker.url), token, worker.customCaFile};
}

bool WorkerRequest::idempotent() const
{
    return method == "GET" || method == "PUT" || method == "DELETE" || method == "HEAD";
}

struct WorkerClient::Transfer
{
    WorkerEndpoint endpoint;
    WorkerRequest request;
    QUrl url;
    QString path; // without the query, for messages
    int timeoutMs = 0;
    std::optional<QSslConfiguration> ssl;
    int attempt = 0;
    QNetworkReply *reply = nullptr;
    QElapsedTimer clock;
    bool done = false;
    std::shared_ptr<QPromise<Result<WorkerReply, WorkerError>>> promise;
    QFutureWatcher<Result<WorkerReply, WorkerError>> *watcher = nullptr;
};

WorkerClient::WorkerClient(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setAutoDeleteReplies(false);
}

WorkerClient::~WorkerClient()
{
    cancelAll();
}

void WorkerClient::setRetryPolicy(int attempts, int baseDelayMs)
{
    m_attempts = qMax(1, attempts);
    m_baseDelayMs = qMax(0, baseDelayMs);
}

QFuture<Result<WorkerReply, WorkerError>> WorkerClient::send(const WorkerEndpoint &endpoint,
                                                             const WorkerRequest &request)
{
    auto transfer = std::make_shared<Transfer>();
    transfer->endpoint = endpoint;
    transfer->request = request;
    transfer->timeoutMs = request.timeoutMs > 0 ? request.timeoutMs : m_timeoutMs;
    QUrl url = endpoint.baseUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    const qsizetype query = request.path.indexOf(u'?');
    transfer->path = query < 0 ? request.path : request.path.left(query);
    url.setPath(basePath + transfer->path, QUrl::StrictMode);
    if (query >= 0)
        url.setQuery(request.path.mid(query + 1), QUrl::StrictMode);
    transfer->url = url;
    transfer->promise = std::make_shared<QPromise<Result<WorkerReply, WorkerError>>>();
    transfer->promise->start();
    QFuture<Result<WorkerReply, WorkerError>> future = transfer->promise->future();
    // A caller that cancels the future aborts the request.
    transfer->watcher = new QFutureWatcher<Result<WorkerReply, WorkerError>>(this);
    std::weak_ptr<Transfer> weak = transfer;
    connect(transfer->watcher, &QFutureWatcher<Result<WorkerReply, WorkerError>>::canceled, this,
            [this, weak] {
                if (auto t = weak.lock())
                    complete(t, cancelledError(t->endpoint, t->request.method, t->path));
            });
    transfer->watcher->setFuture(future);
    m_active.append(transfer);
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
        complete(transfer,
                 WorkerError{WorkerError::Code::Protocol,
                             tr("%1: %2 is not an http(s) URL").arg(endpoint.label(), url.toDisplayString()),
                             0,
                             {}});
        return future;
    }
    start(transfer);
    return future;
}

std::optional<QSslConfiguration> WorkerClient::sslFor(const WorkerEndpoint &endpoint,
                                                      WorkerError *error) const
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!endpoint.caFile.isEmpty()) {
        const auto certificates = QSslCertificate::fromPath(endpoint.caFile, QSsl::Pem);
        if (certificates.isEmpty()) {
            *error = WorkerError{WorkerError::Code::Tls,
                                 tr("the CA file %1 of %2 holds no readable PEM certificate")
                                     .arg(endpoint.caFile, endpoint.label()),
                                 0,
                                 {}};
            return std::nullopt;
        }
        ssl.addCaCertificates(certificates);
    }
    return ssl;
}

void WorkerClient::start(const std::shared_ptr<Transfer> &transfer)
{
    if (transfer->done)
        return;
    if (transfer->url.scheme() == u"https"_s && !transfer->ssl) {
        WorkerError error;
        transfer->ssl = sslFor(transfer->endpoint, &error);
        if (!transfer->ssl) {
            complete(transfer, error);
            return;
        }
    }
    QNetworkRequest request(transfer->url);
    request.setTransferTimeout(transfer->timeoutMs);
    request.setRawHeader("Accept", transfer->request.plainText ? "text/plain" : "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Kiln"_s);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!transfer->endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + transfer->endpoint.token);
    if (transfer->ssl)
        request.setSslConfiguration(*transfer->ssl);
    if (!transfer->request.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    ++transfer->attempt;
    transfer->clock.start();
    const QByteArray &method = transfer->request.method;
    QNetworkReply *reply = nullptr;
    if (method == "GET")
        reply = m_manager->get(request);
    else if (method == "DELETE" && transfer->request.body.isEmpty())
        reply = m_manager->deleteResource(request);
    else
        reply = m_manager->sendCustomRequest(request, method, transfer->request.body);
    transfer->reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, transfer] { finished(transfer); });
}

void WorkerClient::finished(const std::shared_ptr<Transfer> &transfer)
{
    QNetworkReply *reply = transfer->reply;
    if (!reply || transfer->done)
        return;
    transfer->reply = nullptr;
    reply->deleteLater();
    const qint64 latency = transfer->clock.elapsed();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    WorkerFailure failure{transfer->endpoint.label(),
                          transfer->request.method,
                          transfer->path,
                          error,
                          status,
                          reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                          reply->errorString(),
                          body,
                          transfer->timeoutMs,
                          std::nullopt,
                          {}};
    if (status >= 200 && status < 300) {
        WorkerReply answer;
        answer.status = status;
        answer.rawBody = body;
        answer.location = reply->rawHeader("Location");
        answer.latencyMs = latency;
        if (!body.isEmpty() && !transfer->request.plainText) {
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
            if (parseError.error != QJsonParseError::NoError) {
                failure.parseError = parseError;
                complete(transfer, describeWorkerFailure(failure));
                return;
            }
            const QJsonObject envelope = doc.object();
            if (!doc.isObject() || !envelope.value(u"success"_s).isBool()) {
                failure.shapeError = tr("not the worker API's envelope ({\"success\": ..., \"data\": ...})");
                complete(transfer, describeWorkerFailure(failure));
                return;
            }
            if (!envelope.value(u"success"_s).toBool()) {
                failure.status = 500; // a failure envelope with a success status: say what it says
                WorkerError e = describeWorkerFailure(failure);
                e.httpStatus = status;
                complete(transfer, e);
                return;
            }
            answer.data = envelope.value(u"data"_s);
        }
        complete(transfer, std::move(answer));
        return;
    }
    if (error == QNetworkReply::OperationCanceledError && transfer->done)
        return;
    if (transfer->request.idempotent() && workerRetryable(error, status) && transfer->attempt < m_attempts) {
        const double jitter = 1.0 + QRandomGenerator::global()->bounded(0.25);
        const int delay = int(m_baseDelayMs * double(1 << qMin(transfer->attempt - 1, 16)) * jitter);
        QTimer::singleShot(delay, this, [this, transfer] { start(transfer); });
        return;
    }
    complete(transfer, describeWorkerFailure(failure));
}

void WorkerClient::complete(const std::shared_ptr<Transfer> &transfer,
                            Result<WorkerReply, WorkerError> result)
{
    if (transfer->done)
        return;
    transfer->done = true;
    m_active.removeOne(transfer);
    if (QNetworkReply *reply = transfer->reply) {
        transfer->reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (transfer->watcher) {
        transfer->watcher->disconnect(this);
        transfer->watcher->deleteLater();
        transfer->watcher = nullptr;
    }
    // The manager keeps connections by host and port, not by TLS settings: after a
    // failed handshake, a retry with another CA file must not reuse that connection.
    if (!result.ok() && result.error().code == WorkerError::Code::Tls)
        m_manager->clearConnectionCache();
    if (!transfer->promise->isCanceled())
        transfer->promise->addResult(std::move(result));
    transfer->promise->finish();
}

void WorkerClient::cancelAll()
{
    cancelDownloads();
    cancelFollows();
    const auto active = m_active;
    for (const auto &transfer : active)
        complete(transfer, cancelledError(transfer->endpoint, transfer->request.method, transfer->path));
}

WorkerRequest WorkerClient::healthRequest()
{
    return WorkerRequest{"GET", WorkerApi::healthPath(), {}, 0};
}

WorkerRequest WorkerClient::infoRequest()
{
    return WorkerRequest{"GET", WorkerApi::infoPath(), {}, 0};
}

WorkerRequest WorkerClient::listImagesRequest()
{
    return WorkerRequest{"GET", WorkerApi::imagesPath(), {}, 0};
}

WorkerRequest WorkerClient::imageRequest(const QString &name)
{
    return WorkerRequest{"GET", WorkerApi::imagePath(name), {}, 0};
}

WorkerRequest WorkerClient::warmRequest(const QString &name, const WarmRequest &request)
{
    return WorkerRequest{"PUT", WorkerApi::imagePath(name),
                         QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact), 0};
}

WorkerRequest WorkerClient::evictRequest(const QString &name)
{
    return WorkerRequest{"DELETE", WorkerApi::imagePath(name), {}, 0};
}

WorkerRequest WorkerClient::contentInfoRequest(const QString &name)
{
    return WorkerRequest{"GET", WorkerApi::contentInfoPath(name), {}, 0};
}

QFuture<Result<WorkerHealth, WorkerError>> WorkerClient::health(const WorkerEndpoint &endpoint)
{
    return call<WorkerHealth>(endpoint, healthRequest(), &WorkerHealth::fromJson);
}

QFuture<Result<WorkerInfo, WorkerError>> WorkerClient::info(const WorkerEndpoint &endpoint)
{
    return call<WorkerInfo>(endpoint, infoRequest(), &WorkerInfo::fromJson);
}

QFuture<Result<QList<CachedImage>, WorkerError>> WorkerClient::listImages(const WorkerEndpoint &endpoint)
{
    return call<QList<CachedImage>>(endpoint, listImagesRequest(), &cachedImagesFromJson);
}

QFuture<Result<CachedImage, WorkerError>> WorkerClient::image(const WorkerEndpoint &endpoint,
                                                              const QString &name)
{
    return call<CachedImage>(endpoint, imageRequest(name), &CachedImage::fromJson);
}

QFuture<Result<CachedImage, WorkerError>> WorkerClient::warm(const WorkerEndpoint &endpoint,
                                                             const QString &name, const WarmRequest &request)
{
    return call<CachedImage>(endpoint, warmRequest(name, request), &CachedImage::fromJson);
}

QFuture<Result<CachedImage, WorkerError>> WorkerClient::evict(const WorkerEndpoint &endpoint,
                                                              const QString &name)
{
    return call<CachedImage>(endpoint, evictRequest(name), &CachedImage::fromJson);
}

QFuture<Result<WorkerContentInfo, WorkerError>> WorkerClient::contentInfo(const WorkerEndpoint &endpoint,
                                                                          const QString &name)
{
    return call<WorkerContentInfo>(endpoint, contentInfoRequest(name), &WorkerContentInfo::fromJson);
}

WorkerRequest WorkerClient::runBuildRequest(const BuildRequest &request)
{
    return WorkerRequest{"POST", WorkerApi::buildsPath(),
                         QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact), 0};
}

WorkerRequest WorkerClient::jobsRequest()
{
    return WorkerRequest{"GET", WorkerApi::jobsPath(), {}, 0};
}

WorkerRequest WorkerClient::jobRequest(const QString &id)
{
    return WorkerRequest{"GET", WorkerApi::jobPath(QString::fromLatin1(QUrl::toPercentEncoding(id))), {}, 0};
}

WorkerRequest WorkerClient::cancelJobRequest(const QString &id)
{
    return WorkerRequest{
        "POST", WorkerApi::jobCancelPath(QString::fromLatin1(QUrl::toPercentEncoding(id))), {}, 0};
}

QFuture<Result<WorkerJob, WorkerError>> WorkerClient::runBuild(const WorkerEndpoint &endpoint,
                                                               const BuildRequest &request)
{
    return call<WorkerJob>(endpoint, runBuildRequest(request), &WorkerJob::fromJson);
}

QFuture<Result<QList<WorkerJob>, WorkerError>> WorkerClient::jobs(const WorkerEndpoint &endpoint)
{
    return call<QList<WorkerJob>>(endpoint, jobsRequest(), &workerJobsFromJson);
}

QFuture<Result<WorkerJob, WorkerError>> WorkerClient::job(const WorkerEndpoint &endpoint, const QString &id)
{
    return call<WorkerJob>(endpoint, jobRequest(id), &WorkerJob::fromJson);
}

QFuture<Result<WorkerJob, WorkerError>> WorkerClient::cancelJob(const WorkerEndpoint &endpoint,
                                                                const QString &id)
{
    return call<WorkerJob>(endpoint, cancelJobRequest(id), &WorkerJob::fromJson);
}

} // namespace Kiln
