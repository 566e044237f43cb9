#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "testsupport.h"

#include <QtConcurrent>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

Registry draft(const QString &name)
{
    Registry r;
    r.name = name;
    r.publicUrl = u"https://"_s + name + u".example.org"_s;
    r.imagePrefix = name + u".example.org/kiln"_s;
    return r;
}

QStringList pushTargets(const RegistryRepository &registries)
{
    QStringList names;
    for (const Registry &r : registries.list().value()) {
        if (r.pushTarget)
            names.append(r.name);
    }
    return names;
}

} // namespace

// Registries and their tags on SQLite and on a real PostgreSQL server (every test
// runs on both).
class TestRegistryRepository : public QObject
{
    Q_OBJECT

private:
    KilnTest::PostgresServer m_server;
    int m_databases = 0;
    std::unique_ptr<KilnTest::TempCatalogue> m_sqlite;
    std::unique_ptr<Catalogue> m_postgres;

    Catalogue *fresh()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            m_sqlite = std::make_unique<KilnTest::TempCatalogue>();
            return m_sqlite->isOpen() ? &m_sqlite->catalogue() : nullptr;
        }
        const QString name = u"kiln_registries_%1"_s.arg(++m_databases);
        if (!m_server.createDatabase(name))
            return nullptr;
        auto opened = Catalogue::openPostgres(m_server.location(name));
        if (!opened.ok())
            return nullptr;
        m_postgres = std::move(opened).value();
        KilnTest::useSteppingClock(*m_postgres);
        return m_postgres.get();
    }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << u"sqlite"_s;
        QTest::newRow("postgres") << u"postgres"_s;
    }

    void initTestCase()
    {
        KilnTest::isolateSettings();
        QVERIFY2(!KilnTest::PostgresServer::binDir().isEmpty(), "PostgreSQL server binaries not found");
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void cleanup()
    {
        m_sqlite.reset();
        m_postgres.reset();
    }

    void everyColumnRoundTrips()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        const Secret secret = SecretRepository(*catalogue)
                                  .create(u"harbor-robot"_s, SecretKind::RegistryCredential, u"robot"_s)
                                  .value();
        Registry r = draft(u"harbor"_s);
        r.metadata = {{u"owner"_s, u"platform team"_s}, {u"zone"_s, u"eu-1"_s}};
        r.authRequired = true;
        r.mirrorEnabled = true;
        r.tlsVerify = false;
        r.customCaFile = u"/etc/kiln/harbor-ca.pem"_s;
        r.maxLayerSizeMb = 4096;
        r.storageType = RegistryStorage::ObjectStore;
        r.storageSizeMb = 1000000;
        r.memoryMb = 8192;
        r.registryType = RegistryType::Internal;
        r.pushTarget = true;
        r.credentialsSecretId = secret.id;
        r.tags = {u"prod"_s, u"gpu"_s};
        auto created = registries.create(r);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        Registry expected = r;
        expected.id = created->id;
        expected.createdAt = expected.updatedAt = created->createdAt;
        expected.tags = {u"gpu"_s, u"prod"_s}; // sorted
        QVERIFY(expected.createdAt > 0);
        QCOMPARE(created.value(), expected);
        QCOMPARE(registries.get(expected.id).value(), expected);
        QCOMPARE(registries.find(u"harbor"_s).value(), expected);
        QCOMPARE(registries.find(expected.id).value(), expected);
        QCOMPARE(registries.pushTarget().value(), std::optional<Registry>(expected));
        QCOMPARE(registries.list().value(), QList<Registry>{expected});

        // The defaults of a minimal registry.
        const Registry minimal = registries.create(draft(u"quay"_s)).value();
        QVERIFY(minimal.tlsVerify && !minimal.authRequired && !minimal.mirrorEnabled && !minimal.pushTarget);
        QCOMPARE(minimal.maxLayerSizeMb, -1);
        QCOMPARE(minimal.storageType, RegistryStorage::Unknown);
        QCOMPARE(minimal.registryType, RegistryType::External);
        QCOMPARE(minimal.healthStatus, u"unknown"_s);
        QVERIFY(!minimal.healthLatencyMs && !minimal.healthCheckedAt);
        QVERIFY(minimal.metadata.isEmpty() && minimal.tags.isEmpty() && minimal.customCaFile.isEmpty());
    }

    void createRefuses_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad prefix") << u"prefix"_s << int(StoreError::Code::Invalid)
                                    << u"The registry “bad” is not valid: Image prefix, column 1:"_s;
        QTest::newRow("bad url") << u"url"_s << int(StoreError::Code::Invalid) << u"Public URL, column 1:"_s;
        QTest::newRow("bad tag") << u"tag"_s << int(StoreError::Code::Invalid) << u"Tags, line 1, column 1"_s;
        QTest::newRow("unknown secret")
            << u"secret"_s << int(StoreError::Code::NotFound) << u"There is no secret with id “missing”."_s;
        QTest::newRow("taken") << u"taken"_s << int(StoreError::Code::Conflict)
                               << u"A registry named “taken” already exists."_s;
    }

    void createRefuses()
    {
        QFETCH(QString, change);
        QFETCH(int, code);
        QFETCH(QString, message);
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        QVERIFY(registries.create(draft(u"taken"_s)).ok());
        Registry r = draft(u"bad"_s);
        if (change == u"prefix")
            r.imagePrefix = u"https://bad.example.org"_s;
        else if (change == u"url")
            r.publicUrl = u"bad.example.org"_s;
        else if (change == u"tag")
            r.tags = {u"GPU"_s};
        else if (change == u"secret")
            r.credentialsSecretId = u"missing"_s;
        else
            r = draft(u"taken"_s);
        auto created = registries.create(r);
        QVERIFY(!created.ok());
        QCOMPARE(int(created.error().code), code);
        QVERIFY2(created.error().message.contains(message), qPrintable(created.error().message));
        QCOMPARE(registries.list()->size(), 1);
    }

    void updateAndTags()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        Registry r = registries.create(draft(u"harbor"_s)).value();
        r.publicUrl = u"http://localhost:5000"_s;
        r.imagePrefix = u"localhost:5000/kiln"_s;
        r.tlsVerify = false;
        r.tags = {u"b"_s, u"a"_s};
        r.metadata = {{u"k"_s, u"v"_s}};
        auto updated = registries.update(r);
        QVERIFY2(updated.ok(), KilnTest::whyNot(updated).constData());
        QCOMPARE(updated->imagePrefix, u"localhost:5000/kiln"_s);
        QVERIFY(!updated->tlsVerify);
        QCOMPARE(updated->tags, (QStringList{u"a"_s, u"b"_s}));
        QCOMPARE(updated->metadata, r.metadata);
        QVERIFY(updated->updatedAt > r.updatedAt);
        QCOMPARE(updated->createdAt, r.createdAt);

        r = updated.value();
        r.tags = {u"c"_s};
        QCOMPARE(registries.update(r)->tags, QStringList{u"c"_s});
        r.tags.clear();
        QVERIFY(registries.update(r)->tags.isEmpty());

        // A refused update changes nothing, tags included.
        r.tags = {u"x"_s};
        r.imagePrefix = u"no-host/path"_s;
        QCOMPARE(registries.update(r).error().code, StoreError::Code::Invalid);
        QVERIFY(registries.get(r.id)->tags.isEmpty());
        r = registries.get(r.id).value();
        r.name = u"renamed"_s;
        QCOMPARE(registries.update(r).error().code, StoreError::Code::Invalid);
        r.id = u"nope"_s;
        QCOMPARE(registries.update(r).error().code, StoreError::Code::NotFound);
    }

    void exactlyOnePushTarget()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        QVERIFY(!registries.pushTarget().value());
        const QString a = registries.create(draft(u"a"_s)).value().id;
        Registry withFlag = draft(u"b"_s);
        withFlag.pushTarget = true;
        const QString b = registries.create(withFlag).value().id;
        QCOMPARE(pushTargets(registries), QStringList{u"b"_s});
        withFlag.name = u"c"_s;
        withFlag.publicUrl = u"https://c.example.org"_s;
        QVERIFY(registries.create(withFlag).ok());
        QCOMPARE(pushTargets(registries), QStringList{u"c"_s});

        auto set = registries.setPushTarget(a);
        QVERIFY2(set.ok(), KilnTest::whyNot(set).constData());
        QVERIFY(set->pushTarget);
        QCOMPARE(pushTargets(registries), QStringList{u"a"_s});
        QCOMPARE(registries.pushTarget().value()->id, a);
        // An unknown id changes nothing: the clearing is rolled back.
        QCOMPARE(registries.setPushTarget(u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(pushTargets(registries), QStringList{u"a"_s});
        // update() leaves the flag alone.
        Registry edited = registries.get(b).value();
        edited.pushTarget = true;
        QVERIFY(registries.update(edited).ok());
        QCOMPARE(pushTargets(registries), QStringList{u"a"_s});
        QVERIFY(registries.clearPushTarget().ok());
        QVERIFY(!registries.pushTarget().value());

        // Racing setters from many threads: always exactly one at the end.
        QVERIFY(registries.setPushTarget(b).ok());
        const QStringList ids{a, b, a, b, a, b, a, b};
        QtConcurrent::blockingMap(ids,
                                  [&registries](const QString &id) { (void)registries.setPushTarget(id); });
        QCOMPARE(pushTargets(registries).size(), 1);
    }

    void removeCascadesTags()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        Registry r = draft(u"harbor"_s);
        r.tags = {u"gpu"_s};
        r.pushTarget = true;
        const QString id = registries.create(r).value().id;
        QVERIFY(registries.remove(id).ok());
        QCOMPARE(registries.get(id).error().code, StoreError::Code::NotFound);
        QCOMPARE(registries.remove(id).error().code, StoreError::Code::NotFound);
        QVERIFY(!registries.pushTarget().value());
        // The name and the tag can be used again.
        QVERIFY(registries.create(r).ok());
        QCOMPARE(registries.find(u"harbor"_s)->tags, QStringList{u"gpu"_s});
    }

    void recordHealthLeavesUpdatedAt()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        const Registry created = registries.create(draft(u"harbor"_s)).value();
        QCOMPARE(created.healthStatus, u"unknown"_s);
        auto recorded = registries.recordHealth(created.id, u"healthy"_s, 42, 1700000123456,
                                                u"OCI distribution API answered"_s);
        QVERIFY2(recorded.ok(), KilnTest::whyNot(recorded).constData());
        Registry stored = registries.get(created.id).value();
        QCOMPARE(stored.healthStatus, u"healthy"_s);
        QCOMPARE(stored.healthLatencyMs, std::optional<qint64>(42));
        QCOMPARE(stored.healthCheckedAt, std::optional<qint64>(1700000123456));
        QCOMPARE(stored.healthMessage, u"OCI distribution API answered"_s);
        QCOMPARE(stored.updatedAt, created.updatedAt);

        // No answer: no latency; the message is replaced.
        QVERIFY(registries
                    .recordHealth(created.id, u"unreachable"_s, std::nullopt, 1700000200000,
                                  u"connection refused"_s)
                    .ok());
        stored = registries.get(created.id).value();
        QCOMPARE(stored.healthStatus, u"unreachable"_s);
        QCOMPARE(stored.healthLatencyMs, std::nullopt);
        QCOMPARE(stored.healthMessage, u"connection refused"_s);
        QCOMPARE(stored.updatedAt, created.updatedAt);
        // An edit keeps the health.
        Registry edited = stored;
        edited.tags = {u"x"_s};
        QCOMPARE(registries.update(edited).value().healthStatus, u"unreachable"_s);

        const auto badStatus = registries.recordHealth(created.id, u"fine"_s, 1, 1, {});
        QVERIFY(!badStatus.ok());
        QCOMPARE(badStatus.error().code, StoreError::Code::Invalid);
        const auto gone = registries.recordHealth(u"no-such-id"_s, u"healthy"_s, 1, 1, {});
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().code, StoreError::Code::NotFound);
    }

    void createWithIdKeepsTheId()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        RegistryRepository registries(*catalogue);
        Registry r = draft(u"imported"_s);
        r.id = u"0f8fad5b-d9cb-469f-a165-70867728950e"_s;
        auto created = registries.createWithId(r);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        QCOMPARE(created->id, r.id);
        QCOMPARE(registries.get(r.id).value().name, u"imported"_s);

        Registry again = draft(u"other"_s);
        again.id = r.id;
        const auto taken = registries.createWithId(again);
        QVERIFY(!taken.ok());
        QCOMPARE(taken.error().code, StoreError::Code::Conflict);
        again.id = u"not-a-uuid"_s;
        const auto invalid = registries.createWithId(again);
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, StoreError::Code::Invalid);
        // create() ignores a given id.
        again.id = u"0f8fad5b-d9cb-469f-a165-70867728950f"_s;
        QVERIFY(registries.create(again).value().id != again.id);
    }
};

QTEST_GUILESS_MAIN(TestRegistryRepository)
#include "tst_registryrepository.moc"
