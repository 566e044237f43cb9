#include "bake/scanfindings.h"
#include "cataloguefixture.h"
#include "cli/cli.h"
#include "domain/settingsschema.h"
#include "store/bakeimagerepository.h"
#include "store/imagerepository.h"
#include "store/secretrepository.h"
#include "store/settings.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Kiln;
using namespace Qt::StringLiterals;

namespace {
using Run = KilnTest::KilnctlRun;

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

// A small root file system tar made with GNU tar.
bool makeRootfsTar(const QString &dir, const QString &tarPath)
{
    const QString root = dir + u"/rootfs"_s;
    if (!QDir().mkpath(root + u"/etc"_s) || !QDir().mkpath(root + u"/usr/bin"_s))
        return false;
    QFile motd(root + u"/etc/motd"_s);
    if (!motd.open(QIODevice::WriteOnly) || motd.write("hello from a rootfs\n") < 0)
        return false;
    motd.close();
    return QProcess::execute(u"tar"_s, {u"-C"_s, root, u"-cf"_s, tarPath, u"."_s}) == 0;
}
} // namespace

// kilnctl image register / list --baked / show / deactivate / reactivate on bake
// images, against a real catalogue file. Nothing is baked here (see tst_bakecommand).
class tst_BakeImageCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void registerShowAndList();
    void registerRejects_data();
    void registerRejects();
    void reportsEveryError();
    void takenNameIsAboutVersions();
    void platformScopeNeedsSuperAdmin();
    void tarKindIsDetected();
    void pullSecret();
    void registerAndQueueBake();
    void showPrefersManagedImages();
    void showPrintsScanFindings();
    void deactivateAndReactivate();
    void listFilters();
    void usage_data();
    void usage();

private:
    Run kilnctl(QStringList arguments) const
    {
        return KilnTest::runKilnctl(arguments << u"--catalog"_s << m_catalogue->path());
    }
    Run registerTar(const QString &name, QStringList more = {}) const
    {
        return kilnctl(QStringList{u"image"_s, u"register"_s, name, u"--source"_s, u"tar:"_s + m_tar,
                                   u"--size-mib"_s, u"64"_s} +
                       more);
    }

    QTemporaryDir m_files;
    QString m_tar;
    std::unique_ptr<KilnTest::TempCatalogue> m_catalogue;
};

void tst_BakeImageCommand::initTestCase()
{
    QVERIFY(m_files.isValid());
    m_tar = m_files.filePath(u"rootfs.tar"_s);
    QVERIFY(makeRootfsTar(m_files.path(), m_tar));
}

void tst_BakeImageCommand::init()
{
    m_catalogue = std::make_unique<KilnTest::TempCatalogue>();
    QVERIFY2(m_catalogue->isOpen(), qPrintable(m_catalogue->errorString()));
}

void tst_BakeImageCommand::registerShowAndList()
{
    Run run = registerTar(u"debian-12-v1"_s,
                          {u"--display-name"_s, u"Debian 12"_s, u"--description"_s, u"the base"_s,
                           u"--cpu-millicores"_s, u"500"_s, u"--memory-mb"_s, u"2048"_s, u"--disk-mb"_s,
                           u"10240"_s, u"--scope"_s, u"partner"_s, u"--lazy-pull"_s, u"--preinstalled"_s,
                           u"python 3.11"_s, u"--preinstalled"_s, u"curl"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"registered bake image debian-12-v1 (tar:%1, 64 MiB); bake it with 'kilnctl bake "
                      "debian-12-v1'\n"_s.arg(m_tar));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    // Stored as given.
    const auto stored = BakeImageRepository(m_catalogue->catalogue()).getByName(u"debian-12-v1"_s);
    QVERIFY2(stored.ok(), KilnTest::whyNot(stored).constData());
    QCOMPARE(stored->displayName, u"Debian 12"_s);
    QCOMPARE(stored->source.kind, BakeSourceKind::RootfsTar);
    QCOMPARE(stored->source.ref, m_tar);
    QCOMPARE(stored->sizeMib, 64);
    QCOMPARE(stored->defaultCpuMillicores, std::optional<qint64>(500));
    QCOMPARE(stored->defaultMemoryMb, std::optional<qint64>(2048));
    QCOMPARE(stored->defaultDiskMb, std::optional<qint64>(10240));
    QCOMPARE(stored->scope, BakeScope::Partner);
    QVERIFY(stored->lazyPull);
    QCOMPARE(stored->preinstalled, (QStringList{u"python 3.11"_s, u"curl"_s}));
    QCOMPARE(stored->state, BakeState::Registered);

    // show (no managed image has the name) and show --baked, by name and id.
    run = kilnctl({u"image"_s, u"show"_s, u"debian-12-v1"_s});
    QCOMPARE(run.code, 0);
    for (const QString &line :
         {u"name:           debian-12-v1\n"_s, u"kind:           bake image\n"_s,
          u"display name:   Debian 12\n"_s, u"source:         tar:%1 (rootfs-tar)\n"_s.arg(m_tar),
          u"size cap:       64 MiB\n"_s, u"default cpu:    500 millicores\n"_s,
          u"default memory: 2048 MB\n"_s, u"scope:          partner\n"_s, u"lazy pull:      yes\n"_s,
          u"preinstalled:   python 3.11, curl\n"_s, u"state:          registered\n"_s,
          u"content:        (none)\n"_s, u"scan:           pending\n"_s}) {
        QVERIFY2(run.out.contains(line), qPrintable(line + u" not in:\n"_s + run.out));
    }
    run = kilnctl({u"image"_s, u"show"_s, stored->id, u"--baked"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"name"_s).toString(), u"debian-12-v1"_s);
    QCOMPARE(json.value(u"id"_s).toString(), stored->id);
    QCOMPARE(json.value(u"source"_s).toObject().value(u"kind"_s).toString(), u"rootfs-tar"_s);
    QCOMPARE(json.value(u"source"_s).toObject().value(u"ref"_s).toString(), m_tar);
    QCOMPARE(json.value(u"sizeMib"_s).toInteger(), 64);
    QCOMPARE(json.value(u"defaultCpuMillicores"_s).toInteger(), 500);
    QCOMPARE(json.value(u"scope"_s).toString(), u"partner"_s);
    QCOMPARE(json.value(u"state"_s).toString(), u"registered"_s);
    QVERIFY(json.value(u"content"_s).isNull());
    QVERIFY(json.value(u"error"_s).isNull());
    QCOMPARE(json.value(u"scan"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(json.value(u"scan"_s).toObject().value(u"scannedAt"_s).isNull());
    QCOMPARE(json.value(u"preinstalled"_s).toArray().size(), 2);

    // The display name defaults to the name.
    QCOMPARE(registerTar(u"second"_s).code, 0);
    run = kilnctl({u"image"_s, u"list"_s, u"--baked"_s});
    QCOMPARE(run.code, 0);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(0).startsWith(u"NAME          DISPLAY    SOURCE"_s), qPrintable(run.out));
    QVERIFY2(lines.at(1).startsWith(u"debian-12-v1  Debian 12  tar:"_s), qPrintable(run.out));
    QVERIFY2(lines.at(1).endsWith(u"64 MiB  -        registered  -"_s), qPrintable(run.out));
    QVERIFY2(lines.at(2).startsWith(u"second        second     tar:"_s), qPrintable(run.out));

    run = kilnctl({u"image"_s, u"list"_s, u"--baked"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    const QJsonArray images = jsonOf(run).value(u"bakeImages"_s).toArray();
    QCOMPARE(images.size(), 2);
    QCOMPARE(images.at(1).toObject().value(u"displayName"_s).toString(), u"second"_s);
}

void tst_BakeImageCommand::registerRejects_data()
{
    QTest::addColumn<QStringList>("arguments"); // after "image register"
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    const QString tar = u"tar:"_s + m_files.filePath(u"rootfs.tar"_s);
    const QStringList size{u"--size-mib"_s, u"8"_s};
    const QStringList source{u"--source"_s, tar};
    const QString prefix = u"kilnctl image register: "_s;
    const QString use = u"use oci:REFERENCE for an image in a registry or tar:/PATH for a tar file"_s;
    const auto row = [&](const char *name, const QStringList &arguments, int code, const QString &error) {
        QTest::newRow(name) << arguments << code << prefix + error + u'\n';
    };
    row("uppercase name", QStringList{u"Debian"_s} + source + size, 2,
        u"NAME, column 1: uppercase letter 'D' is not allowed; use lowercase"_s);
    row("no source", QStringList{u"x"_s} + size, 2,
        u"--source oci:REFERENCE or --source tar:/PATH is required"_s);
    row("no size", QStringList{u"x"_s} + source, 2, u"--size-mib N (the ext4 file's size cap) is required"_s);
    row("empty source", QStringList{u"x"_s, u"--source"_s, u""_s} + size, 2,
        u"--source, column 1: the source is empty; "_s + use);
    row("no prefix", QStringList{u"x"_s, u"--source"_s, u"/srv/rootfs.tar"_s} + size, 2,
        u"--source, column 1: the source must start with oci: or tar:; "_s + use);
    row("unknown kind", QStringList{u"x"_s, u"--source"_s, u"zip:/srv/rootfs.zip"_s} + size, 2,
        u"--source, column 1: unknown source kind 'zip'; "_s + use);
    row("bad reference", QStringList{u"x"_s, u"--source"_s, u"oci:docker.io/library/Debian:12"_s} + size, 2,
        u"--source, column 23: image reference: repository name must be lowercase; 'D' is uppercase"_s);
    row("empty tar path", QStringList{u"x"_s, u"--source"_s, u"tar:"_s} + size, 2,
        u"--source, column 5: the tar path is empty; give an absolute path, e.g. tar:/srv/rootfs.tar"_s);
    row("relative tar path", QStringList{u"x"_s, u"--source"_s, u"tar:rootfs.tar"_s} + size, 2,
        u"--source, column 5: the tar path must be absolute (start with '/')"_s);
    row("tar path of a folder", QStringList{u"x"_s, u"--source"_s, u"tar:/srv/"_s} + size, 2,
        u"--source, column 9: the tar path names a directory; give the path of a tar file"_s);
    const QString missing = m_files.filePath(u"missing.tar"_s);
    row("missing tar", QStringList{u"x"_s, u"--source"_s, u"tar:"_s + missing} + size, 2,
        u"--source: %1 does not exist"_s.arg(missing));
    row("tar is a folder", QStringList{u"x"_s, u"--source"_s, u"tar:"_s + m_files.path()} + size, 2,
        u"--source: %1 is a directory, not a tar file"_s.arg(m_files.path()));
    const QString junk = m_files.filePath(u"junk.tar"_s);
    row("not a tar", QStringList{u"x"_s, u"--source"_s, u"tar:"_s + junk} + size, 2,
        u"--source: %1 is not a tar archive: Unrecognized archive format"_s.arg(junk));
    row("size zero", QStringList{u"x"_s, u"--size-mib"_s, u"0"_s} + source, 2,
        u"--size-mib, column 1: must be a positive number of MiB"_s);
    row("size not a number", QStringList{u"x"_s, u"--size-mib"_s, u"8x"_s} + source, 2,
        u"--size-mib, column 2: 'x' is not a digit; must be a positive number of MiB"_s);
    row("size too big", QStringList{u"x"_s, u"--size-mib"_s, u"99999999"_s} + source, 2,
        u"--size-mib, column 1: is more than the limit of 16777216; must be a positive number of MiB"_s);
    row("negative cpu", QStringList{u"x"_s, u"--cpu-millicores"_s, u"-5"_s} + source + size, 2,
        u"--cpu-millicores, column 1: '-' is not a digit; must be a positive whole number of millicores"_s);
    row("empty cpu", QStringList{u"x"_s, u"--cpu-millicores"_s, u""_s} + source + size, 2,
        u"--cpu-millicores, column 1: the value is empty"_s);
    row("memory zero", QStringList{u"x"_s, u"--memory-mb"_s, u"0"_s} + source + size, 2,
        u"--memory-mb, column 1: must be a positive whole number of MB"_s);
    row("disk with a unit", QStringList{u"x"_s, u"--disk-mb"_s, u"10G"_s} + source + size, 2,
        u"--disk-mb, column 3: 'G' is not a digit; must be a positive whole number of MB"_s);
    row("unknown scope", QStringList{u"x"_s, u"--scope"_s, u"galaxy"_s} + source + size, 2,
        u"--scope, column 1: unknown scope 'galaxy'; use tenant, partner or platform"_s);
    row("platform scope", QStringList{u"x"_s, u"--scope"_s, u"platform"_s} + source + size, 2,
        u"--scope, column 1: platform scope is for super-admins; enable the bake.superAdmin setting to "
        "register platform images"_s);
    row("empty preinstalled entry",
        QStringList{u"x"_s, u"--preinstalled"_s, u"curl"_s, u"--preinstalled"_s, u" "_s} + source + size, 2,
        u"--preinstalled (entry 2), column 1: the entry is empty; remove it or name the software"_s);
    row("two preinstalled in one", QStringList{u"x"_s, u"--preinstalled"_s, u"py\nthon"_s} + source + size, 2,
        u"--preinstalled (entry 1), column 3: a line break is not allowed in an entry; give one entry each"_s);
    row("tab in display name", QStringList{u"x"_s, u"--display-name"_s, u"a\tb"_s} + source + size, 2,
        u"--display-name, column 2: a tab is not allowed"_s);
    row("unknown pull secret",
        QStringList{u"x"_s, u"--source"_s, u"oci:debian:12"_s, u"--pull-secret"_s, u"nope"_s} + size, 2,
        u"--pull-secret: There is no secret with id or name “nope”."_s);
    row("pull secret of a tar", QStringList{u"x"_s, u"--pull-secret"_s, u"nope"_s} + source + size, 2,
        u"--pull-secret: a tar source is read from disk and needs no pull secret"_s);
}

void tst_BakeImageCommand::registerRejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, error);
    QFile junk(m_files.filePath(u"junk.tar"_s));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a tar archive, not even a compressed one\n");
    junk.close();

    const Run run = kilnctl(QStringList{u"image"_s, u"register"_s} + arguments);
    QCOMPARE(run.err, error);
    QCOMPARE(run.code, code);
    QVERIFY(run.out.isEmpty());
    const auto listed = BakeImageRepository(m_catalogue->catalogue()).list();
    QVERIFY(listed.ok());
    QVERIFY(listed->isEmpty()); // nothing was stored
}

void tst_BakeImageCommand::reportsEveryError()
{
    const Run run =
        kilnctl({u"image"_s, u"register"_s, u"Bad Name"_s, u"--source"_s, u"tar:rel.tar"_s, u"--size-mib"_s,
                 u"0x"_s, u"--scope"_s, u"galaxy"_s, u"--preinstalled"_s, u""_s});
    QCOMPARE(run.code, 2);
    QCOMPARE(
        run.err.split(u'\n', Qt::SkipEmptyParts),
        (QStringList{
            u"kilnctl image register: NAME, column 1: uppercase letter 'B' is not allowed; use lowercase"_s,
            u"kilnctl image register: --source, column 5: the tar path must be absolute (start with '/')"_s,
            u"kilnctl image register: --size-mib, column 2: 'x' is not a digit; must be a positive number "
            "of MiB"_s,
            u"kilnctl image register: --scope, column 1: unknown scope 'galaxy'; use tenant, partner or "
            "platform"_s,
            u"kilnctl image register: --preinstalled (entry 1), column 1: the entry is empty; remove it or "
            "name the software"_s,
        }));
}

void tst_BakeImageCommand::takenNameIsAboutVersions()
{
    QCOMPARE(registerTar(u"tools"_s).code, 0);
    const Run run = registerTar(u"tools"_s, {u"--size-mib"_s, u"128"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err, u"kilnctl image register: A bake image named “tools” already exists. Bake images are "
                      "versioned by name: register the new version under a new name.\n"_s);
    QCOMPARE(BakeImageRepository(m_catalogue->catalogue()).getByName(u"tools"_s)->sizeMib, 64);
}

void tst_BakeImageCommand::platformScopeNeedsSuperAdmin()
{
    QVERIFY(Settings(m_catalogue->catalogue()).set(Setting::BakeSuperAdmin, true).ok());
    const Run run = registerTar(u"platform-base"_s, {u"--scope"_s, u"platform"_s, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(jsonOf(run).value(u"scope"_s).toString(), u"platform"_s);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"registered"_s);
}

void tst_BakeImageCommand::tarKindIsDetected()
{
    // A top-level manifest.json makes a docker-archive; "rootfs-tar:" is taken as said.
    const QString layout = m_files.filePath(u"docker"_s);
    QVERIFY(QDir().mkpath(layout));
    QFile manifest(layout + u"/manifest.json"_s);
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write("[]");
    manifest.close();
    const QString docker = m_files.filePath(u"docker.tar"_s);
    QCOMPARE(QProcess::execute(u"tar"_s, {u"-C"_s, layout, u"-cf"_s, docker, u"manifest.json"_s}), 0);

    QCOMPARE(kilnctl({u"image"_s, u"register"_s, u"saved"_s, u"--source"_s, u"tar:"_s + docker,
                      u"--size-mib"_s, u"8"_s})
                 .code,
             0);
    QCOMPARE(kilnctl({u"image"_s, u"register"_s, u"plain"_s, u"--source"_s, u"rootfs-tar:"_s + m_tar,
                      u"--size-mib"_s, u"8"_s})
                 .code,
             0);
    const BakeImageRepository images(m_catalogue->catalogue());
    QCOMPARE(images.getByName(u"saved"_s)->source.kind, BakeSourceKind::DockerArchive);
    QCOMPARE(images.getByName(u"plain"_s)->source.kind, BakeSourceKind::RootfsTar);
    const Run run = kilnctl({u"image"_s, u"show"_s, u"saved"_s});
    QVERIFY2(run.out.contains(u"source:         tar:%1 (docker-archive)\n"_s.arg(docker)),
             qPrintable(run.out));
}

void tst_BakeImageCommand::pullSecret()
{
    const auto secret =
        SecretRepository(m_catalogue->catalogue()).create(u"hub-pull"_s, SecretKind::PullSecret, u"me"_s);
    QVERIFY2(secret.ok(), KilnTest::whyNot(secret).constData());
    const Run run = kilnctl({u"image"_s, u"register"_s, u"cuda"_s, u"--source"_s,
                             u"oci:nvcr.io/nvidia/cuda:12.4.1-runtime-ubuntu22.04"_s, u"--size-mib"_s,
                             u"4096"_s, u"--pull-secret"_s, u"hub-pull"_s, u"--json"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    const QJsonObject json = jsonOf(run);
    QCOMPARE(json.value(u"source"_s).toObject().value(u"kind"_s).toString(), u"oci"_s);
    QCOMPARE(json.value(u"pullSecret"_s).toObject().value(u"name"_s).toString(), u"hub-pull"_s);
    QCOMPARE(BakeImageRepository(m_catalogue->catalogue()).getByName(u"cuda"_s)->pullSecretId, secret->id);
}

void tst_BakeImageCommand::registerAndQueueBake()
{
    Run run = registerTar(u"queued-now"_s, {u"--bake"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));
    QCOMPARE(run.out,
             u"registered bake image queued-now and queued its bake; 'kilnctl bake queued-now --wait' "
             "or Kiln bakes it\n"_s);
    QCOMPARE(BakeImageRepository(m_catalogue->catalogue()).getByName(u"queued-now"_s)->state,
             BakeState::Queued);
    run = kilnctl({u"image"_s, u"list"_s, u"--baked"_s});
    QVERIFY2(run.out.contains(u" queued "_s), qPrintable(run.out));
}

void tst_BakeImageCommand::showPrefersManagedImages()
{
    QCOMPARE(registerTar(u"shared"_s).code, 0);
    Run run = kilnctl({u"image"_s, u"add"_s, u"Shared"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s});
    QVERIFY2(run.code == 0, qPrintable(run.err));

    run = kilnctl({u"image"_s, u"show"_s, u"shared"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"url:          debian:12\n"_s), qPrintable(run.out)); // the managed image
    QVERIFY(!run.out.contains(u"bake image"_s));
    run = kilnctl({u"image"_s, u"show"_s, u"shared"_s, u"--baked"_s});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.out.contains(u"kind:           bake image\n"_s), qPrintable(run.out));

    run = kilnctl({u"image"_s, u"show"_s, u"nothing"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl image show: no managed image or bake image is named (or has the id) 'nothing'\n"_s);
    run = kilnctl({u"image"_s, u"show"_s, u"nothing"_s, u"--baked"_s});
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.startsWith(u"kilnctl image show: "_s) && run.err.contains(u"nothing"_s),
             qPrintable(run.err));
}

void tst_BakeImageCommand::showPrintsScanFindings()
{
    QCOMPARE(registerTar(u"scanned"_s).code, 0);
    const BakeImageRepository images(m_catalogue->catalogue());
    const QString id = images.getByName(u"scanned"_s)->id;
    const ScanOutcome outcome = outcomeFromFindings({
        {u"CVE-2023-4911"_s, u"libc6"_s, u"2.36-9"_s, u"2.36-9+deb12u3"_s, ScanSeverity::High,
         u"Looney Tunables"_s},
        {u"CVE-2024-0001"_s, u"openssl"_s, u"3.0.11"_s, {}, ScanSeverity::Critical, u"bad"_s},
        {u"CVE-2024-0002"_s, u"zlib1g"_s, u"1.2.13"_s, {}, ScanSeverity::Low, {}},
    });
    QVERIFY(images
                .setScan(id, ScanStatus::Failed, outcome.reason, QString::fromUtf8(outcome.toJson()),
                         1700000000000)
                .ok());

    Run run = kilnctl({u"image"_s, u"show"_s, u"scanned"_s});
    QCOMPARE(run.code, 0);
    for (const QString &line : {QString(u"scan:           failed: "_s + outcome.reason + u'\n'),
                                u"  scanned:      2023-11-14T22:13:20Z\n"_s,
                                u"  counts:       CRITICAL 1, HIGH 1, LOW 1 (3 in all)\n"_s,
                                u"  CRITICAL  CVE-2024-0001 openssl 3.0.11 (no fix yet)\n"_s,
                                u"  HIGH      CVE-2023-4911 libc6 2.36-9 (fixed in 2.36-9+deb12u3)\n"_s}) {
        QVERIFY2(run.out.contains(line), qPrintable(line + u" not in:\n"_s + run.out));
    }
    run = kilnctl({u"image"_s, u"show"_s, u"scanned"_s, u"--json"_s});
    const QJsonObject scan = jsonOf(run).value(u"scan"_s).toObject();
    QCOMPARE(scan.value(u"status"_s).toString(), u"failed"_s);
    QCOMPARE(scan.value(u"total"_s).toInt(), 3);
    QCOMPARE(scan.value(u"counts"_s).toObject().value(u"CRITICAL"_s).toInt(), 1);
    QCOMPARE(scan.value(u"findings"_s).toArray().at(0).toObject().value(u"id"_s).toString(),
             u"CVE-2024-0001"_s);
    QCOMPARE(scan.value(u"scannedAt"_s).toString(), u"2023-11-14T22:13:20Z"_s);
}

void tst_BakeImageCommand::deactivateAndReactivate()
{
    QCOMPARE(registerTar(u"both"_s).code, 0);
    Run run = kilnctl({u"image"_s, u"add"_s, u"Both"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s});
    QCOMPARE(run.code, 0);
    run =
        kilnctl({u"image"_s, u"add"_s, u"Managed Only"_s, u"--type"_s, u"cpu"_s, u"--url"_s, u"debian:12"_s});
    QCOMPARE(run.code, 0);

    // The bake image of a name goes first.
    run = kilnctl({u"image"_s, u"deactivate"_s, u"both"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deactivated bake image both\n"_s);
    const BakeImageRepository bakeImages(m_catalogue->catalogue());
    const ImageRepository images(m_catalogue->catalogue());
    QVERIFY(bakeImages.getByName(u"both"_s)->deactivated);
    QVERIFY(!images.getByName(u"both"_s)->deactivated);
    run = kilnctl({u"image"_s, u"list"_s, u"--baked"_s});
    QVERIFY2(run.out.contains(u"registered (deactivated)"_s), qPrintable(run.out));
    run = kilnctl({u"image"_s, u"reactivate"_s, u"both"_s, u"--json"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(jsonOf(run).value(u"result"_s).toString(), u"reactivated"_s);
    QCOMPARE(jsonOf(run).value(u"kind"_s).toString(), u"bake image"_s);
    QVERIFY(!bakeImages.getByName(u"both"_s)->deactivated);

    // Then a managed image.
    run = kilnctl({u"image"_s, u"deactivate"_s, u"managed-only"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"deactivated managed image managed-only\n"_s);
    QVERIFY(images.getByName(u"managed-only"_s)->deactivated);
    run = kilnctl({u"image"_s, u"reactivate"_s, u"managed-only"_s, u"--json"_s});
    QCOMPARE(jsonOf(run).value(u"kind"_s).toString(), u"managed image"_s);
    QVERIFY(!images.getByName(u"managed-only"_s)->deactivated);

    // A frozen managed image refuses; an unknown name is said so.
    QCOMPARE(kilnctl({u"image"_s, u"freeze"_s, u"managed-only"_s}).code, 0);
    run = kilnctl({u"image"_s, u"deactivate"_s, u"managed-only"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err, u"kilnctl image deactivate: image managed-only is frozen: unfreeze it first (kilnctl "
                      "image unfreeze managed-only)\n"_s);
    run = kilnctl({u"image"_s, u"reactivate"_s, u"ghost"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err, u"kilnctl image reactivate: no bake image or managed image is named (or has the id) "
                      "'ghost'\n"_s);

    // A deactivated bake image is not baked.
    QCOMPARE(kilnctl({u"image"_s, u"deactivate"_s, u"both"_s}).code, 0);
    run = kilnctl({u"bake"_s, u"both"_s});
    QCOMPARE(run.code, 1);
    QCOMPARE(run.err,
             u"kilnctl bake: The bake image “both” is deactivated; reactivate it before baking it.\n"_s);
}

void tst_BakeImageCommand::listFilters()
{
    for (const QString &name : {u"torch-2-3"_s, u"torch-2-4"_s, u"debian"_s})
        QCOMPARE(registerTar(name).code, 0);
    QCOMPARE(kilnctl({u"image"_s, u"deactivate"_s, u"torch-2-3"_s}).code, 0);
    const auto names = [this](const QStringList &options) {
        const Run run = kilnctl(QStringList{u"image"_s, u"list"_s, u"--baked"_s, u"--json"_s} + options);
        QStringList out;
        for (const QJsonValue &image : jsonOf(run).value(u"bakeImages"_s).toArray())
            out.append(image.toObject().value(u"name"_s).toString());
        return out;
    };
    QCOMPARE(names({}), (QStringList{u"debian"_s, u"torch-2-3"_s, u"torch-2-4"_s}));
    QCOMPARE(names({u"--filter"_s, u"torch"_s}), (QStringList{u"torch-2-3"_s, u"torch-2-4"_s}));
    QCOMPARE(names({u"--filter"_s, u"torch"_s, u"--hide-deactivated"_s}), QStringList{u"torch-2-4"_s});
    // Without --baked: the managed images, as before.
    const Run run = kilnctl({u"image"_s, u"list"_s});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, u"NAME  DISPLAY  TYPE  URL  ACCESS  STATUS\n"_s);
}

void tst_BakeImageCommand::usage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("register without a name") << QStringList{u"image"_s, u"register"_s}
                                             << u"kilnctl image register: expected one argument, the bake "
                                                "image's name\n"_s;
    QTest::newRow("register with a list option")
        << QStringList{u"image"_s, u"register"_s, u"x"_s, u"--filter"_s, u"y"_s}
        << u"kilnctl image register: --filter does not apply to register\n"_s;
    QTest::newRow("register with an unknown option")
        << QStringList{u"image"_s, u"register"_s, u"x"_s, u"--type"_s, u"cpu"_s}
        << u"kilnctl image register: Unknown option 'type'.\n"_s;
    QTest::newRow("deactivate without an image") << QStringList{u"image"_s, u"deactivate"_s}
                                                 << u"kilnctl image deactivate: expected one argument, the "
                                                    "image's name or id\n"_s;
    QTest::newRow("list --baked with an argument") << QStringList{u"image"_s, u"list"_s, u"--baked"_s, u"x"_s}
                                                   << u"kilnctl image list: expected no arguments\n"_s;
    QTest::newRow("list --baked --type")
        << QStringList{u"image"_s, u"list"_s, u"--baked"_s, u"--type"_s, u"cpu"_s}
        << u"kilnctl image list: Unknown option 'type'.\n"_s;
    QTest::newRow("show --baked --source")
        << QStringList{u"image"_s, u"show"_s, u"x"_s, u"--baked"_s, u"--source"_s, u"oci:a"_s}
        << u"kilnctl image show: --source does not apply to show\n"_s;
}

void tst_BakeImageCommand::usage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Run run = kilnctl(arguments);
    QCOMPARE(run.err, error);
    QCOMPARE(run.code, 2);
}

QTEST_GUILESS_MAIN(tst_BakeImageCommand)
#include "tst_bakeimagecommand.moc"
