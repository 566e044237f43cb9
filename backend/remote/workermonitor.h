#pragma once

#include "store/workerrepository.h"
#include "workerclient.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

class QThreadPool;

namespace Kiln {

class Catalogue;
class SecretVault;
class WorkerFanOut;

// The worker status ("auth-failed", "unreachable" or "error") a failed check stands for.
QString workerStatusOf(const WorkerError &error);

// THE mapping of what GET /api/v1/info answered (or why it did not) to what a check
// of a worker found: online with the worker's version, capacity, disk free and
// running jobs; auth-failed (401, 403), unreachable (no connection, timeout, TLS) or
// error (anything else), each with the client's readable sentence. `nowMs` is when
// the answer came: seenAt is set whenever the worker answered over HTTP, even with
// an error. Shared by the Workers page (WorkerMonitor) and `kilnctl worker check`.
WorkerCheck workerCheckFrom(const Result<WorkerInfo, WorkerError> &info, qint64 nowMs);

// What Test Connection found about a worker not added yet: the check, and what the
// worker said about itself when it answered.
struct WorkerProbe
{
    WorkerCheck check;
    std::optional<WorkerInfo> info;
};

// Checks the workers of the catalogue in the background: every
// Setting::WorkerPollSeconds (read again before each round) it reads the enabled
// workers and their tokens on its own pool (the tokens from the SecretVault, then
// kept in memory only), asks each GET /api/v1/info through a WorkerFanOut with
// bounded concurrency (one slow or dead worker never holds back the others),
// stores each result with WorkerRepository::recordCheck() on the pool and then
// announces the stored worker with workerChecked(). Lives on the thread of its
// WorkerClient (the GUI thread in kiln).
//
// One round runs at a time; checkNow() during a round queues the next one.
// Destroying the monitor cancels the round and waits for the catalogue tasks under way.
class WorkerMonitor : public QObject
{
    Q_OBJECT

public:
    WorkerMonitor(const Catalogue &catalogue, SecretVault &vault, WorkerClient *client,
                  QObject *parent = nullptr);
    ~WorkerMonitor() override;

    // A fixed interval instead of the setting (tests). Set before start().
    void setIntervalMs(std::optional<int> ms) { m_intervalOverrideMs = ms; }
    // The interval in use: the override, else the setting as last read.
    int intervalMs() const;
    // Requests in flight at once (Setting::FanOutConcurrency); default its default.
    void setConcurrency(int concurrency) { m_concurrency = concurrency; }
    // The longest one worker may take, retries included; default 15000 ms.
    void setWorkerTimeout(int ms) { m_workerTimeoutMs = ms; }

    // Starts the periodic rounds, the first at once. Idempotent.
    void start();
    // Stops the periodic rounds; a round under way finishes and is stored.
    void stop();
    bool isRunning() const { return m_running; }

    // Checks one worker (by id, even a disabled one) now, or every enabled worker
    // when `workerId` is empty, besides the rounds.
    void checkNow(const QString &workerId = {});
    // A round (or a queued one) is under way.
    bool isChecking() const
    {
        return m_round != nullptr || m_reading || m_storing > 0 || m_queuedAll || !m_queued.isEmpty();
    }

    // The token of the worker changed (or it was removed): read it again next time.
    void forgetToken(const QString &workerId) { m_tokens.remove(workerId); }
    // Where to reach a worker, with its token (read from the vault once, then kept);
    // the error is a sentence. Finishes on this object's thread.
    QFuture<Result<WorkerEndpoint, QString>> endpointOf(const Worker &worker);

    // One GET /api/v1/info against a worker that is not in the catalogue (the Add
    // dialog's Test connection): writes nothing, keeps nothing. The future finishes
    // on this object's thread.
    QFuture<WorkerProbe> testConnection(const QString &url, const QByteArray &token, const QString &caFile);

Q_SIGNALS:
    // A check of the worker was stored: the worker as it is now in the catalogue.
    void workerChecked(const Kiln::Worker &worker);
    // The workers could not be read, or a check could not be stored (a sentence).
    void failed(const QString &message);
    // A round ended (every check stored) and none is queued.
    void roundFinished();

private:
    struct Listing;
    void beginRound();
    void startFanOut(const Listing &listing);
    void store(const QString &workerId, const WorkerCheck &check);
    void maybeFinish();

    const Catalogue &m_catalogue;
    SecretVault &m_vault;
    QPointer<WorkerClient> m_client;
    QThreadPool *m_pool = nullptr;
    std::optional<int> m_intervalOverrideMs;
    int m_settingIntervalMs = 30 * 1000;
    int m_concurrency = 0;
    int m_workerTimeoutMs = 15000;
    bool m_running = false;
    QTimer m_timer;
    QHash<QString, QByteArray> m_tokens; // worker id -> token, read once from the vault
    // The round under way, and what was asked for while it ran.
    WorkerFanOut *m_round = nullptr;
    bool m_reading = false; // the round's workers are being read
    int m_storing = 0;      // checks of the round being stored
    bool m_queuedAll = false;
    QSet<QString> m_queued;
};

} // namespace Kiln
