#include "workerfanout.h"

#include "domain/settingsschema.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Kiln {

WorkerFanOut::WorkerFanOut(WorkerClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_concurrency(Setting::FanOutConcurrency.defaultValue)
{}

WorkerFanOut::~WorkerFanOut()
{
    for (Call &call : m_calls)
        release(call);
}

void WorkerFanOut::setConcurrency(int concurrency)
{
    m_concurrency = qBound(1, concurrency, 256);
}

void WorkerFanOut::start(const QList<FanOutTarget> &targets, const WorkerRequest &request)
{
    if (m_running)
        cancel();
    m_queue = targets;
    m_request = request;
    m_results.clear();
    m_peak = 0;
    m_running = true;
    startNext();
}

void WorkerFanOut::cancel()
{
    if (!m_running)
        return;
    m_queue.clear();
    const auto keys = m_calls.keys();
    for (quint64 key : keys) {
        auto it = m_calls.find(key);
        if (it != m_calls.end()) {
            Call call = *it;
            m_calls.erase(it);
            release(call);
        }
    }
    m_running = false;
    Q_EMIT finished();
}

void WorkerFanOut::startNext()
{
    while (m_running && !m_queue.isEmpty() && m_calls.size() < m_concurrency) {
        const quint64 key = m_nextKey++;
        Call call;
        call.target = m_queue.takeFirst();
        call.clock.start();
        call.watcher = new QFutureWatcher<Result<WorkerReply, WorkerError>>(this);
        connect(call.watcher, &QFutureWatcher<Result<WorkerReply, WorkerError>>::finished, this, [this, key] {
            auto it = m_calls.constFind(key);
            if (it == m_calls.constEnd())
                return;
            const auto future = it->watcher->future();
            if (future.isCanceled() || future.resultCount() == 0)
                return; // the deadline or cancel() handled it
            settle(key, future.result());
        });
        call.deadline = new QTimer(this);
        call.deadline->setSingleShot(true);
        call.deadline->setTimerType(Qt::PreciseTimer);
        connect(call.deadline, &QTimer::timeout, this, [this, key] { settle(key, std::nullopt); });
        call.deadline->start(m_workerTimeoutMs);
        WorkerRequest request = m_request;
        if (request.timeoutMs <= 0 || request.timeoutMs > m_workerTimeoutMs)
            request.timeoutMs = m_workerTimeoutMs;
        m_calls.insert(key, call);
        m_peak = qMax(m_peak, int(m_calls.size()));
        call.watcher->setFuture(m_client->send(call.target.endpoint, request));
    }
    if (m_running && m_queue.isEmpty() && m_calls.isEmpty()) {
        m_running = false;
        Q_EMIT finished();
    }
}

void WorkerFanOut::settle(quint64 key, std::optional<Result<WorkerReply, WorkerError>> reply)
{
    auto it = m_calls.find(key);
    if (it == m_calls.end())
        return;
    Call call = *it;
    m_calls.erase(it);
    FanOutResult result;
    result.targetId = call.target.id;
    result.workerName = call.target.endpoint.label();
    result.elapsedMs = call.clock.elapsed();
    if (reply) {
        result.reply = std::move(*reply);
    } else {
        // The worker's own deadline: what a transfer timeout says.
        WorkerFailure failure;
        failure.worker = result.workerName;
        failure.method = m_request.method;
        failure.path = m_request.path.section(u'?', 0, 0);
        failure.error = QNetworkReply::OperationCanceledError;
        failure.timeoutMs = m_workerTimeoutMs;
        result.reply = describeWorkerFailure(failure);
    }
    release(call);
    m_results.append(result);
    Q_EMIT workerFinished(result);
    startNext();
}

void WorkerFanOut::release(Call &call)
{
    if (call.deadline) {
        call.deadline->stop();
        call.deadline->deleteLater();
        call.deadline = nullptr;
    }
    if (call.watcher) {
        call.watcher->disconnect(this);
        if (!call.watcher->isFinished())
            call.watcher->future().cancel(); // aborts the request
        call.watcher->deleteLater();
        call.watcher = nullptr;
    }
}

} // namespace Kiln
