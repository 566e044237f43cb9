#include "debianbase.h"

#include "registryserver.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace KilnTest {

namespace {

constexpr int kDebootstrapTimeoutMs = 20 * 60 * 1000;
constexpr int kLockTimeoutMs = 25 * 60 * 1000;
constexpr int kTarTimeoutMs = 5 * 60 * 1000;
constexpr int kBuildahTimeoutMs = 5 * 60 * 1000;
constexpr int kPushTimeoutMs = 10 * 60 * 1000;
// Part of the cache key: bump it when what is done to the tree after debootstrap changes.
constexpr auto kTreeRecipe = "kiln-debian-tree-v1: rm var/cache/apt/archives/*.deb var/lib/apt/lists/*; "
                             "tar --numeric-owner without dev/*, proc/*, sys/*";

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

// Unmounts whatever an interrupted debootstrap left mounted below `path` (proc, sys,
// in a container even a bind mount of the host's /dev), deepest first.
void unmountBelow(const QString &path)
{
    QFile mountInfo(u"/proc/self/mountinfo"_s);
    if (path.isEmpty() || !mountInfo.open(QIODevice::ReadOnly))
        return;
    const QString prefix = QDir(path).absolutePath() + u'/';
    QStringList points;
    const QList<QByteArray> lines = mountInfo.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 5)
            continue;
        QByteArray point = fields.at(4);
        point.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        const QString decoded = QFile::decodeName(point);
        if (decoded.startsWith(prefix))
            points << decoded;
    }
    std::sort(points.begin(), points.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &point : std::as_const(points))
        QProcess::execute(u"umount"_s, {u"-l"_s, point});
}

// Removes a directory tree even where vfs storage left read-only directories, never
// crossing into another file system.
void removeTree(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return;
    unmountBelow(path);
    QProcess::execute(u"rm"_s, {u"-rf"_s, u"--one-file-system"_s, path});
    if (QFileInfo::exists(path)) {
        QProcess::execute(u"chmod"_s, {u"-R"_s, u"u+rwX"_s, path});
        QProcess::execute(u"rm"_s, {u"-rf"_s, u"--one-file-system"_s, path});
    }
}

QString fileTail(const QString &path, qint64 bytes = 3000)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > bytes)
        file.seek(file.size() - bytes);
    return QString::fromLocal8Bit(file.readAll()).trimmed();
}

} // namespace

DebianBase::DebianBase() = default;

DebianBase::~DebianBase()
{
    removeTree(m_workDir);
}

QString DebianBase::debootstrapPath()
{
    const QString inPath = QStandardPaths::findExecutable(u"debootstrap"_s);
    if (!inPath.isEmpty())
        return inPath;
    return QStandardPaths::findExecutable(u"debootstrap"_s, {u"/usr/sbin"_s, u"/sbin"_s});
}

QStringList DebianBase::debootstrapArguments(const QString &target)
{
    return {u"--variant=minbase"_s, u"--include=python3-pip,ca-certificates"_s, u"bookworm"_s, target,
            u"http://deb.debian.org/debian"_s};
}

QString DebianBase::cacheDirectory()
{
    const QString fromEnv = qEnvironmentVariable("KILN_CI_CACHE");
    return fromEnv.isEmpty() ? u"/var/cache/kiln-ci"_s : fromEnv;
}

QString DebianBase::cachedTarball()
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(kTreeRecipe));
    for (const QString &argument : debootstrapArguments(u"<tree>"_s))
        hash.addData(QByteArray('\n' + argument.toUtf8()));
    return u"%1/debian-bookworm-pip-%2.tar"_s.arg(cacheDirectory(),
                                                  QString::fromLatin1(hash.result().toHex().left(12)));
}

bool DebianBase::run(const QString &program, const QStringList &arguments, int timeoutMs,
                     const QString &label, const QString &logFile)
{
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    if (!logFile.isEmpty()) {
        process.setStandardOutputFile(logFile, QIODevice::Append);
        process.setStandardErrorFile(logFile, QIODevice::Append);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!m_workDir.isEmpty()) {
        env.insert(u"TMPDIR"_s, m_workDir + u"/tmp"_s);
        env.insert(u"CONTAINERS_STORAGE_CONF"_s, m_workDir + u"/storage.conf"_s);
        env.insert(u"REGISTRY_AUTH_FILE"_s, m_workDir + u"/auth.json"_s);
        env.insert(u"BUILDAH_ISOLATION"_s, u"chroot"_s);
    }
    env.insert(u"NO_PROXY"_s, u"127.0.0.1,localhost"_s);
    env.insert(u"no_proxy"_s, u"127.0.0.1,localhost"_s);
    // debootstrap and tar need the sbin directories, which a user's PATH may lack.
    env.insert(u"PATH"_s, env.value(u"PATH"_s) + u":/usr/local/sbin:/usr/sbin:/sbin"_s);
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        m_error = u"could not start %1: %2"_s.arg(program, process.errorString());
        return false;
    }
    const auto errorText = [&process, &logFile] {
        return logFile.isEmpty() ? QString::fromLocal8Bit(process.readAllStandardError()).trimmed()
                                 : u"end of %1:\n%2"_s.arg(logFile, fileTail(logFile));
    };
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        m_error = u"%1 did not finish within %2 s: %3"_s.arg(label).arg(timeoutMs / 1000).arg(errorText());
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_error = u"%1 failed (exit code %2): %3"_s.arg(label).arg(process.exitCode()).arg(errorText());
        return false;
    }
    return true;
}

bool DebianBase::buildah(const QString &dir, const QStringList &arguments, int timeoutMs)
{
    const QStringList global{u"--root"_s,           dir + u"/storage/root"_s,
                             u"--runroot"_s,        dir + u"/storage/run"_s,
                             u"--storage-driver"_s, u"vfs"_s};
    return run(BaseImage::buildahPath(), global + arguments, timeoutMs, u"buildah "_s + arguments.value(0));
}

bool DebianBase::build(const QString &registryAddress, const QMap<QString, QString> &env, const QString &name,
                       const QString &tag)
{
    m_error.clear();
    m_pushed = {};
    m_usedCache = false;
    static const QRegularExpression validName(
        u"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"_s);
    static const QRegularExpression validTag(u"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$"_s);
    static const QRegularExpression validKey(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    if (!validName.match(name).hasMatch()) {
        m_error =
            u"\"%1\" is not a valid repository name (lowercase [a-z0-9._-] parts joined by '/')"_s.arg(name);
        return false;
    }
    if (!validTag.match(tag).hasMatch()) {
        m_error = u"\"%1\" is not a valid tag"_s.arg(tag);
        return false;
    }
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (!validKey.match(it.key()).hasMatch()) {
            m_error =
                u"\"%1\" is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)"_s.arg(it.key());
            return false;
        }
        if (it.value().contains(u'\n') || it.value().contains(QChar(0))) {
            m_error =
                u"the value of the environment variable %1 contains a line break or NUL"_s.arg(it.key());
            return false;
        }
    }
    if (BaseImage::buildahPath().isEmpty()) {
        m_error = u"buildah was not found in PATH"_s;
        return false;
    }
    removeTree(m_workDir);
    m_workDir.clear();
    QTemporaryDir dir(QDir::tempPath() + u"/kiln-debianbase-XXXXXX"_s);
    if (!dir.isValid()) {
        m_error = u"could not create a temporary directory: "_s + dir.errorString();
        return false;
    }
    dir.setAutoRemove(false); // removeTree() below: vfs storage has read-only directories
    m_workDir = dir.path();
    // Removes the directory (unmounting what debootstrap left mounted in it) if this
    // process dies during the build.
    startWatchdog(m_workDir, u"grep -o \" $d/[^ ]*\" /proc/self/mountinfo | sort -r | "
                             "while read -r m; do umount -l \"$m\"; done"_s);
    const bool ok = buildIn(m_workDir, registryAddress, env, name, tag);
    removeTree(m_workDir);
    if (ok && QFileInfo::exists(m_workDir)) {
        m_error = u"could not remove the build directory "_s + m_workDir;
        return false;
    }
    return ok;
}

bool DebianBase::ensureTarball(const QString &dir)
{
    const QString tarball = cachedTarball();
    if (QFileInfo(tarball).isFile()) {
        m_usedCache = true;
        return true;
    }
    if (!QDir().mkpath(cacheDirectory())) {
        m_error = u"could not create the cache directory %1 (set KILN_CI_CACHE to a writable one)"_s.arg(
            cacheDirectory());
        return false;
    }
    // One debootstrap at a time; a lock whose process died is taken over.
    QLockFile lock(tarball + u".lock"_s);
    lock.setStaleLockTime(0);
    if (!lock.tryLock(kLockTimeoutMs)) {
        m_error = u"could not lock %1.lock within %2 s (error %3)"_s.arg(tarball)
                      .arg(kLockTimeoutMs / 1000)
                      .arg(int(lock.error()));
        return false;
    }
    if (QFileInfo(tarball).isFile()) { // made by another process while this one waited
        m_usedCache = true;
        return true;
    }
    return makeTarball(dir, tarball);
}

bool DebianBase::makeTarball(const QString &dir, const QString &tarball)
{
    if (!isRoot()) {
        m_error = u"debootstrap needs root, and %1 is not cached yet"_s.arg(tarball);
        return false;
    }
    const QString debootstrap = debootstrapPath();
    if (debootstrap.isEmpty()) {
        m_error = u"debootstrap was not found (install the debootstrap package)"_s;
        return false;
    }
    const QString tree = dir + u"/tree"_s;
    const QString log = dir + u"/debootstrap.log"_s;
    if (!run(debootstrap, debootstrapArguments(tree), kDebootstrapTimeoutMs, u"debootstrap"_s, log)) {
        const QString inner = fileTail(tree + u"/debootstrap/debootstrap.log"_s);
        if (!inner.isEmpty())
            m_error += u"\nend of the tree's debootstrap/debootstrap.log:\n"_s + inner;
        return false;
    }
    if (!QFileInfo(tree + u"/usr/bin/pip3"_s).exists() || !QFileInfo(tree + u"/usr/bin/python3"_s).exists()) {
        m_error = u"debootstrap finished, but %1 has no usr/bin/python3 and usr/bin/pip3"_s.arg(tree);
        return false;
    }
    // Smaller and like the official images: no downloaded packages, no package lists.
    for (const QString &sub : {u"var/cache/apt/archives"_s, u"var/lib/apt/lists"_s}) {
        const QDir directory(tree + u'/' + sub);
        const QStringList entries = directory.entryList(QDir::Files | QDir::NoDotAndDotDot);
        for (const QString &entry : entries) {
            if (entry != u"lock"_s)
                QFile::remove(directory.filePath(entry));
        }
    }
    const QString temporary = u"%1.tmp-%2"_s.arg(tarball).arg(QCoreApplication::applicationPid());
    QFile::remove(temporary);
    if (!run(u"tar"_s,
             {u"--numeric-owner"_s, u"--exclude=./dev/*"_s, u"--exclude=./proc/*"_s, u"--exclude=./sys/*"_s,
              u"-C"_s, tree, u"-cf"_s, temporary, u"."_s},
             kTarTimeoutMs, u"tar"_s)) {
        QFile::remove(temporary);
        return false;
    }
    // rename(2) replaces atomically: the cache holds a complete tarball or none.
    if (std::rename(QFile::encodeName(temporary).constData(), QFile::encodeName(tarball).constData()) != 0) {
        m_error = u"could not rename %1 to %2"_s.arg(temporary, tarball);
        QFile::remove(temporary);
        return false;
    }
    removeTree(tree);
    return true;
}

bool DebianBase::buildIn(const QString &dir, const QString &registry, const QMap<QString, QString> &env,
                         const QString &name, const QString &tag)
{
    for (const QString &sub : {u"tmp"_s, u"storage/root"_s, u"storage/run"_s}) {
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
    if (!ensureTarball(dir))
        return false;

    const QString container =
        u"kiln-debian-%1"_s.arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    if (!buildah(dir, {u"from"_s, u"--name"_s, container, u"scratch"_s}, kBuildahTimeoutMs))
        return false;
    // buildah add unpacks a local tar archive, keeping owners and modes.
    if (!buildah(dir, {u"add"_s, container, cachedTarball(), u"/"_s}, kBuildahTimeoutMs))
        return false;
    QStringList config{u"config"_s,
                       u"--cmd"_s,
                       u"/bin/bash"_s,
                       u"--env"_s,
                       u"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"_s,
                       u"--env"_s,
                       u"LANG=C.UTF-8"_s};
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        config << u"--env"_s << it.key() + u'=' + it.value();
    config << container;
    if (!buildah(dir, config, kBuildahTimeoutMs))
        return false;
    // Straight to the registry (see BaseImage), uncompressed: gzip would cost more time
    // than the bytes it saves on the loopback.
    const QString reference = u"%1/%2:%3"_s.arg(registry, name, tag);
    if (!buildah(dir,
                 {u"commit"_s, u"--rm"_s, u"--disable-compression"_s, u"--tls-verify=false"_s, container,
                  u"docker://"_s + reference},
                 kPushTimeoutMs))
        return false;
    const RegistryServer::Reply manifest =
        RegistryServer::get(registry, u"/v2/%1/manifests/%2"_s.arg(name, tag),
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
