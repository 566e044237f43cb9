#include "cataloguefixture.h"
#include "store/registryexchange.h"
#include "store/secretrepository.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

Registry full(const QString &name)
{
    Registry r;
    r.name = name;
    r.publicUrl = u"https://"_s + name + u".example.org"_s;
    r.imagePrefix = name + u".example.org/ml"_s;
    r.metadata = {{u"owner"_s, u"platform"_s}, {u"zone"_s, u"eu-1"_s}};
    r.tags = {u"gpu"_s, u"prod"_s};
    r.authRequired = true;
    r.mirrorEnabled = true;
    r.tlsVerify = false;
    r.customCaFile = u"/etc/kiln/ca.pem"_s;
    r.maxLayerSizeMb = 4096;
    r.storageType = RegistryStorage::ObjectStore;
    r.storageSizeMb = 1000000;
    r.memoryMb = 8192;
    r.registryType = RegistryType::Internal;
    return r;
}

// The fields an export carries (no push target, credentials, health or times).
Registry exchanged(Registry r)
{
    Registry out;
    out.id = r.id;
    out.name = r.name;
    out.metadata = r.metadata;
    out.publicUrl = r.publicUrl;
    out.imagePrefix = r.imagePrefix;
    out.authRequired = r.authRequired;
    out.mirrorEnabled = r.mirrorEnabled;
    out.tlsVerify = r.tlsVerify;
    out.customCaFile = r.customCaFile;
    out.maxLayerSizeMb = r.maxLayerSizeMb;
    out.storageType = r.storageType;
    out.storageSizeMb = r.storageSizeMb;
    out.memoryMb = r.memoryMb;
    out.registryType = r.registryType;
    out.tags = r.tags;
    return out;
}

// One valid entry, one key per line, with `extra` lines inserted after the name.
QByteArray entry(const QString &name, const QString &extra = {}, const QString &url = {})
{
    return (u"  {\n"
            "    \"container_registry_name\": \""_s +
            name + u"\",\n"_s + extra + u"    \"container_registry_public_url\": \""_s +
            (url.isEmpty() ? u"https://"_s + name + u".example.org"_s : url) +
            u"\",\n"
            "    \"container_registry_image_prefix\": \""_s +
            name + u".example.org\"\n  }"_s)
        .toUtf8();
}

QByteArray array(const QList<QByteArray> &entries)
{
    return "[\n" + entries.join(",\n") + "\n]\n";
}

struct Expected
{
    int index;
    int line;
    QString field;
    QString why;
};

} // namespace
Q_DECLARE_METATYPE(QList<Expected>)

// Export and import in the container-registry schema: pure parsing and, on a real
// SQLite catalogue, importing with each conflict rule.
class TestRegistryExchange : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void exportUsesSchemaNamesOnly()
    {
        Registry r = full(u"harbor"_s);
        r.id = u"0f8fad5b-d9cb-469f-a165-70867728950e"_s;
        r.credentialsSecretId = u"b0d6c0a4-secret-id"_s;
        r.pushTarget = true;
        r.healthStatus = u"healthy"_s;
        r.healthMessage = u"fine"_s;
        const QJsonObject json = registryToExchangeJson(r);
        QStringList keys = json.keys();
        keys.sort();
        QCOMPARE(keys, (QStringList{u"container_registry_config"_s, u"container_registry_id"_s,
                                    u"container_registry_image_prefix"_s, u"container_registry_metadata"_s,
                                    u"container_registry_name"_s, u"container_registry_public_url"_s,
                                    u"container_registry_storage_info"_s, u"container_registry_tags"_s}));
        const QJsonObject config = json.value(u"container_registry_config"_s).toObject();
        QCOMPARE(config.value(u"auth_required"_s).toBool(), true);
        QCOMPARE(config.value(u"mirror_enabled"_s).toBool(), true);
        QCOMPARE(config.value(u"tls_verify"_s).toBool(), false);
        QCOMPARE(config.value(u"custom_ca_file"_s).toString(), u"/etc/kiln/ca.pem"_s);
        QCOMPARE(config.value(u"max_layer_size_mb"_s).toInteger(), 4096);
        const QJsonObject storage = json.value(u"container_registry_storage_info"_s).toObject();
        QCOMPARE(storage.value(u"storage_type"_s).toString(), u"object-store"_s);
        QCOMPARE(storage.value(u"storage_size_mb"_s).toInteger(), 1000000);
        QCOMPARE(storage.value(u"memory_mb"_s).toInteger(), 8192);
        QCOMPARE(storage.value(u"registry_type"_s).toString(), u"internal"_s);
        const QByteArray document = exportRegistries({r});
        QVERIFY(!document.contains("secret"));
        QVERIFY(!document.contains("healthy"));
        QVERIFY(!document.contains("fine"));
        QVERIFY(QJsonDocument::fromJson(document).isArray());
    }

    void parsesWhatItExports()
    {
        Registry r = full(u"harbor"_s);
        r.id = u"0f8fad5b-d9cb-469f-a165-70867728950e"_s;
        Registry other = full(u"quay"_s);
        other.id = u"1f8fad5b-d9cb-469f-a165-70867728950e"_s;
        other.metadata.clear();
        other.tags.clear();
        other.customCaFile.clear();
        const RegistryImportParse parsed = parseRegistryImport(exportRegistries({r, other}));
        QVERIFY(parsed.problems.isEmpty());
        QCOMPARE(parsed.entries.size(), 2);
        QCOMPARE(parsed.entries.at(0).registry, exchanged(r));
        QCOMPARE(parsed.entries.at(1).registry, exchanged(other));
        QCOMPARE(parsed.entries.at(0).line, 2);
        QVERIFY(parsed.entries.at(1).line > 20);
        QCOMPARE(parsed.entries.at(1).index, 1);
    }

    void minimalEntryGetsDefaults()
    {
        const RegistryImportParse parsed = parseRegistryImport(
            R"({"container_registry_name":"min","container_registry_public_url":"https://min.example.org",)"
            R"("container_registry_image_prefix":"min.example.org","container_registry_config":null})");
        QVERIFY(parsed.problems.isEmpty());
        QCOMPARE(parsed.entries.size(), 1);
        const Registry &r = parsed.entries.first().registry;
        QCOMPARE(r.id, QString());
        QCOMPARE(r.tlsVerify, true);
        QCOMPARE(r.maxLayerSizeMb, -1);
        QCOMPARE(r.storageType, RegistryStorage::Unknown);
        QCOMPARE(r.registryType, RegistryType::External);
    }

    void problems_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<int>("valid"); // entries left
        QTest::addColumn<QList<Expected>>("expected");

        QTest::newRow("not json") << QByteArray("[\n  {\"container_registry_name\": \"a\",}\n]") << 0
                                  << QList<Expected>{{-1, 2, {}, u"not JSON"_s}};
        QTest::newRow("scalar") << QByteArray("\n42") << 0 << QList<Expected>{{-1, 2, {}, u"not JSON"_s}};
        QTest::newRow("entry not an object")
            << array({entry(u"a"_s), "  [1, 2]", entry(u"c"_s)}) << 2
            << QList<Expected>{{1, 7, {}, u"must be a JSON object, not an array"_s}};
        QTest::newRow("name missing")
            << QByteArray("[\n  {\"container_registry_public_url\": \"https://a.org\",\n"
                          "   \"container_registry_image_prefix\": \"a.org\"}\n]")
            << 0 << QList<Expected>{{0, 2, u"container_registry_name"_s, u"is required"_s}};
        QTest::newRow("name not a string")
            << QByteArray(
                   "[{\"container_registry_name\": 7, \"container_registry_public_url\": \"https://a.org\", "
                   "\"container_registry_image_prefix\": \"a.org\"}]")
            << 0
            << QList<Expected>{{0, 1, u"container_registry_name"_s, u"must be a string, not a number"_s}};
        QTest::newRow("bad name") << QByteArray("[{\"container_registry_public_url\": \"https://a.org\",\n"
                                                "\"container_registry_name\": \"Bad_Name\", "
                                                "\"container_registry_image_prefix\": \"a.org\"}]")
                                  << 0 << QList<Expected>{{0, 2, u"container_registry_name"_s, u"column"_s}};
        QTest::newRow("bad url, second entry, own line")
            << array({entry(u"a"_s), entry(u"b"_s, {}, u"ftp://b.org"_s)}) << 1
            << QList<Expected>{{1, 9, u"container_registry_public_url"_s, u"http:// or https://"_s}};
        QTest::newRow("bad url and bad prefix: both")
            << QByteArray("[\n{\n\"container_registry_name\": \"a\",\n\"container_registry_public_url\": "
                          "\"a.org\",\n"
                          "\"container_registry_image_prefix\": \"https://a.org\"\n}\n]")
            << 0
            << QList<Expected>{{0, 4, u"container_registry_public_url"_s, u"http:// or https://"_s},
                               {0, 5, u"container_registry_image_prefix"_s, u"no scheme"_s}};
        QTest::newRow("id not a uuid")
            << array({entry(u"a"_s, u"    \"container_registry_id\": \"42\",\n"_s)}) << 0
            << QList<Expected>{{0, 4, u"container_registry_id"_s, u"not a UUID"_s}};
        QTest::newRow("unknown field")
            << array({entry(u"a"_s, u"    \"container_registry_colour\": \"red\",\n"_s)}) << 0
            << QList<Expected>{{0, 4, u"container_registry_colour"_s, u"unknown field"_s}};
        QTest::newRow("unknown config field")
            << array(
                   {entry(u"a"_s, u"    \"container_registry_config\": {\n      \"tls\": false\n    },\n"_s)})
            << 0 << QList<Expected>{{0, 5, u"container_registry_config.tls"_s, u"unknown field"_s}};
        QTest::newRow("boolean as text")
            << array(
                   {entry(u"a"_s,
                          u"    \"container_registry_config\": {\n      \"tls_verify\": \"no\"\n    },\n"_s)})
            << 0
            << QList<Expected>{
                   {0, 5, u"container_registry_config.tls_verify"_s, u"true or false, not a string"_s}};
        QTest::newRow("size not whole")
            << array({entry(u"a"_s, u"    \"container_registry_config\": {\"max_layer_size_mb\": 1.5},\n"_s)})
            << 0
            << QList<Expected>{{0, 4, u"container_registry_config.max_layer_size_mb"_s, u"whole number"_s}};
        QTest::newRow("size below -1")
            << array({entry(u"a"_s, u"    \"container_registry_storage_info\": {\n\"memory_mb\": -5},\n"_s)})
            << 0
            << QList<Expected>{{0, 5, u"container_registry_storage_info.memory_mb"_s, u"-1 (unknown)"_s}};
        QTest::newRow("storage type")
            << array({entry(u"a"_s,
                            u"    \"container_registry_storage_info\": {\"storage_type\": \"tape\"},\n"_s)})
            << 0
            << QList<Expected>{{0, 4, u"container_registry_storage_info.storage_type"_s,
                                u"one of s3, object-store, fs"_s}};
        QTest::newRow("registry type")
            << array({entry(u"a"_s, u"    \"container_registry_storage_info\": {\"registry_type\": 1},\n"_s)})
            << 0
            << QList<Expected>{{0, 4, u"container_registry_storage_info.registry_type"_s,
                                u"internal, external, not a number"_s}};
        QTest::newRow("tags not an array")
            << array({entry(u"a"_s, u"    \"container_registry_tags\": \"gpu\",\n"_s)}) << 0
            << QList<Expected>{{0, 4, u"container_registry_tags"_s, u"array of strings"_s}};
        QTest::newRow("bad tag")
            << array({entry(u"a"_s, u"    \"container_registry_tags\": [\"gpu\", \"GPU!\"],\n"_s)}) << 0
            << QList<Expected>{{0, 4, u"container_registry_tags"_s, u"column"_s}};
        QTest::newRow("metadata nested")
            << array({entry(u"a"_s, u"    \"container_registry_metadata\": {\"x\": {\"y\": 1}},\n"_s)}) << 0
            << QList<Expected>{{0, 4, u"container_registry_metadata"_s, u"'x' must be text"_s}};
        QTest::newRow("duplicate name in the document")
            << array({entry(u"a"_s), entry(u"a"_s)}) << 1
            << QList<Expected>{{1, 8, u"container_registry_name"_s, u"also used by entry 1"_s}};
        QTest::newRow("empty array") << QByteArray("[]") << 0 << QList<Expected>{};
    }

    void problems()
    {
        QFETCH(QByteArray, document);
        QFETCH(int, valid);
        QFETCH(QList<Expected>, expected);
        const RegistryImportParse parsed = parseRegistryImport(document);
        QStringList got;
        for (const RegistryImportProblem &p : parsed.problems)
            got.append(u"#%1 line %2 %3: %4"_s.arg(p.index).arg(p.line).arg(p.field, p.message));
        QCOMPARE(parsed.problems.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const RegistryImportProblem &p = parsed.problems.at(i);
            const Expected &e = expected.at(i);
            QVERIFY2(p.index == e.index && p.line == e.line && p.field == e.field &&
                         p.message.contains(e.why),
                     qPrintable(got.join(u"\n"_s)));
        }
        QCOMPARE(parsed.entries.size(), valid);
    }

    void roundTripThroughCatalogues()
    {
        KilnTest::TempCatalogue source;
        QVERIFY2(source.isOpen(), qPrintable(source.errorString()));
        const Secret secret = SecretRepository(source.catalogue())
                                  .create(u"robot-secret"_s, SecretKind::RegistryCredential, u"robot-user"_s)
                                  .value();
        RegistryRepository from(source.catalogue());
        Registry harbor = full(u"harbor"_s);
        harbor.credentialsSecretId = secret.id;
        harbor.pushTarget = true;
        const Registry a = from.create(harbor).value();
        const Registry b = from.create(full(u"quay"_s)).value();
        QVERIFY(from.recordHealth(a.id, u"healthy"_s, 5, 1700000000000, u"answered"_s).ok());
        const QByteArray document = exportRegistries(from.list().value());
        for (const QByteArray &leak :
             {secret.id.toUtf8(), QByteArray("robot-secret"), QByteArray("robot-user"), QByteArray("healthy"),
              QByteArray("answered")})
            QVERIFY2(!document.contains(leak), leak.constData());

        KilnTest::TempCatalogue target;
        QVERIFY2(target.isOpen(), qPrintable(target.errorString()));
        RegistryRepository to(target.catalogue());
        const RegistryImportReport report = importRegistries(to, document, ImportConflict::Fail);
        QVERIFY(report.problems.isEmpty());
        QCOMPARE(report.created.size(), 2);
        QCOMPARE(report.createdFrom.size(), 2);
        QCOMPARE(report.createdFrom.at(1).index, 1);
        const QList<Registry> imported = to.list().value();
        QCOMPARE(imported.size(), 2);
        QCOMPARE(exchanged(imported.at(0)), exchanged(a)); // ids kept
        QCOMPARE(exchanged(imported.at(1)), exchanged(b));
        QCOMPARE(imported.at(0).credentialsSecretId, QString());
        QCOMPARE(imported.at(0).healthStatus, u"unknown"_s);
        // And out again: the same document.
        QCOMPARE(exportRegistries(imported), document);
    }

    void conflicts()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        RegistryRepository registries(temp.catalogue());
        const Secret secret = SecretRepository(temp.catalogue())
                                  .create(u"robot"_s, SecretKind::RegistryCredential, u"robot"_s)
                                  .value();
        Registry existing = full(u"harbor"_s);
        existing.credentialsSecretId = secret.id;
        existing = registries.create(existing).value();

        Registry changed = existing;
        changed.tags = {u"changed"_s};
        changed.publicUrl = u"https://harbor2.example.org"_s;
        const QByteArray byId = exportRegistries({changed});
        Registry renamedSameId = changed;
        renamedSameId.name = u"other"_s;

        // fail: a problem, nothing changes.
        RegistryImportReport report = importRegistries(registries, byId, ImportConflict::Fail);
        QCOMPARE(report.problems.size(), 1);
        QVERIFY2(report.problems.first().message.contains(u"exists already"_s),
                 qPrintable(report.problems.first().message));
        QCOMPARE(report.problems.first().line, 2);
        QCOMPARE(registries.get(existing.id).value(), existing);
        // skip: a line of the report, nothing changes.
        report = importRegistries(registries, byId, ImportConflict::Skip);
        QVERIFY(report.problems.isEmpty());
        QCOMPARE(report.skipped.size(), 1);
        QCOMPARE(registries.get(existing.id).value(), existing);
        // replace: updated in place, credentials kept.
        report = importRegistries(registries, byId, ImportConflict::Replace);
        QVERIFY(report.problems.isEmpty());
        QCOMPARE(report.updated.size(), 1);
        const Registry stored = registries.get(existing.id).value();
        QCOMPARE(stored.tags, QStringList{u"changed"_s});
        QCOMPARE(stored.publicUrl, u"https://harbor2.example.org"_s);
        QCOMPARE(stored.credentialsSecretId, secret.id);
        // replace by name (no id in the entry) keeps the stored id.
        Registry byName = changed;
        byName.id.clear();
        byName.tags = {u"by-name"_s};
        QJsonObject object = registryToExchangeJson(byName);
        object.remove(u"container_registry_id"_s);
        report = importRegistries(registries, QJsonDocument(object).toJson(), ImportConflict::Replace);
        QCOMPARE(report.updated.size(), 1);
        QCOMPARE(report.updated.first().id, existing.id);
        QCOMPARE(registries.list().value().size(), 1);
        // replace cannot rename: the id's registry has another name.
        report = importRegistries(registries, exportRegistries({renamedSameId}), ImportConflict::Replace);
        QCOMPARE(report.problems.size(), 1);
        QVERIFY2(report.problems.first().message.contains(u"cannot change"_s),
                 qPrintable(report.problems.first().message));
        QCOMPARE(registries.list().value().size(), 1);
    }

    void validEntriesImportedBadOnesReported()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        RegistryRepository registries(temp.catalogue());
        const RegistryImportReport report = importRegistries(
            registries, array({entry(u"good"_s), entry(u"bad"_s, {}, u"nope"_s), entry(u"fine"_s)}),
            ImportConflict::Fail);
        QCOMPARE(report.created.size(), 2);
        QCOMPARE(report.problems.size(), 1);
        QCOMPARE(report.problems.first().index, 1);
        QCOMPARE(report.problems.first().field, u"container_registry_public_url"_s);
        QCOMPARE(registries.list().value().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRegistryExchange)
#include "tst_registryexchange.moc"
