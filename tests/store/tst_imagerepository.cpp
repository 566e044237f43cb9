#include "cataloguefixture.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

ManagedImage draft(const QString &name, ImageType type = ImageType::Cpu)
{
    ManagedImage image;
    image.name = name;
    image.displayName = name;
    image.description = u"About "_s + name;
    image.type = type;
    image.url = u"registry.example/"_s + name + u":1"_s;
    image.distro = u"ubuntu-22.04"_s;
    return image;
}

QString makeGroup(const Catalogue &catalogue, const QString &name)
{
    Group group;
    group.name = name;
    return GroupRepository(catalogue).create(group).value().id;
}

QStringList names(const QList<ManagedImage> &images)
{
    QStringList out;
    for (const ManagedImage &image : images)
        out << image.name;
    return out;
}

qint64 countRows(const Catalogue &catalogue, const QString &table)
{
    QSqlQuery query(catalogue.database());
    if (!query.exec(u"SELECT COUNT(*) FROM "_s + table) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

} // namespace

class TestImageRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void typeNames()
    {
        for (ImageType type : {ImageType::Cpu, ImageType::Gpu, ImageType::Universal})
            QCOMPARE(imageTypeFromName(imageTypeName(type)), std::optional<ImageType>(type));
        QVERIFY(!imageTypeFromName(u"GPU"_s));
        QVERIFY(!imageTypeFromName(u"tpu"_s));
    }

    void createAndRead()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString g2 = makeGroup(temp.catalogue(), u"g2"_s);
        const QString g1 = makeGroup(temp.catalogue(), u"g1"_s);
        QSqlQuery(temp->database())
            .exec(u"INSERT INTO secrets (id, name, kind, keychain_ref, created_at) VALUES "
                  "('sec', 'pull', 'pull-secret', 'kiln/sec', 1)"_s);
        SpecContent content;
        content.contentHash = u"h"_s;
        content.baseImage = u"ubuntu"_s;
        const QString specId = SpecRepository(temp.catalogue()).create(u"spec"_s, content).value().spec.id;
        const ManagedImage parent = images.create(draft(u"parent"_s)).value();

        ManagedImage image = draft(u"cuda-12"_s, ImageType::Universal);
        image.displayName = u"CUDA 12"_s;
        image.gpuUrl = u"registry.example/cuda-12-gpu:1"_s;
        image.pullSecretId = u"sec"_s;
        image.groupIds = {g2, g1, g2};
        image.parentId = parent.id;
        image.system = true;
        image.specId = specId;
        auto created = images.create(image);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const ManagedImage &stored = created.value();
        QVERIFY(!stored.id.isEmpty());
        QVERIFY(stored.createdAt > 0);
        QCOMPARE(stored.createdAt, stored.updatedAt);
        ManagedImage expected = image;
        expected.id = stored.id;
        expected.groupIds = QStringList{g1, g2};
        std::sort(expected.groupIds.begin(), expected.groupIds.end());
        expected.createdAt = stored.createdAt;
        expected.updatedAt = stored.updatedAt;
        QCOMPARE(stored, expected);
        QCOMPARE(images.get(stored.id).value(), stored);
        QCOMPARE(images.getByName(u"cuda-12"_s).value(), stored);
        QCOMPARE(images.find(u"cuda-12"_s).value(), stored);
        QCOMPARE(images.find(stored.id).value(), stored);
        QCOMPARE(images.find(u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(images.get(u"nope"_s).error().code, StoreError::Code::NotFound);
    }

    void createRefuses_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::newRow("bad name") << u"name"_s << int(StoreError::Code::Invalid);
        QTest::newRow("no display name") << u"display"_s << int(StoreError::Code::Invalid);
        QTest::newRow("gpu url on a cpu image") << u"gpu"_s << int(StoreError::Code::Invalid);
        QTest::newRow("unknown parent") << u"parent"_s << int(StoreError::Code::NotFound);
        QTest::newRow("unknown spec") << u"spec"_s << int(StoreError::Code::NotFound);
        QTest::newRow("unknown secret") << u"secret"_s << int(StoreError::Code::NotFound);
        QTest::newRow("unknown group") << u"group"_s << int(StoreError::Code::NotFound);
        QTest::newRow("name taken") << u"duplicate"_s << int(StoreError::Code::Conflict);
    }

    void createRefuses()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        QVERIFY(images.create(draft(u"taken"_s)).ok());
        ManagedImage image = draft(u"new-image"_s);
        if (what == "name"_L1)
            image.name = u"New Image"_s;
        else if (what == "display"_L1)
            image.displayName = u"   "_s;
        else if (what == "gpu"_L1)
            image.gpuUrl = u"registry.example/x"_s;
        else if (what == "parent"_L1)
            image.parentId = u"missing-parent"_s;
        else if (what == "spec"_L1)
            image.specId = u"missing-spec"_s;
        else if (what == "secret"_L1)
            image.pullSecretId = u"missing-secret"_s;
        else if (what == "group"_L1)
            image.groupIds = {makeGroup(temp.catalogue(), u"real"_s), u"missing-group"_s};
        else
            image.name = u"taken"_s;
        auto created = images.create(image);
        QVERIFY(!created.ok());
        QCOMPARE(int(created.error().code), code);
        QVERIFY(!created.error().message.isEmpty());
        QCOMPARE(countRows(temp.catalogue(), u"managed_images"_s), 1);
        QCOMPARE(countRows(temp.catalogue(), u"image_group_grants"_s), 0);
    }

    void updateReplacesEditableFields()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString g = makeGroup(temp.catalogue(), u"g"_s);
        ManagedImage image = images.create(draft(u"img"_s)).value();
        image.displayName = u"Image!"_s;
        image.description.clear();
        image.type = ImageType::Universal;
        image.gpuUrl = u"registry.example/img-gpu:2"_s;
        image.url = u"registry.example/img:2"_s;
        image.deactivated = true;
        image.groupIds = {g};
        auto updated = images.update(image);
        QVERIFY2(updated.ok(), KilnTest::whyNot(updated).constData());
        QVERIFY(updated.value().updatedAt > image.updatedAt);
        QCOMPARE(updated.value().createdAt, image.createdAt);
        ManagedImage expected = image;
        expected.updatedAt = updated.value().updatedAt;
        QCOMPARE(updated.value(), expected);

        ManagedImage renamed = updated.value();
        renamed.name = u"other"_s;
        QCOMPARE(images.update(renamed).error().code, StoreError::Code::Invalid);
        ManagedImage ownParent = updated.value();
        ownParent.parentId = ownParent.id;
        QCOMPARE(images.update(ownParent).error().code, StoreError::Code::Invalid);
        ManagedImage missing = updated.value();
        missing.id = u"missing"_s;
        QCOMPARE(images.update(missing).error().code, StoreError::Code::NotFound);
    }

    void frozenImageRefusesEdits_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::newRow("display name") << u"display"_s;
        QTest::newRow("unfreeze and edit at once") << u"unfreeze+display"_s;
        QTest::newRow("deactivate") << u"deactivate"_s;
        QTest::newRow("groups through update") << u"groups"_s;
        QTest::newRow("grants") << u"grants"_s;
        QTest::newRow("delete") << u"delete"_s;
    }

    void frozenImageRefusesEdits()
    {
        QFETCH(QString, edit);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString g = makeGroup(temp.catalogue(), u"g"_s);
        const ManagedImage created = images.create(draft(u"frozen-one"_s)).value();
        auto frozen = images.setFrozen(created.id, true);
        QVERIFY(frozen.ok());
        QVERIFY(frozen.value().frozen);

        ManagedImage changed = frozen.value();
        StoreError error;
        if (edit == "display"_L1) {
            changed.displayName = u"x"_s;
            error = images.update(changed).error();
        } else if (edit == "unfreeze+display"_L1) {
            changed.frozen = false;
            changed.displayName = u"x"_s;
            error = images.update(changed).error();
        } else if (edit == "deactivate"_L1) {
            changed.deactivated = true;
            error = images.update(changed).error();
        } else if (edit == "groups"_L1) {
            changed.groupIds = {g};
            error = images.update(changed).error();
        } else if (edit == "grants"_L1) {
            error = images.setGrants(created.id, true, {g}).error();
        } else {
            error = images.remove(created.id).error();
        }
        QCOMPARE(error.code, StoreError::Code::Frozen);
        QCOMPARE(error.message,
                 u"The image “frozen-one” is frozen; unfreeze it before changing or deleting it."_s);
        QCOMPARE(images.get(created.id).value(), frozen.value());

        // The unfreeze itself is accepted, and then the edit goes through.
        ManagedImage unfreeze = frozen.value();
        unfreeze.frozen = false;
        auto thawed = images.update(unfreeze);
        QVERIFY2(thawed.ok(), KilnTest::whyNot(thawed).constData());
        QVERIFY(!thawed.value().frozen);
        if (edit == "delete"_L1) {
            QVERIFY(images.remove(created.id).ok());
        } else {
            changed = thawed.value();
            changed.displayName = u"edited"_s;
            QVERIFY(images.update(changed).ok());
        }
    }

    void setFrozenOnMissingImage()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        QCOMPARE(ImageRepository(temp.catalogue()).setFrozen(u"nope"_s, true).error().code,
                 StoreError::Code::NotFound);
    }

    void setGrantsReplacesAtomically()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString a = makeGroup(temp.catalogue(), u"a"_s);
        const QString b = makeGroup(temp.catalogue(), u"b"_s);
        const QString c = makeGroup(temp.catalogue(), u"c"_s);
        const QString id = images.create(draft(u"img"_s)).value().id;
        auto first = images.setGrants(id, false, {a, b});
        QVERIFY(first.ok());
        QCOMPARE(first.value().groupIds.size(), 2);
        auto second = images.setGrants(id, true, {c, b});
        QVERIFY(second.ok());
        QVERIFY(second.value().global);
        QStringList expected{b, c};
        expected.sort();
        QCOMPARE(second.value().groupIds, expected);

        auto bad = images.setGrants(id, false, {a, u"missing"_s});
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, StoreError::Code::NotFound);
        QCOMPARE(images.get(id).value().groupIds, expected);
        QVERIFY(images.get(id).value().global);
        QCOMPARE(images.setGrants(u"missing"_s, true, {}).error().code, StoreError::Code::NotFound);
    }

    void usableByGroup_data()
    {
        QTest::addColumn<QString>("group");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("ml by name") << u"ml"_s << QStringList{u"cuda"_s, u"shared"_s, u"ubuntu"_s};
        QTest::newRow("ops by name") << u"ops"_s << QStringList{u"shared"_s, u"tools"_s, u"ubuntu"_s};
        QTest::newRow("no grants: global only") << u"guests"_s << QStringList{u"ubuntu"_s};
    }

    void usableByGroup()
    {
        QFETCH(QString, group);
        QFETCH(QStringList, expected);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString ml = makeGroup(temp.catalogue(), u"ml"_s);
        const QString ops = makeGroup(temp.catalogue(), u"ops"_s);
        const QString guests = makeGroup(temp.catalogue(), u"guests"_s);
        auto add = [&](const QString &name, bool global, QStringList groups, bool deactivated = false) {
            ManagedImage image = draft(name);
            image.global = global;
            image.groupIds = groups;
            image.deactivated = deactivated;
            return images.create(image).ok();
        };
        QVERIFY(add(u"ubuntu"_s, true, {}));
        QVERIFY(add(u"cuda"_s, false, {ml}));
        QVERIFY(add(u"tools"_s, false, {ops}));
        QVERIFY(add(u"shared"_s, false, {ml, ops}));
        QVERIFY(add(u"retired"_s, true, {ml, ops}, true));
        QVERIFY(add(u"private"_s, false, {}));

        auto byName = images.usableByGroup(group);
        QVERIFY2(byName.ok(), KilnTest::whyNot(byName).constData());
        QCOMPARE(names(byName.value()), expected);
        const QString id = group == "ml"_L1 ? ml : group == "ops"_L1 ? ops : guests;
        QCOMPARE(names(images.usableByGroup(id).value()), expected);
        auto missing = images.usableByGroup(u"nobody"_s);
        QCOMPARE(missing.error().code, StoreError::Code::NotFound);
    }

    void deletingParentClearsTheLink()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        const QString parent = images.create(draft(u"parent"_s)).value().id;
        ManagedImage child = draft(u"child"_s);
        child.parentId = parent;
        const QString childId = images.create(child).value().id;
        QVERIFY(images.setFrozen(childId, true).ok());
        QVERIFY(images.remove(parent).ok());
        QVERIFY(images.get(childId).value().parentId.isEmpty());
        QCOMPARE(images.remove(parent).error().code, StoreError::Code::NotFound);
    }

    void removeDropsGrants()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        ManagedImage image = draft(u"img"_s);
        image.groupIds = {makeGroup(temp.catalogue(), u"g"_s)};
        const QString id = images.create(image).value().id;
        QCOMPARE(countRows(temp.catalogue(), u"image_group_grants"_s), 1);
        QVERIFY(images.remove(id).ok());
        QCOMPARE(countRows(temp.catalogue(), u"image_group_grants"_s), 0);
        QCOMPARE(countRows(temp.catalogue(), u"user_groups"_s), 1);
    }

    void listFiltersAndOrders_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("includeDeactivated");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("all") << QString() << true << QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s};
        QTest::newRow("active") << QString() << false << QStringList{u"alpha"_s, u"gamma"_s};
        QTest::newRow("by name") << u"ph"_s << true << QStringList{u"alpha"_s};
        QTest::newRow("by display name") << u"SECOND"_s << true << QStringList{u"beta"_s};
        QTest::newRow("wildcards are literal") << u"_"_s << true << QStringList();
    }

    void listFiltersAndOrders()
    {
        QFETCH(QString, filter);
        QFETCH(bool, includeDeactivated);
        QFETCH(QStringList, expected);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        ImageRepository images(temp.catalogue());
        ManagedImage gamma = draft(u"gamma"_s);
        ManagedImage alpha = draft(u"alpha"_s);
        ManagedImage beta = draft(u"beta"_s);
        beta.displayName = u"The Second One"_s;
        beta.deactivated = true;
        for (const ManagedImage &image : {gamma, alpha, beta})
            QVERIFY(images.create(image).ok());
        auto listed = images.list({filter, includeDeactivated});
        QVERIFY(listed.ok());
        QCOMPARE(names(listed.value()), expected);
    }
};

QTEST_GUILESS_MAIN(TestImageRepository)
#include "tst_imagerepository.moc"
