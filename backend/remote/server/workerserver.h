#pragma once

#include "bake/bakecontent.h"
#include "remote/workerapi.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QStringList>

#include <memory>

// QtHttpServer changed its request API twice: 6.4 hands over the socket, 6.8 a
// responder (6.5 to 6.7 are in between and not supported).
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0) && QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
#error "kiln-worker needs QtHttpServer 6.4 or 6.8 and later"
#endif

namespace Kiln {

class BakeService;
class Catalogue;
class JobLogFollower; // workerjobs.cpp
struct BuildJob;
class WorkerReply;
struct BakeImage;
struct PendingUpload; // workeruploads.cpp

// Where and how kiln-worker listens.
struct WorkerServerOptions
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;          // 0: any free port
    QString certificateFile;   // PEM; with keyFile: HTTPS
    QString keyFile;           // PEM, unencrypted
    bool insecureHttp = false; // plain HTTP; refused unless asked for explicitly
    int capacity = 1;          // reported in /info (the bake concurrency)
};

// The REST API of kiln-worker (docs/worker-api.md) over the worker's own
// catalogue and BakeService: health, info, cached images (list, get, warm, evict),
// content (download with Range, info, chunked uploads), scans, builds and jobs
// (with their logs, followed as a chunked stream). Every answer but
// a content download is the JSON envelope of workerapi.h, errors included
// (unknown routes, 405, 401/403, 413). Lives on the thread that creates it.
//
// Limits: QtHttpServer reads the whole request (head and body) before handing it
// over, so the limits of workerapi.h (head 16 KiB, JSON body 1 MiB, upload chunk
// 16 MiB) are checked after the request was received: an oversized request gets
// 413 in the envelope, but its bytes were buffered first. Finishing an upload
// runs uploadContent() (copy and e2fsck, or a bake of a tar) on this thread.
class WorkerServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    // `bakes` runs the warms; it must outlive the server.
    WorkerServer(const Catalogue &catalogue, BakeService &bakes, BakeDirectories directories,
                 QObject *parent = nullptr);
    ~WorkerServer() override;

    // Loads the certificate (unless insecureHttp) and listens. Returns the port,
    // or an error sentence (no certificate and no insecureHttp, unreadable files,
    // address in use).
    Result<quint16, QString> start(const WorkerServerOptions &options);
    // Stops accepting connections (requests in flight still get their answer).
    void close();

    // The engines /info reports (from BakeService::enginesDetected).
    void setEngines(const QStringList &engines) { m_engines = engines; }

    // Ends every followed job log: what the log holds now is sent, then the end of
    // the stream (the worker is stopping; call after BakeService::stop() so that the
    // jobs read as interrupted). hasUnsentData() tells when it all left.
    void finishStreams();
    bool hasUnsentData() const;

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#endif

private:
    void dispatch(const QHttpServerRequest &request, WorkerReply &reply);
    void health(WorkerReply &reply);
    void info(WorkerReply &reply);
    void listImages(WorkerReply &reply);
    void getImage(WorkerReply &reply, const QString &name);
    void warm(const QHttpServerRequest &request, WorkerReply &reply, const QString &name);
    void evict(WorkerReply &reply, const QString &name);
    void content(const QHttpServerRequest &request, WorkerReply &reply, const QString &name);
    void contentInfo(WorkerReply &reply, const QString &name);
    // GET: the scan of the content; POST (rescan = true): scan it again.
    void scan(WorkerReply &reply, const QString &name, bool rescan);
    void startUpload(WorkerReply &reply, const QString &name);
    void patchUpload(const QHttpServerRequest &request, WorkerReply &reply, const QString &uuid);
    void finishUpload(const QHttpServerRequest &request, WorkerReply &reply, const QString &uuid);
    // Appends a chunk to an upload; false when the error answer was sent.
    bool appendChunk(WorkerReply &reply, PendingUpload &upload, const QByteArray &chunk);

    // The stored image named `name`, or the error answer already sent.
    std::optional<BakeImage> findImage(WorkerReply &reply, const QString &name);

    // Builds and jobs (workerjobs.cpp).
    void runBuild(const QHttpServerRequest &request, WorkerReply &reply);
    void listJobs(WorkerReply &reply);
    void getJob(WorkerReply &reply, const QString &id);
    void cancelJob(WorkerReply &reply, const QString &id);
    void jobLog(const QHttpServerRequest &request, WorkerReply &reply, const QString &id);
    std::optional<BuildJob> findJob(WorkerReply &reply, const QString &id);
    WorkerJob workerJob(const BuildJob &job) const;

    const Catalogue &m_catalogue;
    BakeService &m_bakes;
    BakeDirectories m_directories;
    WorkerServerOptions m_options;
    QStringList m_engines;
    // Uploads in progress, by uuid (in memory: a restart forgets them).
    QHash<QString, std::shared_ptr<PendingUpload>> m_uploads;
    // The revision numbers POST /builds was given, by job id (a restart forgets them:
    // then the revision's number in this worker's catalogue is reported).
    QHash<QString, qint64> m_jobRevisions;
    QList<QPointer<JobLogFollower>> m_followers;
};

// The CachedImage a bake image of the worker's catalogue is on the wire.
CachedImage cachedImageFromBakeImage(const BakeImage &image);

// A byte range of content, from a Range header.
struct ContentRange
{
    qint64 first = 0;
    qint64 last = 0; // inclusive
    qint64 length() const { return last - first + 1; }
};

// Reads "bytes=N-", "bytes=N-M" or "bytes=-N" against a file of `size` bytes.
// nullopt in the optional: no Range header, or one to ignore (another unit, several
// ranges); the whole file is sent. An error: the range cannot be satisfied (416).
Result<std::optional<ContentRange>, WorkerApiError> parseRangeHeader(QByteArrayView header, qint64 size);

} // namespace Kiln
