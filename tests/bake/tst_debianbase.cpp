// kiln-test-properties: LABELS slow TIMEOUT 1200
// Slow: a cold run makes the Debian tree with debootstrap (minutes, network).
#include "baseimage.h"
#include "debianbase.h"
#include "registryserver.h"
#include "wheelserver.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace KilnTest;

namespace {

bool processExists(qint64 pid)
{
    return pid > 0 && QFileInfo::exists(u"/proc/%1"_s.arg(pid));
}

struct Ran
{
    int code = -1;
    QString out;
    QString err;
    QString describe() const { return u"exit code %1\nstdout:\n%2\nstderr:\n%3"_s.arg(code).arg(out, err); }
};

Ran runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
               const QString &workDir = {})
{
    Ran ran;
    QProcess process;
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        ran.err = u"did not finish within %1 s: "_s.arg(timeoutMs / 1000) + process.errorString();
        return ran;
    }
    ran.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    ran.err = QString::fromLocal8Bit(process.readAllStandardError());
    ran.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return ran;
}

// Real buildah on a throw-away vfs storage, removed by the destructor.
class Storage
{
public:
    Storage()
        : m_dir(QDir::tempPath() + u"/kiln-tst-debianbase-XXXXXX"_s)
    {
        m_dir.setAutoRemove(false);
        QDir().mkpath(m_dir.filePath(u"tmp"_s));
        QFile conf(m_dir.filePath(u"storage.conf"_s));
        if (conf.open(QIODevice::WriteOnly))
            conf.write("[storage]\ndriver = \"vfs\"\nrunroot = \"" +
                       QFile::encodeName(m_dir.filePath(u"run"_s)) + "\"\ngraphroot = \"" +
                       QFile::encodeName(m_dir.filePath(u"root"_s)) + "\"\n");
    }
    ~Storage()
    {
        if (!m_container.isEmpty())
            buildah({u"rm"_s, m_container}, 60000);
        QProcess::execute(u"rm"_s, {u"-rf"_s, u"--one-file-system"_s, m_dir.path()});
    }
    QString path() const { return m_dir.path(); }
    Ran buildah(const QStringList &arguments, int timeoutMs) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TMPDIR"_s, m_dir.filePath(u"tmp"_s));
        env.insert(u"CONTAINERS_STORAGE_CONF"_s, m_dir.filePath(u"storage.conf"_s));
        env.insert(u"NO_PROXY"_s, u"127.0.0.1,localhost"_s);
        env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
        const QStringList global{u"--root"_s,           m_dir.filePath(u"root"_s),
                                 u"--runroot"_s,        m_dir.filePath(u"run"_s),
                                 u"--storage-driver"_s, u"vfs"_s};
        return runProcess(BaseImage::buildahPath(), global + arguments, timeoutMs, env);
    }
    Ran runIn(const QStringList &command, int timeoutMs) const
    {
        return buildah(QStringList{u"run"_s, u"--isolation"_s, u"chroot"_s, m_container, u"--"_s} + command,
                       timeoutMs);
    }
    void setContainer(const QString &name) { m_container = name; }

private:
    QTemporaryDir m_dir;
    QString m_container;
};

const QByteArray kMarkerInit = "MARKER = 'kiln-marker-ok'\n";

} // namespace

class TestDebianBase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void normalizedName_data();
    void normalizedName();
    void wheelServerServesValidWheel();
    void wheelServerRejectsBadInput_data();
    void wheelServerRejectsBadInput();
    void wheelServerStopRemovesEverything();
    void debianBaseRejectsBadInput_data();
    void debianBaseRejectsBadInput();
    void debianImageInstallsAptPackagesAndLocalWheels();
    void debianBasePushToClosedPortFailsWithBuildahStderr();
};

void TestDebianBase::initTestCase()
{
    if (WheelServer::python().isEmpty())
        QSKIP("python3 is not installed");
}

void TestDebianBase::normalizedName_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("wheel");

    QTest::newRow("underscore") << u"kiln_marker"_s << u"kiln-marker"_s
                                << u"kiln_marker-1.0-py3-none-any.whl"_s;
    QTest::newRow("dash") << u"kiln-marker"_s << u"kiln-marker"_s << u"kiln_marker-1.0-py3-none-any.whl"_s;
    QTest::newRow("mixed runs, case")
        << u"Kiln.-_Marker"_s << u"kiln-marker"_s << u"Kiln_Marker-1.0-py3-none-any.whl"_s;
    QTest::newRow("plain") << u"numpy"_s << u"numpy"_s << u"numpy-1.0-py3-none-any.whl"_s;
}

void TestDebianBase::normalizedName()
{
    QFETCH(QString, project);
    QFETCH(QString, normalized);
    QFETCH(QString, wheel);
    QCOMPARE(WheelServer::normalizedName(project), normalized);
    QCOMPARE(WheelServer::wheelFileName(project, u"1.0"_s), wheel);
}

void TestDebianBase::wheelServerServesValidWheel()
{
    WheelServer server;
    QVERIFY2(server.addWheel(u"kiln_marker"_s, u"1.0"_s, kMarkerInit), qPrintable(server.errorString()));
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    QVERIFY(server.indexUrl().startsWith(u"http://127.0.0.1:"_s));
    QVERIFY(server.indexUrl().endsWith(u"/simple/"_s));
    // A wheel added after start() is served as well.
    QVERIFY2(server.addWheel(u"kiln_marker"_s, u"1.1"_s), qPrintable(server.errorString()));

    const auto root = RegistryServer::get(server.address(), u"/simple/"_s, {}, 10000);
    QCOMPARE(root.status, 200);
    QVERIFY2(root.body.contains("<a href=\"kiln-marker/\">kiln-marker</a>"), root.body.constData());
    const auto page = RegistryServer::get(server.address(), u"/simple/kiln-marker/"_s, {}, 10000);
    QCOMPARE(page.status, 200);
    static const QRegularExpression link(
        u"<a href=\"\\.\\./\\.\\./files/(kiln_marker-1\\.0-py3-none-any\\.whl)#sha256=([0-9a-f]{64})\">"_s);
    const auto match = link.match(QString::fromUtf8(page.body));
    QVERIFY2(match.hasMatch(), page.body.constData());
    QVERIFY2(page.body.contains("files/kiln_marker-1.1-py3-none-any.whl#sha256="), page.body.constData());
    const auto wheel = RegistryServer::get(server.address(), u"/files/"_s + match.captured(1), {}, 10000);
    QCOMPARE(wheel.status, 200);
    QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(wheel.body, QCryptographicHash::Sha256).toHex()),
             match.captured(2));
    QCOMPARE(RegistryServer::get(server.address(), u"/simple/kiln-absent/"_s, {}, 10000).status, 404);

    // Unpacked with python3's zipfile, every file matches its RECORD line.
    QTemporaryDir unpacked;
    QVERIFY(unpacked.isValid());
    const Ran extract =
        runProcess(WheelServer::python(),
                   {u"-m"_s, u"zipfile"_s, u"-e"_s, server.wheels().constFirst(), unpacked.path()}, 30000);
    QVERIFY2(extract.code == 0, qPrintable(extract.describe()));
    QFile record(unpacked.filePath(u"kiln_marker-1.0.dist-info/RECORD"_s));
    QVERIFY(record.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = record.readAll().split('\n');
    QStringList seen;
    for (const QByteArray &line : lines) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> fields = line.split(',');
        QCOMPARE(fields.size(), 3);
        const QString path = QString::fromUtf8(fields.at(0));
        seen << path;
        if (path == u"kiln_marker-1.0.dist-info/RECORD"_s) {
            QVERIFY(fields.at(1).isEmpty() && fields.at(2).isEmpty());
            continue;
        }
        QFile file(unpacked.filePath(path));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray content = file.readAll();
        QCOMPARE(fields.at(1),
                 "sha256=" + QCryptographicHash::hash(content, QCryptographicHash::Sha256)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        QCOMPARE(fields.at(2), QByteArray::number(content.size()));
    }
    seen.sort();
    QCOMPARE(seen,
             QStringList({u"kiln_marker-1.0.dist-info/METADATA"_s, u"kiln_marker-1.0.dist-info/RECORD"_s,
                          u"kiln_marker-1.0.dist-info/WHEEL"_s, u"kiln_marker/__init__.py"_s}));
    QFile init(unpacked.filePath(u"kiln_marker/__init__.py"_s));
    QVERIFY(init.open(QIODevice::ReadOnly));
    QCOMPARE(init.readAll(), kMarkerInit);
    QFile metadata(unpacked.filePath(u"kiln_marker-1.0.dist-info/METADATA"_s));
    QVERIFY(metadata.open(QIODevice::ReadOnly));
    const QByteArray metadataText = metadata.readAll();
    QVERIFY2(metadataText.startsWith("Metadata-Version: 2.1\nName: kiln_marker\nVersion: 1.0\n"),
             metadataText.constData());
}

void TestDebianBase::wheelServerRejectsBadInput_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty name") << QString() << u"1.0"_s << u"project name"_s;
    QTest::newRow("leading dash") << u"-x"_s << u"1.0"_s << u"project name"_s;
    QTest::newRow("slash") << u"a/b"_s << u"1.0"_s << u"project name"_s;
    QTest::newRow("empty version") << u"x"_s << QString() << u"version"_s;
    QTest::newRow("dash in version") << u"x"_s << u"1-0"_s << u"version"_s;
    QTest::newRow("leading letter") << u"x"_s << u"v1"_s << u"version"_s;
}

void TestDebianBase::wheelServerRejectsBadInput()
{
    QFETCH(QString, project);
    QFETCH(QString, version);
    QFETCH(QString, expected);
    WheelServer server;
    QVERIFY(!server.addWheel(project, version));
    QVERIFY2(server.errorString().contains(expected), qPrintable(server.errorString()));
    QVERIFY(server.wheels().isEmpty());
}

void TestDebianBase::wheelServerStopRemovesEverything()
{
    qint64 pid = 0;
    QString directory;
    QString address;
    {
        WheelServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.isRunning());
        pid = server.processId();
        directory = server.directory();
        address = server.address();
        QVERIFY(processExists(pid));
        QVERIFY(QFileInfo(directory).isDir());
        QCOMPARE(RegistryServer::get(address, u"/simple/"_s, {}, 10000).status, 200);
    }
    QVERIFY2(!processExists(pid), qPrintable(u"the server (pid %1) still runs"_s.arg(pid)));
    QVERIFY2(!QFileInfo::exists(directory), qPrintable(directory));
    QCOMPARE(RegistryServer::get(address, u"/simple/"_s, {}, 3000).status, 0);
}

void TestDebianBase::debianBaseRejectsBadInput_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("uppercase name") << u"Kiln/Debian"_s << u"bookworm"_s << QString() << QString()
                                    << u"repository name"_s;
    QTest::newRow("tag with colon") << u"kiln/debian"_s << u"a:b"_s << QString() << QString()
                                    << u"valid tag"_s;
    QTest::newRow("env name with '='")
        << u"kiln/debian"_s << u"bookworm"_s << u"A=B"_s << u"x"_s << u"environment variable name"_s;
    QTest::newRow("env name with digit first")
        << u"kiln/debian"_s << u"bookworm"_s << u"1A"_s << u"x"_s << u"environment variable name"_s;
    QTest::newRow("env value with newline")
        << u"kiln/debian"_s << u"bookworm"_s << u"PIP_INDEX_URL"_s << u"a\nb"_s << u"line break"_s;
}

void TestDebianBase::debianBaseRejectsBadInput()
{
    QFETCH(QString, name);
    QFETCH(QString, tag);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QMap<QString, QString> env;
    if (!key.isEmpty())
        env.insert(key, value);
    DebianBase base;
    QVERIFY(!base.build(u"127.0.0.1:1"_s, env, name, tag));
    QVERIFY2(base.errorString().contains(expected), qPrintable(base.errorString()));
    QVERIFY(base.pushed().reference.isEmpty());
}

void TestDebianBase::debianImageInstallsAptPackagesAndLocalWheels()
{
    if (RegistryServer::program().isEmpty())
        QSKIP("docker-registry is not installed");
    if (BaseImage::buildahPath().isEmpty())
        QSKIP("buildah is not installed");
#ifdef Q_OS_UNIX
    if (::geteuid() != 0 && !QFileInfo(DebianBase::cachedTarball()).isFile())
        QSKIP("debootstrap needs root and the Debian tree is not cached");
#endif
    if (DebianBase::debootstrapPath().isEmpty() && !QFileInfo(DebianBase::cachedTarball()).isFile())
        QSKIP("debootstrap is not installed and the Debian tree is not cached");

    QElapsedTimer total;
    total.start();
    RegistryServer registry;
    QVERIFY2(registry.start(), qPrintable(registry.errorString()));
    WheelServer wheels;
    QVERIFY2(wheels.addWheel(u"kiln_marker"_s, u"1.0"_s, kMarkerInit), qPrintable(wheels.errorString()));
    QVERIFY2(wheels.start(), qPrintable(wheels.errorString()));

    QElapsedTimer step;
    step.start();
    DebianBase base;
    const QMap<QString, QString> env{{u"PIP_INDEX_URL"_s, wheels.indexUrl()},
                                     {u"PIP_TRUSTED_HOST"_s, u"127.0.0.1"_s},
                                     {u"PIP_BREAK_SYSTEM_PACKAGES"_s, u"1"_s}};
    QVERIFY2(base.build(registry.address(), env), qPrintable(base.errorString()));
    qInfo("DebianBase::build: %.1f s (%s)", double(step.elapsed()) / 1000.0,
          base.usedCache() ? "cached tree" : "debootstrap");
    QVERIFY(QFileInfo(DebianBase::cachedTarball()).isFile());
    QVERIFY(!QFileInfo::exists(base.lastWorkDirectory()));
    QCOMPARE(base.pushed().reference, registry.address() + u"/kiln/debian:bookworm"_s);
    QVERIFY(base.pushed().digest.startsWith(u"sha256:"_s));

    auto owned = std::make_unique<Storage>();
    Storage &storage = *owned;
    const QString storagePath = storage.path();
    step.restart();
    const Ran from = storage.buildah({u"from"_s, u"--tls-verify=false"_s, u"--name"_s, u"kiln-tst-debian"_s,
                                      u"docker://"_s + base.pushed().reference},
                                     600000);
    QVERIFY2(from.code == 0, qPrintable(from.describe()));
    storage.setContainer(u"kiln-tst-debian"_s);
    qInfo("buildah from: %.1f s", double(step.elapsed()) / 1000.0);

    const Ran os = storage.runIn({u"sh"_s, u"-c"_s, u". /etc/os-release; echo \"$ID $VERSION_ID\""_s}, 60000);
    QVERIFY2(os.code == 0, qPrintable(os.describe()));
    QCOMPARE(os.out.trimmed(), u"debian 12"_s);
    const Ran printEnv = storage.runIn({u"sh"_s, u"-c"_s, u"echo \"$PIP_INDEX_URL\""_s}, 60000);
    QCOMPARE(printEnv.out.trimmed(), wheels.indexUrl());

    // pip reaches the wheel server on the host's 127.0.0.1: chroot isolation shares the network.
    step.restart();
    const Ran absent = storage.runIn({u"pip"_s, u"install"_s, u"--no-cache-dir"_s, u"kiln-absent"_s}, 300000);
    QVERIFY2(absent.code != 0, qPrintable(absent.describe()));
    const Ran pip = storage.runIn({u"pip"_s, u"install"_s, u"--no-cache-dir"_s, u"kiln_marker"_s}, 300000);
    QVERIFY2(pip.code == 0, qPrintable(pip.describe()));
    QVERIFY2(pip.out.contains(u"Successfully installed kiln_marker-1.0"_s) ||
                 pip.out.contains(u"Successfully installed kiln-marker-1.0"_s),
             qPrintable(pip.describe()));
    const Ran import =
        storage.runIn({u"python3"_s, u"-c"_s, u"import kiln_marker; print(kiln_marker.MARKER)"_s}, 60000);
    QVERIFY2(import.code == 0, qPrintable(import.describe()));
    QCOMPARE(import.out.trimmed(), u"kiln-marker-ok"_s);
    QFile serverLog(wheels.directory() + u"/server.log"_s);
    QVERIFY(serverLog.open(QIODevice::ReadOnly));
    const QByteArray log = serverLog.readAll();
    QVERIFY2(log.contains("GET /simple/kiln-marker/") && log.contains("GET /files/kiln_marker-1.0"),
             log.constData());
    qInfo("pip: %.1f s", double(step.elapsed()) / 1000.0);

    // A real APT package from deb.debian.org.
    step.restart();
    const Ran apt = storage.runIn({u"sh"_s, u"-c"_s,
                                   u"export DEBIAN_FRONTEND=noninteractive; apt-get update && "
                                   "apt-get install -y --no-install-recommends hello && hello"_s},
                                  600000);
    QVERIFY2(apt.code == 0, qPrintable(apt.describe()));
    QVERIFY2(apt.out.trimmed().endsWith(u"Hello, world!"_s), qPrintable(apt.describe()));
    qInfo("apt: %.1f s; total %.1f s", double(step.elapsed()) / 1000.0, double(total.elapsed()) / 1000.0);

    // The container and all of its storage are gone afterwards.
    QVERIFY(QFileInfo(storagePath + u"/root"_s).isDir());
    owned.reset();
    QVERIFY2(!QFileInfo::exists(storagePath), qPrintable(storagePath));
}

void TestDebianBase::debianBasePushToClosedPortFailsWithBuildahStderr()
{
    if (RegistryServer::program().isEmpty() || BaseImage::buildahPath().isEmpty())
        QSKIP("docker-registry or buildah is not installed");
    if (!QFileInfo(DebianBase::cachedTarball()).isFile())
        QSKIP("the Debian tree is not cached (the test above made it, unless it was skipped)");
    // Nothing listens there once the probe server is gone.
    RegistryServer probe;
    QVERIFY2(probe.start(), qPrintable(probe.errorString()));
    const QString address = probe.address();
    probe.stop();

    DebianBase base;
    QVERIFY(!base.build(address, {{u"PIP_TRUSTED_HOST"_s, u"127.0.0.1"_s}}));
    QVERIFY(base.usedCache());
    QVERIFY2(base.errorString().startsWith(u"buildah commit failed"_s), qPrintable(base.errorString()));
    QVERIFY2(base.errorString().contains(address), qPrintable(base.errorString()));
    QVERIFY(base.pushed().reference.isEmpty());
    QVERIFY(!QFileInfo::exists(base.lastWorkDirectory()));
}

int main(int argc, char **argv)
{
    // A cold cache runs debootstrap for minutes: QtTest's own limit per test function
    // (5 minutes) must not end it before ctest's TIMEOUT does.
    if (qEnvironmentVariableIsEmpty("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "1200000");
    QCoreApplication app(argc, argv);
    TestDebianBase test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_debianbase.moc"
