#include "modeltesting.h"
#include "store/workerrepository.h"
#include "workerlistmodel.h"
#include "workerproxymodel.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNow = 1700000000000;

Worker makeWorker(const Catalogue &catalogue, const QString &name)
{
    Worker worker;
    worker.name = name;
    worker.url = u"https://"_s + name + u".example.org:8443"_s;
    auto created = WorkerRepository(catalogue).create(worker);
    if (!created.ok())
        qWarning("makeWorker(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.ok() ? created.value() : Worker{};
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(WorkerListModel::NameRole).toString();
    return out;
}

Worker online(Worker worker, qint64 seenAt)
{
    worker.status = u"online"_s;
    worker.statusMessage.clear();
    worker.version = u"0.1.0"_s;
    worker.capacity = 4;
    worker.runningJobs = 1;
    worker.diskFreeBytes = qint64(38) * 1024 * 1024 * 1024;
    worker.lastSeenAt = seenAt;
    return worker;
}

} // namespace

class tst_WorkerListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }
    void init() { QVERIFY(m_fixture.init()); }
    void cleanup() { m_fixture.cleanup(); }

    void showsEveryWorker()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Worker beta = makeWorker(c, u"beta"_s);
        const Worker alpha = makeWorker(c, u"alpha"_s);
        QVERIFY(WorkerRepository(c)
                    .recordCheck(beta.id, WorkerCheck{u"unreachable"_s,
                                                      u"worker beta: GET /api/v1/info: connection refused"_s,
                                                      std::nullopt,
                                                      {},
                                                      std::nullopt,
                                                      std::nullopt,
                                                      std::nullopt})
                    .ok());
        QVERIFY(
            WorkerRepository(c)
                .recordCheck(
                    alpha.id,
                    WorkerCheck{
                        u"online"_s, {}, kNow - 3 * 60 * 1000, u"0.1.0"_s, 4, qint64(1536) * 1024 * 1024, 1})
                .ok());

        WorkerListModel model(c);
        model.setClock([] { return kNow; });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &WorkerListModel::loaded);
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(namesOf(model), (QStringList{u"alpha"_s, u"beta"_s}));
        QCOMPARE(model.columnCount(), int(WorkerListModel::ColumnCount));
        QCOMPARE(model.headerData(WorkerListModel::DiskFreeColumn, Qt::Horizontal).toString(),
                 u"Disk free"_s);
        QVERIFY(model.hasName(u"beta"_s));
        QVERIFY(!model.hasName(u"gamma"_s));

        auto cell = [&model](const Worker &worker, int column, int role = Qt::DisplayRole) {
            return model.index(model.indexOfWorker(worker.id).row(), column).data(role);
        };
        QCOMPARE(cell(alpha, WorkerListModel::UrlColumn).toString(), u"https://alpha.example.org:8443"_s);
        QCOMPARE(cell(alpha, WorkerListModel::HealthColumn).toString(), u"Online"_s);
        QVERIFY(!cell(alpha, WorkerListModel::HealthColumn, Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(cell(alpha, WorkerListModel::VersionColumn).toString(), u"0.1.0"_s);
        QCOMPARE(cell(alpha, WorkerListModel::CapacityColumn).toString(), u"1 running / 4"_s);
        QCOMPARE(cell(alpha, 0, WorkerListModel::CapacityRole).toLongLong(), 4);
        QCOMPARE(cell(alpha, 0, WorkerListModel::RunningJobsRole).toLongLong(), 1);
        QCOMPARE(cell(alpha, WorkerListModel::DiskFreeColumn).toString(), u"1.5 GiB"_s);
        QCOMPARE(cell(alpha, 0, WorkerListModel::DiskFreeBytesRole).toLongLong(), qint64(1536) * 1024 * 1024);
        QCOMPARE(cell(alpha, WorkerListModel::LastSeenColumn).toString(), u"3 min ago"_s);
        QCOMPARE(cell(alpha, 0, WorkerListModel::LastSeenAtRole).toLongLong(), kNow - 3 * 60 * 1000);

        QCOMPARE(cell(beta, WorkerListModel::HealthColumn).toString(), u"Unreachable"_s);
        QCOMPARE(cell(beta, WorkerListModel::HealthColumn, Qt::ToolTipRole).toString(),
                 u"worker beta: GET /api/v1/info: connection refused"_s);
        QCOMPARE(cell(beta, 0, WorkerListModel::StatusRole).toString(), u"unreachable"_s);
        QCOMPARE(cell(beta, WorkerListModel::VersionColumn).toString(), u"\u2014"_s);
        QCOMPARE(cell(beta, WorkerListModel::CapacityColumn).toString(), u"\u2014"_s);
        QCOMPARE(cell(beta, 0, WorkerListModel::DiskFreeBytesRole).toLongLong(), -1);
        QCOMPARE(cell(beta, WorkerListModel::LastSeenColumn).toString(), u"never"_s);
        QCOMPARE(cell(beta, 0, WorkerListModel::LastSeenAtRole).toLongLong(), 0);
        QVERIFY(cell(alpha, 0, WorkerListModel::StatusRankRole).toInt() <
                cell(beta, 0, WorkerListModel::StatusRankRole).toInt());
    }

    void updateWorkerChangesExactlyOneRow()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Worker alpha = makeWorker(c, u"alpha"_s);
        const Worker beta = makeWorker(c, u"beta"_s);
        const Worker gamma = makeWorker(c, u"gamma"_s);
        WorkerListModel model(c);
        model.setClock([] { return kNow; });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &WorkerListModel::loaded);
        QVERIFY(loaded.wait(10000));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // A check: Health through Last seen of beta's row, one signal.
        model.updateWorker(online(beta, kNow));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, WorkerListModel::HealthColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, WorkerListModel::LastSeenColumn));
        QCOMPARE(model.index(1, WorkerListModel::HealthColumn).data().toString(), u"Online"_s);
        QCOMPARE(model.index(1, WorkerListModel::DiskFreeColumn).data().toString(), u"38.0 GiB"_s);

        // The same again: nothing.
        model.updateWorker(online(beta, kNow));
        QCOMPARE(changed.size(), 1);

        // Only the health: only that cell.
        Worker failed = online(beta, kNow);
        failed.status = u"auth-failed"_s;
        failed.statusMessage = u"worker beta: GET /api/v1/info: 401 unauthorized"_s;
        model.updateWorker(failed);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).toModelIndex(), model.index(1, WorkerListModel::HealthColumn));
        QCOMPARE(changed.at(1).at(1).toModelIndex(), model.index(1, WorkerListModel::HealthColumn));
        QCOMPARE(model.index(1, WorkerListModel::HealthColumn).data(Qt::ToolTipRole).toString(),
                 failed.statusMessage);

        // A new worker is inserted at its place by name; a removed one goes.
        Worker aardvark = gamma;
        aardvark.id = u"new-id"_s;
        aardvark.name = u"aardvark"_s;
        model.updateWorker(aardvark);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), 0);
        QCOMPARE(namesOf(model), (QStringList{u"aardvark"_s, u"alpha"_s, u"beta"_s, u"gamma"_s}));
        model.workerRemoved(alpha.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"aardvark"_s, u"beta"_s, u"gamma"_s}));
        model.workerRemoved(alpha.id); // gone already: nothing
        QCOMPARE(removed.size(), 1);

        // The clock moves: the Last seen column of every row, nothing else.
        changed.clear();
        model.setClock([] { return kNow + 2 * 60 * 60 * 1000; });
        model.refreshRelativeTimes();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(0, WorkerListModel::LastSeenColumn));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(2, WorkerListModel::LastSeenColumn));
        QCOMPARE(model.index(model.indexOfWorker(beta.id).row(), WorkerListModel::LastSeenColumn)
                     .data()
                     .toString(),
                 u"2 h ago"_s);
        QCOMPARE(reset.size(), 0);
    }

    void workerSavedReadsTheCatalogue()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Worker alpha = makeWorker(c, u"alpha"_s);
        WorkerListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &WorkerListModel::loaded);
        QVERIFY(loaded.wait(10000));
        const Worker beta = makeWorker(c, u"beta"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.workerSaved(beta.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"alpha"_s, u"beta"_s}));
        QVERIFY(WorkerRepository(c).remove(alpha.id).ok());
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.workerSaved(alpha.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"beta"_s}));
    }

    void proxySortsByRawValuesAndFilters()
    {
        const Catalogue &c = m_fixture.catalogue();
        const Worker alpha = makeWorker(c, u"alpha"_s);
        const Worker beta = makeWorker(c, u"beta"_s);
        const Worker gamma = makeWorker(c, u"gamma"_s);
        WorkerListModel model(c);
        QSignalSpy loaded(&model, &WorkerListModel::loaded);
        QVERIFY(loaded.wait(10000));
        Worker a = online(alpha, kNow);
        a.diskFreeBytes = qint64(900) * 1024 * 1024; // "900 MiB" sorts below "38 GiB" as bytes only
        model.updateWorker(a);
        model.updateWorker(online(beta, kNow - 1000));
        WorkerProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.sort(WorkerListModel::DiskFreeColumn, Qt::DescendingOrder);
        QCOMPARE(namesOf(proxy), (QStringList{u"beta"_s, u"alpha"_s, u"gamma"_s}));
        proxy.sort(WorkerListModel::LastSeenColumn, Qt::AscendingOrder);
        QCOMPARE(namesOf(proxy), (QStringList{u"gamma"_s, u"beta"_s, u"alpha"_s}));
        proxy.sort(WorkerListModel::HealthColumn, Qt::AscendingOrder);
        QCOMPARE(namesOf(proxy), (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));

        proxy.setFilterText(u"not checked"_s); // the health as shown
        QCOMPARE(namesOf(proxy), (QStringList{u"gamma"_s}));
        proxy.setFilterText(u"BETA.example"_s); // the URL
        QCOMPARE(namesOf(proxy), (QStringList{u"beta"_s}));
        proxy.setFilterText(u"0.1.0"_s); // the version
        QCOMPARE(namesOf(proxy).size(), 2);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), 3);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
};

QTEST_MAIN(tst_WorkerListModel)
#include "tst_workerlistmodel.moc"
