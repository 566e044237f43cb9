#include "cataloguefixture.h"
#include "store/catalogue.h"
#include "store/imagerepository.h"
#include "store/jobrepository.h"
#include "store/schema.h"
#include "store/specrepository.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

QString fixtureDir()
{
    return KilnTest::dataPath(u"store"_s);
}

// Opens a plain connection (foreign keys on, like the catalogue's) for the test's
// own set-up, and removes it when done.
class RawSqlite
{
public:
    explicit RawSqlite(const QString &path)
        : m_name(u"raw-"_s + path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        if (db.open())
            QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_s);
    }
    ~RawSqlite() { QSqlDatabase::removeDatabase(m_name); }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

QStringList freshSnapshot()
{
    KilnTest::TempCatalogue fresh;
    if (!fresh.isOpen())
        return {u"could not open: "_s + fresh.errorString()};
    QSqlDatabase db = fresh->database();
    return KilnTest::schemaSnapshot(db, Dialect::Sqlite);
}

bool applyLaterSeeds(QSqlDatabase &db, int after, QString *error)
{
    for (const KilnTest::CatalogueSeed &seed : KilnTest::catalogueSeeds()) {
        if (seed.version <= after)
            continue;
        for (const QString &statement : seed.statements) {
            QSqlQuery query(db);
            if (!query.exec(statement)) {
                *error = statement;
                return false;
            }
        }
    }
    return true;
}

// What the repositories see of the seeded rows of versions 1..version.
void checkThroughRepositories(const Catalogue &catalogue, int version)
{
    if (version >= 2) {
        auto spec = SpecRepository(catalogue).getByName(u"cuda-base"_s);
        QVERIFY2(spec.ok(), KilnTest::whyNot(spec).constData());
        QCOMPARE(spec.value().currentRevisionId, u"rev-1"_s);
        auto revision = SpecRepository(catalogue).revision(u"rev-1"_s);
        QVERIFY(revision.ok());
        QCOMPARE(revision.value().content.pipPackages, (QStringList{u"numpy>=1.0"_s, u"torch[cuda]~=2.1"_s}));
        QCOMPARE(revision.value().content.aptPackages, QStringList{u"curl"_s});
        auto job = JobRepository(catalogue).latestForSpec(u"spec-1"_s);
        QVERIFY(job.ok() && job.value().has_value());
        QCOMPARE(job.value()->status, JobStatus::Succeeded);
        QCOMPARE(job.value()->workerId, u"wrk-1"_s);
    }
    if (version >= 3) {
        auto usable = ImageRepository(catalogue).usableByGroup(u"ml-team"_s);
        QVERIFY2(usable.ok(), KilnTest::whyNot(usable).constData());
        QCOMPARE(usable.value().size(), 2);
        QCOMPARE(usable.value()[0].name, u"cuda-base"_s);
        QVERIFY(usable.value()[0].frozen);
        QCOMPARE(usable.value()[1].name, u"ubuntu"_s);
        QVERIFY(usable.value()[1].global);
    }
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { KilnTest::isolateSettings(); }

    void migrationListIsWellFormed()
    {
        const QList<Migration> &migrations = catalogueMigrations();
        QVERIFY(!migrations.isEmpty());
        QCOMPARE(catalogueSchemaVersion(), int(migrations.size()));
        for (qsizetype i = 0; i < migrations.size(); ++i) {
            QCOMPARE(migrations[i].version, int(i + 1));
            QVERIFY(!migrations[i].description.isEmpty());
            QVERIFY(!migrations[i].statements.isEmpty());
        }
    }

    void statementsArePortable_data()
    {
        QTest::addColumn<QString>("statement");
        for (const Migration &migration : catalogueMigrations()) {
            for (qsizetype i = 0; i < migration.statements.size(); ++i)
                QTest::addRow("v%d #%d", migration.version, int(i + 1)) << migration.statements[i];
        }
    }

    void statementsArePortable()
    {
        QFETCH(QString, statement);
        static const QStringList forbidden{u"AUTOINCREMENT"_s, u"SERIAL"_s,  u"DATETIME"_s,
                                           u"TIMESTAMP"_s,     u"JSONB"_s,   u"INTEGER PRIMARY KEY"_s,
                                           u"WITHOUT ROWID"_s, u"STRICT"_s,  u"COLLATE"_s,
                                           u"IF NOT EXISTS"_s, u"REPLACE"_s, u"\""_s};
        for (const QString &word : forbidden)
            QVERIFY2(!statement.contains(word, Qt::CaseInsensitive), qPrintable(word));
        // Every foreign key says what happens on delete.
        static const QRegularExpression reference(u"REFERENCES\\s+\\w+\\s*\\([^)]*\\)(?!\\s+ON DELETE)"_s);
        QVERIFY2(!reference.match(statement).hasMatch(), qPrintable(statement));
    }

    void seedsCoverEveryVersion()
    {
        QList<int> versions;
        for (const KilnTest::CatalogueSeed &seed : KilnTest::catalogueSeeds())
            versions << seed.version;
        QList<int> expected;
        for (int v = 1; v <= catalogueSchemaVersion(); ++v)
            expected << v;
        QCOMPARE(versions, expected);
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
        QTemporaryDir dir;
        const QString path = dir.filePath(u"old.sqlite"_s);
        {
            RawSqlite raw(path);
            QSqlDatabase db = raw.db();
            const QList<Migration> old = catalogueMigrations().mid(0, from);
            auto reached = migrate(db, Dialect::Sqlite, old, path);
            QVERIFY2(reached.ok(), KilnTest::whyNot(reached).constData());
            QCOMPARE(reached.value(), from);
            QString error;
            QVERIFY2(KilnTest::applySeeds(db, from, &error), qPrintable(error));
        }

        auto opened = Catalogue::openSqlite(path);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        const Catalogue &catalogue = *opened.value();
        QCOMPARE(catalogue.schemaVersion(), catalogueSchemaVersion());
        QSqlDatabase db = catalogue.database();
        QString error;
        QVERIFY2(KilnTest::verifySeeds(db, from, &error), qPrintable(error));
        checkThroughRepositories(catalogue, from);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(KilnTest::schemaSnapshot(db, Dialect::Sqlite), freshSnapshot());

        // The tables added by the upgrade take the rows of their own version.
        QVERIFY2(applyLaterSeeds(db, from, &error), qPrintable(error));
        QVERIFY2(KilnTest::verifySeeds(db, catalogueSchemaVersion(), &error), qPrintable(error));
        checkThroughRepositories(catalogue, catalogueSchemaVersion());
    }

    void opensCatalogueFromFixture_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("version");
        static const QRegularExpression name(u"^catalogue-v(\\d+)\\.sql$"_s);
        const QStringList files =
            QDir(fixtureDir()).entryList({u"catalogue-v*.sql"_s}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const auto match = name.match(file);
            if (match.hasMatch())
                QTest::newRow(qPrintable(file))
                    << QDir(fixtureDir()).filePath(file) << match.captured(1).toInt();
        }
    }

    void opensCatalogueFromFixture()
    {
        QFETCH(QString, file);
        QFETCH(int, version);
        QFile script(file);
        QVERIFY(script.open(QIODevice::ReadOnly | QIODevice::Text));
        QTemporaryDir dir;
        const QString path = dir.filePath(u"fixture.sqlite"_s);
        {
            RawSqlite raw(path);
            QSqlDatabase db = raw.db();
            QString error;
            QVERIFY2(KilnTest::applySqlScript(db, QString::fromUtf8(script.readAll()), &error),
                     qPrintable(error));
            auto recorded = readSchemaVersion(db, Dialect::Sqlite);
            QVERIFY(recorded.ok());
            QCOMPARE(recorded.value(), version);
        }
        auto opened = Catalogue::openSqlite(path);
        QVERIFY2(opened.ok(), KilnTest::whyNot(opened).constData());
        QCOMPARE(opened.value()->schemaVersion(), catalogueSchemaVersion());
        QSqlDatabase db = opened.value()->database();
        QString error;
        QVERIFY2(KilnTest::verifySeeds(db, version, &error), qPrintable(error));
        checkThroughRepositories(*opened.value(), version);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(KilnTest::schemaSnapshot(db, Dialect::Sqlite), freshSnapshot());
    }

    void fixtureOfThePreviousVersionIsCommitted()
    {
        const int previous = catalogueSchemaVersion() - 1;
        const QString file = QDir(fixtureDir()).filePath(u"catalogue-v%1.sql"_s.arg(previous));
        QVERIFY2(QFile::exists(file),
                 qPrintable(u"add %1 (a .dump of a catalogue at version %2)"_s.arg(file).arg(previous)));
    }

    void migratingTwiceChangesNothing()
    {
        KilnTest::TempCatalogue temp;
        QVERIFY2(temp.isOpen(), qPrintable(temp.errorString()));
        QSqlDatabase db = temp->database();
        const QStringList before = KilnTest::schemaSnapshot(db, Dialect::Sqlite);
        auto again = migrate(db, Dialect::Sqlite, catalogueMigrations(), temp.path());
        QVERIFY(again.ok());
        QCOMPARE(again.value(), catalogueSchemaVersion());
        QCOMPARE(KilnTest::schemaSnapshot(db, Dialect::Sqlite), before);
        QSqlQuery count(db);
        QVERIFY(count.exec(u"SELECT COUNT(*) FROM schema_version"_s) && count.next());
        QCOMPARE(count.value(0).toInt(), catalogueSchemaVersion());
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
