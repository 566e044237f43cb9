#include "catalogueseeds.h"
#include "imagelistmodel.h"
#include "jobstatusdisplay.h"
#include "modeltesting.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"

#include <QAbstractItemModelTester>
#include <QGuiApplication>
#include <QIcon>
#include <QPalette>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using KilnTest::settle;

Group makeGroup(const Catalogue &catalogue, const QString &name)
{
    Group group;
    group.name = name;
    group.displayName = name.toUpper();
    group.memberCount = u"3"_s;
    auto created = GroupRepository(catalogue).create(group);
    if (!created.ok())
        qWarning("makeGroup(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.ok() ? created.value() : Group{};
}

ManagedImage makeImage(const Catalogue &catalogue, ManagedImage image)
{
    if (image.displayName.isEmpty())
        image.displayName = image.name;
    auto created = ImageRepository(catalogue).create(image);
    if (!created.ok())
        qWarning("makeImage(%s): %s", qPrintable(image.name), qPrintable(created.error().message));
    return created.ok() ? created.value() : ManagedImage{};
}

ManagedImage plain(const QString &name, const QString &url = {})
{
    ManagedImage image;
    image.name = name;
    image.displayName = u"Display "_s + name;
    image.url = url.isEmpty() ? u"registry.test/"_s + name + u":1"_s : url;
    return image;
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(ImageListModel::NameRole).toString();
    return out;
}

} // namespace

class tst_ImageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        m_groupA = makeGroup(c, u"group-a"_s);
        m_groupB = makeGroup(c, u"group-b"_s);
        QVERIFY(!m_groupA.id.isEmpty() && !m_groupB.id.isEmpty());
    }

    void cleanup() { m_fixture.cleanup(); }

    void showsEveryImage()
    {
        const Catalogue &c = m_fixture.catalogue();
        ManagedImage alpha = plain(u"alpha"_s);
        alpha.global = true;
        alpha = makeImage(c, alpha);
        ManagedImage beta = plain(u"beta"_s);
        beta.type = ImageType::Gpu;
        beta.groupIds = {m_groupA.id};
        beta = makeImage(c, beta);
        ManagedImage gamma = plain(u"gamma"_s, u"registry.test/gamma:cpu"_s);
        gamma.type = ImageType::Universal;
        gamma.gpuUrl = u"registry.test/gamma:cuda"_s;
        gamma.groupIds = {m_groupB.id, m_groupA.id};
        gamma.frozen = true;
        gamma = makeImage(c, gamma);
        ManagedImage delta = plain(u"delta"_s);
        delta.system = true;
        delta = makeImage(c, delta);
        ManagedImage eps = plain(u"eps"_s);
        eps.deactivated = true;
        eps = makeImage(c, eps);
        const SpecWithRevision spec = KilnTest::addSpec(c, u"zeta-spec"_s);
        ManagedImage zeta = plain(u"zeta"_s);
        zeta.url.clear();
        zeta.specId = spec.spec.id;
        zeta = makeImage(c, zeta);

        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy loaded(&model, &ImageListModel::loaded);
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QVERIFY(!model.isLoading());
        QCOMPARE(namesOf(model),
                 (QStringList{u"alpha"_s, u"beta"_s, u"delta"_s, u"eps"_s, u"gamma"_s, u"zeta"_s}));
        QCOMPARE(model.columnCount(), int(ImageListModel::ColumnCount));
        QCOMPARE(model.headerData(ImageListModel::AccessColumn, Qt::Horizontal).toString(), u"Access"_s);

        auto cell = [&model](const ManagedImage &image, int column, int role = Qt::DisplayRole) {
            return model.index(model.indexOfImage(image.id).row(), column).data(role);
        };
        QCOMPARE(model.image(0), alpha);
        QCOMPARE(cell(alpha, ImageListModel::DisplayNameColumn).toString(), u"Display alpha"_s);
        QCOMPARE(cell(alpha, ImageListModel::NameColumn).toString(), u"alpha"_s);
        QCOMPARE(cell(alpha, ImageListModel::TypeColumn).toString(), u"CPU"_s);
        QCOMPARE(cell(beta, ImageListModel::TypeColumn).toString(), u"GPU"_s);
        QCOMPARE(cell(beta, 0, ImageListModel::TypeRole).toInt(), int(ImageType::Gpu));
        QCOMPARE(cell(gamma, ImageListModel::TypeColumn).toString(), u"Universal"_s);
        QCOMPARE(cell(alpha, ImageListModel::UrlColumn).toString(), u"registry.test/alpha:1"_s);
        QCOMPARE(cell(gamma, ImageListModel::UrlColumn, Qt::ToolTipRole).toString(),
                 u"CPU: registry.test/gamma:cpu\nGPU: registry.test/gamma:cuda"_s);
        QCOMPARE(cell(gamma, 0, ImageListModel::GpuUrlRole).toString(), u"registry.test/gamma:cuda"_s);

        // Access: Global, 1 group, 2 groups, with the group names in the tooltip.
        QCOMPARE(cell(alpha, ImageListModel::AccessColumn).toString(), u"Global"_s);
        QCOMPARE(cell(alpha, 0, ImageListModel::GlobalRole).toBool(), true);
        QCOMPARE(cell(beta, ImageListModel::AccessColumn).toString(), u"1 group"_s);
        QCOMPARE(cell(beta, ImageListModel::AccessColumn, Qt::ToolTipRole).toString(),
                 u"Granted to: group-a"_s);
        QCOMPARE(cell(gamma, ImageListModel::AccessColumn).toString(), u"2 groups"_s);
        QCOMPARE(cell(gamma, ImageListModel::AccessColumn, Qt::ToolTipRole).toString(),
                 u"Granted to: group-a, group-b"_s);
        QCOMPARE(cell(gamma, 0, ImageListModel::GroupNamesRole).toStringList(),
                 (QStringList{u"group-a"_s, u"group-b"_s}));
        QCOMPARE(cell(gamma, 0, ImageListModel::GroupIdsRole).toStringList(), gamma.groupIds);
        QCOMPARE(cell(delta, ImageListModel::AccessColumn).toString(), u"0 groups"_s);

        // Status, markers, greyed deactivated rows.
        QCOMPARE(cell(alpha, ImageListModel::StatusColumn).toString(), u"Ready"_s);
        QCOMPARE(cell(gamma, ImageListModel::StatusColumn).toString(), u"Ready · frozen"_s);
        QCOMPARE(cell(gamma, 0, ImageListModel::FrozenRole).toBool(), true);
        QCOMPARE(cell(eps, ImageListModel::StatusColumn).toString(), u"Deactivated"_s);
        QCOMPARE(cell(eps, 0, ImageListModel::StateRole).toInt(), int(ImageListModel::State::Deactivated));
        QCOMPARE(cell(zeta, ImageListModel::StatusColumn).toString(), u"Not built yet"_s);
        QCOMPARE(cell(zeta, 0, ImageListModel::SpecIdRole).toString(), spec.spec.id);
        QCOMPARE(cell(zeta, 0, ImageListModel::BuildStatusRole).toInt(), -1);
        QCOMPARE(cell(eps, 3, Qt::ForegroundRole).value<QColor>(),
                 QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        QVERIFY(!cell(alpha, 3, Qt::ForegroundRole).isValid());
        QVERIFY(!cell(alpha, 0, Qt::DecorationRole).isValid());
        QVERIFY(!cell(delta, 0, Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(cell(delta, 0, Qt::ToolTipRole).toString(), u"System image"_s);
        QCOMPARE(cell(delta, 0, ImageListModel::SystemRole).toBool(), true);
    }

    void buildMarkersFromJobRows()
    {
        const Catalogue &c = m_fixture.catalogue();
        const SpecWithRevision failing = KilnTest::addSpec(c, u"failing"_s);
        const SpecWithRevision running = KilnTest::addSpec(c, u"running"_s);
        KilnTest::addJob(c, failing.revision.id, JobStatus::Succeeded);
        const BuildJob queued = KilnTest::addJob(c, failing.revision.id);
        const BuildJob failed = KilnTest::moveJob(c, queued.id, JobStatus::Failed, u"apt: no curl"_s);
        const BuildJob active = KilnTest::addJob(c, running.revision.id, JobStatus::Running);
        ManagedImage one = plain(u"one"_s);
        one.specId = failing.spec.id;
        one.system = true; // the build marker wins over the system hint
        one = makeImage(c, one);
        ManagedImage two = plain(u"two"_s);
        two.url.clear();
        two.specId = running.spec.id;
        two = makeImage(c, two);

        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        const QModelIndex failedRow = model.index(0, ImageListModel::DisplayNameColumn);
        QCOMPARE(failedRow.data(ImageListModel::BuildStatusRole).toInt(), int(JobStatus::Failed));
        QCOMPARE(failedRow.data(ImageListModel::BuildFailedRole).toBool(), true);
        QCOMPARE(failedRow.data(ImageListModel::BuildingRole).toBool(), false);
        QCOMPARE(failedRow.data(ImageListModel::LatestJobIdRole).toString(), failed.id);
        QCOMPARE(failedRow.data(Qt::ToolTipRole).toString(), u"The last build failed: apt: no curl"_s);
        // The failed job's marker, not the system hint.
        QCOMPARE(failedRow.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage(),
                 jobStatusIcon(JobStatus::Failed).pixmap(16).toImage());
        QVERIFY(!failedRow.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(0, ImageListModel::StatusColumn).data().toString(), u"Build failed"_s);

        const QModelIndex buildingRow = model.index(1, ImageListModel::DisplayNameColumn);
        QCOMPARE(buildingRow.data(ImageListModel::BuildingRole).toBool(), true);
        QCOMPARE(buildingRow.data(ImageListModel::LatestJobIdRole).toString(), active.id);
        QCOMPARE(buildingRow.data(Qt::ToolTipRole).toString(), u"Image building in progress"_s);
        QCOMPARE(buildingRow.data(Qt::DecorationRole).value<QIcon>().pixmap(16).toImage(),
                 jobStatusIcon(JobStatus::Running).pixmap(16).toImage());
        QCOMPARE(model.index(1, ImageListModel::StatusColumn).data().toString(), u"Building"_s);
        QVERIFY(model.index(1, ImageListModel::UrlColumn).data().toString().isEmpty());
    }

    void applyJobChangesExactlyItsRows()
    {
        const Catalogue &c = m_fixture.catalogue();
        const SpecWithRevision spec = KilnTest::addSpec(c, u"custom"_s);
        makeImage(c, plain(u"aaa"_s));
        ManagedImage custom = plain(u"custom"_s);
        custom.url.clear();
        custom.specId = spec.spec.id;
        custom = makeImage(c, custom);
        makeImage(c, plain(u"zzz"_s));
        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QCOMPARE(model.indexOfImage(custom.id).row(), 1);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        const BuildJob queued = KilnTest::addJob(c, spec.revision.id);
        model.applyJob(queued);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(1, 0));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, ImageListModel::StatusColumn));
        QCOMPARE(model.index(1, 0).data(ImageListModel::BuildingRole).toBool(), true);
        QCOMPARE(model.index(1, ImageListModel::StatusColumn).data().toString(), u"Building"_s);

        const BuildJob running = KilnTest::moveJob(c, queued.id, JobStatus::Running);
        model.applyJob(running);
        QCOMPARE(changed.size(), 2);
        model.applyJob(running); // the same again: nothing
        QCOMPARE(changed.size(), 2);

        // The backend fills the URL when the build succeeds; the model re-reads the image.
        custom.url = queued.targetImage;
        QVERIFY(ImageRepository(c).update(custom).ok());
        model.applyJob(KilnTest::moveJob(c, queued.id, JobStatus::Succeeded));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed[2].at(0).toModelIndex(), model.index(1, 0));
        QCOMPARE(changed[2].at(1).toModelIndex(), model.index(1, ImageListModel::StatusColumn));
        QCOMPARE(model.index(1, ImageListModel::UrlColumn).data().toString(), queued.targetImage);
        QCOMPARE(model.index(1, ImageListModel::StatusColumn).data().toString(), u"Ready"_s);
        QVERIFY(!model.index(1, 0).data(Qt::DecorationRole).isValid());

        // An older job of the spec does not replace the newest one; another spec touches nothing.
        model.applyJob(KilnTest::addJob(c, KilnTest::addSpec(c, u"other"_s).revision.id));
        BuildJob older = queued;
        older.id = u"older"_s;
        older.createdAt = queued.createdAt - 1;
        older.status = JobStatus::Failed;
        model.applyJob(older);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);
    }

    void imageSavedAndRemoved()
    {
        const Catalogue &c = m_fixture.catalogue();
        const ManagedImage b = makeImage(c, plain(u"bbb"_s));
        const ManagedImage d = makeImage(c, plain(u"ddd"_s));
        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        const ManagedImage cc = makeImage(c, plain(u"ccc"_s));
        model.imageSaved(cc.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 1);
        QCOMPARE(inserted[0].at(2).toInt(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"bbb"_s, u"ccc"_s, u"ddd"_s}));
        QCOMPARE(model.indexOfImage(d.id).row(), 2);
        const ManagedImage a = makeImage(c, plain(u"aaa"_s));
        model.imageSaved(a.id);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(inserted[1].at(1).toInt(), 0);
        QCOMPARE(model.indexOfImage(d.id).row(), 3);

        // Granted to a group created after the load: its name is learnt.
        const Group fresh = makeGroup(c, u"group-new"_s);
        QVERIFY(ImageRepository(c).setGrants(b.id, false, {fresh.id, m_groupA.id}).ok());
        model.imageSaved(b.id);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(1, 0));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, ImageListModel::ColumnCount - 1));
        QCOMPARE(model.index(1, ImageListModel::AccessColumn).data(Qt::ToolTipRole).toString(),
                 u"Granted to: group-a, group-new"_s);
        model.imageSaved(b.id); // unchanged: nothing
        QCOMPARE(changed.size(), 1);

        QVERIFY(ImageRepository(c).remove(cc.id).ok());
        model.imageRemoved(cc.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 2);
        QVERIFY(!model.indexOfImage(cc.id).isValid());
        QCOMPARE(model.indexOfImage(d.id).row(), 2);
        model.imageRemoved(cc.id); // already gone
        QCOMPARE(removed.size(), 1);
        QVERIFY(ImageRepository(c).remove(a.id).ok());
        model.imageSaved(a.id); // no longer there: removed as well
        QCOMPARE(removed.size(), 2);
        QCOMPARE(namesOf(model), (QStringList{u"bbb"_s, u"ddd"_s}));
        QCOMPARE(reset.size(), 0);
    }

    void groupsChangedTouchesOnlyAccess()
    {
        const Catalogue &c = m_fixture.catalogue();
        ManagedImage both = plain(u"both"_s);
        both.groupIds = {m_groupA.id, m_groupB.id};
        both = makeImage(c, both);
        ManagedImage global = plain(u"global"_s);
        global.global = true;
        makeImage(c, global);
        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QCOMPARE(model.index(0, ImageListModel::AccessColumn).data().toString(), u"2 groups"_s);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.groupsChanged(); // nothing changed
        QCOMPARE(changed.size(), 0);
        QVERIFY(GroupRepository(c).remove(m_groupB.id).ok());
        model.groupsChanged();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(0, ImageListModel::AccessColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(0, ImageListModel::AccessColumn));
        QCOMPARE(model.index(0, ImageListModel::AccessColumn).data().toString(), u"1 group"_s);
        QCOMPARE(model.index(0, ImageListModel::AccessColumn).data(Qt::ToolTipRole).toString(),
                 u"Granted to: group-a"_s);
        QCOMPARE(model.image(0).groupIds, ImageRepository(c).get(both.id).value().groupIds);
    }

    void reloadWhileChanging()
    {
        const Catalogue &c = m_fixture.catalogue();
        makeImage(c, plain(u"first"_s));
        ImageListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.reload();
        // Saved while the reload is in flight: it is there when the reload lands.
        const ManagedImage second = makeImage(c, plain(u"second"_s));
        model.imageSaved(second.id);
        QVERIFY(settle(model));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"first"_s, u"second"_s}));
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    Group m_groupA;
    Group m_groupB;
};

QTEST_MAIN(tst_ImageListModel)
#include "tst_imagelistmodel.moc"
