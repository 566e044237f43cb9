#pragma once

#include "remote/remotebuilds.h"
#include "remote/warmservice.h"
#include "remote/workerapi.h"
#include "remote/workerclient.h"

#include <QThread>

namespace Kiln {
class Catalogue;
class SecretVault;
} // namespace Kiln

namespace Kiln::Cli {

// A WorkerClient and a WarmService on a thread of their own, whose event loop runs
// the requests while the command waits: kilnctl's main thread never runs a nested
// event loop. The catalogue and the vault must outlive it.
class WorkerThread
{
public:
    WorkerThread(const Catalogue &catalogue, SecretVault &vault);
    ~WorkerThread();
    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    // GET /api/v1/info, waited for.
    Result<WorkerInfo, WorkerError> info(const WorkerEndpoint &endpoint);

    // A warm of the image (id or name), waited for until every target has answered
    // its PUT: the summary, or why nothing could be asked. The service then keeps
    // polling the rows that are pending or building (see settled()).
    Result<WarmSummary, QString> warm(const QString &image, WarmScope scope = WarmScope::All,
                                      const QStringList &onlyWorkers = {});
    // Waits until the service has nothing under way (its polls included) or
    // `timeoutMs` passed; false on timeout.
    bool waitIdle(int timeoutMs);

    // Runs the spec's current revision on the worker (RemoteBuilds::runSpec), waited
    // for until the local job is stored; the service then mirrors it into the
    // catalogue (its status and log) until it finishes.
    Result<BuildJob, QString> runBuild(const QString &spec, const QString &worker);
    // Whether the remote builds still follow a job.
    bool buildsActive();

private:
    QThread m_thread;
    WorkerClient *m_client = nullptr;
    WarmService *m_warm = nullptr;
    RemoteBuilds *m_builds = nullptr;
};

} // namespace Kiln::Cli
