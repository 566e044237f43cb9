// kiln-test-properties: LABELS slow TIMEOUT 1200
#include "bakefixture.h"
#include "cataloguefixture.h"
#include "remote/remotebuilds.h"
#include "remote/workerclient.h"
#include "store/catalogue.h"
#include "store/secretvault.h"
#include "store/specrepository.h"
#include "store/workerrepository.h"
#include "testsupport.h"
#include "workerprocess.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

template <typename T>
T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 120000))
        qFatal("a future did not finish within 120 s");
    return future.result();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// Running spec revisions on a real kiln-worker that builds with buildah, mirrored
// as local build jobs: their status, their log file, a cancel, a worker that dies.
class TestRemoteBuilds : public QObject
{
    Q_OBJECT

private:
    KilnTest::BakeFixture m_fixture;
    KilnTest::WorkerProcess m_worker;
    QTemporaryDir m_work;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<WorkerClient> m_client;
    std::unique_ptr<RemoteBuilds> m_builds;
    QByteArray m_token;
    QString m_workerId;

    const Catalogue &catalogue() const { return m_catalogue->catalogue(); }

    QString createSpec(const QString &name, const QStringList &apt)
    {
        SpecContent content;
        content.contentHash = name + u"-1"_s;
        content.baseImage = m_fixture.baseImage();
        content.aptPackages = apt;
        auto created = SpecRepository(catalogue()).create(name, content);
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        return created->spec.id;
    }

    BuildJob row(const QString &id) const
    {
        auto job = JobRepository(catalogue()).get(id);
        return job ? job.value() : BuildJob{};
    }

    QString workerLog(const QString &remoteId) const
    {
        return QDir(m_worker.dataDirectory()).filePath(u"logs/%1.log"_s.arg(remoteId));
    }

    // Runs the spec on the worker; the local job and the worker's id of it.
    std::pair<BuildJob, QString> run(const QString &spec)
    {
        const auto started = await(m_builds->runSpec(spec, u"builder-1"_s));
        if (!started) {
            qWarning("runSpec: %s", qPrintable(started.error()));
            return {};
        }
        const QString id = started->id;
        (void)QTest::qWaitFor([&] { return !m_builds->remoteJobId(id).isEmpty() || isFinal(row(id).status); },
                              60000);
        return {started.value(), m_builds->remoteJobId(id)};
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        KilnTest::isolateSettings();
        qRegisterMetaType<BuildJob>();
        QVERIFY(m_work.isValid());
        QVERIFY2(m_fixture.start(), qPrintable(m_fixture.errorString()));
        m_token = m_worker.createToken({u"builds:run"_s}, u"desktop"_s);
        QVERIFY2(!m_token.isEmpty(), qPrintable(m_worker.errorString()));
        {
            auto workerCatalogue =
                Catalogue::openSqlite(QDir(m_worker.dataDirectory()).filePath(u"catalogue.sqlite"_s));
            QVERIFY(workerCatalogue.ok());
            QCOMPARE(m_fixture.addPushRegistry(*workerCatalogue.value()), QString());
        }
        m_worker.setServeArguments({u"--storage-root"_s, m_fixture.storageRoot(), u"--run-root"_s,
                                    m_fixture.runRoot(), u"--storage-driver"_s, u"vfs"_s});
        QVERIFY2(m_worker.start(), qPrintable(m_worker.errorString()));

        m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
        QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
        m_vault = std::make_unique<SecretVault>(KilnTest::fileVaultOptions(m_work.filePath(u"vault"_s)));
        Worker worker;
        worker.name = u"builder-1"_s;
        worker.url = m_worker.baseUrl().toString();
        const auto added = await(addWorker(catalogue(), *m_vault, worker, m_token));
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error()));
        m_workerId = added->id;

        m_client = std::make_unique<WorkerClient>();
        // A short idle timeout: a quiet build must be followed on, not fail.
        m_client->setTimeout(2000);
        m_client->setRetryPolicy(2, 100);
        m_builds = std::make_unique<RemoteBuilds>(catalogue(), *m_vault, m_client.get());
        m_builds->setPollInterval(200);
        m_builds->setLogDirectory(m_work.filePath(u"logs"_s));
    }

    void cleanupTestCase()
    {
        m_builds.reset();
        m_client.reset();
        for (const qint64 pid : KilnTest::processesMatching(m_fixture.sleepCommand()))
            ::kill(pid_t(pid), SIGKILL);
        if (m_worker.isRunning())
            m_worker.stop();
        m_fixture.cleanup();
    }

    void refusesWhatCannotRun()
    {
        const auto noSpec = await(m_builds->runSpec(u"nothing-here"_s, u"builder-1"_s));
        QVERIFY(!noSpec.ok());
        const QString spec = createSpec(u"nowhere"_s, {u"curl"_s});
        const auto noWorker = await(m_builds->runSpec(spec, u"no-such-worker"_s));
        QVERIFY(!noWorker.ok());
        QVERIFY2(noWorker.error().contains(u"no-such-worker"_s), qPrintable(noWorker.error()));
        QVERIFY(JobRepository(catalogue()).listBySpec(spec)->isEmpty());
    }

    void runsARevisionOnTheWorker()
    {
        const QString spec = createSpec(u"demo"_s, {u"curl"_s});
        QSignalSpy changed(m_builds.get(), &RemoteBuilds::jobChanged);
        QSignalSpy output(m_builds.get(), &RemoteBuilds::jobOutput);
        const auto [job, remoteId] = run(spec);
        QVERIFY(!job.id.isEmpty());
        QVERIFY2(!remoteId.isEmpty(), qPrintable(row(job.id).errorText));
        QCOMPARE(job.status, JobStatus::Queued);
        QCOMPARE(job.workerId, m_workerId);
        QCOMPARE(job.specId, spec);

        QTRY_VERIFY2_WITH_TIMEOUT(isFinal(row(job.id).status), qPrintable(m_worker.log()), 300000);
        const BuildJob done = row(job.id);
        QVERIFY2(done.status == JobStatus::Succeeded, qPrintable(done.errorText + m_worker.log()));
        QCOMPARE(done.workerId, m_workerId);
        QVERIFY(done.finishedAt.has_value());
        QTRY_VERIFY(m_builds->activeJobs().isEmpty());

        // queued, running, succeeded, each signalled once stored.
        QList<JobStatus> statuses;
        for (const auto &args : std::as_const(changed)) {
            const auto changedJob = args.at(0).value<BuildJob>();
            QCOMPARE(changedJob.id, job.id);
            statuses.append(changedJob.status);
        }
        QCOMPARE(statuses, (QList<JobStatus>{JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded}));

        // The local log is the worker's, byte for byte.
        const QByteArray remoteLog = readFile(workerLog(remoteId));
        QVERIFY2(remoteLog.contains("apt-get ran as uid 0"), remoteLog.constData());
        QCOMPARE(done.logPath, QDir(m_work.filePath(u"logs"_s)).filePath(job.id + u".log"_s));
        QCOMPARE(readFile(done.logPath), remoteLog);
        QVERIFY(!output.isEmpty());
    }

    void cancelStopsItOnBothSides()
    {
        const QString spec = createSpec(u"sleepy"_s, {u"kiln-sleep"_s});
        const auto [job, remoteId] = run(spec);
        QVERIFY2(!remoteId.isEmpty(), qPrintable(row(job.id).errorText));
        QTRY_VERIFY2_WITH_TIMEOUT(readFile(QDir(m_work.filePath(u"logs"_s)).filePath(job.id + u".log"_s))
                                      .contains("kiln-sleep started"),
                                  qPrintable(m_worker.log()), 300000);
        QCOMPARE(row(job.id).status, JobStatus::Running);
        // Quiet for several idle timeouts of the client: still running, no error.
        QTest::qWait(5000);
        QCOMPARE(row(job.id).status, JobStatus::Running);
        QVERIFY(row(job.id).errorText.isEmpty());

        // The Cancel Build of the job list (BakeService::cancel) asks through the row.
        QVERIFY(JobRepository(catalogue()).requestCancel(job.id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(row(job.id).status, JobStatus::Cancelled, 30000);
        const auto remote = await(
            m_client->job(endpointFor(*WorkerRepository(catalogue()).get(m_workerId), m_token), remoteId));
        QVERIFY(remote.ok());
        QCOMPARE(remote->status, JobStatus::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(KilnTest::processesMatching(m_fixture.sleepCommand()).isEmpty(), 30000);
        // The re-followed stream left no line twice.
        QCOMPARE(readFile(row(job.id).logPath), readFile(workerLog(remoteId)));
    }

    void closingInterruptsWhatItFollows()
    {
        const QString spec = createSpec(u"left-behind"_s, {u"kiln-sleep"_s});
        const auto [job, remoteId] = run(spec);
        QVERIFY2(!remoteId.isEmpty(), qPrintable(row(job.id).errorText));
        QTRY_COMPARE_WITH_TIMEOUT(row(job.id).status, JobStatus::Running, 300000);
        m_builds.reset(); // Kiln closes
        const BuildJob left = row(job.id);
        QCOMPARE(left.status, JobStatus::Interrupted);
        QVERIFY2(left.errorText.contains(u"builder-1"_s), qPrintable(left.errorText));
        // The worker goes on; stop it there.
        const WorkerEndpoint endpoint = endpointFor(*WorkerRepository(catalogue()).get(m_workerId), m_token);
        QCOMPARE(await(m_client->job(endpoint, remoteId))->status, JobStatus::Running);
        QVERIFY(await(m_client->cancelJob(endpoint, remoteId)).ok());
        QTRY_VERIFY_WITH_TIMEOUT(KilnTest::processesMatching(m_fixture.sleepCommand()).isEmpty(), 30000);

        m_builds = std::make_unique<RemoteBuilds>(catalogue(), *m_vault, m_client.get());
        m_builds->setPollInterval(200);
        m_builds->setLogDirectory(m_work.filePath(u"logs"_s));
    }

    void aWorkerThatDiesFailsTheJob()
    {
        const QString spec = createSpec(u"doomed"_s, {u"kiln-sleep"_s});
        const auto [job, remoteId] = run(spec);
        QVERIFY2(!remoteId.isEmpty(), qPrintable(row(job.id).errorText));
        QTRY_VERIFY2_WITH_TIMEOUT(readFile(QDir(m_work.filePath(u"logs"_s)).filePath(job.id + u".log"_s))
                                      .contains("kiln-sleep started"),
                                  qPrintable(m_worker.log()), 300000);
        m_worker.kill();
        QTRY_COMPARE_WITH_TIMEOUT(row(job.id).status, JobStatus::Failed, 60000);
        const BuildJob failed = row(job.id);
        QVERIFY2(failed.errorText.contains(u"builder-1"_s), qPrintable(failed.errorText));
        QVERIFY2(failed.errorText.contains(u"could not be reached"_s), qPrintable(failed.errorText));
        QVERIFY(!failed.errorText.contains(QString::fromLatin1(m_token)));
        QVERIFY(!failed.errorText.contains(QString::fromLatin1(m_token.mid(m_token.lastIndexOf('_') + 1))));
        // The log says so too.
        QVERIFY(readFile(failed.logPath).contains("could not be reached"));
        QTRY_VERIFY(m_builds->activeJobs().isEmpty());
    }
};

QTEST_MAIN(TestRemoteBuilds)
#include "tst_remotebuilds.moc"
