#include "cataloguefixture.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "testsupport.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

Group group(const QString &name)
{
    Group g;
    g.name = name;
    g.displayName = u"Team "_s + name;
    g.description = u"The "_s + name + u" people"_s;
    g.memberCount = u"12"_s;
    return g;
}

} // namespace

class TestGroupRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void createAndRead()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        auto created = groups.create(group(u"ml-team"_s));
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        Group expected = group(u"ml-team"_s);
        expected.id = created.value().id;
        expected.createdAt = expected.updatedAt = created.value().createdAt;
        QVERIFY(expected.createdAt > 0);
        QCOMPARE(created.value(), expected);
        QCOMPARE(groups.get(expected.id).value(), expected);
        QCOMPARE(groups.getByName(u"ml-team"_s).value(), expected);
        QCOMPARE(groups.find(u"ml-team"_s).value(), expected);
        QCOMPARE(groups.find(expected.id).value(), expected);
    }

    void createRefuses_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("code");
        QTest::newRow("empty") << QString() << int(StoreError::Code::Invalid);
        QTest::newRow("upper case") << u"ML"_s << int(StoreError::Code::Invalid);
        QTest::newRow("slash") << u"a/b"_s << int(StoreError::Code::Invalid);
        QTest::newRow("taken") << u"taken"_s << int(StoreError::Code::Conflict);
    }

    void createRefuses()
    {
        QFETCH(QString, name);
        QFETCH(int, code);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        QVERIFY(groups.create(group(u"taken"_s)).ok());
        auto created = groups.create(group(name));
        QVERIFY(!created.ok());
        QCOMPARE(int(created.error().code), code);
        if (code == int(StoreError::Code::Conflict))
            QCOMPARE(created.error().message, u"A group named “taken” already exists."_s);
        QCOMPARE(groups.list().value().size(), 1);
    }

    void notFound()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        QCOMPARE(groups.get(u"x"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.getByName(u"x"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.find(u"x"_s).error().code, StoreError::Code::NotFound);
        Group g = group(u"x"_s);
        g.id = u"x"_s;
        QCOMPARE(groups.update(g).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.remove(u"x"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.grantedImageIds(u"x"_s).error().code, StoreError::Code::NotFound);
    }

    void updateKeepsTheName()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        Group g = groups.create(group(u"ops"_s)).value();
        g.displayName = u"Operations"_s;
        g.description.clear();
        g.memberCount = u"unknown"_s;
        auto updated = groups.update(g);
        QVERIFY2(updated.ok(), KilnTest::whyNot(updated).constData());
        QCOMPARE(updated.value().displayName, u"Operations"_s);
        QCOMPARE(updated.value().description, u""_s);
        QCOMPARE(updated.value().memberCount, u"unknown"_s);
        QVERIFY(updated.value().updatedAt > g.updatedAt);
        QCOMPARE(updated.value().createdAt, g.createdAt);
        Group renamed = updated.value();
        renamed.name = u"ops2"_s;
        QCOMPARE(groups.update(renamed).error().code, StoreError::Code::Invalid);
        QCOMPARE(groups.get(g.id).value().name, u"ops"_s);
    }

    void listIsOrderedByName()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        for (const QString &name : {u"zeta"_s, u"alpha"_s, u"mu"_s})
            QVERIFY(groups.create(group(name)).ok());
        const auto listed = groups.list(); // keep the Result alive for the loop
        QVERIFY(listed.ok());
        QStringList names;
        for (const Group &g : listed.value())
            names << g.name;
        QCOMPARE(names, (QStringList{u"alpha"_s, u"mu"_s, u"zeta"_s}));
    }

    void removeDropsGrantsButKeepsImages()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        GroupRepository groups(temp.catalogue());
        ImageRepository images(temp.catalogue());
        const QString ml = groups.create(group(u"ml"_s)).value().id;
        const QString ops = groups.create(group(u"ops"_s)).value().id;
        ManagedImage image;
        image.name = u"cuda"_s;
        image.displayName = u"cuda"_s;
        image.groupIds = {ml, ops};
        const QString imageId = images.create(image).value().id;
        QVERIFY(images.setFrozen(imageId, true).ok());
        QCOMPARE(groups.grantedImageIds(ml).value(), QStringList{imageId});

        QVERIFY(groups.remove(ml).ok());
        QCOMPARE(images.get(imageId).value().groupIds, QStringList{ops});
        QVERIFY(images.get(imageId).value().frozen);
        QCOMPARE(groups.grantedImageIds(ops).value(), QStringList{imageId});
        QVERIFY(groups.grantedImageIds(groups.create(group(u"new"_s)).value().id).value().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGroupRepository)
#include "tst_grouprepository.moc"
