#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/availabilitygrouprepository.h"
#include "store/bakeimagerepository.h"
#include "store/workerrepository.h"
#include "testsupport.h"

#include <QtTest>

#include <algorithm>

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

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList namesOf(const QList<Worker> &workers)
{
    QStringList names;
    for (const Worker &w : workers)
        names << w.name;
    return names;
}

QStringList namesOf(const QList<AvailabilityGroup> &groups)
{
    QStringList names;
    for (const AvailabilityGroup &g : groups)
        names << g.name;
    return names;
}

} // namespace

// Availability groups on SQLite and on a real PostgreSQL server (every test runs on both).
class TestAvailabilityGroupRepository : public QObject
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
        const QString database = u"kiln_agroups_%1"_s.arg(++m_databases);
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

    void createRenameDelete()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        AvailabilityGroupRepository groups(*catalogue);
        auto created = groups.create({{}, u"gpu-eu"_s, u"GPU workers in the EU"_s, {u"ignored"_s}, {}, 0, 0});
        QVERIFY2(created.ok(), KilnTest::whyNot(created).constData());
        const AvailabilityGroup g = created.value();
        QCOMPARE(g.name, u"gpu-eu"_s);
        QCOMPARE(g.description, u"GPU workers in the EU"_s);
        QVERIFY(g.imageIds.isEmpty() && g.workerIds.isEmpty());
        QVERIFY(g.createdAt > 0);
        QCOMPARE(groups.get(g.id).value(), g);
        QCOMPARE(groups.find(u"gpu-eu"_s).value(), g);
        QCOMPARE(groups.find(g.id).value(), g);
        QCOMPARE(groups.find(u"nope"_s).error().message,
                 u"There is no availability group with id or name “nope”."_s);

        QCOMPARE(groups.create({{}, u"gpu-eu"_s, {}, {}, {}, 0, 0}).error().message,
                 u"An availability group named “gpu-eu” already exists."_s);
        QCOMPARE(groups.create({{}, u"GPU"_s, {}, {}, {}, 0, 0}).error().code, StoreError::Code::Invalid);
        QVERIFY(groups.create({{}, u"cpu"_s, {}, {}, {}, 0, 0}).ok());
        QCOMPARE(namesOf(groups.list().value()), (QStringList{u"cpu"_s, u"gpu-eu"_s}));

        auto renamed = groups.rename(g.id, u"gpu-europe"_s);
        QVERIFY2(renamed.ok(), KilnTest::whyNot(renamed).constData());
        QCOMPARE(renamed->name, u"gpu-europe"_s);
        QVERIFY(renamed->updatedAt > g.updatedAt);
        QCOMPARE(groups.rename(g.id, u"cpu"_s).error().message,
                 u"An availability group named “cpu” already exists."_s);
        QCOMPARE(groups.rename(g.id, u"Bad Name"_s).error().code, StoreError::Code::Invalid);
        QCOMPARE(groups.rename(u"nope"_s, u"x"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.setDescription(g.id, u"Frankfurt"_s)->description, u"Frankfurt"_s);
        QCOMPARE(groups.get(g.id)->name, u"gpu-europe"_s);

        QVERIFY(groups.remove(g.id).ok());
        QCOMPARE(groups.remove(g.id).error().code, StoreError::Code::NotFound);
        QCOMPARE(namesOf(groups.list().value()), QStringList{u"cpu"_s});
    }

    void membersAndTargets()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        AvailabilityGroupRepository groups(*catalogue);
        const QString cuda = imageNamed(*catalogue, u"cuda"_s);
        const QString base = imageNamed(*catalogue, u"base"_s);
        const QString lonely = imageNamed(*catalogue, u"lonely"_s);
        const QString w1 = workerNamed(*catalogue, u"w1"_s);
        const QString w2 = workerNamed(*catalogue, u"w2"_s);
        const QString w3 = workerNamed(*catalogue, u"w3"_s);
        QVERIFY(!cuda.isEmpty() && !base.isEmpty() && !lonely.isEmpty());
        QVERIFY(!w1.isEmpty() && !w2.isEmpty() && !w3.isEmpty());
        const AvailabilityGroup gpu = groups.create({{}, u"gpu"_s, {}, {}, {}, 0, 0}).value();
        const AvailabilityGroup all = groups.create({{}, u"all"_s, {}, {}, {}, 0, 0}).value();

        QCOMPARE(groups.attachImage(gpu.id, cuda).value(), true);
        QCOMPARE(groups.attachImage(gpu.id, cuda).value(), false); // twice: no change
        QCOMPARE(groups.addWorker(gpu.id, w1).value(), true);
        QCOMPARE(groups.addWorker(gpu.id, w2).value(), true);
        QCOMPARE(groups.addWorker(gpu.id, w2).value(), false);
        QVERIFY(groups.attachImage(all.id, cuda).ok());
        QVERIFY(groups.attachImage(all.id, base).ok());
        for (const QString &w : {w1, w2, w3})
            QVERIFY(groups.addWorker(all.id, w).ok());

        const AvailabilityGroup g = groups.get(gpu.id).value();
        QCOMPARE(g.imageIds, QStringList{cuda});
        QCOMPARE(g.workerIds, sorted({w1, w2}));
        QVERIFY(g.updatedAt > gpu.updatedAt);
        QCOMPARE(groups.get(all.id)->imageIds, sorted({cuda, base}));
        QCOMPARE(groups.list()->at(0).workerIds, sorted({w1, w2, w3})); // "all" first

        // Targets: the distinct workers of every group holding the image, by name.
        QCOMPARE(namesOf(groups.targetsOfImage(cuda).value()), (QStringList{u"w1"_s, u"w2"_s, u"w3"_s}));
        QCOMPARE(namesOf(groups.targetsOfImage(base).value()), (QStringList{u"w1"_s, u"w2"_s, u"w3"_s}));
        QVERIFY(groups.targetsOfImage(lonely)->isEmpty());
        QCOMPARE(namesOf(groups.groupsOfImage(cuda).value()), (QStringList{u"all"_s, u"gpu"_s}));
        QCOMPARE(namesOf(groups.groupsOfImage(base).value()), QStringList{u"all"_s});
        QCOMPARE(namesOf(groups.groupsOfWorker(w3).value()), QStringList{u"all"_s});
        QCOMPARE(groups.imagesOfWorker(w1).value(), sorted({cuda, base}));

        // Detaching from "all" leaves cuda on gpu's workers only.
        QCOMPARE(groups.detachImage(all.id, cuda).value(), true);
        QCOMPARE(groups.detachImage(all.id, cuda).value(), false);
        QCOMPARE(namesOf(groups.targetsOfImage(cuda).value()), (QStringList{u"w1"_s, u"w2"_s}));
        QCOMPARE(groups.removeWorker(gpu.id, w2).value(), true);
        QCOMPARE(groups.removeWorker(gpu.id, w2).value(), false);
        QCOMPARE(namesOf(groups.targetsOfImage(cuda).value()), QStringList{u"w1"_s});

        // Unknown members and groups.
        QCOMPARE(groups.attachImage(gpu.id, u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(groups.addWorker(gpu.id, u"nope"_s).error().message,
                 u"There is no worker with id “nope”."_s);
        QCOMPARE(groups.attachImage(u"nope"_s, cuda).error().message,
                 u"There is no availability group with id “nope”."_s);
        QCOMPARE(groups.get(gpu.id)->imageIds, QStringList{cuda});

        // Deleting a worker, an image or a group drops the memberships.
        QVERIFY(WorkerRepository(*catalogue).remove(w1).ok());
        QVERIFY(groups.targetsOfImage(cuda)->isEmpty());
        QCOMPARE(groups.get(all.id)->workerIds, sorted({w2, w3}));
        QVERIFY(BakeImageRepository(*catalogue).remove(base).ok());
        QVERIFY(groups.get(all.id)->imageIds.isEmpty());
        QVERIFY(groups.remove(gpu.id).ok());
        QVERIFY(groups.groupsOfImage(cuda)->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAvailabilityGroupRepository)
#include "tst_availabilitygrouprepository.moc"
