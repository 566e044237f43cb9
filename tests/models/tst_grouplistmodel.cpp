#include "catalogueseeds.h"
#include "grouplistmodel.h"
#include "modeltesting.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {

using KilnTest::settle;

Group makeGroup(const Catalogue &catalogue, const QString &name, const QString &members = u"12"_s)
{
    Group group;
    group.name = name;
    group.displayName = u"Team "_s + name;
    group.memberCount = members;
    auto created = GroupRepository(catalogue).create(group);
    if (!created.ok())
        qWarning("makeGroup(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.ok() ? created.value() : Group{};
}

ManagedImage makeImage(const Catalogue &catalogue, const QString &name, bool global,
                       const QStringList &groups, bool deactivated = false)
{
    ManagedImage image;
    image.name = name;
    image.displayName = name;
    image.url = u"registry.test/"_s + name + u":1"_s;
    image.global = global;
    image.groupIds = groups;
    image.deactivated = deactivated;
    auto created = ImageRepository(catalogue).create(image);
    if (!created.ok())
        qWarning("makeImage(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.ok() ? created.value() : ManagedImage{};
}

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(GroupListModel::NameRole).toString();
    return out;
}

int usable(const Catalogue &catalogue, const QString &groupId)
{
    return int(ImageRepository(catalogue).usableByGroup(groupId).value().size());
}

} // namespace

class tst_GroupListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        m_web = makeGroup(c, u"web"_s);
        m_ml = makeGroup(c, u"ml"_s, u"unknown"_s);
        m_ops = makeGroup(c, u"ops"_s);
        makeImage(c, u"base"_s, true, {});
        makeImage(c, u"retired"_s, true, {}, true);
        makeImage(c, u"cuda"_s, false, {m_ml.id});
        makeImage(c, u"old-cuda"_s, false, {m_ml.id}, true);
        makeImage(c, u"nginx"_s, false, {m_ml.id, m_web.id});
    }

    void cleanup() { m_fixture.cleanup(); }

    void showsGroupsWithImageCounts()
    {
        const Catalogue &c = m_fixture.catalogue();
        GroupListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QCOMPARE(namesOf(model), (QStringList{u"ml"_s, u"ops"_s, u"web"_s}));
        QCOMPARE(model.columnCount(), int(GroupListModel::ColumnCount));
        QCOMPARE(model.headerData(GroupListModel::ImagesColumn, Qt::Horizontal).toString(), u"Images"_s);
        QCOMPARE(model.index(0, GroupListModel::NameColumn).data().toString(), u"ml"_s);
        QCOMPARE(model.index(0, GroupListModel::DisplayNameColumn).data().toString(), u"Team ml"_s);
        QCOMPARE(model.index(0, GroupListModel::MembersColumn).data().toString(), u"unknown"_s);
        QCOMPARE(model.index(2, GroupListModel::MembersColumn).data().toString(), u"12"_s);
        // Global + granted, deactivated excluded: the catalogue's answer.
        QCOMPARE(model.index(0, GroupListModel::ImagesColumn).data().toInt(), 3);
        QCOMPARE(model.index(1, GroupListModel::ImagesColumn).data().toInt(), 1);
        QCOMPARE(model.index(2, GroupListModel::ImagesColumn).data().toInt(), 2);
        for (int row = 0; row < 3; ++row)
            QCOMPARE(model.index(row, 0).data(GroupListModel::ImageCountRole).toInt(),
                     usable(c, model.index(row, 0).data(GroupListModel::GroupIdRole).toString()));
        QCOMPARE(model.indexOfGroup(m_web.id).row(), 2);
        QCOMPARE(model.group(0), m_ml);
        QCOMPARE(model.groups(), (QList<Group>{m_ml, m_ops, m_web}));
    }

    void groupSavedAndRemoved()
    {
        const Catalogue &c = m_fixture.catalogue();
        GroupListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        const Group data = makeGroup(c, u"data"_s);
        model.groupSaved(data.id);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0].at(1).toInt(), 0);
        QCOMPARE(model.index(0, GroupListModel::ImagesColumn).data().toInt(), 1); // the global one
        QCOMPARE(model.indexOfGroup(m_web.id).row(), 3);

        Group edited = m_ops;
        edited.memberCount = u"40"_s;
        QVERIFY(GroupRepository(c).update(edited).ok());
        model.groupSaved(m_ops.id);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(2, 0));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(2, GroupListModel::ColumnCount - 1));
        QCOMPARE(model.index(2, GroupListModel::MembersColumn).data().toString(), u"40"_s);
        model.groupSaved(m_ops.id); // unchanged: nothing
        QCOMPARE(changed.size(), 1);

        QVERIFY(GroupRepository(c).remove(m_ml.id).ok());
        model.groupRemoved(m_ml.id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0].at(1).toInt(), 1);
        QCOMPARE(model.indexOfGroup(m_web.id).row(), 2);
        QVERIFY(!model.indexOfGroup(m_ml.id).isValid());
        QVERIFY(GroupRepository(c).remove(data.id).ok());
        model.groupSaved(data.id); // gone: removed as well
        QCOMPARE(removed.size(), 2);
        QCOMPARE(namesOf(model), (QStringList{u"ops"_s, u"web"_s}));
        QCOMPARE(reset.size(), 0);
    }

    void imagesChangedRecountsOnlyWhatChanged()
    {
        const Catalogue &c = m_fixture.catalogue();
        GroupListModel model(c);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(settle(model));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy loaded(&model, &GroupListModel::loaded);
        makeImage(c, u"tools"_s, false, {m_ops.id});
        model.imagesChanged();
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0].at(0).toModelIndex(), model.index(1, GroupListModel::ImagesColumn));
        QCOMPARE(changed[0].at(1).toModelIndex(), model.index(1, GroupListModel::ImagesColumn));
        QCOMPARE(model.index(1, GroupListModel::ImagesColumn).data().toInt(), 2);
        QCOMPARE(model.index(1, GroupListModel::ImagesColumn).data().toInt(), usable(c, m_ops.id));
        QCOMPARE(reset.size(), 0);

        model.reload();
        QVERIFY(settle(model));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(namesOf(model), (QStringList{u"ml"_s, u"ops"_s, u"web"_s}));
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    Group m_web;
    Group m_ml;
    Group m_ops;
};

QTEST_MAIN(tst_GroupListModel)
#include "tst_grouplistmodel.moc"
