#pragma once

#include "storeerror.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;

enum class RegistryStorage
{
    S3,
    ObjectStore,
    Fs,
    Unknown,
};

enum class RegistryType
{
    Internal, // run by the platform
    External, // someone else's (Docker Hub, a vendor's registry, ...)
};

// "s3", "object-store", "fs", "unknown"; "internal", "external".
QString registryStorageName(RegistryStorage storage);
std::optional<RegistryStorage> registryStorageFromName(const QString &name);
QString registryTypeName(RegistryType type);
std::optional<RegistryType> registryTypeFromName(const QString &name);

// A container registry Kiln pushes to or pulls from: every column of `registries`
// plus its tags (registry_tags).
struct Registry
{
    QString id;
    QString name;                    // unique, DNS-1123
    QMap<QString, QString> metadata; // free key/value notes, stored as a JSON object
    QString publicUrl;               // http(s)://host[:port][/path], what people browse
    QString imagePrefix;             // host[:port][/path] that image references start with
    bool authRequired = false;       // pulls and pushes need credentials
    bool mirrorEnabled = false;      // acts as a pull-through mirror
    bool tlsVerify = true;           // false: --insecure (plain HTTP or an unverified certificate)
    QString customCaFile;            // absolute path of a CA bundle; empty: the system's
    qint64 maxLayerSizeMb = -1;      // -1: unknown / unlimited
    RegistryStorage storageType = RegistryStorage::Unknown;
    qint64 storageSizeMb = -1; // -1: unknown
    qint64 memoryMb = -1;      // -1: unknown
    RegistryType registryType = RegistryType::External;
    bool pushTarget = false;     // built images go here; at most one registry is
    QString credentialsSecretId; // a secrets row; empty: anonymous
    QString healthStatus = QStringLiteral("unknown");
    std::optional<qint64> healthLatencyMs;
    std::optional<qint64> healthCheckedAt;
    QString healthMessage;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QStringList tags; // sorted, each a valid name

    friend bool operator==(const Registry &, const Registry &) = default;
};

// Checks what a person can type: name, public URL (http or https, a host, an
// optional port, no user:password), image prefix (a registry host[:port] with an
// optional repository path; no scheme, no trailing '/', no tag or digest), the
// CA file (absolute), the sizes (>= -1), metadata keys (not empty) and tags
// (valid names, no duplicates). The error names the field and the column.
Result<Done> validateRegistry(const Registry &registry);

// "host[:port]" used for logins, auth files and pushes: the host of the image
// prefix, else the host and port of the public URL.
QString registryHost(const Registry &registry);

// Registries and their tags. Usable from any thread.
class RegistryRepository
{
public:
    explicit RegistryRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Validates (Invalid naming the field), Conflict for a taken name, NotFound for
    // an unknown credentials secret. pushTarget true makes it the only push target.
    Result<Registry, StoreError> create(const Registry &registry) const;
    // create() keeping `registry.id` (an import): Invalid unless it is a UUID,
    // Conflict when the id or the name is taken.
    Result<Registry, StoreError> createWithId(const Registry &registry) const;
    Result<Registry, StoreError> get(const QString &id) const;
    Result<Registry, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<Registry, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<Registry>, StoreError> list() const;
    // Saves everything a person edits, tags included (replaced). The name, the
    // push-target flag (setPushTarget) and the health fields do not change here.
    Result<Registry, StoreError> update(const Registry &registry) const;
    Result<Done, StoreError> remove(const QString &id) const;

    // Makes `id` the one push target (clears the flag of the others in the same transaction).
    Result<Registry, StoreError> setPushTarget(const QString &id) const;
    // No push target at all.
    Result<Done, StoreError> clearPushTarget() const;
    Result<std::optional<Registry>, StoreError> pushTarget() const;

    // Stores the result of a health check in the health_* columns, leaving
    // updated_at alone. `status` is one of the health names ("unknown", "healthy",
    // "auth-failed", "unreachable", "not-oci"; Invalid otherwise); `checkedAt` is ms
    // since the epoch. NotFound when the registry is gone.
    Result<Done, StoreError> recordHealth(const QString &id, const QString &status,
                                          std::optional<qint64> latencyMs, qint64 checkedAt,
                                          const QString &message) const;

private:
    Result<Registry, StoreError> insert(const Registry &registry, bool keepId) const;

    const Catalogue &m_catalogue;
};

// The health_status values recordHealth() accepts, "unknown" first.
QStringList registryHealthNames();

} // namespace Kiln
