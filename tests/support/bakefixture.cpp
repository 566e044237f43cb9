#include "bakefixture.h"

#include "testsupport.h"

#include "store/catalogue.h"
#include "store/registryrepository.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace KilnTest {

QByteArray standInScript(const QString &name, int sleepSeconds)
{
    const QByteArray n = name.toUtf8();
    return "#!/bin/sh\n"
           "# Kiln test stand-in for " +
           n +
           ": records its arguments as the recipe passed them.\n"
           "printf '%s' '" +
           n +
           "' >> /kiln-recorded\n"
           "for a in \"$@\"; do printf ' %s|' \"$a\" >> /kiln-recorded; done\n"
           "printf '\\n' >> /kiln-recorded\n"
           "echo \"" +
           n +
           " ran as uid $(id -u)\"\n"
           "for a in \"$@\"; do\n"
           "  case \"$a\" in\n"
           "    kiln-sleep) echo 'kiln-sleep started'; sleep " +
           QByteArray::number(sleepSeconds) +
           " ;;\n"
           "    no-such-package) echo 'E: Unable to locate package no-such-package' >&2; exit 100 ;;\n"
           "    kiln-chatty) i=0; while [ $i -lt 5000 ]; do echo \"chatty line $i\"; i=$((i+1)); done ;;\n"
           "    kiln-full) echo 'write /var/cache/x: no space left on device' >&2; exit 1 ;;\n"
           "  esac\n"
           "done\n"
           "exit 0\n";
}

BakeFixture::BakeFixture()
    : m_sleepSeconds(int(600 + QCoreApplication::applicationPid() % 30000))
{}

BakeFixture::~BakeFixture()
{
    cleanup();
}

bool BakeFixture::start()
{
    if (!m_registry.start()) {
        m_error = u"registry: "_s + m_registry.errorString();
        return false;
    }
    m_storage = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/kiln-bake-storage-XXXXXX"_s);
    if (!m_storage->isValid()) {
        m_error = u"no temporary directory for the engine storage"_s;
        return false;
    }
    // If the test dies first, a watchdog removes the storage (vfs layers are big).
    startWatchdog(m_storage->path(),
                  u"buildah --root \"$d/root\" --runroot \"$d/run\" --storage-driver vfs rm -a"_s);
    QMap<QString, QByteArray> files;
    for (const QString &name : {u"apt-get"_s, u"conda"_s, u"pip"_s})
        files.insert(u"/usr/bin/"_s + name, standInScript(name, m_sleepSeconds));
    BaseImage root(m_registry.address());
    if (!root.build({u"kiln/base"_s, u"1"_s, {}, files})) {
        m_error = u"base image: "_s + root.errorString();
        return false;
    }
    m_base = root.pushed();
    BaseImage user(m_registry.address());
    if (!user.build({u"kiln/base-user"_s, u"1"_s, u"kiln"_s, files})) {
        m_error = u"non-root base image: "_s + user.errorString();
        return false;
    }
    m_userBase = user.pushed();
    return true;
}

void BakeFixture::cleanup()
{
    if (m_storage && m_storage->isValid()) {
        // buildah's containers hold mounts and read-only trees: let buildah remove
        // them before the directory goes.
        QProcess::execute(u"buildah"_s, storageArguments() + QStringList{u"rm"_s, u"-a"_s});
        QProcess::execute(u"buildah"_s, storageArguments() + QStringList{u"rmi"_s, u"-a"_s, u"-f"_s});
        QProcess::execute(u"rm"_s, {u"-rf"_s, m_storage->path()});
    }
    m_storage.reset();
    m_registry.stop();
}

QString BakeFixture::storageRoot() const
{
    return m_storage ? m_storage->filePath(u"root"_s) : QString();
}

QString BakeFixture::runRoot() const
{
    return m_storage ? m_storage->filePath(u"run"_s) : QString();
}

QStringList BakeFixture::storageArguments() const
{
    return {u"--root"_s, storageRoot(), u"--runroot"_s, runRoot(), u"--storage-driver"_s, u"vfs"_s};
}

Kiln::BakeOptions BakeFixture::options() const
{
    Kiln::BakeOptions options;
    options.storage = {storageRoot(), runRoot(), u"vfs"_s, u"chroot"_s};
    options.enginePreference = {u"buildah"_s};
    options.retryBaseDelayMs = 200;
    options.pollIntervalMs = 100;
    return options;
}

QString BakeFixture::addPushRegistry(const Kiln::Catalogue &catalogue, const QString &name,
                                     const QString &address) const
{
    const QString host = address.isEmpty() ? m_registry.address() : address;
    Kiln::Registry registry;
    registry.name = name;
    registry.publicUrl = u"http://"_s + host;
    registry.imagePrefix = host + u"/kiln-built"_s;
    registry.tlsVerify = false;
    registry.registryType = Kiln::RegistryType::Internal;
    registry.pushTarget = true;
    auto created = Kiln::RegistryRepository(catalogue).create(registry);
    return created.ok() ? QString() : created.error().message;
}

QString BakeFixture::addBaseRegistry(const Kiln::Catalogue &catalogue) const
{
    Kiln::Registry registry;
    registry.name = u"fixture"_s;
    registry.publicUrl = u"http://"_s + m_registry.address();
    registry.imagePrefix = m_registry.address();
    registry.tlsVerify = false;
    auto created = Kiln::RegistryRepository(catalogue).create(registry);
    return created.ok() ? QString() : created.error().message;
}

QByteArray BakeFixture::manifest(const QString &repository, const QString &tag, QString *digest,
                                 QString *error) const
{
    const auto reply = m_registry.get(u"/v2/%1/manifests/%2"_s.arg(repository, tag),
                                      {{"Accept", "application/vnd.oci.image.manifest.v1+json, "
                                                  "application/vnd.docker.distribution.manifest.v2+json"}});
    if (reply.status != 200) {
        if (error)
            *error = u"GET manifest %1:%2 answered %3 %4"_s.arg(repository, tag)
                         .arg(reply.status)
                         .arg(reply.error);
        return {};
    }
    if (digest)
        *digest = QString::fromLatin1(reply.header("Docker-Content-Digest"));
    return reply.body;
}

QString BakeFixture::manifestDigest(const QString &repository, const QString &tag) const
{
    QString digest;
    manifest(repository, tag, &digest, nullptr);
    return digest;
}

QByteArray BakeFixture::imageConfig(const QString &repository, const QString &tag, QString *error) const
{
    const QJsonObject manifestJson =
        QJsonDocument::fromJson(manifest(repository, tag, nullptr, error)).object();
    const QString config = manifestJson.value(u"config"_s).toObject().value(u"digest"_s).toString();
    if (config.isEmpty())
        return {};
    return m_registry.get(u"/v2/%1/blobs/%2"_s.arg(repository, config)).body;
}

QByteArray BakeFixture::fileInImage(const QString &repository, const QString &tag, const QString &path,
                                    QString *error) const
{
    const QJsonObject manifestJson =
        QJsonDocument::fromJson(manifest(repository, tag, nullptr, error)).object();
    const QJsonArray layers = manifestJson.value(u"layers"_s).toArray();
    QTemporaryDir dir;
    for (qsizetype i = layers.size() - 1; i >= 0; --i) {
        const QString digest = layers.at(i).toObject().value(u"digest"_s).toString();
        const auto blob = m_registry.get(u"/v2/%1/blobs/%2"_s.arg(repository, digest), {}, 60000);
        if (blob.status != 200)
            continue;
        const QString file = dir.filePath(u"layer"_s);
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(blob.body) != blob.body.size())
            return {};
        out.close();
        // tar detects gzip/zstd/plain itself with -a on extraction of -x; use the
        // explicit auto-detecting form for reading one member.
        QProcess tar;
        tar.start(u"tar"_s, {u"-xf"_s, file, u"-O"_s, path});
        tar.waitForFinished(60000);
        if (tar.exitStatus() == QProcess::NormalExit && tar.exitCode() == 0)
            return tar.readAllStandardOutput();
    }
    if (error && error->isEmpty())
        *error = u"no layer of %1:%2 holds %3"_s.arg(repository, tag, path);
    return {};
}

QList<qint64> processesMatching(const QByteArray &needle)
{
    QList<qint64> out;
    const qint64 self = QCoreApplication::applicationPid();
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || pid == self)
            continue;
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
        if (!cmdline.open(QIODevice::ReadOnly))
            continue;
        QByteArray text = cmdline.readAll();
        text.replace('\0', ' ');
        if (text.contains(needle))
            out.append(pid);
    }
    return out;
}

} // namespace KilnTest
