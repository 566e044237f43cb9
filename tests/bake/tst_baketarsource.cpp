// kiln-test-properties: LABELS slow TIMEOUT 600
#include "baseimage.h"
#include "layerbuilder.h"
#include "registryserver.h"
#include "testsupport.h"

#include "bake/baketarsource.h"
#include "bake/ocimanifest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QString sha256Of(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return u"sha256:"_s + QString::fromLatin1(hash.result().toHex());
}

// Runs a tool to its end; empty on success, else what went wrong.
QString runTool(const QString &program, const QStringList &arguments, int timeoutMs = 180000,
                QByteArray *out = nullptr)
{
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"NO_PROXY"_s, u"127.0.0.1,localhost"_s);
    env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return u"cannot start %1: %2"_s.arg(program, process.errorString());
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return u"%1 %2 did not finish in time"_s.arg(program, arguments.join(u' '));
    }
    if (out)
        *out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return u"%1 %2 failed: %3"_s.arg(program, arguments.join(u' '),
                                         QString::fromLocal8Bit(process.readAllStandardError()));
    return {};
}

// The member names of a tar (through GNU tar).
QStringList tarMembers(const QString &path)
{
    QByteArray out;
    if (!runTool(u"tar"_s, {u"-tf"_s, path}, 60000, &out).isEmpty())
        return {};
    return QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
}

} // namespace

class tst_BakeTarSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void recognisesEachKind_data();
    void recognisesEachKind();
    void stopsScanningARootfsEarly();
    void rejectsWhatIsNotATar_data();
    void rejectsWhatIsNotATar();

    void rootfsTarIsItsOwnLayer();
    void dockerArchiveGivesItsLayersInOrder();
    void ociArchiveGivesVerifiedLayers();
    void dockerArchiveWithAMissingLayer();
    void dockerArchiveWithACorruptLayer();
    void ociArchiveWithACorruptBlob();
    void ociArchiveForAnotherPlatform();
    void cancelStopsExtraction();
    void rootfsContentBytes();

private:
    QString fixture(const QString &name) const { return m_dir.filePath(name); }
    // Rewrites the tar `from` to `to` through python3's tarfile: members named in
    // `drop` left out, those in `replace` given new content.
    QString rewriteTar(const QString &from, const QString &to, const QStringList &drop,
                       const QHash<QString, QByteArray> &replace);

    QTemporaryDir m_dir;
    std::unique_ptr<QTemporaryDir> m_extract;
    QString m_dockerArchive;
    QString m_ociArchive;
    QString m_rootfsTar;
    QString m_rootfsGz;
    QString m_rootfsZst;
};

void tst_BakeTarSource::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    startWatchdog(m_dir.path());

    // A hand-made rootfs, plain and compressed.
    LayerBuilder rootfs;
    rootfs.dir("etc")
        .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
        .dir("bin")
        .file("bin/hello", "#!/bin/sh\necho hello\n", 0755)
        .symlink("bin/sh", "hello");
    m_rootfsTar = fixture(u"rootfs.tar"_s);
    m_rootfsGz = fixture(u"rootfs.tar.gz"_s);
    m_rootfsZst = fixture(u"rootfs.tar.zst"_s);
    QVERIFY(rootfs.write(m_rootfsTar));
    QVERIFY(rootfs.write(m_rootfsGz, LayerBuilder::Compression::Gzip));
    QVERIFY(rootfs.write(m_rootfsZst, LayerBuilder::Compression::Zstd));

    // A busybox image in a real registry, pulled by podman (vfs storage of its own)
    // and saved in both archive formats.
    const QString podman = QStandardPaths::findExecutable(u"podman"_s);
    QVERIFY2(!podman.isEmpty(), "podman is not installed");
    RegistryServer registry;
    QVERIFY2(registry.start(), qPrintable(registry.errorString()));
    BaseImage base(registry.address());
    BaseImageSpec spec;
    spec.name = u"kiln/tarsource"_s;
    spec.files.insert(u"/etc/kiln-marker"_s, "from the docker archive test\n");
    QVERIFY2(base.build(spec), qPrintable(base.errorString()));
    const QString reference = base.pushed().reference;

    const QString storage = fixture(u"storage"_s);
    const QStringList common{
        u"--root"_s, storage + u"/root"_s,  u"--runroot"_s, storage + u"/run"_s,   u"--storage-driver"_s,
        u"vfs"_s,    u"--cgroup-manager"_s, u"cgroupfs"_s,  u"--events-backend"_s, u"none"_s};
    QCOMPARE(
        runTool(podman, common + QStringList{u"pull"_s, u"--quiet"_s, u"--tls-verify=false"_s, reference}),
        QString());
    m_dockerArchive = fixture(u"docker-archive.tar"_s);
    m_ociArchive = fixture(u"oci-archive.tar"_s);
    QCOMPARE(runTool(podman, common + QStringList{u"save"_s, u"--format"_s, u"docker-archive"_s, u"-o"_s,
                                                  m_dockerArchive, reference}),
             QString());
    QCOMPARE(runTool(podman, common + QStringList{u"save"_s, u"--format"_s, u"oci-archive"_s, u"-o"_s,
                                                  m_ociArchive, reference}),
             QString());
    // vfs storage is plain directories; remove it now (podman's own rmi is slower).
    QDir(storage).removeRecursively();
}

void tst_BakeTarSource::cleanupTestCase() {}

void tst_BakeTarSource::init()
{
    m_extract = std::make_unique<QTemporaryDir>();
    QVERIFY(m_extract->isValid());
}

QString tst_BakeTarSource::rewriteTar(const QString &from, const QString &to, const QStringList &drop,
                                      const QHash<QString, QByteArray> &replace)
{
    // New contents go through files (a layer is too big for an argument).
    QJsonObject replacements;
    int n = 0;
    for (auto it = replace.cbegin(); it != replace.cend(); ++it) {
        const QString file = fixture(u"replacement-%1"_s.arg(n++));
        if (!writeFile(file, it.value()))
            return u"cannot write "_s + file;
        replacements.insert(it.key(), file);
    }
    const QString script = uR"(
import io, json, sys, tarfile
src, dst, drop, repl = sys.argv[1], sys.argv[2], set(json.loads(sys.argv[3])), json.loads(sys.argv[4])
with tarfile.open(src) as i, tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as o:
    for m in i.getmembers():
        name = m.name[2:] if m.name.startswith("./") else m.name
        if name in drop:
            continue
        if name in repl:
            data = open(repl[name], "rb").read()
            m.size = len(data)
            o.addfile(m, io.BytesIO(data))
        else:
            o.addfile(m, i.extractfile(m) if m.isfile() else None)
)"_s;
    return runTool(
        u"python3"_s,
        {u"-c"_s, script, from, to,
         QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(drop)).toJson(QJsonDocument::Compact)),
         QString::fromUtf8(QJsonDocument(replacements).toJson(QJsonDocument::Compact))});
}

void tst_BakeTarSource::recognisesEachKind_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<BakeSourceKind>("kind");
    QTest::newRow("docker-archive") << u"docker-archive.tar"_s << BakeSourceKind::DockerArchive;
    QTest::newRow("oci-archive") << u"oci-archive.tar"_s << BakeSourceKind::OciArchive;
    QTest::newRow("rootfs") << u"rootfs.tar"_s << BakeSourceKind::RootfsTar;
    QTest::newRow("rootfs gzip") << u"rootfs.tar.gz"_s << BakeSourceKind::RootfsTar;
    QTest::newRow("rootfs zstd") << u"rootfs.tar.zst"_s << BakeSourceKind::RootfsTar;
}

void tst_BakeTarSource::recognisesEachKind()
{
    QFETCH(QString, file);
    QFETCH(BakeSourceKind, kind);
    const auto inspected = BakeTarSource::inspect(fixture(file));
    QVERIFY2(inspected.ok(), qPrintable(inspected.ok() ? QString() : inspected.error().message));
    QCOMPARE(inspected.value(), kind);
}

void tst_BakeTarSource::stopsScanningARootfsEarly()
{
    // etc/ first, then 4 MiB of data cut off in the middle: reading to the end fails,
    // so only a scan that stops at etc/ recognises it.
    LayerBuilder big;
    big.dir("etc").file("etc/os-release", "ID=kiln\n").file("blob", QByteArray(4 << 20, 'z'));
    const QString path = fixture(u"truncated-rootfs.tar"_s);
    QVERIFY(big.write(path));
    QVERIFY(QFile::resize(path, 2 << 20));
    const auto inspected = BakeTarSource::inspect(path);
    QVERIFY2(inspected.ok(), qPrintable(inspected.ok() ? QString() : inspected.error().message));
    QCOMPARE(inspected.value(), BakeSourceKind::RootfsTar);

    // Without a root file system name up front the scan goes on and meets the damage.
    LayerBuilder unknown;
    unknown.file("data/first", "x").file("data/blob", QByteArray(4 << 20, 'z')).file("data/last", "y");
    const QString cut = fixture(u"truncated-other.tar"_s);
    QVERIFY(unknown.write(cut));
    QVERIFY(QFile::resize(cut, 2 << 20));
    const auto damaged = BakeTarSource::inspect(cut);
    QVERIFY(!damaged.ok());
    QCOMPARE(damaged.error().code, BakeTarError::Code::Corrupt);
    QVERIFY2(damaged.error().message.contains(cut), qPrintable(damaged.error().message));
}

void tst_BakeTarSource::rejectsWhatIsNotATar_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<BakeTarError::Code>("code");
    QTest::addColumn<QString>("why");
    // We run as root, so a chmod 000 file would still be readable: the unreadable
    // cases are a directory and a FIFO (which would block a naive open) instead.
    QTest::newRow("missing") << u"no-such.tar"_s << BakeTarError::Code::NotFound << u"does not exist"_s;
    QTest::newRow("missing parent") << u"no-dir/x.tar"_s << BakeTarError::Code::NotFound
                                    << u"does not exist"_s;
    QTest::newRow("directory") << u"a-directory"_s << BakeTarError::Code::NotReadable << u"is a directory"_s;
    QTest::newRow("fifo") << u"a-fifo"_s << BakeTarError::Code::NotReadable << u"not a regular file"_s;
    QTest::newRow("empty") << u"empty.tar"_s << BakeTarError::Code::NotATar << u"is empty"_s;
    QTest::newRow("garbage") << u"garbage.tar"_s << BakeTarError::Code::NotATar << u"not a tar archive"_s;
    QTest::newRow("gzip of garbage") << u"garbage.tar.gz"_s << BakeTarError::Code::NotATar
                                     << u"not a tar archive"_s;
}

void tst_BakeTarSource::rejectsWhatIsNotATar()
{
    QFETCH(QString, file);
    QFETCH(BakeTarError::Code, code);
    QFETCH(QString, why);
    const QString path = fixture(file);
    if (file == u"a-directory"_s)
        QVERIFY(QDir().mkpath(path));
    if (file == u"a-fifo"_s && !QFileInfo::exists(path))
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
    if (file == u"empty.tar"_s)
        QVERIFY(writeFile(path, {}));
    QByteArray garbage(64 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 7919 + 13) % 251);
    if (file == u"garbage.tar"_s)
        QVERIFY(writeFile(path, garbage));
    if (file == u"garbage.tar.gz"_s)
        QVERIFY(writeFile(path, compressWithTool(garbage, LayerBuilder::Compression::Gzip)));

    const auto inspected = BakeTarSource::inspect(path);
    QVERIFY(!inspected.ok());
    QCOMPARE(inspected.error().code, code);
    QCOMPARE(inspected.error().path, path);
    QVERIFY2(inspected.error().message.contains(path), qPrintable(inspected.error().message));
    QVERIFY2(inspected.error().message.contains(why), qPrintable(inspected.error().message));
    // layersOf() checks the file the same way.
    const auto layers = BakeTarSource::layersOf(path, BakeSourceKind::RootfsTar, m_extract->path());
    if (code != BakeTarError::Code::NotATar) {
        QVERIFY(!layers.ok());
        QCOMPARE(layers.error().code, code);
    }
}

void tst_BakeTarSource::rootfsTarIsItsOwnLayer()
{
    const auto layers = BakeTarSource::layersOf(m_rootfsZst, BakeSourceKind::RootfsTar, m_extract->path());
    QVERIFY(layers.ok());
    QCOMPARE(layers->size(), 1);
    QCOMPARE(layers->first().path, m_rootfsZst);
    QVERIFY(layers->first().digest.isEmpty());
    QVERIFY(QDir(m_extract->path()).isEmpty()); // nothing copied
}

void tst_BakeTarSource::dockerArchiveGivesItsLayersInOrder()
{
    const auto layers =
        BakeTarSource::layersOf(m_dockerArchive, BakeSourceKind::DockerArchive, m_extract->path());
    QVERIFY2(layers.ok(), qPrintable(layers.ok() ? QString() : layers.error().message));

    // What manifest.json and the config say, read independently with GNU tar.
    QByteArray manifestJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_dockerArchive, u"manifest.json"_s}, 60000, &manifestJson),
             QString());
    const QJsonObject image = QJsonDocument::fromJson(manifestJson).array().first().toObject();
    const QJsonArray expected = image.value(u"Layers"_s).toArray();
    QByteArray configJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_dockerArchive, image.value(u"Config"_s).toString()}, 60000,
                     &configJson),
             QString());
    const QJsonArray diffIds = QJsonDocument::fromJson(configJson)
                                   .object()
                                   .value(u"rootfs"_s)
                                   .toObject()
                                   .value(u"diff_ids"_s)
                                   .toArray();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(layers->size(), expected.size());
    QStringList allMembers;
    for (qsizetype i = 0; i < layers->size(); ++i) {
        const LayerFile &layer = layers->at(i);
        QVERIFY2(layer.path.startsWith(m_extract->path()), qPrintable(layer.path));
        QCOMPARE(layer.digest, sha256Of(layer.path));
        QCOMPARE(layer.digest, diffIds.at(i).toString()); // podman writes them uncompressed
        allMembers += tarMembers(layer.path);
    }
    QVERIFY2(allMembers.contains(u"bin/busybox"_s) || allMembers.contains(u"./bin/busybox"_s),
             qPrintable(allMembers.join(u", "_s)));
    QVERIFY(allMembers.contains(u"etc/kiln-marker"_s) || allMembers.contains(u"./etc/kiln-marker"_s));
}

void tst_BakeTarSource::ociArchiveGivesVerifiedLayers()
{
    const auto layers = BakeTarSource::layersOf(m_ociArchive, BakeSourceKind::OciArchive, m_extract->path());
    QVERIFY2(layers.ok(), qPrintable(layers.ok() ? QString() : layers.error().message));

    // index.json -> manifest, by hand.
    QByteArray indexJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_ociArchive, u"index.json"_s}, 60000, &indexJson), QString());
    const QString manifestDigest = QJsonDocument::fromJson(indexJson)
                                       .object()
                                       .value(u"manifests"_s)
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(u"digest"_s)
                                       .toString();
    QByteArray manifestJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_ociArchive, u"blobs/sha256/"_s + manifestDigest.mid(7)}, 60000,
                     &manifestJson),
             QString());
    const QJsonArray expected = QJsonDocument::fromJson(manifestJson).object().value(u"layers"_s).toArray();
    QVERIFY(!expected.isEmpty());
    QCOMPARE(layers->size(), expected.size());
    QStringList allMembers;
    for (qsizetype i = 0; i < layers->size(); ++i) {
        const LayerFile &layer = layers->at(i);
        const QJsonObject descriptor = expected.at(i).toObject();
        QCOMPARE(layer.digest, descriptor.value(u"digest"_s).toString());
        QCOMPARE(layer.mediaType, descriptor.value(u"mediaType"_s).toString());
        QCOMPARE(QFileInfo(layer.path).size(), descriptor.value(u"size"_s).toInteger());
        QCOMPARE(sha256Of(layer.path), layer.digest);
        allMembers += tarMembers(layer.path);
    }
    QVERIFY2(allMembers.contains(u"bin/busybox"_s) || allMembers.contains(u"./bin/busybox"_s),
             qPrintable(allMembers.join(u", "_s)));
}

void tst_BakeTarSource::dockerArchiveWithAMissingLayer()
{
    QByteArray manifestJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_dockerArchive, u"manifest.json"_s}, 60000, &manifestJson),
             QString());
    const QString lastLayer = QJsonDocument::fromJson(manifestJson)
                                  .array()
                                  .first()
                                  .toObject()
                                  .value(u"Layers"_s)
                                  .toArray()
                                  .last()
                                  .toString();
    const QString broken = fixture(u"missing-layer.tar"_s);
    QCOMPARE(rewriteTar(m_dockerArchive, broken, {lastLayer}, {}), QString());
    QCOMPARE(BakeTarSource::inspect(broken).value(), BakeSourceKind::DockerArchive);

    const auto layers = BakeTarSource::layersOf(broken, BakeSourceKind::DockerArchive, m_extract->path());
    QVERIFY(!layers.ok());
    QCOMPARE(layers.error().code, BakeTarError::Code::MissingLayer);
    QVERIFY2(layers.error().message.contains(lastLayer), qPrintable(layers.error().message));
    QVERIFY2(layers.error().message.contains(broken), qPrintable(layers.error().message));

    // A manifest.json that is not JSON.
    const QString badJson = fixture(u"bad-manifest.tar"_s);
    QCOMPARE(rewriteTar(m_dockerArchive, badJson, {}, {{u"manifest.json"_s, "[{\"Layers\": ["}}), QString());
    const auto invalid = BakeTarSource::layersOf(badJson, BakeSourceKind::DockerArchive, m_extract->path());
    QVERIFY(!invalid.ok());
    QCOMPARE(invalid.error().code, BakeTarError::Code::Invalid);
    QVERIFY2(invalid.error().message.contains(u"manifest.json"_s), qPrintable(invalid.error().message));
}

void tst_BakeTarSource::dockerArchiveWithACorruptLayer()
{
    QByteArray manifestJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_dockerArchive, u"manifest.json"_s}, 60000, &manifestJson),
             QString());
    const QString layer = QJsonDocument::fromJson(manifestJson)
                              .array()
                              .first()
                              .toObject()
                              .value(u"Layers"_s)
                              .toArray()
                              .first()
                              .toString();
    LayerBuilder other;
    other.dir("etc").file("etc/evil", "not the layer the config names\n");
    const QString broken = fixture(u"corrupt-layer.tar"_s);
    QCOMPARE(rewriteTar(m_dockerArchive, broken, {}, {{layer, other.tar()}}), QString());
    const auto layers = BakeTarSource::layersOf(broken, BakeSourceKind::DockerArchive, m_extract->path());
    QVERIFY(!layers.ok());
    QCOMPARE(layers.error().code, BakeTarError::Code::Corrupt);
    QVERIFY2(layers.error().message.contains(u"diff_id"_s), qPrintable(layers.error().message));
}

void tst_BakeTarSource::ociArchiveWithACorruptBlob()
{
    const QStringList members = tarMembers(m_ociArchive);
    // The biggest blob is the busybox layer.
    QString layerMember;
    const auto layers = BakeTarSource::layersOf(m_ociArchive, BakeSourceKind::OciArchive, m_extract->path());
    QVERIFY(layers.ok());
    layerMember = u"blobs/sha256/"_s + layers->first().digest.mid(7);
    QVERIFY(members.contains(layerMember));
    QByteArray content = readFile(layers->first().path);
    content[content.size() / 2] = char(content.at(content.size() / 2) ^ 0x40);
    const QString broken = fixture(u"corrupt-blob.tar"_s);
    QCOMPARE(rewriteTar(m_ociArchive, broken, {}, {{layerMember, content}}), QString());
    QTemporaryDir extract;
    const auto corrupt = BakeTarSource::layersOf(broken, BakeSourceKind::OciArchive, extract.path());
    QVERIFY(!corrupt.ok());
    QCOMPARE(corrupt.error().code, BakeTarError::Code::Corrupt);
    QVERIFY2(corrupt.error().message.contains(layers->first().digest), qPrintable(corrupt.error().message));

    const QString missing = fixture(u"missing-blob.tar"_s);
    QCOMPARE(rewriteTar(m_ociArchive, missing, {layerMember}, {}), QString());
    const auto gone = BakeTarSource::layersOf(missing, BakeSourceKind::OciArchive, extract.path());
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, BakeTarError::Code::MissingLayer);
    QVERIFY2(gone.error().message.contains(layerMember), qPrintable(gone.error().message));
}

void tst_BakeTarSource::ociArchiveForAnotherPlatform()
{
    // An index whose only entry is for s390x (a platform this host is not).
    QByteArray indexJson;
    QCOMPARE(runTool(u"tar"_s, {u"-xOf"_s, m_ociArchive, u"index.json"_s}, 60000, &indexJson), QString());
    QJsonObject index = QJsonDocument::fromJson(indexJson).object();
    QJsonArray manifests = index.value(u"manifests"_s).toArray();
    QJsonObject entry = manifests.first().toObject();
    entry.insert(u"platform"_s, QJsonObject{{u"os"_s, u"linux"_s}, {u"architecture"_s, u"s390x"_s}});
    manifests[0] = entry;
    index.insert(u"manifests"_s, manifests);
    const QString foreign = fixture(u"foreign.tar"_s);
    QCOMPARE(rewriteTar(m_ociArchive, foreign, {}, {{u"index.json"_s, QJsonDocument(index).toJson()}}),
             QString());
    const auto layers = BakeTarSource::layersOf(foreign, BakeSourceKind::OciArchive, m_extract->path());
    QVERIFY(!layers.ok());
    QCOMPARE(layers.error().code, BakeTarError::Code::NoPlatform);
    QVERIFY2(layers.error().message.contains(u"linux/s390x"_s), qPrintable(layers.error().message));
    QVERIFY2(layers.error().message.contains(hostPlatform().toString()), qPrintable(layers.error().message));
}

void tst_BakeTarSource::cancelStopsExtraction()
{
    const std::atomic_bool cancelled{true};
    const auto layers = BakeTarSource::layersOf(m_dockerArchive, BakeSourceKind::DockerArchive,
                                                m_extract->path(), &cancelled);
    QVERIFY(!layers.ok());
    QCOMPARE(layers.error().code, BakeTarError::Code::Cancelled);
}

void tst_BakeTarSource::rootfsContentBytes()
{
    // etc/passwd and bin/hello; directories and the symlink hold no content.
    const qint64 files =
        QByteArray("root:x:0:0:root:/root:/bin/sh\n").size() + QByteArray("#!/bin/sh\necho hello\n").size();
    QCOMPARE(BakeTarSource::rootfsContentBytes(m_rootfsTar), files);
    QCOMPARE(BakeTarSource::rootfsContentBytes(m_rootfsGz), -1);
    QCOMPARE(BakeTarSource::rootfsContentBytes(m_rootfsZst), -1);
    QCOMPARE(BakeTarSource::rootfsContentBytes(fixture(u"no-such.tar"_s)), -1);

    // Hard links add no content, and a path written twice counts once (the last entry):
    // a tar much bigger than its content is not over a cap its content fits in.
    LayerBuilder links;
    links.file("data", QByteArray(100000, 'x'));
    for (int i = 0; i < 2000; ++i)
        links.hardlink("link-" + QByteArray::number(i), "data");
    links.file("twice", QByteArray(5000, 'a')).file("twice", QByteArray(7000, 'b'));
    links.file("gone", QByteArray(9000, 'c')).symlink("gone", "data");
    const QString tar = fixture(u"links.tar"_s);
    QVERIFY(links.write(tar));
    QVERIFY(QFileInfo(tar).size() > 1000000); // 2000 headers of 512 bytes
    QCOMPARE(BakeTarSource::rootfsContentBytes(tar), 100000 + 7000);
}

QTEST_GUILESS_MAIN(tst_BakeTarSource)
#include "tst_baketarsource.moc"
