#include "cataloguefixture.h"
#include "store/catalogue.h"
#include "store/schema.h"
#include "store/settingsrepository.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QtConcurrent>
#include <QThread>
#include <QThreadPool>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next())
        return QVariant();
    return query.value(0);
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// A plain connection that is not the catalogue's, for setting up files by hand.
struct RawSqlite
{
    QString name;
    explicit RawSqlite(const QString &path)
        : name(u"raw-"_s + path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawSqlite() { QSqlDatabase::removeDatabase(name); }
    QSqlDatabase db() const { return QSqlDatabase::database(name, false); }
    bool exec(const QString &sql) const
    {
        QSqlQuery query(db());
        return query.exec(sql);
    }
};

QList<Migration> withExtra(const Migration &extra)
{
    QList<Migration> migrations = catalogueMigrations();
    migrations.append(extra);
    return migrations;
}

} // namespace

class TestCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void freshCatalogueIsAtLatestVersion()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        QCOMPARE(temp->schemaVersion(), catalogueSchemaVersion());
        QCOMPARE(temp->dialect(), Dialect::Sqlite);
        QCOMPARE(temp->describe(), temp.path());
        QSqlDatabase db = temp->database();
        QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM schema_version"_s).toInt(), catalogueSchemaVersion());
        QCOMPARE(scalar(db, u"SELECT MAX(version) FROM schema_version"_s).toInt(), catalogueSchemaVersion());
        QVERIFY(scalar(db, u"SELECT MIN(applied_at) FROM schema_version"_s).toLongLong() > 0);
        QVERIFY(
            !scalar(db, u"SELECT description FROM schema_version WHERE version = 1"_s).toString().isEmpty());
    }

    void reopeningKeepsVersionAndData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        {
            auto first = Catalogue::openSqlite(path);
            QVERIFY2(first.ok(), KilnTest::whyNot(first).constData());
            QVERIFY(SettingsRepository(*first.value()).setValue(u"k"_s, u"v"_s).ok());
        }
        auto second = Catalogue::openSqlite(path);
        QVERIFY2(second.ok(), KilnTest::whyNot(second).constData());
        QCOMPARE(second.value()->schemaVersion(), catalogueSchemaVersion());
        QCOMPARE(scalar(second.value()->database(), u"SELECT COUNT(*) FROM schema_version"_s).toInt(),
                 catalogueSchemaVersion());
        QCOMPARE(SettingsRepository(*second.value()).value(u"k"_s).value(), std::optional<QString>(u"v"_s));
    }

    void pragmas_data()
    {
        QTest::addColumn<QString>("pragma");
        QTest::addColumn<QString>("expected");
        QTest::newRow("journal_mode") << u"journal_mode"_s << u"wal"_s;
        QTest::newRow("synchronous (NORMAL)") << u"synchronous"_s << u"1"_s;
        QTest::newRow("foreign_keys") << u"foreign_keys"_s << u"1"_s;
        QTest::newRow("busy_timeout") << u"busy_timeout"_s << u"5000"_s;
    }

    void pragmas()
    {
        QFETCH(QString, pragma);
        QFETCH(QString, expected);
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const QString sql = u"PRAGMA "_s + pragma;
        QCOMPARE(scalar(temp->database(), sql).toString(), expected);
        // And on a connection made later by another thread.
        QString inThread;
        std::unique_ptr<QThread> thread(
            QThread::create([&] { inThread = scalar(temp->database(), sql).toString(); }));
        thread->start();
        QVERIFY(thread->wait(30000));
        QCOMPARE(inThread, expected);
    }

    void foreignKeysAreEnforced()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        QSqlQuery query(temp->database());
        QVERIFY(!query.exec(u"INSERT INTO spec_revisions (id, spec_id, content_hash, base_image, created_at) "
                            "VALUES ('r', 'no-such-spec', 'h', 'b', 1)"_s));
        const StoreError error = toStoreError(query.lastError(), Dialect::Sqlite, u"insert"_s);
        QCOMPARE(error.code, StoreError::Code::NotFound);
        QVERIFY(error.message.startsWith(u"Could not insert: "_s));
    }

    void oneConnectionPerThread()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        const QString mainName = temp->connectionName();
        QCOMPARE(temp->database().connectionName(), mainName);
        QCOMPARE(temp->connectionName(), mainName); // stable within a thread

        constexpr int kRows = 150;
        auto work = [&temp](const QString &prefix) {
            SettingsRepository settings(temp.catalogue());
            for (int i = 0; i < kRows; ++i) {
                if (!settings.setValue(prefix + QString::number(i), prefix).ok())
                    return QString();
            }
            // Reads its own and (eventually) the other thread's rows.
            if (!settings.value(prefix + u"0"_s).ok())
                return QString();
            return temp->database().connectionName();
        };
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        QFuture<QString> a = QtConcurrent::run(&pool, work, u"a-"_s);
        QFuture<QString> b = QtConcurrent::run(&pool, work, u"b-"_s);
        const QString nameA = a.result();
        const QString nameB = b.result();
        QVERIFY(!nameA.isEmpty());
        QVERIFY(!nameB.isEmpty());
        QVERIFY(nameA != nameB);
        QVERIFY(nameA != mainName && nameB != mainName);
        QVERIFY(temp->connectionNames().contains(nameA));
        QVERIFY(temp->connectionNames().contains(nameB));

        auto all = SettingsRepository(temp.catalogue()).all();
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2 * kRows);
        QCOMPARE(all.value().value(u"b-149"_s), u"b-"_s);
        pool.waitForDone();
    }

    void connectionRemovedWhenThreadFinishes()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        QString name;
        bool open = false;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            name = temp->connectionName();
            open = temp->database().isOpen();
        }));
        thread->start();
        QVERIFY(thread->wait(30000));
        QVERIFY(open);
        QVERIFY(!name.isEmpty());
        QTRY_VERIFY(!temp->connectionNames().contains(name));
        QVERIFY(!QSqlDatabase::contains(name));
        QVERIFY(temp->connectionNames().contains(temp->connectionName())); // opened by the fixture
    }

    void connectionsRemovedWhenCatalogueDestroyed()
    {
        QTemporaryDir dir;
        auto opened = Catalogue::openSqlite(dir.filePath(u"c.sqlite"_s));
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        std::unique_ptr<Catalogue> catalogue = std::move(opened).value();

        // A pool thread that stays alive after using the catalogue.
        QThreadPool pool;
        pool.setExpiryTimeout(-1);
        const QString poolName =
            QtConcurrent::run(&pool, [&] { return catalogue->database().connectionName(); }).result();
        const QString mainName = catalogue->connectionName();
        QVERIFY(QSqlDatabase::contains(poolName));
        QVERIFY(QSqlDatabase::contains(mainName));
        QCOMPARE(catalogue->connectionNames().size(), 2);

        catalogue.reset();
        QVERIFY(!QSqlDatabase::contains(poolName));
        QVERIFY(!QSqlDatabase::contains(mainName));
        // The pool thread ends after its catalogue: nothing left to remove, no crash.
        pool.setExpiryTimeout(0);
        pool.clear();
        pool.waitForDone();
    }

    void refusesNewerSchemaWithoutTouchingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"newer.sqlite"_s);
        const int newer = catalogueSchemaVersion() + 3;
        {
            RawSqlite raw(path);
            QVERIFY(
                raw.exec(u"CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT "
                         "NULL, applied_at BIGINT NOT NULL)"_s));
            QVERIFY(raw.exec(u"INSERT INTO schema_version VALUES (%1, 'from the future', 1)"_s.arg(newer)));
            QVERIFY(raw.exec(u"CREATE TABLE future_things (id TEXT PRIMARY KEY)"_s));
        }
        const QByteArray before = fileHash(path);
        QVERIFY(!before.isEmpty());

        auto opened = Catalogue::openSqlite(path);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::SchemaTooNew);
        QVERIFY2(opened.error().message.contains(QString::number(newer)), qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QString::number(catalogueSchemaVersion())));
        QVERIFY(opened.error().message.contains(u"newer"_s));

        QCOMPARE(fileHash(path), before);
        RawSqlite raw(path);
        QCOMPARE(scalar(raw.db(), u"PRAGMA journal_mode"_s).toString(), u"delete"_s);
        QCOMPARE(scalar(raw.db(), u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'settings'"_s).toInt(),
                 0);
    }

    void failedMigrationRollsBack_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("fails first") << QStringList{u"INSERT INTO no_such_table VALUES (1)"_s};
        QTest::newRow("fails after DDL")
            << QStringList{u"CREATE TABLE probe (id TEXT PRIMARY KEY)"_s, u"INSERT INTO probe VALUES ('a')"_s,
                           u"ALTER TABLE settings ADD COLUMN extra TEXT"_s, u"THIS IS NOT SQL"_s};
        QTest::newRow("constraint violation")
            << QStringList{u"CREATE TABLE probe (id TEXT PRIMARY KEY)"_s, u"INSERT INTO probe VALUES ('a')"_s,
                           u"INSERT INTO probe VALUES ('a')"_s};
    }

    void failedMigrationRollsBack()
    {
        QFETCH(QStringList, statements);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        {
            auto opened = Catalogue::openSqlite(path);
            QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
            QVERIFY(SettingsRepository(*opened.value()).setValue(u"kept"_s, u"yes"_s).ok());
        }
        const int latest = catalogueSchemaVersion();
        CatalogueOptions options;
        options.migrations = withExtra(Migration{latest + 1, u"broken"_s, statements, {}, {}, false});
        auto broken = Catalogue::openSqlite(path, options);
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.contains(u"schema version %1"_s.arg(latest + 1)),
                 qPrintable(broken.error().message));

        auto reopened = Catalogue::openSqlite(path);
        QVERIFY2(reopened.ok(), KilnTest::whyNot(reopened).constData());
        QSqlDatabase db = reopened.value()->database();
        QCOMPARE(scalar(db, u"SELECT MAX(version) FROM schema_version"_s).toInt(), latest);
        QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'probe'"_s).toInt(), 0);
        QVERIFY(!db.record(u"settings"_s).contains(u"extra"_s));
        QCOMPARE(SettingsRepository(*reopened.value()).value(u"kept"_s).value(),
                 std::optional<QString>(u"yes"_s));
    }

    void failedFirstMigrationLeavesAnEmptyCatalogue()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        CatalogueOptions options;
        options.migrations = {
            Migration{1, u"one"_s, {u"CREATE TABLE a (x TEXT)"_s, u"BROKEN"_s}, {}, {}, false}};
        auto opened = Catalogue::openSqlite(path, options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::Sql);
        RawSqlite raw(path);
        QCOMPARE(scalar(raw.db(), u"SELECT COUNT(*) FROM sqlite_master"_s).toInt(), 0);
        QSqlDatabase rawDb = raw.db();
        auto version = readSchemaVersion(rawDb, Dialect::Sqlite);
        rawDb = QSqlDatabase();
        QVERIFY(version.ok());
        QCOMPARE(version.value(), 0);
    }

    void migrationListMustBeInOrder_data()
    {
        QTest::addColumn<QList<int>>("versions");
        QTest::newRow("gap") << QList<int>{1, 3};
        QTest::newRow("starts at 2") << QList<int>{2, 3};
        QTest::newRow("duplicate") << QList<int>{1, 1};
        QTest::newRow("descending") << QList<int>{2, 1};
    }

    void migrationListMustBeInOrder()
    {
        QFETCH(QList<int>, versions);
        QList<Migration> migrations;
        for (int v : versions)
            migrations.append(
                Migration{v, u"m"_s, {u"CREATE TABLE t%1 (x TEXT)"_s.arg(migrations.size())}, {}, {}, false});
        QTemporaryDir dir;
        CatalogueOptions options;
        options.migrations = migrations;
        auto opened = Catalogue::openSqlite(dir.filePath(u"c.sqlite"_s), options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::Invalid);
    }

    void foreignKeysOffMigrationRebuildsATable()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        {
            auto opened = Catalogue::openSqlite(path);
            QVERIFY(opened.ok());
            QSqlQuery q(opened.value()->database());
            QVERIFY(q.exec(u"INSERT INTO workers (id, name, url, created_at, updated_at) VALUES "
                           "('w1', 'w1', 'https://w1', 1, 1)"_s));
            QVERIFY(q.exec(u"INSERT INTO availability_groups (id, name, created_at, updated_at) VALUES "
                           "('g1', 'g1', 1, 1)"_s));
            QVERIFY(q.exec(u"INSERT INTO availability_group_workers VALUES ('g1', 'w1')"_s));
        }
        const int latest = catalogueSchemaVersion();
        // The SQLite 12-step rebuild of a referenced table (workers).
        Migration rebuild{
            latest + 1,
            u"rebuild workers"_s,
            {u"CREATE TABLE workers_new (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT NOT NULL, "
             "created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"_s,
             u"INSERT INTO workers_new SELECT id, name, url, created_at, updated_at FROM workers"_s,
             u"DROP TABLE workers"_s, u"ALTER TABLE workers_new RENAME TO workers"_s},
            {},
            {},
            true};
        CatalogueOptions options;
        options.migrations = withExtra(rebuild);
        auto opened = Catalogue::openSqlite(path, options);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        QCOMPARE(opened.value()->schemaVersion(), latest + 1);
        QSqlDatabase db = opened.value()->database();
        QCOMPARE(scalar(db, u"PRAGMA foreign_keys"_s).toInt(), 1);
        QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM availability_group_workers"_s).toInt(), 1);
    }

    void foreignKeysOffMigrationMustLeaveNoDanglingRows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        {
            auto opened = Catalogue::openSqlite(path);
            QVERIFY(opened.ok());
            QSqlQuery q(opened.value()->database());
            QVERIFY(q.exec(u"INSERT INTO workers (id, name, url, created_at, updated_at) VALUES "
                           "('w1', 'w1', 'https://w1', 1, 1)"_s));
            QVERIFY(q.exec(u"INSERT INTO availability_groups (id, name, created_at, updated_at) VALUES "
                           "('g1', 'g1', 1, 1)"_s));
            QVERIFY(q.exec(u"INSERT INTO availability_group_workers VALUES ('g1', 'w1')"_s));
        }
        const int latest = catalogueSchemaVersion();
        CatalogueOptions options;
        options.migrations =
            withExtra(Migration{latest + 1, u"drops a parent"_s, {u"DELETE FROM workers"_s}, {}, {}, true});
        auto opened = Catalogue::openSqlite(path, options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::Invalid);
        QVERIFY2(opened.error().message.contains(u"availability_group_workers"_s),
                 qPrintable(opened.error().message));

        auto reopened = Catalogue::openSqlite(path);
        QVERIFY(reopened.ok());
        QCOMPARE(scalar(reopened.value()->database(), u"SELECT COUNT(*) FROM workers"_s).toInt(), 1);
        QCOMPARE(scalar(reopened.value()->database(), u"PRAGMA foreign_keys"_s).toInt(), 1);
    }

    void refusesBadLocations_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("code");
        QTest::newRow("empty") << QString() << int(StoreError::Code::Invalid);
        QTest::newRow("in memory") << u":memory:"_s << int(StoreError::Code::Invalid);
        QTest::newRow("URI") << u"file:x.sqlite?mode=memory"_s << int(StoreError::Code::Invalid);
        QTest::newRow("missing directory") << u"%1/no/such/dir/c.sqlite"_s << int(StoreError::Code::Io);
        QTest::newRow("a directory") << u"%1"_s << int(StoreError::Code::Io);
        QTest::newRow("not a database") << u"%1/garbage.sqlite"_s << int(StoreError::Code::Io);
    }

    void refusesBadLocations()
    {
        QFETCH(QString, path);
        QFETCH(int, code);
        QTemporaryDir dir;
        QFile garbage(dir.filePath(u"garbage.sqlite"_s));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        if (path.contains(u"%1"_s))
            path = path.arg(dir.path());
        auto opened = Catalogue::openSqlite(path);
        QVERIFY(!opened.ok());
        QCOMPARE(int(opened.error().code), code);
        QVERIFY(!opened.error().message.isEmpty());
        QVERIFY(opened.error().message.endsWith(u'.'));
    }

    void busyWriterBecomesBusyError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"c.sqlite"_s);
        CatalogueOptions options;
        options.busyTimeoutMs = 100;
        auto opened = Catalogue::openSqlite(path, options);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        RawSqlite other(path);
        QVERIFY(other.exec(u"BEGIN IMMEDIATE"_s));
        auto saved = SettingsRepository(*opened.value()).setValue(u"k"_s, u"v"_s);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, StoreError::Code::Busy);
        QVERIFY(other.exec(u"ROLLBACK"_s));
        QVERIFY(SettingsRepository(*opened.value()).setValue(u"k"_s, u"v"_s).ok());
    }

    void clockIsReplaceable()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        temp->setClock([] { return qint64(42); });
        QCOMPARE(temp->now(), qint64(42));
        temp->setClock({});
        QVERIFY(qAbs(temp->now() - QDateTime::currentMSecsSinceEpoch()) < 60000);
    }

    void postgresLocationNeverShowsAPassword()
    {
        PostgresLocation location{u"db.example"_s, 6543, u"kiln"_s, u"admin"_s, u"sslmode=require"_s};
        QCOMPARE(location.describe(), u"postgresql://admin@db.example:6543/kiln"_s);
        auto opened = Catalogue::openPostgres(PostgresLocation{u"h"_s, 0, u"kiln"_s, {}, {}}, u"s3cret"_s);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::Invalid);
        QVERIFY(!opened.error().message.contains(u"s3cret"_s));
        auto noDatabase = Catalogue::openPostgres(PostgresLocation{u"h"_s, 5432, {}, {}, {}});
        QVERIFY(!noDatabase.ok());
        QCOMPARE(noDatabase.error().code, StoreError::Code::Invalid);
    }
};

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
