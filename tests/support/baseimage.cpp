#include "baseimage.h"

#include "testsupport.h"

#include "registryserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

constexpr int kBuildahTimeoutMs = 120000;
constexpr int kPushTimeoutMs = 180000;

bool writeFile(const QString &path, const QByteArray &content, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size()) {
        *error = u"could not write %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

bool isRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

// Removes a directory tree even where vfs storage left read-only directories.
void removeTree(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return;
    QProcess::execute(u"chmod"_s, {u"-R"_s, u"u+rwX"_s, path});
    if (!QDir(path).removeRecursively())
        QProcess::execute(u"rm"_s, {u"-rf"_s, path});
}

} // namespace

BaseImage::BaseImage(const QString &registryAddress)
    : m_registry(registryAddress)
{}

BaseImage::~BaseImage()
{
    removeTree(m_workDir);
}

QString BaseImage::busyboxPath()
{
    const QString fromEnv = qEnvironmentVariable("KILN_BUSYBOX");
    const QString path = fromEnv.isEmpty() ? u"/bin/busybox"_s : fromEnv;
    return QFileInfo(path).isExecutable() ? path : QString();
}

QString BaseImage::buildahPath()
{
    return QStandardPaths::findExecutable(u"buildah"_s);
}

bool BaseImage::run(const QString &program, const QStringList &arguments, int timeoutMs, QString *output,
                    const QString &workDir, const QString &label)
{
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    if (!m_workDir.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"TMPDIR"_s, m_workDir + u"/tmp"_s);
        env.insert(u"CONTAINERS_STORAGE_CONF"_s, m_workDir + u"/storage.conf"_s);
        env.insert(u"REGISTRY_AUTH_FILE"_s, m_workDir + u"/auth.json"_s);
        env.insert(u"BUILDAH_ISOLATION"_s, u"chroot"_s);
        env.insert(u"NO_PROXY"_s, u"127.0.0.1,localhost"_s);
        env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
        process.setProcessEnvironment(env);
    }
    const QString command =
        label.isEmpty() ? QFileInfo(program).fileName() + u' ' + arguments.value(0) : label;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        m_error = u"could not start %1: %2"_s.arg(program, process.errorString());
        return false;
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        m_error = u"%1 did not finish within %2 s: %3"_s.arg(command)
                      .arg(timeoutMs / 1000)
                      .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return false;
    }
    const QString out = QString::fromLocal8Bit(process.readAllStandardOutput());
    if (output)
        *output = out;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed (exit code %2): %3"_s.arg(command)
                      .arg(process.exitCode())
                      .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

bool BaseImage::buildah(const QString &dir, const QStringList &arguments, int timeoutMs, QString *output)
{
    const QStringList global{u"--root"_s,           dir + u"/storage/root"_s,
                             u"--runroot"_s,        dir + u"/storage/run"_s,
                             u"--storage-driver"_s, u"vfs"_s};
    return run(buildahPath(), global + arguments, timeoutMs, output, {}, u"buildah "_s + arguments.value(0));
}

bool BaseImage::makeRootfs(const QString &rootfs, const BaseImageSpec &spec)
{
    const QString busybox = busyboxPath();
    for (const QString &sub : {u"bin"_s, u"sbin"_s, u"usr/bin"_s, u"usr/sbin"_s, u"etc"_s, u"tmp"_s,
                               u"root"_s, u"home/kiln"_s, u"var/tmp"_s, u"proc"_s, u"sys"_s, u"dev"_s}) {
        if (!QDir().mkpath(rootfs + u'/' + sub)) {
            m_error = u"could not create %1/%2"_s.arg(rootfs, sub);
            return false;
        }
    }
    if (!QFile::copy(busybox, rootfs + u"/bin/busybox"_s) ||
        !QFile::setPermissions(rootfs + u"/bin/busybox"_s,
                               QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                   QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther)) {
        m_error = u"could not copy %1 into the rootfs"_s.arg(busybox);
        return false;
    }
    QString list;
    if (!run(busybox, {u"--list-full"_s}, 10000, &list))
        return false;
    int links = 0;
    const QStringList applets = list.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &applet : applets) {
        const QString relative = applet.trimmed();
        if (relative.isEmpty() || relative.startsWith(u'/') || relative.contains(u".."_s) ||
            relative == u"bin/busybox"_s)
            continue;
        const QString link = rootfs + u'/' + relative;
        QDir().mkpath(QFileInfo(link).path());
        if (QFileInfo(link).exists() || QFileInfo(link).isSymLink())
            continue;
        if (!QFile::link(u"/bin/busybox"_s, link)) {
            m_error = u"could not create the applet link "_s + link;
            return false;
        }
        ++links;
    }
    if (links < 10 || !QFileInfo(rootfs + u"/bin/sh"_s).isSymLink()) {
        m_error = u"`%1 --list-full` listed too few applets (%2) or no bin/sh"_s.arg(busybox).arg(links);
        return false;
    }
    if (!writeFile(rootfs + u"/etc/passwd"_s,
                   "root:x:0:0:root:/root:/bin/sh\n"
                   "kiln:x:1000:1000:kiln:/home/kiln:/bin/sh\n"
                   "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
                   &m_error) ||
        !writeFile(rootfs + u"/etc/group"_s, "root:x:0:\nkiln:x:1000:\nnogroup:x:65534:\n", &m_error))
        return false;
    if (!run(u"chmod"_s, {u"1777"_s, rootfs + u"/tmp"_s, rootfs + u"/var/tmp"_s}, 10000))
        return false;

    for (auto it = spec.files.cbegin(); it != spec.files.cend(); ++it) {
        const QString &path = it.key();
        if (!path.startsWith(u'/') || path.split(u'/').contains(u".."_s) || path.endsWith(u'/')) {
            m_error = u"the extra file path \"%1\" is not an absolute file path without \"..\""_s.arg(path);
            return false;
        }
        const QString target = rootfs + path;
        QDir().mkpath(QFileInfo(target).path());
        if (!writeFile(target, it.value(), &m_error))
            return false;
        if (it.value().startsWith("#!"))
            QFile::setPermissions(target, QFile::permissions(target) | QFile::ExeOwner | QFile::ExeGroup |
                                              QFile::ExeOther | QFile::ReadGroup | QFile::ReadOther);
    }
    if (isRoot()) {
        // Files belong to root (the test runs as root); /home/kiln to kiln.
        if (!run(u"chown"_s, {u"1000:1000"_s, rootfs + u"/home/kiln"_s}, 10000))
            return false;
    }
    return true;
}

bool BaseImage::build(const BaseImageSpec &spec)
{
    m_error.clear();
    m_pushed = {};
    static const QRegularExpression validName(
        u"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"_s);
    static const QRegularExpression validTag(u"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$"_s);
    if (!validName.match(spec.name).hasMatch()) {
        m_error = u"\"%1\" is not a valid repository name (lowercase [a-z0-9._-] parts joined by '/')"_s.arg(
            spec.name);
        return false;
    }
    if (!validTag.match(spec.tag).hasMatch()) {
        m_error = u"\"%1\" is not a valid tag"_s.arg(spec.tag);
        return false;
    }
    if (buildahPath().isEmpty()) {
        m_error = u"buildah was not found in PATH"_s;
        return false;
    }
    if (busyboxPath().isEmpty()) {
        m_error = u"/bin/busybox was not found (install busybox-static or set KILN_BUSYBOX)"_s;
        return false;
    }
    removeTree(m_workDir);
    QTemporaryDir dir(QDir::tempPath() + u"/kiln-baseimage-XXXXXX"_s);
    if (!dir.isValid()) {
        m_error = u"could not create a temporary directory: "_s + dir.errorString();
        return false;
    }
    dir.setAutoRemove(false); // removeTree() below: vfs storage has read-only directories
    m_workDir = dir.path();
    // Removes the directory if this process dies during the build.
    startWatchdog(m_workDir);
    const bool ok = buildIn(m_workDir, spec);
    removeTree(m_workDir);
    if (ok && QFileInfo::exists(m_workDir)) {
        m_error = u"could not remove the build directory "_s + m_workDir;
        return false;
    }
    return ok;
}

bool BaseImage::buildIn(const QString &dir, const BaseImageSpec &spec)
{
    for (const QString &sub : {u"tmp"_s, u"storage/root"_s, u"storage/run"_s, u"rootfs"_s}) {
        if (!QDir().mkpath(dir + u'/' + sub)) {
            m_error = u"could not create %1/%2"_s.arg(dir, sub);
            return false;
        }
    }
    const QByteArray storageConf = "[storage]\ndriver = \"vfs\"\nrunroot = \"" + QFile::encodeName(dir) +
                                   "/storage/run\"\ngraphroot = \"" + QFile::encodeName(dir) +
                                   "/storage/root\"\n";
    if (!writeFile(dir + u"/storage.conf"_s, storageConf, &m_error) ||
        !writeFile(dir + u"/auth.json"_s, "{\"auths\":{}}\n", &m_error))
        return false;

    const QString rootfs = dir + u"/rootfs"_s;
    if (!makeRootfs(rootfs, spec))
        return false;
    QStringList tarArguments{u"--numeric-owner"_s};
    if (!isRoot())
        tarArguments << u"--owner=0"_s << u"--group=0"_s;
    tarArguments << u"-C"_s << rootfs << u"-cf"_s << dir + u"/rootfs.tar"_s << u"."_s;
    if (!run(u"tar"_s, tarArguments, 60000))
        return false;

    const QString container =
        u"kiln-base-%1"_s.arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    if (!buildah(dir, {u"from"_s, u"--name"_s, container, u"scratch"_s}, kBuildahTimeoutMs))
        return false;
    if (!buildah(dir, {u"add"_s, container, dir + u"/rootfs.tar"_s, u"/"_s}, kBuildahTimeoutMs))
        return false;
    QStringList config{u"config"_s, u"--cmd"_s, u"/bin/sh"_s, u"--env"_s,
                       u"PATH=/usr/sbin:/usr/bin:/sbin:/bin"_s};
    if (!spec.user.isEmpty())
        config << u"--user"_s << spec.user;
    config << container;
    if (!buildah(dir, config, kBuildahTimeoutMs))
        return false;
    // Straight to the registry: committing into the local storage first would apply the
    // layer there, which needs "/" to be a mount point (it is not in a plain chroot).
    const QString reference = u"%1/%2:%3"_s.arg(m_registry, spec.name, spec.tag);
    if (!buildah(dir,
                 {u"commit"_s, u"--rm"_s, u"--tls-verify=false"_s, container, u"docker://"_s + reference},
                 kPushTimeoutMs))
        return false;
    const RegistryServer::Reply manifest =
        RegistryServer::get(m_registry, u"/v2/%1/manifests/%2"_s.arg(spec.name, spec.tag),
                            {{"Accept", "application/vnd.oci.image.manifest.v1+json, "
                                        "application/vnd.docker.distribution.manifest.v2+json"}},
                            10000);
    const QString digest = QString::fromLatin1(manifest.header("Docker-Content-Digest"));
    if (manifest.status != 200 || !digest.startsWith(u"sha256:"_s)) {
        m_error = u"the registry has no manifest for %1 after buildah commit (HTTP %2 %3)"_s.arg(reference)
                      .arg(manifest.status)
                      .arg(manifest.error);
        return false;
    }
    m_pushed.reference = reference;
    m_pushed.digest = digest;
    return true;
}

} // namespace KilnTest
