#include "cacheentrymodel.h"
#include "store/workerrepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

const QString kImage = u"img-1"_s;
const QString kSha = u"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"_s;

CacheEntry entry(const QString &workerId, const QString &workerName, WorkerCacheStatus status,
                 const QString &error = {})
{
    CacheEntry e;
    e.imageId = kImage;
    e.workerId = workerId;
    e.workerName = workerName;
    e.status = status;
    e.errorText = error;
    e.updatedAt = 1'700'000'000'000;
    return e;
}

Worker worker(const QString &id, const QString &name)
{
    Worker w;
    w.id = id;
    w.name = name;
    return w;
}

QStringList workersOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, CacheEntryModel::WorkerColumn).data().toString();
    return out;
}

} // namespace

class tst_CacheEntryModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setRowsShowsEveryTargetOrderedByName()
    {
        CacheEntryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        CacheEntry ready = entry(u"w2"_s, u"beta"_s, WorkerCacheStatus::Ready);
        ready.contentSha256 = kSha;
        ready.contentSize = 16 * 1024 * 1024;
        model.setRows(kImage, {ready, entry(u"w3"_s, u"gamma"_s, WorkerCacheStatus::Failed, u"boom\nmore"_s)},
                      {worker(u"w1"_s, u"alpha"_s), worker(u"w2"_s, u"beta"_s), worker(u"w3"_s, u"gamma"_s)});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(workersOf(model), (QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s}));
        QCOMPARE(model.columnCount(), int(CacheEntryModel::ColumnCount));
        // A target without a row: "Not warmed", raw status -1.
        QCOMPARE(model.index(0, CacheEntryModel::StatusColumn).data().toString(), u"Not warmed"_s);
        QCOMPARE(model.index(0, 0).data(CacheEntryModel::StatusRole).toInt(), -1);
        QCOMPARE(model.index(0, 0).data(CacheEntryModel::StatusNameRole).toString(), QString());
        // Ready with content: short checksum shown, the full one in the raw role and tooltip.
        QCOMPARE(model.index(1, CacheEntryModel::StatusColumn).data().toString(), u"Ready"_s);
        QCOMPARE(model.index(1, 0).data(CacheEntryModel::StatusRole).toInt(), int(WorkerCacheStatus::Ready));
        QCOMPARE(model.index(1, 0).data(CacheEntryModel::StatusNameRole).toString(), u"ready"_s);
        QCOMPARE(model.index(1, CacheEntryModel::Sha256Column).data().toString(), kSha.left(12));
        QCOMPARE(model.index(1, 0).data(CacheEntryModel::Sha256Role).toString(), kSha);
        QCOMPARE(model.index(1, CacheEntryModel::Sha256Column).data(Qt::ToolTipRole).toString(),
                 u"sha256:"_s + kSha);
        QCOMPARE(model.index(1, 0).data(CacheEntryModel::SizeRole).toLongLong(), 16LL * 1024 * 1024);
        QVERIFY(!model.index(1, CacheEntryModel::SizeColumn).data().toString().isEmpty());
        QVERIFY(!model.index(0, 0).data(CacheEntryModel::SizeRole).isValid());
        QCOMPARE(model.index(1, 0).data(CacheEntryModel::UpdatedAtRole).toLongLong(), 1'700'000'000'000LL);
        QVERIFY(!model.index(1, CacheEntryModel::UpdatedColumn).data().toString().isEmpty());
        // Failed: the first line of the error shows, all of it in the raw role.
        QCOMPARE(model.index(2, CacheEntryModel::ErrorColumn).data().toString(), u"boom"_s);
        QCOMPARE(model.index(2, 0).data(CacheEntryModel::ErrorRole).toString(), u"boom\nmore"_s);
        QCOMPARE(model.counts(), (CacheCounts{1, 0, 1, 0, 1}));
        QCOMPARE(CacheEntryModel::countsText(model.counts()),
                 u"3 workers: 1 ready, 0 building, 1 failed, 1 not warmed"_s);
        QVERIFY(!model.isBusy());
    }

    void upsertEmitsExactlyOneSignal()
    {
        CacheEntryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(kImage, {entry(u"w2"_s, u"beta"_s, WorkerCacheStatus::Pending)},
                      {worker(u"w2"_s, u"beta"_s)});
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // A new worker: one insert at its place by name.
        QVERIFY(model.upsert(entry(u"w1"_s, u"alpha"_s, WorkerCacheStatus::Pending)));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.constFirst().at(1).toInt(), 0);
        QCOMPARE(inserted.constFirst().at(2).toInt(), 0);
        QVERIFY(changed.isEmpty());
        QCOMPARE(workersOf(model), (QStringList{u"alpha"_s, u"beta"_s}));
        QVERIFY(model.isBusy());

        // A known worker turns building: one dataChanged over its Status cell only,
        // the name kept when the service sends none.
        CacheEntry building = entry(u"w2"_s, QString(), WorkerCacheStatus::Building);
        QVERIFY(model.upsert(building));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.constFirst().at(0).toModelIndex(), model.index(1, CacheEntryModel::StatusColumn));
        QCOMPARE(changed.constFirst().at(1).toModelIndex(), model.index(1, CacheEntryModel::StatusColumn));
        QCOMPARE(model.index(1, CacheEntryModel::WorkerColumn).data().toString(), u"beta"_s);

        // Ready with content: one dataChanged from Status to Size.
        CacheEntry ready = entry(u"w2"_s, u"beta"_s, WorkerCacheStatus::Ready);
        ready.updatedAt += 5000;
        ready.contentSha256 = kSha;
        ready.contentSize = 4096;
        QVERIFY(model.upsert(ready));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(1).at(0).toModelIndex(), model.index(1, CacheEntryModel::StatusColumn));
        QCOMPARE(changed.at(1).at(1).toModelIndex(), model.index(1, CacheEntryModel::SizeColumn));

        // The same row again: nothing.
        QVERIFY(!model.upsert(ready));
        QCOMPARE(changed.size(), 2);
        // Another image's row: ignored.
        CacheEntry other = ready;
        other.imageId = u"img-2"_s;
        other.workerId = u"w9"_s;
        QVERIFY(!model.upsert(other));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(reset.isEmpty());
        QVERIFY(removed.isEmpty());
        QCOMPARE(model.rowOfWorker(u"w2"_s), 1);
        QCOMPARE(model.counts(), (CacheCounts{1, 1, 0, 0, 0}));
    }

    void notWarmedRowTurnsWarmedWithOneChange()
    {
        CacheEntryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(kImage, {}, {worker(u"w1"_s, u"alpha"_s)});
        QVERIFY(!model.isWarmed(0));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // Pending (the default status) on a row that was "not warmed": the status cell changes.
        CacheEntry pending = entry(u"w1"_s, u"alpha"_s, WorkerCacheStatus::Pending);
        pending.updatedAt = 0;
        QVERIFY(model.upsert(pending));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.constFirst().at(0).toModelIndex().column(), int(CacheEntryModel::StatusColumn));
        QVERIFY(inserted.isEmpty());
        QVERIFY(model.isWarmed(0));
        QCOMPARE(model.index(0, CacheEntryModel::StatusColumn).data().toString(), u"Pending"_s);
    }

    void summaryText()
    {
        QCOMPARE(CacheEntryModel::summaryText(WarmSummary{2, 1, 0, 0}),
                 u"2 queued, 1 ready, 0 failed, 0 skipped"_s);
        QCOMPARE(CacheEntryModel::countsText(CacheCounts{2, 1, 0, 0, 0}),
                 u"3 workers: 2 ready, 1 building, 0 failed"_s);
        QCOMPARE(CacheEntryModel::countsText(CacheCounts{1, 0, 0, 0, 0}),
                 u"1 worker: 1 ready, 0 building, 0 failed"_s);
    }

    void sortsByRawValues()
    {
        CacheEntryModel model;
        CacheEntry big = entry(u"w1"_s, u"alpha"_s, WorkerCacheStatus::Ready);
        big.contentSize = 10'000'000;
        CacheEntry small = entry(u"w2"_s, u"beta"_s, WorkerCacheStatus::Ready);
        small.contentSize = 900;
        model.setRows(kImage, {big, small}, {});
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(CacheEntryModel::SortRole);
        proxy.sort(CacheEntryModel::SizeColumn, Qt::AscendingOrder);
        // "900 bytes" < "9.54 MiB" as numbers, not as text.
        QCOMPARE(proxy.index(0, CacheEntryModel::WorkerColumn).data().toString(), u"beta"_s);
        QCOMPARE(proxy.index(1, CacheEntryModel::WorkerColumn).data().toString(), u"alpha"_s);
    }
};

QTEST_MAIN(tst_CacheEntryModel)
#include "tst_cacheentrymodel.moc"
