#pragma once

#include "containerengine.h"
#include "enginecommands.h"
#include "joblog.h"
#include "recipe.h"
#include "store/jobrepository.h"
#include "store/secretrepository.h"

#include <QFuture>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace Kiln {

class EngineProcess;
struct EngineLine;
struct EngineResult;
enum class BuildStep;

// Looks up a secret by id or name and returns its login. Injected, so that the
// bake service does not care where secrets live (keychain, encrypted file).
using CredentialResolver = std::function<QFuture<Result<Credential, QString>>(const QString &idOrName)>;

// Everything one build needs, resolved by the bake service from the catalogue.
struct BuildPlan
{
    BuildJob job; // running, with its log path and target image
    QString specName;
    RecipeInput recipe;         // the revision; baseUser is read from the pulled base
    ContainerEngineInfo engine; // usable
    EngineStorage storage;
    bool baseTlsVerify = true; // the base image's registry, when Kiln knows it
    QString pushHost;          // host[:port] of the push target
    bool pushTlsVerify = true;
    QString pushSecret;   // the push target's credentials secret id; empty: anonymous
    qint64 timeoutMs = 0; // the whole job; 0: none
    int retries = 3;      // for pull and push, on transient errors
    qint64 retryBaseDelayMs = 1000;
};

// How a run ended.
struct BuildOutcome
{
    JobStatus status = JobStatus::Failed; // Succeeded, Failed or Cancelled
    QString errorText;                    // why, for Failed and Cancelled
    QString pushedDigest;                 // for Succeeded
};

// One build job from credentials to push, on the thread it lives on (the bake
// service's). Steps: credentials, pull (retried), inspect the base's USER, write
// the Containerfile, build, push (retried), remove the local image. Every engine
// line goes to the job's log file and out through output(); Kiln's own notes are
// "sys" lines. finished() comes exactly once, after start().
class BuildRun : public QObject
{
    Q_OBJECT

public:
    BuildRun(BuildPlan plan, CredentialResolver credentials, QObject *parent = nullptr);
    ~BuildRun() override;

    const BuildJob &job() const { return m_plan.job; }
    // Where a job's temporary build folder goes: this prefix plus 6 characters.
    // A run that never ended (its process was killed) leaves it behind; the
    // bake service removes it when it marks the job interrupted.
    static QString workDirectoryPattern(const QString &jobId);
    void start();
    // Stops the engine's whole process tree (SIGTERM, SIGKILL after 1.5 s) and
    // finishes as Cancelled.
    void cancel();
    // Shutdown: kills the engine at once and writes `note` to the log; no
    // finished() follows. The caller marks the job.
    void abandon(const QString &note);

signals:
    void output(const QString &jobId, const QStringList &lines);
    void phaseChanged(const QString &jobId, const QString &phase);
    void containerfileReady(const QString &jobId, const QString &containerfile, const QString &engine);
    void finished(const QString &jobId, const Kiln::BuildOutcome &outcome);

private:
    enum class Phase
    {
        Idle,
        Credentials,
        Pull,
        Inspect,
        Build,
        Push,
        Cleanup,
        Done
    };

    struct SecretUse
    {
        QString ref;  // secret id or name
        QString host; // the registry it logs in to
    };
    void resolveCredentials(QList<SecretUse> uses);
    void pull();
    void inspect();
    void build();
    void push();
    void cleanup();

    // Runs one engine step; `done` gets the result and the step's output (all
    // lines, stdout and stderr in order) unless the run was cancelled meanwhile.
    // The registry access of a step: the auth file with every login (written
    // now), or none. nullopt when the file could not be written (the job failed).
    std::optional<RegistryAccess> access(bool tlsVerify);
    void runStep(const EngineInvocation &command,
                 std::function<void(const EngineResult &, const QList<EngineLine> &)> done);
    // Retries a transient pull/push failure with backoff; false when out of retries
    // or not transient (then the job fails).
    bool retryLater(BuildStep step, const QString &subject, const EngineResult &result,
                    const QList<EngineLine> &lines, std::function<void()> again);
    void failStep(BuildStep step, const QString &subject, const EngineResult &result,
                  const QList<EngineLine> &lines);

    void onLines(const QList<EngineLine> &lines);
    void onTimeout();
    void note(const QString &text);
    void setPhase(Phase phase, const QString &text);
    void finish(BuildOutcome outcome);

    BuildPlan m_plan;
    CredentialResolver m_credentials;
    EngineCommands m_commands;
    JobLogWriter m_log;
    bool m_logBroken = false;
    QString m_logProblem;
    std::unique_ptr<QTemporaryDir> m_workDir;
    EngineProcess *m_process = nullptr;
    QList<RegistryLogin> m_logins;
    QList<EngineLine> m_stepLines; // the current step's lines (the last few thousand)
    QTimer m_timeout;
    QTimer m_retryTimer;
    Phase m_phase = Phase::Idle;
    int m_attempt = 0;
    bool m_cancelled = false;
    bool m_timedOut = false;
    bool m_finished = false;
};

} // namespace Kiln

Q_DECLARE_METATYPE(Kiln::BuildOutcome)
