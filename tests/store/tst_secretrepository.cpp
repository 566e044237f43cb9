#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/imagerepository.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QSqlError>
#include <QSqlQuery>
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

    void validation_data()
    {
        QTest::addColumn<bool>("username"); // else the value
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("column"); // 0: valid
        QTest::addColumn<QString>("message");
        QTest::newRow("username empty") << true << QString() << 0 << QString();
        QTest::newRow("username robot$") << true << u"robot$kiln"_s << 0 << QString();
        QTest::newRow("username colon") << true << u"ab:c"_s << 3 << u"':' cannot be part"_s;
        QTest::newRow("username tab") << true << u"a\tb"_s << 2 << u"control characters"_s;
        QTest::newRow("value") << false << u"p ä:ss\"word"_s << 0 << QString();
        QTest::newRow("value empty") << false << QString() << 1 << u"is required"_s;
        QTest::newRow("value newline") << false << u"abc\n"_s << 4 << u"line breaks"_s;
        QTest::newRow("value carriage return") << false << u"a\rb"_s << 2 << u"line breaks"_s;
        QTest::newRow("value escape") << false << u"ab\x1b"_s << 3 << u"control characters"_s;
    }

    void validation()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend != u"sqlite")
            QSKIP("pure functions: once is enough");
        QFETCH(bool, username);
        QFETCH(QString, text);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto valid = username ? validateSecretUsername(text) : validateSecretValue(text);
        QCOMPARE(valid.ok(), column == 0);
        if (column == 0)
            return;
        QCOMPARE(valid.error().column, column);
        QCOMPARE(valid.error().field, username ? u"Username"_s : u"Password"_s);
        QVERIFY2(valid.error().message.contains(message), qPrintable(valid.error().message));
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

    // Every kind of reference, each row of usage data naming who uses which secret:
    // "registry", "spec" (the current revision, by id or by name), "old-revision"
    // (a spec whose earlier revision used it: not a user), "image", "bake-image",
    // "worker". usage() and usageOfAll() must agree.
    void usage_data()
    {
        QTest::addColumn<QStringList>("users"); // "kind:name:secret" with secret a or b
        QTest::addColumn<QStringList>("usageOfA");
        QTest::addColumn<QStringList>("usageOfB");
        QTest::newRow("nothing") << QStringList() << QStringList() << QStringList();
        QTest::newRow("registry") << QStringList{u"registry:harbor:a"_s}
                                  << QStringList{u"registries=harbor"_s} << QStringList();
        QTest::newRow("specs by id and by name")
            << QStringList{u"spec-id:cuda:a"_s, u"spec-name:alpha:a"_s, u"spec-name:torch:b"_s}
            << QStringList{u"specs=alpha,cuda"_s} << QStringList{u"specs=torch"_s};
        QTest::newRow("only the current revision counts")
            << QStringList{u"old-revision:old:a"_s} << QStringList() << QStringList();
        QTest::newRow("managed and bake images")
            << QStringList{u"image:web:b"_s, u"bake-image:base:b"_s, u"bake-image:web:b"_s} << QStringList()
            << QStringList{u"images=base,web"_s};
        QTest::newRow("workers") << QStringList{u"worker:w2:a"_s, u"worker:w1:a"_s}
                                 << QStringList{u"workers=w1,w2"_s} << QStringList();
        QTest::newRow("everything") << QStringList{u"registry:zot:a"_s, u"registry:harbor:a"_s,
                                                   u"spec-id:cuda:a"_s, u"image:web:a"_s,
                                                   u"worker:w1:b"_s,    u"bake-image:ext:b"_s,
                                                   u"registry:quay:b"_s}
                                    << QStringList{u"registries=harbor,zot"_s, u"specs=cuda"_s,
                                                   u"images=web"_s}
                                    << QStringList{u"registries=quay"_s, u"images=ext"_s, u"workers=w1"_s};
    }

    void usage()
    {
        QFETCH(QStringList, users);
        QFETCH(QStringList, usageOfA);
        QFETCH(QStringList, usageOfB);
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        SecretRepository secrets(*catalogue);
        const Secret a = secrets.create(u"a"_s, SecretKind::RegistryCredential, u"u"_s).value();
        const Secret b = secrets.create(u"b"_s, SecretKind::PullSecret, u"u"_s).value();
        QVERIFY(secrets.create(u"unused"_s, SecretKind::PullSecret, u"u"_s).ok());
        auto db = catalogue->connection();
        QVERIFY(db.ok());
        int n = 0;
        for (const QString &user : std::as_const(users)) {
            const QStringList parts = user.split(u':');
            const QString kind = parts.at(0);
            const QString name = parts.at(1);
            const Secret &secret = parts.at(2) == u"a" ? a : b;
            ++n;
            if (kind == u"registry") {
                Registry r;
                r.name = name;
                r.publicUrl = u"https://"_s + name + u".example.org"_s;
                r.imagePrefix = name + u".example.org"_s;
                r.credentialsSecretId = secret.id;
                auto created = RegistryRepository(*catalogue).create(r);
                QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
            } else if (kind.startsWith(u"spec-") || kind == u"old-revision") {
                SpecContent content;
                content.contentHash = u"hash-%1"_s.arg(n);
                content.baseImage = u"docker.io/library/debian:12"_s;
                content.pullSecretRef = kind == u"spec-name" ? secret.name : secret.id;
                const SpecRepository specs(*catalogue);
                auto created = specs.create(name, content);
                QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
                if (kind == u"old-revision") {
                    content.contentHash += u"-2"_s;
                    content.pullSecretRef.clear();
                    QVERIFY(specs.addRevision(created->spec.id, content).ok());
                }
            } else if (kind == u"image") {
                ManagedImage image;
                image.name = name;
                image.displayName = name;
                image.url = u"registry.example/"_s + name + u":1"_s;
                image.pullSecretId = secret.id;
                auto created = ImageRepository(*catalogue).create(image);
                QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
            } else if (kind == u"bake-image") {
                QSqlQuery q(db.value());
                q.prepare(
                    u"INSERT INTO bake_images (id, name, source_kind, source_ref, pull_secret_id, "
                    "size_mib, created_at, updated_at) VALUES (:id, :name, 'oci', 'x', :secret, 1, 1, 1)"_s);
                q.bindValue(u":id"_s, u"bake-%1"_s.arg(n));
                q.bindValue(u":name"_s, name);
                q.bindValue(u":secret"_s, secret.id);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            } else if (kind == u"worker") {
                QSqlQuery q(db.value());
                q.prepare(u"INSERT INTO workers (id, name, url, token_secret_id, created_at, updated_at) "
                          "VALUES (:id, :name, 'https://w', :secret, 1, 1)"_s);
                q.bindValue(u":id"_s, u"worker-%1"_s.arg(n));
                q.bindValue(u":name"_s, name);
                q.bindValue(u":secret"_s, secret.id);
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            } else {
                QFAIL(qPrintable(kind));
            }
        }
        const auto describe = [](const SecretRepository::Usage &usage) {
            QStringList out;
            const QList<std::pair<QString, QStringList>> lists{{u"registries"_s, usage.registries},
                                                               {u"specs"_s, usage.specs},
                                                               {u"images"_s, usage.images},
                                                               {u"workers"_s, usage.workers}};
            for (const auto &[key, names] : lists) {
                if (!names.isEmpty())
                    out.append(key + u'=' + names.join(u','));
            }
            return out;
        };
        const auto ofA = secrets.usage(a.id);
        QVERIFY2(ofA.ok(), KilnTest::whyNot(ofA).constData());
        QCOMPARE(describe(ofA.value()), usageOfA);
        QCOMPARE(ofA->isEmpty(), usageOfA.isEmpty());
        const auto ofB = secrets.usage(b.id);
        QVERIFY(ofB.ok());
        QCOMPARE(describe(ofB.value()), usageOfB);
        const auto all = secrets.usageOfAll();
        QVERIFY2(all.ok(), KilnTest::whyNot(all).constData());
        QCOMPARE(describe(all->value(a.id)), usageOfA);
        QCOMPARE(describe(all->value(b.id)), usageOfB);
        QCOMPARE(all->contains(a.id), !usageOfA.isEmpty());
        QCOMPARE(all->contains(b.id), !usageOfB.isEmpty());
        QCOMPARE(secrets.usage(u"nope"_s).error().code, StoreError::Code::NotFound);

        // A delete clears the references: nothing uses the secret's id any more.
        QVERIFY(secrets.remove(a.id).ok());
        QVERIFY(!secrets.usageOfAll()->contains(a.id));
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
