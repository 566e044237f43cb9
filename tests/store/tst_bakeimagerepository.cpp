#include "cataloguefixture.h"
#include "postgresserver.h"
#include "store/bakeimagerepository.h"
#include "store/secretrepository.h"
#include "testsupport.h"

#include <QSet>
#include <QtConcurrent>
#include <QtTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Kiln;

namespace {

BakeImage draft(const QString &name)
{
    BakeImage image;
    image.name = name;
    image.source = {BakeSourceKind::Oci, u"docker.io/library/ubuntu:22.04"_s};
    image.sizeMib = 2048;
    return image;
}

BakeContent madeContent(const QString &name)
{
    BakeContent c;
    c.size = 2048LL * 1024 * 1024;
    c.mtime = 1700000000123;
    c.sha256 = QString(64, u'a');
    c.sha1 = QString(40, u'b');
    c.path = u"/var/lib/kiln/bake/"_s + name + u".ext4"_s;
    return c;
}

QStringList namesOf(const QList<BakeImage> &images)
{
    QStringList names;
    for (const BakeImage &image : images)
        names << image.name;
    return names;
}

} // namespace

// Bake images on SQLite and on a real PostgreSQL server (every test runs on both).
class TestBakeImageRepository : public QObject
{
    Q_OBJECT

private:
    KilnTest::PostgresServer m_server;
    int m_databases = 0;
    QString m_database; // the current PostgreSQL database
    std::unique_ptr<KilnTest::TempCatalogue> m_sqlite;
    std::unique_ptr<Catalogue> m_postgres;

    Catalogue *fresh()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == u"sqlite") {
            m_sqlite = std::make_unique<KilnTest::TempCatalogue>();
            return m_sqlite->isOpen() ? &m_sqlite->catalogue() : nullptr;
        }
        m_database = u"kiln_bake_images_%1"_s.arg(++m_databases);
        if (!m_server.createDatabase(m_database))
            return nullptr;
        auto opened = Catalogue::openPostgres(m_server.location(m_database));
        if (!opened.ok())
            return nullptr;
        m_postgres = std::move(opened).value();
        KilnTest::useSteppingClock(*m_postgres);
        return m_postgres.get();
    }

    // A second catalogue on the same file or database (another process's view).
    std::unique_ptr<Catalogue> another()
    {
        QFETCH_GLOBAL(QString, backend);
        auto opened = backend == u"sqlite" ? Catalogue::openSqlite(m_sqlite->path())
                                           : Catalogue::openPostgres(m_server.location(m_database));
        if (!opened.ok())
            return nullptr;
        return std::move(opened).value();
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
        BakeImageRepository images(*catalogue);
        const Secret secret =
            SecretRepository(*catalogue).create(u"pull"_s, SecretKind::PullSecret, u"robot"_s).value();
        BakeImage image = draft(u"cuda-12-v1"_s);
        image.displayName = u"CUDA 12 (v1)"_s;
        image.description = u"CUDA 12.2 on Ubuntu 22.04"_s;
        image.source = {BakeSourceKind::DockerArchive, u"/srv/cuda.tar"_s};
        image.pullSecretId = secret.id;
        image.defaultCpuMillicores = 1500;
        image.defaultMemoryMb = 4096;
        image.defaultDiskMb = 20480;
        image.scope = BakeScope::Platform;
        image.lazyPull = true;
        image.preinstalled = {u"cuda 12.2"_s, u"python3"_s};
        // Ignored: the repository assigns these.
        image.state = BakeState::Baked;
        image.content = madeContent(u"x"_s);
        auto registered = images.registerImage(image);
        QVERIFY2(registered.ok(), KilnTest::whyNot(registered).constData());
        const BakeImage &stored = registered.value();
        QVERIFY(!stored.id.isEmpty());
        QVERIFY(stored.createdAt > 0);
        QCOMPARE(stored.updatedAt, stored.createdAt);
        QCOMPARE(stored.state, BakeState::Registered);
        QVERIFY(!stored.content);
        QCOMPARE(stored.scanStatus, ScanStatus::Pending);
        BakeImage expected = image;
        expected.id = stored.id;
        expected.state = BakeState::Registered;
        expected.content.reset();
        expected.createdAt = stored.createdAt;
        expected.updatedAt = stored.updatedAt;
        QCOMPARE(stored, expected);
        QCOMPARE(images.get(stored.id).value(), stored);
        QCOMPARE(images.getByName(u"cuda-12-v1"_s).value(), stored);
        QCOMPARE(images.find(stored.id).value(), stored);
        QCOMPARE(images.find(u"cuda-12-v1"_s).value(), stored);

        // Unset defaults and an empty display name (the name stands in).
        auto plain = images.registerImage(draft(u"plain"_s));
        QVERIFY2(plain.ok(), KilnTest::whyNot(plain).constData());
        QCOMPARE(plain.value().displayName, u"plain"_s);
        QVERIFY(!plain.value().defaultCpuMillicores && !plain.value().defaultMemoryMb);
        QCOMPARE(plain.value().scope, BakeScope::Tenant);
        QVERIFY(plain.value().preinstalled.isEmpty());

        QCOMPARE(images.get(u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(images.find(u"nope"_s).error().message,
                 u"There is no bake image with id or name \u201cnope\u201d."_s);
    }

    void registerRefuses_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("taken name") << u"taken"_s << int(StoreError::Code::Conflict)
                                    << u"A bake image named \u201cbase\u201d already exists. Bake images are "
                                       "versioned by name: register the new version under a new name."_s;
        QTest::newRow("bad name")
            << u"name"_s << int(StoreError::Code::Invalid)
            << u"The bake image name \u201cBase\u201d is not valid: column 1: uppercase "
               "letter 'B' is not allowed; use lowercase"_s;
        QTest::newRow("zero size")
            << u"size"_s << int(StoreError::Code::Invalid)
            << u"The size of the bake image \u201cbase\u201d must be a positive number of "
               "MiB, not 0."_s;
        QTest::newRow("negative cpu")
            << u"cpu"_s << int(StoreError::Code::Invalid)
            << u"The default CPU of the bake image \u201cbase\u201d must be positive, "
               "not -1."_s;
        QTest::newRow("no source") << u"source"_s << int(StoreError::Code::Invalid)
                                   << u"The bake image \u201cbase\u201d needs a source."_s;
        QTest::newRow("unknown secret") << u"secret"_s << int(StoreError::Code::NotFound)
                                        << u"Could not register the bake image \u201cbase\u201d: its pull "
                                           u"secret or managed image does not "
                                           "exist."_s;
    }

    void registerRefuses()
    {
        QFETCH(QString, change);
        QFETCH(int, code);
        QFETCH(QString, message);
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        BakeImage image = draft(u"base"_s);
        if (change == u"taken")
            QVERIFY(images.registerImage(draft(u"base"_s)).ok());
        else if (change == u"name")
            image.name = u"Base"_s;
        else if (change == u"size")
            image.sizeMib = 0;
        else if (change == u"cpu")
            image.defaultCpuMillicores = -1;
        else if (change == u"source")
            image.source.ref.clear();
        else if (change == u"secret")
            image.pullSecretId = u"missing"_s;
        auto refused = images.registerImage(image);
        QVERIFY(!refused.ok());
        QCOMPARE(int(refused.error().code), code);
        QCOMPARE(refused.error().message, message);
        QCOMPARE(images.list().value().size(), change == u"taken" ? 1 : 0);
    }

    void listFiltersAndOrders()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        for (const QString &name : {u"zeta"_s, u"alpha"_s, u"cuda-v2"_s, u"cuda-v1"_s}) {
            BakeImage image = draft(name);
            if (name == u"alpha")
                image.displayName = u"Alpha CUDA Tools"_s;
            QVERIFY(images.registerImage(image).ok());
        }
        QCOMPARE(namesOf(images.list().value()),
                 (QStringList{u"alpha"_s, u"cuda-v1"_s, u"cuda-v2"_s, u"zeta"_s}));
        QCOMPARE(namesOf(images.list({u"CUDA"_s, true}).value()),
                 (QStringList{u"alpha"_s, u"cuda-v1"_s, u"cuda-v2"_s}));
        QCOMPARE(namesOf(images.list({u"v2"_s, true}).value()), QStringList{u"cuda-v2"_s});
        QCOMPARE(namesOf(images.list({u"%"_s, true}).value()), QStringList());
        QVERIFY(images.setDeactivated(images.getByName(u"zeta"_s).value().id, true).ok());
        QCOMPARE(namesOf(images.list({{}, false}).value()),
                 (QStringList{u"alpha"_s, u"cuda-v1"_s, u"cuda-v2"_s}));
        QCOMPARE(images.list().value().size(), 4);
    }

    void updateDetails()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const BakeImage was = images.registerImage(draft(u"base"_s)).value();

        BakeImageDetails details;
        details.displayName = u"Base image"_s;
        details.description = u"the base"_s;
        details.defaultMemoryMb = 1024;
        details.scope = BakeScope::Partner;
        details.lazyPull = true;
        details.preinstalled = {u"git"_s};
        details.source = BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s};
        details.sizeMib = 4096;
        auto updated = images.updateDetails(was.id, details);
        QVERIFY2(updated.ok(), KilnTest::whyNot(updated).constData());
        QCOMPARE(updated.value().displayName, u"Base image"_s);
        QCOMPARE(updated.value().description, u"the base"_s);
        QCOMPARE(updated.value().defaultMemoryMb, std::optional<qint64>(1024));
        QCOMPARE(updated.value().scope, BakeScope::Partner);
        QVERIFY(updated.value().lazyPull);
        QCOMPARE(updated.value().preinstalled, QStringList{u"git"_s});
        QCOMPARE(updated.value().source, (BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s}));
        QCOMPARE(updated.value().sizeMib, qint64(4096));
        QVERIFY(updated.value().updatedAt > was.updatedAt);
        QCOMPARE(updated.value().name, u"base"_s);

        // Queued: the source and size are frozen, the rest is not.
        QVERIFY(images.requestBake(was.id).ok());
        details.sizeMib = 8192;
        auto whileQueued = images.updateDetails(was.id, details);
        QCOMPARE(whileQueued.error().code, StoreError::Code::Invalid);
        QCOMPARE(whileQueued.error().message,
                 u"The size of the bake image \u201cbase\u201d cannot change while it "
                 "is queued; cancel the bake first."_s);
        details.sizeMib.reset();
        details.displayName.clear();
        auto renamed = images.updateDetails(was.id, details);
        QVERIFY2(renamed.ok(), KilnTest::whyNot(renamed).constData());
        QCOMPARE(renamed.value().displayName, u"base"_s);
        QCOMPARE(renamed.value().sizeMib, qint64(4096));

        // With content: never.
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QVERIFY(images.finishBake(was.id, BakeOutcome::succeeded(madeContent(u"base"_s))).ok());
        details.source = BakeSource{BakeSourceKind::Oci, u"debian:12"_s};
        auto withContent = images.updateDetails(was.id, details);
        QCOMPARE(withContent.error().code, StoreError::Code::Invalid);
        QCOMPARE(withContent.error().message,
                 u"The source of the bake image \u201cbase\u201d cannot change: it has "
                 "content. Register a new name for a new source."_s);
        // The same source is no change.
        details.source = BakeSource{BakeSourceKind::RootfsTar, u"/srv/rootfs.tar"_s};
        details.sizeMib = 4096;
        QVERIFY(images.updateDetails(was.id, details).ok());
        details.defaultDiskMb = 0;
        QCOMPARE(images.updateDetails(was.id, details).error().code, StoreError::Code::Invalid);
        QCOMPARE(images.updateDetails(u"nope"_s, {}).error().code, StoreError::Code::NotFound);
    }

    void requestBakeRules()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const BakeImage image = images.registerImage(draft(u"base"_s)).value();

        auto queued = images.requestBake(u"base"_s); // by name
        QVERIFY2(queued.ok(), KilnTest::whyNot(queued).constData());
        QCOMPARE(queued.value().state, BakeState::Queued);
        auto again = images.requestBake(image.id);
        QCOMPARE(again.error().code, StoreError::Code::Invalid);
        QCOMPARE(again.error().message, u"The bake image \u201cbase\u201d is already queued for a bake."_s);

        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QCOMPARE(images.requestBake(image.id).error().message,
                 u"The bake image \u201cbase\u201d is baking now."_s);

        // A failed bake may be queued again, and the error is cleared.
        QVERIFY(images.finishBake(image.id, BakeOutcome::failed(u"no space"_s)).ok());
        auto retried = images.requestBake(image.id);
        QVERIFY2(retried.ok(), KilnTest::whyNot(retried).constData());
        QVERIFY(retried.value().error.isEmpty());
        QCOMPARE(retried.value().state, BakeState::Queued);
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QVERIFY(images.finishBake(image.id, BakeOutcome::succeeded(madeContent(u"base"_s))).ok());
        auto baked = images.requestBake(image.id);
        QCOMPARE(baked.error().code, StoreError::Code::Invalid);
        QCOMPARE(baked.error().message,
                 u"The bake image \u201cbase\u201d already has content; content is never re-baked in place: "
                 "register a new name for a new bake (bake images are versioned by name)."_s);

        const BakeImage other = images.registerImage(draft(u"other"_s)).value();
        QVERIFY(images.setDeactivated(other.id, true).ok());
        QCOMPARE(images.requestBake(u"other"_s).error().message,
                 u"The bake image \u201cother\u201d is deactivated; reactivate it before baking it."_s);
        QCOMPARE(images.requestBake(u"nope"_s).error().code, StoreError::Code::NotFound);
    }

    void claimTakesOldestQueued()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        QVERIFY(!images.claimNextBake(u"h|1|1"_s).value().has_value());
        for (const QString &name : {u"b"_s, u"a"_s, u"c"_s})
            QVERIFY(images.registerImage(draft(name)).ok());
        // Queued in this order (not by name).
        for (const QString &name : {u"c"_s, u"a"_s})
            QVERIFY(images.requestBake(name).ok());
        auto first = images.claimNextBake(u"host|7|99"_s);
        QVERIFY2(first.ok(), KilnTest::whyNot(first).constData());
        QVERIFY(first.value().has_value());
        QCOMPARE(first.value()->name, u"c"_s);
        QCOMPARE(first.value()->state, BakeState::Baking);
        QCOMPARE(first.value()->runner, u"host|7|99"_s);
        QCOMPARE(images.claimNextBake(u"host|7|99"_s).value()->name, u"a"_s);
        QVERIFY(!images.claimNextBake(u"host|7|99"_s).value().has_value());
        QCOMPARE(images.getByName(u"b"_s).value().state, BakeState::Registered);
        QCOMPARE(namesOf(images.listBaking().value()), (QStringList{u"a"_s, u"c"_s}));

        // The phase of a baking image; refused for one that is not baking.
        const QString c = images.getByName(u"c"_s).value().id;
        QVERIFY(images.setPhase(c, u"pulling 3/7 layers"_s).ok());
        QCOMPARE(images.get(c).value().phase, u"pulling 3/7 layers"_s);
        auto notBaking = images.setPhase(images.getByName(u"b"_s).value().id, u"x"_s);
        QCOMPARE(notBaking.error().code, StoreError::Code::Invalid);
        QCOMPARE(notBaking.error().message,
                 u"The bake image \u201cb\u201d is registered, not baking; it has no phase."_s);
        QCOMPARE(images.setPhase(u"nope"_s, u"x"_s).error().code, StoreError::Code::NotFound);
        // Finishing clears the phase.
        QVERIFY(images.finishBake(c, BakeOutcome::failed(u"disk full"_s)).ok());
        QVERIFY(images.get(c).value().phase.isEmpty());
    }

    // Two catalogues on the same file or database (two processes) race for the queue:
    // every queued image is claimed exactly once.
    void claimIsAtomicAcrossCatalogues()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        std::unique_ptr<Catalogue> second = another();
        QVERIFY(second);
        BakeImageRepository images(*catalogue);
        QStringList queued;
        for (int i = 0; i < 150; ++i) {
            const QString name = u"image-%1"_s.arg(i, 3, 10, QChar(u'0'));
            QVERIFY(images.registerImage(draft(name)).ok());
            queued << images.requestBake(name).value().id;
        }
        const Catalogue *catalogues[] = {catalogue, second.get(), catalogue, second.get()};
        QList<QFuture<QStringList>> racers;
        for (int r = 0; r < 4; ++r) {
            const Catalogue *mine = catalogues[r];
            racers.append(QtConcurrent::run([mine, r] {
                QStringList claimed;
                BakeImageRepository repository(*mine);
                for (;;) {
                    auto next = repository.claimNextBake(u"host|%1|1"_s.arg(r + 10));
                    if (!next.ok()) {
                        claimed << u"error: "_s + next.error().message;
                        break;
                    }
                    if (!next.value())
                        break;
                    claimed << next.value()->id;
                }
                return claimed;
            }));
        }
        QStringList all;
        QSet<QString> runners;
        for (auto &racer : racers)
            all += racer.result();
        std::sort(all.begin(), all.end());
        std::sort(queued.begin(), queued.end());
        QCOMPARE(all, queued);
        // Each image names the runner that claimed it, and it is baking.
        for (const BakeImage &image : images.list().value()) {
            QCOMPARE(image.state, BakeState::Baking);
            runners.insert(image.runner);
        }
        QVERIFY(runners.size() >= 1);
        QVERIFY(!BakeImageRepository(*second).claimNextBake(u"late|1|1"_s).value().has_value());
    }

    void cancel()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString queued = images.registerImage(draft(u"queued"_s)).value().id;
        const QString baking = images.registerImage(draft(u"baking"_s)).value().id;
        const QString idle = images.registerImage(draft(u"idle"_s)).value().id;
        QVERIFY(images.requestBake(baking).ok());
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QVERIFY(images.requestBake(queued).ok());

        // Queued: cancelled at once.
        auto cancelledNow = images.requestCancel(queued);
        QVERIFY2(cancelledNow.ok(), KilnTest::whyNot(cancelledNow).constData());
        QCOMPARE(cancelledNow.value().state, BakeState::Cancelled);
        QVERIFY(!cancelledNow.value().cancelRequested);
        QVERIFY(!images.isCancelRequested(queued).value());

        // Baking: the runner is asked, the state stays until it finishes.
        QVERIFY(!images.isCancelRequested(baking).value());
        auto asked = images.requestCancel(baking);
        QVERIFY2(asked.ok(), KilnTest::whyNot(asked).constData());
        QCOMPARE(asked.value().state, BakeState::Baking);
        QVERIFY(asked.value().cancelRequested);
        QVERIFY(images.isCancelRequested(baking).value());
        auto finished = images.finishBake(baking, BakeOutcome::cancelled());
        QVERIFY2(finished.ok(), KilnTest::whyNot(finished).constData());
        QCOMPARE(finished.value().state, BakeState::Cancelled);
        QVERIFY(!finished.value().cancelRequested);
        QVERIFY(!finished.value().content);

        auto refused = images.requestCancel(idle);
        QCOMPARE(refused.error().code, StoreError::Code::Invalid);
        QCOMPARE(refused.error().message,
                 u"The bake image \u201cidle\u201d is registered; only a queued or baking "
                 "bake can be cancelled."_s);
        QCOMPARE(images.requestCancel(u"nope"_s).error().code, StoreError::Code::NotFound);
        QCOMPARE(images.isCancelRequested(u"nope"_s).error().code, StoreError::Code::NotFound);
        // A cancelled image may be queued again.
        QVERIFY(images.requestBake(queued).ok());
    }

    void finishBake()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString ok = images.registerImage(draft(u"ok"_s)).value().id;
        const QString bad = images.registerImage(draft(u"bad"_s)).value().id;
        QCOMPARE(images.finishBake(ok, BakeOutcome::succeeded(madeContent(u"ok"_s))).error().message,
                 u"The bake image \u201cok\u201d is registered, not baking; its bake cannot end as baked."_s);
        QVERIFY(images.requestBake(ok).ok());
        QVERIFY(images.requestBake(bad).ok());
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());

        BakeContent incomplete = madeContent(u"ok"_s);
        incomplete.sha256.clear();
        QCOMPARE(images.finishBake(ok, BakeOutcome::succeeded(incomplete)).error().code,
                 StoreError::Code::Invalid);

        BakeContent made = madeContent(u"ok"_s);
        made.refcnt = 5; // the repository starts every content at 1
        auto baked = images.finishBake(ok, BakeOutcome::succeeded(made));
        QVERIFY2(baked.ok(), KilnTest::whyNot(baked).constData());
        QCOMPARE(baked.value().state, BakeState::Baked);
        QVERIFY(baked.value().content);
        BakeContent expected = made;
        expected.refcnt = 1;
        QCOMPARE(*baked.value().content, expected);
        QCOMPARE(baked.value().scanStatus, ScanStatus::Pending);
        QCOMPARE(baked.value().runner, u"h|1|1"_s);

        auto failed = images.finishBake(bad, BakeOutcome::failed(u"needs 3000 MiB, cap is 2048 MiB"_s));
        QVERIFY2(failed.ok(), KilnTest::whyNot(failed).constData());
        QCOMPARE(failed.value().state, BakeState::Failed);
        QCOMPARE(failed.value().error, u"needs 3000 MiB, cap is 2048 MiB"_s);
        QVERIFY(!failed.value().content);
        // Only once.
        QCOMPARE(images.finishBake(bad, BakeOutcome::cancelled()).error().code, StoreError::Code::Invalid);
        QCOMPARE(images.finishBake(u"nope"_s, BakeOutcome::cancelled()).error().code,
                 StoreError::Code::NotFound);
    }

    void interruptBakes()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString dead = images.registerImage(draft(u"dead"_s)).value().id;
        const QString alive = images.registerImage(draft(u"alive"_s)).value().id;
        const QString queued = images.registerImage(draft(u"queued"_s)).value().id;
        QVERIFY(images.requestBake(dead).ok());
        QVERIFY(images.claimNextBake(u"host|1|1"_s).value().has_value());
        QVERIFY(images.requestBake(alive).ok());
        QVERIFY(images.claimNextBake(u"host|2|2"_s).value().has_value());
        QVERIFY(images.requestBake(queued).ok());

        QStringList asked;
        auto interrupted = images.interruptBakes([&asked](const QString &runner) {
            asked << runner;
            return runner == u"host|1|1";
        });
        QVERIFY2(interrupted.ok(), KilnTest::whyNot(interrupted).constData());
        std::sort(asked.begin(), asked.end());
        QCOMPARE(asked, (QStringList{u"host|1|1"_s, u"host|2|2"_s}));
        QCOMPARE(namesOf(interrupted.value()), QStringList{u"dead"_s});
        const BakeImage failed = images.get(dead).value();
        QCOMPARE(failed.state, BakeState::Failed);
        QCOMPARE(failed.error,
                 u"Interrupted: the process baking it (host|1|1) ended before the bake finished. "
                 "Bake it again to retry."_s);
        QCOMPARE(images.get(alive).value().state, BakeState::Baking);
        QCOMPARE(images.get(queued).value().state, BakeState::Queued);
        // Nothing dead: nothing changes.
        QVERIFY(images.interruptBakes([](const QString &) { return false; }).value().isEmpty());
        QVERIFY(images.requestBake(dead).ok());
    }

    void content()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString id = images.registerImage(draft(u"up"_s)).value().id;

        // Removing no content is not an error.
        auto none = images.clearContent(id);
        QVERIFY2(none.ok(), KilnTest::whyNot(none).constData());
        QCOMPARE(none.value().state, BakeState::Registered);

        BakeContent uploaded = madeContent(u"up"_s);
        uploaded.refcnt = 0;
        auto put = images.setContent(id, uploaded);
        QVERIFY2(put.ok(), KilnTest::whyNot(put).constData());
        QCOMPARE(put.value().state, BakeState::Baked);
        uploaded.refcnt = 1;
        QCOMPARE(put.value().content, std::optional<BakeContent>(uploaded));
        auto twice = images.setContent(id, uploaded);
        QCOMPARE(twice.error().code, StoreError::Code::Invalid);
        QCOMPARE(
            twice.error().message,
            u"The bake image \u201cup\u201d already has content; remove it first, or register a new name."_s);

        QVERIFY(images.setScan(id, ScanStatus::Passed, {}, u"[]"_s, 1700000000000).ok());
        auto cleared = images.clearContent(id);
        QVERIFY2(cleared.ok(), KilnTest::whyNot(cleared).constData());
        QVERIFY(!cleared.value().content);
        QCOMPARE(cleared.value().state, BakeState::Registered);
        QCOMPARE(cleared.value().scanStatus, ScanStatus::Pending);
        QVERIFY(!cleared.value().scannedAt);

        // While baking: no upload, no removal.
        QVERIFY(images.requestBake(id).ok());
        QCOMPARE(
            images.setContent(id, uploaded).error().message,
            u"The bake image \u201cup\u201d is queued; wait for the bake or cancel it before putting content."_s);
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        QVERIFY(images.finishBake(id, BakeOutcome::succeeded(uploaded)).ok());
        // (A baked image cannot bake again, so baking content is checked on a second image.)
        const QString other = images.registerImage(draft(u"other"_s)).value().id;
        QVERIFY(images.requestBake(other).ok());
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        auto inUse = images.clearContent(other);
        QCOMPARE(inUse.error().code, StoreError::Code::InUse);
        QCOMPARE(inUse.error().message,
                 u"The bake image \u201cother\u201d is baking; cancel the bake or wait for it "
                 "before removing its content."_s);
        QCOMPARE(images.setContent(u"nope"_s, uploaded).error().code, StoreError::Code::NotFound);
        QCOMPARE(images.clearContent(u"nope"_s).error().code, StoreError::Code::NotFound);
    }

    void scan()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString a = images.registerImage(draft(u"a"_s)).value().id;
        const QString b = images.registerImage(draft(u"b"_s)).value().id;
        const QString c = images.registerImage(draft(u"c"_s)).value().id;
        images.registerImage(draft(u"no-content"_s)).value();
        for (const QString &id : {a, b, c})
            QVERIFY(images.setContent(id, madeContent(id)).ok());
        QCOMPARE(namesOf(images.listScanPending().value()), (QStringList{u"a"_s, u"b"_s, u"c"_s}));

        const QString findings = u"[{\"id\":\"CVE-2024-1\",\"severity\":\"HIGH\"}]"_s;
        auto scanned = images.setScan(a, ScanStatus::Failed, u"1 high finding"_s, findings, 1700000000999);
        QVERIFY2(scanned.ok(), KilnTest::whyNot(scanned).constData());
        QCOMPARE(scanned.value().scanStatus, ScanStatus::Failed);
        QCOMPARE(scanned.value().scanReason, u"1 high finding"_s);
        QCOMPARE(scanned.value().scanFindingsJson, findings);
        QCOMPARE(scanned.value().scannedAt, std::optional<qint64>(1700000000999));
        QVERIFY(images.setScan(b, ScanStatus::Skipped, u"no scanner installed"_s, {}, 1).ok());
        QVERIFY(images.setDeactivated(c, true).ok());
        QVERIFY(images.listScanPending().value().isEmpty());
        QCOMPARE(images.setScan(u"nope"_s, ScanStatus::Passed, {}, {}, 1).error().code,
                 StoreError::Code::NotFound);
    }

    void deactivate()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString id = images.registerImage(draft(u"base"_s)).value().id;
        QVERIFY(images.requestBake(id).ok());
        // Nothing new starts from a deactivated image: its queued bake is cancelled.
        auto off = images.setDeactivated(id, true);
        QVERIFY2(off.ok(), KilnTest::whyNot(off).constData());
        QVERIFY(off.value().deactivated);
        QCOMPARE(off.value().state, BakeState::Cancelled);
        QVERIFY(!images.claimNextBake(u"h|1|1"_s).value().has_value());
        auto on = images.setDeactivated(id, false);
        QVERIFY2(on.ok(), KilnTest::whyNot(on).constData());
        QVERIFY(!on.value().deactivated);
        QVERIFY(images.requestBake(id).ok());
        QCOMPARE(images.setDeactivated(u"nope"_s, true).error().code, StoreError::Code::NotFound);
    }

    void remove()
    {
        Catalogue *catalogue = fresh();
        QVERIFY(catalogue);
        BakeImageRepository images(*catalogue);
        const QString keep = images.registerImage(draft(u"keep"_s)).value().id;
        const QString gone = images.registerImage(draft(u"gone"_s)).value().id;
        QVERIFY(images.requestBake(keep).ok());
        QVERIFY(images.claimNextBake(u"h|1|1"_s).value().has_value());
        auto refused = images.remove(keep);
        QCOMPARE(refused.error().code, StoreError::Code::InUse);
        QCOMPARE(refused.error().message,
                 u"The bake image \u201ckeep\u201d is baking; cancel the bake or wait for "
                 "it before deleting the image."_s);
        QVERIFY(images.remove(gone).ok());
        QCOMPARE(images.get(gone).error().code, StoreError::Code::NotFound);
        QCOMPARE(images.remove(gone).error().code, StoreError::Code::NotFound);
        // The name is free again once the image is deleted.
        QVERIFY(images.registerImage(draft(u"gone"_s)).ok());
        QVERIFY(images.finishBake(keep, BakeOutcome::failed(u"x"_s)).ok());
        QVERIFY(images.remove(keep).ok());
    }
};

QTEST_GUILESS_MAIN(TestBakeImageRepository)
#include "tst_bakeimagerepository.moc"
