#pragma once

#include "storeerror.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;
class SecretVault;

enum class SecretKind
{
    RegistryCredential, // username + password for a registry (push, pull, health checks)
    PullSecret,         // username + password a spec uses to pull its base image
    WorkerToken,        // the token a kiln-worker daemon accepts
};

// "registry-credential", "pull-secret", "worker-token": the catalogue's and kilnctl's names.
QString secretKindName(SecretKind kind);
std::optional<SecretKind> secretKindFromName(const QString &name);

// Pure checks of what a person types for a secret (the Secrets dialog, kilnctl and
// create()/markRotated()): the column (1-based) of the first bad character.
// A username may be empty; ':' and control characters are refused (it goes into
// "user:password" basic auth).
Result<Done> validateSecretUsername(const QString &username);
// A password or token: required, without line breaks or other control characters.
Result<Done> validateSecretValue(const QString &value);

// The metadata of a secret. The value itself is never in the catalogue: it lives
// in the SecretVault under keychainRef.
struct Secret
{
    QString id;
    QString name; // unique, DNS-1123
    SecretKind kind = SecretKind::RegistryCredential;
    QString username;    // empty for none (worker tokens)
    QString keychainRef; // "kiln:<uuid>", the SecretVault key
    qint64 createdAt = 0;
    std::optional<qint64> rotatedAt;

    friend bool operator==(const Secret &, const Secret &) = default;
};

// Secret rows. Usable from any thread. Removing a secret clears the references of
// registries, workers and images to it (ON DELETE SET NULL).
class SecretRepository
{
public:
    explicit SecretRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // A fresh vault key, "kiln:<uuid>": write the value under it first, then create().
    static QString newKeychainRef();

    // Invalid for a bad name or a username with ':' or control characters (it goes
    // into "user:password" basic auth), Conflict for a taken name. An empty
    // keychainRef gets newKeychainRef().
    Result<Secret, StoreError> create(const QString &name, SecretKind kind, const QString &username,
                                      const QString &keychainRef = {}) const;
    Result<Secret, StoreError> get(const QString &id) const;
    Result<Secret, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<Secret, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<Secret>, StoreError> list() const;
    // The value was replaced: sets rotatedAt to now and the username.
    Result<Secret, StoreError> markRotated(const QString &id, const QString &username) const;
    Result<Done, StoreError> remove(const QString &id) const;

    // What refers to a secret, each list sorted by name: shown before a delete
    // (which clears those references) and in the Secrets page's "Used by".
    struct Usage
    {
        QStringList registries;
        QStringList specs;   // specs whose pull secret it is
        QStringList images;  // images whose pull secret it is
        QStringList workers; // workers whose token it is
        bool isEmpty() const
        {
            return registries.isEmpty() && specs.isEmpty() && images.isEmpty() && workers.isEmpty();
        }
        friend bool operator==(const Usage &, const Usage &) = default;
    };
    Result<Usage, StoreError> usage(const QString &id) const;
    // usage() of every secret at once, by secret id (one query per kind).
    Result<QHash<QString, Usage>, StoreError> usageOfAll() const;

private:
    const Catalogue &m_catalogue;
};

// What a registry login needs. Never logged or stored.
struct Credential
{
    QString username;
    QString password;
};

// The row named or identified by `idOrName` and its value from the vault, as a
// username and a UTF-8 password. The row is read on the calling thread; the
// future finishes on the vault's thread. Errors are sentences (store or vault).
QFuture<Result<Credential, QString>> resolveCredential(const SecretRepository &secrets, SecretVault &vault,
                                                       const QString &idOrName);

} // namespace Kiln
