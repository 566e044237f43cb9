#include "ocitesting.h"
#include "registrypush.h"
#include "registryserver.h"
#include "scriptedserver.h"

#include "bake/ociblobs.h"
#include "bake/ociclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

const QString kRepository = u"kiln/multi"_s;

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray data(size, Qt::Uninitialized);
    generator.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    return data;
}

QJsonObject descriptorJson(const QString &mediaType, const QByteArray &content)
{
    return QJsonObject{{u"mediaType"_s, mediaType},
                       {u"digest"_s, QString::fromLatin1(sha256Digest(content))},
                       {u"size"_s, content.size()}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Downloads `blob` (by its digest and size) from the repository a/b of `server` to
// `target`, with `attempts` tries and a `baseDelayMs` backoff.
Result<OciBlobFile, OciError> downloadFrom(const ScriptedServer &server, const QByteArray &blob,
                                           const QString &target, int attempts, int baseDelayMs,
                                           OciBlobs::Progress progress = {})
{
    OciClient client;
    client.setRetryPolicy(attempts, baseDelayMs);
    OciBlobs blobs(&client);
    return await(blobs.downloadBlob(plainEndpoint(server.address()), u"a/b"_s,
                                    QString::fromLatin1(sha256Digest(blob)), blob.size(), target,
                                    std::move(progress)));
}

} // namespace

class tst_OciBlobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void picksEachPlatformOfAnOciIndex();
    void followsADockerManifestList();
    void fetchesManifestByDigest();
    void namesPlatformsWhenNoneFits();
    void fetchesTheImageConfig();
    void downloadsAVerifiedBlob();
    void downloadsBlobsInParallel();
    void streamsIntoASink();

    void corruptBlobLeavesNoFile();
    void resumesWithRangeAfterADroppedConnection();
    void resumesWhenTheServerIgnoresRange();
    void givesUpWhenResumingMakesNoProgress();
    void rejectsAManifestWithTheWrongDigest();
    void unknownBlobIsNotFound();
    void cancelRemovesThePartialFile();
    void boundsParallelDownloads();
    void redirectsKeepCredentialsAtTheRegistry();

private:
    std::unique_ptr<RegistryServer> m_registry;
    QByteArray m_configAmd64;
    QByteArray m_configArm64;
    QList<QByteArray> m_layers;
    QByteArray m_manifestAmd64;
    QByteArray m_manifestArm64;
    QByteArray m_index;
    QByteArray m_dockerManifest;
    QByteArray m_dockerList;
};

void tst_OciBlobs::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(!RegistryServer::program().isEmpty(), "docker-registry is not installed");
    m_registry = std::make_unique<RegistryServer>();
    QVERIFY2(m_registry->start(), qPrintable(m_registry->errorString()));
    const QString address = m_registry->address();

    m_layers = {randomBytes(3 * 1024 * 1024 + 5, 1), randomBytes(1024 * 1024, 2), randomBytes(200 * 1024, 3),
                randomBytes(64 * 1024 + 1, 4)};
    for (const QByteArray &layer : std::as_const(m_layers))
        QCOMPARE(pushBlob(address, kRepository, layer), QString());

    auto config = [this](const QString &arch) {
        QJsonArray diffIds;
        for (const QByteArray &layer : std::as_const(m_layers))
            diffIds.append(QString::fromLatin1(sha256Digest(layer)));
        return compact(
            QJsonObject{{u"architecture"_s, arch},
                        {u"os"_s, u"linux"_s},
                        {u"config"_s, QJsonObject{{u"Env"_s, QJsonArray{u"PATH=/usr/local/bin:/usr/bin"_s}},
                                                  {u"Cmd"_s, QJsonArray{u"/bin/sh"_s}},
                                                  {u"WorkingDir"_s, u"/srv"_s},
                                                  {u"Labels"_s, QJsonObject{{u"org.kiln.arch"_s, arch}}}}},
                        {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, diffIds}}}});
    };
    m_configAmd64 = config(u"amd64"_s);
    m_configArm64 = config(u"arm64"_s);
    QCOMPARE(pushBlob(address, kRepository, m_configAmd64), QString());
    QCOMPARE(pushBlob(address, kRepository, m_configArm64), QString());

    auto manifest = [this](const QString &mediaType, const QString &configType, const QString &layerType,
                           const QByteArray &configBytes, int layers) {
        QJsonArray list;
        for (int i = 0; i < layers; ++i)
            list.append(descriptorJson(layerType, m_layers.at(i)));
        return compact(QJsonObject{{u"schemaVersion"_s, 2},
                                   {u"mediaType"_s, mediaType},
                                   {u"config"_s, descriptorJson(configType, configBytes)},
                                   {u"layers"_s, list}});
    };
    const QString ociLayer = u"application/vnd.oci.image.layer.v1.tar+gzip"_s;
    m_manifestAmd64 =
        manifest(OciMediaType::OciManifest, OciMediaType::OciConfig, ociLayer, m_configAmd64, 4);
    m_manifestArm64 =
        manifest(OciMediaType::OciManifest, OciMediaType::OciConfig, ociLayer, m_configArm64, 2);
    for (const QByteArray &m : {m_manifestAmd64, m_manifestArm64})
        QCOMPARE(pushManifest(address, kRepository, QString::fromLatin1(sha256Digest(m)),
                              QByteArray(OciMediaType::OciManifest.data()), m),
                 QString());

    auto entry = [](const QString &mediaType, const QByteArray &content, const QString &arch,
                    const QString &variant) {
        QJsonObject platform{{u"os"_s, u"linux"_s}, {u"architecture"_s, arch}};
        if (!variant.isEmpty())
            platform.insert(u"variant"_s, variant);
        QJsonObject object = descriptorJson(mediaType, content);
        object.insert(u"platform"_s, platform);
        return object;
    };
    m_index = compact(
        QJsonObject{{u"schemaVersion"_s, 2},
                    {u"mediaType"_s, QString(OciMediaType::OciIndex)},
                    {u"manifests"_s,
                     QJsonArray{entry(OciMediaType::OciManifest, m_manifestAmd64, u"amd64"_s, {}),
                                entry(OciMediaType::OciManifest, m_manifestArm64, u"arm64"_s, u"v8"_s)}}});
    QCOMPARE(
        pushManifest(address, kRepository, u"multi"_s, QByteArray(OciMediaType::OciIndex.data()), m_index),
        QString());

    // Docker schema 2: a manifest per platform and a manifest list.
    const QString dockerLayer = u"application/vnd.docker.image.rootfs.diff.tar.gzip"_s;
    m_dockerManifest =
        manifest(OciMediaType::DockerManifest, OciMediaType::DockerConfig, dockerLayer, m_configArm64, 2);
    QCOMPARE(pushManifest(address, kRepository, QString::fromLatin1(sha256Digest(m_dockerManifest)),
                          QByteArray(OciMediaType::DockerManifest.data()), m_dockerManifest),
             QString());
    const QByteArray dockerAmd64 =
        manifest(OciMediaType::DockerManifest, OciMediaType::DockerConfig, dockerLayer, m_configAmd64, 1);
    QCOMPARE(pushManifest(address, kRepository, u"docker-amd64"_s,
                          QByteArray(OciMediaType::DockerManifest.data()), dockerAmd64),
             QString());
    m_dockerList = compact(QJsonObject{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, QString(OciMediaType::DockerManifestList)},
        {u"manifests"_s,
         QJsonArray{entry(OciMediaType::DockerManifest, dockerAmd64, u"amd64"_s, {}),
                    entry(OciMediaType::DockerManifest, m_dockerManifest, u"arm64"_s, u"v8"_s)}}});
    QCOMPARE(pushManifest(address, kRepository, u"docker"_s,
                          QByteArray(OciMediaType::DockerManifestList.data()), m_dockerList),
             QString());
}

void tst_OciBlobs::picksEachPlatformOfAnOciIndex()
{
    OciClient client;
    OciBlobs blobs(&client);
    const auto endpoint = plainEndpoint(m_registry->address());

    const auto amd64 =
        await(blobs.manifest(endpoint, kRepository, u"multi"_s, *parsePlatform(u"linux/amd64"_s)));
    QVERIFY2(amd64.ok(), qPrintable(why(amd64)));
    QCOMPARE(amd64->manifest.digest, QString::fromLatin1(sha256Digest(m_manifestAmd64)));
    QCOMPARE(amd64->manifest.mediaType, QString(OciMediaType::OciManifest));
    QCOMPARE(amd64->manifest.layers.size(), 4);
    QCOMPARE(amd64->manifest.layers.at(0).size, m_layers.at(0).size());
    QCOMPARE(amd64->manifest.config.digest, QString::fromLatin1(sha256Digest(m_configAmd64)));
    QVERIFY(amd64->index.has_value());
    QCOMPARE(amd64->index->manifests.size(), 2);
    QCOMPARE(amd64->platform.toString(), u"linux/amd64"_s);
    // The registry's Docker-Content-Digest of the tag is the index's.
    QCOMPARE(amd64->registryDigest, QString::fromLatin1(sha256Digest(m_index)));
    QCOMPARE(amd64->index->digest, amd64->registryDigest);

    const auto arm64 =
        await(blobs.manifest(endpoint, kRepository, u"multi"_s, *parsePlatform(u"linux/arm64"_s)));
    QVERIFY2(arm64.ok(), qPrintable(why(arm64)));
    QCOMPARE(arm64->manifest.digest, QString::fromLatin1(sha256Digest(m_manifestArm64)));
    QCOMPARE(arm64->manifest.layers.size(), 2);
    QCOMPARE(arm64->platform.toString(), u"linux/arm64/v8"_s);

    // Not followed: the index itself.
    const auto document = await(blobs.document(endpoint, kRepository, u"multi"_s));
    QVERIFY2(document.ok(), qPrintable(why(document)));
    QVERIFY(std::holds_alternative<OciIndex>(document.value()));
    QCOMPARE(std::get<OciIndex>(document.value()).body, m_index);
}

void tst_OciBlobs::followsADockerManifestList()
{
    OciClient client;
    OciBlobs blobs(&client);
    const auto endpoint = plainEndpoint(m_registry->address());
    const auto document = await(blobs.document(endpoint, kRepository, u"docker"_s));
    QVERIFY2(document.ok(), qPrintable(why(document)));
    QCOMPARE(std::get<OciIndex>(document.value()).mediaType, QString(OciMediaType::DockerManifestList));

    const auto arm64 =
        await(blobs.manifest(endpoint, kRepository, u"docker"_s, *parsePlatform(u"aarch64"_s)));
    QVERIFY2(arm64.ok(), qPrintable(why(arm64)));
    QCOMPARE(arm64->manifest.mediaType, QString(OciMediaType::DockerManifest));
    QCOMPARE(arm64->manifest.digest, QString::fromLatin1(sha256Digest(m_dockerManifest)));
    QCOMPARE(arm64->manifest.config.mediaType, QString(OciMediaType::DockerConfig));
    QCOMPARE(arm64->manifest.layers.at(0).mediaType, u"application/vnd.docker.image.rootfs.diff.tar.gzip"_s);

    // A plain schema 2 manifest under a tag: no index.
    const auto single = await(blobs.manifest(endpoint, kRepository, u"docker-amd64"_s));
    QVERIFY2(single.ok(), qPrintable(why(single)));
    QVERIFY(!single->index);
    QCOMPARE(single->manifest.layers.size(), 1);
    QCOMPARE(single->registryDigest, single->manifest.digest);
}

void tst_OciBlobs::fetchesManifestByDigest()
{
    OciClient client;
    OciBlobs blobs(&client);
    const QString digest = QString::fromLatin1(sha256Digest(m_manifestArm64));
    const auto byDigest = await(blobs.manifest(plainEndpoint(m_registry->address()), kRepository, digest));
    QVERIFY2(byDigest.ok(), qPrintable(why(byDigest)));
    QCOMPARE(byDigest->manifest.digest, digest);
    QCOMPARE(byDigest->manifest.body, m_manifestArm64);
    QCOMPARE(byDigest->registryDigest, digest);
    QCOMPARE(byDigest->reference, digest);

    const auto invalid =
        await(blobs.manifest(plainEndpoint(m_registry->address()), kRepository, u"bad tag!"_s));
    QVERIFY(!invalid.ok());
    QCOMPARE(invalid.error().message, u"'bad tag!' is neither a tag nor a sha256/sha512 digest"_s);
    const auto missing = await(blobs.manifest(plainEndpoint(m_registry->address()), kRepository, u"nope"_s));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, OciError::Code::NotFound);
    QVERIFY2(missing.error().message.contains(u"/v2/kiln/multi/manifests/nope"_s),
             qPrintable(missing.error().message));
}

void tst_OciBlobs::namesPlatformsWhenNoneFits()
{
    OciClient client;
    OciBlobs blobs(&client);
    const auto none = await(blobs.manifest(plainEndpoint(m_registry->address()), kRepository, u"multi"_s,
                                           *parsePlatform(u"riscv64"_s)));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, OciError::Code::NotFound);
    QCOMPARE(none.error().message,
             u"%1/kiln/multi:multi has no image for linux/riscv64 (it has: linux/amd64, "
             "linux/arm64/v8)"_s.arg(m_registry->address()));
}

void tst_OciBlobs::fetchesTheImageConfig()
{
    OciClient client;
    OciBlobs blobs(&client);
    const auto endpoint = plainEndpoint(m_registry->address());
    const auto image = await(blobs.manifest(endpoint, kRepository, u"multi"_s, *parsePlatform(u"arm64"_s)));
    QVERIFY2(image.ok(), qPrintable(why(image)));
    const auto config = await(blobs.imageConfig(endpoint, kRepository, image->manifest.config));
    QVERIFY2(config.ok(), qPrintable(why(config)));
    QCOMPARE(config->architecture, u"arm64"_s);
    QCOMPARE(config->os, u"linux"_s);
    QCOMPARE(config->env, QStringList{u"PATH=/usr/local/bin:/usr/bin"_s});
    QCOMPARE(config->cmd, QStringList{u"/bin/sh"_s});
    QCOMPARE(config->workingDir, u"/srv"_s);
    QCOMPARE(config->labels.value(u"org.kiln.arch"_s), u"arm64"_s);
    QCOMPARE(config->diffIds.size(), m_layers.size());
    QCOMPARE(config->diffIds.at(0), QString::fromLatin1(sha256Digest(m_layers.at(0))));

    OciDescriptor wrongSize = image->manifest.config;
    wrongSize.size += 1;
    const auto mismatch = await(blobs.imageConfig(endpoint, kRepository, wrongSize));
    QVERIFY(!mismatch.ok());
    QVERIFY2(mismatch.error().message.contains(
                 u"it has %1 bytes, the manifest says %2"_s.arg(m_configArm64.size()).arg(wrongSize.size)),
             qPrintable(mismatch.error().message));
}

void tst_OciBlobs::downloadsAVerifiedBlob()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    const QByteArray &layer = m_layers.at(0);
    const QString target = dir.filePath(u"layer.tar.gz"_s);
    qint64 lastDone = 0;
    qint64 lastTotal = 0;
    int reports = 0;
    const auto file = await(blobs.downloadBlob(plainEndpoint(m_registry->address()), kRepository,
                                               QString::fromLatin1(sha256Digest(layer)), layer.size(), target,
                                               [&](qint64 done, qint64 total) {
                                                   QVERIFY(done >= lastDone);
                                                   lastDone = done;
                                                   lastTotal = total;
                                                   ++reports;
                                               }));
    QVERIFY2(file.ok(), qPrintable(why(file)));
    QCOMPARE(file->path, target);
    QCOMPARE(file->size, layer.size());
    QCOMPARE(file->resumed, 0);
    QCOMPARE(readFile(target), layer);
    QVERIFY(!QFile::exists(target + u".partial"_s));
    QCOMPARE(lastDone, layer.size());
    QCOMPARE(lastTotal, layer.size());
    QVERIFY(reports >= 1);
}

void tst_OciBlobs::downloadsBlobsInParallel()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    QList<OciDescriptor> list;
    qint64 total = 0;
    for (const QByteArray &layer : std::as_const(m_layers)) {
        OciDescriptor d;
        d.mediaType = u"application/vnd.oci.image.layer.v1.tar+gzip"_s;
        d.digest = QString::fromLatin1(sha256Digest(layer));
        d.size = layer.size();
        list.append(d);
        total += layer.size();
    }
    list.append(list.at(1)); // the same blob twice is fetched once
    qint64 lastDone = 0;
    qint64 lastTotal = 0;
    const QString directory = dir.filePath(u"blobs"_s);
    const auto files = await(blobs.downloadBlobs(plainEndpoint(m_registry->address()), kRepository, list,
                                                 directory, 2, [&](qint64 done, qint64 all) {
                                                     lastDone = done;
                                                     lastTotal = all;
                                                 }));
    QVERIFY2(files.ok(), qPrintable(why(files)));
    QCOMPARE(files->size(), list.size());
    for (int i = 0; i < m_layers.size(); ++i) {
        const OciBlobFile &file = files->at(i);
        QCOMPARE(file.digest, list.at(i).digest);
        QCOMPARE(QFileInfo(file.path).fileName(), u"sha256-"_s + list.at(i).digest.mid(7));
        QCOMPARE(readFile(file.path), m_layers.at(i));
    }
    QCOMPARE(files->at(4).path, files->at(1).path);
    QCOMPARE(lastDone, total);
    QCOMPARE(lastTotal, total);
    QCOMPARE(QDir(directory).entryList(QDir::Files).size(), m_layers.size()); // no .partial left
}

void tst_OciBlobs::streamsIntoASink()
{
    OciClient client;
    OciBlobs blobs(&client);
    const QByteArray &layer = m_layers.at(2);
    QByteArray received;
    const auto streamed = await(blobs.streamBlob(
        plainEndpoint(m_registry->address()), kRepository, QString::fromLatin1(sha256Digest(layer)),
        layer.size(), [&received](QByteArrayView chunk) -> std::optional<OciError> {
            received.append(chunk);
            return std::nullopt;
        }));
    QVERIFY2(streamed.ok(), qPrintable(why(streamed)));
    QCOMPARE(received, layer);
    QCOMPARE(streamed->size, layer.size());

    // A sink that fails stops the transfer with its error.
    const auto refused = await(blobs.streamBlob(
        plainEndpoint(m_registry->address()), kRepository, QString::fromLatin1(sha256Digest(layer)),
        layer.size(), [](QByteArrayView) -> std::optional<OciError> {
            return OciError{OciError::Code::Protocol, u"disk full"_s, 0};
        }));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message, u"disk full"_s);
}

void tst_OciBlobs::corruptBlobLeavesNoFile()
{
    const QByteArray good = randomBytes(100000, 11);
    QByteArray bad = good;
    bad[5000] = char(bad.at(5000) ^ 0x5a);
    ScriptedServer server([&bad](int, const QByteArray &, QTcpSocket *socket) {
        socket->write(ScriptedServer::head("200 OK", bad.size()) + bad);
        socket->disconnectFromHost();
    });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    const QString expected = QString::fromLatin1(sha256Digest(good));
    const QString target = dir.filePath(u"blob"_s);
    const auto file =
        await(blobs.downloadBlob(plainEndpoint(server.address()), u"a/b"_s, expected, good.size(), target));
    QVERIFY(!file.ok());
    QCOMPARE(file.error().code, OciError::Code::Protocol);
    QCOMPARE(file.error().message, u"the blob %1/a/b@%2 is corrupt: expected digest %2, got %3"_s.arg(
                                       server.address(), expected, QString::fromLatin1(sha256Digest(bad))));
    QVERIFY(!QFile::exists(target));
    QVERIFY(!QFile::exists(target + u".partial"_s));
    QCOMPARE(server.heads().size(), 1); // a corrupt blob is not fetched again
    QVERIFY(
        server.heads().at(0).startsWith(QByteArray("GET /v2/a/b/blobs/" + sha256Digest(good) + " HTTP/1.1")));
}

void tst_OciBlobs::resumesWithRangeAfterADroppedConnection()
{
    const QByteArray blob = randomBytes(300000, 12);
    const qint64 cut = 123457;
    ScriptedServer *serverPtr = nullptr;
    ScriptedServer server([&](int index, const QByteArray &, QTcpSocket *socket) {
        if (index == 0) {
            // The whole length announced, part of it sent, then the connection closes.
            socket->write(ScriptedServer::head("200 OK", blob.size()) + blob.left(cut));
            socket->disconnectFromHost();
            return;
        }
        const QByteArray range = serverPtr->header(index, "Range");
        const qint64 from = range.startsWith("bytes=") ? range.mid(6).chopped(1).toLongLong() : 0;
        socket->write(ScriptedServer::head("206 Partial Content", blob.size() - from,
                                           "Content-Range: bytes " + QByteArray::number(from) + '-' +
                                               QByteArray::number(blob.size() - 1) + '/' +
                                               QByteArray::number(blob.size()) + "\r\n") +
                      blob.mid(from));
        socket->disconnectFromHost();
    });
    serverPtr = &server;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(u"blob"_s);
    const auto file = downloadFrom(server, blob, target, 3, 50);
    QVERIFY2(file.ok(), qPrintable(why(file)));
    QCOMPARE(file->resumed, 1);
    QCOMPARE(readFile(target), blob);
    QVERIFY(!QFile::exists(target + u".partial"_s));
    QCOMPARE(server.heads().size(), 2);
    QCOMPARE(server.header(0, "Range"), QByteArray());
    QCOMPARE(server.header(1, "Range"), "bytes=" + QByteArray::number(cut) + '-');
}

void tst_OciBlobs::resumesWhenTheServerIgnoresRange()
{
    const QByteArray blob = randomBytes(200000, 13);
    ScriptedServer server([&blob](int index, const QByteArray &, QTcpSocket *socket) {
        // Every answer is the whole blob; the first breaks off.
        socket->write(ScriptedServer::head("200 OK", blob.size()) + (index == 0 ? blob.left(70001) : blob));
        socket->disconnectFromHost();
    });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(u"blob"_s);
    qint64 lastDone = 0;
    const auto file = downloadFrom(server, blob, target, 3, 50, [&lastDone](qint64 done, qint64) {
        QVERIFY(done >= lastDone); // never counts twice
        lastDone = done;
    });
    QVERIFY2(file.ok(), qPrintable(why(file)));
    QCOMPARE(readFile(target), blob);
    QCOMPARE(lastDone, blob.size());
    QCOMPARE(server.header(1, "Range"), QByteArray("bytes=70001-"));
}

void tst_OciBlobs::givesUpWhenResumingMakesNoProgress()
{
    const QByteArray blob = randomBytes(20000, 15);
    // Always the same first 5000 bytes of a 200, then the connection breaks.
    ScriptedServer server([&blob](int, const QByteArray &, QTcpSocket *socket) {
        socket->write(ScriptedServer::head("200 OK", blob.size()) + blob.left(5000));
        socket->disconnectFromHost();
    });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(u"blob"_s);
    const auto file = downloadFrom(server, blob, target, 3, 20);
    QVERIFY(!file.ok());
    QCOMPARE(file.error().code, OciError::Code::Network);
    // The first try made progress (a fresh start for the second); the next three did not.
    QCOMPARE(server.heads().size(), 4);
    QCOMPARE(server.header(3, "Range"), QByteArray("bytes=5000-"));
    QVERIFY(!QFile::exists(target + u".partial"_s));
}

void tst_OciBlobs::rejectsAManifestWithTheWrongDigest()
{
    const QByteArray body = m_manifestAmd64;
    const QString asked = QString::fromLatin1(sha256Digest(m_manifestArm64));
    ScriptedServer server([&body](int, const QByteArray &, QTcpSocket *socket) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oci.image.manifest.v1+json\r\n"
                      "Content-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    });
    OciClient client;
    OciBlobs blobs(&client);
    const auto image = await(blobs.manifest(plainEndpoint(server.address()), u"a/b"_s, asked));
    QVERIFY(!image.ok());
    QCOMPARE(image.error().code, OciError::Code::Protocol);
    QCOMPARE(
        image.error().message,
        u"the manifest of %1/a/b@%2 is unusable: its content has the digest %3, not the one asked for"_s.arg(
            server.address(), asked, QString::fromLatin1(sha256Digest(body))));
    QVERIFY(server.header(0, "Accept").contains("application/vnd.oci.image.index.v1+json"));

    // A body that is not JSON names the offset.
    ScriptedServer garbage([](int, const QByteArray &, QTcpSocket *socket) {
        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{\"config\": x");
        socket->disconnectFromHost();
    });
    const auto broken = await(blobs.manifest(plainEndpoint(garbage.address()), u"a/b"_s, u"latest"_s));
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().message.startsWith(
                 u"the manifest of %1/a/b:latest is unusable: not JSON: "_s.arg(garbage.address())),
             qPrintable(broken.error().message));
    QVERIFY2(broken.error().message.contains(u"at offset 11"_s), qPrintable(broken.error().message));
}

void tst_OciBlobs::unknownBlobIsNotFound()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    const QString digest = u"sha256:"_s + QString(64, u'e');
    const QString target = dir.filePath(u"blob"_s);
    const auto file =
        await(blobs.downloadBlob(plainEndpoint(m_registry->address()), kRepository, digest, 10, target));
    QVERIFY(!file.ok());
    QCOMPARE(file.error().code, OciError::Code::NotFound);
    QVERIFY(!QFile::exists(target + u".partial"_s));
    QVERIFY(!QFile::exists(target));
}

void tst_OciBlobs::cancelRemovesThePartialFile()
{
    const QByteArray blob = randomBytes(100000, 14);
    // Sends a part and then nothing more: the download hangs until cancelled.
    ScriptedServer server([&blob](int, const QByteArray &, QTcpSocket *socket) {
        socket->write(ScriptedServer::head("200 OK", blob.size()) + blob.left(1000));
    });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    const QString target = dir.filePath(u"blob"_s);
    qint64 received = 0;
    auto future =
        blobs.downloadBlob(plainEndpoint(server.address()), u"a/b"_s, QString::fromLatin1(sha256Digest(blob)),
                           blob.size(), target, [&received](qint64 done, qint64) { received = done; });
    QTRY_COMPARE_WITH_TIMEOUT(received, 1000, 10000);
    QVERIFY(QFile::exists(target + u".partial"_s));
    future.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(target + u".partial"_s), 5000);
    QVERIFY(future.isCanceled());
    QVERIFY(!QFile::exists(target));

    // cancelAll() ends a download with Code::Cancelled.
    received = 0;
    auto second =
        blobs.downloadBlob(plainEndpoint(server.address()), u"a/b"_s, QString::fromLatin1(sha256Digest(blob)),
                           blob.size(), target, [&received](qint64 done, qint64) { received = done; });
    QTRY_COMPARE_WITH_TIMEOUT(received, 1000, 10000);
    client.cancelAll();
    const auto cancelled = await(second, 5000);
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().code, OciError::Code::Cancelled);
    QVERIFY(!QFile::exists(target + u".partial"_s));
}

void tst_OciBlobs::boundsParallelDownloads()
{
    // Each blob is answered 300 ms after it is asked for: the peak of requests
    // waiting at once shows how many downloads ran side by side.
    QList<QByteArray> contents;
    for (quint32 i = 0; i < 5; ++i)
        contents.append(randomBytes(50000 + i, 20 + i));
    int waiting = 0;
    int peak = 0;
    ScriptedServer server([&](int, const QByteArray &head, QTcpSocket *socket) {
        const QByteArray digest = head.split(' ').value(1).split('/').last();
        ++waiting;
        peak = qMax(peak, waiting);
        QTimer::singleShot(300, socket, [&, socket, digest] {
            --waiting;
            for (const QByteArray &content : std::as_const(contents)) {
                if (sha256Digest(content) == digest)
                    socket->write(ScriptedServer::head("200 OK", content.size()) + content);
            }
            socket->disconnectFromHost();
        });
    });
    QList<OciDescriptor> list;
    for (const QByteArray &content : std::as_const(contents))
        list.append(OciDescriptor{u"application/octet-stream"_s,
                                  QString::fromLatin1(sha256Digest(content)),
                                  content.size(),
                                  {},
                                  {},
                                  std::nullopt,
                                  {}});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    const auto files =
        await(blobs.downloadBlobs(plainEndpoint(server.address()), u"a/b"_s, list, dir.path(), 2));
    QVERIFY2(files.ok(), qPrintable(why(files)));
    QCOMPARE(server.heads().size(), 5);
    QCOMPARE(peak, 2);
    for (int i = 0; i < contents.size(); ++i)
        QCOMPARE(readFile(files->at(i).path), contents.at(i));

    // The first failure ends them all and is the result.
    list.append(OciDescriptor{
        u"application/octet-stream"_s, u"sha256:"_s + QString(64, u'f'), 10, {}, {}, std::nullopt, {}});
    list.move(5, 0);
    const auto failed =
        await(blobs.downloadBlobs(plainEndpoint(server.address()), u"a/b"_s, list, dir.path(), 2));
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error().message.startsWith(u"%1 closed the connection before answering "
                                               "/v2/a/b/blobs/sha256:ffff"_s.arg(server.address())),
             qPrintable(failed.error().message));
    QCOMPARE(QDir(dir.path()).entryList({u"*.partial"_s}, QDir::Files), QStringList());
}

void tst_OciBlobs::redirectsKeepCredentialsAtTheRegistry()
{
    const QByteArray blob = randomBytes(40000, 30);
    ScriptedServer storage([&blob](int, const QByteArray &, QTcpSocket *socket) {
        socket->write(ScriptedServer::head("200 OK", blob.size()) + blob);
        socket->disconnectFromHost();
    });
    ScriptedServer registry([&](int index, const QByteArray &, QTcpSocket *socket) {
        if (index == 0) {
            socket->write("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"kiln\"\r\n"
                          "Content-Length: 0\r\nConnection: close\r\n\r\n");
        } else {
            socket->write("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://" +
                          storage.address().toLatin1() +
                          "/store/blob?signature=abc\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
        socket->disconnectFromHost();
    });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    OciClient client;
    OciBlobs blobs(&client);
    OciEndpoint endpoint = plainEndpoint(registry.address());
    endpoint.basic = std::pair{u"kiln"_s, u"kiln-secret-4711"_s};
    const auto file = await(blobs.downloadBlob(endpoint, u"a/b"_s, QString::fromLatin1(sha256Digest(blob)),
                                               blob.size(), dir.filePath(u"blob"_s)));
    QVERIFY2(file.ok(), qPrintable(why(file)));
    QCOMPARE(readFile(file->path), blob);
    QCOMPARE(registry.heads().size(), 2);
    QVERIFY(registry.header(1, "Authorization").startsWith("Basic "));
    QCOMPARE(storage.heads().size(), 1);
    QVERIFY(storage.heads().at(0).startsWith("GET /store/blob?signature=abc HTTP/1.1"));
    QCOMPARE(storage.header(0, "Authorization"), QByteArray());
    QCOMPARE(storage.header(0, "Accept-Encoding"), QByteArray("identity"));
}

QTEST_GUILESS_MAIN(tst_OciBlobs)
#include "tst_ociblobs.moc"
