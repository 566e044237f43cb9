#include "enginecommands.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Kiln {

EngineCommands::EngineCommands(ContainerEngineKind kind, QString program, EngineStorage storage)
    : m_kind(kind)
    , m_program(std::move(program))
    , m_storage(std::move(storage))
{}

QStringList EngineCommands::global() const
{
    QStringList out;
    if (m_kind == ContainerEngineKind::Docker)
        return out;
    if (!m_storage.root.isEmpty())
        out << u"--root"_s << m_storage.root;
    if (!m_storage.runRoot.isEmpty())
        out << u"--runroot"_s << m_storage.runRoot;
    if (!m_storage.driver.isEmpty())
        out << u"--storage-driver"_s << m_storage.driver;
    return out;
}

QStringList EngineCommands::access(const RegistryAccess &registry) const
{
    // docker: the daemon decides about TLS (its insecure-registries list), and the
    // credentials come with the global --config directory (see below).
    if (m_kind == ContainerEngineKind::Docker)
        return {};
    QStringList out{u"--tls-verify="_s + (registry.tlsVerify ? u"true"_s : u"false"_s)};
    if (!registry.authFile.isEmpty())
        out << u"--authfile"_s << registry.authFile;
    return out;
}

namespace {

const QStringList kBuildahRetry{QStringLiteral("--retry"), QStringLiteral("1"),
                                QStringLiteral("--retry-delay"), QStringLiteral("1s")};

// docker reads credentials from <dir>/config.json, named with the global --config.
QStringList dockerConfig(const RegistryAccess &access)
{
    if (access.authFile.isEmpty())
        return {};
    const qsizetype slash = access.authFile.lastIndexOf(u'/');
    return {u"--config"_s, slash > 0 ? access.authFile.left(slash) : access.authFile};
}

} // namespace

EngineInvocation EngineCommands::pull(const QString &reference, const RegistryAccess &registry) const
{
    switch (m_kind) {
    case ContainerEngineKind::Buildah:
        // Kiln retries itself (bake.pushRetries, each retry noted in the log).
        // buildah 1.28 reads "--retry 0" as "its default, 3 retries", so one
        // quick retry inside each of Kiln's attempts is as low as it goes.
        // --policy always: ask the registry every time (a moved tag, revoked
        // access), even when the image is in local storage already.
        return {m_program, global() + QStringList{u"pull"_s, u"--policy"_s, u"always"_s} + kBuildahRetry +
                               access(registry) + QStringList{reference}};
    case ContainerEngineKind::Podman:
        return {m_program, global() + QStringList{u"pull"_s} + access(registry) + QStringList{reference}};
    case ContainerEngineKind::Docker:
        return {m_program, dockerConfig(registry) + QStringList{u"pull"_s, reference}};
    }
    return {};
}

EngineInvocation EngineCommands::inspectUser(const QString &reference) const
{
    switch (m_kind) {
    case ContainerEngineKind::Buildah:
        return {m_program, global() + QStringList{u"inspect"_s, u"--type"_s, u"image"_s, u"--format"_s,
                                                  u"{{.OCIv1.Config.User}}"_s, reference}};
    case ContainerEngineKind::Podman:
        return {m_program, global() + QStringList{u"image"_s, u"inspect"_s, u"--format"_s,
                                                  u"{{.Config.User}}"_s, reference}};
    case ContainerEngineKind::Docker:
        return {m_program,
                QStringList{u"image"_s, u"inspect"_s, u"--format"_s, u"{{.Config.User}}"_s, reference}};
    }
    return {};
}

EngineInvocation EngineCommands::build(const QString &containerfile, const QString &contextDir,
                                       const QString &tag, const RegistryAccess &registry) const
{
    switch (m_kind) {
    case ContainerEngineKind::Buildah:
    case ContainerEngineKind::Podman: {
        QStringList args = global() + QStringList{u"build"_s, u"--pull=false"_s, u"--layers=false"_s};
        if (!m_storage.isolation.isEmpty())
            args << u"--isolation"_s << m_storage.isolation;
        if (m_storage.maxOpenFiles > 0)
            args << u"--ulimit"_s << u"nofile=%1:%1"_s.arg(m_storage.maxOpenFiles);
        if (m_storage.maxProcesses > 0)
            args << u"--ulimit"_s << u"nproc=%1:%1"_s.arg(m_storage.maxProcesses);
        args += access(registry);
        args << u"-f"_s << containerfile << u"-t"_s << tag << contextDir;
        return {m_program, args};
    }
    case ContainerEngineKind::Docker:
        return {m_program, dockerConfig(registry) + QStringList{u"build"_s, u"--pull=false"_s, u"-f"_s,
                                                                containerfile, u"-t"_s, tag, contextDir}};
    }
    return {};
}

EngineInvocation EngineCommands::push(const QString &tag, const RegistryAccess &registry,
                                      const QString &digestFile) const
{
    switch (m_kind) {
    case ContainerEngineKind::Buildah:
        return {m_program, global() + QStringList{u"push"_s} + kBuildahRetry + access(registry) +
                               QStringList{u"--digestfile"_s, digestFile, tag, u"docker://"_s + tag}};
    case ContainerEngineKind::Podman:
        return {m_program, global() + QStringList{u"push"_s} + access(registry) +
                               QStringList{u"--digestfile"_s, digestFile, tag, u"docker://"_s + tag}};
    case ContainerEngineKind::Docker:
        return {m_program, dockerConfig(registry) + QStringList{u"push"_s, tag}};
    }
    return {};
}

EngineInvocation EngineCommands::removeImage(const QString &tag) const
{
    if (m_kind == ContainerEngineKind::Docker)
        return {m_program, {u"image"_s, u"rm"_s, tag}};
    return {m_program, global() + QStringList{u"rmi"_s, tag}};
}

QByteArray EngineCommands::authJson(const QList<RegistryLogin> &logins)
{
    QJsonObject auths;
    for (const RegistryLogin &login : logins) {
        const QByteArray token = (login.username + u':' + login.password).toUtf8().toBase64();
        auths.insert(login.host, QJsonObject{{u"auth"_s, QString::fromLatin1(token)}});
    }
    return QJsonDocument(QJsonObject{{u"auths"_s, auths}}).toJson(QJsonDocument::Compact);
}

QString EngineCommands::parsePushDigest(const QStringList &output)
{
    static const QRegularExpression digest(u"\\bdigest: (sha256:[0-9a-f]{64})\\b"_s);
    for (auto it = output.crbegin(); it != output.crend(); ++it) {
        const auto match = digest.match(*it);
        if (match.hasMatch())
            return match.captured(1);
    }
    return {};
}

} // namespace Kiln
