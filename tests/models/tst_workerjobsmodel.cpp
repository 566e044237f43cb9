#include "workerjobsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

WorkerJob job(const QString &id, int minute, JobStatus status)
{
    WorkerJob j;
    j.id = id;
    j.specName = u"cuda"_s;
    j.revision = 3;
    j.status = status;
    j.createdAt = QDateTime(QDate(2026, 11, 23), QTime(12, minute), Qt::UTC);
    j.updatedAt = j.createdAt;
    return j;
}

QStringList idsOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(WorkerJobsModel::JobIdRole).toString();
    return out;
}

} // namespace

// The jobs of one worker, newest first, with exact row signals.
class tst_WorkerJobsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newestFirstAndExactSignals()
    {
        WorkerJobsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setJobs({job(u"j1"_s, 1, JobStatus::Succeeded), job(u"j3"_s, 3, JobStatus::Running),
                       job(u"j2"_s, 2, JobStatus::Failed)});
        QCOMPARE(idsOf(model), (QStringList{u"j3"_s, u"j2"_s, u"j1"_s}));
        const QModelIndex running = model.indexOfJob(u"j3"_s);
        QVERIFY(running.data(WorkerJobsModel::RunningRole).toBool());
        QVERIFY(!model.indexOfJob(u"j1"_s).data(WorkerJobsModel::RunningRole).toBool());
        QCOMPARE(running.siblingAtColumn(WorkerJobsModel::SpecColumn).data().toString(), u"cuda"_s);
        QCOMPARE(running.siblingAtColumn(WorkerJobsModel::RevisionColumn).data().toLongLong(), 3);
        QCOMPARE(running.siblingAtColumn(WorkerJobsModel::StatusColumn).data().toString(), u"Running"_s);
        QCOMPARE(running.data(WorkerJobsModel::StatusRole).toInt(), int(JobStatus::Running));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        WorkerJob done = job(u"j3"_s, 3, JobStatus::Succeeded);
        done.updatedAt = done.createdAt.addSecs(90);
        model.setJobs({job(u"j4"_s, 4, JobStatus::Queued), done, job(u"j2"_s, 2, JobStatus::Failed)});
        QCOMPARE(removed.size(), 1); // j1 is no longer listed
        QCOMPARE(removed.at(0).at(1).toInt(), 2);
        QCOMPARE(inserted.size(), 1); // j4 on top
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(changed.size(), 1); // j3: Status and Updated
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, WorkerJobsModel::StatusColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, WorkerJobsModel::UpdatedColumn));
        QCOMPARE(idsOf(model), (QStringList{u"j4"_s, u"j3"_s, u"j2"_s}));
        QCOMPARE(reset.size(), 0);
        model.clear();
        QCOMPARE(reset.size(), 1);
    }
};

QTEST_MAIN(tst_WorkerJobsModel)
#include "tst_workerjobsmodel.moc"
