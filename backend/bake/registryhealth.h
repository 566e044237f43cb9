#pragma once

#include "ociclient.h"
#include "store/registryrepository.h"
#include "store/secretrepository.h"

#include <QFuture>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace Kiln {

// What the last OCI distribution check of a registry found.
enum class RegistryHealthStatus
{
    Unknown,     // never checked
    Healthy,     // GET /v2/ answered 200 (after the 401 challenge and login when needed)
    AuthFailed,  // the registry wants credentials and none, or wrong ones, were given
    Unreachable, // no connection, a timeout, a TLS failure or a 5xx
    NotOci,      // something answered, but not the OCI distribution API
};

// "unknown", "healthy", "auth-failed", "unreachable", "not-oci": the catalogue's
// health_status values and kilnctl's.
QString registryHealthName(RegistryHealthStatus status);
std::optional<RegistryHealthStatus> registryHealthFromName(const QString &name);

struct RegistryHealth
{
    RegistryHealthStatus status = RegistryHealthStatus::Unknown;
    std::optional<qint64> latencyMs; // the answer's round trip; nullopt without an answer
    qint64 checkedAt = 0;            // ms since the epoch (UTC)
    QString message;                 // a sentence for a person; never a secret

    friend bool operator==(const RegistryHealth &, const RegistryHealth &) = default;
};

// The health a ping result means. Pure.
RegistryHealth classifyPing(const Result<OciPing, OciError> &ping, qint64 checkedAtMs);

// The stored health of a registry row (its health_* columns).
RegistryHealth storedHealth(const Registry &registry);

// Resolves a secret (id or name) to a login, e.g. resolveCredential() bound to the
// catalogue and the vault. The composition root passes the same function the bake
// service gets.
using CredentialLookup = std::function<QFuture<Result<Credential, QString>>(const QString &)>;

// Runs OCI distribution checks (GET /v2/, the 401 challenge, Basic or a Bearer
// token with the stored credentials) through one OciClient. Lives on the thread of
// the OciClient; every future finishes there. Never blocks.
class RegistryHealthChecker : public QObject
{
    Q_OBJECT

public:
    RegistryHealthChecker(OciClient *client, CredentialLookup credentials, QObject *parent = nullptr);

    // A catalogue registry with the login of its credentials secret (none without
    // one). A secret that cannot be read gives AuthFailed naming the secret.
    QFuture<RegistryHealth> check(const Registry &registry);
    // "Test connection" for an entry not saved yet: the login typed in the dialog,
    // else the one of `registry.credentialsSecretId`, else none.
    QFuture<RegistryHealth> test(const Registry &registry, std::optional<Credential> login);

private:
    OciClient *m_client;
    CredentialLookup m_credentials;
};

} // namespace Kiln
