#include "buildcommand.h"

#include "bake/bakeservice.h"
#include "bake/buildqueue.h"
#include "bake/runnerid.h"
#include "commandsupport.h"
#include "jobsupport.h"
#include "secretcommand.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/specrepository.h"
#include "workersupport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Kiln::Cli {

void addStorageOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {u"storage-root"_s,
         QCoreApplication::translate("kilnctl", "The engine's image storage (--root); default: its own."),
         u"DIR"_s},
        {u"run-root"_s, QCoreApplication::translate("kilnctl", "The engine's run state (--runroot)."),
         u"DIR"_s},
        {u"storage-driver"_s,
         QCoreApplication::translate("kilnctl", "The engine's storage driver, e.g. vfs or overlay."),
         u"NAME"_s},
        {u"isolation"_s,
         QCoreApplication::translate("kilnctl",
                                     "How RUN steps are isolated: chroot (default), oci or rootless."),
         u"TYPE"_s},
    });
}

namespace {

BakeOptions bakeOptions(const QCommandLineParser &parser, const Catalogue &catalogue)
{
    BakeOptions options = BakeOptions::fromSettings(catalogue);
    options.storage.root = parser.value(u"storage-root"_s);
    options.storage.runRoot = parser.value(u"run-root"_s);
    options.storage.driver = parser.value(u"storage-driver"_s);
    if (parser.isSet(u"isolation"_s))
        options.storage.isolation = parser.value(u"isolation"_s);
    return options;
}

// Secrets are read only when a build needs one; the vault (and its warning about
// the file fallback) is opened here, on the main thread, the first time.
struct Secrets
{
    const Catalogue &catalogue;
    Io io;
    QString command;
    std::shared_ptr<SecretVault> vault;

    CredentialResolver resolver()
    {
        if (!vault)
            vault = openSecretVault(io, command);
        if (!vault)
            return {};
        return [repository = SecretRepository(catalogue), vault = vault](const QString &ref) {
            return resolveCredential(repository, *vault, ref);
        };
    }
};

// Whether building this job reads a secret (pull secret, or the push registry's).
bool needsSecrets(const Catalogue &catalogue, const BuildJob &job)
{
    auto revision = SpecRepository(catalogue).revision(job.revisionId);
    if (revision.ok() && !revision.value().content.pullSecretRef.isEmpty())
        return true;
    auto registries = RegistryRepository(catalogue).list();
    if (!registries.ok())
        return false;
    for (const Registry &registry : std::as_const(registries.value())) {
        if (!registry.credentialsSecretId.isEmpty())
            return true;
    }
    return false;
}

int finalExit(const BuildJob &job, Io io, bool json)
{
    if (json)
        printJson(io.out, jobJson(job));
    if (job.status == JobStatus::Succeeded && job.targetImage.isEmpty() && !job.workerId.isEmpty()) {
        if (!json)
            io.out << "Built on the worker (job " << job.id << ")\n";
        return ExitOk;
    }
    if (job.status == JobStatus::Succeeded) {
        if (!json)
            io.out << "Built " << job.targetImage
                   << (job.pushedDigest.isEmpty() ? QString() : u"@"_s + job.pushedDigest) << '\n';
        return ExitOk;
    }
    io.err << "kilnctl build: job " << job.id << " " << jobStatusName(job.status)
           << (job.errorText.isEmpty() ? QString() : u": "_s + job.errorText) << '\n';
    return ExitBuildFailed;
}

// kilnctl build SPEC --on WORKER: the build runs on the worker and this process
// mirrors it into the catalogue (status and log) until it finishes, printing the
// log as it comes with --wait.
int runOnWorker(const QCommandLineParser &parser, const Catalogue &catalogue, Io io)
{
    const bool json = parser.isSet(jsonOption());
    const QString worker = parser.value(u"on"_s);
    const auto vault = openSecretVault(io, u"build"_s);
    if (!vault)
        return ExitInvalid;
    WorkerThread thread(catalogue, *vault);
    const auto sent = thread.runBuild(parser.positionalArguments().first(), worker);
    if (!sent) {
        io.err << "kilnctl build: " << sent.error() << '\n';
        return ExitInvalid;
    }
    if (!json) {
        io.out << "Sent job " << sent->id << " to " << worker << '\n';
        io.out.flush();
    }
    LogFollower follower(io);
    auto final = waitForJob(catalogue, sent->id, parser.isSet(u"wait"_s) && !json ? &follower : nullptr);
    // The last transition is stored before the service lets the job go.
    for (int i = 0; i < 100 && thread.buildsActive(); ++i)
        QThread::msleep(50);
    if (!final.ok()) {
        io.err << "kilnctl build: " << final.error().message << '\n';
        return ExitUsage;
    }
    return finalExit(final.value(), io, json);
}

} // namespace

bool startDetachedRunner(const QCommandLineParser &parser, const Catalogue &catalogue, QString *why)
{
    const QString self = QCoreApplication::applicationFilePath();
    if (QFileInfo(self).fileName() != u"kilnctl"_s) {
        *why = u"this program is not kilnctl"_s;
        return false;
    }
    QStringList arguments{u"queue"_s, u"run"_s, u"--until-idle"_s, u"--catalog"_s, catalogue.sqlitePath()};
    if (catalogue.sqlitePath().isEmpty())
        arguments = arguments.mid(0, 3) + QStringList{u"--catalog"_s, parser.value(catalogOption())};
    for (const QString &option : {u"storage-root"_s, u"run-root"_s, u"storage-driver"_s, u"isolation"_s}) {
        if (parser.isSet(option))
            arguments << u"--"_s + option << parser.value(option);
    }
    QProcess runner;
    runner.setProgram(self);
    runner.setArguments(arguments);
    runner.setStandardOutputFile(QProcess::nullDevice());
    runner.setStandardErrorFile(QProcess::nullDevice());
    if (!runner.startDetached()) {
        *why = runner.errorString();
        return false;
    }
    return true;
}

int runBuild(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "kilnctl", "Build a spec's current revision and push it to the push registry.\n"
                   "A revision that already built is not built again unless --force is given.\n"
                   "Exit codes: 0 built (or already built), 1 refused, 2 usage, 3 the build failed."));
    parser.addOption(catalogOption());
    parser.addOption(jsonOption());
    parser.addOptions({
        {u"wait"_s, QCoreApplication::translate("kilnctl", "Build in this process and print the log.")},
        {u"force"_s, QCoreApplication::translate("kilnctl", "Build even when this revision built already.")},
        {u"job"_s,
         QCoreApplication::translate("kilnctl",
                                     "Rebuild the revision that job JOB built (Kiln's Rebuild), instead of a "
                                     "spec's current revision."),
         u"JOB"_s},
        {u"on"_s,
         QCoreApplication::translate("kilnctl",
                                     "Run the build on the kiln-worker WORKER (name or id) and follow it "
                                     "until it finishes (the log is printed with --wait)."),
         u"WORKER"_s},
    });
    addStorageOptions(parser);
    parser.addPositionalArgument(u"spec"_s, QCoreApplication::translate("kilnctl", "The spec's name or id."),
                                 u"SPEC | --job JOB"_s);
    if (const int code = parseCommandLine(parser, arguments, u"build"_s, io); code >= 0)
        return code;
    const bool rebuild = parser.isSet(u"job"_s);
    if (parser.positionalArguments().size() != (rebuild ? 0 : 1)) {
        io.err << (rebuild ? "kilnctl build: --job takes no spec argument\n"
                           : "kilnctl build: expected one argument, the spec's name or id\n");
        return ExitUsage;
    }
    const bool json = parser.isSet(jsonOption());
    auto catalogue = openCatalogue(parser, u"build"_s, io);
    if (!catalogue)
        return ExitUsage;

    if (parser.isSet(u"on"_s)) {
        if (rebuild || parser.isSet(u"force"_s)) {
            io.err << "kilnctl build: --on takes a spec, without --job or --force (a worker always builds)\n";
            return ExitUsage;
        }
        return runOnWorker(parser, *catalogue, io);
    }

    auto queued = rebuild ? BuildQueue(*catalogue).rebuild(parser.value(u"job"_s))
                          : BuildQueue(*catalogue)
                                .enqueueSpec(parser.positionalArguments().first(), parser.isSet(u"force"_s));
    if (!queued.ok()) {
        io.err << "kilnctl build: " << queued.error().message << '\n';
        return ExitInvalid;
    }
    const BuildJob job = queued.value().job;
    if (!queued.value().queued && job.status == JobStatus::Succeeded) {
        if (!json)
            io.out << "Already built as " << job.targetImage << " (job " << job.id
                   << "); use --force to build again.\n";
        return finalExit(job, io, json);
    }
    if (!json)
        io.out << (queued.value().queued ? "Queued job " : "Already queued: job ") << job.id << " for "
               << job.targetImage << '\n';

    if (!parser.isSet(u"wait"_s)) {
        QString why;
        if (!startDetachedRunner(parser, *catalogue, &why))
            io.err << "kilnctl build: could not start a builder (" << why
                   << "); 'kilnctl queue run --until-idle' or Kiln builds it.\n";
        if (json)
            printJson(io.out, jobJson(job));
        return ExitOk;
    }

    Secrets secrets{*catalogue, io, u"build"_s, {}};
    CredentialResolver resolver;
    if (needsSecrets(*catalogue, job))
        resolver = secrets.resolver();
    BakeOptions options = bakeOptions(parser, *catalogue);
    options.runBakes = false; // a bake claimed here would be interrupted when kilnctl exits
    BakeService service(*catalogue, options, resolver);
    service.start();
    LogFollower follower(io);
    auto final = waitForJob(*catalogue, job.id, json ? nullptr : &follower);
    service.stop();
    if (!final.ok()) {
        io.err << "kilnctl build: " << final.error().message << '\n';
        return ExitUsage;
    }
    return finalExit(final.value(), io, json);
}

int runQueue(const QStringList &arguments, Io io)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("kilnctl", "Run the bake service in the foreground: build the queued "
                                               "jobs and bake the queued images of the catalogue."));
    parser.addOption(catalogOption());
    parser.addOption(
        {u"until-idle"_s, QCoreApplication::translate("kilnctl", "Stop once nothing is queued or running.")});
    addStorageOptions(parser);
    parser.addPositionalArgument(u"action"_s, u"run"_s);
    if (const int code = parseCommandLine(parser, arguments, u"queue"_s, io); code >= 0)
        return code;
    if (parser.positionalArguments() != QStringList{u"run"_s}) {
        io.err << "kilnctl queue: expected 'run'\n";
        return ExitUsage;
    }
    auto catalogue = openCatalogue(parser, u"queue"_s, io);
    if (!catalogue)
        return ExitUsage;
    Secrets secrets{*catalogue, io, u"queue"_s, {}};
    BakeService service(*catalogue, bakeOptions(parser, *catalogue), secrets.resolver());
    service.start();
    const JobRepository jobs(*catalogue);
    // No event loop here: the service runs on its own thread; this one watches the queue.
    int idlePolls = 0;
    for (;;) {
        QThread::msleep(500);
        if (!parser.isSet(u"until-idle"_s))
            continue;
        auto queuedJobs = jobs.listByStatus(JobStatus::Queued, 1);
        auto running = jobs.listByStatus(JobStatus::Running, 10000);
        if (!queuedJobs.ok() || !running.ok())
            break;
        bool mine = false;
        const QString runner = currentRunner().toString();
        for (const BuildJob &job : std::as_const(running.value()))
            mine = mine || job.runner == runner;
        // Bakes of bake images too: queued ones, and those this service bakes.
        auto bakes = BakeImageRepository(*catalogue).list();
        if (!bakes.ok())
            break;
        for (const BakeImage &image : std::as_const(bakes.value()))
            mine = mine || image.state == BakeState::Queued ||
                   (image.state == BakeState::Baking && image.runner == runner);
        idlePolls = queuedJobs.value().isEmpty() && !mine ? idlePolls + 1 : 0;
        if (idlePolls >= 2)
            break;
    }
    service.stop();
    return ExitOk;
}

} // namespace Kiln::Cli
