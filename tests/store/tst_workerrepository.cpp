#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/bakeimagecacherepository.h"
#include "store/secretrepository.h"
#include "store/secretvault.h"
#include "store/workerrepository.h"
#include "testsupport.h"

#include <QFile>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

Worker draft(const QString &name)
{
    Worker w;
    w.name = name;
    w.url = u"https://"_s + name + u".example.org:8443"_s;
    return w;
}

template <typename T>
T await(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

} // namespace

// Workers on SQLite and on a real PostgreSQL server (every test runs on both).
class TestWorkerRepository : public QObject
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
        const QString database = u"kiln_workers_%1"_s.arg(++m_databases);
        if (!m_server.createDatabase(database))
            return nullptr;
        auto opened = Catalogue::openPostgres(m_server.location(database));
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

    void createAndRead()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerRepository workers(*catalogue);
        const Secret token =
            SecretRepository(*catalogue).create(u"w1-token"_s, SecretKind::WorkerToken, {}).value();
        Worker w = draft(u"w1"_s);
        w.tokenSecretId = token.id;
        w.customCaFile = u"/etc/kiln/workers-ca.pem"_s;
        w.enabled = false;
        w.status = u"online"_s; // ignored
        w.version = u"9.9"_s;   // ignored
        auto created = workers.create(w);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const Worker &stored = created.value();
        QVERIFY(!stored.id.isEmpty());
        QVERIFY(stored.createdAt > 0);
        Worker expected = w;
        expected.id = stored.id;
        expected.status = u"unknown"_s;
        expected.version.clear();
        expected.createdAt = expected.updatedAt = stored.createdAt;
        QCOMPARE(stored, expected);
        QCOMPARE(workers.get(stored.id).value(), expected);
        QCOMPARE(workers.getByName(u"w1"_s).value(), expected);
        QCOMPARE(workers.find(u"w1"_s).value(), expected);
        QCOMPARE(workers.find(stored.id).value(), expected);
        QCOMPARE(workers.find(u"nope"_s).error().message, u"There is no worker with id or name “nope”."_s);

        // A loopback worker may use plain HTTP.
        Worker local = draft(u"local"_s);
        local.url = u"http://127.0.0.1:41000"_s;
        QVERIFY(workers.create(local).ok());
        QCOMPARE(workers.list()->size(), 2);
        QCOMPARE(workers.list()->at(0).name, u"local"_s);
        QCOMPARE(workers.list()->at(1).name, u"w1"_s);
        QCOMPARE(SecretRepository(*catalogue).usage(token.id)->workers, QStringList{u"w1"_s});
    }

    void createRefuses_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("taken") << u"taken"_s << int(StoreError::Code::Conflict)
                               << u"A worker named “w” already exists."_s;
        QTest::newRow("bad name") << u"name"_s << int(StoreError::Code::Invalid)
                                  << u"The worker name “W” is not valid: column 1"_s;
        QTest::newRow("plain http")
            << u"http"_s << int(StoreError::Code::Invalid)
            << u"The worker “w” is not valid: URL, column 1: use https:// for w.example.org: the worker "
               u"token "
               "would cross the network in clear text (http:// is only for a worker on this machine)"_s;
        QTest::newRow("relative ca")
            << u"ca"_s << int(StoreError::Code::Invalid)
            << u"The worker “w” is not valid: CA file, column 1: the CA file must be "
               "an absolute path"_s;
        QTest::newRow("unknown secret")
            << u"secret"_s << int(StoreError::Code::NotFound) << u"There is no secret with id “nope”."_s;
        QTest::newRow("wrong kind") << u"kind"_s << int(StoreError::Code::Invalid) << u"not a worker token"_s;
    }

    void createRefuses()
    {
        QFETCH(QString, change);
        QFETCH(int, code);
        QFETCH(QString, message);
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerRepository workers(*catalogue);
        Worker w = draft(u"w"_s);
        if (change == u"taken")
            QVERIFY(workers.create(w).ok());
        else if (change == u"name")
            w.name = u"W"_s;
        else if (change == u"http")
            w.url = u"http://w.example.org"_s;
        else if (change == u"ca")
            w.customCaFile = u"certs/ca.pem"_s;
        else if (change == u"secret")
            w.tokenSecretId = u"nope"_s;
        else if (change == u"kind")
            w.tokenSecretId =
                SecretRepository(*catalogue).create(u"hub"_s, SecretKind::RegistryCredential, u"u"_s)->id;
        auto created = workers.create(w);
        QVERIFY(!created.ok());
        QCOMPARE(int(created.error().code), code);
        QVERIFY2(created.error().message.contains(message), qPrintable(created.error().message));
        QCOMPARE(workers.list()->size(), change == u"taken" ? 1 : 0);
    }

    void update()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerRepository workers(*catalogue);
        const Worker w = workers.create(draft(u"w"_s)).value();
        Worker edited = w;
        edited.url = u"https://other.example.org"_s;
        edited.customCaFile = u"/ca.pem"_s;
        edited.enabled = false;
        auto saved = workers.update(edited);
        QVERIFY2(saved.ok(), KilnTest::whyNot(saved).constData());
        QCOMPARE(saved->url, edited.url);
        QCOMPARE(saved->customCaFile, edited.customCaFile);
        QVERIFY(!saved->enabled);
        QVERIFY(saved->updatedAt > w.updatedAt);
        QCOMPARE(saved->createdAt, w.createdAt);

        Worker renamed = edited;
        renamed.name = u"x"_s;
        QCOMPARE(workers.update(renamed).error().message,
                 u"The name of a worker cannot change (the worker is “w”, not “x”)."_s);
        Worker bad = edited;
        bad.url = u"https://w.example.org?x"_s;
        QCOMPARE(workers.update(bad).error().code, StoreError::Code::Invalid);
        QCOMPARE(workers.get(w.id)->url, edited.url);
        Worker gone = edited;
        gone.id = u"nope"_s;
        QCOMPARE(workers.update(gone).error().code, StoreError::Code::NotFound);

        QVERIFY(workers.remove(w.id).ok());
        QCOMPARE(workers.remove(w.id).error().code, StoreError::Code::NotFound);
        QVERIFY(workers.list()->isEmpty());
    }

    void recordCheck()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        WorkerRepository workers(*catalogue);
        const Worker w = workers.create(draft(u"w"_s)).value();
        WorkerCheck online{u"online"_s, {}, 1700000555000, u"0.1.0"_s, 4, 123456789012, 2};
        QVERIFY(workers.recordCheck(w.id, online).ok());
        Worker seen = workers.get(w.id).value();
        QCOMPARE(seen.status, u"online"_s);
        QCOMPARE(seen.statusMessage, QString());
        QCOMPARE(seen.lastSeenAt, std::optional<qint64>(1700000555000));
        QCOMPARE(seen.version, u"0.1.0"_s);
        QCOMPARE(seen.capacity, std::optional<qint64>(4));
        QCOMPARE(seen.diskFreeBytes, std::optional<qint64>(123456789012));
        QCOMPARE(seen.runningJobs, std::optional<qint64>(2));
        QCOMPARE(seen.updatedAt, w.updatedAt); // a check is not an edit

        // No answer: the status changes, what was last seen stays.
        QVERIFY(
            workers.recordCheck(w.id, {u"unreachable"_s, u"Connection refused"_s, {}, {}, {}, {}, {}}).ok());
        const Worker lost = workers.get(w.id).value();
        QCOMPARE(lost.status, u"unreachable"_s);
        QCOMPARE(lost.statusMessage, u"Connection refused"_s);
        QCOMPARE(lost.lastSeenAt, seen.lastSeenAt);
        QCOMPARE(lost.version, u"0.1.0"_s);
        QCOMPARE(lost.capacity, seen.capacity);

        QCOMPARE(workers.recordCheck(w.id, {u"sleepy"_s, {}, {}, {}, {}, {}, {}}).error().code,
                 StoreError::Code::Invalid);
        QCOMPARE(workers.recordCheck(u"nope"_s, online).error().code, StoreError::Code::NotFound);
    }

    void tokenGoesToTheVaultOnly()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        QTemporaryDir dir;
        SecretVault vault(KilnTest::fileVaultOptions(dir.path()));
        const QByteArray token = "kw_0123456789abcdef_SuperSecretWorkerTokenValue42";
        auto added = await(addWorker(*catalogue, vault, draft(u"w1"_s), token));
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error()));
        const Worker w = added.value();
        const SecretRepository secrets(*catalogue);
        const Secret secret = secrets.get(w.tokenSecretId).value();
        QCOMPARE(secret.name, u"w1-token"_s);
        QCOMPARE(secret.kind, SecretKind::WorkerToken);
        QCOMPARE(secret.username, QString());
        auto read = await(workerToken(*catalogue, vault, w.id));
        QVERIFY(read.ok());
        QCOMPARE(read.value(), token);
        QCOMPARE(await(vault.read(secret.keychainRef)).value(), token);

        // Not in the catalogue, not in the vault's file in clear.
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            for (const QString &path : QStringList{m_sqlite->path(), m_sqlite->path() + u"-wal"_s}) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    continue; // no write-ahead log
                QVERIFY2(!file.readAll().contains("SuperSecretWorkerToken"), qPrintable(path));
            }
        }
        QFile data(vault.dataFilePath());
        QVERIFY(data.open(QIODevice::ReadOnly));
        QVERIFY(!data.readAll().contains("SuperSecretWorkerToken"));

        // Rotation keeps the secret row and replaces the value.
        auto rotated = await(setWorkerToken(*catalogue, vault, w.id, "kw_new_token"));
        QVERIFY(rotated.ok());
        QCOMPARE(rotated->tokenSecretId, secret.id);
        QVERIFY(secrets.get(secret.id)->rotatedAt.has_value());
        QCOMPARE(await(workerToken(*catalogue, vault, w.id)).value(), QByteArray("kw_new_token"));

        // Refusals leave nothing behind.
        auto taken = await(addWorker(*catalogue, vault, draft(u"w1"_s), token));
        QVERIFY(!taken.ok());
        QCOMPARE(taken.error(), u"A worker named “w1” already exists."_s);
        auto blank = await(addWorker(*catalogue, vault, draft(u"w2"_s), "two\nlines"));
        QVERIFY(!blank.ok());
        QVERIFY2(blank.error().startsWith(u"The worker token is not valid"_s), qPrintable(blank.error()));
        // The line `kiln-worker token create` prints after the token is not a token.
        auto message = await(addWorker(*catalogue, vault, draft(u"w2"_s), "Created token 0123 with admin."));
        QVERIFY(!message.ok());
        QVERIFY2(message.error().contains(u"Token, column 8: a token is one word"_s),
                 qPrintable(message.error()));
        auto foreign = await(addWorker(*catalogue, vault, draft(u"w2"_s), "ghp_0123456789"));
        QVERIFY(!foreign.ok());
        QVERIFY2(foreign.error().contains(u"starts with kw_"_s), qPrintable(foreign.error()));
        Worker insecure = draft(u"w3"_s);
        insecure.url = u"http://w3.example.org"_s;
        auto refused = await(addWorker(*catalogue, vault, insecure, token));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(u"URL, column 1: use https://"_s), qPrintable(refused.error()));
        QCOMPARE(secrets.list()->size(), 1);
        QCOMPARE(WorkerRepository(*catalogue).list()->size(), 1);

        // A worker without a token gets one.
        const Worker bare = WorkerRepository(*catalogue).create(draft(u"bare"_s)).value();
        QCOMPARE(await(workerToken(*catalogue, vault, bare.id)).error(),
                 u"The worker “bare” has no token."_s);
        auto given = await(setWorkerToken(*catalogue, vault, bare.id, "kw_bare"));
        QVERIFY(given.ok());
        QCOMPARE(secrets.get(given->tokenSecretId)->name, u"bare-token"_s);
        QCOMPARE(await(workerToken(*catalogue, vault, bare.id)).value(), QByteArray("kw_bare"));

        // Removing the worker removes its token, row and value.
        auto removed = await(removeWorker(*catalogue, vault, w.id));
        QVERIFY(removed.ok());
        QCOMPARE(WorkerRepository(*catalogue).get(w.id).error().code, StoreError::Code::NotFound);
        QCOMPARE(secrets.get(secret.id).error().code, StoreError::Code::NotFound);
        QCOMPARE(await(vault.read(secret.keychainRef)).error().code, VaultError::Code::NotFound);
        QVERIFY(!await(removeWorker(*catalogue, vault, w.id)).ok());
    }

    void removeKeepsASharedToken()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        QTemporaryDir dir;
        SecretVault vault(KilnTest::fileVaultOptions(dir.path()));
        const Worker a = await(addWorker(*catalogue, vault, draft(u"a"_s), "kw_shared")).value();
        Worker b = draft(u"b"_s);
        b.tokenSecretId = a.tokenSecretId;
        b = WorkerRepository(*catalogue).create(b).value();
        QVERIFY(await(removeWorker(*catalogue, vault, a.id)).ok());
        QCOMPARE(await(workerToken(*catalogue, vault, b.id)).value(), QByteArray("kw_shared"));
    }
};

QTEST_GUILESS_MAIN(TestWorkerRepository)
#include "tst_workerrepository.moc"
