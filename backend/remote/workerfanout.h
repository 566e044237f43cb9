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

// Runs one request against many workers with a bound on the *active* requests
// (Setting::FanOutConcurrency). Each worker has its own deadline (retries
// included); a worker that does not answer in time gets a Timeout result.
//
// One slow or dead worker never delays the others: a request still unanswered
// after the slow threshold becomes "slow" and gives its slot back, so the next
// target starts; it keeps running until it answers or its deadline passes, but no
// longer counts against the concurrency. Slow requests have their own cap
// (maxSlow()), so the sockets open at once never exceed concurrency() + maxSlow();
// with the cap reached, a late request keeps its slot until a slow one ends. The
// threshold is slowThreshold(), raised to 3x the median answer time seen in the
// round so far when the workers are all slower than that (so that a round of
// slow-but-healthy answers does not turn every request into a "slow" one).
//
// Results come one by one as they arrive, then finished(). Lives on the thread of
// its client.
class WorkerFanOut : public QObject
{
    Q_OBJECT

public:
    explicit WorkerFanOut(WorkerClient *client, QObject *parent = nullptr);
    ~WorkerFanOut() override;

    // Active requests at once (1..256); default Setting::FanOutConcurrency's.
    void setConcurrency(int concurrency);
    int concurrency() const { return m_concurrency; }
    // The longest one worker may take, retries included; default 15000 ms.
    void setWorkerTimeout(int ms) { m_workerTimeoutMs = qMax(1, ms); }
    int workerTimeout() const { return m_workerTimeoutMs; }
    // After this long without an answer a request stops holding a slot (the least
    // threshold; see above); default 250 ms. 0: never (the slot is held until the
    // answer or the deadline).
    void setSlowThreshold(int ms) { m_slowThresholdMs = qMax(0, ms); }
    int slowThreshold() const { return m_slowThresholdMs; }
    // The most slow requests kept open at once (0..1024); default 64.
    void setMaxSlow(int count) { m_maxSlow = qBound(0, count, 1024); }
    int maxSlow() const { return m_maxSlow; }
    // The threshold in force now: slowThreshold(), or 3x the round's median answer
    // time when larger, never beyond the worker timeout.
    int effectiveSlowThreshold() const;

    // Starts `request` on every target (a round already running is cancelled
    // first). Targets are started in the order given.
    void start(const QList<FanOutTarget> &targets, const WorkerRequest &request);
    // Stops the round: requests under way are aborted and get no result; finished() follows.
    void cancel();

    bool isRunning() const { return m_running; }
    // Active requests (holding a slot; at most concurrency()).
    int inFlight() const { return int(m_calls.size()) - m_slow; }
    // Slow requests still open (at most maxSlow()).
    int slowInFlight() const { return m_slow; }
    // Every request open: active and slow.
    int openRequests() const { return int(m_calls.size()); }
    // The most active requests at once during the last round (<= concurrency()).
    int peakInFlight() const { return m_peak; }
    // The most requests open at once (active and slow) during the last round.
    int peakOpen() const { return m_peakOpen; }
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
        // Fires at the slow threshold (to give the slot back), then at the deadline.
        QTimer *timer = nullptr;
        QElapsedTimer clock;
        bool slow = false;
        bool closing = false; // past its deadline, its result sent, the abort under way
    };
    void startNext();
    void onTimer(quint64 key);
    void armTimer(Call &call);
    // Active calls past the threshold become slow, oldest first, while there is room.
    void demoteLate();
    void settle(quint64 key, std::optional<Result<WorkerReply, WorkerError>> reply);
    void release(Call &call);

    WorkerClient *m_client;
    int m_concurrency = 0;
    int m_workerTimeoutMs = 15000;
    int m_slowThresholdMs = 250;
    int m_maxSlow = 64;
    QList<FanOutTarget> m_queue;
    WorkerRequest m_request;
    QHash<quint64, Call> m_calls;
    quint64 m_nextKey = 1;
    int m_slow = 0;
    QList<qint64> m_answerMs; // answer times of the round (for the threshold)
    QList<FanOutResult> m_results;
    int m_peak = 0;
    int m_peakOpen = 0;
    bool m_running = false;
};

} // namespace Kiln
