#include "bake/bakeservice.h"
#include "bake/imagebuilds.h"
#include "bakefixture.h"
#include "baseimage.h"
#include "cataloguefixture.h"
#include "catalogueseeds.h"
#include "registryserver.h"
#include "store/imagerepository.h"
#include "store/specrepository.h"

#include <QFile>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

// What a finished build means for the managed images of its spec, and custom
// image creation, against a real catalogue (no engine: the rows are written).
class tst_ImageBuilds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void succeededBuildFillsUrl();
    void universalGpuUrlRule_data();
    void universalGpuUrlRule();
    void frozenLeftAlone();
    void otherSpecsAndFailedJobsUntouched();
    void createCustomImage();
    void createCustomImageRejectsBadPackages();
    void createCustomImageRollsBackSpec();
    void bakeServiceFillsImages();

private:
    ManagedImage addImage(const QString &name, ImageType type, const QString &specId, const QString &url = {},
                          const QString &gpuUrl = {})
    {
        ManagedImage image;
        image.name = name;
        image.displayName = name;
        image.type = type;
        image.url = url;
        image.gpuUrl = gpuUrl;
        image.specId = specId;
        auto created = ImageRepository(m_db->catalogue()).create(image);
        if (!created.ok())
            qWarning() << created.error().message;
        return created.ok() ? created.value() : ManagedImage{};
    }
    ManagedImage reread(const QString &id) const
    {
        auto image = ImageRepository(m_db->catalogue()).get(id);
        return image.ok() ? image.value() : ManagedImage{};
    }

    std::unique_ptr<KilnTest::TempCatalogue> m_db;
};

void tst_ImageBuilds::init()
{
    m_db = std::make_unique<KilnTest::TempCatalogue>();
    QVERIFY2(m_db->isOpen(), qPrintable(m_db->errorString()));
}

void tst_ImageBuilds::succeededBuildFillsUrl()
{
    const auto spec = KilnTest::addSpec(m_db->catalogue(), u"cuda"_s);
    const ManagedImage image = addImage(u"cuda"_s, ImageType::Cpu, spec.spec.id);
    QVERIFY(!image.id.isEmpty());
    QVERIFY(image.url.isEmpty());
    const BuildJob job = KilnTest::addJob(m_db->catalogue(), spec.revision.id, JobStatus::Succeeded,
                                          u"registry.test/kiln/cuda:abc"_s);
    QCOMPARE(job.status, JobStatus::Succeeded);

    QStringList frozen;
    const auto applied = applyBuildToImages(m_db->catalogue(), job, &frozen);
    QVERIFY2(applied.ok(), KilnTest::whyNot(applied).constData());
    QCOMPARE(applied.value().size(), 1);
    QCOMPARE(applied.value().first().url, u"registry.test/kiln/cuda:abc"_s);
    QVERIFY(frozen.isEmpty());
    const ManagedImage stored = reread(image.id);
    QCOMPARE(stored.url, u"registry.test/kiln/cuda:abc"_s);
    QVERIFY(stored.gpuUrl.isEmpty()); // a cpu image has none

    // Applying the same build again changes nothing.
    const auto again = applyBuildToImages(m_db->catalogue(), job);
    QVERIFY2(again.ok(), KilnTest::whyNot(again).constData());
    QVERIFY(again.value().isEmpty());
}

void tst_ImageBuilds::universalGpuUrlRule_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("gpuUrl");
    QTest::addColumn<QString>("expectedGpuUrl");
    const QString built = u"registry.test/kiln/uni:2"_s;
    QTest::newRow("never built") << QString() << QString() << built;
    QTest::newRow("same url") << u"registry.test/kiln/uni:1"_s << u"registry.test/kiln/uni:1"_s << built;
    QTest::newRow("empty gpu url") << u"registry.test/kiln/uni:1"_s << QString() << built;
    QTest::newRow("own gpu url") << u"registry.test/kiln/uni:1"_s << u"nvcr.io/nvidia/cuda:12.4"_s
                                 << u"nvcr.io/nvidia/cuda:12.4"_s;
}

void tst_ImageBuilds::universalGpuUrlRule()
{
    QFETCH(QString, url);
    QFETCH(QString, gpuUrl);
    QFETCH(QString, expectedGpuUrl);
    const auto spec = KilnTest::addSpec(m_db->catalogue(), u"uni"_s);
    const ManagedImage image = addImage(u"uni"_s, ImageType::Universal, spec.spec.id, url, gpuUrl);
    QVERIFY(!image.id.isEmpty());
    const BuildJob job = KilnTest::addJob(m_db->catalogue(), spec.revision.id, JobStatus::Succeeded,
                                          u"registry.test/kiln/uni:2"_s);
    const auto applied = applyBuildToImages(m_db->catalogue(), job);
    QVERIFY2(applied.ok(), KilnTest::whyNot(applied).constData());
    QCOMPARE(applied.value().size(), 1);
    const ManagedImage stored = reread(image.id);
    QCOMPARE(stored.url, u"registry.test/kiln/uni:2"_s);
    QCOMPARE(stored.gpuUrl, expectedGpuUrl);
}

void tst_ImageBuilds::frozenLeftAlone()
{
    const auto spec = KilnTest::addSpec(m_db->catalogue(), u"cuda"_s);
    const ManagedImage open = addImage(u"cuda"_s, ImageType::Gpu, spec.spec.id, u"old.test/cuda:1"_s);
    ManagedImage frozen = addImage(u"cuda-frozen"_s, ImageType::Gpu, spec.spec.id, u"old.test/cuda:1"_s);
    QVERIFY(ImageRepository(m_db->catalogue()).setFrozen(frozen.id, true).ok());
    const BuildJob job = KilnTest::addJob(m_db->catalogue(), spec.revision.id, JobStatus::Succeeded,
                                          u"registry.test/kiln/cuda:2"_s);
    QStringList skipped;
    const auto applied = applyBuildToImages(m_db->catalogue(), job, &skipped);
    QVERIFY2(applied.ok(), KilnTest::whyNot(applied).constData());
    QCOMPARE(applied.value().size(), 1);
    QCOMPARE(applied.value().first().id, open.id);
    QCOMPARE(skipped, QStringList{u"cuda-frozen"_s});
    QCOMPARE(reread(open.id).url, u"registry.test/kiln/cuda:2"_s);
    QCOMPARE(reread(frozen.id).url, u"old.test/cuda:1"_s);
    QVERIFY(reread(frozen.id).frozen);
}

void tst_ImageBuilds::otherSpecsAndFailedJobsUntouched()
{
    const auto built = KilnTest::addSpec(m_db->catalogue(), u"built"_s);
    const auto other = KilnTest::addSpec(m_db->catalogue(), u"other"_s);
    const ManagedImage mine = addImage(u"built"_s, ImageType::Cpu, built.spec.id);
    const ManagedImage theirs = addImage(u"other"_s, ImageType::Cpu, other.spec.id, u"other.test/o:1"_s);
    const ManagedImage plain = addImage(u"plain"_s, ImageType::Cpu, {}, u"docker.io/library/debian:12"_s);

    const BuildJob failed = KilnTest::addJob(m_db->catalogue(), built.revision.id, JobStatus::Failed,
                                             u"registry.test/kiln/built:1"_s);
    const auto none = applyBuildToImages(m_db->catalogue(), failed);
    QVERIFY2(none.ok(), KilnTest::whyNot(none).constData());
    QVERIFY(none.value().isEmpty());
    QVERIFY(reread(mine.id).url.isEmpty());

    const BuildJob job = KilnTest::addJob(m_db->catalogue(), built.revision.id, JobStatus::Succeeded,
                                          u"registry.test/kiln/built:1"_s);
    const auto applied = applyBuildToImages(m_db->catalogue(), job);
    QVERIFY2(applied.ok(), KilnTest::whyNot(applied).constData());
    QCOMPARE(applied.value().size(), 1);
    QCOMPARE(reread(mine.id).url, u"registry.test/kiln/built:1"_s);
    QCOMPARE(reread(theirs.id), theirs);
    QCOMPARE(reread(plain.id), plain);
}

void tst_ImageBuilds::createCustomImage()
{
    ManagedImage draft;
    draft.displayName = u"My CUDA Image"_s;
    draft.type = ImageType::Universal;
    draft.global = true;
    draft.description = u"for training"_s;
    const SpecDraft packages{u"debian:12"_s, {u"curl"_s}, {}, {u"requests>=2"_s}, {}};
    const auto created = Kiln::createCustomImage(m_db->catalogue(), draft, packages);
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message()));
    const CustomImage &custom = created.value();
    QCOMPARE(custom.spec.kind, SpecSaveKind::Created);
    QCOMPARE(custom.spec.stored.spec.name, u"my-cuda-image"_s);
    QCOMPARE(custom.spec.stored.revision.content.aptPackages, QStringList{u"curl"_s});
    QCOMPARE(custom.image.name, u"my-cuda-image"_s);
    QCOMPARE(custom.image.specId, custom.spec.stored.spec.id);
    QVERIFY(custom.image.url.isEmpty());
    QVERIFY(custom.image.global);
    QCOMPARE(reread(custom.image.id), custom.image);

    // A build of that spec then fills the image in.
    const BuildJob job = KilnTest::addJob(m_db->catalogue(), custom.spec.stored.revision.id,
                                          JobStatus::Succeeded, u"registry.test/kiln/my-cuda-image:1"_s);
    QVERIFY(applyBuildToImages(m_db->catalogue(), job).ok());
    QCOMPARE(reread(custom.image.id).url, u"registry.test/kiln/my-cuda-image:1"_s);
    QCOMPARE(reread(custom.image.id).gpuUrl, u"registry.test/kiln/my-cuda-image:1"_s);
}

void tst_ImageBuilds::createCustomImageRejectsBadPackages()
{
    ManagedImage draft;
    draft.displayName = u"broken"_s;
    const SpecDraft packages{u"debian:12"_s, {u"curl"_s, u"bad package"_s}, {}, {}, {}};
    const auto created = Kiln::createCustomImage(m_db->catalogue(), draft, packages);
    QVERIFY(!created.ok());
    QVERIFY(created.error().invalid);
    QCOMPARE(created.error().invalid->line, 2);
    QVERIFY(!SpecRepository(m_db->catalogue()).getByName(u"broken"_s).ok());
    QVERIFY(!ImageRepository(m_db->catalogue()).getByName(u"broken"_s).ok());
}

void tst_ImageBuilds::createCustomImageRollsBackSpec()
{
    // An image of that name exists already (without a spec): the spec is created
    // first, the image insert fails, and the spec goes again.
    QVERIFY(!addImage(u"taken"_s, ImageType::Cpu, {}, u"docker.io/library/debian:12"_s).id.isEmpty());
    ManagedImage draft;
    draft.displayName = u"Taken"_s;
    const auto created =
        Kiln::createCustomImage(m_db->catalogue(), draft, SpecDraft{u"debian:12"_s, {}, {}, {}, {}});
    QVERIFY(!created.ok());
    QVERIFY(created.error().store);
    QCOMPARE(created.error().store->code, StoreError::Code::Conflict);
    const auto spec = SpecRepository(m_db->catalogue()).getByName(u"taken"_s);
    QVERIFY(!spec.ok());
    QCOMPARE(spec.error().code, StoreError::Code::NotFound);

    // Also when the image refers to a group that does not exist.
    ManagedImage bad;
    bad.displayName = u"bad-refs"_s;
    bad.groupIds = {u"no-such-group-id"_s};
    const auto refused =
        Kiln::createCustomImage(m_db->catalogue(), bad, SpecDraft{u"debian:12"_s, {}, {}, {}, {}});
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().store);
    QCOMPARE(refused.error().store->code, StoreError::Code::NotFound);
    QVERIFY(!SpecRepository(m_db->catalogue()).getByName(u"bad-refs"_s).ok());
    QCOMPARE(SpecRepository(m_db->catalogue()).count().value(), 0);
}

// The hook in the bake service, once for real (the only build of this test): the
// image has its URL when jobChanged(Succeeded) arrives, and the log says what changed.
void tst_ImageBuilds::bakeServiceFillsImages()
{
    if (KilnTest::BaseImage::buildahPath().isEmpty() || KilnTest::RegistryServer::program().isEmpty())
        QFAIL("buildah and docker-registry are needed: run scripts/dev deps");
    KilnTest::BakeFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.errorString()));
    QVERIFY(fixture.addPushRegistry(m_db->catalogue()).isEmpty());
    QVERIFY(fixture.addBaseRegistry(m_db->catalogue()).isEmpty());
    ManagedImage draft;
    draft.displayName = u"Baked Image"_s;
    draft.type = ImageType::Universal;
    const auto created = Kiln::createCustomImage(m_db->catalogue(), draft,
                                                 SpecDraft{fixture.baseImage(), {u"curl"_s}, {}, {}, {}});
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().message()));
    const ManagedImage cold =
        addImage(u"cold"_s, ImageType::Cpu, created->image.specId, u"old.test/cold:1"_s);
    QVERIFY(ImageRepository(m_db->catalogue()).setFrozen(cold.id, true).ok());

    BakeService service(m_db->catalogue(), fixture.options(), {});
    QString urlWhenSignalled;
    connect(&service, &BakeService::jobChanged, this, [&](const BuildJob &job) {
        if (job.status == JobStatus::Succeeded)
            urlWhenSignalled = reread(created->image.id).url;
    });
    service.start();
    auto queued = service.enqueue(u"baked-image"_s);
    QTRY_VERIFY(queued.isFinished());
    QVERIFY2(queued.result().ok(), queued.result().ok() ? "" : qPrintable(queued.result().error().message));
    const QString jobId = queued.result().value().job.id;
    QTRY_VERIFY_WITH_TIMEOUT(isFinal(JobRepository(m_db->catalogue()).get(jobId)->status), 240000);
    const BuildJob job = JobRepository(m_db->catalogue()).get(jobId).value();
    QVERIFY2(job.status == JobStatus::Succeeded, qPrintable(job.errorText));
    QTRY_VERIFY(!urlWhenSignalled.isEmpty());
    service.stop();
    fixture.cleanup();

    QCOMPARE(urlWhenSignalled, job.targetImage);
    QCOMPARE(reread(created->image.id).gpuUrl, job.targetImage);
    QCOMPARE(reread(cold.id).url, u"old.test/cold:1"_s);
    QFile log(job.logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(log.readAll());
    QVERIFY2(text.contains(u"sys| Image baked-image now uses "_s + job.targetImage),
             qPrintable(text.right(500)));
    QVERIFY2(text.contains(u"sys| Image cold is frozen and still uses its old URL"_s),
             qPrintable(text.right(500)));
}

QTEST_GUILESS_MAIN(tst_ImageBuilds)
#include "tst_imagebuilds.moc"
