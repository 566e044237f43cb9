#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/bakeimagecacherepository.h"
#include "store/bakeimagerepository.h"
#include "store/workerrepository.h"
#include "testsupport.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

QString imageNamed(const Catalogue &catalogue, const QString &name)
{
    BakeImage image;
    image.name = name;
    image.source = {BakeSourceKind::Oci, u"docker.io/library/ubuntu:22.04"_s};
    image.sizeMib = 1024;
    auto registered = BakeImageRepository(catalogue).registerImage(image);
    return registered.ok() ? registered->id : QString();
}

QString workerNamed(const Catalogue &catalogue, const QString &name)
{
    Worker w;
    w.name = name;
    w.url = u"https://"_s + name + u".example.org"_s;
    auto created = WorkerRepository(catalogue).create(w);
    return created.ok() ? created->id : QString();
}

QStringList workersOf(const QList<CacheEntry> &rows)
{
    QStringList names;
    for (const CacheEntry &row : rows)
        names << row.workerName;
    return names;
}

QStringList imagesOf(const QList<CacheEntry> &rows)
{
    QStringList names;
    for (const CacheEntry &row : rows)
        names << row.imageName;
    return names;
}

} // namespace

// Per-worker cache rows on SQLite and on a real PostgreSQL server (every test runs on both).
class TestBakeImageCacheRepository : public QObject
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
        const QString database = u"kiln_cache_%1"_s.arg(++m_databases);
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

    void statusNames()
    {
        for (auto status : {WorkerCacheStatus::Pending, WorkerCacheStatus::Building, WorkerCacheStatus::Ready,
                            WorkerCacheStatus::Failed, WorkerCacheStatus::Evicted})
            QCOMPARE(workerCacheStatusFromName(workerCacheStatusName(status)), status);
        QCOMPARE(workerCacheStatusName(WorkerCacheStatus::Building), u"building"_s);
        QVERIFY(!workerCacheStatusFromName(u"baked"_s));
    }

    void upsertAndList()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageCacheRepository cache(*catalogue);
        const QString cuda = imageNamed(*catalogue, u"cuda"_s);
        const QString base = imageNamed(*catalogue, u"base"_s);
        const QString w1 = workerNamed(*catalogue, u"w1"_s);
        const QString w2 = workerNamed(*catalogue, u"w2"_s);
        QVERIFY(!cuda.isEmpty() && !base.isEmpty() && !w1.isEmpty() && !w2.isEmpty());

        // updatedAt 0: now (the stepping clock).
        auto pending = cache.upsert({cuda, w2, WorkerCacheStatus::Pending, {}, 0, {}, {}, {}, {}});
        QVERIFY2(pending.ok(), KilnTest::whyNot(pending).constData());
        QVERIFY(pending->updatedAt >= 1700000000000);
        QCOMPARE(pending->imageName, u"cuda"_s);
        QCOMPARE(pending->workerName, u"w2"_s);
        QVERIFY(pending->contentSha256.isEmpty() && !pending->contentSize);

        const QString sha = QString(64, u'c');
        const CacheEntry ready{
            cuda, w2, WorkerCacheStatus::Ready, {}, 1700000999000, sha, 2147483648LL, u"cuda"_s, u"w2"_s};
        QCOMPARE(cache.upsert(ready).value(), ready);
        QCOMPARE(cache.get(cuda, w2).value(), ready);

        const CacheEntry failed{
            cuda,      w1,     WorkerCacheStatus::Failed, u"connection refused"_s, 1700000001000, {}, {},
            u"cuda"_s, u"w1"_s};
        QCOMPARE(cache.upsert(failed).value(), failed);
        QVERIFY(cache.upsert({base, w1, WorkerCacheStatus::Building, {}, 5, {}, {}, {}, {}}).ok());

        QCOMPARE(workersOf(cache.listByImage(cuda).value()), (QStringList{u"w1"_s, u"w2"_s}));
        QCOMPARE(cache.listByImage(cuda)->at(0), failed);
        QCOMPARE(workersOf(cache.listByImage(base).value()), QStringList{u"w1"_s});
        QCOMPARE(imagesOf(cache.listByWorker(w1).value()), (QStringList{u"base"_s, u"cuda"_s}));
        QCOMPARE(imagesOf(cache.listByWorker(w2).value()), QStringList{u"cuda"_s});

        // Failed again later: the error is replaced, a re-warm clears it and the checksum.
        CacheEntry rewarm = failed;
        rewarm.status = WorkerCacheStatus::Pending;
        rewarm.errorText.clear();
        rewarm.updatedAt = 1700000002000;
        QCOMPARE(cache.upsert(rewarm).value(), rewarm);
        CacheEntry evicted = ready;
        evicted.status = WorkerCacheStatus::Evicted;
        evicted.contentSha256.clear();
        evicted.contentSize.reset();
        QCOMPARE(cache.upsert(evicted).value(), evicted);

        // Unknown image or worker, negative size.
        auto unknown = cache.upsert({u"nope"_s, w1, WorkerCacheStatus::Pending, {}, 0, {}, {}, {}, {}});
        QCOMPARE(unknown.error().code, StoreError::Code::NotFound);
        QVERIFY2(unknown.error().message.contains(u"does not exist"_s), qPrintable(unknown.error().message));
        QCOMPARE(
            cache.upsert({cuda, u"nope"_s, WorkerCacheStatus::Pending, {}, 0, {}, {}, {}, {}}).error().code,
            StoreError::Code::NotFound);
        QCOMPARE(cache.upsert({cuda, w1, WorkerCacheStatus::Ready, {}, 0, sha, -1, {}, {}}).error().code,
                 StoreError::Code::Invalid);
        QCOMPARE(cache.get(base, w2).error().code, StoreError::Code::NotFound);

        // Removing a row, a worker, an image.
        QVERIFY(cache.remove(base, w1).ok());
        QCOMPARE(cache.remove(base, w1).error().code, StoreError::Code::NotFound);
        QVERIFY(WorkerRepository(*catalogue).remove(w1).ok());
        QCOMPARE(workersOf(cache.listByImage(cuda).value()), QStringList{u"w2"_s});
        QVERIFY(BakeImageRepository(*catalogue).remove(cuda).ok());
        QVERIFY(cache.listByWorker(w2)->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBakeImageCacheRepository)
#include "tst_bakeimagecacherepository.moc"
