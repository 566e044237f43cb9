// kiln-test-properties: TIMEOUT 900
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "testsupport.h"

#include "bake/bakeservice.h"
#include "bake/joblog.h"
#include "bake/recipe.h"
#include "bake/runnerid.h"
#include "store/catalogue.h"
#include "store/jobrepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/specrepository.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

// A spec whose revision hash is computed as the GUI and kilnctl do.
QString createSpec(const Catalogue &catalogue, const QString &name, const QString &base,
                   const QStringList &apt, const QStringList &conda = {}, const QStringList &pip = {})
{
    RecipeInput input;
    input.baseImage = base;
    input.apt = apt;
    input.conda = conda;
    input.pip = pip;
    SpecContent content;
    content.contentHash = revisionHash(input);
    content.baseImage = base;
    content.aptPackages = apt;
    content.condaPackages = conda;
    content.pipPackages = pip;
    auto created = SpecRepository(catalogue).create(name, content);
    return created.ok() ? created.value().spec.id : QString();
}

QString readFile(const QString &path)
{
    if (path.isEmpty())
        return {};
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class tst_BakeService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void buildsRecipeAndPushes();
    void builtRevisionIsNotQueuedAgain();
    void keepsNonRootUser();
    void refusesWithoutPushRegistry();
    void surfacesPackageNotFound();
    void surfacesMissingBaseImage();
    void surfacesDiskFull();
    void cancelStopsTreeWithinTwoSeconds();
    void cancelsQueuedJob();
    void cancelFromAnotherProcess();
    void timeoutFailsJob();
    void retriesPushUntilRegistryComesUp();
    void givesUpAfterRetries();
    void stopMarksRunningInterrupted();
    void recoversJobsOfDeadRunner();
    void noEngineNamesWhatToInstall();
    void concurrencyRunsJobsTogether();
    void pushesWithCredentialsFromVault();
    void pullsBaseWithPullSecret();

private:
    // A service on m_catalogue with the fixture's storage.
    std::unique_ptr<BakeService> makeService(BakeOptions options);
    BakeOptions defaultOptions() const { return m_fixture.options(); }
    // Waits until the job is final; returns it.
    BuildJob waitFinal(const QString &jobId, int timeoutMs = 180000);
    // Waits until `needle` appears in the job's log.
    bool waitForLog(const QString &jobId, const QString &needle, int timeoutMs = 120000);

    BakeFixture m_fixture;
    std::unique_ptr<TempCatalogue> m_catalogue;
};

void tst_BakeService::initTestCase()
{
    if (BaseImage::buildahPath().isEmpty() || RegistryServer::program().isEmpty())
        QFAIL("buildah and docker-registry are needed: run scripts/dev deps");
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
}

void tst_BakeService::cleanupTestCase()
{
    m_fixture.cleanup();
}

void tst_BakeService::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    const QString problem = m_fixture.addPushRegistry(m_catalogue->catalogue());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_BakeService::cleanup()
{
    m_catalogue.reset();
}

std::unique_ptr<BakeService> tst_BakeService::makeService(BakeOptions options)
{
    return std::make_unique<BakeService>(m_catalogue->catalogue(), std::move(options), CredentialResolver());
}

BuildJob tst_BakeService::waitFinal(const QString &jobId, int timeoutMs)
{
    JobRepository jobs(m_catalogue->catalogue());
    BuildJob job;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        auto current = jobs.get(jobId);
        if (current.ok() && isFinal(current.value().status))
            return current.value();
        QTest::qWait(50);
    }
    auto current = jobs.get(jobId);
    return current.ok() ? current.value() : job;
}

bool tst_BakeService::waitForLog(const QString &jobId, const QString &needle, int timeoutMs)
{
    JobRepository jobs(m_catalogue->catalogue());
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        auto job = jobs.get(jobId);
        if (job.ok() && readFile(job.value().logPath).contains(needle))
            return true;
        if (job.ok() && isFinal(job.value().status))
            return false;
        QTest::qWait(50);
    }
    return false;
}

void tst_BakeService::buildsRecipeAndPushes()
{
    const QStringList apt{u"curl"_s, u"libc6:amd64=2.36-9+deb12u4"_s};
    const QStringList conda{u"conda-forge::numpy>=1.8,<2|1.7"_s};
    const QStringList pip{u"requests[security]>=2.8.1; python_version < \"3.8\""_s};
    const QString specId =
        createSpec(m_catalogue->catalogue(), u"marker"_s, m_fixture.baseImage(), apt, conda, pip);
    QVERIFY(!specId.isEmpty());

    auto service = makeService(defaultOptions());
    QSignalSpy changed(service.get(), &BakeService::jobChanged);
    QSignalSpy output(service.get(), &BakeService::jobOutput);
    service->start();
    auto queued = service->enqueue(u"marker"_s);
    QTRY_VERIFY(queued.isFinished());
    QVERIFY2(queued.result().ok(),
             qPrintable(queued.result().ok() ? QString() : queued.result().error().message));
    QVERIFY(queued.result().value().queued);
    const BuildJob job = waitFinal(queued.result().value().job.id);
    QVERIFY2(job.status == JobStatus::Succeeded, qPrintable(job.errorText + u"\n"_s + readFile(job.logPath)));

    // Every transition was signalled in order, after being stored (the signals
    // are queued to this thread, so the last may arrive after the row changed).
    const auto seen = [&changed, &job] {
        QList<JobStatus> statuses;
        for (const auto &args : std::as_const(changed)) {
            const auto changedJob = args.at(0).value<BuildJob>();
            if (changedJob.id == job.id && (statuses.isEmpty() || statuses.constLast() != changedJob.status))
                statuses.append(changedJob.status);
        }
        return statuses;
    };
    QTRY_COMPARE(seen(), (QList<JobStatus>{JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded}));
    QVERIFY(!output.isEmpty());

    // The digest is the registry's, the target is <prefix>/<name>:<revision tag>.
    const QString tag = job.targetImage.section(u':', -1);
    QCOMPARE(job.targetImage, m_fixture.registry().address() + u"/kiln-built/marker:"_s + tag);
    QCOMPARE(job.pushedDigest, m_fixture.manifestDigest(u"kiln-built/marker"_s, tag));
    QCOMPARE(job.engine.section(u' ', 0, 0), u"buildah"_s);

    // The stand-ins recorded exactly what the recipe ran, with each package one argument.
    QString error;
    const QByteArray recorded =
        m_fixture.fileInImage(u"kiln-built/marker"_s, tag, u"kiln-recorded"_s, &error);
    QVERIFY2(!recorded.isEmpty(), qPrintable(error));
    const QByteArray expected =
        "apt-get update|\n"
        "apt-get install| -y| --no-install-recommends| curl| libc6:amd64=2.36-9+deb12u4|\n"
        "conda install| --yes| -c| conda-forge| conda-forge::numpy>=1.8,<2|1.7|\n"
        "conda clean| --all| --yes|\n"
        "pip install| --no-cache-dir| requests[security]>=2.8.1; python_version < \"3.8\"|\n";
    QCOMPARE(recorded, expected);

    // The job keeps the Containerfile it built, which is the recipe for this base.
    RecipeInput input{m_fixture.baseImage(), apt, conda, pip, {}, {}};
    QCOMPARE(job.containerfile, makeRecipe(input).value().containerfile);
    // The log has timestamped lines of all three streams.
    const auto tail = JobLog::tail(job.logPath, 100000);
    QVERIFY(tail.ok());
    bool sawOut = false;
    bool sawSys = false;
    for (const QByteArray &line : tail.value().lines) {
        const auto parsed = JobLog::parseLine(line);
        QVERIFY2(parsed, line.constData());
        sawOut =
            sawOut || (parsed->stream == LogStream::Out && parsed->text.contains("apt-get ran as uid 0"));
        sawSys = sawSys || (parsed->stream == LogStream::System && parsed->text.startsWith("Pushed "));
    }
    QVERIFY(sawOut);
    QVERIFY(sawSys);
}

void tst_BakeService::builtRevisionIsNotQueuedAgain()
{
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"again"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    BuildQueue queue(m_catalogue->catalogue());
    auto first = queue.enqueueSpec(u"again"_s, false);
    QVERIFY(first.ok() && first.value().queued);
    // Queued already: the same job comes back.
    auto duplicate = queue.enqueueSpec(u"again"_s, false);
    QVERIFY(duplicate.ok());
    QVERIFY(!duplicate.value().queued);
    QCOMPARE(duplicate.value().job.id, first.value().job.id);

    auto service = makeService(defaultOptions());
    service->start();
    QCOMPARE(waitFinal(first.value().job.id).status, JobStatus::Succeeded);
    auto built = queue.enqueueSpec(u"again"_s, false);
    QVERIFY(built.ok());
    QVERIFY(!built.value().queued);
    QCOMPARE(built.value().job.id, first.value().job.id);
    QCOMPARE(built.value().job.status, JobStatus::Succeeded);
    // Forced: a new job, which builds the same target again.
    auto forced = queue.enqueueSpec(u"again"_s, true);
    QVERIFY(forced.ok() && forced.value().queued);
    QVERIFY(forced.value().job.id != first.value().job.id);
    QCOMPARE(waitFinal(forced.value().job.id).status, JobStatus::Succeeded);
    QCOMPARE(JobRepository(m_catalogue->catalogue()).listBySpec(built.value().job.specId).value().size(), 2);
}

void tst_BakeService::keepsNonRootUser()
{
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"nonroot"_s, m_fixture.userBaseImage(), {u"curl"_s})
                 .isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"nonroot"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id);
    QVERIFY2(job.status == JobStatus::Succeeded, qPrintable(job.errorText));
    QVERIFY(job.containerfile.endsWith(u"USER kiln\n"_s));
    const QString tag = job.targetImage.section(u':', -1);
    const QJsonObject config =
        QJsonDocument::fromJson(m_fixture.imageConfig(u"kiln-built/nonroot"_s, tag)).object();
    QCOMPARE(config.value(u"config"_s).toObject().value(u"User"_s).toString(), u"kiln"_s);
    // ... while the packages were installed as root.
    QVERIFY(readFile(job.logPath).contains(u"apt-get ran as uid 0"_s));
}

void tst_BakeService::refusesWithoutPushRegistry()
{
    TempCatalogue bare;
    QVERIFY(bare.isOpen());
    QVERIFY(!createSpec(bare.catalogue(), u"nowhere"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    auto refused = BuildQueue(bare.catalogue()).enqueueSpec(u"nowhere"_s, false);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, BakeError::Code::NoPushRegistry);
    QVERIFY(refused.error().message.contains(u"push registry"_s));
    // Nothing was queued.
    QVERIFY(JobRepository(bare.catalogue()).listRecent(10).value().isEmpty());
}

void tst_BakeService::surfacesPackageNotFound()
{
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"missing-pkg"_s, m_fixture.baseImage(),
                        {u"curl"_s, u"no-such-package"_s})
                 .isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"missing-pkg"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id);
    QCOMPARE(job.status, JobStatus::Failed);
    // apt's own words are in the job's error, not only in the log.
    QVERIFY2(job.errorText.contains(u"E: Unable to locate package no-such-package"_s),
             qPrintable(job.errorText));
    QVERIFY2(job.errorText.contains(u"no-such-package"_s), qPrintable(job.errorText));
}

void tst_BakeService::surfacesMissingBaseImage()
{
    const QString missing = m_fixture.registry().address() + u"/kiln/does-not-exist:1"_s;
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"no-base"_s, missing, {u"curl"_s}).isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"no-base"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"does-not-exist"_s), qPrintable(job.errorText));
    QVERIFY2(job.errorText.contains(u"not found"_s, Qt::CaseInsensitive) ||
                 job.errorText.contains(u"does not exist"_s, Qt::CaseInsensitive),
             qPrintable(job.errorText));
    // Not found is not transient: no retries.
    QVERIFY(!readFile(job.logPath).contains(u"Retrying"_s));
}

void tst_BakeService::surfacesDiskFull()
{
    QVERIFY(
        !createSpec(m_catalogue->catalogue(), u"full"_s, m_fixture.baseImage(), {u"kiln-full"_s}).isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"full"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"disk"_s, Qt::CaseInsensitive), qPrintable(job.errorText));
    QVERIFY2(job.errorText.contains(u"no space left on device"_s), qPrintable(job.errorText));
}

void tst_BakeService::cancelStopsTreeWithinTwoSeconds()
{
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"sleepy"_s, m_fixture.baseImage(), {u"kiln-sleep"_s})
                 .isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"sleepy"_s, false);
    QVERIFY(queued.ok());
    const QString id = queued.value().job.id;
    QVERIFY(waitForLog(id, u"kiln-sleep started"_s));
    QVERIFY(!processesMatching(m_fixture.sleepCommand()).isEmpty());

    QElapsedTimer timer;
    timer.start();
    service->cancel(id);
    const BuildJob job = waitFinal(id, 10000);
    const qint64 took = timer.elapsed();
    QCOMPARE(job.status, JobStatus::Cancelled);
    QVERIFY2(took < 2000, qPrintable(u"cancel took %1 ms"_s.arg(took)));
    // The whole tree is gone: no sleep, no buildah of this build.
    QVERIFY2(processesMatching(m_fixture.sleepCommand()).isEmpty(), "the RUN step survived the cancel");
    QVERIFY(processesMatching(job.targetImage.toUtf8()).isEmpty());
    QVERIFY(readFile(job.logPath).contains(u"Cancelled."_s));
}

void tst_BakeService::cancelsQueuedJob()
{
    QVERIFY(
        !createSpec(m_catalogue->catalogue(), u"waiting"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"waiting"_s, false);
    QVERIFY(queued.ok());
    // No service runs: the job stays queued until cancelled.
    auto cancelled = JobRepository(m_catalogue->catalogue()).requestCancel(queued.value().job.id);
    QVERIFY(cancelled.ok());
    QCOMPARE(cancelled.value().status, JobStatus::Cancelled);
    auto service = makeService(defaultOptions());
    QSignalSpy idle(service.get(), &BakeService::idle);
    service->start();
    QVERIFY(idle.wait(20000));
    QCOMPARE(JobRepository(m_catalogue->catalogue()).get(queued.value().job.id).value().status,
             JobStatus::Cancelled);
}

void tst_BakeService::cancelFromAnotherProcess()
{
    // kilnctl cancel only flags the job; the runner sees the flag and stops it.
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"flagged"_s, m_fixture.baseImage(), {u"kiln-sleep"_s})
                 .isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"flagged"_s, false);
    QVERIFY(queued.ok());
    QVERIFY(waitForLog(queued.value().job.id, u"kiln-sleep started"_s));
    QElapsedTimer timer;
    timer.start();
    auto flagged = JobRepository(m_catalogue->catalogue()).requestCancel(queued.value().job.id);
    QVERIFY(flagged.ok());
    QVERIFY(flagged.value().cancelRequested);
    QCOMPARE(waitFinal(queued.value().job.id, 10000).status, JobStatus::Cancelled);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
}

void tst_BakeService::timeoutFailsJob()
{
    QVERIFY(
        !createSpec(m_catalogue->catalogue(), u"slow"_s, m_fixture.baseImage(), {u"kiln-sleep"_s}).isEmpty());
    BakeOptions options = defaultOptions();
    options.jobTimeoutMs = 8000;
    auto service = makeService(options);
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"slow"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id, 60000);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"limit of 8.0 seconds"_s), qPrintable(job.errorText));
    QVERIFY(job.errorText.contains(u"bake.jobTimeoutMinutes"_s));
    QVERIFY(processesMatching(m_fixture.sleepCommand()).isEmpty());
}

void tst_BakeService::retriesPushUntilRegistryComesUp()
{
    // The push target is a second registry that is not up yet.
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    RegistryServer late;
    const int port = freePort();
    late.setPort(port);
    const QString address = u"127.0.0.1:%1"_s.arg(port);
    QVERIFY(m_fixture.addPushRegistry(catalogue.catalogue(), u"late"_s, address).isEmpty());
    // The base registry is known too, as insecure.
    QVERIFY(!createSpec(catalogue.catalogue(), u"patient"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    QVERIFY(m_fixture.addBaseRegistry(catalogue.catalogue()).isEmpty());
    BakeOptions options = defaultOptions();
    options.retries = 6;
    options.retryBaseDelayMs = 1500;
    BakeService service(catalogue.catalogue(), options, CredentialResolver());
    service.start();
    auto queued = BuildQueue(catalogue.catalogue()).enqueueSpec(u"patient"_s, false);
    QVERIFY(queued.ok());
    const QString id = queued.value().job.id;
    // Wait for the first failed push and its retry note, then bring the registry up.
    JobRepository jobs(catalogue.catalogue());
    QTRY_VERIFY_WITH_TIMEOUT(readFile(jobs.get(id).value().logPath).contains(u"Retrying"_s), 120000);
    QVERIFY2(late.start(), qPrintable(late.errorString()));
    BuildJob job;
    QTRY_VERIFY_WITH_TIMEOUT(isFinal((job = jobs.get(id).value()).status), 120000);
    QVERIFY2(job.status == JobStatus::Succeeded, qPrintable(job.errorText + u"\n"_s + readFile(job.logPath)));
    const QString log = readFile(job.logPath);
    QVERIFY2(log.contains(u"Push failed"_s), qPrintable(log));
    QVERIFY(log.contains(u"retry 1 of 6"_s));
    QCOMPARE(job.pushedDigest,
             QString::fromLatin1(
                 RegistryServer::get(
                     address, u"/v2/kiln-built/patient/manifests/%1"_s.arg(job.targetImage.section(u':', -1)),
                     {{"Accept", "application/vnd.oci.image.manifest.v1+json"}}, 10000)
                     .header("Docker-Content-Digest")));
}

void tst_BakeService::givesUpAfterRetries()
{
    TempCatalogue catalogue;
    QVERIFY(catalogue.isOpen());
    const QString address = u"127.0.0.1:%1"_s.arg(freePort()); // nothing listens there
    QVERIFY(m_fixture.addPushRegistry(catalogue.catalogue(), u"gone"_s, address).isEmpty());
    QVERIFY(m_fixture.addBaseRegistry(catalogue.catalogue()).isEmpty());
    QVERIFY(!createSpec(catalogue.catalogue(), u"doomed"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    BakeOptions options = defaultOptions();
    options.retries = 2;
    options.retryBaseDelayMs = 100;
    BakeService service(catalogue.catalogue(), options, CredentialResolver());
    service.start();
    auto queued = BuildQueue(catalogue.catalogue()).enqueueSpec(u"doomed"_s, false);
    QVERIFY(queued.ok());
    JobRepository jobs(catalogue.catalogue());
    BuildJob job;
    QTRY_VERIFY_WITH_TIMEOUT(isFinal((job = jobs.get(queued.value().job.id).value()).status), 180000);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"connection refused"_s, Qt::CaseInsensitive), qPrintable(job.errorText));
    QVERIFY(job.errorText.contains(u"after 2 retries"_s));
    const QString log = readFile(job.logPath);
    QVERIFY(log.contains(u"retry 1 of 2"_s));
    QVERIFY(log.contains(u"retry 2 of 2"_s));
    QVERIFY(!log.contains(u"retry 3 of 2"_s));
}

void tst_BakeService::stopMarksRunningInterrupted()
{
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"closing"_s, m_fixture.baseImage(), {u"kiln-sleep"_s})
                 .isEmpty());
    auto service = makeService(defaultOptions());
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"closing"_s, false);
    QVERIFY(queued.ok());
    QVERIFY(waitForLog(queued.value().job.id, u"kiln-sleep started"_s));
    service->stop();
    const BuildJob job = JobRepository(m_catalogue->catalogue()).get(queued.value().job.id).value();
    QCOMPARE(job.status, JobStatus::Interrupted);
    QVERIFY(job.errorText.contains(u"closed"_s));
    const QString log = readFile(job.logPath);
    QVERIFY(log.contains(u"kiln-sleep started"_s)); // the log is kept
    QVERIFY(log.contains(u"Interrupted"_s));
    QTRY_VERIFY(processesMatching(m_fixture.sleepCommand()).isEmpty());
    // It can be built again.
    auto again = BuildQueue(m_catalogue->catalogue()).rebuild(job.id);
    QVERIFY(again.ok() && again.value().queued);
}

void tst_BakeService::recoversJobsOfDeadRunner()
{
    // A job "running" under a process that no longer exists (pid 1's start time
    // never matches 12345, and a pid past pid_max never exists).
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"orphan"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    JobRepository jobs(m_catalogue->catalogue());
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"orphan"_s, false);
    QVERIFY(queued.ok());
    const QString logDir = m_catalogue->dirPath() + u"/logs"_s;
    QVERIFY(QDir().mkpath(logDir));
    const RunnerId dead{currentRunner().host, 4194305, 1};
    auto claimed = jobs.claimNext(dead.toString(), logDir);
    QVERIFY(claimed.ok() && claimed.value());
    {
        JobLogWriter log;
        QVERIFY(log.open(claimed.value()->logPath).ok());
        QVERIFY(log.appendLine(u"line written before the crash"_s).ok());
    }
    // And one of another host, which this machine must leave alone.
    auto other = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"orphan"_s, true);
    QVERIFY(other.ok());
    QVERIFY(jobs.claimNext(RunnerId{u"elsewhere.example"_s, 42, 7}.toString(), logDir).value());

    BakeOptions options = defaultOptions();
    options.concurrency = 0; // only recovery, no new builds
    auto service = makeService(options);
    QSignalSpy changed(service.get(), &BakeService::jobChanged);
    service->start();
    QTRY_COMPARE(jobs.get(queued.value().job.id).value().status, JobStatus::Interrupted);
    const BuildJob job = jobs.get(queued.value().job.id).value();
    QVERIFY(job.errorText.contains(u"ended without finishing"_s));
    const QString log = readFile(job.logPath);
    QVERIFY(log.contains(u"line written before the crash"_s));
    QVERIFY(log.contains(u"Interrupted"_s));
    QCOMPARE(jobs.get(other.value().job.id).value().status, JobStatus::Running);
    QTRY_VERIFY(!changed.isEmpty());
}

void tst_BakeService::noEngineNamesWhatToInstall()
{
    QVERIFY(
        !createSpec(m_catalogue->catalogue(), u"no-engine"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());
    BakeOptions options = defaultOptions();
    QTemporaryDir empty;
    options.engineSearchPaths = {empty.path()};
    auto service = makeService(options);
    service->start();
    auto queued = BuildQueue(m_catalogue->catalogue()).enqueueSpec(u"no-engine"_s, false);
    QVERIFY(queued.ok());
    const BuildJob job = waitFinal(queued.value().job.id, 30000);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"apt install buildah"_s), qPrintable(job.errorText));
}

void tst_BakeService::concurrencyRunsJobsTogether()
{
    QVERIFY(
        !createSpec(m_catalogue->catalogue(), u"one"_s, m_fixture.baseImage(), {u"kiln-sleep"_s}).isEmpty());
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"two"_s, m_fixture.baseImage(),
                        {u"kiln-sleep"_s, u"kiln-two"_s})
                 .isEmpty());
    QVERIFY(!createSpec(m_catalogue->catalogue(), u"three"_s, m_fixture.baseImage(),
                        {u"kiln-sleep"_s, u"kiln-three"_s})
                 .isEmpty());
    BakeOptions options = defaultOptions();
    options.concurrency = 2;
    auto service = makeService(options);
    BuildQueue queue(m_catalogue->catalogue());
    QStringList ids;
    for (const QString &name : {u"one"_s, u"two"_s, u"three"_s})
        ids.append(queue.enqueueSpec(name, false).value().job.id);
    service->start();
    JobRepository jobs(m_catalogue->catalogue());
    QVERIFY(waitForLog(ids[0], u"kiln-sleep started"_s));
    QVERIFY2(waitForLog(ids[1], u"kiln-sleep started"_s),
             qPrintable(jobs.get(ids[1]).value().errorText + readFile(jobs.get(ids[1]).value().logPath)));
    QCOMPARE(jobs.get(ids[2]).value().status, JobStatus::Queued);
    service->cancel(ids[0]);
    QCOMPARE(waitFinal(ids[0], 10000).status, JobStatus::Cancelled);
    QVERIFY(waitForLog(ids[2], u"kiln-sleep started"_s));
    service->cancel(ids[1]);
    service->cancel(ids[2]);
    QCOMPARE(waitFinal(ids[1], 10000).status, JobStatus::Cancelled);
    QCOMPARE(waitFinal(ids[2], 10000).status, JobStatus::Cancelled);
}

void tst_BakeService::pushesWithCredentialsFromVault()
{
    // A registry that wants a login; the password lives only in the vault.
    const QByteArray password = "kiln-right-password";
    RegistryServer guarded;
    // bcrypt of kiln-right-password (cost 4), as `htpasswd -Bbn kiln ...` writes it.
    guarded.setHtpasswd(u"kiln"_s, u"$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO"_s);
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));

    QTemporaryDir vaultDir;
    SecretVaultOptions vaultOptions;
    vaultOptions.backend = SecretBackend::File;
    vaultOptions.keyFile = vaultDir.filePath(u"secret.key"_s);
    vaultOptions.dataFile = vaultDir.filePath(u"secrets.enc"_s);
    SecretVault vault(vaultOptions);
    SecretRepository secrets(m_catalogue->catalogue());
    auto secret = secrets.create(u"pusher"_s, SecretKind::RegistryCredential, u"kiln"_s);
    QVERIFY2(secret.ok(), qPrintable(secret.ok() ? QString() : secret.error().message));
    auto written = vault.write(secret.value().keychainRef, password);
    written.waitForFinished();
    QVERIFY(written.result().ok());

    TempCatalogue &catalogue = *m_catalogue;
    auto registries = RegistryRepository(catalogue.catalogue());
    auto target = registries.pushTarget().value();
    QVERIFY(target.has_value());
    QVERIFY(registries.remove(target->id).ok()); // the fixture's (anonymous) one
    Kiln::Registry registry;
    registry.name = u"guarded"_s;
    registry.publicUrl = u"http://"_s + guarded.address();
    registry.imagePrefix = guarded.address() + u"/kiln-built"_s;
    registry.tlsVerify = false;
    registry.authRequired = true;
    registry.pushTarget = true;
    registry.credentialsSecretId = secret.value().id;
    QVERIFY(registries.create(registry).ok());
    QVERIFY(m_fixture.addBaseRegistry(catalogue.catalogue()).isEmpty());
    QVERIFY(
        !createSpec(catalogue.catalogue(), u"guarded-spec"_s, m_fixture.baseImage(), {u"curl"_s}).isEmpty());

    CredentialResolver resolver = [&secrets, &vault](const QString &ref) {
        return resolveCredential(secrets, vault, ref);
    };
    BakeService service(catalogue.catalogue(), defaultOptions(), resolver);
    service.start();
    auto queued = BuildQueue(catalogue.catalogue()).enqueueSpec(u"guarded-spec"_s, false);
    QVERIFY(queued.ok());
    BuildJob job = waitFinal(queued.value().job.id);
    QVERIFY2(job.status == JobStatus::Succeeded, qPrintable(job.errorText + u"\n"_s + readFile(job.logPath)));
    const QString tag = job.targetImage.section(u':', -1);
    const auto manifest =
        RegistryServer::get(guarded.address(), u"/v2/kiln-built/guarded-spec/manifests/%1"_s.arg(tag),
                            {{"Accept", "application/vnd.oci.image.manifest.v1+json"},
                             {"Authorization", "Basic " + QByteArray("kiln:" + password).toBase64()}},
                            10000);
    QCOMPARE(manifest.status, 200);
    QCOMPARE(job.pushedDigest, QString::fromLatin1(manifest.header("Docker-Content-Digest")));
    // The secret is in no log, and the auth file went with the run.
    QString log = readFile(job.logPath);
    QVERIFY(log.contains(u"Using the credentials of 'pusher'"_s));
    QVERIFY(!log.contains(QString::fromLatin1(password)));
    QVERIFY(!log.contains(QString::fromLatin1(QByteArray("kiln:" + password).toBase64())));
    static const QRegularExpression authFile(u"--authfile (\\S+)"_s);
    const auto match = authFile.match(log);
    QVERIFY2(match.hasMatch(), qPrintable(log));
    QVERIFY(!QFile::exists(match.captured(1)));

    // A wrong password: the job fails, saying that the registry refused the login.
    auto rotated = vault.write(secret.value().keychainRef, "not-the-password");
    rotated.waitForFinished();
    QVERIFY(rotated.result().ok());
    auto again = BuildQueue(catalogue.catalogue()).enqueueSpec(u"guarded-spec"_s, true);
    QVERIFY(again.ok());
    job = waitFinal(again.value().job.id);
    QCOMPARE(job.status, JobStatus::Failed);
    QVERIFY2(job.errorText.contains(u"authentication"_s, Qt::CaseInsensitive) ||
                 job.errorText.contains(u"credentials"_s, Qt::CaseInsensitive),
             qPrintable(job.errorText));
    QVERIFY2(job.errorText.contains(guarded.address()), qPrintable(job.errorText));
    log = readFile(job.logPath);
    QVERIFY(!log.contains(u"not-the-password"_s));
    QVERIFY(!log.contains(u"Retrying"_s)); // a refused login is not transient
}

void tst_BakeService::pullsBaseWithPullSecret()
{
    // The base image sits in a registry that wants a login; the spec names a pull
    // secret for it, the push target stays the fixture's anonymous registry.
    RegistryServer guarded;
    guarded.setHtpasswd(u"kiln"_s, u"$2b$04$2ldOZrXphPZiSEGnVU4gGuaNvJ7mII1dOK.nsjVPlOQoqqhnnOUJO"_s);
    QVERIFY2(guarded.start(), qPrintable(guarded.errorString()));
    const QString privateBase = guarded.address() + u"/private/base:1"_s;
    {
        // Copy the fixture's base there (the test's own login on a command line is fine).
        QProcess copy;
        copy.start(u"buildah"_s, m_fixture.storageArguments() +
                                     QStringList{u"pull"_s, u"--tls-verify=false"_s, m_fixture.baseImage()});
        QVERIFY(copy.waitForFinished(120000) && copy.exitCode() == 0);
        copy.start(u"buildah"_s, m_fixture.storageArguments() +
                                     QStringList{u"push"_s, u"--tls-verify=false"_s, u"--creds"_s,
                                                 u"kiln:kiln-right-password"_s, m_fixture.baseImage(),
                                                 u"docker://"_s + privateBase});
        QVERIFY2(copy.waitForFinished(120000) && copy.exitCode() == 0,
                 copy.readAllStandardError().constData());
    }

    QTemporaryDir vaultDir;
    SecretVaultOptions vaultOptions;
    vaultOptions.backend = SecretBackend::File;
    vaultOptions.keyFile = vaultDir.filePath(u"secret.key"_s);
    vaultOptions.dataFile = vaultDir.filePath(u"secrets.enc"_s);
    SecretVault vault(vaultOptions);
    SecretRepository secrets(m_catalogue->catalogue());
    auto secret = secrets.create(u"puller"_s, SecretKind::PullSecret, u"kiln"_s);
    QVERIFY(secret.ok());
    auto written = vault.write(secret.value().keychainRef, "kiln-right-password");
    written.waitForFinished();
    QVERIFY(written.result().ok());
    Kiln::Registry known;
    known.name = u"guarded"_s;
    known.publicUrl = u"http://"_s + guarded.address();
    known.imagePrefix = guarded.address();
    known.tlsVerify = false;
    QVERIFY(RegistryRepository(m_catalogue->catalogue()).create(known).ok());

    // Two specs on the private base: one with the pull secret, one without.
    for (const QString &name : {u"with-secret"_s, u"without-secret"_s}) {
        RecipeInput input;
        input.baseImage = privateBase;
        input.apt = {u"curl"_s};
        input.pullSecretRef = name == u"with-secret"_s ? u"puller"_s : QString();
        SpecContent content;
        content.contentHash = revisionHash(input);
        content.baseImage = privateBase;
        content.aptPackages = input.apt;
        content.pullSecretRef = input.pullSecretRef;
        QVERIFY(SpecRepository(m_catalogue->catalogue()).create(name, content).ok());
    }
    CredentialResolver resolver = [&secrets, &vault](const QString &ref) {
        return resolveCredential(secrets, vault, ref);
    };
    BakeService service(m_catalogue->catalogue(), defaultOptions(), resolver);
    service.start();
    BuildQueue queue(m_catalogue->catalogue());
    const BuildJob with = waitFinal(queue.enqueueSpec(u"with-secret"_s, false).value().job.id);
    QVERIFY2(with.status == JobStatus::Succeeded,
             qPrintable(with.errorText + u"\n"_s + readFile(with.logPath)));
    QVERIFY(readFile(with.logPath).contains(u"Using the credentials of 'puller' for "_s + guarded.address()));
    QVERIFY(!readFile(with.logPath).contains(u"kiln-right-password"_s));
    const BuildJob without = waitFinal(queue.enqueueSpec(u"without-secret"_s, false).value().job.id);
    QCOMPARE(without.status, JobStatus::Failed);
    QVERIFY2(without.errorText.contains(guarded.address()), qPrintable(without.errorText));
    QVERIFY2(without.errorText.contains(u"authentication"_s, Qt::CaseInsensitive) ||
                 without.errorText.contains(u"credentials"_s, Qt::CaseInsensitive) ||
                 without.errorText.contains(u"login"_s, Qt::CaseInsensitive),
             qPrintable(without.errorText));
}

QTEST_GUILESS_MAIN(tst_BakeService)
#include "tst_bakeservice.moc"
