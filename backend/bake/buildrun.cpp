#include "buildrun.h"

#include "buildfailure.h"
#include "domain/imagereference.h"
#include "engineprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

constexpr qsizetype kStepLinesKept = 2000; // enough for the inspect output and the failure's context
constexpr qsizetype kLinesForDiagnosis = 200;

LogStream logStream(const EngineLine &line)
{
    return line.stream == EngineStream::Err ? LogStream::Err : LogStream::Out;
}

QStringList lastLines(const QList<EngineLine> &lines, qsizetype count)
{
    QStringList out;
    for (qsizetype i = qMax<qsizetype>(0, lines.size() - count); i < lines.size(); ++i)
        out.append(QString::fromUtf8(lines[i].text));
    return out;
}

QString commandLine(const EngineInvocation &invocation)
{
    QStringList words{QFileInfo(invocation.program).fileName()};
    for (const QString &argument : invocation.arguments) {
        const bool plain =
            !argument.isEmpty() && std::all_of(argument.cbegin(), argument.cend(), [](QChar c) {
                return c.isLetterOrNumber() || QStringView(u"-_./:=@+,{}%").contains(c);
            });
        words.append(plain ? argument : u"'"_s + QString(argument).replace(u"'"_s, u"'\\''"_s) + u"'"_s);
    }
    return u"$ "_s + words.join(u' ');
}

// "90 minutes", "1 minute", "2.5 seconds".
QString minutes(qint64 ms)
{
    const qint64 m = ms / 60000;
    if (m < 1)
        return u"%1 seconds"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
    return m == 1 ? u"1 minute"_s : u"%1 minutes"_s.arg(m);
}

} // namespace

BuildRun::BuildRun(BuildPlan plan, CredentialResolver credentials, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_credentials(std::move(credentials))
    , m_commands(m_plan.engine.kind, m_plan.engine.path, m_plan.storage)
{
    m_timeout.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &BuildRun::onTimeout);
}

BuildRun::~BuildRun() = default;

QString BuildRun::workDirectoryPattern(const QString &jobId)
{
    return QDir::tempPath() + u"/kiln-build-"_s + jobId + u'-';
}

void BuildRun::start()
{
    auto opened = m_log.open(m_plan.job.logPath);
    if (!opened.ok()) {
        m_logBroken = true;
        m_logProblem = opened.error().message;
        // The job still fails with a reason a person can read; there is no log to keep it.
        QMetaObject::invokeMethod(
            this,
            [this] {
                finish({JobStatus::Failed, m_logProblem, {}});
            },
            Qt::QueuedConnection);
        return;
    }
    m_workDir = std::make_unique<QTemporaryDir>(workDirectoryPattern(m_plan.job.id) + u"XXXXXX"_s);
    if (!m_workDir->isValid()) {
        const QString why =
            u"Could not create a build folder in %1: %2."_s.arg(QDir::tempPath(), m_workDir->errorString());
        QMetaObject::invokeMethod(
            this,
            [this, why] {
                finish({JobStatus::Failed, why, {}});
            },
            Qt::QueuedConnection);
        return;
    }
    m_process = new EngineProcess(this);
    connect(m_process, &EngineProcess::linesReady, this, &BuildRun::onLines);
    if (m_plan.timeoutMs > 0)
        m_timeout.start(std::chrono::milliseconds(m_plan.timeoutMs));

    note(u"Building the spec %1 as %2 with %3 %4."_s.arg(m_plan.specName, m_plan.job.targetImage,
                                                         containerEngineName(m_plan.engine.kind),
                                                         m_plan.engine.version));
    // The pull secret logs in to the base image's registry, the push target's
    // credentials to the push registry.
    QList<SecretUse> uses;
    if (!m_plan.recipe.pullSecretRef.isEmpty()) {
        auto base = parseImageReference(m_plan.recipe.baseImage);
        if (base.ok())
            uses.append({m_plan.recipe.pullSecretRef, base.value().domain});
    }
    if (!m_plan.pushSecret.isEmpty())
        uses.append({m_plan.pushSecret, m_plan.pushHost});
    resolveCredentials(uses);
}

void BuildRun::resolveCredentials(QList<SecretUse> uses)
{
    if (uses.isEmpty()) {
        pull();
        return;
    }
    if (!m_credentials) {
        finish({JobStatus::Failed,
                u"The build needs the secret '%1' for %2, but this bake service has no secret store."_s.arg(
                    uses.first().ref, uses.first().host),
                {}});
        return;
    }
    setPhase(Phase::Credentials, tr("Reading credentials"));
    const SecretUse use = uses.takeFirst();
    m_credentials(use.ref).then(this, [this, use, uses](const Result<Credential, QString> &login) {
        if (m_finished)
            return;
        if (m_cancelled) {
            finish({JobStatus::Cancelled, tr("Cancelled."), {}});
            return;
        }
        if (!login.ok()) {
            finish({JobStatus::Failed,
                    u"Could not read the secret '%1' for %2: %3"_s.arg(use.ref, use.host, login.error()),
                    {}});
            return;
        }
        m_logins.append({use.host, login.value().username, login.value().password});
        note(u"Using the credentials of '%1' for %2."_s.arg(use.ref, use.host));
        resolveCredentials(uses);
    });
}

void BuildRun::pull()
{
    auto base = parseImageReference(m_plan.recipe.baseImage);
    if (!base.ok()) {
        finish({JobStatus::Failed, u"Base image: "_s + base.error().describe(), {}});
        return;
    }
    const QString reference = base.value().normalized();
    setPhase(Phase::Pull, tr("Pulling %1").arg(reference));
    const auto registry = access(m_plan.baseTlsVerify);
    if (!registry)
        return;
    runStep(m_commands.pull(reference, *registry),
            [this, reference](const EngineResult &result, const QList<EngineLine> &lines) {
                if (result.succeeded()) {
                    m_attempt = 0;
                    inspect();
                } else if (!retryLater(BuildStep::Pull, reference, result, lines, [this] { pull(); })) {
                    failStep(BuildStep::Pull, reference, result, lines);
                }
            });
}

void BuildRun::inspect()
{
    const QString reference = parseImageReference(m_plan.recipe.baseImage).value().normalized();
    setPhase(Phase::Inspect, tr("Reading the base image's configuration"));
    runStep(m_commands.inspectUser(reference),
            [this, reference](const EngineResult &result, const QList<EngineLine> &lines) {
                if (!result.succeeded()) {
                    failStep(BuildStep::Inspect, reference, result, lines);
                    return;
                }
                QString user;
                for (const EngineLine &line : lines) {
                    if (line.stream == EngineStream::Out && !line.text.trimmed().isEmpty()) {
                        user = QString::fromUtf8(line.text.trimmed());
                        break;
                    }
                }
                m_plan.recipe.baseUser = user;
                note(user.isEmpty()
                         ? u"The base image sets no USER (root)."_s
                         : u"The base image runs as USER %1; the build restores it at the end."_s.arg(user));
                build();
            });
}

void BuildRun::build()
{
    auto recipe = makeRecipe(m_plan.recipe);
    if (!recipe.ok()) {
        finish({JobStatus::Failed, recipe.error().describe(), {}});
        return;
    }
    const QString containerfile = m_workDir->filePath(u"Containerfile"_s);
    QFile file(containerfile);
    if (!file.open(QIODevice::WriteOnly) || file.write(recipe.value().containerfile.toUtf8()) < 0 ||
        !file.flush()) {
        finish({JobStatus::Failed, u"Could not write %1: %2."_s.arg(containerfile, file.errorString()), {}});
        return;
    }
    file.close();
    const QString context = m_workDir->filePath(u"context"_s);
    QDir().mkpath(context);
    emit containerfileReady(m_plan.job.id, recipe.value().containerfile,
                            containerEngineName(m_plan.engine.kind) + u' ' + m_plan.engine.version);
    note(u"Containerfile:"_s);
    const QStringList text = recipe.value().containerfile.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : text)
        note(u"  "_s + line);
    setPhase(Phase::Build, tr("Building"));
    const auto registry = access(m_plan.baseTlsVerify);
    if (!registry)
        return;
    runStep(m_commands.build(containerfile, context, m_plan.job.targetImage, *registry),
            [this](const EngineResult &result, const QList<EngineLine> &lines) {
                if (result.succeeded())
                    push();
                else
                    failStep(BuildStep::Build, m_plan.specName, result, lines);
            });
}

void BuildRun::push()
{
    const QString digestFile = m_workDir->filePath(u"digest"_s);
    QFile::remove(digestFile);
    setPhase(Phase::Push, tr("Pushing %1").arg(m_plan.job.targetImage));
    const auto registry = access(m_plan.pushTlsVerify);
    if (!registry)
        return;
    runStep(
        m_commands.push(m_plan.job.targetImage, *registry, digestFile),
        [this, digestFile](const EngineResult &result, const QList<EngineLine> &lines) {
            if (!result.succeeded()) {
                if (!retryLater(BuildStep::Push, m_plan.job.targetImage, result, lines, [this] { push(); }))
                    failStep(BuildStep::Push, m_plan.job.targetImage, result, lines);
                return;
            }
            QString digest;
            QFile file(digestFile);
            if (file.open(QIODevice::ReadOnly))
                digest = QString::fromUtf8(file.readAll().trimmed());
            if (digest.isEmpty())
                digest = EngineCommands::parsePushDigest(lastLines(lines, kLinesForDiagnosis));
            note(u"Pushed %1 (%2)."_s.arg(m_plan.job.targetImage,
                                          digest.isEmpty() ? u"digest unknown"_s : digest));
            m_plan.job.pushedDigest = digest;
            cleanup();
        });
}

void BuildRun::cleanup()
{
    setPhase(Phase::Cleanup, tr("Removing the local copy"));
    runStep(m_commands.removeImage(m_plan.job.targetImage),
            [this](const EngineResult &result, const QList<EngineLine> &) {
                if (!result.succeeded())
                    note(u"Could not remove the local image %1 (%2); the build succeeded anyway."_s.arg(
                        m_plan.job.targetImage, result.reason));
                finish({JobStatus::Succeeded, {}, m_plan.job.pushedDigest});
            });
}

std::optional<RegistryAccess> BuildRun::access(bool tlsVerify)
{
    if (m_logins.isEmpty())
        return RegistryAccess{{}, tlsVerify};
    // The engine reads the credentials from this file only (never from its
    // command line); EngineProcess removes it when the step ends.
    const bool docker = m_plan.engine.kind == ContainerEngineKind::Docker;
    auto file =
        m_process->writeAuthFile(EngineCommands::authJson(m_logins), docker ? u"config.json"_s : QString());
    if (!file.ok()) {
        finish({JobStatus::Failed, file.error().message, {}});
        return std::nullopt;
    }
    return RegistryAccess{file.value(), tlsVerify};
}

void BuildRun::runStep(const EngineInvocation &command,
                       std::function<void(const EngineResult &, const QList<EngineLine> &)> done)
{
    m_stepLines.clear();
    note(commandLine(command));
    m_process->setProgram(command.program);
    m_process->setArguments(command.arguments);
    m_process->setWorkingDirectory(m_workDir->path());
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection =
        connect(m_process, &EngineProcess::finished, this,
                [this, connection, done = std::move(done)](const EngineResult &result) {
                    disconnect(*connection);
                    if (m_finished)
                        return;
                    if (!m_logProblem.isEmpty()) {
                        finish({JobStatus::Failed, m_logProblem, {}});
                        return;
                    }
                    if (result.cancelled || m_cancelled || m_timedOut) {
                        if (m_timedOut)
                            finish({JobStatus::Failed,
                                    u"The build ran longer than its limit of %1 and was stopped "
                                    "(setting bake.jobTimeoutMinutes)."_s.arg(minutes(m_plan.timeoutMs)),
                                    {}});
                        else
                            finish({JobStatus::Cancelled, tr("Cancelled."), {}});
                        return;
                    }
                    done(result, m_stepLines);
                });
    m_process->start();
}

bool BuildRun::retryLater(BuildStep step, const QString &subject, const EngineResult &result,
                          const QList<EngineLine> &lines, std::function<void()> again)
{
    const BuildFailure failure =
        classifyBuildFailure(step, lastLines(lines, kLinesForDiagnosis), subject, result.exitCode);
    if (!failure.transient || m_attempt >= m_plan.retries)
        return false;
    ++m_attempt;
    const qint64 delay = retryDelayMs(m_attempt, double(QDateTime::currentMSecsSinceEpoch() % 1000) / 1000.0,
                                      m_plan.retryBaseDelayMs, qMax<qint64>(m_plan.retryBaseDelayMs, 30000));
    note(u"%1 Retrying in %2 s (retry %3 of %4)."_s.arg(failure.message)
             .arg(double(delay) / 1000.0, 0, 'f', 1)
             .arg(m_attempt)
             .arg(m_plan.retries));
    m_retryTimer.disconnect(this);
    connect(&m_retryTimer, &QTimer::timeout, this, [this, again = std::move(again)] {
        if (!m_finished && !m_cancelled)
            again();
    });
    m_retryTimer.start(std::chrono::milliseconds(delay));
    return true;
}

void BuildRun::failStep(BuildStep step, const QString &subject, const EngineResult &result,
                        const QList<EngineLine> &lines)
{
    if (result.failedToStart) {
        finish({JobStatus::Failed, result.reason, {}});
        return;
    }
    const BuildFailure failure =
        classifyBuildFailure(step, lastLines(lines, kLinesForDiagnosis), subject, result.exitCode);
    QString text = failure.message;
    if (!failure.detail.isEmpty() && !text.contains(failure.detail))
        text += u"\n"_s + failure.detail;
    if (m_attempt > 0)
        text += u"\n"_s + u"(after %1 retries)"_s.arg(m_attempt);
    finish({JobStatus::Failed, text, {}});
}

void BuildRun::onLines(const QList<EngineLine> &lines)
{
    m_stepLines += lines;
    if (m_stepLines.size() > kStepLinesKept)
        m_stepLines.remove(0, m_stepLines.size() - kStepLinesKept);

    // One write per run of lines from the same stream.
    QStringList shown;
    shown.reserve(lines.size());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qsizetype start = 0;
    while (start < lines.size() && !m_logBroken) {
        qsizetype end = start + 1;
        while (end < lines.size() && lines[end].stream == lines[start].stream)
            ++end;
        QByteArray chunk;
        for (qsizetype i = start; i < end; ++i) {
            chunk += lines[i].text;
            chunk += '\n';
        }
        auto written = m_log.appendData(chunk, logStream(lines[start]));
        if (!written.ok()) {
            m_logBroken = true;
            m_logProblem =
                u"Could not write the job's log, so the build was stopped: "_s + written.error().message;
            m_process->cancel();
        }
        start = end;
    }
    const QByteArray out = JobLogWriter::prefix(now, LogStream::Out);
    const QByteArray err = JobLogWriter::prefix(now, LogStream::Err);
    for (const EngineLine &line : lines)
        shown.append(QString::fromUtf8((line.stream == EngineStream::Err ? err : out) + line.text));
    emit output(m_plan.job.id, shown);
}

void BuildRun::onTimeout()
{
    if (m_finished)
        return;
    m_timedOut = true;
    note(u"The build reached its time limit of %1; stopping it."_s.arg(minutes(m_plan.timeoutMs)));
    if (m_process && m_process->isRunning())
        m_process->cancel();
    else
        finish({JobStatus::Failed,
                u"The build ran longer than its limit of %1 (setting bake.jobTimeoutMinutes)."_s.arg(
                    minutes(m_plan.timeoutMs)),
                {}});
}

void BuildRun::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    note(u"Cancel requested: stopping the build."_s);
    if (m_process && m_process->isRunning())
        m_process->cancel();
    else if (m_phase != Phase::Credentials)
        finish({JobStatus::Cancelled, tr("Cancelled."), {}});
    // While credentials are read, the continuation sees m_cancelled and finishes.
}

void BuildRun::abandon(const QString &text)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_retryTimer.stop();
    note(text);
    delete m_process; // SIGKILLs the process group, emits nothing
    m_process = nullptr;
    m_log.close();
}

void BuildRun::note(const QString &text)
{
    if (m_log.isOpen() && !m_logBroken) {
        auto written = m_log.appendLine(text, LogStream::System);
        if (!written.ok()) {
            m_logBroken = true;
            m_logProblem = u"Could not write the job's log: "_s + written.error().message;
        }
    }
    emit output(
        m_plan.job.id,
        {QString::fromUtf8(JobLogWriter::prefix(QDateTime::currentDateTimeUtc(), LogStream::System)) + text});
}

void BuildRun::setPhase(Phase phase, const QString &text)
{
    m_phase = phase;
    emit phaseChanged(m_plan.job.id, text);
}

void BuildRun::finish(BuildOutcome outcome)
{
    if (m_finished)
        return;
    if (outcome.status == JobStatus::Cancelled)
        note(u"Cancelled."_s);
    else if (outcome.status == JobStatus::Failed)
        note(u"Failed: "_s + outcome.errorText);
    else
        note(u"Succeeded."_s);
    m_finished = true;
    m_phase = Phase::Done;
    m_timeout.stop();
    m_retryTimer.stop();
    m_log.close();
    emit finished(m_plan.job.id, outcome);
}

} // namespace Kiln
