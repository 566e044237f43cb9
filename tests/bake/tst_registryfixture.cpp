#include "baseimage.h"
#include "registryserver.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace KilnTest;

namespace {

const QByteArray kManifestAccept = "application/vnd.oci.image.manifest.v1+json, "
                                   "application/vnd.docker.distribution.manifest.v2+json";

bool processExists(qint64 pid)
{
    return pid > 0 && QFileInfo::exists(u"/proc/%1"_s.arg(pid));
}

} // namespace

class TestRegistryFixture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pushesBaseImage_data();
    void pushesBaseImage();
    void unknownTagIsNotFound();
    void rejectsBadSpec_data();
    void rejectsBadSpec();
    void pushToClosedPortFailsWithBuildahStderr();
    void destructorRemovesEverything();

private:
    std::unique_ptr<RegistryServer> m_registry;
};

void TestRegistryFixture::initTestCase()
{
    if (RegistryServer::program().isEmpty())
        QSKIP("docker-registry is not installed");
    if (BaseImage::buildahPath().isEmpty())
        QSKIP("buildah is not installed");
    if (BaseImage::busyboxPath().isEmpty())
        QSKIP("busybox-static is not installed");
    m_registry = std::make_unique<RegistryServer>();
    QVERIFY2(m_registry->start(), qPrintable(m_registry->errorString()));
    QVERIFY(m_registry->isRunning());
    QVERIFY(m_registry->address().startsWith(u"127.0.0.1:"_s));
    QVERIFY(m_registry->port() > 0);
    const auto reply = m_registry->get(u"/v2/"_s);
    QCOMPARE(reply.status, 200);
}

void TestRegistryFixture::cleanupTestCase()
{
    m_registry.reset();
}

void TestRegistryFixture::pushesBaseImage_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("user");

    QTest::newRow("root base") << u"kiln/base"_s << u"root"_s << QString();
    QTest::newRow("non-root base, USER 1000") << u"kiln/base"_s << u"user"_s << u"1000"_s;
    QTest::newRow("user:group by name, repeated dashes")
        << u"kiln/named--user"_s << u"1.0"_s << u"kiln:kiln"_s;
}

void TestRegistryFixture::pushesBaseImage()
{
    QFETCH(QString, name);
    QFETCH(QString, tag);
    QFETCH(QString, user);

    PushedImage pushed;
    QString workDir;
    {
        BaseImage image(m_registry->address());
        BaseImageSpec spec;
        spec.name = name;
        spec.tag = tag;
        spec.user = user;
        spec.files.insert(u"/usr/local/bin/marker"_s, "#!/bin/sh\necho marker\n");
        QVERIFY2(image.build(spec), qPrintable(image.errorString()));
        pushed = image.pushed();
        workDir = image.lastWorkDirectory();
        QVERIFY(!workDir.isEmpty());
        QVERIFY2(!QFileInfo::exists(workDir), qPrintable(workDir)); // the buildah storage is gone already
    }
    QCOMPARE(pushed.reference, u"%1/%2:%3"_s.arg(m_registry->address(), name, tag));
    QVERIFY2(pushed.digest.startsWith(u"sha256:"_s) && pushed.digest.size() == 71, qPrintable(pushed.digest));

    // The tag is listed.
    const auto tags = m_registry->get(u"/v2/%1/tags/list"_s.arg(name));
    QCOMPARE(tags.status, 200);
    const QJsonArray tagList = QJsonDocument::fromJson(tags.body).object().value(u"tags"_s).toArray();
    QVERIFY2(tagList.contains(tag), tags.body.constData());

    // The manifest is the one buildah pushed.
    const auto manifest =
        m_registry->get(u"/v2/%1/manifests/%2"_s.arg(name, tag), {{"Accept", kManifestAccept}});
    QCOMPARE(manifest.status, 200);
    QCOMPARE(QString::fromLatin1(manifest.header("Docker-Content-Digest")), pushed.digest);
    const QJsonObject manifestObject = QJsonDocument::fromJson(manifest.body).object();
    QCOMPARE(manifestObject.value(u"schemaVersion"_s).toInt(), 2);
    QCOMPARE(manifestObject.value(u"layers"_s).toArray().size(), 1);
    const QString configDigest = manifestObject.value(u"config"_s).toObject().value(u"digest"_s).toString();
    QVERIFY2(configDigest.startsWith(u"sha256:"_s), manifest.body.constData());

    // The config blob carries the USER and CMD.
    const auto config = m_registry->get(u"/v2/%1/blobs/%2"_s.arg(name, configDigest));
    QCOMPARE(config.status, 200);
    const QJsonObject configObject = QJsonDocument::fromJson(config.body).object();
    const QJsonObject runConfig = configObject.value(u"config"_s).toObject();
    QCOMPARE(runConfig.value(u"User"_s).toString(), user);
    QCOMPARE(runConfig.value(u"Cmd"_s).toArray(), QJsonArray{u"/bin/sh"_s});
    QCOMPARE(configObject.value(u"os"_s).toString(), u"linux"_s);
    QCOMPARE(configObject.value(u"rootfs"_s).toObject().value(u"diff_ids"_s).toArray().size(), 1);
}

void TestRegistryFixture::unknownTagIsNotFound()
{
    // The HTTP checks above could not pass against a registry that answers everything.
    const auto manifest =
        m_registry->get(u"/v2/kiln/base/manifests/no-such-tag"_s, {{"Accept", kManifestAccept}});
    QCOMPARE(manifest.status, 404);
    const auto tags = m_registry->get(u"/v2/kiln/no-such-repository/tags/list"_s);
    QCOMPARE(tags.status, 404);
}

void TestRegistryFixture::rejectsBadSpec_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");

    QTest::newRow("uppercase name") << u"Kiln/Base"_s << u"latest"_s << QString() << u"repository name"_s;
    QTest::newRow("empty name") << QString() << u"latest"_s << QString() << u"repository name"_s;
    QTest::newRow("trailing slash") << u"kiln/"_s << u"latest"_s << QString() << u"repository name"_s;
    QTest::newRow("double dot") << u"kiln..base"_s << u"latest"_s << QString() << u"repository name"_s;
    QTest::newRow("empty tag") << u"kiln/base"_s << QString() << QString() << u"valid tag"_s;
    QTest::newRow("tag with colon") << u"kiln/base"_s << u"a:b"_s << QString() << u"valid tag"_s;
    QTest::newRow("tag starting with dot") << u"kiln/base"_s << u".x"_s << QString() << u"valid tag"_s;
    QTest::newRow("relative file") << u"kiln/base"_s << u"latest"_s << u"etc/x"_s << u"absolute file path"_s;
    QTest::newRow("file escaping") << u"kiln/base"_s << u"latest"_s << u"/../x"_s << u"absolute file path"_s;
}

void TestRegistryFixture::rejectsBadSpec()
{
    QFETCH(QString, name);
    QFETCH(QString, tag);
    QFETCH(QString, file);
    QFETCH(QString, expected);

    BaseImage image(m_registry->address());
    BaseImageSpec spec;
    spec.name = name;
    spec.tag = tag;
    if (!file.isEmpty())
        spec.files.insert(file, "x");
    QVERIFY(!image.build(spec));
    QVERIFY2(image.errorString().contains(expected), qPrintable(image.errorString()));
    QVERIFY(image.pushed().reference.isEmpty());
    if (!image.lastWorkDirectory().isEmpty())
        QVERIFY(!QFileInfo::exists(image.lastWorkDirectory()));
}

void TestRegistryFixture::pushToClosedPortFailsWithBuildahStderr()
{
    // Nothing listens there once the probe server is gone.
    RegistryServer probe;
    QVERIFY2(probe.start(), qPrintable(probe.errorString()));
    const QString address = probe.address();
    probe.stop();

    BaseImage image(address);
    BaseImageSpec spec;
    QVERIFY(!image.build(spec));
    QVERIFY2(image.errorString().startsWith(u"buildah commit failed"_s), qPrintable(image.errorString()));
    // buildah's stderr is in the message: it names the refused connection.
    QVERIFY2(image.errorString().contains(address), qPrintable(image.errorString()));
    QVERIFY(!QFileInfo::exists(image.lastWorkDirectory()));
}

void TestRegistryFixture::destructorRemovesEverything()
{
    qint64 pid = 0;
    QString registryDir;
    QString address;
    {
        RegistryServer registry;
        QVERIFY2(registry.start(), qPrintable(registry.errorString()));
        pid = registry.processId();
        registryDir = registry.directory();
        address = registry.address();
        QVERIFY(processExists(pid));
        QVERIFY(QFileInfo(registryDir).isDir());
        BaseImage image(registry.address());
        BaseImageSpec spec;
        spec.name = u"kiln/teardown"_s;
        QVERIFY2(image.build(spec), qPrintable(image.errorString()));
        // The pushed blobs are in the registry's storage.
        QVERIFY(QFileInfo(registryDir + u"/storage/docker/registry/v2/repositories/kiln/teardown"_s).isDir());
    }
    QVERIFY2(!processExists(pid), qPrintable(u"docker-registry (pid %1) still runs"_s.arg(pid)));
    QVERIFY2(!QFileInfo::exists(registryDir), qPrintable(registryDir));
    // And nothing answers on its port any more.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(address.section(u':', 1).toUInt()));
    QVERIFY(!socket.waitForConnected(2000));
}

QTEST_GUILESS_MAIN(TestRegistryFixture)
#include "tst_registryfixture.moc"
