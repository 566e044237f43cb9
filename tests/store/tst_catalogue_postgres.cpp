#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/catalogue.h"
#include "store/grouprepository.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"
#include "store/schema.h"
#include "store/settingsrepository.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QDir>
#include <QSqlQuery>
#include <QtConcurrent>
#include <QThreadPool>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

// The catalogue on a real PostgreSQL server: the same migrations and repositories
// as on SQLite. Skipped when PostgreSQL is not installed, unless
// KILN_REQUIRE_POSTGRES=1 (then it fails instead).
class TestCataloguePostgres : public QObject
{
    Q_OBJECT

private:
    KilnTest::PostgresServer m_server;
    QString m_serverDir;
    int m_databases = 0;
    QStringList m_freshSchema;

    QString newDatabase()
    {
        const QString name = u"kiln_test_%1"_s.arg(++m_databases);
        if (!m_server.createDatabase(name))
            return {};
        return name;
    }

    Result<std::unique_ptr<Catalogue>, StoreError> open(const QString &database,
                                                        const CatalogueOptions &options = {})
    {
        auto opened = Catalogue::openPostgres(m_server.location(database), {}, options);
        if (opened.ok())
            KilnTest::useSteppingClock(*opened.value());
        return opened;
    }

    static QVariant scalar(const Catalogue &catalogue, const QString &sql)
    {
        QSqlQuery query(catalogue.database());
        if (!query.exec(sql) || !query.next())
            return QVariant();
        return query.value(0);
    }

private slots:
    void initTestCase()
    {
        KilnTest::isolateSettings();
        if (KilnTest::PostgresServer::binDir().isEmpty()) {
            if (qEnvironmentVariable("KILN_REQUIRE_POSTGRES") == "1"_L1)
                QFAIL("PostgreSQL server binaries not found, and KILN_REQUIRE_POSTGRES=1");
            QSKIP("PostgreSQL server binaries not found (install postgresql or set KILN_PG_BINDIR)");
        }
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        QVERIFY(m_server.port() > 0);
        const QString fresh = newDatabase();
        QVERIFY2(!fresh.isEmpty(), qPrintable(m_server.errorString()));
        auto opened = open(fresh);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        QSqlDatabase db = opened.value()->database();
        m_freshSchema = KilnTest::schemaSnapshot(db, Dialect::Postgres);
        QVERIFY(m_freshSchema.size() > 50);
    }

    void cleanupTestCase()
    {
        m_server.stop();
        QVERIFY(!m_server.isRunning());
    }

    void opensAtLatestVersion()
    {
        const QString name = newDatabase();
        QVERIFY2(!name.isEmpty(), qPrintable(m_server.errorString()));
        auto opened = open(name);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        const Catalogue &catalogue = *opened.value();
        QCOMPARE(catalogue.dialect(), Dialect::Postgres);
        QCOMPARE(catalogue.schemaVersion(), catalogueSchemaVersion());
        QVERIFY(catalogue.describe().contains(u":%1/%2"_s.arg(m_server.port()).arg(name)));
        QCOMPARE(scalar(catalogue, u"SELECT COUNT(*) FROM schema_version"_s).toInt(),
                 catalogueSchemaVersion());
        QCOMPARE(
            scalar(catalogue, u"SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'spec_revisions_immutable'"_s)
                .toInt(),
            1);
    }

    void upgradesFromEveryEarlierVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < catalogueSchemaVersion(); ++v)
            QTest::addRow("from v%d", v) << v;
    }

    void upgradesFromEveryEarlierVersion()
    {
        QFETCH(int, from);
        const QString name = newDatabase();
        QVERIFY2(!name.isEmpty(), qPrintable(m_server.errorString()));
        if (from > 0) {
            CatalogueOptions old;
            old.migrations = catalogueMigrations().mid(0, from);
            auto opened = open(name, old);
            QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
            QCOMPARE(opened.value()->schemaVersion(), from);
            QSqlDatabase db = opened.value()->database();
            QString error;
            QVERIFY2(KilnTest::applySeeds(db, from, &error), qPrintable(error));
        }
        auto opened = open(name);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        QCOMPARE(opened.value()->schemaVersion(), catalogueSchemaVersion());
        QSqlDatabase db = opened.value()->database();
        QString error;
        QVERIFY2(KilnTest::verifySeeds(db, from, &error), qPrintable(error));
        QCOMPARE(KilnTest::schemaSnapshot(db, Dialect::Postgres), m_freshSchema);
        for (const KilnTest::CatalogueSeed &seed : KilnTest::catalogueSeeds()) {
            if (seed.version <= from)
                continue;
            for (const QString &statement : seed.statements) {
                QSqlQuery query(db);
                QVERIFY2(query.exec(statement), qPrintable(statement));
            }
        }
        QVERIFY2(KilnTest::verifySeeds(db, catalogueSchemaVersion(), &error), qPrintable(error));
        auto usable = ImageRepository(*opened.value()).usableByGroup(u"ml-team"_s);
        QVERIFY2(usable.ok(), KilnTest::whyNot(usable).constData());
        QCOMPARE(usable.value().size(), 2);
        QVERIFY(usable.value()[0].frozen);
        QVERIFY(usable.value()[1].global);
    }

    void refusesNewerSchema()
    {
        const QString name = newDatabase();
        {
            auto opened = open(name);
            QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
            QSqlQuery query(opened.value()->database());
            QVERIFY(query.exec(
                u"INSERT INTO schema_version VALUES (%1, 'future', 1)"_s.arg(catalogueSchemaVersion() + 1)));
        }
        auto again = open(name);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, StoreError::Code::SchemaTooNew);
        QVERIFY(again.error().message.contains(QString::number(catalogueSchemaVersion() + 1)));
    }

    void failedMigrationRollsBack()
    {
        const QString name = newDatabase();
        QVERIFY(open(name).ok());
        CatalogueOptions options;
        options.migrations = catalogueMigrations();
        options.migrations.append(
            Migration{catalogueSchemaVersion() + 1,
                      u"broken"_s,
                      {u"CREATE TABLE probe (id TEXT PRIMARY KEY)"_s,
                       u"ALTER TABLE settings ADD COLUMN extra TEXT"_s, u"NOT SQL AT ALL"_s},
                      {},
                      {},
                      false});
        auto broken = open(name, options);
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().code, StoreError::Code::Sql);
        auto reopened = open(name);
        QVERIFY2(reopened.ok(), KilnTest::whyNot(reopened).constData());
        QCOMPARE(reopened.value()->schemaVersion(), catalogueSchemaVersion());
        QVERIFY(scalar(*reopened.value(), u"SELECT to_regclass('probe') IS NULL"_s).toBool());
        QCOMPARE(scalar(*reopened.value(), u"SELECT COUNT(*) FROM information_schema.columns WHERE "
                                           "table_name = 'settings' AND column_name = 'extra'"_s)
                     .toInt(),
                 0);
    }

    void errorsAreMapped()
    {
        auto opened = open(newDatabase());
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        const Catalogue &catalogue = *opened.value();
        SpecContent content;
        content.contentHash = u"h"_s;
        content.baseImage = u"ubuntu"_s;
        SpecRepository specs(catalogue);
        auto created = specs.create(u"dup"_s, content);
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        auto duplicate = specs.create(u"dup"_s, content);
        QCOMPARE(duplicate.error().code, StoreError::Code::Conflict);
        QCOMPARE(duplicate.error().message, u"A spec named “dup” already exists."_s);
        auto noWorker =
            JobRepository(catalogue).create({created.value().revision.id, {}, {}, u"w-missing"_s});
        QCOMPARE(noWorker.error().code, StoreError::Code::NotFound);

        QSqlQuery query(catalogue.database());
        QVERIFY(!query.exec(u"UPDATE spec_revisions SET base_image = 'evil'"_s));
        QCOMPARE(toStoreError(query.lastError(), Dialect::Postgres, u"x"_s).code, StoreError::Code::Invalid);
        QVERIFY(!query.exec(u"INSERT INTO managed_images (id, name, display_name, image_type, created_at, "
                            "updated_at) VALUES ('i', 'i', 'i', 'tpu', 1, 1)"_s));
        QCOMPARE(toStoreError(query.lastError(), Dialect::Postgres, u"x"_s).code, StoreError::Code::Invalid);
        QVERIFY(!query.exec(u"INSERT INTO registries (id, name, push_target, created_at, updated_at) VALUES "
                            "('r1', 'r1', TRUE, 1, 1), ('r2', 'r2', TRUE, 1, 1)"_s));
        QCOMPARE(toStoreError(query.lastError(), Dialect::Postgres, u"x"_s).code, StoreError::Code::Conflict);
    }

    void repositoriesRoundTrip()
    {
        auto opened = open(newDatabase());
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        const Catalogue &catalogue = *opened.value();

        SettingsRepository settings(catalogue);
        QVERIFY(settings.setValues({{u"a"_s, u"ünï ✓"_s}, {u"empty"_s, u""_s}}).ok());
        QVERIFY(settings.setValue(u"a"_s, u"again"_s).ok());
        QCOMPARE(settings.all().value(), (QMap<QString, QString>{{u"a"_s, u"again"_s}, {u"empty"_s, u""_s}}));
        QVERIFY(!settings.value(u"none"_s).value().has_value());

        SpecRepository specs(catalogue);
        SpecContent content;
        content.contentHash = u"h"_s;
        content.baseImage = u"ubuntu:22.04"_s;
        content.pipPackages = {u"pkg[extra]>=1.0; python_version < \"3.8\""_s};
        QStringList made;
        for (const QString &name : {u"cuda-12"_s, u"torch"_s, u"cuda-11.8"_s, u"ubuntu"_s, u"cuda-base"_s}) {
            auto spec = specs.create(name, content);
            QVERIFY2(spec.ok(), KilnTest::whyNot(spec).constData());
            made << spec.value().spec.id;
        }
        QCOMPARE(specs.revision(specs.get(made[0]).value().currentRevisionId).value().content, content);
        SpecListQuery query;
        query.nameContains = u"CUDA"_s;
        query.limit = 2;
        QStringList names;
        for (;;) {
            auto page = specs.list(query);
            QVERIFY2(page.ok(), KilnTest::whyNot(page).constData());
            for (const SpecSummary &row : page.value().rows)
                names << row.spec.name;
            if (!page.value().next)
                break;
            query.after = page.value().next;
        }
        QCOMPARE(names, (QStringList{u"cuda-11.8"_s, u"cuda-12"_s, u"cuda-base"_s}));
        query = SpecListQuery();
        query.sort = SpecSort::UpdatedAt;
        query.descending = true;
        query.limit = 3;
        auto byTime = specs.list(query);
        QVERIFY2(byTime.ok(), KilnTest::whyNot(byTime).constData());
        QCOMPARE(byTime.value().rows.constFirst().spec.name, u"cuda-base"_s);
        query.after = byTime.value().next;
        QCOMPARE(specs.list(query).value().rows.size(), 2);
        query = SpecListQuery();
        query.nameContains = u"_"_s;
        QVERIFY(specs.list(query).value().rows.isEmpty());
        QCOMPARE(specs.count(u"cuda"_s).value(), qint64(3));

        JobRepository jobs(catalogue);
        const QString revision = specs.get(made[0]).value().currentRevisionId;
        const QString job = jobs.create({revision, u"reg/cuda-12:h"_s, {}, {}}).value().id;
        QVERIFY(jobs.transition(job, {JobStatus::Running, {}, {}, {}, {}}).ok());
        QCOMPARE(jobs.transition(job, {JobStatus::Queued, {}, {}, {}, {}}).error().code,
                 StoreError::Code::Invalid);
        QCOMPARE(specs.remove(made[0]).error().code, StoreError::Code::InUse);
        QCOMPARE(jobs.markRunningInterrupted().value(), 1);
        QCOMPARE(jobs.latestForSpec(made[0]).value()->status, JobStatus::Interrupted);
        QCOMPARE(jobs.latestPerSpec(made).value().size(), 1);
        auto summary = specs.list({});
        QCOMPARE(summary.value().rows[1].latestJobStatus, std::optional<JobStatus>(JobStatus::Interrupted));
        QVERIFY(specs.remove(made[0]).ok());

        GroupRepository groups(catalogue);
        Group ml;
        ml.name = u"ml"_s;
        const QString mlId = groups.create(ml).value().id;
        QCOMPARE(groups.create(ml).error().code, StoreError::Code::Conflict);
        ImageRepository images(catalogue);
        ManagedImage image;
        image.name = u"cuda"_s;
        image.displayName = u"CUDA"_s;
        image.type = ImageType::Universal;
        image.gpuUrl = u"reg/cuda-gpu"_s;
        image.groupIds = {mlId};
        auto cuda = images.create(image);
        QVERIFY2(cuda.ok(), KilnTest::whyNot(cuda).constData());
        ManagedImage global;
        global.name = u"ubuntu"_s;
        global.displayName = u"ubuntu"_s;
        global.global = true;
        QVERIFY(images.create(global).ok());
        auto usable = images.usableByGroup(u"ml"_s);
        QVERIFY2(usable.ok(), KilnTest::whyNot(usable).constData());
        QCOMPARE(usable.value().size(), 2);
        QVERIFY(images.setFrozen(cuda.value().id, true).value().frozen);
        QCOMPARE(images.remove(cuda.value().id).error().code, StoreError::Code::Frozen);
        QCOMPARE(images.setGrants(cuda.value().id, true, {}).error().code, StoreError::Code::Frozen);
        ManagedImage thaw = images.get(cuda.value().id).value();
        thaw.frozen = false;
        QVERIFY(images.update(thaw).ok());
        QVERIFY(images.setGrants(cuda.value().id, false, {}).ok());
        QCOMPARE(images.usableByGroup(mlId).value().size(), 1);
        QVERIFY(groups.remove(mlId).ok());
    }

    void oneConnectionPerThread()
    {
        auto opened = open(newDatabase());
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        const Catalogue &catalogue = *opened.value();
        auto work = [&catalogue](const QString &prefix) {
            SettingsRepository settings(catalogue);
            for (int i = 0; i < 50; ++i) {
                if (!settings.setValue(prefix + QString::number(i), prefix).ok())
                    return QString();
            }
            return catalogue.database().connectionName();
        };
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        QFuture<QString> a = QtConcurrent::run(&pool, work, u"a"_s);
        QFuture<QString> b = QtConcurrent::run(&pool, work, u"b"_s);
        QVERIFY(!a.result().isEmpty() && !b.result().isEmpty());
        QVERIFY(a.result() != b.result());
        QCOMPARE(SettingsRepository(catalogue).all().value().size(), 100);
        pool.waitForDone();
    }

    void unreachableServerIsAnIoError()
    {
        PostgresLocation nowhere = m_server.location(u"kiln"_s);
        nowhere.port = 1; // nothing listens there
        nowhere.connectOptions = u"connect_timeout=5"_s;
        auto opened = Catalogue::openPostgres(nowhere, u"s3cret-password"_s);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, StoreError::Code::Io);
        QVERIFY(!opened.error().message.contains(u"s3cret"_s));
        QVERIFY(opened.error().message.contains(u"postgresql://kiln@127.0.0.1:1/kiln"_s));
    }
};

QTEST_GUILESS_MAIN(TestCataloguePostgres)
#include "tst_catalogue_postgres.moc"
