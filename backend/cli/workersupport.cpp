#include "workersupport.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QPromise>

#include <memory>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

WorkerThread::WorkerThread(const Catalogue &catalogue, SecretVault &vault)
{
    m_client = new WorkerClient;
    m_warm = new WarmService(catalogue, vault, m_client, m_client);
    m_builds = new RemoteBuilds(catalogue, vault, m_client, m_client);
    m_client->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_client, &QObject::deleteLater);
    m_thread.start();
}

WorkerThread::~WorkerThread()
{
    m_thread.quit();
    m_thread.wait();
}

Result<WorkerInfo, WorkerError> WorkerThread::info(const WorkerEndpoint &endpoint)
{
    QFuture<Result<WorkerInfo, WorkerError>> future;
    QMetaObject::invokeMethod(
        m_client, [this, &future, &endpoint] { future = m_client->info(endpoint); },
        Qt::BlockingQueuedConnection);
    future.waitForFinished();
    if (future.isCanceled() || future.resultCount() == 0)
        return WorkerError{WorkerError::Code::Cancelled, u"the request was cancelled"_s, 0, {}};
    return future.result();
}

Result<WarmSummary, QString> WorkerThread::warm(const QString &image, WarmScope scope,
                                                const QStringList &onlyWorkers)
{
    // The answer comes by signal on the network thread; a promise hands it over.
    auto promise = std::make_shared<QPromise<Result<WarmSummary, QString>>>();
    QFuture<Result<WarmSummary, QString>> future = promise->future();
    QMetaObject::invokeMethod(
        m_warm,
        [this, promise, image, scope, onlyWorkers] {
            promise->start();
            auto *context = new QObject(m_warm);
            QObject::connect(m_warm, &WarmService::warmFinished, context,
                             [promise, context](const QString &, const WarmSummary &summary) {
                                 promise->addResult(Result<WarmSummary, QString>(summary));
                                 promise->finish();
                                 context->deleteLater();
                             });
            QObject::connect(m_warm, &WarmService::warmFailed, context,
                             [promise, context](const QString &, const QString &message) {
                                 promise->addResult(Result<WarmSummary, QString>(message));
                                 promise->finish();
                                 context->deleteLater();
                             });
            m_warm->warm(image, scope, onlyWorkers);
        },
        Qt::BlockingQueuedConnection);
    future.waitForFinished();
    if (future.resultCount() == 0)
        return u"the warm was cancelled"_s;
    return future.result();
}

bool WorkerThread::waitIdle(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        int busy = 0;
        bool watching = false;
        QMetaObject::invokeMethod(
            m_warm,
            [this, &busy, &watching] {
                busy = m_warm->busy();
                watching = m_warm->isWatchingAny();
            },
            Qt::BlockingQueuedConnection);
        if (busy == 0 && !watching)
            return true;
        if (clock.elapsed() > timeoutMs)
            return false;
        QThread::msleep(50);
    }
}

Result<BuildJob, QString> WorkerThread::runBuild(const QString &spec, const QString &worker)
{
    QFuture<Result<BuildJob, QString>> future;
    QMetaObject::invokeMethod(
        m_builds, [this, &future, &spec, &worker] { future = m_builds->runSpec(spec, worker); },
        Qt::BlockingQueuedConnection);
    future.waitForFinished();
    if (future.resultCount() == 0)
        return u"the build was cancelled"_s;
    return future.result();
}

bool WorkerThread::buildsActive()
{
    bool active = false;
    QMetaObject::invokeMethod(
        m_builds, [this, &active] { active = !m_builds->activeJobs().isEmpty(); },
        Qt::BlockingQueuedConnection);
    return active;
}

} // namespace Kiln::Cli
