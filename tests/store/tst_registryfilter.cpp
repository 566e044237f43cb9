#include "store/registryfilter.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

// Three registries that differ in every field a filter can look at.
QList<Registry> registries()
{
    Registry harbor;
    harbor.id = u"5b7c1f0e-0000-4000-8000-000000000001"_s;
    harbor.name = u"harbor"_s;
    harbor.publicUrl = u"https://harbor.example.org"_s;
    harbor.imagePrefix = u"harbor.example.org/ml"_s;
    harbor.tags = {u"gpu"_s, u"prod"_s};
    harbor.metadata = {{u"team"_s, u"ML"_s}, {u"site"_s, u"fra"_s}};
    harbor.authRequired = true;
    harbor.storageType = RegistryStorage::S3;
    harbor.storageSizeMb = 512000;
    harbor.registryType = RegistryType::Internal;
    harbor.pushTarget = true;
    harbor.healthStatus = u"healthy"_s;

    Registry local;
    local.id = u"5b7c1f0e-0000-4000-8000-000000000002"_s;
    local.name = u"local"_s;
    local.publicUrl = u"http://localhost:5000"_s;
    local.imagePrefix = u"localhost:5000"_s;
    local.tags = {u"dev"_s};
    local.tlsVerify = false;
    local.storageType = RegistryStorage::Fs;
    local.memoryMb = 2048;
    local.healthStatus = u"unreachable"_s;

    Registry hub;
    hub.id = u"5b7c1f0e-0000-4000-8000-000000000003"_s;
    hub.name = u"dockerhub"_s;
    hub.publicUrl = u"https://hub.docker.com"_s;
    hub.imagePrefix = u"docker.io/library"_s;
    hub.tags = {u"gpu"_s, u"public"_s};
    hub.mirrorEnabled = true;
    hub.maxLayerSizeMb = 10240;
    hub.customCaFile = u"/etc/ssl/hub.pem"_s;
    return {harbor, local, hub};
}

QStringList matching(const RegistryFilter &filter)
{
    QStringList names;
    for (const Registry &registry : registries()) {
        if (filter.matches(registry))
            names.append(registry.name);
    }
    return names;
}

using Fields = QList<QPair<QString, QString>>;

} // namespace

// RegistryFilter, registryFilterFieldNames() and parseRegistryFieldFilter(): pure.
class TestRegistryFilter : public QObject
{
    Q_OBJECT

private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("anyOf");
        QTest::addColumn<QStringList>("allOf");
        QTest::addColumn<Fields>("fields");
        QTest::addColumn<QStringList>("expected");

        const QStringList all{u"harbor"_s, u"local"_s, u"dockerhub"_s};
        QTest::newRow("empty: all") << QString() << QStringList() << QStringList() << Fields() << all;
        QTest::newRow("text in name")
            << u"LOC"_s << QStringList() << QStringList() << Fields() << QStringList{u"local"_s};
        QTest::newRow("text in url") << u"hub.docker"_s << QStringList() << QStringList() << Fields()
                                     << QStringList{u"dockerhub"_s};
        QTest::newRow("text in prefix")
            << u"/ml"_s << QStringList() << QStringList() << Fields() << QStringList{u"harbor"_s};
        QTest::newRow("text in tag") << u"publ"_s << QStringList() << QStringList() << Fields()
                                     << QStringList{u"dockerhub"_s};
        QTest::newRow("text in metadata value")
            << u"fra"_s << QStringList() << QStringList() << Fields() << QStringList{u"harbor"_s};
        QTest::newRow("text in metadata key")
            << u"tea"_s << QStringList() << QStringList() << Fields() << QStringList{u"harbor"_s};
        QTest::newRow("text nowhere")
            << u"quay"_s << QStringList() << QStringList() << Fields() << QStringList();
        QTest::newRow("blank text: all") << u"  "_s << QStringList() << QStringList() << Fields() << all;
        QTest::newRow("any of one") << QString() << QStringList{u"gpu"_s} << QStringList() << Fields()
                                    << QStringList{u"harbor"_s, u"dockerhub"_s};
        QTest::newRow("any of two") << QString() << QStringList{u"dev"_s, u"prod"_s} << QStringList()
                                    << Fields() << QStringList{u"harbor"_s, u"local"_s};
        QTest::newRow("any of unknown")
            << QString() << QStringList{u"nope"_s} << QStringList() << Fields() << QStringList();
        QTest::newRow("all of two") << QString() << QStringList() << QStringList{u"gpu"_s, u"prod"_s}
                                    << Fields() << QStringList{u"harbor"_s};
        QTest::newRow("all of, one missing")
            << QString() << QStringList() << QStringList{u"gpu"_s, u"dev"_s} << Fields() << QStringList();
        QTest::newRow("any and all together")
            << QString() << QStringList{u"public"_s, u"prod"_s} << QStringList{u"gpu"_s} << Fields()
            << QStringList{u"harbor"_s, u"dockerhub"_s};
        QTest::newRow("text and tag (AND)") << u"example"_s << QStringList{u"prod"_s} << QStringList()
                                            << Fields() << QStringList{u"harbor"_s};
        QTest::newRow("storage_type") << QString() << QStringList() << QStringList()
                                      << Fields{{u"storage_type"_s, u"S3"_s}} << QStringList{u"harbor"_s};
        QTest::newRow("schema names") << QString() << QStringList() << QStringList()
                                      << Fields{{u"container_registry_storage_info.storage_type"_s, u"fs"_s}}
                                      << QStringList{u"local"_s};
        QTest::newRow("tls_verify no") << QString() << QStringList() << QStringList()
                                       << Fields{{u"tls_verify"_s, u"no"_s}} << QStringList{u"local"_s};
        QTest::newRow("auth_required 1") << QString() << QStringList() << QStringList()
                                         << Fields{{u"auth_required"_s, u"1"_s}} << QStringList{u"harbor"_s};
        QTest::newRow("mirror_enabled true")
            << QString() << QStringList() << QStringList() << Fields{{u"config.mirror_enabled"_s, u"true"_s}}
            << QStringList{u"dockerhub"_s};
        QTest::newRow("push_target") << QString() << QStringList() << QStringList()
                                     << Fields{{u"push_target"_s, u"yes"_s}} << QStringList{u"harbor"_s};
        QTest::newRow("number -1") << QString() << QStringList() << QStringList()
                                   << Fields{{u"max_layer_size_mb"_s, u"-1"_s}}
                                   << QStringList{u"harbor"_s, u"local"_s};
        QTest::newRow("memory") << QString() << QStringList() << QStringList()
                                << Fields{{u"memory_mb"_s, u"2048"_s}} << QStringList{u"local"_s};
        QTest::newRow("storage size")
            << QString() << QStringList() << QStringList() << Fields{{u"storage_size_mb"_s, u"512000"_s}}
            << QStringList{u"harbor"_s};
        QTest::newRow("registry_type")
            << QString() << QStringList() << QStringList() << Fields{{u"registry_type"_s, u"external"_s}}
            << QStringList{u"local"_s, u"dockerhub"_s};
        QTest::newRow("health") << QString() << QStringList() << QStringList()
                                << Fields{{u"health"_s, u"unreachable"_s}} << QStringList{u"local"_s};
        QTest::newRow("name exact, not substring")
            << QString() << QStringList() << QStringList() << Fields{{u"name"_s, u"harb"_s}} << QStringList();
        QTest::newRow("name any case")
            << QString() << QStringList() << QStringList()
            << Fields{{u"container_registry_name"_s, u"HARBOR"_s}} << QStringList{u"harbor"_s};
        QTest::newRow("public_url") << QString() << QStringList() << QStringList()
                                    << Fields{{u"public_url"_s, u"http://localhost:5000"_s}}
                                    << QStringList{u"local"_s};
        QTest::newRow("image_prefix")
            << QString() << QStringList() << QStringList()
            << Fields{{u"image_prefix"_s, u"docker.io/library"_s}} << QStringList{u"dockerhub"_s};
        QTest::newRow("host") << QString() << QStringList() << QStringList()
                              << Fields{{u"host"_s, u"docker.io"_s}} << QStringList{u"dockerhub"_s};
        QTest::newRow("id") << QString() << QStringList() << QStringList()
                            << Fields{{u"id"_s, u"5b7c1f0e-0000-4000-8000-000000000002"_s}}
                            << QStringList{u"local"_s};
        QTest::newRow("ca file") << QString() << QStringList() << QStringList()
                                 << Fields{{u"custom_ca_file"_s, u"/etc/ssl/hub.pem"_s}}
                                 << QStringList{u"dockerhub"_s};
        QTest::newRow("tag field") << QString() << QStringList() << QStringList()
                                   << Fields{{u"tags"_s, u"dev"_s}} << QStringList{u"local"_s};
        QTest::newRow("metadata key any case, value any case")
            << QString() << QStringList() << QStringList() << Fields{{u"metadata.Team"_s, u"ml"_s}}
            << QStringList{u"harbor"_s};
        QTest::newRow("metadata missing key") << QString() << QStringList() << QStringList()
                                              << Fields{{u"metadata.owner"_s, u"x"_s}} << QStringList();
        QTest::newRow("two fields (AND)")
            << QString() << QStringList() << QStringList()
            << Fields{{u"tls_verify"_s, u"true"_s}, {u"storage_type"_s, u"unknown"_s}}
            << QStringList{u"dockerhub"_s};
        QTest::newRow("unknown field matches nothing") << QString() << QStringList() << QStringList()
                                                       << Fields{{u"colour"_s, u"red"_s}} << QStringList();
        QTest::newRow("bad boolean matches nothing")
            << QString() << QStringList() << QStringList() << Fields{{u"tls_verify"_s, u"maybe"_s}}
            << QStringList();
    }

    void matches()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, anyOf);
        QFETCH(QStringList, allOf);
        QFETCH(Fields, fields);
        RegistryFilter filter{text, anyOf, allOf, fields};
        QCOMPARE(filter.isEmpty(), text.isEmpty() && anyOf.isEmpty() && allOf.isEmpty() && fields.isEmpty());
        QTEST(matching(filter), "expected");
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field"); // empty: invalid
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("why");

        QTest::newRow("plain") << u"storage_type=s3"_s << u"storage_type"_s << u"s3"_s << 0 << QString();
        QTest::newRow("schema prefix") << u"container_registry_public_url=https://x.org/a=b"_s
                                       << u"public_url"_s << u"https://x.org/a=b"_s << 0 << QString();
        QTest::newRow("nested schema name")
            << u"container_registry_config.tls_verify=no"_s << u"tls_verify"_s << u"no"_s << 0 << QString();
        QTest::newRow("metadata keeps key case")
            << u"metadata.Team=ML"_s << u"metadata.Team"_s << u"ML"_s << 0 << QString();
        QTest::newRow("empty value") << u"custom_ca_file="_s << u"custom_ca_file"_s << QString() << 0
                                     << QString();
        QTest::newRow("no equals") << u"storage_type"_s << QString() << QString() << 13 << u"no '=' found"_s;
        QTest::newRow("no name") << u"=s3"_s << QString() << QString() << 1 << u"field name is missing"_s;
        QTest::newRow("unknown field")
            << u"colour=red"_s << QString() << QString() << 1 << u"unknown field 'colour'"_s;
        QTest::newRow("empty metadata key")
            << u"metadata.=x"_s << QString() << QString() << 10 << u"metadata key is missing"_s;
        QTest::newRow("bad boolean") << u"tls_verify=maybe"_s << QString() << QString() << 12
                                     << u"true or false"_s;
        QTest::newRow("bad number") << u"memory_mb=lots"_s << QString() << QString() << 11
                                    << u"whole number"_s;
        QTest::newRow("bad choice") << u"storage_type=tape"_s << QString() << QString() << 14
                                    << u"one of s3, object-store, fs, unknown"_s;
        QTest::newRow("bad health") << u"health=fine"_s << QString() << QString() << 8 << u"auth-failed"_s;
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QFETCH(int, column);
        QFETCH(QString, why);
        const auto parsed = parseRegistryFieldFilter(text);
        QCOMPARE(parsed.ok(), !field.isEmpty());
        if (parsed.ok()) {
            QCOMPARE(parsed->first, field);
            QTEST(parsed->second, "value");
            return;
        }
        QCOMPARE(parsed.error().column, column);
        QVERIFY2(parsed.error().message.contains(why), qPrintable(parsed.error().message));
        QVERIFY(!parsed.error().field.isEmpty());
    }

    void parsedFiltersMatch()
    {
        // What --where gives is what matches() takes.
        RegistryFilter filter;
        for (const QString &text :
             {u"container_registry_storage_info.registry_type=EXTERNAL"_s, u"tls_verify=1"_s}) {
            const auto parsed = parseRegistryFieldFilter(text);
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().describe()));
            filter.fields.append(parsed.value());
        }
        QCOMPARE(matching(filter), QStringList{u"dockerhub"_s});
    }

    void fieldNames()
    {
        const QStringList names = registryFilterFieldNames();
        for (const QString &name : {u"name"_s, u"public_url"_s, u"image_prefix"_s, u"auth_required"_s,
                                    u"mirror_enabled"_s, u"tls_verify"_s, u"storage_type"_s,
                                    u"registry_type"_s, u"health"_s, u"push_target"_s, u"metadata.<key>"_s})
            QVERIFY2(names.contains(name), qPrintable(name));
        // Every name (but the metadata pattern) is accepted by the parser.
        for (const QString &name : names) {
            if (name.startsWith(u"metadata."_s))
                continue;
            const auto parsed = parseRegistryFieldFilter(name + u"=x"_s);
            QVERIFY2(parsed.ok() || !parsed.error().message.contains(u"unknown field"_s), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestRegistryFilter)
#include "tst_registryfilter.moc"
