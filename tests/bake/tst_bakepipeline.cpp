// kiln-test-properties: LABELS slow TIMEOUT 600
#include "layerbuilder.h"
#include "ocitesting.h"
#include "registrypush.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/bakepipeline.h"
#include "bake/blobcache.h"
#include "bake/ocimanifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray data(size, Qt::Uninitialized);
    generator.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    return data;
}

QJsonObject descriptor(const QString &mediaType, const QByteArray &content)
{
    return QJsonObject{{u"mediaType"_s, mediaType},
                       {u"digest"_s, QString::fromLatin1(sha256Digest(content))},
                       {u"size"_s, content.size()}};
}

struct Layer
{
    QByteArray plain; // the tar
    QByteArray blob;  // as pushed (compressed or not)
    QString mediaType;
};

Layer makeLayer(const LayerBuilder &builder, LayerBuilder::Compression compression)
{
    Layer layer;
    layer.plain = builder.tar();
    layer.blob = compression == LayerBuilder::Compression::Plain ? layer.plain
                                                                 : compressWithTool(layer.plain, compression);
    layer.mediaType =
        compression == LayerBuilder::Compression::Gzip   ? u"application/vnd.oci.image.layer.v1.tar+gzip"_s
        : compression == LayerBuilder::Compression::Zstd ? u"application/vnd.oci.image.layer.v1.tar+zstd"_s
                                                         : u"application/vnd.oci.image.layer.v1.tar"_s;
    return layer;
}

// Pushes an OCI image of `layers` (linux/amd64 config) as repository:tag; empty on success.
QString pushLayers(const QString &address, const QString &repository, const QString &tag,
                   const QList<Layer> &layers, const QByteArray &auth = {})
{
    QJsonArray diffIds;
    QJsonArray descriptors;
    for (const Layer &layer : layers) {
        if (QString error = pushBlob(address, repository, layer.blob, auth); !error.isEmpty())
            return error;
        diffIds.append(QString::fromLatin1(sha256Digest(layer.plain)));
        descriptors.append(descriptor(layer.mediaType, layer.blob));
    }
    const QByteArray config =
        QJsonDocument(
            QJsonObject{{u"architecture"_s, hostPlatform().architecture},
                        {u"os"_s, u"linux"_s},
                        {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, diffIds}}}})
            .toJson(QJsonDocument::Compact);
    if (QString error = pushBlob(address, repository, config, auth); !error.isEmpty())
        return error;
    const QByteArray manifest =
        QJsonDocument(QJsonObject{{u"schemaVersion"_s, 2},
                                  {u"mediaType"_s, QString(OciMediaType::OciManifest)},
                                  {u"config"_s, descriptor(OciMediaType::OciConfig, config)},
                                  {u"layers"_s, descriptors}})
            .toJson(QJsonDocument::Compact);
    return pushManifest(address, repository, tag, QByteArray(OciMediaType::OciManifest.data()), manifest,
                        auth);
}

QString run(const QString &program, const QStringList &arguments, QByteArray *out = nullptr,
            int *exitCode = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000) || !process.waitForFinished(120000))
        return u"%1 did not run"_s.arg(program);
    if (out)
        *out = process.readAll();
    if (exitCode)
        *exitCode = process.exitCode();
    return {};
}

// `debugfs -R <request> image`, its output (stdout and stderr) without its banner line.
QByteArray debugfs(const QString &image, const QString &request)
{
    QByteArray out;
    run(u"debugfs"_s, {u"-R"_s, request, image}, &out);
    if (out.startsWith("debugfs "))
        out.remove(0, out.indexOf('\n') + 1);
    return out;
}

int e2fsck(const QString &image, QByteArray *out)
{
    int code = -1;
    run(u"e2fsck"_s, {u"-fn"_s, image}, out, &code);
    return code;
}

QString sha256Hex(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

QStringList filesUnder(const QString &dir)
{
    QStringList out;
    const QDir root(dir);
    for (const QFileInfo &info : root.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot))
        out.append(info.fileName());
    return out;
}

QString why(const BakePipelineResult &result)
{
    return result.ok() ? QString() : result.error().message;
}

} // namespace

class tst_BakePipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void bakesFromTheRegistry();
    void secondBakeDownloadsNothing();
    void bakesFromARootfsTar();
    void bakesOnAThreadOfItsOwn();
    void rejectsOverCapBeforeDownloading();
    void lowerLayersDeletedAboveDoNotCountAgainstTheCap();
    void rejectsAnOversizedTarAtOnce();
    void stopsADecompressionBombAtTheCap();
    void refusesAnEscapingLayer();
    void unknownImageIsNotFound();
    void pullsWithThePullSecret();
    void concurrentBakesDownloadEachBlobOnce();
    void cancelDuringUnpackLeavesNoFiles();
    void cancelDuringPullLeavesNoPartialBlobs();

private:
    BakeRequest request(const QString &name, const BakeSource &source, qint64 sizeMib) const;
    // Runs a pipeline on this thread with the event loop; the phases it entered.
    BakePipelineResult bake(const BakeRequest &request, QList<BakePhase> *phases = nullptr);
    int registryBlobGets() const;
    void verifyNothingLeft(const QString &name);

    RegistryServer m_registry;
    OciClient m_client;
    std::unique_ptr<QTemporaryDir> m_dir;
    QTemporaryDir m_fixtures;
    QString m_appRef;
    QString m_bigRef;
    QString m_shrinkRef;
    QString m_bombRef;
    QString m_evilRef;
    QString m_slowRef;
    QList<Layer> m_appLayers;
};

void tst_BakePipeline::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(m_registry.start(), qPrintable(m_registry.errorString()));
    QVERIFY(m_fixtures.isValid());
    const QString address = m_registry.address();

    // Three layers: a base (gzip), a change with a whiteout (zstd), a plain one.
    LayerBuilder base;
    base.dir("etc")
        .file("etc/hostname", "kiln-baked\n")
        .file("etc/removed-later", "gone\n")
        .dir("usr")
        .dir("usr/bin")
        .file("usr/bin/tool", "#!/bin/sh\necho tool\n", 04755)
        .owner(1000, 1000)
        .hardlink("usr/bin/tool-link", "usr/bin/tool")
        .symlink("bin", "usr/bin")
        .file("data.bin", randomBytes(300 * 1024, 7));
    LayerBuilder change;
    change.whiteout("etc/removed-later").file("etc/motd", "hello from layer 2\n");
    LayerBuilder top;
    top.dir("srv", 0750).owner(33, 33).file("srv/index.html", "<h1>kiln</h1>\n");
    m_appLayers = {makeLayer(base, LayerBuilder::Compression::Gzip),
                   makeLayer(change, LayerBuilder::Compression::Zstd),
                   makeLayer(top, LayerBuilder::Compression::Plain)};
    m_appRef = address + u"/kiln/app:v1"_s;
    QCOMPARE(pushLayers(address, u"kiln/app"_s, u"v1"_s, m_appLayers), QString());

    // 3 MiB that do not compress: over a 2 MiB cap before anything is downloaded.
    LayerBuilder big;
    big.file("big.bin", randomBytes(3 * 1024 * 1024, 11));
    m_bigRef = address + u"/kiln/big:v1"_s;
    QCOMPARE(pushLayers(address, u"kiln/big"_s, u"v1"_s, {makeLayer(big, LayerBuilder::Compression::Gzip)}),
             QString());

    // 3 MiB in a lower layer that the top layer deletes before adding its own 3 MiB:
    // 6 MiB of layers for an image that fits a 5 MiB cap.
    LayerBuilder doomed;
    doomed.file("old.bin", randomBytes(3 * 1024 * 1024, 12)).file("keep.txt", "kept\n");
    LayerBuilder remover;
    remover.whiteout("old.bin").file("new.bin", randomBytes(3 * 1024 * 1024, 13));
    m_shrinkRef = address + u"/kiln/shrink:v1"_s;
    QCOMPARE(pushLayers(address, u"kiln/shrink"_s, u"v1"_s,
                        {makeLayer(doomed, LayerBuilder::Compression::Gzip),
                         makeLayer(remover, LayerBuilder::Compression::Gzip)}),
             QString());

    // 48 MiB of zeros: a tiny gzip that unpacks over a 16 MiB cap.
    LayerBuilder bomb;
    bomb.dir("etc").file("zeros", QByteArray(48 * 1024 * 1024, '\0'));
    m_bombRef = address + u"/kiln/bomb:v1"_s;
    QCOMPARE(pushLayers(address, u"kiln/bomb"_s, u"v1"_s, {makeLayer(bomb, LayerBuilder::Compression::Gzip)}),
             QString());

    LayerBuilder evil;
    evil.dir("etc").file("../../etc/kiln-escaped", "owned\n");
    m_evilRef = address + u"/kiln/evil:v1"_s;
    QCOMPARE(pushLayers(address, u"kiln/evil"_s, u"v1"_s, {makeLayer(evil, LayerBuilder::Compression::Gzip)}),
             QString());

    // Big enough that a cancel lands while it downloads.
    LayerBuilder slow;
    slow.file("slow.bin", randomBytes(24 * 1024 * 1024, 13));
    m_slowRef = address + u"/kiln/slow:v1"_s;
    QCOMPARE(
        pushLayers(address, u"kiln/slow"_s, u"v1"_s, {makeLayer(slow, LayerBuilder::Compression::Plain)}),
        QString());
}

void tst_BakePipeline::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

BakeRequest tst_BakePipeline::request(const QString &name, const BakeSource &source, qint64 sizeMib) const
{
    BakeRequest out;
    out.image.id = u"id-"_s + name;
    out.image.name = name;
    out.image.sizeMib = sizeMib;
    out.image.source = source;
    out.source = source;
    out.blobCache = m_dir->filePath(u"blobs"_s);
    out.stagingRoot = m_dir->filePath(u"staging"_s);
    out.contentDir = m_dir->filePath(u"content"_s);
    out.endpointFor = [](const QString &host) { return plainEndpoint(host); };
    return out;
}

BakePipelineResult tst_BakePipeline::bake(const BakeRequest &request, QList<BakePhase> *phases)
{
    BakePipeline pipeline(request, &m_client);
    QSignalSpy finished(&pipeline, &BakePipeline::finished);
    connect(&pipeline, &BakePipeline::phaseChanged, this, [phases](BakePhase phase, const QString &) {
        if (phases && (phases->isEmpty() || phases->last() != phase))
            phases->append(phase);
    });
    pipeline.start();
    if (!QTest::qWaitFor([&finished] { return finished.size() > 0; }, 240000))
        return BakeFailure{BakeFailure::Code::Io, BakePhase::Resolve, u"the test gave up waiting"_s, 0, 0};
    return *pipeline.result();
}

int tst_BakePipeline::registryBlobGets() const
{
    QFile log(QDir(m_registry.directory()).filePath(u"registry.log"_s));
    if (!log.open(QIODevice::ReadOnly))
        return -1;
    int count = 0;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        if (line.contains("http.request.method=GET") && line.contains("/blobs/sha256:"))
            ++count;
    }
    return count;
}

void tst_BakePipeline::verifyNothingLeft(const QString &name)
{
    QVERIFY2(filesUnder(m_dir->filePath(u"staging"_s)).isEmpty(),
             qPrintable(filesUnder(m_dir->filePath(u"staging"_s)).join(u", "_s)));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"content/"_s + name + u".ext4"_s)));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"content/"_s + name + u".ext4.partial"_s)));
    // OciBlobs removes a cancelled download's partial file once the transfer stopped.
    QTRY_VERIFY_WITH_TIMEOUT(
        QDir(m_dir->filePath(u"blobs"_s)).entryList({u"*.partial"_s}, QDir::Files | QDir::Hidden).isEmpty(),
        5000);
}

void tst_BakePipeline::bakesFromTheRegistry()
{
    QList<BakePhase> phases;
    const BakeRequest req = request(u"app-v1"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32);
    const auto result = bake(req, &phases);
    QVERIFY2(result.ok(), qPrintable(why(result)));
    QCOMPARE(phases,
             (QList<BakePhase>{BakePhase::Resolve, BakePhase::Pull, BakePhase::Unpack, BakePhase::SizeCheck,
                               BakePhase::Mkfs, BakePhase::Verify, BakePhase::Checksum}));

    const BakeOutput &out = result.value();
    const QString image = m_dir->filePath(u"content/app-v1.ext4"_s);
    QCOMPARE(out.content.path, image);
    QCOMPARE(filesUnder(m_dir->filePath(u"content"_s)), QStringList{u"app-v1.ext4"_s});
    QVERIFY(filesUnder(m_dir->filePath(u"staging"_s)).isEmpty());
    QCOMPARE(out.blobsDownloaded, 3);
    QCOMPARE(out.blobsCached, 0);
    QCOMPARE(out.layerDigests.size(), 3);
    const BlobCache cache(m_dir->filePath(u"blobs"_s));
    for (const Layer &layer : std::as_const(m_appLayers))
        QVERIFY(cache.contains(QString::fromLatin1(sha256Digest(layer.blob)), layer.blob.size()));

    // The content record is the file's.
    QCOMPARE(out.content.size, QFileInfo(image).size());
    QCOMPARE(out.content.size, 32 * 1024 * 1024);
    QCOMPARE(out.content.sha256, sha256Hex(image));
    QCOMPARE(out.content.sha1.size(), 40);
    QCOMPARE(out.content.fmt, u"ext4"_s);

    QByteArray fsck;
    QCOMPARE(e2fsck(image, &fsck), 0);
    const QByteArray tool = debugfs(image, u"stat /usr/bin/tool"_s);
    QVERIFY2(tool.contains("Mode:  04755"), tool.constData());
    QVERIFY2(tool.contains("User:  1000") && tool.contains("Group:  1000"), tool.constData());
    QVERIFY2(tool.contains("Links: 2"), tool.constData()); // the hard link
    QCOMPARE(debugfs(image, u"cat /etc/hostname"_s), QByteArray("kiln-baked\n"));
    QCOMPARE(debugfs(image, u"cat /etc/motd"_s), QByteArray("hello from layer 2\n"));
    QVERIFY(debugfs(image, u"stat /etc/removed-later"_s).contains("File not found"));
    QVERIFY(debugfs(image, u"stat /bin"_s).contains("Type: symlink"));
    const QByteArray srv = debugfs(image, u"stat /srv"_s);
    QVERIFY2(srv.contains("Mode:  0750") && srv.contains("User:    33"), srv.constData());
}

void tst_BakePipeline::secondBakeDownloadsNothing()
{
    const auto first = bake(request(u"app-a"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32));
    QVERIFY2(first.ok(), qPrintable(why(first)));
    QCOMPARE(first->blobsDownloaded, 3);
    const int getsBefore = registryBlobGets();
    QVERIFY2(getsBefore >= 3, "the registry log does not show blob GETs: the check below could not fail");

    const auto second = bake(request(u"app-b"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32));
    QVERIFY2(second.ok(), qPrintable(why(second)));
    QCOMPARE(second->blobsDownloaded, 0);
    QCOMPARE(second->bytesDownloaded, 0);
    QCOMPARE(second->blobsCached, 3);
    QCOMPARE(registryBlobGets(), getsBefore);
    QCOMPARE(second->content.sha256.size(), 64);
    QByteArray fsck;
    QCOMPARE(e2fsck(second->content.path, &fsck), 0);
}

void tst_BakePipeline::bakesFromARootfsTar()
{
    LayerBuilder rootfs;
    rootfs.dir("etc")
        .file("etc/hostname", "from-a-tar\n")
        .dir("dev")
        .charDevice("dev/null", 1, 3)
        .dir("home")
        .dir("home/kiln", 0700)
        .owner(1000, 1000);
    const QString tar = m_fixtures.filePath(u"rootfs.tar.gz"_s);
    QVERIFY(rootfs.write(tar, LayerBuilder::Compression::Gzip));
    QList<BakePhase> phases;
    const auto result = bake(request(u"from-tar"_s, BakeSource{BakeSourceKind::RootfsTar, tar}, 8), &phases);
    QVERIFY2(result.ok(), qPrintable(why(result)));
    QCOMPARE(phases.size(), kBakePhaseCount);
    QVERIFY(result->layerDigests.isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"blobs"_s)) ||
            filesUnder(m_dir->filePath(u"blobs"_s)).isEmpty());
    const QString image = result->content.path;
    QByteArray fsck;
    QCOMPARE(e2fsck(image, &fsck), 0);
    QCOMPARE(debugfs(image, u"cat /etc/hostname"_s), QByteArray("from-a-tar\n"));
    const QByteArray null = debugfs(image, u"stat /dev/null"_s);
    QVERIFY2(null.contains("character special") || null.contains("Device major/minor number: 01:03"),
             null.constData());
    const QByteArray home = debugfs(image, u"stat /home/kiln"_s);
    QVERIFY2(home.contains("Mode:  0700") && home.contains("User:  1000"), home.constData());
    QVERIFY(filesUnder(m_dir->filePath(u"staging"_s)).isEmpty());
}

void tst_BakePipeline::bakesOnAThreadOfItsOwn()
{
    // As a pool thread (the bakery's QtConcurrent worker) would: no event loop of its own.
    BakeRequest req = request(u"threaded"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32);
    QStringList seen;
    QFuture<BakePipelineResult> future = QtConcurrent::run([req, &seen] {
        return runBakePipeline(req, [&seen](BakePhase, const QString &text, qint64, qint64) {
            if (seen.isEmpty() || seen.last() != text)
                seen.append(text);
        });
    });
    QVERIFY(QTest::qWaitFor([&future] { return future.isFinished(); }, 240000));
    const auto result = future.result();
    QVERIFY2(result.ok(), qPrintable(why(result)));
    QVERIFY2(seen.size() >= kBakePhaseCount, qPrintable(seen.join(u" | "_s)));
    QByteArray fsck;
    QCOMPARE(e2fsck(result->content.path, &fsck), 0);
}

void tst_BakePipeline::rejectsOverCapBeforeDownloading()
{
    QList<BakePhase> phases;
    QElapsedTimer timer;
    timer.start();
    const auto result = bake(request(u"too-big"_s, BakeSource{BakeSourceKind::Oci, m_bigRef}, 2), &phases);
    QVERIFY(timer.elapsed() < 1000);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::OverCap);
    QCOMPARE(result.error().phase, BakePhase::Resolve);
    QCOMPARE(result.error().capMiB, 2);
    QVERIFY(result.error().neededMiB >= 3);
    QVERIFY2(result.error().message.contains(u"cap is 2 MiB"_s), qPrintable(result.error().message));
    QCOMPARE(phases, QList<BakePhase>{BakePhase::Resolve});
    QVERIFY(filesUnder(m_dir->filePath(u"blobs"_s)).isEmpty()); // nothing downloaded
    verifyNothingLeft(u"too-big"_s);
}

void tst_BakePipeline::lowerLayersDeletedAboveDoNotCountAgainstTheCap()
{
    // The quick check looks at the top layer only: the lower layer's 3 MiB are whited
    // out, so the image bakes within 5 MiB although its layers add up to 6 MiB.
    const auto result = bake(request(u"shrink"_s, BakeSource{BakeSourceKind::Oci, m_shrinkRef}, 5));
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
    QVERIFY(result->contentBytes < 4 * 1024 * 1024); // new.bin and keep.txt, not old.bin
}

void tst_BakePipeline::rejectsAnOversizedTarAtOnce()
{
    LayerBuilder rootfs;
    rootfs.dir("etc").file("etc/big", randomBytes(12 * 1024 * 1024, 5));
    const QString tar = m_fixtures.filePath(u"big-rootfs.tar"_s);
    QVERIFY(rootfs.write(tar));
    QElapsedTimer timer;
    timer.start();
    const auto result = bake(request(u"big-tar"_s, BakeSource{BakeSourceKind::RootfsTar, tar}, 4));
    QVERIFY(timer.elapsed() < 1000);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::OverCap);
    QCOMPARE(result.error().phase, BakePhase::Resolve);
    QVERIFY2(result.error().message.contains(u"cap is 4 MiB"_s), qPrintable(result.error().message));
    verifyNothingLeft(u"big-tar"_s);
}

void tst_BakePipeline::stopsADecompressionBombAtTheCap()
{
    const auto result = bake(request(u"bomb"_s, BakeSource{BakeSourceKind::Oci, m_bombRef}, 16));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::OverCap);
    QCOMPARE(result.error().phase, BakePhase::Unpack);
    QCOMPARE(result.error().capMiB, 16);
    QVERIFY(result.error().neededMiB > 16);
    QVERIFY2(result.error().message.startsWith(u"Unpacking: "_s), qPrintable(result.error().message));
    QVERIFY2(result.error().message.contains(u"cap is 16 MiB"_s), qPrintable(result.error().message));
    verifyNothingLeft(u"bomb"_s);
}

void tst_BakePipeline::refusesAnEscapingLayer()
{
    const auto result = bake(request(u"evil"_s, BakeSource{BakeSourceKind::Oci, m_evilRef}, 8));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::Escapes);
    QCOMPARE(result.error().phase, BakePhase::Unpack);
    QVERIFY2(result.error().message.contains(u"kiln-escaped"_s), qPrintable(result.error().message));
    QVERIFY(!QFileInfo::exists(m_dir->filePath(u"kiln-escaped"_s)));
    QVERIFY(!QFileInfo::exists(u"/etc/kiln-escaped"_s));
    verifyNothingLeft(u"evil"_s);
}

void tst_BakePipeline::unknownImageIsNotFound()
{
    const auto result = bake(
        request(u"nothing"_s, BakeSource{BakeSourceKind::Oci, m_registry.address() + u"/kiln/none:v1"_s}, 8));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::NotFound);
    QCOMPARE(result.error().phase, BakePhase::Resolve);
    QVERIFY2(result.error().message.startsWith(u"Resolving: "_s), qPrintable(result.error().message));

    const auto bad = bake(request(u"bad-ref"_s, BakeSource{BakeSourceKind::Oci, u"Not A Reference"_s}, 8));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, BakeFailure::Code::Source);

    const auto missing = bake(
        request(u"no-tar"_s, BakeSource{BakeSourceKind::RootfsTar, m_fixtures.filePath(u"absent.tar"_s)}, 8));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, BakeFailure::Code::Source);
    QVERIFY2(missing.error().message.contains(u"does not exist"_s), qPrintable(missing.error().message));
    verifyNothingLeft(u"no-tar"_s);
}

void tst_BakePipeline::pullsWithThePullSecret()
{
    RegistryServer locked;
    locked.setHtpasswd(kRegistryUser, kRegistryBcrypt);
    QVERIFY2(locked.start(), qPrintable(locked.errorString()));
    const QByteArray auth = "Basic " + (kRegistryUser + u':' + kRegistryPassword).toUtf8().toBase64();
    LayerBuilder layer;
    layer.dir("etc").file("etc/secret-image", "pulled with a login\n");
    QCOMPARE(pushLayers(locked.address(), u"kiln/private"_s, u"v1"_s,
                        {makeLayer(layer, LayerBuilder::Compression::Gzip)}, auth),
             QString());
    const BakeSource source{BakeSourceKind::Oci, locked.address() + u"/kiln/private:v1"_s};
    auto withSecret = [&](const QString &name, const QString &password) {
        BakeRequest req = request(name, source, 8);
        req.image.pullSecretId = u"pull-secret"_s;
        req.credentials = [password](const QString &id) {
            if (id != u"pull-secret"_s)
                return QtFuture::makeReadyFuture(Result<Credential, QString>(u"no secret "_s + id));
            return QtFuture::makeReadyFuture(
                Result<Credential, QString>(Credential{kRegistryUser, password}));
        };
        return req;
    };

    const auto good = bake(withSecret(u"private"_s, kRegistryPassword));
    QVERIFY2(good.ok(), qPrintable(why(good)));
    QCOMPARE(debugfs(good->content.path, u"cat /etc/secret-image"_s), QByteArray("pulled with a login\n"));

    const auto wrong = bake(withSecret(u"private-wrong"_s, kWrongRegistryPassword));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, BakeFailure::Code::Unauthorized);
    QVERIFY(!wrong.error().message.contains(kWrongRegistryPassword));
    verifyNothingLeft(u"private-wrong"_s);

    const auto anonymous = bake(request(u"private-anonymous"_s, source, 8));
    QVERIFY(!anonymous.ok());
    QCOMPARE(anonymous.error().code, BakeFailure::Code::Unauthorized);

    BakeRequest unreadable = withSecret(u"private-unreadable"_s, kRegistryPassword);
    unreadable.image.pullSecretId = u"other-secret"_s;
    const auto noSecret = bake(unreadable);
    QVERIFY(!noSecret.ok());
    QCOMPARE(noSecret.error().code, BakeFailure::Code::Unauthorized);
    QVERIFY2(noSecret.error().message.contains(u"other-secret"_s), qPrintable(noSecret.error().message));
}

void tst_BakePipeline::concurrentBakesDownloadEachBlobOnce()
{
    const int getsBefore = registryBlobGets();
    BakePipeline first(request(u"twin-a"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32), &m_client);
    BakePipeline second(request(u"twin-b"_s, BakeSource{BakeSourceKind::Oci, m_appRef}, 32), &m_client);
    QSignalSpy firstDone(&first, &BakePipeline::finished);
    QSignalSpy secondDone(&second, &BakePipeline::finished);
    first.start();
    second.start();
    QVERIFY(QTest::qWaitFor([&] { return firstDone.size() > 0 && secondDone.size() > 0; }, 240000));
    const auto a = *first.result();
    const auto b = *second.result();
    QVERIFY2(a.ok(), qPrintable(why(a)));
    QVERIFY2(b.ok(), qPrintable(why(b)));
    QCOMPARE(a->blobsDownloaded + b->blobsDownloaded, 3);
    QCOMPARE(a->blobsCached + b->blobsCached, 3);
    QCOMPARE(registryBlobGets() - getsBefore, 3);
    QCOMPARE(a->content.sha256.isEmpty(), false);
    QVERIFY(QDir(m_dir->filePath(u"blobs"_s)).entryList({u"*.lock"_s, u"*.partial"_s}).isEmpty());
}

void tst_BakePipeline::cancelDuringUnpackLeavesNoFiles()
{
    // 160 MiB in 40 files: unpacking takes long enough for a cancel to land inside it.
    LayerBuilder rootfs;
    rootfs.dir("etc").dir("data");
    for (int i = 0; i < 40; ++i)
        rootfs.file("data/f" + QByteArray::number(i), randomBytes(4 * 1024 * 1024, 100 + i));
    const QString tar = m_fixtures.filePath(u"cancel-rootfs.tar"_s);
    QVERIFY(rootfs.write(tar));

    BakePipeline pipeline(request(u"cancelled"_s, BakeSource{BakeSourceKind::RootfsTar, tar}, 512),
                          &m_client);
    QSignalSpy finished(&pipeline, &BakePipeline::finished);
    QElapsedTimer sinceCancel;
    qint64 unpackedWhenCancelled = -1;
    connect(&pipeline, &BakePipeline::progress, this,
            [&pipeline, &sinceCancel, &unpackedWhenCancelled](BakePhase phase, qint64 done, qint64 total) {
                if (phase != BakePhase::Unpack || sinceCancel.isValid() || done <= 0 || done >= total)
                    return;
                unpackedWhenCancelled = done;
                sinceCancel.start();
                pipeline.cancel();
            });
    pipeline.start();
    QVERIFY(QTest::qWaitFor([&finished] { return finished.size() > 0; }, 120000));
    QVERIFY2(sinceCancel.isValid(), "the unpack ended before a cancel could land in it");
    QVERIFY(sinceCancel.elapsed() < 2000);
    QVERIFY(unpackedWhenCancelled > 0);
    QVERIFY(pipeline.result().has_value());
    const auto result = *pipeline.result();
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::Cancelled);
    QCOMPARE(result.error().phase, BakePhase::Unpack);
    verifyNothingLeft(u"cancelled"_s);
    QVERIFY(filesUnder(m_dir->filePath(u"content"_s)).isEmpty());
}

void tst_BakePipeline::cancelDuringPullLeavesNoPartialBlobs()
{
    m_client.setTransferTimeout(60000);
    BakePipeline pipeline(request(u"pull-cancelled"_s, BakeSource{BakeSourceKind::Oci, m_slowRef}, 256),
                          &m_client);
    QSignalSpy finished(&pipeline, &BakePipeline::finished);
    bool cancelled = false;
    connect(&pipeline, &BakePipeline::progress, this,
            [&pipeline, &cancelled](BakePhase phase, qint64 done, qint64 total) {
                if (phase == BakePhase::Pull && !cancelled && done > 0 && done < total) {
                    cancelled = true;
                    pipeline.cancel();
                }
            });
    pipeline.start();
    QVERIFY(QTest::qWaitFor([&finished] { return finished.size() > 0; }, 120000));
    QVERIFY2(cancelled, "the download ended before a cancel could land in it");
    QVERIFY(pipeline.result().has_value());
    const auto result = *pipeline.result();
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, BakeFailure::Code::Cancelled);
    QCOMPARE(result.error().phase, BakePhase::Pull);
    verifyNothingLeft(u"pull-cancelled"_s);
    const BlobCache cache(m_dir->filePath(u"blobs"_s));
    QCOMPARE(cache.totalBytes(), 0);
    // The lock is released once the transfer has stopped.
    QTRY_VERIFY_WITH_TIMEOUT(cache.digests().isEmpty() && !QDir(cache.root()).entryList({u"*.lock"_s}).size(),
                             5000);
}

QTEST_GUILESS_MAIN(tst_BakePipeline)
#include "tst_bakepipeline.moc"
