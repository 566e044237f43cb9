#pragma once

#include "containerengine.h"

#include <QString>
#include <QStringList>

namespace Kiln {

// Where an engine keeps images and how it isolates RUN steps. Empty fields leave
// the engine's own default (its storage.conf). docker ignores all of them: its
// daemon owns storage and isolation.
struct EngineStorage
{
    QString root;      // --root
    QString runRoot;   // --runroot
    QString driver;    // --storage-driver, e.g. "vfs" or "overlay"
    QString isolation; // buildah/podman build --isolation: "chroot", "oci", "rootless"
    // RUN steps' limits of open files and processes (--ulimit nofile=N:N,
    // --ulimit nproc=N:N); 0: the engine's default. buildah 1.39 running as root
    // raises both to 1048576 and fails where the hard limits are lower, so the
    // bake service passes its own hard limits.
    qint64 maxOpenFiles = 0;
    qint64 maxProcesses = 0;

    friend bool operator==(const EngineStorage &, const EngineStorage &) = default;
};

// One command line: the program and its arguments. Secrets never appear in it;
// credentials travel in the auth file named by `authFile`.
struct EngineInvocation
{
    QString program;
    QStringList arguments;

    friend bool operator==(const EngineInvocation &, const EngineInvocation &) = default;
};

// Registry access for one step.
struct RegistryAccess
{
    QString authFile;      // containers-auth.json (buildah/podman) or a docker config dir; empty: none
    bool tlsVerify = true; // false: plain HTTP or unverified TLS (the registry's "insecure" flag)
};

// A login for one registry host ("host[:port]"), for the auth file only.
struct RegistryLogin
{
    QString host;
    QString username;
    QString password;
};

// The command lines of the four build steps for buildah, podman and docker.
// Pure: nothing runs here.
class EngineCommands
{
public:
    EngineCommands(ContainerEngineKind kind, QString program, EngineStorage storage = {});

    ContainerEngineKind kind() const { return m_kind; }

    // Fetches `reference` into the engine's storage (always asks the registry).
    EngineInvocation pull(const QString &reference, const RegistryAccess &access) const;
    // Prints the image's configured USER (possibly empty) on one line.
    EngineInvocation inspectUser(const QString &reference) const;
    // Builds `containerfile` in `contextDir` as `tag`, using only the base already
    // pulled (no second pull, no layer cache).
    EngineInvocation build(const QString &containerfile, const QString &contextDir, const QString &tag,
                           const RegistryAccess &access) const;
    // Pushes the local `tag` to the same reference in its registry. buildah and
    // podman write the manifest digest to `digestFile`; docker prints it (see
    // parsePushDigest).
    EngineInvocation push(const QString &tag, const RegistryAccess &access, const QString &digestFile) const;
    // Removes the local image `tag` (storage is reclaimed after a push).
    EngineInvocation removeImage(const QString &tag) const;

    // The auth file's contents for some logins:
    // {"auths": {"host": {"auth": base64("user:password")}, ...}}, the format of
    // containers-auth.json and of docker's config.json alike. A later login for the
    // same host replaces an earlier one.
    static QByteArray authJson(const QList<RegistryLogin> &logins);

    // The digest in docker's push output ("latest: digest: sha256:... size: 528");
    // empty when there is none.
    static QString parsePushDigest(const QStringList &output);

private:
    QStringList global() const;
    QStringList access(const RegistryAccess &access) const;

    ContainerEngineKind m_kind;
    QString m_program;
    EngineStorage m_storage;
};

} // namespace Kiln
