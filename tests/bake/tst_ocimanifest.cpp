#include "ocitesting.h"

#include "bake/ocimanifest.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kiln;
using namespace KilnTest;

namespace {

const QString kDigestA = u"sha256:"_s + QString(64, u'a');
const QString kDigestB = u"sha256:"_s + QString(64, u'b');
const QString kDigestC = u"sha256:"_s + QString(64, u'c');

QJsonObject descriptor(const QString &mediaType, const QString &digest, qint64 size)
{
    return QJsonObject{{u"mediaType"_s, mediaType}, {u"digest"_s, digest}, {u"size"_s, size}};
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject ociManifest()
{
    return QJsonObject{
        {u"schemaVersion"_s, 2},
        {u"mediaType"_s, QString(OciMediaType::OciManifest)},
        {u"config"_s, descriptor(OciMediaType::OciConfig, kDigestA, 1234)},
        {u"layers"_s,
         QJsonArray{descriptor(u"application/vnd.oci.image.layer.v1.tar+gzip"_s, kDigestB, 1000),
                    descriptor(u"application/vnd.oci.image.layer.v1.tar+zstd"_s, kDigestC, 2000)}},
        {u"annotations"_s, QJsonObject{{u"org.opencontainers.image.title"_s, u"kiln"_s}}},
    };
}

QJsonObject platformEntry(const QString &platform, const QString &digest,
                          const QString &mediaType = QString(OciMediaType::OciManifest))
{
    QJsonObject entry = descriptor(mediaType, digest, 500);
    const QStringList parts = platform.split(u'/');
    QJsonObject p{{u"os"_s, parts.value(0)}, {u"architecture"_s, parts.value(1)}};
    if (parts.size() > 2)
        p.insert(u"variant"_s, parts.at(2));
    entry.insert(u"platform"_s, p);
    return entry;
}

QJsonObject ociIndex()
{
    return QJsonObject{{u"schemaVersion"_s, 2},
                       {u"mediaType"_s, QString(OciMediaType::OciIndex)},
                       {u"manifests"_s, QJsonArray{platformEntry(u"linux/amd64"_s, kDigestA),
                                                   platformEntry(u"linux/arm64/v8"_s, kDigestB)}}};
}

template <typename F>
QByteArray edited(QJsonObject object, F edit)
{
    edit(object);
    return json(object);
}

} // namespace

class tst_OciManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesDocuments_data();
    void parsesDocuments();
    void readsManifestFields();
    void readsIndexFields();
    void parsesPlatforms_data();
    void parsesPlatforms();
    void hostPlatformIsLinuxAndThisCpu();
    void choosesPlatform_data();
    void choosesPlatform();
    void parsesImageConfig_data();
    void parsesImageConfig();
    void digests_data();
    void digests();
    void digesterIsIncremental();
    void acceptsAllFourMediaTypes();
};

void tst_OciManifest::parsesDocuments_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("kind"); // "manifest", "index" or "" (an error)
    QTest::addColumn<QString>("mediaTypeOrError");

    const QJsonObject manifest = ociManifest();
    QTest::newRow("oci manifest") << json(manifest) << QString() << u"manifest"_s
                                  << QString(OciMediaType::OciManifest);
    QTest::newRow("docker manifest") << edited(manifest, [](QJsonObject &o) {
        o[u"mediaType"_s] = QString(OciMediaType::DockerManifest);
    }) << QString() << u"manifest"_s << QString(OciMediaType::DockerManifest);
    QTest::newRow("oci index") << json(ociIndex()) << QString() << u"index"_s
                               << QString(OciMediaType::OciIndex);
    QTest::newRow("docker list") << edited(ociIndex(), [](QJsonObject &o) {
        o[u"mediaType"_s] = QString(OciMediaType::DockerManifestList);
    }) << QString() << u"index"_s << QString(OciMediaType::DockerManifestList);
    QTest::newRow("type from header")
        << edited(manifest, [](QJsonObject &o) { o.remove(u"mediaType"_s); })
        << u"application/vnd.docker.distribution.manifest.v2+json; charset=utf-8"_s << u"manifest"_s
        << QString(OciMediaType::DockerManifest);
    QTest::newRow("index by shape") << edited(ociIndex(), [](QJsonObject &o) { o.remove(u"mediaType"_s); })
                                    << u"application/json"_s << u"index"_s << QString(OciMediaType::OciIndex);
    QTest::newRow("manifest by shape") << edited(manifest, [](QJsonObject &o) { o.remove(u"mediaType"_s); })
                                       << QString() << u"manifest"_s << QString(OciMediaType::OciManifest);

    QTest::newRow("bad json") << QByteArray(R"({"schemaVersion": 2, "mediaType": )") << QString() << QString()
                              << u"not JSON: unterminated object at offset 34"_s;
    QTest::newRow("array") << QByteArray("[]") << QString() << QString() << u"not a JSON object"_s;
    QTest::newRow("unknown type")
        << edited(manifest, [](QJsonObject &o) { o[u"mediaType"_s] = u"application/vnd.foo+json"_s; })
        << QString() << QString()
        << u"the media type 'application/vnd.foo+json' is neither an image manifest nor an index"_s;
    QTest::newRow("no type, no shape") << QByteArray(R"({"schemaVersion":2})") << QString() << QString()
                                       << u"neither a manifest nor an index"_s;
    QTest::newRow("schema 1") << QByteArray(R"({"schemaVersion":1,"name":"a","tag":"b","fsLayers":[]})")
                              << u"application/vnd.docker.distribution.manifest.v1+prettyjws"_s << QString()
                              << u"a Docker schema 1 manifest, which is not supported"_s;
    QTest::newRow("schema 3") << edited(manifest, [](QJsonObject &o) { o[u"schemaVersion"_s] = 3; })
                              << QString() << QString() << u"\"schemaVersion\" is 3, not 2"_s;
    QTest::newRow("no schema") << edited(manifest, [](QJsonObject &o) { o.remove(u"schemaVersion"_s); })
                               << QString() << QString() << u"\"schemaVersion\" is missing"_s;
    QTest::newRow("no config") << edited(manifest, [](QJsonObject &o) { o.remove(u"config"_s); }) << QString()
                               << QString() << u"\"config\" is missing"_s;
    QTest::newRow("no layers") << edited(manifest, [](QJsonObject &o) { o.remove(u"layers"_s); }) << QString()
                               << QString() << u"\"layers\" is missing"_s;
    QTest::newRow("bad layer digest") << edited(manifest, [](QJsonObject &o) {
        QJsonArray layers = o[u"layers"_s].toArray();
        QJsonObject second = layers.at(1).toObject();
        second[u"digest"_s] = u"sha256:XYZ"_s;
        layers[1] = second;
        o[u"layers"_s] = layers;
    }) << QString() << QString() << u"\"layers[1].digest\" is not a sha256 or sha512 digest: 'sha256:XYZ'"_s;
    QTest::newRow("negative size") << edited(manifest, [](QJsonObject &o) {
        o[u"config"_s] = descriptor(OciMediaType::OciConfig, kDigestA, -1);
    }) << QString() << QString() << u"\"config.size\" is not a size in bytes"_s;
    QTest::newRow("size as string") << edited(manifest, [](QJsonObject &o) {
        QJsonObject c = descriptor(OciMediaType::OciConfig, kDigestA, 1);
        c[u"size"_s] = u"12"_s;
        o[u"config"_s] = c;
    }) << QString() << QString() << u"\"config.size\" is not a size in bytes"_s;
    QTest::newRow("layer without media type") << edited(manifest, [](QJsonObject &o) {
        o[u"layers"_s] = QJsonArray{QJsonObject{{u"digest"_s, kDigestB}}};
    }) << QString() << QString() << u"\"layers[0].mediaType\" is missing"_s;
    QTest::newRow("platform without architecture") << edited(ociIndex(), [](QJsonObject &o) {
        QJsonObject entry = descriptor(OciMediaType::OciManifest, kDigestA, 1);
        entry[u"platform"_s] = QJsonObject{{u"os"_s, u"linux"_s}};
        o[u"manifests"_s] = QJsonArray{entry};
    }) << QString() << QString() << u"\"manifests[0].platform.architecture\" is missing"_s;
    QTest::newRow("annotation not a string") << edited(manifest, [](QJsonObject &o) {
        o[u"annotations"_s] = QJsonObject{{u"a"_s, 1}};
    }) << QString() << QString() << u"\"annotations.a\" holds a value that is not a string"_s;
}

void tst_OciManifest::parsesDocuments()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, contentType);
    QFETCH(QString, kind);
    QFETCH(QString, mediaTypeOrError);
    const auto parsed = parseManifestDocument(body, contentType);
    if (kind.isEmpty()) {
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, OciError::Code::Protocol);
        QVERIFY2(parsed.error().message.startsWith(mediaTypeOrError), qPrintable(why(parsed)));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(why(parsed)));
    if (kind == u"manifest"_s) {
        QVERIFY(std::holds_alternative<OciManifest>(parsed.value()));
        const auto &m = std::get<OciManifest>(parsed.value());
        QCOMPARE(m.mediaType, mediaTypeOrError);
        QCOMPARE(m.digest,
                 QString::fromLatin1("sha256:" +
                                     QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(m.body, body);
    } else {
        QVERIFY(std::holds_alternative<OciIndex>(parsed.value()));
        QCOMPARE(std::get<OciIndex>(parsed.value()).mediaType, mediaTypeOrError);
    }
}

void tst_OciManifest::readsManifestFields()
{
    const auto parsed = parseManifestDocument(json(ociManifest()));
    QVERIFY(parsed.ok());
    const auto &m = std::get<OciManifest>(parsed.value());
    QCOMPARE(m.config.mediaType, QString(OciMediaType::OciConfig));
    QCOMPARE(m.config.digest, kDigestA);
    QCOMPARE(m.config.size, 1234);
    QCOMPARE(m.layers.size(), 2);
    QCOMPARE(m.layers.at(0).mediaType, u"application/vnd.oci.image.layer.v1.tar+gzip"_s);
    QCOMPARE(m.layers.at(1).digest, kDigestC);
    QCOMPARE(m.layers.at(1).size, 2000);
    QCOMPARE(m.totalLayerSize(), 3000);
    QCOMPARE(m.annotations.value(u"org.opencontainers.image.title"_s), u"kiln"_s);
}

void tst_OciManifest::readsIndexFields()
{
    QJsonObject index = ociIndex();
    QJsonArray entries = index[u"manifests"_s].toArray();
    QJsonObject arm = platformEntry(u"linux/arm/v7"_s, kDigestC);
    QJsonObject platform = arm[u"platform"_s].toObject();
    platform[u"os.version"_s] = u"10.0"_s;
    platform[u"os.features"_s] = QJsonArray{u"win32k"_s};
    arm[u"platform"_s] = platform;
    arm[u"annotations"_s] = QJsonObject{{u"x"_s, u"y"_s}};
    entries.append(arm);
    index[u"manifests"_s] = entries;
    const auto parsed = parseManifestDocument(json(index));
    QVERIFY(parsed.ok());
    const auto &i = std::get<OciIndex>(parsed.value());
    QCOMPARE(i.manifests.size(), 3);
    QCOMPARE(i.manifests.at(1).platform->toString(), u"linux/arm64/v8"_s);
    QCOMPARE(i.manifests.at(2).platform->variant, u"v7"_s);
    QCOMPARE(i.manifests.at(2).platform->osVersion, u"10.0"_s);
    QCOMPARE(i.manifests.at(2).platform->osFeatures, QStringList{u"win32k"_s});
    QCOMPARE(i.manifests.at(2).annotations.value(u"x"_s), u"y"_s);
    QCOMPARE(describePlatforms(i), u"linux/amd64, linux/arm64/v8, linux/arm/v7"_s);
}

void tst_OciManifest::parsesPlatforms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("platform"); // empty: invalid
    QTest::newRow("full") << u"linux/arm/v7"_s << u"linux/arm/v7"_s;
    QTest::newRow("arch only") << u"arm64"_s << u"linux/arm64"_s;
    QTest::newRow("uname") << u"x86_64"_s << u"linux/amd64"_s;
    QTest::newRow("debian armhf") << u"armhf"_s << u"linux/arm/v7"_s;
    QTest::newRow("debian armel") << u"linux/armel"_s << u"linux/arm/v6"_s;
    QTest::newRow("aarch64") << u"linux/aarch64"_s << u"linux/arm64"_s;
    QTest::newRow("upper case") << u"Linux/AMD64"_s << u"linux/amd64"_s;
    QTest::newRow("i686") << u"i686"_s << u"linux/386"_s;
    QTest::newRow("ppc64el") << u"linux/ppc64el"_s << u"linux/ppc64le"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("four parts") << u"a/b/c/d"_s << QString();
    QTest::newRow("empty part") << u"linux//v7"_s << QString();
    QTest::newRow("space") << u"linux/arm 64"_s << QString();
}

void tst_OciManifest::parsesPlatforms()
{
    QFETCH(QString, text);
    QFETCH(QString, platform);
    const auto parsed = parsePlatform(text);
    QCOMPARE(parsed.has_value(), !platform.isEmpty());
    if (parsed)
        QCOMPARE(parsed->toString(), platform);
}

void tst_OciManifest::hostPlatformIsLinuxAndThisCpu()
{
    const OciPlatform host = hostPlatform();
    QCOMPARE(host.os, u"linux"_s);
    const QString cpu = QSysInfo::currentCpuArchitecture();
    if (cpu == u"x86_64"_s)
        QCOMPARE(host.toString(), u"linux/amd64"_s);
    else if (cpu == u"arm64"_s)
        QCOMPARE(host.toString(), u"linux/arm64/v8"_s);
    else
        QVERIFY(!host.architecture.isEmpty());
}

void tst_OciManifest::choosesPlatform_data()
{
    // Entries: "os/arch[/variant]", "-" (no platform), "att:os/arch" (an attestation
    // manifest), "idx:os/arch" (a nested index), "blob:os/arch" (not a manifest).
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<int>("chosen"); // -1: none

    const QStringList common{u"linux/amd64"_s, u"linux/arm64/v8"_s, u"linux/arm/v7"_s, u"linux/arm/v6"_s,
                             u"windows/amd64"_s};
    QTest::newRow("amd64") << common << u"linux/amd64"_s << 0;
    QTest::newRow("arm64") << common << u"linux/arm64/v8"_s << 1;
    QTest::newRow("arm64 without variant") << common << u"linux/arm64"_s << 1;
    QTest::newRow("aarch64 alias") << common << u"linux/aarch64"_s << 1;
    QTest::newRow("arm v7") << common << u"linux/arm/v7"_s << 2;
    QTest::newRow("arm without variant means v7") << common << u"linux/arm"_s << 2;
    QTest::newRow("arm v6") << common << u"linux/arm/v6"_s << 3;
    QTest::newRow("arm v8 runs v7 first") << common << u"linux/arm/v8"_s << 2;
    QTest::newRow("arm v5 runs none") << common << u"linux/arm/v5"_s << -1;
    QTest::newRow("windows") << common << u"windows/amd64"_s << 4;
    QTest::newRow("riscv64") << common << u"linux/riscv64"_s << -1;
    QTest::newRow("entry without variant")
        << QStringList{u"linux/arm"_s, u"linux/arm64"_s} << u"linux/arm64/v8"_s << 1;
    QTest::newRow("arm entry without variant runs on v7")
        << QStringList{u"linux/arm"_s} << u"linux/arm/v7"_s << 0;
    QTest::newRow("exact beats variantless")
        << QStringList{u"linux/arm"_s, u"linux/arm/v7"_s} << u"linux/arm/v7"_s << 1;
    QTest::newRow("arm64 v9 is not v8") << QStringList{u"linux/arm64/v9"_s} << u"linux/arm64"_s << -1;
    QTest::newRow("amd64 v3 host runs v2")
        << QStringList{u"linux/amd64/v2"_s, u"linux/arm64"_s} << u"linux/amd64/v3"_s << 0;
    QTest::newRow("amd64 v1 host skips v3") << QStringList{u"linux/amd64/v3"_s} << u"linux/amd64"_s << -1;
    QTest::newRow("attestations are skipped")
        << QStringList{u"att:unknown/unknown"_s, u"att:linux/amd64"_s, u"linux/amd64"_s} << u"linux/amd64"_s
        << 2;
    QTest::newRow("not a manifest") << QStringList{u"blob:linux/amd64"_s} << u"linux/amd64"_s << -1;
    QTest::newRow("nested index") << QStringList{u"idx:linux/amd64"_s} << u"linux/amd64"_s << 0;
    QTest::newRow("no platform as last resort")
        << QStringList{u"-"_s, u"linux/arm64"_s} << u"linux/amd64"_s << 0;
    QTest::newRow("platform beats none") << QStringList{u"-"_s, u"linux/amd64"_s} << u"linux/amd64"_s << 1;
    QTest::newRow("first of equals") << QStringList{u"linux/amd64"_s, u"linux/amd64"_s} << u"linux/amd64"_s
                                     << 0;
    QTest::newRow("empty index") << QStringList() << u"linux/amd64"_s << -1;
}

void tst_OciManifest::choosesPlatform()
{
    QFETCH(QStringList, entries);
    QFETCH(QString, wanted);
    QFETCH(int, chosen);
    OciIndex index;
    index.mediaType = OciMediaType::OciIndex;
    for (const QString &entry : entries) {
        OciDescriptor d;
        d.mediaType = OciMediaType::OciManifest;
        d.digest = kDigestA;
        QString platform = entry;
        if (platform.startsWith(u"att:"_s)) {
            d.annotations.insert(u"vnd.docker.reference.type"_s, u"attestation-manifest"_s);
            platform = platform.mid(4);
        } else if (platform.startsWith(u"idx:"_s)) {
            d.mediaType = OciMediaType::DockerManifestList;
            platform = platform.mid(4);
        } else if (platform.startsWith(u"blob:"_s)) {
            d.mediaType = u"application/vnd.oci.image.layer.v1.tar"_s;
            platform = platform.mid(5);
        }
        if (platform != u"-"_s) {
            const QStringList parts = platform.split(u'/');
            d.platform = OciPlatform{parts.at(0), parts.at(1), parts.value(2), {}, {}};
        }
        index.manifests.append(d);
    }
    const auto parsedWanted = parsePlatform(wanted);
    QVERIFY(parsedWanted);
    const auto result = choosePlatform(index, *parsedWanted);
    QCOMPARE(result ? int(*result) : -1, chosen);
}

void tst_OciManifest::parsesImageConfig_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // empty: valid

    const QString diff = u"sha256:"_s + QString(64, u'd');
    const QJsonObject full{
        {u"architecture"_s, u"arm64"_s},
        {u"os"_s, u"linux"_s},
        {u"variant"_s, u"v8"_s},
        {u"created"_s, u"2024-05-01T10:00:00Z"_s},
        {u"config"_s, QJsonObject{{u"Env"_s, QJsonArray{u"PATH=/usr/bin"_s, u"LANG=C.UTF-8"_s}},
                                  {u"Cmd"_s, QJsonArray{u"bash"_s}},
                                  {u"Entrypoint"_s, QJsonArray{u"/init"_s, u"--"_s}},
                                  {u"WorkingDir"_s, u"/work"_s},
                                  {u"User"_s, u"1000:1000"_s},
                                  {u"Labels"_s, QJsonObject{{u"maintainer"_s, u"kiln"_s}}},
                                  {u"ExposedPorts"_s, QJsonObject{{u"8080/tcp"_s, QJsonObject()}}}}},
        {u"rootfs"_s, QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{diff, diff}}}},
    };
    QTest::newRow("full") << json(full) << QString();
    QTest::newRow("config null") << edited(full, [](QJsonObject &o) { o[u"config"_s] = QJsonValue::Null; })
                                 << QString();
    QTest::newRow("labels null") << edited(full, [](QJsonObject &o) {
        QJsonObject c = o[u"config"_s].toObject();
        c[u"Labels"_s] = QJsonValue::Null;
        c[u"Cmd"_s] = QJsonValue::Null;
        o[u"config"_s] = c;
    }) << QString();
    QTest::newRow("no os") << edited(full, [](QJsonObject &o) { o.remove(u"os"_s); })
                           << u"\"os\" is missing"_s;
    QTest::newRow("no rootfs") << edited(full, [](QJsonObject &o) { o.remove(u"rootfs"_s); })
                               << u"\"rootfs\" is missing"_s;
    QTest::newRow("no diff_ids") << edited(full, [](QJsonObject &o) {
        o[u"rootfs"_s] = QJsonObject{{u"type"_s, u"layers"_s}};
    }) << u"\"rootfs.diff_ids\" is missing"_s;
    QTest::newRow("bad diff id") << edited(full, [](QJsonObject &o) {
        o[u"rootfs"_s] = QJsonObject{{u"type"_s, u"layers"_s}, {u"diff_ids"_s, QJsonArray{u"x"_s}}};
    }) << u"\"rootfs.diff_ids[0]\" is not a sha256 or sha512 digest"_s;
    QTest::newRow("env not a list") << edited(full, [](QJsonObject &o) {
        o[u"config"_s] = QJsonObject{{u"Env"_s, u"A=1"_s}};
    }) << u"\"config.Env\" is not a list"_s;
    QTest::newRow("bad json") << QByteArray("{\"os\":") << u"not JSON: "_s;
}

void tst_OciManifest::parsesImageConfig()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    const auto parsed = parseImageConfig(body);
    if (!error.isEmpty()) {
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.startsWith(error), qPrintable(parsed.error().message));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(why(parsed)));
    QCOMPARE(parsed->architecture, u"arm64"_s);
    QCOMPARE(parsed->os, u"linux"_s);
    QCOMPARE(parsed->rootfsType, u"layers"_s);
    QCOMPARE(parsed->diffIds.size(), 2);
    QCOMPARE(
        parsed->digest,
        QString::fromLatin1("sha256:" + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex()));
    if (QTest::currentDataTag() == QByteArray("full")) {
        QCOMPARE(parsed->variant, u"v8"_s);
        QCOMPARE(parsed->env, QStringList({u"PATH=/usr/bin"_s, u"LANG=C.UTF-8"_s}));
        QCOMPARE(parsed->cmd, QStringList{u"bash"_s});
        QCOMPARE(parsed->entrypoint, QStringList({u"/init"_s, u"--"_s}));
        QCOMPARE(parsed->workingDir, u"/work"_s);
        QCOMPARE(parsed->user, u"1000:1000"_s);
        QCOMPARE(parsed->labels.value(u"maintainer"_s), u"kiln"_s);
        QCOMPARE(parsed->exposedPorts, QStringList{u"8080/tcp"_s});
    } else {
        QVERIFY(parsed->cmd.isEmpty());
        QVERIFY(parsed->labels.isEmpty());
    }
}

void tst_OciManifest::digests_data()
{
    QTest::addColumn<QString>("digest");
    QTest::addColumn<bool>("valid");
    QTest::newRow("sha256") << kDigestA << true;
    QTest::newRow("sha512") << u"sha512:"_s + QString(128, u'0') << true;
    QTest::newRow("upper hex") << u"sha256:"_s + QString(64, u'A') << false;
    QTest::newRow("short") << u"sha256:"_s + QString(63, u'a') << false;
    QTest::newRow("sha1") << u"sha1:"_s + QString(40, u'a') << false;
    QTest::newRow("no algorithm") << QString(64, u'a') << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_OciManifest::digests()
{
    QFETCH(QString, digest);
    QFETCH(bool, valid);
    QCOMPARE(isDigest(digest), valid);
    QCOMPARE(splitDigest(digest).has_value(), valid);
}

void tst_OciManifest::digesterIsIncremental()
{
    QCOMPARE(digestOf(QByteArray()),
             u"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s);
    QByteArray data;
    for (int i = 0; i < 100000; ++i)
        data.append(char(i * 7 + i / 13));
    const QString expected =
        QString::fromLatin1("sha256:" + QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
    QCOMPARE(digestOf(data), expected);
    OciDigester digester;
    QVERIFY(digester.isValid());
    for (qsizetype at = 0; at < data.size(); at += 777)
        digester.add(QByteArrayView(data).sliced(at, qMin<qsizetype>(777, data.size() - at)));
    QCOMPARE(digester.bytes(), data.size());
    QCOMPARE(digester.finish(), expected);
    QCOMPARE(digester.bytes(), 0); // reset
    OciDigester moved = std::move(digester);
    moved.add(data);
    QCOMPARE(moved.finish(), expected);
    QCOMPARE(
        digestOf(data, u"sha512"_s),
        QString::fromLatin1("sha512:" + QCryptographicHash::hash(data, QCryptographicHash::Sha512).toHex()));
    QVERIFY(!OciDigester(u"md5"_s).isValid());
}

void tst_OciManifest::acceptsAllFourMediaTypes()
{
    const QByteArray accept = OciMediaType::acceptHeader();
    QVERIFY(accept.startsWith("application/vnd.oci.image.manifest.v1+json, "));
    QVERIFY(accept.contains("application/vnd.oci.image.index.v1+json"));
    QVERIFY(accept.contains("application/vnd.docker.distribution.manifest.v2+json"));
    QVERIFY(accept.contains("application/vnd.docker.distribution.manifest.list.v2+json"));
}

QTEST_GUILESS_MAIN(tst_OciManifest)
#include "tst_ocimanifest.moc"
