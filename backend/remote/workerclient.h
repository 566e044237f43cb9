#pragma once

#include "domain/result.h"
#include "workerapi.h"

#include <QByteArray>
#include <QFuture>
#include <QFutureWatcher>
#include <QJsonParseError>
#include <QJsonValue>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPromise>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace Kiln {

struct Worker;

// Why a worker request gave no usable answer. `message` is one readable sentence
// naming the worker, the method and path and why; it never holds the token.
struct WorkerError
{
    enum class Code
    {
        Network,      // no connection, connection lost
        Timeout,      // no answer (no data moving) within the call's timeout
        Tls,          // handshake or certificate failure, unreadable CA file
        Unauthorized, // 401: no or a wrong token
        Forbidden,    // 403: the token lacks the scope
        NotFound,     // 404
        Rejected,     // another 4xx: bad request, conflict, too large, range, digest mismatch
        Server,       // a 5xx
        Protocol,     // not the worker API's envelope: unreadable JSON, a missing field
        Cancelled,    // cancel(), cancelAll() or the client was destroyed
    };
    Code code = Code::Network;
    QString message;
    int httpStatus = 0; // 0: no HTTP answer
    QString apiCode;    // the envelope's error.code ("not_found", ...), empty without one
};

// What one attempt of a request ended with, as WorkerClient saw it: everything
// describeWorkerFailure() needs.
struct WorkerFailure
{
    QString worker;    // the worker's name, else host:port
    QByteArray method; // "GET", "PUT", ...
    QString path;      // "/api/v1/images/cuda", without the query
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QString reason; // the reason phrase the server sent
    QString errorString;
    QByteArray body;
    int timeoutMs = 0;
    // The body was expected to be JSON and is not: the parser's error and offset.
    std::optional<QJsonParseError> parseError;
    // A JSON answer whose shape is wrong ("data.status is missing").
    QString shapeError;
    // Stopped on this side (cancel(), cancelAll(), a cancelled future) before an answer.
    bool cancelled = false;
};

// THE mapping of a failed worker request to readable text and a code: a network
// error or timeout, an HTTP status with the envelope's error code and message, a
// body that is not JSON (with the parser's offset) or that has the wrong shape, a
// cancel.
WorkerError describeWorkerFailure(const WorkerFailure &failure);

struct WorkerEndpoint;
// describeWorkerFailure() of a cancelled request.
WorkerError cancelledError(const WorkerEndpoint &endpoint, const QByteArray &method, const QString &path);

// Where and how to reach a worker.
struct WorkerEndpoint
{
    QString name;     // for messages; empty: host:port
    QUrl baseUrl;     // https://host:port[/prefix]; the API lives under /api/v1
    QByteArray token; // "kw_<id>_<secret>": sent as a Bearer token, never logged; empty: none
    QString caFile;   // PEM bundle trusted besides the system's; empty: the system's only

    QString label() const;
};

// The endpoint of a catalogue worker with `token` (read with workerToken()).
WorkerEndpoint endpointFor(const Worker &worker, const QByteArray &token);

// One request and its parsed answer, for the typed calls and the fan-out.
struct WorkerRequest
{
    QByteArray method = "GET";
    QString path;    // "/api/v1/..." (percent-encoded where needed), may carry a query
    QByteArray body; // JSON, sent as application/json when not empty
    // Per call; 0: the client's timeout.
    int timeoutMs = 0;
    // The answer is not an envelope but plain text (a job log): a 2xx gives its
    // rawBody, unparsed.
    bool plainText = false;
    // GET, PUT and DELETE are retried; POST and PATCH never are.
    bool idempotent() const;
};

struct WorkerReply
{
    int status = 0;
    QJsonValue data;     // the envelope's "data"
    QByteArray rawBody;  // as received
    QByteArray location; // Location header
    qint64 latencyMs = 0;
};

// What a content download did.
struct WorkerDownload
{
    qint64 size = 0;        // bytes in the file at the end
    qint64 resumedFrom = 0; // the size the file had when the download started (0: from scratch)
    int restarts = 0;       // connections that dropped and were resumed
    QByteArray etag;        // the content's ETag ("sha256:<hex>" quoted)
};

// A client of the kiln-worker REST API (docs/worker-api.md). Owns one
// QNetworkAccessManager and lives on the thread that created it; every future
// finishes on that thread. GET, PUT and DELETE are idempotent in the API and are
// tried again with exponential backoff and jitter after a connection error, a
// timeout or a 5xx; POST is never retried. TLS peers are verified against the
// system's CAs plus the endpoint's CA file. A future cancelled by its caller aborts
// its request.
class WorkerClient : public QObject
{
    Q_OBJECT

public:
    explicit WorkerClient(QObject *parent = nullptr);
    ~WorkerClient() override;

    // Per request, without any data moving; default 10000 ms.
    void setTimeout(int ms) { m_timeoutMs = ms; }
    int timeout() const { return m_timeoutMs; }
    // `attempts` tries in all (>= 1); waits base, 2*base, 4*base... (+ up to 25 % jitter).
    void setRetryPolicy(int attempts, int baseDelayMs);
    int attempts() const { return m_attempts; }

    // Runs `request` and reads the envelope: its data on success, a WorkerError
    // otherwise. The typed calls are built on this.
    QFuture<Result<WorkerReply, WorkerError>> send(const WorkerEndpoint &endpoint,
                                                   const WorkerRequest &request);

    // GET /api/v1/images/{name}/content into `filePath`, resumable: a file already
    // there continues from its size with "Range: bytes=N-" (and If-Range: `etag`
    // when given, so that changed content starts over), and a connection that drops
    // continues the same way (a try that made progress does not count as a failed
    // one). A 200 instead of a 206 starts over. `progress` gets (bytes in the file,
    // total or -1) as data arrives.
    QFuture<Result<WorkerDownload, WorkerError>> download(const WorkerEndpoint &endpoint,
                                                          const QString &imageName, const QString &filePath,
                                                          const QByteArray &etag = {},
                                                          std::function<void(qint64, qint64)> progress = {});

    // The typed calls of the API (docs/worker-api.md). warm() is a PUT (idempotent:
    // an image already ready answers at once) and evict() a DELETE; both are retried.
    QFuture<Result<WorkerHealth, WorkerError>> health(const WorkerEndpoint &endpoint);
    QFuture<Result<WorkerInfo, WorkerError>> info(const WorkerEndpoint &endpoint);
    QFuture<Result<QList<CachedImage>, WorkerError>> listImages(const WorkerEndpoint &endpoint);
    QFuture<Result<CachedImage, WorkerError>> image(const WorkerEndpoint &endpoint, const QString &name);
    QFuture<Result<CachedImage, WorkerError>> warm(const WorkerEndpoint &endpoint, const QString &name,
                                                   const WarmRequest &request);
    QFuture<Result<CachedImage, WorkerError>> evict(const WorkerEndpoint &endpoint, const QString &name);
    QFuture<Result<WorkerContentInfo, WorkerError>> contentInfo(const WorkerEndpoint &endpoint,
                                                                const QString &name);

    // Builds and jobs (scope builds:run). runBuild() and cancelJob() are POSTs and
    // never retried; the GETs are.
    QFuture<Result<WorkerJob, WorkerError>> runBuild(const WorkerEndpoint &endpoint,
                                                     const BuildRequest &request);
    // Running jobs and the last finished ones, newest first.
    QFuture<Result<QList<WorkerJob>, WorkerError>> jobs(const WorkerEndpoint &endpoint);
    QFuture<Result<WorkerJob, WorkerError>> job(const WorkerEndpoint &endpoint, const QString &id);
    // A job that has already finished is refused (Rejected, apiCode "conflict").
    QFuture<Result<WorkerJob, WorkerError>> cancelJob(const WorkerEndpoint &endpoint, const QString &id);
    // The last `tail` lines (1..2000) of the job's log.
    QFuture<Result<QString, WorkerError>> jobLog(const WorkerEndpoint &endpoint, const QString &id,
                                                 int tail = MaxJobLogTail);
    // Follows a live log: `lines` gets each complete chunk of new text as it arrives
    // (on the client's thread, with `context` as the receiver: nothing is delivered
    // once it is gone), starting with the last `tail` lines. The future finishes when
    // the stream ends (the job finished) or fails. The client's timeout applies to a
    // stream without any data moving, not to the whole of it. Never retried.
    // Cancelling the future closes the stream.
    QFuture<Result<Done, WorkerError>> followJobLog(const WorkerEndpoint &endpoint, const QString &id,
                                                    int tail, QObject *context,
                                                    std::function<void(const QString &text)> lines);

    // The requests of the typed calls, for a fan-out (WorkerFanOut), and the parsers
    // of their answers' data.
    static WorkerRequest healthRequest();
    static WorkerRequest infoRequest();
    static WorkerRequest listImagesRequest();
    static WorkerRequest imageRequest(const QString &name);
    static WorkerRequest warmRequest(const QString &name, const WarmRequest &request);
    static WorkerRequest evictRequest(const QString &name);
    static WorkerRequest contentInfoRequest(const QString &name);
    static WorkerRequest runBuildRequest(const BuildRequest &request);
    static WorkerRequest jobsRequest();
    static WorkerRequest jobRequest(const QString &id);
    static WorkerRequest cancelJobRequest(const QString &id);
    // A reply's data as T (CachedImage, WorkerInfo, ...), or the Protocol error naming
    // the field. `worker` names it in messages (FanOutResult::workerName).
    template <typename T>
    static Result<T, WorkerError> parseReply(const QString &worker, const WorkerRequest &request,
                                             const Result<WorkerReply, WorkerError> &reply,
                                             Result<T, WorkerApiError> (*parse)(const QJsonValue &))
    {
        if (!reply.ok())
            return reply.error();
        auto parsed = parse(reply.value().data);
        if (parsed.ok())
            return std::move(parsed).value();
        WorkerFailure failure;
        failure.worker = worker;
        failure.method = request.method;
        failure.path = request.path.section(u'?', 0, 0);
        failure.status = reply.value().status;
        failure.shapeError = parsed.error().message;
        return describeWorkerFailure(failure);
    }

    // send(), then `parse` (a fromJson() of the contract) on the envelope's data
    // (parseReply()). Cancelling the returned future aborts the request.
    template <typename T>
    QFuture<Result<T, WorkerError>> call(const WorkerEndpoint &endpoint, const WorkerRequest &request,
                                         Result<T, WorkerApiError> (*parse)(const QJsonValue &))
    {
        auto promise = std::make_shared<QPromise<Result<T, WorkerError>>>();
        promise->start();
        QFuture<Result<T, WorkerError>> future = promise->future();
        QFuture<Result<WorkerReply, WorkerError>> sent = send(endpoint, request);
        // Cancelling the typed future aborts the request.
        auto *watcher = new QFutureWatcher<Result<T, WorkerError>>(this);
        connect(watcher, &QFutureWatcherBase::canceled, this, [sent]() mutable { sent.cancel(); });
        connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
        watcher->setFuture(future);
        sent.then(this,
                  [promise, worker = endpoint.label(), request,
                   parse](const Result<WorkerReply, WorkerError> &reply) {
                      if (!promise->isCanceled())
                          promise->addResult(parseReply(worker, request, reply, parse));
                      promise->finish();
                  })
            .onCanceled(this, [promise] { promise->finish(); });
        return future;
    }

    // Requests under way.
    int activeRequests() const { return int(m_active.size() + m_downloads.size() + m_follows.size()); }
    // Aborts everything under way: those futures finish with Code::Cancelled.
    void cancelAll();

private:
    struct Transfer;
    struct Download;
    struct Follow;
    void followData(const std::shared_ptr<Follow> &follow);
    void followFinished(const std::shared_ptr<Follow> &follow);
    void completeFollow(const std::shared_ptr<Follow> &follow, Result<Done, WorkerError> result);
    void cancelFollows();
    void startDownload(const std::shared_ptr<Download> &download);
    void cancelDownloads();
    void downloadData(const std::shared_ptr<Download> &download, QNetworkReply *reply);
    void downloadFinished(const std::shared_ptr<Download> &download);
    void completeDownload(const std::shared_ptr<Download> &download,
                          Result<WorkerDownload, WorkerError> result);
    std::optional<QSslConfiguration> sslFor(const WorkerEndpoint &endpoint, WorkerError *error) const;
    void start(const std::shared_ptr<Transfer> &transfer);
    void finished(const std::shared_ptr<Transfer> &transfer);
    void complete(const std::shared_ptr<Transfer> &transfer, Result<WorkerReply, WorkerError> result);

    QNetworkAccessManager *m_manager = nullptr;
    int m_timeoutMs = 10000;
    int m_attempts = 3;
    int m_baseDelayMs = 200;
    QList<std::shared_ptr<Transfer>> m_active;
    QList<std::shared_ptr<Download>> m_downloads;
    QList<std::shared_ptr<Follow>> m_follows;
};

} // namespace Kiln
