// WorkerClient::download(): a resumable GET of an image's content into a file.

#include "workerclient.h"

#include <QFile>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPromise>
#include <QRandomGenerator>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// The most a reply buffers ahead of the file (QNetworkReply::setReadBufferSize).
constexpr qint64 kDownloadBufferBytes = 4 << 20;

// "bytes 100-199/1000" -> {100, 1000}; "bytes */1000" -> {-1, 1000}; {-1, -1} otherwise.
std::pair<qint64, qint64> parseDownloadContentRange(const QByteArray &header)
{
    const QByteArray value = header.trimmed();
    if (!value.startsWith("bytes "))
        return {-1, -1};
    const QByteArray spec = value.mid(6);
    const qsizetype slash = spec.indexOf('/');
    if (slash < 0)
        return {-1, -1};
    bool ok = false;
    const qint64 total = spec.mid(slash + 1).toLongLong(&ok);
    const qint64 knownTotal = ok ? total : -1;
    const QByteArray range = spec.left(slash);
    if (range == "*")
        return {-1, knownTotal};
    const qint64 start = range.left(range.indexOf('-')).toLongLong(&ok);
    return {ok ? start : -1, knownTotal};
}

} // namespace

struct WorkerClient::Download
{
    WorkerEndpoint endpoint;
    QUrl url;
    QString path;
    QString filePath;
    QByteArray etag;
    std::function<void(qint64, qint64)> progress;
    std::optional<QSslConfiguration> ssl;
    QFile file;
    qint64 total = -1;
    qint64 sizeAtAttempt = 0;
    bool accepted = false; // this attempt's answer was checked and its body goes to the file
    int attempt = 0;
    QNetworkReply *reply = nullptr;
    bool done = false;
    WorkerDownload result;
    QPromise<Result<WorkerDownload, WorkerError>> promise;
    QFutureWatcher<Result<WorkerDownload, WorkerError>> *watcher = nullptr;
};

QFuture<Result<WorkerDownload, WorkerError>>
WorkerClient::download(const WorkerEndpoint &endpoint, const QString &imageName, const QString &filePath,
                       const QByteArray &etag, std::function<void(qint64, qint64)> progress)
{
    auto download = std::make_shared<Download>();
    download->endpoint = endpoint;
    download->path = WorkerApi::contentPath(imageName);
    QUrl url = endpoint.baseUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + download->path, QUrl::StrictMode);
    download->url = url;
    download->filePath = filePath;
    download->etag = etag;
    download->result.etag = etag;
    download->progress = std::move(progress);
    download->promise.start();
    auto future = download->promise.future();
    download->watcher = new QFutureWatcher<Result<WorkerDownload, WorkerError>>(this);
    std::weak_ptr<Download> weak = download;
    connect(download->watcher, &QFutureWatcher<Result<WorkerDownload, WorkerError>>::canceled, this,
            [this, weak] {
                if (auto d = weak.lock())
                    completeDownload(d, cancelledError(d->endpoint, "GET", d->path));
            });
    download->watcher->setFuture(future);
    m_downloads.append(download);
    download->file.setFileName(filePath);
    if (!download->file.open(QIODevice::ReadWrite)) {
        completeDownload(download,
                         WorkerError{WorkerError::Code::Network,
                                     tr("cannot write %1: %2").arg(filePath, download->file.errorString()),
                                     0,
                                     {}});
        return future;
    }
    download->result.resumedFrom = download->file.size();
    if (url.scheme() == u"https"_s) {
        WorkerError error;
        download->ssl = sslFor(endpoint, &error);
        if (!download->ssl) {
            completeDownload(download, error);
            return future;
        }
    }
    startDownload(download);
    return future;
}

void WorkerClient::startDownload(const std::shared_ptr<Download> &download)
{
    if (download->done)
        return;
    QNetworkRequest request(download->url);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Kiln"_s);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept-Encoding", "identity");
    if (!download->endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + download->endpoint.token);
    if (download->ssl)
        request.setSslConfiguration(*download->ssl);
    download->sizeAtAttempt = download->file.size();
    if (download->sizeAtAttempt > 0) {
        request.setRawHeader("Range", "bytes=" + QByteArray::number(download->sizeAtAttempt) + '-');
        if (!download->etag.isEmpty())
            request.setRawHeader("If-Range", download->etag);
    }
    download->accepted = false;
    ++download->attempt;
    QNetworkReply *reply = m_manager->get(request);
    reply->setReadBufferSize(kDownloadBufferBytes);
    download->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this,
            [this, download, reply] { downloadData(download, reply); });
    connect(reply, &QNetworkReply::finished, this, [this, download] { downloadFinished(download); });
}

void WorkerClient::downloadData(const std::shared_ptr<Download> &download, QNetworkReply *reply)
{
    if (download->done || download->reply != reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return; // an error body: downloadFinished() reads it
    if (!download->accepted) {
        download->accepted = true;
        if (const QByteArray tag = reply->rawHeader("ETag"); !tag.isEmpty())
            download->result.etag = download->etag = tag;
        const auto [start, total] = parseDownloadContentRange(reply->rawHeader("Content-Range"));
        if (status == 200) {
            // The whole content (no range asked, or the content changed): start over.
            download->file.resize(0);
            download->file.seek(0);
            bool known = false;
            const qint64 length = reply->rawHeader("Content-Length").toLongLong(&known);
            download->total = known ? length : -1;
        } else if (start != download->file.size()) {
            completeDownload(download, WorkerError{WorkerError::Code::Protocol,
                                                   tr("%1 answered the range request for %2 from byte %3 "
                                                      "with bytes from %4")
                                                       .arg(download->endpoint.label(), download->path)
                                                       .arg(download->file.size())
                                                       .arg(start),
                                                   206,
                                                   {}});
            return;
        } else {
            download->total = total;
            download->file.seek(download->file.size());
        }
    }
    while (reply->bytesAvailable() > 0) {
        const QByteArray chunk = reply->read(1 << 20);
        if (download->file.write(chunk) != chunk.size()) {
            completeDownload(
                download,
                WorkerError{WorkerError::Code::Network,
                            tr("cannot write %1: %2").arg(download->filePath, download->file.errorString()),
                            0,
                            {}});
            return;
        }
    }
    if (download->progress)
        download->progress(download->file.size(), download->total);
}

void WorkerClient::downloadFinished(const std::shared_ptr<Download> &download)
{
    QNetworkReply *reply = download->reply;
    if (!reply || download->done)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    if ((status == 200 || status == 206) && reply->isOpen() && reply->bytesAvailable() > 0)
        downloadData(download, reply); // what came with finished()
    if (download->done)
        return;
    download->reply = nullptr;
    reply->deleteLater();
    download->file.flush();
    const qint64 size = download->file.size();
    if ((status == 200 || status == 206) && error == QNetworkReply::NoError &&
        (download->total < 0 || size == download->total)) {
        download->result.size = size;
        completeDownload(download, download->result);
        return;
    }
    // Asked for the bytes after the end: the file is complete already.
    if (status == 416) {
        const auto [start, total] = parseDownloadContentRange(reply->rawHeader("Content-Range"));
        Q_UNUSED(start);
        if (total >= 0 && total == size) {
            download->result.size = size;
            completeDownload(download, download->result);
            return;
        }
    }
    const bool progressed = size > download->sizeAtAttempt;
    if (progressed) {
        download->attempt = 0; // a try that moved data is a fresh start
        ++download->result.restarts;
    }
    const bool transient = status == 0 || status >= 500 || (status == 200 || status == 206);
    if (transient && error != QNetworkReply::NoError && download->attempt < m_attempts) {
        const double jitter = 1.0 + QRandomGenerator::global()->bounded(0.25);
        const int delay = download->attempt == 0
                              ? 0
                              : int(m_baseDelayMs * double(1 << qMin(download->attempt - 1, 16)) * jitter);
        QTimer::singleShot(delay, this, [this, download] { startDownload(download); });
        return;
    }
    WorkerFailure failure;
    failure.worker = download->endpoint.label();
    failure.method = "GET";
    failure.path = download->path;
    failure.error = error;
    failure.status = (status == 200 || status == 206) ? 0 : status;
    failure.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    failure.errorString = reply->errorString();
    failure.body = reply->isOpen() && status != 200 && status != 206 ? reply->readAll() : QByteArray();
    failure.timeoutMs = m_timeoutMs;
    if (error == QNetworkReply::NoError && download->total >= 0 && size != download->total)
        failure.shapeError = tr("the content ended after %1 of %2 bytes").arg(size).arg(download->total);
    completeDownload(download, describeWorkerFailure(failure));
}

void WorkerClient::completeDownload(const std::shared_ptr<Download> &download,
                                    Result<WorkerDownload, WorkerError> result)
{
    if (download->done)
        return;
    download->done = true;
    m_downloads.removeOne(download);
    if (QNetworkReply *reply = download->reply) {
        download->reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    download->file.close();
    if (download->watcher) {
        download->watcher->disconnect(this);
        download->watcher->deleteLater();
        download->watcher = nullptr;
    }
    if (!result.ok() && result.error().code == WorkerError::Code::Tls)
        m_manager->clearConnectionCache(); // as in complete()
    if (!download->promise.isCanceled())
        download->promise.addResult(std::move(result));
    download->promise.finish();
}

void WorkerClient::cancelDownloads()
{
    const auto downloads = m_downloads;
    for (const auto &download : downloads)
        completeDownload(download, cancelledError(download->endpoint, "GET", download->path));
}

} // namespace Kiln
