#include "catalogueseeds.h"
#include "imagelistmodel.h"
#include "imageproxymodel.h"
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

QString makeGroup(const Catalogue &catalogue, const QString &name)
{
    Group group;
    group.name = name;
    group.displayName = name;
    auto created = GroupRepository(catalogue).create(group);
    if (!created.ok())
        qWarning("makeGroup(%s): %s", qPrintable(name), qPrintable(created.error().message));
    return created.ok() ? created.value().id : QString();
}

ManagedImage makeImage(const Catalogue &catalogue, const QString &name, const QString &displayName,
                       ImageType type, const QString &url, bool global, const QStringList &groups,
                       bool deactivated = false)
{
    ManagedImage image;
    image.name = name;
    image.displayName = displayName;
    image.type = type;
    image.url = url;
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
        out << model.index(row, 0).data(ImageListModel::NameRole).toString();
    return out;
}

} // namespace

class tst_ImageProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { KilnTest::ModelTestFixture::initTestCase(); }

    void init()
    {
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        m_ml = makeGroup(c, u"ml"_s);
        m_web = makeGroup(c, u"web"_s);
        QVERIFY(!m_ml.isEmpty() && !m_web.isEmpty());
        // name, display name, type, URL, global, groups, deactivated
        makeImage(c, u"cuda"_s, u"CUDA Runtime"_s, ImageType::Gpu, u"nvcr.io/nvidia/cuda:12"_s, false,
                  {m_ml});
        makeImage(c, u"debian"_s, u"Debian"_s, ImageType::Cpu, u"docker.io/library/debian:12"_s, true, {});
        makeImage(c, u"nginx"_s, u"Web server"_s, ImageType::Cpu, u"docker.io/library/nginx:1"_s, false,
                  {m_web, m_ml});
        makeImage(c, u"old-torch"_s, u"Torch (old)"_s, ImageType::Universal, u"ghcr.io/acme/torch:1"_s, false,
                  {m_ml}, true);
        makeImage(c, u"ubuntu"_s, u"ubuntu"_s, ImageType::Cpu, u"docker.io/library/ubuntu:24.04"_s, true, {},
                  true);
    }

    void cleanup() { m_fixture.cleanup(); }

    void filters()
    {
        ImageListModel source(m_fixture.catalogue());
        QVERIFY(settle(source));
        ImageProxyModel proxy;
        proxy.setSourceModel(&source);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(!proxy.hideDeactivated());
        QCOMPARE(namesOf(proxy).size(), 5);

        proxy.setFilterText(u"  LIBRARY "_s); // the URL, case-insensitive
        QCOMPARE(namesOf(proxy), (QStringList{u"debian"_s, u"nginx"_s, u"ubuntu"_s}));
        proxy.setFilterText(u"web SERVER"_s); // the display name
        QCOMPARE(namesOf(proxy), QStringList{u"nginx"_s});
        proxy.setFilterText(u"old-t"_s); // the name
        QCOMPARE(namesOf(proxy), QStringList{u"old-torch"_s});
        proxy.setFilterText({});

        proxy.setTypeFilter(ImageType::Cpu);
        QCOMPARE(namesOf(proxy), (QStringList{u"debian"_s, u"nginx"_s, u"ubuntu"_s}));
        proxy.setHideDeactivated(true);
        QCOMPARE(namesOf(proxy), (QStringList{u"debian"_s, u"nginx"_s}));
        proxy.setTypeFilter(std::nullopt);
        QCOMPARE(namesOf(proxy), (QStringList{u"cuda"_s, u"debian"_s, u"nginx"_s}));
        proxy.setHideDeactivated(false);

        proxy.setAccessFilter(ImageProxyModel::Access::GlobalOnly);
        QCOMPARE(namesOf(proxy), (QStringList{u"debian"_s, u"ubuntu"_s}));
        proxy.setAccessFilter(ImageProxyModel::Access::GrantedToGroup, m_ml);
        QCOMPARE(namesOf(proxy), (QStringList{u"cuda"_s, u"nginx"_s, u"old-torch"_s}));
        proxy.setAccessFilter(ImageProxyModel::Access::GrantedToGroup, m_web);
        QCOMPARE(namesOf(proxy), QStringList{u"nginx"_s});
        QCOMPARE(proxy.accessGroupId(), m_web);

        // "Which images can group ml use?": the same answer as the catalogue's.
        proxy.setAccessFilter(ImageProxyModel::Access::UsableByGroup, m_ml);
        QStringList usable;
        for (const ManagedImage &image : ImageRepository(m_fixture.catalogue()).usableByGroup(m_ml).value())
            usable << image.name;
        QCOMPARE(namesOf(proxy), usable);
        QCOMPARE(usable, (QStringList{u"cuda"_s, u"debian"_s, u"nginx"_s}));

        // Combined, and kept up to date as images change.
        proxy.setAccessFilter(ImageProxyModel::Access::GrantedToGroup, m_web);
        proxy.setTypeFilter(ImageType::Cpu);
        const ManagedImage fresh = makeImage(m_fixture.catalogue(), u"apache"_s, u"Apache"_s, ImageType::Cpu,
                                             u"docker.io/library/httpd:2"_s, false, {m_web});
        source.imageSaved(fresh.id);
        QCOMPARE(namesOf(proxy), (QStringList{u"apache"_s, u"nginx"_s}));
        proxy.setAccessFilter(ImageProxyModel::Access::All);
        QCOMPARE(proxy.accessGroupId(), QString());
        QCOMPARE(namesOf(proxy).size(), 4);
    }

    void sortsByRawRoles()
    {
        ImageListModel source(m_fixture.catalogue());
        QVERIFY(settle(source));
        ImageProxyModel proxy;
        proxy.setSourceModel(&source);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

        proxy.sort(ImageListModel::DisplayNameColumn);
        QCOMPARE(namesOf(proxy),
                 (QStringList{u"cuda"_s, u"debian"_s, u"old-torch"_s, u"ubuntu"_s, u"nginx"_s}));
        proxy.sort(ImageListModel::TypeColumn); // cpu, gpu, universal; ties by name
        QCOMPARE(namesOf(proxy),
                 (QStringList{u"debian"_s, u"nginx"_s, u"ubuntu"_s, u"cuda"_s, u"old-torch"_s}));
        proxy.sort(ImageListModel::AccessColumn); // 1 group, 2 groups, global
        QCOMPARE(namesOf(proxy),
                 (QStringList{u"cuda"_s, u"old-torch"_s, u"nginx"_s, u"debian"_s, u"ubuntu"_s}));
        proxy.sort(ImageListModel::StatusColumn, Qt::DescendingOrder); // deactivated first
        QCOMPARE(namesOf(proxy).mid(0, 2), (QStringList{u"ubuntu"_s, u"old-torch"_s}));
        proxy.sort(ImageListModel::UrlColumn);
        QCOMPARE(namesOf(proxy),
                 (QStringList{u"debian"_s, u"nginx"_s, u"ubuntu"_s, u"old-torch"_s, u"cuda"_s}));
        proxy.sort(ImageListModel::NameColumn, Qt::DescendingOrder);
        QCOMPARE(namesOf(proxy),
                 (QStringList{u"ubuntu"_s, u"old-torch"_s, u"nginx"_s, u"debian"_s, u"cuda"_s}));

        // Sorted as it changes (dynamicSortFilter): a new image lands at its place.
        const ManagedImage fresh = makeImage(m_fixture.catalogue(), u"alpine"_s, u"Alpine"_s, ImageType::Cpu,
                                             u"docker.io/library/alpine:3"_s, false, {});
        source.imageSaved(fresh.id);
        QCOMPARE(namesOf(proxy).constLast(), u"alpine"_s);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    QString m_ml;
    QString m_web;
};

QTEST_MAIN(tst_ImageProxyModel)
#include "tst_imageproxymodel.moc"
