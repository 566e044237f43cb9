#include "availabilitygrouplistmodel.h"
#include "modeltesting.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/workerrepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

AvailabilityGroup makeGroup(const Catalogue &catalogue, const QString &name, const QString &description = {})
{
    AvailabilityGroup group;
    group.name = name;
    group.description = description;
    auto created = AvailabilityGroupRepository(catalogue).create(group);
    if (!created.ok())
        qFatal("makeGroup(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.value();
}

QString makeWorker(const Catalogue &catalogue, const QString &name)
{
    Worker worker;
    worker.name = name;
    worker.url = u"http://127.0.0.1:9/"_s;
    auto created = WorkerRepository(catalogue).create(worker);
    if (!created.ok())
        qFatal("makeWorker(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created->id;
}

QString makeImage(const Catalogue &catalogue, const QString &name)
{
    BakeImage image;
    image.name = name;
    image.source = BakeSource{BakeSourceKind::RootfsTar, u"/tmp/"_s + name + u".tar"_s};
    image.sizeMib = 16;
    auto created = BakeImageRepository(catalogue).registerImage(image);
    if (!created.ok())
        qFatal("makeImage(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created->id;
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(AvailabilityGroupListModel::NameRole).toString();
    return out;
}

bool loaded(const AvailabilityGroupListModel &model)
{
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, 10000);
}

} // namespace

class tst_AvailabilityGroupListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        m_gpu = makeGroup(c, u"gpu-eu"_s, u"The GPU hosts\nin Frankfurt"_s);
        m_cpu = makeGroup(c, u"cpu-us"_s);
        m_worker = makeWorker(c, u"worker-1"_s);
        m_image = makeImage(c, u"base"_s);
        const AvailabilityGroupRepository groups(c);
        QVERIFY(groups.addWorker(m_gpu.id, m_worker).ok());
        QVERIFY(groups.attachImage(m_gpu.id, m_image).ok());
        m_gpu = groups.get(m_gpu.id).value();
    }

    void cleanup() { m_fixture.cleanup(); }

    void loadsOffTheGuiThreadWithColumnsAndRoles()
    {
        AvailabilityGroupListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.isLoading());
        QCOMPARE(model.rowCount(), 0); // nothing before the read arrives
        QVERIFY(loaded(model));
        QCOMPARE(namesOf(model), (QStringList{u"cpu-us"_s, u"gpu-eu"_s}));
        QCOMPARE(model.columnCount(), int(AvailabilityGroupListModel::ColumnCount));
        const int gpu = model.indexOfGroup(m_gpu.id).row();
        QCOMPARE(gpu, 1);
        auto cell = [&](int column, int role = Qt::DisplayRole) {
            return model.index(gpu, column).data(role);
        };
        QCOMPARE(cell(AvailabilityGroupListModel::NameColumn).toString(), u"gpu-eu"_s);
        // The first line shows; the whole description is in the raw role and the tooltip.
        QCOMPARE(cell(AvailabilityGroupListModel::DescriptionColumn).toString(), u"The GPU hosts"_s);
        QCOMPARE(cell(0, AvailabilityGroupListModel::DescriptionRole).toString(),
                 u"The GPU hosts\nin Frankfurt"_s);
        QCOMPARE(cell(AvailabilityGroupListModel::ImagesColumn).toInt(), 1);
        QCOMPARE(cell(AvailabilityGroupListModel::WorkersColumn).toInt(), 1);
        QCOMPARE(cell(0, AvailabilityGroupListModel::ImageIdsRole).toStringList(), QStringList{m_image});
        QCOMPARE(cell(0, AvailabilityGroupListModel::WorkerIdsRole).toStringList(), QStringList{m_worker});
        QCOMPARE(
            cell(AvailabilityGroupListModel::WorkersColumn, AvailabilityGroupListModel::SortRole).toInt(), 1);
        QCOMPARE(model.headerData(AvailabilityGroupListModel::WorkersColumn, Qt::Horizontal).toString(),
                 u"Workers"_s);
        QVERIFY(model.group(m_gpu.id).has_value());
        QVERIFY(!model.group(u"nope"_s).has_value());
    }

    void applyGroupInsertsAtItsPlace()
    {
        AvailabilityGroupListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded(model));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const AvailabilityGroup arm = makeGroup(m_fixture.catalogue(), u"arm-ap"_s);
        model.applyGroup(arm);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.constFirst().at(1).toInt(), 0);
        QCOMPARE(inserted.constFirst().at(2).toInt(), 0);
        QCOMPARE(namesOf(model), (QStringList{u"arm-ap"_s, u"cpu-us"_s, u"gpu-eu"_s}));
        QVERIFY(changed.isEmpty());
        // The same group again changes nothing.
        model.applyGroup(arm);
        QCOMPARE(inserted.size(), 1);
        QVERIFY(changed.isEmpty());
        QVERIFY(reset.isEmpty());
    }

    void membersChangeOnlyTheirCell()
    {
        AvailabilityGroupListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const QString second = makeWorker(m_fixture.catalogue(), u"worker-2"_s);
        const AvailabilityGroupRepository groups(m_fixture.catalogue());
        QVERIFY(groups.addWorker(m_gpu.id, second).ok());
        model.applyGroup(groups.get(m_gpu.id).value());
        QCOMPARE(changed.size(), 1);
        const QModelIndex topLeft = changed.constFirst().at(0).toModelIndex();
        const QModelIndex bottomRight = changed.constFirst().at(1).toModelIndex();
        QCOMPARE(topLeft.row(), 1);
        QCOMPARE(bottomRight.row(), 1);
        // Workers, plus the updated time which has no cell: only the Workers column.
        QCOMPARE(topLeft.column(), int(AvailabilityGroupListModel::WorkersColumn));
        QCOMPARE(bottomRight.column(), int(AvailabilityGroupListModel::WorkersColumn));
        QCOMPARE(model.index(1, AvailabilityGroupListModel::WorkersColumn).data().toInt(), 2);
        QVERIFY(inserted.isEmpty());
    }

    void renameMovesTheRow()
    {
        AvailabilityGroupListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded(model));
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        const auto renamed = AvailabilityGroupRepository(m_fixture.catalogue()).rename(m_gpu.id, u"a-gpu"_s);
        QVERIFY(renamed.ok());
        model.applyGroup(renamed.value());
        QCOMPARE(moved.size(), 1);
        QCOMPARE(changed.size(), 1);
        QVERIFY(reset.isEmpty());
        QCOMPARE(namesOf(model), (QStringList{u"a-gpu"_s, u"cpu-us"_s}));
        QCOMPARE(changed.constFirst().at(0).toModelIndex().row(), 0);
        QCOMPARE(changed.constFirst().at(0).toModelIndex().column(),
                 int(AvailabilityGroupListModel::NameColumn));
    }

    void groupSavedRereadsOnThePoolAndRemovedDropsOneRow()
    {
        AvailabilityGroupListModel model(m_fixture.catalogue());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(loaded(model));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        const AvailabilityGroup fresh = makeGroup(m_fixture.catalogue(), u"zz-new"_s);
        model.groupSaved(fresh.id);
        QCOMPARE(inserted.size(), 0); // not yet: the read runs on the pool
        QTRY_COMPARE(inserted.size(), 1);
        QCOMPARE(namesOf(model).last(), u"zz-new"_s);
        // Deleted elsewhere: groupSaved finds it gone and removes the row.
        QVERIFY(AvailabilityGroupRepository(m_fixture.catalogue()).remove(fresh.id).ok());
        model.groupSaved(fresh.id);
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.constFirst().at(1).toInt(), 2);
        model.groupRemoved(m_cpu.id);
        QCOMPARE(removed.size(), 2);
        QCOMPARE(namesOf(model), QStringList{u"gpu-eu"_s});
        model.groupRemoved(m_cpu.id); // twice: nothing
        QCOMPARE(removed.size(), 2);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    AvailabilityGroup m_gpu;
    AvailabilityGroup m_cpu;
    QString m_worker;
    QString m_image;
};

QTEST_MAIN(tst_AvailabilityGroupListModel)
#include "tst_availabilitygrouplistmodel.moc"
