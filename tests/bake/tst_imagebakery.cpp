// kiln-test-properties: LABELS slow TIMEOUT 900
#include "cataloguefixture.h"
#include "ocitesting.h"
#include "registrypush.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/bakecontent.h"
#include "bake/bakeservice.h"
#include "bake/imagebakery.h"
#include "bake/runnerid.h"
#include "store/bakeimagerepository.h"
#include "store/catalogue.h"
#include "store/registryrepository.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <utime.h>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

int runTool(const QString &program, const QStringList &arguments, QString *out = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120000))
        return -1;
    if (out)
        *out = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (qint64 i = 0; i + 4 <= size; i += 4) {
        const quint32 v = random.generate();
        memcpy(data.data() + i, &v, 4);
    }
    return data;
}

// A rootfs folder with etc/os-release saying `id` and a random payload, as a tar.
QString makeRootfsTar(const QString &workDir, const QString &name, const QByteArray &id, qint64 payloadBytes)
{
    const QDir root(QDir(workDir).filePath(name));
    if (!root.mkpath(u"etc"_s) || !root.mkpath(u"data"_s))
        return {};
    if (!writeFile(root.filePath(u"etc/os-release"_s), "ID=" + id + "\n") ||
        !writeFile(root.filePath(u"data/payload"_s), randomBytes(payloadBytes, 11)))
        return {};
    const QString tar = QDir(workDir).filePath(name + u".tar"_s);
    if (runTool(u"tar"_s, {u"-C"_s, root.path(), u"-cf"_s, tar, u"."_s}) != 0)
        return {};
    return tar;
}

// Sets the modification time of `path` to `ageMs` ago.
bool age(const QString &path, qint64 ageMs)
{
    const time_t when = time_t((QDateTime::currentMSecsSinceEpoch() - ageMs) / 1000);
    utimbuf times{when, when};
    return ::utime(QFile::encodeName(path).constData(), &times) == 0;
}

} // namespace

class tst_ImageBakery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void bakesLocalTarWithProgressAndScan();
    void scansBakedRootfsWithInstalledScanner();
    void bakesFromRegistry();
    void picksUpBakeQueuedByAnotherProcess();
    void leavesBakesToOthersWhenToldTo();
    void cancelMidBakeLeavesNoFiles();
    void cancelFromAnotherProcess();
    void recoversInterruptedBakes();
    void sweepKeepsReferencedBlobs();

private:
    // `scanners`: where trivy/grype are looked for; empty: m_noScanners.
    std::unique_ptr<BakeService> makeService(bool runBakes = true, const QString &scanners = {});
    QString registerImage(const QString &name, const BakeSource &source, qint64 sizeMib = 64);
    // Waits until the image is in `state` (read from the catalogue).
    BakeImage waitForState(const QString &id, BakeState state, int timeoutMs = 120000);
    QString dataDir(const QString &sub) const { return QDir(m_catalogue->dirPath()).filePath(sub); }
    QStringList entries(const QString &sub) const
    {
        return QDir(dataDir(sub)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    }

    QTemporaryDir m_work;
    QTemporaryDir m_noScanners; // an empty folder: no trivy, no grype
    RegistryServer m_registry;
    QString m_smallTar; // ~2 MiB rootfs tar
    QString m_bigTar;   // ~160 MiB: long enough to cancel
    QString m_ociReference;
    std::unique_ptr<TempCatalogue> m_catalogue;
};

void tst_ImageBakery::initTestCase()
{
    QVERIFY(m_work.isValid());
    if (RegistryServer::program().isEmpty())
        QFAIL("docker-registry is needed: run scripts/dev deps");
    m_smallTar = makeRootfsTar(m_work.path(), u"small"_s, "kiln-small", 2 * 1024 * 1024);
    QVERIFY(!m_smallTar.isEmpty());
    m_bigTar = makeRootfsTar(m_work.path(), u"big"_s, "kiln-big", 160 * 1024 * 1024);
    QVERIFY(!m_bigTar.isEmpty());

    // An OCI image with one gzip layer in a real registry.
    QVERIFY2(m_registry.start(), qPrintable(m_registry.errorString()));
    const QString layerTar = makeRootfsTar(m_work.path(), u"layer"_s, "kiln-oci", 512 * 1024);
    QVERIFY(!layerTar.isEmpty());
    const QByteArray diffId = sha256Digest(readAll(layerTar));
    QCOMPARE(runTool(u"gzip"_s, {u"-n"_s, u"-k"_s, layerTar}), 0);
    const QByteArray layer = readAll(layerTar + u".gz"_s);
    QVERIFY(!layer.isEmpty());
    const QByteArray config =
        QJsonDocument(
            QJsonObject{
                {u"architecture"_s, u"amd64"_s},
                {u"os"_s, u"linux"_s},
                {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s},
                                          {u"diff_ids"_s, QJsonArray{QString::fromLatin1(diffId)}}}},
            })
            .toJson(QJsonDocument::Compact);
    QCOMPARE(pushBlob(m_registry.address(), u"kiln/app"_s, layer), QString());
    QCOMPARE(pushBlob(m_registry.address(), u"kiln/app"_s, config), QString());
    const QByteArray manifest =
        QJsonDocument(
            QJsonObject{
                {u"schemaVersion"_s, 2},
                {u"mediaType"_s, u"application/vnd.oci.image.manifest.v1+json"_s},
                {u"config"_s, QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.config.v1+json"_s},
                                          {u"digest"_s, QString::fromLatin1(sha256Digest(config))},
                                          {u"size"_s, config.size()}}},
                {u"layers"_s,
                 QJsonArray{QJsonObject{{u"mediaType"_s, u"application/vnd.oci.image.layer.v1.tar+gzip"_s},
                                        {u"digest"_s, QString::fromLatin1(sha256Digest(layer))},
                                        {u"size"_s, layer.size()}}}},
            })
            .toJson(QJsonDocument::Compact);
    QCOMPARE(pushManifest(m_registry.address(), u"kiln/app"_s, u"1"_s,
                          "application/vnd.oci.image.manifest.v1+json", manifest),
             QString());
    m_ociReference = m_registry.address() + u"/kiln/app:1"_s;
}

void tst_ImageBakery::init()
{
    m_catalogue = std::make_unique<TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
    QVERIFY(RegistryRepository(m_catalogue->catalogue())
                .create(registryAt(u"local"_s, m_registry.address()))
                .ok());
}

void tst_ImageBakery::cleanup()
{
    m_catalogue.reset();
}

std::unique_ptr<BakeService> tst_ImageBakery::makeService(bool runBakes, const QString &scanners)
{
    BakeOptions options;
    options.runBakes = runBakes;
    options.pollIntervalMs = 100;
    options.engineSearchPaths = {m_noScanners.path()}; // build jobs are not what this tests
    options.scannerSearchPaths = {scanners.isEmpty() ? m_noScanners.path() : scanners};
    options.scannerUsesSystemPath = false;
    return std::make_unique<BakeService>(m_catalogue->catalogue(), options, CredentialResolver());
}

QString tst_ImageBakery::registerImage(const QString &name, const BakeSource &source, qint64 sizeMib)
{
    BakeImage image;
    image.name = name;
    image.source = source;
    image.sizeMib = sizeMib;
    auto registered = BakeImageRepository(m_catalogue->catalogue()).registerImage(image);
    if (!registered.ok())
        qWarning("%s", qPrintable(registered.error().message));
    return registered.ok() ? registered.value().id : QString();
}

BakeImage tst_ImageBakery::waitForState(const QString &id, BakeState state, int timeoutMs)
{
    const BakeImageRepository images(m_catalogue->catalogue());
    BakeImage image;
    (void)QTest::qWaitFor(
        [&] {
            auto got = images.get(id);
            if (got.ok())
                image = got.value();
            return got.ok() && image.state == state;
        },
        timeoutMs);
    return image;
}

void tst_ImageBakery::bakesLocalTarWithProgressAndScan()
{
    const QString id = registerImage(u"tarimg"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    QVERIFY(!id.isEmpty());
    auto service = makeService();
    QSignalSpy changed(service.get(), &BakeService::bakeChanged);
    QSignalSpy progress(service.get(), &BakeService::bakeProgress);
    QSignalSpy idle(service.get(), &BakeService::idle);
    service->start();

    auto requested = service->requestBake(u"tarimg"_s);
    QTRY_VERIFY(requested.isFinished());
    QVERIFY2(requested.result().ok(), whyNot(requested.result()).constData());
    QCOMPARE(requested.result().value().state, BakeState::Queued);
    idle.clear(); // the idle of the start; the next comes after the bake and its scan

    // Queued, Baking, Baked, then the scan's result (no scanner: skipped).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : changed) {
                const auto image = args.at(0).value<BakeImage>();
                if (image.id == id && image.scanStatus == ScanStatus::Skipped)
                    return true;
            }
            return false;
        }(),
        120000);
    QList<BakeState> states;
    for (const auto &args : changed) {
        const auto image = args.at(0).value<BakeImage>();
        if (image.id == id && (states.isEmpty() || states.last() != image.state))
            states << image.state;
    }
    QCOMPARE(states, (QList<BakeState>{BakeState::Queued, BakeState::Baking, BakeState::Baked}));

    QSet<int> phases;
    for (const auto &args : progress) {
        QCOMPARE(args.at(0).toString(), id);
        QCOMPARE(args.at(2).toInt(), 7);
        QVERIFY(!args.at(3).toString().isEmpty());
        phases.insert(args.at(1).toInt());
    }
    QVERIFY2(phases.size() >= 4, qPrintable(u"phases seen: %1"_s.arg(phases.size())));

    const BakeImage baked = BakeImageRepository(m_catalogue->catalogue()).get(id).value();
    QCOMPARE(baked.state, BakeState::Baked);
    QVERIFY(baked.phase.isEmpty());
    QVERIFY(baked.content);
    QCOMPARE(baked.content->path, QDir(dataDir(u"content"_s)).filePath(u"tarimg.ext4"_s));
    QString out;
    QVERIFY2(runTool(u"e2fsck"_s, {u"-fn"_s, baked.content->path}, &out) == 0, qPrintable(out));
    QCOMPARE(runTool(u"debugfs"_s, {u"-R"_s, u"cat /etc/os-release"_s, baked.content->path}, &out), 0);
    QVERIFY2(out.contains(u"ID=kiln-small"_s), qPrintable(out));
    QCOMPARE(runTool(u"sha256sum"_s, {baked.content->path}, &out), 0);
    QCOMPARE(out.section(u' ', 0, 0), baked.content->sha256);
    QCOMPARE(baked.scanStatus, ScanStatus::Skipped);
    QVERIFY2(baked.scanReason.contains(u"scan"_s), qPrintable(baked.scanReason));
    QCOMPARE(entries(u"staging"_s), QStringList());
    QTRY_VERIFY(!idle.isEmpty());

    // A rescan goes back to Pending, then to the scan's result again.
    changed.clear();
    auto rescan = service->rescan(id);
    QTRY_VERIFY(rescan.isFinished());
    QVERIFY2(rescan.result().ok(), whyNot(rescan.result()).constData());
    QCOMPARE(rescan.result().value().scanStatus, ScanStatus::Pending);
    QTRY_VERIFY(BakeImageRepository(m_catalogue->catalogue()).get(id).value().scanStatus ==
                ScanStatus::Skipped);

    // A second bake of content that exists is refused: images are versioned by name.
    auto again = service->requestBake(id);
    QTRY_VERIFY(again.isFinished());
    QVERIFY(!again.result().ok());
    service->stop();
}

void tst_ImageBakery::scansBakedRootfsWithInstalledScanner()
{
    // trivy cannot be installed here: a script stands in for it (see tst_imagescanner).
    // It gets the baked ext4 unpacked by the real debugfs, records the directory and
    // prints a clean report only when that holds the tar's etc/os-release.
    QTemporaryDir scanners;
    QVERIFY(scanners.isValid());
    const QString script = u"#!/bin/sh\n"
                           u"if [ \"$1\" = --version ]; then echo 'Version: 0.50.1'; exit 0; fi\n"
                           u"for a in \"$@\"; do root=\"$a\"; done\n"
                           u"echo \"$*\" >> "_s +
                           shellQuote(scanners.filePath(u"calls"_s)) +
                           u"\n"
                           u"grep -qx ID=kiln-small \"$root/etc/os-release\" || exit 3\n"
                           u"cat "_s +
                           shellQuote(dataPath(u"scan/trivy-low.json"_s)) + u"\n"_s;
    QVERIFY(writeFile(scanners.filePath(u"trivy"_s), script.toUtf8()));
    QVERIFY(QFile::setPermissions(scanners.filePath(u"trivy"_s),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    const QString id = registerImage(u"scanned"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    QVERIFY(!id.isEmpty());
    auto service = makeService(true, scanners.path());
    service->start();
    auto requested = service->requestBake(id);
    QTRY_VERIFY(requested.isFinished());
    QVERIFY2(requested.result().ok(), whyNot(requested.result()).constData());

    const BakeImageRepository images(m_catalogue->catalogue());
    QTRY_VERIFY_WITH_TIMEOUT(images.get(id).value().scanStatus == ScanStatus::Passed, 120000);
    auto calls = [&scanners] {
        QFile file(scanners.filePath(u"calls"_s));
        return file.open(QIODevice::ReadOnly)
                   ? QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts)
                   : QStringList();
    };
    QCOMPARE(calls().size(), 1);
    const QString root = calls().first().section(u' ', -1);
    QVERIFY2(calls().first().startsWith(u"rootfs --format json --quiet --scanners vuln /"_s),
             qPrintable(calls().first()));
    QVERIFY(!QFileInfo::exists(root)); // unpacked for the scan, removed after

    // A rescan unpacks the content again.
    auto rescan = service->rescan(id);
    QTRY_VERIFY(rescan.isFinished());
    QVERIFY2(rescan.result().ok(), whyNot(rescan.result()).constData());
    QTRY_VERIFY_WITH_TIMEOUT(calls().size() == 2 && images.get(id).value().scanStatus == ScanStatus::Passed,
                             60000);
    QVERIFY(!QFileInfo::exists(calls().last().section(u' ', -1)));
    service->stop();
}

void tst_ImageBakery::bakesFromRegistry()
{
    const QString id = registerImage(u"ociimg"_s, {BakeSourceKind::Oci, m_ociReference});
    QVERIFY(!id.isEmpty());
    auto service = makeService();
    service->start();
    auto requested = service->requestBake(id);
    QTRY_VERIFY(requested.isFinished());
    QVERIFY2(requested.result().ok(), whyNot(requested.result()).constData());
    const BakeImage baked = waitForState(id, BakeState::Baked);
    QVERIFY2(baked.state == BakeState::Baked, qPrintable(baked.error));
    QString out;
    QVERIFY2(runTool(u"e2fsck"_s, {u"-fn"_s, baked.content->path}, &out) == 0, qPrintable(out));
    QCOMPARE(runTool(u"debugfs"_s, {u"-R"_s, u"cat /etc/os-release"_s, baked.content->path}, &out), 0);
    QVERIFY2(out.contains(u"ID=kiln-oci"_s), qPrintable(out));
    // Its layer is in the blob cache and recorded for the sweep.
    const auto records = readLayerRecords(BakeDirectories{}.resolved(m_catalogue->catalogue()));
    QCOMPARE(records.value(id).size(), 1);
    QVERIFY(
        QFileInfo::exists(QDir(dataDir(u"blobs"_s)).filePath(records.value(id).first().replace(u':', u'-'))));
    service->stop();
}

void tst_ImageBakery::picksUpBakeQueuedByAnotherProcess()
{
    const QString id = registerImage(u"elsewhere"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    auto service = makeService();
    service->start();
    QTest::qWait(300);
    // kilnctl queues it through its own connection to the same file.
    auto other = Catalogue::openSqlite(m_catalogue->path());
    QVERIFY2(other.ok(), whyNot(other).constData());
    QVERIFY(BakeImageRepository(*other.value()).requestBake(u"elsewhere"_s).ok());
    const BakeImage baked = waitForState(id, BakeState::Baked);
    QVERIFY2(baked.state == BakeState::Baked, qPrintable(baked.error));
    QCOMPARE(baked.runner, currentRunner().toString());
    service->stop();
}

// kilnctl build --wait runs a service that must not claim a bake: it stops when its
// build ends, which would interrupt the bake.
void tst_ImageBakery::leavesBakesToOthersWhenToldTo()
{
    const QString id = registerImage(u"notmine"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    QVERIFY(BakeImageRepository(m_catalogue->catalogue()).requestBake(id).ok());
    auto service = makeService(false);
    QSignalSpy idle(service.get(), &BakeService::idle);
    service->start();
    QVERIFY(idle.wait(5000));
    QTest::qWait(400); // a few polls
    auto image = BakeImageRepository(m_catalogue->catalogue()).get(id);
    QVERIFY(image.ok());
    QCOMPARE(image.value().state, BakeState::Queued);
    service->stop();

    auto baker = makeService();
    baker->start();
    QCOMPARE(waitForState(id, BakeState::Baked).state, BakeState::Baked);
    baker->stop();
}

void tst_ImageBakery::cancelMidBakeLeavesNoFiles()
{
    const QString id = registerImage(u"cancelme"_s, {BakeSourceKind::RootfsTar, m_bigTar}, 512);
    auto service = makeService();
    QSignalSpy progress(service.get(), &BakeService::bakeProgress);
    service->start();
    auto requested = service->requestBake(id);
    QTRY_VERIFY(requested.isFinished());
    // Cancel once the bake has written something (unpacking or later).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : progress) {
                if (args.at(1).toInt() >= 2 && args.at(4).toLongLong() > 0)
                    return true;
            }
            return false;
        }(),
        60000);
    // The phase is in the catalogue too (for kilnctl and other processes).
    const BakeImage baking = BakeImageRepository(m_catalogue->catalogue()).get(id).value();
    QCOMPARE(baking.state, BakeState::Baking);
    QVERIFY(!baking.phase.isEmpty());
    service->cancelBake(id);
    const BakeImage cancelled = waitForState(id, BakeState::Cancelled, 30000);
    QCOMPARE(cancelled.state, BakeState::Cancelled);
    QVERIFY(!cancelled.content);
    QCOMPARE(entries(u"staging"_s), QStringList());
    QCOMPARE(entries(u"content"_s), QStringList());
    service->stop();
}

void tst_ImageBakery::cancelFromAnotherProcess()
{
    const QString id = registerImage(u"cancelother"_s, {BakeSourceKind::RootfsTar, m_bigTar}, 512);
    auto service = makeService();
    service->start();
    auto requested = service->requestBake(id);
    QTRY_VERIFY(requested.isFinished());
    QVERIFY(waitForState(id, BakeState::Baking, 30000).state == BakeState::Baking);
    auto other = Catalogue::openSqlite(m_catalogue->path());
    QVERIFY(other.ok());
    auto asked = BakeImageRepository(*other.value()).requestCancel(id);
    QVERIFY2(asked.ok(), whyNot(asked).constData());
    const BakeImage cancelled = waitForState(id, BakeState::Cancelled, 30000);
    QCOMPARE(cancelled.state, BakeState::Cancelled);
    QCOMPARE(entries(u"staging"_s), QStringList());
    QCOMPARE(entries(u"content"_s), QStringList());
    service->stop();
}

void tst_ImageBakery::recoversInterruptedBakes()
{
    // A bake claimed by a process of this host that is gone, with its staging left.
    const QString id = registerImage(u"orphan"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    const BakeImageRepository images(m_catalogue->catalogue());
    QVERIFY(images.requestBake(id).ok());
    RunnerId dead = currentRunner();
    dead.pid = 999999999; // no such process
    auto claimed = images.claimNextBake(dead.toString());
    QVERIFY(claimed.ok() && claimed.value());
    QVERIFY(QDir().mkpath(QDir(dataDir(u"staging"_s)).filePath(id + u"/tree"_s)));
    QVERIFY(QDir().mkpath(dataDir(u"content"_s)));
    QVERIFY(writeFile(QDir(dataDir(u"content"_s)).filePath(u"orphan.ext4.partial"_s), "half an image"));
    // Left an hour ago (what is younger may belong to a bake claimed a moment ago).
    QVERIFY(age(QDir(dataDir(u"staging"_s)).filePath(id), 3600 * 1000));
    QVERIFY(age(QDir(dataDir(u"content"_s)).filePath(u"orphan.ext4.partial"_s), 3600 * 1000));
    const QString fresh = QDir(dataDir(u"staging"_s)).filePath(u"fresh"_s);
    QVERIFY(QDir().mkpath(fresh));
    // And one that another live process bakes: left alone.
    const QString liveId = registerImage(u"alive"_s, {BakeSourceKind::RootfsTar, m_smallTar});
    QVERIFY(images.requestBake(liveId).ok());
    RunnerId live = currentRunner();
    live.pid = 1;
    live.startTicks = processStartTicks(1).value_or(0);
    QVERIFY(images.claimNextBake(live.toString()).ok());
    QVERIFY(QDir().mkpath(QDir(dataDir(u"staging"_s)).filePath(liveId)));

    auto service = makeService();
    QSignalSpy changed(service.get(), &BakeService::bakeChanged);
    service->start();
    QTRY_VERIFY(!changed.isEmpty());
    const auto first = changed.first().at(0).value<BakeImage>();
    QCOMPARE(first.id, id);
    QCOMPARE(first.state, BakeState::Failed);
    QVERIFY2(first.error.contains(u"interrupted"_s, Qt::CaseInsensitive), qPrintable(first.error));
    QCOMPARE(images.get(liveId).value().state, BakeState::Baking);
    // The start sweep removed the dead bake's files, not the live one's.
    QStringList kept{liveId, u"fresh"_s};
    kept.sort(Qt::CaseInsensitive);
    QTRY_COMPARE(entries(u"staging"_s), kept);
    QTRY_COMPARE(entries(u"content"_s), QStringList());
    service->stop();
    // Failed can be baked again.
    QVERIFY(images.requestBake(id).ok());
}

void tst_ImageBakery::sweepKeepsReferencedBlobs()
{
    const BakeDirectories directories = BakeDirectories{}.resolved(m_catalogue->catalogue());
    QVERIFY(QDir().mkpath(directories.blobCache));
    const BakeImageRepository images(m_catalogue->catalogue());
    const QString activeId = registerImage(u"active"_s, {BakeSourceKind::Oci, m_ociReference});
    const QString offId = registerImage(u"off"_s, {BakeSourceKind::Oci, m_ociReference});
    QVERIFY(images.setDeactivated(offId, true).ok());

    QStringList digests;
    for (int i = 0; i < 4; ++i) {
        const QByteArray data = "blob " + QByteArray::number(i);
        const QString digest = QString::fromLatin1(sha256Digest(data));
        const QString path = QDir(directories.blobCache).filePath(QString(digest).replace(u':', u'-'));
        QVERIFY(writeFile(path, data));
        QVERIFY(age(path, 2 * 3600 * 1000)); // unused for two hours
        digests << digest;
    }
    QVERIFY(writeLayerRecord(directories, activeId, {digests[0]}));
    QVERIFY(writeLayerRecord(directories, offId, {digests[1]}));
    QVERIFY(writeLayerRecord(directories, u"no-such-image"_s, {digests[2]}));
    // digests[3]: nobody's, but used a minute ago (a bake that runs now).
    QVERIFY(age(QDir(directories.blobCache).filePath(QString(digests[3]).replace(u':', u'-')), 60 * 1000));

    const BakeSweepReport report = sweepBakeFiles(m_catalogue->catalogue(), directories, {}, 3600 * 1000);
    QVERIFY2(report.errors.isEmpty(), qPrintable(report.errors.join(u'\n')));
    QCOMPARE(report.removedBlobs, 2);
    const auto present = [&](int i) {
        return QFileInfo::exists(
            QDir(directories.blobCache).filePath(QString(digests[i]).replace(u':', u'-')));
    };
    QVERIFY(present(0));  // the active image's
    QVERIFY(!present(1)); // a deactivated image's: garbage-collected, the image keeps its record
    QVERIFY(!present(2)); // an image that is gone
    QVERIFY(present(3));  // recently used
    QCOMPARE(images.get(offId).value().deactivated, true);
    QVERIFY(!readLayerRecords(directories).contains(u"no-such-image"_s));
}

QTEST_GUILESS_MAIN(tst_ImageBakery)
#include "tst_imagebakery.moc"
