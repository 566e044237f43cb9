#include "catalogueseeds.h"
#include "modeltesting.h"
#include "registrylistmodel.h"
#include "registryproxymodel.h"
#include "store/registryrepository.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

using FieldList = QList<QPair<QString, QString>>;

namespace {

QStringList namesOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(RegistryListModel::NameRole).toString();
    return out;
}

} // namespace

class tst_RegistryProxyModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        KilnTest::ModelTestFixture::initTestCase();
        QVERIFY(m_fixture.init());
        const Catalogue &c = m_fixture.catalogue();
        const RegistryRepository registries(c);
        auto add = [this, &registries](const QString &name, const QStringList &tags, auto &&edit) {
            Registry r;
            r.name = name;
            r.publicUrl = u"https://"_s + name + u".example.org"_s;
            r.imagePrefix = name + u".example.org/kiln"_s;
            r.tags = tags;
            edit(r);
            auto created = registries.create(r);
            QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
            m_ids.insert(name, created->id);
        };
        add(u"harbor"_s, {u"gpu"_s, u"prod"_s}, [](Registry &r) {
            r.storageType = RegistryStorage::S3;
            r.registryType = RegistryType::Internal;
            r.authRequired = true;
            r.metadata = {{u"owner"_s, u"ml-team"_s}};
            r.pushTarget = true;
        });
        add(u"dockerhub"_s, {u"public"_s}, [](Registry &r) {
            r.publicUrl = u"https://hub.docker.com"_s;
            r.imagePrefix = u"docker.io"_s;
        });
        add(u"cache"_s, {u"gpu"_s, u"mirror"_s}, [](Registry &r) {
            r.mirrorEnabled = true;
            r.storageType = RegistryStorage::Fs;
            r.registryType = RegistryType::Internal;
            r.metadata = {{u"owner"_s, u"infra"_s}};
        });
        add(u"staging"_s, {u"prod"_s}, [](Registry &r) { r.tlsVerify = false; });
        QVERIFY(registries.recordHealth(m_ids.value(u"harbor"_s), u"healthy"_s, 40, 1700000003000, QString())
                    .ok());
        QVERIFY(
            registries.recordHealth(m_ids.value(u"cache"_s), u"healthy"_s, 5, 1700000001000, QString()).ok());
        QVERIFY(registries
                    .recordHealth(m_ids.value(u"staging"_s), u"unreachable"_s, std::nullopt, 1700000002000,
                                  u"refused"_s)
                    .ok());
        m_model = std::make_unique<RegistryListModel>(c);
        QVERIFY(KilnTest::settle(*m_model));
        QCOMPARE(m_model->rowCount(), 4);
    }

    void cleanupTestCase()
    {
        m_model.reset();
        m_fixture.cleanup();
    }

    void filters_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("anyOf");
        QTest::addColumn<QStringList>("allOf");
        QTest::addColumn<FieldList>("fields");
        QTest::addColumn<QStringList>("expected");
        const QStringList none;
        const FieldList noFields;
        QTest::newRow("everything") << QString() << none << none << noFields
                                    << QStringList{u"cache"_s, u"dockerhub"_s, u"harbor"_s, u"staging"_s};
        QTest::newRow("text-name") << u"HARB"_s << none << none << noFields << QStringList{u"harbor"_s};
        QTest::newRow("text-url") << u"hub.docker"_s << none << none << noFields
                                  << QStringList{u"dockerhub"_s};
        QTest::newRow("text-tag") << u"mirror"_s << none << none << noFields << QStringList{u"cache"_s};
        QTest::newRow("text-metadata")
            << u"ml-team"_s << none << none << noFields << QStringList{u"harbor"_s};
        QTest::newRow("any-of") << QString() << QStringList{u"public"_s, u"mirror"_s} << none << noFields
                                << QStringList{u"cache"_s, u"dockerhub"_s};
        QTest::newRow("any-of-shared") << QString() << QStringList{u"prod"_s} << none << noFields
                                       << QStringList{u"harbor"_s, u"staging"_s};
        QTest::newRow("all-of") << QString() << none << QStringList{u"gpu"_s, u"prod"_s} << noFields
                                << QStringList{u"harbor"_s};
        QTest::newRow("all-of-none") << QString() << none << QStringList{u"public"_s, u"gpu"_s} << noFields
                                     << QStringList();
        QTest::newRow("storage") << QString() << none << none << FieldList{{u"storage_type"_s, u"s3"_s}}
                                 << QStringList{u"harbor"_s};
        QTest::newRow("type-internal")
            << QString() << none << none << FieldList{{u"registry_type"_s, u"internal"_s}}
            << QStringList{u"cache"_s, u"harbor"_s};
        QTest::newRow("bool-mirror") << QString() << none << none
                                     << FieldList{{u"mirror_enabled"_s, u"yes"_s}} << QStringList{u"cache"_s};
        QTest::newRow("bool-tls") << QString() << none << none << FieldList{{u"tls_verify"_s, u"false"_s}}
                                  << QStringList{u"staging"_s};
        QTest::newRow("metadata-field")
            << QString() << none << none << FieldList{{u"metadata.owner"_s, u"INFRA"_s}}
            << QStringList{u"cache"_s};
        QTest::newRow("prefixed-field")
            << QString() << none << none << FieldList{{u"container_registry_name"_s, u"staging"_s}}
            << QStringList{u"staging"_s};
        QTest::newRow("combined") << u"example"_s << QStringList{u"gpu"_s} << none
                                  << FieldList{{u"registry_type"_s, u"internal"_s}}
                                  << QStringList{u"cache"_s, u"harbor"_s};
    }

    void filters()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, anyOf);
        QFETCH(QStringList, allOf);
        QFETCH(FieldList, fields);
        QFETCH(QStringList, expected);
        RegistryProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setSourceModel(m_model.get());
        proxy.sort(RegistryListModel::NameColumn);
        proxy.setFilterText(text);
        proxy.setTagsAnyOf(anyOf);
        proxy.setTagsAllOf(allOf);
        proxy.setFieldFilters(fields);
        QCOMPARE(namesOf(proxy), expected);
        // Clearing every part shows everything again.
        proxy.setFilter(RegistryFilter());
        QCOMPARE(proxy.rowCount(), 4);
    }

    void sorts_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("name") << int(RegistryListModel::NameColumn) << int(Qt::AscendingOrder)
                              << QStringList{u"cache"_s, u"dockerhub"_s, u"harbor"_s, u"staging"_s};
        QTest::newRow("name-desc") << int(RegistryListModel::NameColumn) << int(Qt::DescendingOrder)
                                   << QStringList{u"staging"_s, u"harbor"_s, u"dockerhub"_s, u"cache"_s};
        // Healthy by latency, then unreachable, then never checked.
        QTest::newRow("health") << int(RegistryListModel::HealthColumn) << int(Qt::AscendingOrder)
                                << QStringList{u"cache"_s, u"harbor"_s, u"staging"_s, u"dockerhub"_s};
        // By time, never checked first.
        QTest::newRow("checked") << int(RegistryListModel::LastCheckedColumn) << int(Qt::AscendingOrder)
                                 << QStringList{u"dockerhub"_s, u"cache"_s, u"staging"_s, u"harbor"_s};
        QTest::newRow("push-target") << int(RegistryListModel::PushTargetColumn) << int(Qt::AscendingOrder)
                                     << QStringList{u"harbor"_s, u"cache"_s, u"dockerhub"_s, u"staging"_s};
        QTest::newRow("url") << int(RegistryListModel::UrlColumn) << int(Qt::AscendingOrder)
                             << QStringList{u"cache"_s, u"harbor"_s, u"dockerhub"_s, u"staging"_s};
    }

    void sorts()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QStringList, expected);
        RegistryProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setSourceModel(m_model.get());
        proxy.sort(column, Qt::SortOrder(order));
        QCOMPARE(namesOf(proxy), expected);
    }

    void followsHealthUpdates()
    {
        RegistryProxyModel proxy;
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.setSourceModel(m_model.get());
        proxy.setFieldFilters({{u"health"_s, u"healthy"_s}});
        QCOMPARE(namesOf(proxy).size(), 2);
        RegistryHealth healthy;
        healthy.status = RegistryHealthStatus::Healthy;
        healthy.latencyMs = 3;
        healthy.checkedAt = 1700000009000;
        m_model->applyHealth(m_ids.value(u"dockerhub"_s), healthy);
        // The health filter follows the new result at once (dynamic filtering).
        QCOMPARE(namesOf(proxy).size(), 3);
    }

private:
    KilnTest::ModelTestFixture m_fixture;
    std::unique_ptr<RegistryListModel> m_model;
    QHash<QString, QString> m_ids;
};

QTEST_MAIN(tst_RegistryProxyModel)
#include "tst_registryproxymodel.moc"
