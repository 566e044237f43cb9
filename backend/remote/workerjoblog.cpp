// WorkerClient::jobLog() and followJobLog(): a job's log as text/plain, once or as
// a chunked stream that grows with the log.

#include "workerclient.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QPromise>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// "/api/v1/jobs/{id}/log?tail=N[&follow=1]", the id percent-encoded.
QString logPathWithQuery(const QString &id, int tail, bool follow)
{
    QString path = WorkerApi::jobLogPath(QString::fromLatin1(QUrl::toPercentEncoding(id))) +
                   u"?tail=%1"_s.arg(qBound(1, tail, MaxJobLogTail));
    if (follow)
        path += u"&follow=1"_s;
    return path;
}

} // namespace

struct WorkerClient::Follow
{
    WorkerEndpoint endpoint;
    QString path; // without the query, for messages
    QPointer<QObject> context;
    QMetaObject::Connection contextGone;
    std::function<void(const QString &)> lines;
    QNetworkReply *reply = nullptr;
    QByteArray pending; // received after the last '\n'
    bool done = false;
    QPromise<Result<Done, WorkerError>> promise;
    QFutureWatcher<Result<Done, WorkerError>> *watcher = nullptr;
};

QFuture<Result<QString, WorkerError>> WorkerClient::jobLog(const WorkerEndpoint &endpoint, const QString &id,
                                                           int tail)
{
    WorkerRequest request{"GET", logPathWithQuery(id, tail, false), {}, 0};
    request.plainText = true;
    auto promise = std::make_shared<QPromise<Result<QString, WorkerError>>>();
    promise->start();
    QFuture<Result<QString, WorkerError>> future = promise->future();
    QFuture<Result<WorkerReply, WorkerError>> sent = send(endpoint, request);
    auto *watcher = new QFutureWatcher<Result<QString, WorkerError>>(this);
    connect(watcher, &QFutureWatcherBase::canceled, this, [sent]() mutable { sent.cancel(); });
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(future);
    sent.then(this,
              [promise](const Result<WorkerReply, WorkerError> &reply) {
                  if (!promise->isCanceled()) {
                      if (reply.ok())
                          promise->addResult(QString::fromUtf8(reply.value().rawBody));
                      else
                          promise->addResult(reply.error());
                  }
                  promise->finish();
              })
        .onCanceled(this, [promise] { promise->finish(); });
    return future;
}

QFuture<Result<Done, WorkerError>> WorkerClient::followJobLog(const WorkerEndpoint &endpoint,
                                                              const QString &id, int tail, QObject *context,
                                                              std::function<void(const QString &text)> lines)
{
    auto follow = std::make_shared<Follow>();
    follow->endpoint = endpoint;
    const QString path = logPathWithQuery(id, tail, true);
    follow->path = path.section(u'?', 0, 0);
    follow->context = context;
    follow->lines = std::move(lines);
    follow->promise.start();
    QFuture<Result<Done, WorkerError>> future = follow->promise.future();
    follow->watcher = new QFutureWatcher<Result<Done, WorkerError>>(this);
    std::weak_ptr<Follow> weak = follow;
    connect(follow->watcher, &QFutureWatcher<Result<Done, WorkerError>>::canceled, this, [this, weak] {
        if (auto f = weak.lock())
            completeFollow(f, cancelledError(f->endpoint, "GET", f->path));
    });
    follow->watcher->setFuture(future);
    m_follows.append(follow);
    if (context) {
        // Nobody to give the lines to: the stream closes.
        follow->contextGone = connect(context, &QObject::destroyed, this, [this, weak] {
            if (auto f = weak.lock())
                completeFollow(f, cancelledError(f->endpoint, "GET", f->path));
        });
    }

    QUrl url = endpoint.baseUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + follow->path, QUrl::StrictMode);
    url.setQuery(path.section(u'?', 1), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
        completeFollow(
            follow,
            WorkerError{WorkerError::Code::Protocol,
                        tr("%1: %2 is not an http(s) URL").arg(endpoint.label(), url.toDisplayString()),
                        0,
                        {}});
        return future;
    }
    QNetworkRequest request(url);
    // The transfer timeout is one without any data moving: a stream that stays
    // quiet that long ends with a Timeout.
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "text/plain");
    request.setHeader(QNetworkRequest::UserAgentHeader, u"Kiln"_s);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + endpoint.token);
    if (url.scheme() == u"https"_s) {
        WorkerError error;
        const auto ssl = sslFor(endpoint, &error);
        if (!ssl) {
            completeFollow(follow, error);
            return future;
        }
        request.setSslConfiguration(*ssl);
    }
    // Not retried: a stream that broke cannot tell what was seen already.
    QNetworkReply *reply = m_manager->get(request);
    follow->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, follow] { followData(follow); });
    connect(reply, &QNetworkReply::finished, this, [this, follow] { followFinished(follow); });
    return future;
}

void WorkerClient::followData(const std::shared_ptr<Follow> &follow)
{
    QNetworkReply *reply = follow->reply;
    if (follow->done || !reply)
        return;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error body: followFinished() reads it
    follow->pending += reply->readAll();
    // Whole lines only, so that no UTF-8 sequence is cut in two.
    const qsizetype newline = follow->pending.lastIndexOf('\n');
    if (newline < 0)
        return;
    const QString text = QString::fromUtf8(follow->pending.left(newline + 1));
    follow->pending.remove(0, newline + 1);
    if (follow->context && follow->lines)
        follow->lines(text);
}

void WorkerClient::followFinished(const std::shared_ptr<Follow> &follow)
{
    QNetworkReply *reply = follow->reply;
    if (follow->done || !reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    if (status == 200 && reply->isOpen())
        followData(follow);
    if (follow->done)
        return;
    follow->reply = nullptr;
    reply->deleteLater();
    if (status == 200 && error == QNetworkReply::NoError) {
        if (!follow->pending.isEmpty() && follow->context && follow->lines)
            follow->lines(QString::fromUtf8(follow->pending));
        follow->pending.clear();
        completeFollow(follow, Done{});
        return;
    }
    WorkerFailure failure;
    failure.worker = follow->endpoint.label();
    failure.method = "GET";
    failure.path = follow->path;
    failure.error = error;
    failure.status = status == 200 ? 0 : status;
    failure.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    failure.errorString = reply->errorString();
    failure.body = reply->isOpen() && status != 200 ? reply->readAll() : QByteArray();
    failure.timeoutMs = m_timeoutMs;
    completeFollow(follow, describeWorkerFailure(failure));
}

void WorkerClient::completeFollow(const std::shared_ptr<Follow> &follow, Result<Done, WorkerError> result)
{
    if (follow->done)
        return;
    follow->done = true;
    m_follows.removeOne(follow);
    disconnect(follow->contextGone);
    if (QNetworkReply *reply = follow->reply) {
        follow->reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    if (follow->watcher) {
        follow->watcher->disconnect(this);
        follow->watcher->deleteLater();
        follow->watcher = nullptr;
    }
    if (!result.ok() && result.error().code == WorkerError::Code::Tls)
        m_manager->clearConnectionCache(); // as in complete()
    if (!follow->promise.isCanceled())
        follow->promise.addResult(std::move(result));
    follow->promise.finish();
}

void WorkerClient::cancelFollows()
{
    const auto follows = m_follows;
    for (const auto &follow : follows)
        completeFollow(follow, cancelledError(follow->endpoint, "GET", follow->path));
}

} // namespace Kiln
