#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

// Secret rows on SQLite and on a real PostgreSQL server (every test runs on both),
// and resolveCredential() over a real (file) vault.
class TestSecretRepository : public QObject
{
    Q_OBJECT

private:
    KilnTest::PostgresServer m_server;
    int m_databases = 0;
    std::unique_ptr<KilnTest::TempCatalogue> m_sqlite;
    std::unique_ptr<Catalogue> m_postgres;

    // A fresh, empty catalogue of the current row's kind.
    Catalogue *fresh()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            m_sqlite = std::make_unique<KilnTest::TempCatalogue>();
            return m_sqlite->isOpen() ? &m_sqlite->catalogue() : nullptr;
        }
        const QString name = u"kiln_secrets_%1"_s.arg(++m_databases);
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

    void kindNames()
    {
        for (SecretKind kind :
             {SecretKind::RegistryCredential, SecretKind::PullSecret, SecretKind::WorkerToken})
            QCOMPARE(secretKindFromName(secretKindName(kind)), kind);
        QCOMPARE(secretKindName(SecretKind::PullSecret), u"pull-secret"_s);
        QVERIFY(!secretKindFromName(u"password"_s));
    }

    void createAndRead()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        SecretRepository secrets(*catalogue);
        auto created = secrets.create(u"hub"_s, SecretKind::RegistryCredential, u"robot"_s);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const Secret &s = created.value();
        QCOMPARE(s.name, u"hub"_s);
        QCOMPARE(s.kind, SecretKind::RegistryCredential);
        QCOMPARE(s.username, u"robot"_s);
        QVERIFY(s.keychainRef.startsWith(u"kiln:"_s));
        QCOMPARE(s.keychainRef.size(), 5 + 36);
        QVERIFY(s.createdAt > 0);
        QVERIFY(!s.rotatedAt);
        QCOMPARE(secrets.get(s.id).value(), s);
        QCOMPARE(secrets.find(u"hub"_s).value(), s);
        QCOMPARE(secrets.find(s.id).value(), s);

        auto token = secrets.create(u"worker-a"_s, SecretKind::WorkerToken, {}, u"kiln:given"_s);
        QVERIFY(token.ok());
        QCOMPARE(token->keychainRef, u"kiln:given"_s);
        QVERIFY(token->username.isEmpty());
        const auto all = secrets.list();
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).name, u"hub"_s);
        QCOMPARE(all->at(1).name, u"worker-a"_s);
    }

    void createRefuses_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("username");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("upper case") << u"Hub"_s << u"u"_s << int(StoreError::Code::Invalid) << u"column 1"_s;
        QTest::newRow("empty") << QString() << u"u"_s << int(StoreError::Code::Invalid) << u"not valid"_s;
        QTest::newRow("colon in username")
            << u"ok"_s << u"a:b"_s << int(StoreError::Code::Invalid) << u"column 2: ':'"_s;
        QTest::newRow("newline in username")
            << u"ok"_s << u"ab\n"_s << int(StoreError::Code::Invalid) << u"column 3: control"_s;
        QTest::newRow("taken") << u"taken"_s << u"u"_s << int(StoreError::Code::Conflict)
                               << u"A secret named “taken”"_s;
    }

    void createRefuses()
    {
        QFETCH(QString, name);
        QFETCH(QString, username);
        QFETCH(int, code);
        QFETCH(QString, message);
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        SecretRepository secrets(*catalogue);
        QVERIFY(secrets.create(u"taken"_s, SecretKind::PullSecret, u"u"_s).ok());
        auto created = secrets.create(name, SecretKind::PullSecret, username);
        QVERIFY(!created.ok());
        QCOMPARE(int(created.error().code), code);
        QVERIFY2(created.error().message.contains(message), qPrintable(created.error().message));
        QCOMPARE(secrets.list()->size(), 1);
    }

    void rotateAndRemove()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        SecretRepository secrets(*catalogue);
        RegistryRepository registries(*catalogue);
        const Secret s = secrets.create(u"hub"_s, SecretKind::RegistryCredential, u"robot"_s).value();
        auto rotated = secrets.markRotated(s.id, u"robot2"_s);
        QVERIFY2(rotated.ok(), KilnTest::whyNot(rotated).constData());
        QCOMPARE(rotated->username, u"robot2"_s);
        QVERIFY(rotated->rotatedAt && *rotated->rotatedAt > s.createdAt);
        QCOMPARE(rotated->keychainRef, s.keychainRef);
        QCOMPARE(secrets.markRotated(u"nope"_s, u"x"_s).error().code, StoreError::Code::NotFound);

        // Removing the secret leaves the registry that used it, without credentials.
        Registry r;
        r.name = u"harbor"_s;
        r.publicUrl = u"https://harbor.example.org"_s;
        r.imagePrefix = u"harbor.example.org/ml"_s;
        r.credentialsSecretId = s.id;
        r.authRequired = true;
        const QString registryId = registries.create(r).value().id;
        QVERIFY(secrets.remove(s.id).ok());
        QCOMPARE(secrets.get(s.id).error().code, StoreError::Code::NotFound);
        QCOMPARE(secrets.remove(s.id).error().code, StoreError::Code::NotFound);
        QVERIFY(registries.get(registryId)->credentialsSecretId.isEmpty());
    }

    void resolveCredentialFromVault()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        QTemporaryDir dir;
        SecretVaultOptions options;
        options.backend = SecretBackend::File;
        options.keyFile = dir.filePath(u"secret.key"_s);
        options.dataFile = dir.filePath(u"secrets.enc"_s);
        SecretVault vault(options);
        SecretRepository secrets(*catalogue);
        const Secret s = secrets.create(u"hub"_s, SecretKind::RegistryCredential, u"robot"_s).value();
        auto written = vault.write(s.keychainRef, u"pässword"_s.toUtf8());
        written.waitForFinished();
        QVERIFY(written.result().ok());

        auto resolved = resolveCredential(secrets, vault, u"hub"_s);
        resolved.waitForFinished();
        QVERIFY(resolved.result().ok());
        QCOMPARE(resolved.result().value().username, u"robot"_s);
        QCOMPARE(resolved.result().value().password, u"pässword"_s);

        auto unknown = resolveCredential(secrets, vault, u"nope"_s);
        unknown.waitForFinished();
        QVERIFY(!unknown.result().ok());
        QVERIFY(unknown.result().error().contains(u"no secret"_s));

        // A row without a value: the vault's error.
        QVERIFY(secrets.create(u"empty"_s, SecretKind::PullSecret, u"x"_s).ok());
        auto missing = resolveCredential(secrets, vault, u"empty"_s);
        missing.waitForFinished();
        QVERIFY(!missing.result().ok());
        QVERIFY2(missing.result().error().contains(u"No secret is stored"_s),
                 qPrintable(missing.result().error()));
    }
};

QTEST_GUILESS_MAIN(TestSecretRepository)
#include "tst_secretrepository.moc"
