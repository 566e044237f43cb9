#include "workerfanout.h"

#include "domain/settingsschema.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// Answers needed before their median may raise the slow threshold.
constexpr int kMedianSample = 3;

} // namespace

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

int WorkerFanOut::effectiveSlowThreshold() const
{
    if (m_slowThresholdMs <= 0)
        return 0;
    qint64 threshold = m_slowThresholdMs;
    if (m_answerMs.size() >= kMedianSample) {
        QList<qint64> times = m_answerMs;
        const auto middle = times.begin() + times.size() / 2;
        std::nth_element(times.begin(), middle, times.end());
        threshold = qMax(threshold, 3 * *middle);
    }
    return int(qMin<qint64>(threshold, m_workerTimeoutMs));
}

void WorkerFanOut::start(const QList<FanOutTarget> &targets, const WorkerRequest &request)
{
    if (m_running)
        cancel();
    m_queue = targets;
    m_request = request;
    m_results.clear();
    m_answerMs.clear();
    m_peak = 0;
    m_peakOpen = 0;
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
    m_slow = 0;
    m_running = false;
    Q_EMIT finished();
}

void WorkerFanOut::startNext()
{
    demoteLate();
    while (m_running && !m_queue.isEmpty() && inFlight() < m_concurrency) {
        const quint64 key = m_nextKey++;
        Call call;
        call.target = m_queue.takeFirst();
        call.clock.start();
        call.watcher = new QFutureWatcher<Result<WorkerReply, WorkerError>>(this);
        connect(call.watcher, &QFutureWatcher<Result<WorkerReply, WorkerError>>::finished, this, [this, key] {
            auto it = m_calls.find(key);
            if (it == m_calls.end())
                return;
            if (it->closing) {
                // The client aborted the request of a worker past its deadline: its
                // socket is closed, so its place may go to the next target.
                Call closed = *it;
                m_calls.erase(it);
                if (closed.slow)
                    --m_slow;
                release(closed);
                startNext();
                return;
            }
            const auto future = it->watcher->future();
            if (future.isCanceled() || future.resultCount() == 0)
                return; // cancel() handled it
            settle(key, future.result());
        });
        call.timer = new QTimer(this);
        call.timer->setSingleShot(true);
        call.timer->setTimerType(Qt::PreciseTimer);
        connect(call.timer, &QTimer::timeout, this, [this, key] { onTimer(key); });
        armTimer(call);
        WorkerRequest request = m_request;
        if (request.timeoutMs <= 0 || request.timeoutMs > m_workerTimeoutMs)
            request.timeoutMs = m_workerTimeoutMs;
        m_calls.insert(key, call);
        m_peak = qMax(m_peak, inFlight());
        m_peakOpen = qMax(m_peakOpen, openRequests());
        call.watcher->setFuture(m_client->send(call.target.endpoint, request));
    }
    if (m_running && m_queue.isEmpty() && m_calls.isEmpty()) {
        m_running = false;
        Q_EMIT finished();
    }
}

void WorkerFanOut::armTimer(Call &call)
{
    const qint64 elapsed = call.clock.isValid() ? call.clock.elapsed() : 0;
    qint64 wait = m_workerTimeoutMs - elapsed;
    const int threshold = effectiveSlowThreshold();
    if (!call.slow && threshold > 0 && elapsed < threshold)
        wait = qMin(wait, threshold - elapsed);
    call.timer->start(int(qMax<qint64>(0, wait)));
}

void WorkerFanOut::onTimer(quint64 key)
{
    auto it = m_calls.find(key);
    if (it == m_calls.end())
        return;
    if (it->clock.elapsed() >= m_workerTimeoutMs) {
        settle(key, std::nullopt);
        return;
    }
    // The slow threshold: give the slot back (when there is room for one more slow
    // request) and start the next target.
    armTimer(*it);
    startNext();
}

void WorkerFanOut::demoteLate()
{
    const int threshold = effectiveSlowThreshold();
    if (threshold <= 0 || m_slow >= m_maxSlow)
        return;
    QList<std::pair<qint64, quint64>> late; // elapsed, key
    for (auto it = m_calls.cbegin(); it != m_calls.cend(); ++it) {
        if (!it->slow && !it->closing && it->clock.elapsed() >= threshold)
            late.append({it->clock.elapsed(), it.key()});
    }
    std::sort(late.begin(), late.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[elapsed, key] : std::as_const(late)) {
        if (m_slow >= m_maxSlow)
            break;
        Call &call = m_calls[key];
        call.slow = true;
        ++m_slow;
        armTimer(call); // now only its deadline
    }
}

void WorkerFanOut::settle(quint64 key, std::optional<Result<WorkerReply, WorkerError>> reply)
{
    auto it = m_calls.find(key);
    if (it == m_calls.end())
        return;
    Call call = *it;
    FanOutResult result;
    result.targetId = call.target.id;
    result.workerName = call.target.endpoint.label();
    result.elapsedMs = call.clock.elapsed();
    if (reply) {
        result.reply = std::move(*reply);
        // The worker answered (well or not): its time says how fast workers are.
        if (result.reply.ok() || result.reply.error().httpStatus > 0)
            m_answerMs.append(result.elapsedMs);
        m_calls.erase(it);
        if (call.slow)
            --m_slow;
        release(call);
    } else {
        // The worker's own deadline: what a transfer timeout says.
        WorkerFailure failure;
        failure.worker = result.workerName;
        failure.method = m_request.method;
        failure.path = m_request.path.section(u'?', 0, 0);
        failure.error = QNetworkReply::OperationCanceledError;
        failure.timeoutMs = m_workerTimeoutMs;
        result.reply = describeWorkerFailure(failure);
        // The request is aborted by the client on its next event: it keeps its place
        // (slot or slow) until then, so that the sockets open never exceed the bound.
        it->closing = true;
        it->timer->stop();
        it->watcher->future().cancel();
    }
    m_results.append(result);
    Q_EMIT workerFinished(result);
    startNext();
}

void WorkerFanOut::release(Call &call)
{
    if (call.timer) {
        call.timer->stop();
        call.timer->deleteLater();
        call.timer = nullptr;
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
