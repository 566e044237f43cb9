#include "catalogueseeds.h"
#include "joblistmodel.h"
#include "modeltesting.h"
#include "store/jobrepository.h"
#include "store/specrepository.h"
#include "store/workerrepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

BuildJob makeJob(const Catalogue &catalogue, const QString &revisionId)
{
    return KilnTest::addJob(catalogue, revisionId);
}

BuildJob move(const Catalogue &catalogue, const BuildJob &job, JobStatus status)
{
    return KilnTest::moveJob(catalogue, job.id, status);
}

SpecContent content(const QString &hash)
{
    SpecContent c;
    c.contentHash = hash;
    c.baseImage = u"docker.io/library/debian:12"_s;
    return c;
}

} // namespace

class tst_JobListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        m_spec = SpecRepository(c).create(u"cuda"_s, content(u"0123456789abcdef0123"_s)).value();
        m_other = SpecRepository(c).create(u"other"_s, content(u"ffffffffffffffffffff"_s)).value();
        m_first = move(c, move(c, makeJob(c, m_spec.revision.id), JobStatus::Running), JobStatus::Succeeded);
        m_second = move(c, makeJob(c, m_spec.revision.id), JobStatus::Cancelled);
        m_model = std::make_unique<JobListModel>(c);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_model->setSpec(m_spec.spec.id);
    }

    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
        m_fixture.cleanup();
    }

    void loadsTheSpecsJobsNewestFirst()
    {
        QCOMPARE(m_model->specId(), m_spec.spec.id);
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->job(0).id, m_second.id);
        QCOMPARE(m_model->job(1).id, m_first.id);
        QCOMPARE(m_model->indexOfJob(m_first.id).row(), 1);
        QVERIFY(!m_model->indexOfJob(u"nope"_s).isValid());
        const QModelIndex first = m_model->index(1, JobListModel::RevisionColumn);
        QCOMPARE(first.data().toString(), u"0123456789ab"_s);
        QCOMPARE(m_model->index(1, JobListModel::StatusColumn).data().toString(), u"Succeeded"_s);
        QCOMPARE(first.data(JobListModel::StatusRole).toInt(), int(JobStatus::Succeeded));
        QCOMPARE(first.data(JobListModel::DurationMsRole).toLongLong(),
                 *m_first.finishedAt - *m_first.startedAt);
        QCOMPARE(first.data(JobListModel::CanRebuildRole).toBool(), true);
        QCOMPARE(first.data(JobListModel::CanCancelRole).toBool(), false);
        QCOMPARE(first.data(JobListModel::TargetImageRole).toString(), m_first.targetImage);
        // Cancelled while queued: never started.
        QCOMPARE(m_model->index(0, 0).data(JobListModel::DurationMsRole).toLongLong(), qint64(-1));
        QCOMPARE(m_model->index(0, JobListModel::DurationColumn).data().toString(), QString());
        QCOMPARE(m_model->headerData(JobListModel::DurationColumn, Qt::Horizontal).toString(), u"Duration"_s);
        QVERIFY(!m_model->isTicking());

        m_model->setSpec(QString());
        QCOMPARE(m_model->rowCount(), 0);
    }

    void newJobInsertedAtTheTop()
    {
        const Catalogue &c = m_fixture.catalogue();
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        // A new revision: its tag is read once.
        const SpecRevision revision =
            SpecRepository(c).addRevision(m_spec.spec.id, content(u"9999aaaa8888bbbb"_s)).value();
        const BuildJob queued = makeJob(c, revision.id);
        m_model->applyJob(queued);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 0);
        QCOMPARE(inserted[0].at(2).toInt(), 0);
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(m_model->job(0).id, queued.id);
        QCOMPARE(m_model->index(0, JobListModel::RevisionColumn).data().toString(), u"9999aaaa8888"_s);
        QCOMPARE(m_model->index(0, 0).data(JobListModel::CanCancelRole).toBool(), true);

        const BuildJob running = move(c, queued, JobStatus::Running);
        m_model->applyJob(running);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex().row(), 0);
        QCOMPARE(changed[0].at(1).toModelIndex().row(), 0);
        QCOMPARE(m_model->index(0, 0).data(JobListModel::StatusRole).toInt(), int(JobStatus::Running));

        m_model->applyJob(makeJob(c, m_other.revision.id)); // another spec's job
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(m_model->rowCount(), 3);
    }

    void jobsOfWorkersNameTheirWorker()
    {
        const Catalogue &c = m_fixture.catalogue();
        Worker worker;
        worker.name = u"gpu-1"_s;
        worker.url = u"http://127.0.0.1:9"_s;
        const Worker stored = WorkerRepository(c).create(worker).value();
        const BuildJob remote = JobRepository(c).create({m_spec.revision.id, {}, {}, stored.id}).value();
        m_model->applyJob(remote);
        const QModelIndex status = m_model->index(0, JobListModel::StatusColumn);
        QCOMPARE(status.data(JobListModel::WorkerIdRole).toString(), stored.id);
        QCOMPARE(status.data().toString(), u"Queued on a worker"_s);
        // Local jobs say nothing of a worker.
        QCOMPARE(m_model->index(1, JobListModel::StatusColumn).data().toString(), u"Cancelled"_s);
        QVERIFY(m_model->index(1, 0).data(JobListModel::WorkerIdRole).toString().isEmpty());

        // The names arrive: only that row's status cell changes.
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setWorkerNames({{stored.id, u"gpu-1"_s}});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), status);
        QCOMPARE(changed[0].at(1).toModelIndex(), status);
        QCOMPARE(status.data().toString(), u"Queued on gpu-1"_s);
        QCOMPARE(status.data(JobListModel::WorkerNameRole).toString(), u"gpu-1"_s);
        m_model->setWorkerNames({{stored.id, u"gpu-1"_s}});
        QCOMPARE(changed.size(), 1); // the same names change nothing

        m_model->applyJob(move(c, move(c, remote, JobStatus::Running), JobStatus::Succeeded));
        QCOMPARE(status.data().toString(), u"Succeeded on gpu-1"_s);
    }

    void durationTicksForRunningJobsOnly()
    {
        const Catalogue &c = m_fixture.catalogue();
        const BuildJob running = move(c, makeJob(c, m_spec.revision.id), JobStatus::Running);
        m_model->setClock([running] { return *running.startedAt + 65000; });
        m_model->applyJob(running);
        QVERIFY(m_model->isTicking());
        QCOMPARE(m_model->index(0, JobListModel::DurationColumn).data().toString(), u"1 min 05 s"_s);
        QCOMPARE(m_model->index(0, 0).data(JobListModel::DurationMsRole).toLongLong(), qint64(65000));

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QVERIFY(changed.wait(3000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), m_model->index(0, JobListModel::DurationColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), m_model->index(0, JobListModel::DurationColumn));

        m_model->applyJob(move(c, running, JobStatus::Succeeded));
        QVERIFY(!m_model->isTicking());
        changed.clear();
        QTest::qWait(1300);
        QCOMPARE(changed.size(), 0);
    }

    void formatsDurations_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << u"0 s"_s;
        QTest::newRow("seconds") << qint64(12999) << u"12 s"_s;
        QTest::newRow("minute") << qint64(65000) << u"1 min 05 s"_s;
        QTest::newRow("hours") << qint64(7380000) << u"2 h 03 min"_s;
    }

    void formatsDurations()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(JobListModel::formatDuration(ms), text);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    std::unique_ptr<JobListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    SpecWithRevision m_spec;
    SpecWithRevision m_other;
    BuildJob m_first;
    BuildJob m_second;
};

QTEST_MAIN(tst_JobListModel)
#include "tst_joblistmodel.moc"
