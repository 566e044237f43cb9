#include "cataloguefixture.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QtConcurrent>
#include <QThreadPool>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

Q_DECLARE_METATYPE(Kiln::JobStatus)

namespace {

SpecWithRevision makeSpec(const Catalogue &catalogue, const QString &name)
{
    SpecContent c;
    c.contentHash = u"hash-"_s + name;
    c.baseImage = u"ubuntu:22.04"_s;
    return SpecRepository(catalogue).create(name, c).value();
}

JobTransition to(JobStatus status)
{
    JobTransition t;
    t.to = status;
    return t;
}

void addWorker(const Catalogue &catalogue, const QString &id)
{
    QSqlQuery query(catalogue.database());
    QVERIFY(query.exec(u"INSERT INTO workers (id, name, url, created_at, updated_at) VALUES ('%1', '%1', "
                       "'https://%1', 1, 1)"_s.arg(id)));
}

} // namespace

class TestJobRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void statusNamesRoundTrip()
    {
        for (JobStatus s : {JobStatus::Queued, JobStatus::Running, JobStatus::Succeeded, JobStatus::Failed,
                            JobStatus::Cancelled, JobStatus::Interrupted})
            QCOMPARE(jobStatusFromName(jobStatusName(s)), std::optional<JobStatus>(s));
        QVERIFY(!jobStatusFromName(u"Running"_s).has_value());
        QVERIFY(!jobStatusFromName(u""_s).has_value());
        QVERIFY(!jobStatusFromName(u"done"_s).has_value());
    }

    void createQueuesAJob()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        auto job = jobs.create({spec.revision.id, u"reg.example/kiln/s:hash-s"_s, u"/logs/1.log"_s, {}});
        QVERIFY2(job.ok(), KilnTest::whyNot(job).constData());
        QCOMPARE(job.value().specId, spec.spec.id);
        QCOMPARE(job.value().revisionId, spec.revision.id);
        QCOMPARE(job.value().status, JobStatus::Queued);
        QVERIFY(!job.value().startedAt && !job.value().finishedAt);
        QCOMPARE(job.value().createdAt, job.value().updatedAt);
        QCOMPARE(job.value().targetImage, u"reg.example/kiln/s:hash-s"_s);
        QCOMPARE(job.value().logPath, u"/logs/1.log"_s);
        QVERIFY(job.value().workerId.isEmpty());
        QCOMPARE(jobs.get(job.value().id).value(), job.value());
    }

    void createRefusesUnknownReferences()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        auto noRevision = jobs.create({u"no-such-revision"_s, {}, {}, {}});
        QCOMPARE(noRevision.error().code, StoreError::Code::NotFound);
        QVERIFY(noRevision.error().message.contains(u"no-such-revision"_s));
        auto noWorker = jobs.create({spec.revision.id, {}, {}, u"no-such-worker"_s});
        QCOMPARE(noWorker.error().code, StoreError::Code::NotFound);
        QVERIFY2(noWorker.error().message.contains(u"no-such-worker"_s),
                 qPrintable(noWorker.error().message));
        QVERIFY(jobs.listBySpec(spec.spec.id).value().isEmpty());
        QCOMPARE(jobs.get(u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(jobs.transition(u"nope"_s, to(JobStatus::Running)).error().code, StoreError::Code::NotFound);
    }

    void transitions_data()
    {
        QTest::addColumn<QList<JobStatus>>("path");
        QTest::addColumn<int>("refusedAt"); // index in path of the first refused step; -1: all allowed
        using S = JobStatus;
        QTest::newRow("build succeeds") << QList<S>{S::Running, S::Succeeded} << -1;
        QTest::newRow("build fails") << QList<S>{S::Running, S::Failed} << -1;
        QTest::newRow("cancel while running") << QList<S>{S::Running, S::Cancelled} << -1;
        QTest::newRow("interrupted") << QList<S>{S::Running, S::Interrupted} << -1;
        QTest::newRow("cancel while queued") << QList<S>{S::Cancelled} << -1;
        QTest::newRow("fails before starting") << QList<S>{S::Failed} << -1;
        QTest::newRow("queued cannot succeed") << QList<S>{S::Succeeded} << 0;
        QTest::newRow("queued cannot be interrupted") << QList<S>{S::Interrupted} << 0;
        QTest::newRow("never queued again") << QList<S>{S::Running, S::Queued} << 1;
        QTest::newRow("running twice") << QList<S>{S::Running, S::Running} << 1;
        QTest::newRow("succeeded is final") << QList<S>{S::Running, S::Succeeded, S::Running} << 2;
        QTest::newRow("cancelled is final") << QList<S>{S::Cancelled, S::Running} << 1;
        QTest::newRow("failed is final") << QList<S>{S::Running, S::Failed, S::Cancelled} << 2;
        QTest::newRow("interrupted is final") << QList<S>{S::Running, S::Interrupted, S::Succeeded} << 2;
        QTest::newRow("cancel after success") << QList<S>{S::Running, S::Succeeded, S::Cancelled} << 2;
    }

    void transitions()
    {
        QFETCH(QList<JobStatus>, path);
        QFETCH(int, refusedAt);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        const QString id = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        JobStatus current = JobStatus::Queued;
        for (int i = 0; i < path.size(); ++i) {
            auto changed = jobs.transition(id, to(path[i]));
            if (i == refusedAt) {
                QVERIFY(!changed.ok());
                QCOMPARE(changed.error().code, StoreError::Code::Invalid);
                QVERIFY2(changed.error().message.contains(jobStatusName(path[i])),
                         qPrintable(changed.error().message));
                QCOMPARE(jobs.get(id).value().status, current);
                return;
            }
            QVERIFY2(changed.ok(), KilnTest::whyNot(changed).constData());
            QCOMPARE(changed.value().status, path[i]);
            current = path[i];
        }
        QCOMPARE(refusedAt, -1);
    }

    void transitionsStampTimesAndFields()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        addWorker(temp.catalogue(), u"w1"_s);
        JobRepository jobs(temp.catalogue());
        const BuildJob queued = jobs.create({spec.revision.id, u"t"_s, u"/l/a.log"_s, {}}).value();

        JobTransition start = to(JobStatus::Running);
        start.workerId = u"w1"_s;
        auto running = jobs.transition(queued.id, start);
        QVERIFY(running.ok());
        QVERIFY(running.value().startedAt.has_value());
        QVERIFY(*running.value().startedAt > queued.createdAt);
        QCOMPARE(running.value().updatedAt, *running.value().startedAt);
        QVERIFY(!running.value().finishedAt);
        QCOMPARE(running.value().workerId, u"w1"_s);
        QCOMPARE(running.value().logPath, u"/l/a.log"_s); // empty field: kept

        JobTransition done = to(JobStatus::Succeeded);
        done.pushedDigest = u"sha256:abc"_s;
        done.logPath = u"/l/b.log"_s;
        auto succeeded = jobs.transition(queued.id, done);
        QVERIFY(succeeded.ok());
        QVERIFY(*succeeded.value().finishedAt > *succeeded.value().startedAt);
        QCOMPARE(succeeded.value().startedAt, running.value().startedAt);
        QCOMPARE(succeeded.value().pushedDigest, u"sha256:abc"_s);
        QCOMPARE(succeeded.value().logPath, u"/l/b.log"_s);
        QCOMPARE(succeeded.value().workerId, u"w1"_s);
        QCOMPARE(succeeded.value().targetImage, u"t"_s);

        // Cancelling a queued job finishes it without ever starting it.
        const BuildJob other = jobs.create({spec.revision.id, {}, {}, {}}).value();
        auto cancelled = jobs.transition(other.id, to(JobStatus::Cancelled));
        QVERIFY(cancelled.ok());
        QVERIFY(!cancelled.value().startedAt);
        QVERIFY(cancelled.value().finishedAt.has_value());

        JobTransition unknownWorker = to(JobStatus::Running);
        unknownWorker.workerId = u"w9"_s;
        const BuildJob third = jobs.create({spec.revision.id, {}, {}, {}}).value();
        QCOMPARE(jobs.transition(third.id, unknownWorker).error().code, StoreError::Code::NotFound);
        QCOMPARE(jobs.get(third.id).value().status, JobStatus::Queued);
    }

    void onlyOneConcurrentTransitionWins()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        for (int round = 0; round < 20; ++round) {
            const QString id = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
            QVERIFY(jobs.transition(id, to(JobStatus::Running)).ok());
            auto attempt = [&jobs, id](JobStatus status) { return jobs.transition(id, to(status)).ok(); };
            QFuture<bool> finish = QtConcurrent::run(&pool, attempt, JobStatus::Succeeded);
            QFuture<bool> cancel = QtConcurrent::run(&pool, attempt, JobStatus::Cancelled);
            const bool finished = finish.result();
            const bool cancelled = cancel.result();
            QVERIFY2(finished != cancelled, qPrintable(u"round %1"_s.arg(round)));
            QCOMPARE(jobs.get(id).value().status, finished ? JobStatus::Succeeded : JobStatus::Cancelled);
        }
        pool.waitForDone();
    }

    void listsAndLatest()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision a = makeSpec(temp.catalogue(), u"a"_s);
        const SpecWithRevision b = makeSpec(temp.catalogue(), u"b"_s);
        const SpecWithRevision idle = makeSpec(temp.catalogue(), u"idle"_s);
        JobRepository jobs(temp.catalogue());
        QStringList aJobs;
        for (int i = 0; i < 5; ++i)
            aJobs.prepend(jobs.create({a.revision.id, u"a:%1"_s.arg(i), {}, {}}).value().id);
        const QString bJob = jobs.create({b.revision.id, {}, {}, {}}).value().id;

        auto listed = jobs.listBySpec(a.spec.id);
        QVERIFY(listed.ok());
        QStringList ids;
        for (const BuildJob &job : listed.value())
            ids << job.id;
        QCOMPARE(ids, aJobs); // newest first
        QCOMPARE(jobs.listBySpec(a.spec.id, 2).value().size(), 2);
        QCOMPARE(jobs.listBySpec(a.spec.id, 0).error().code, StoreError::Code::Invalid);
        QVERIFY(jobs.listBySpec(idle.spec.id).value().isEmpty());

        QCOMPARE(jobs.latestForSpec(a.spec.id).value()->id, aJobs.constFirst());
        QVERIFY(!jobs.latestForSpec(idle.spec.id).value().has_value());

        auto latest = jobs.latestPerSpec({a.spec.id, b.spec.id, idle.spec.id, u"unknown"_s});
        QVERIFY(latest.ok());
        QCOMPARE(latest.value().size(), 2);
        QCOMPARE(latest.value().value(a.spec.id).id, aJobs.constFirst());
        QCOMPARE(latest.value().value(b.spec.id).id, bJob);
        QVERIFY(jobs.latestPerSpec({}).value().isEmpty());

        QVERIFY(jobs.transition(aJobs[2], to(JobStatus::Running)).ok());
        auto queued = jobs.listByStatus(JobStatus::Queued);
        QCOMPARE(queued.value().size(), 5);
        QCOMPARE(queued.value().constFirst().id, aJobs.constLast()); // oldest first
        QCOMPARE(jobs.listByStatus(JobStatus::Running).value().constFirst().id, aJobs[2]);
    }

    void latestPerSpecHandlesManySpecs()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        {
            QSqlQuery q(temp->database());
            QVERIFY(q.exec(u"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1199) "
                           "INSERT INTO image_specs (id, name, created_at, updated_at) "
                           "SELECT 'spec-' || i, 'spec-' || i, 1, 1 FROM n"_s));
            QVERIFY(q.exec(u"INSERT INTO spec_revisions (id, spec_id, content_hash, base_image, created_at) "
                           "SELECT 'rev-' || id, id, 'h', 'b', 1 FROM image_specs"_s));
            QVERIFY(
                q.exec(u"INSERT INTO build_jobs (id, spec_id, revision_id, status, created_at, updated_at) "
                       "SELECT 'old-' || id, id, 'rev-' || id, 'failed', 1, 1 FROM image_specs"_s));
            QVERIFY(
                q.exec(u"INSERT INTO build_jobs (id, spec_id, revision_id, status, created_at, updated_at) "
                       "SELECT 'new-' || id, id, 'rev-' || id, 'queued', 2, 2 FROM image_specs"_s));
        }
        QStringList ids;
        for (int i = 0; i < 1200; ++i)
            ids << u"spec-%1"_s.arg(i);
        auto latest = JobRepository(temp.catalogue()).latestPerSpec(ids);
        QVERIFY2(latest.ok(), KilnTest::whyNot(latest).constData());
        QCOMPARE(latest.value().size(), 1200);
        QCOMPARE(latest.value().value(u"spec-1199"_s).id, u"new-spec-1199"_s);
        QCOMPARE(latest.value().value(u"spec-0"_s).status, JobStatus::Queued);
    }

    void claimNextTakesOldestLocalJobOnce()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        addWorker(temp.catalogue(), u"w1"_s);
        JobRepository jobs(temp.catalogue());
        qint64 clock = 1000;
        temp->setClock([&clock] { return clock++; });
        QStringList local;
        for (int i = 0; i < 40; ++i)
            local.append(jobs.create({spec.revision.id, {}, {}, {}}).value().id);
        const QString remote = jobs.create({spec.revision.id, {}, {}, u"w1"_s}).value().id;

        // The first claim is the oldest job, with its log under the directory given.
        auto first = jobs.claimNext(u"host|1|1"_s, u"/logs"_s);
        QVERIFY2(first.ok(), KilnTest::whyNot(first).constData());
        QVERIFY(first.value().has_value());
        QCOMPARE(first.value()->id, local.first());
        QCOMPARE(first.value()->status, JobStatus::Running);
        QCOMPARE(first.value()->runner, u"host|1|1"_s);
        QCOMPARE(first.value()->logPath, u"/logs/"_s + local.first() + u".log"_s);
        QVERIFY(first.value()->startedAt.has_value());

        // Four threads race for the rest: every job is claimed exactly once.
        QList<QFuture<QStringList>> racers;
        for (int r = 0; r < 4; ++r) {
            racers.append(QtConcurrent::run([&temp, r] {
                QStringList mine;
                JobRepository repository(temp.catalogue());
                for (;;) {
                    auto claimed = repository.claimNext(u"host|%1|1"_s.arg(r + 10), u"/logs"_s);
                    if (!claimed.ok() || !claimed.value())
                        break;
                    mine.append(claimed.value()->id);
                }
                return mine;
            }));
        }
        QStringList all{local.first()};
        for (auto &racer : racers)
            all += racer.result();
        std::sort(all.begin(), all.end());
        QStringList expected = local;
        std::sort(expected.begin(), expected.end());
        QCOMPARE(all, expected);
        // A worker's job is that worker's to run.
        QCOMPARE(jobs.get(remote).value().status, JobStatus::Queued);
        QVERIFY(!jobs.claimNext(u"host|1|1"_s, u"/logs"_s).value().has_value());
    }

    void recordBuildOnlyWhileRunning()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        const QString id = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        QCOMPARE(jobs.recordBuild(id, u"FROM x\n"_s, u"buildah 1"_s).error().code, StoreError::Code::Invalid);
        QVERIFY(jobs.claimNext(u"h|1|1"_s, u"/l"_s).value().has_value());
        QVERIFY(jobs.recordBuild(id, u"FROM x\nUSER root\n"_s, u"buildah 1.28.2"_s).ok());
        const BuildJob job = jobs.get(id).value();
        QCOMPARE(job.containerfile, u"FROM x\nUSER root\n"_s);
        QCOMPARE(job.engine, u"buildah 1.28.2"_s);
        QVERIFY(jobs.transition(id, to(JobStatus::Succeeded)).ok());
        QCOMPARE(jobs.recordBuild(id, u"FROM y\n"_s, {}).error().code, StoreError::Code::Invalid);
        QCOMPARE(jobs.get(id).value().containerfile, u"FROM x\nUSER root\n"_s);
    }

    void requestCancel()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        JobRepository jobs(temp.catalogue());
        const QString running = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        const QString queued = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        QCOMPARE(jobs.claimNext(u"me|1|1"_s, u"/l"_s).value()->id, running);
        QVERIFY(jobs.cancelRequests(u"me|1|1"_s).value().isEmpty());

        // Queued: cancelled at once.
        auto cancelled = jobs.requestCancel(queued);
        QVERIFY2(cancelled.ok(), KilnTest::whyNot(cancelled).constData());
        QCOMPARE(cancelled.value().status, JobStatus::Cancelled);
        QVERIFY(cancelled.value().finishedAt.has_value());
        // Running: flagged for its runner, and only its runner sees it.
        auto flagged = jobs.requestCancel(running);
        QVERIFY(flagged.ok());
        QCOMPARE(flagged.value().status, JobStatus::Running);
        QVERIFY(flagged.value().cancelRequested);
        QCOMPARE(jobs.cancelRequests(u"me|1|1"_s).value(), QStringList{running});
        QVERIFY(jobs.cancelRequests(u"other|1|1"_s).value().isEmpty());
        // Once final, there is nothing to cancel.
        QVERIFY(jobs.transition(running, to(JobStatus::Cancelled)).ok());
        QVERIFY(jobs.cancelRequests(u"me|1|1"_s).value().isEmpty());
        auto late = jobs.requestCancel(running);
        QCOMPARE(late.error().code, StoreError::Code::Invalid);
        QVERIFY2(late.error().message.contains(u"already cancelled"_s), qPrintable(late.error().message));
        QCOMPARE(jobs.requestCancel(u"nope"_s).error().code, StoreError::Code::NotFound);
    }

    void markRunningInterrupted_data()
    {
        QTest::addColumn<int>("scope");
        QTest::addColumn<int>("expected");
        QTest::newRow("all workers") << int(InterruptScope::AllWorkers) << 2;
        QTest::newRow("local only") << int(InterruptScope::LocalOnly) << 1;
    }

    void markRunningInterrupted()
    {
        QFETCH(int, scope);
        QFETCH(int, expected);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const SpecWithRevision spec = makeSpec(temp.catalogue(), u"s"_s);
        addWorker(temp.catalogue(), u"w1"_s);
        JobRepository jobs(temp.catalogue());
        const QString local = jobs.create({spec.revision.id, {}, u"/l/local.log"_s, {}}).value().id;
        const QString remote = jobs.create({spec.revision.id, {}, {}, u"w1"_s}).value().id;
        const QString queued = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        const QString done = jobs.create({spec.revision.id, {}, {}, {}}).value().id;
        QVERIFY(jobs.transition(local, to(JobStatus::Running)).ok());
        QVERIFY(jobs.transition(remote, to(JobStatus::Running)).ok());
        QVERIFY(jobs.transition(done, to(JobStatus::Running)).ok());
        QVERIFY(jobs.transition(done, to(JobStatus::Succeeded)).ok());

        auto marked = jobs.markRunningInterrupted(InterruptScope(scope));
        QVERIFY2(marked.ok(), KilnTest::whyNot(marked).constData());
        QCOMPARE(marked.value(), expected);
        const BuildJob l = jobs.get(local).value();
        QCOMPARE(l.status, JobStatus::Interrupted);
        QVERIFY(l.finishedAt.has_value());
        QCOMPARE(l.logPath, u"/l/local.log"_s);
        QVERIFY(l.errorText.contains(u"stopped"_s));
        QCOMPARE(jobs.get(remote).value().status,
                 expected == 2 ? JobStatus::Interrupted : JobStatus::Running);
        QCOMPARE(jobs.get(queued).value().status, JobStatus::Queued);
        QCOMPARE(jobs.get(done).value().status, JobStatus::Succeeded);
        QCOMPARE(jobs.markRunningInterrupted(InterruptScope(scope)).value(), 0);
    }
};

QTEST_GUILESS_MAIN(TestJobRepository)
#include "tst_jobrepository.moc"
