#pragma once

#include "workerclient.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace Kiln {

// One worker of a fan-out: who it is (an id of the caller's, e.g. the worker's
// catalogue id) and where to reach it.
struct FanOutTarget
{
    QString id;
    WorkerEndpoint endpoint;
};

// What one worker answered (or why it did not), as it arrives.
struct FanOutResult
{
    QString targetId;
    QString workerName;
    Result<WorkerReply, WorkerError> reply = WorkerError{};
    qint64 elapsedMs = 0; // from the start of this worker's request
};

// Runs one request against many workers with a bound on the requests in flight
// (Setting::FanOutConcurrency). Each worker has its own deadline (retries
// included); a worker that does not answer in time gets a Timeout result and
// frees its slot, so one slow or dead worker never holds back the others'
// results. Results come one by one as they arrive, then finished(). Lives on the
// thread of its client.
class WorkerFanOut : public QObject
{
    Q_OBJECT

public:
    explicit WorkerFanOut(WorkerClient *client, QObject *parent = nullptr);
    ~WorkerFanOut() override;

    // Requests in flight at once (1..256); default Setting::FanOutConcurrency's.
    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }
    // The longest one worker may take, retries included; default 15000 ms.
    void setWorkerTimeout(int ms) { m_workerTimeoutMs = qMax(1, ms); }
    int workerTimeout() const { return m_workerTimeoutMs; }

    // Starts `request` on every target (a round already running is cancelled
    // first). Targets are started in the order given.
    void start(const QList<FanOutTarget> &targets, const WorkerRequest &request);
    // Stops the round: requests under way are aborted and get no result; finished() follows.
    void cancel();

    bool isRunning() const { return m_running; }
    int inFlight() const { return int(m_calls.size()); }
    // The most requests that were in flight at once during the last round.
    int peakInFlight() const { return m_peak; }
    // Results of the last round so far, in arrival order.
    const QList<FanOutResult> &results() const { return m_results; }

Q_SIGNALS:
    void workerFinished(const Kiln::FanOutResult &result);
    // Every target has a result, or the round was cancelled.
    void finished();

private:
    struct Call
    {
        FanOutTarget target;
        QFutureWatcher<Result<WorkerReply, WorkerError>> *watcher = nullptr;
        QTimer *deadline = nullptr;
        QElapsedTimer clock;
    };
    void startNext();
    void settle(quint64 key, std::optional<Result<WorkerReply, WorkerError>> reply);
    void release(Call &call);

    WorkerClient *m_client;
    int m_concurrency = 0;
    int m_workerTimeoutMs = 15000;
    QList<FanOutTarget> m_queue;
    WorkerRequest m_request;
    QHash<quint64, Call> m_calls;
    quint64 m_nextKey = 1;
    QList<FanOutResult> m_results;
    int m_peak = 0;
    bool m_running = false;
};

} // namespace Kiln
