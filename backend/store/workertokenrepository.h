#pragma once

#include "remote/workerapi.h"
#include "storeerror.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Kiln {

class Catalogue;

// A kiln-worker's bearer token as stored: never the secret, only its SHA-256.
struct WorkerToken
{
    QString id;   // 16 lowercase hex digits, the "<id>" of "kw_<id>_<secret>"
    QString name; // what it is for ("ci", "desktop of alice"); may be empty
    WorkerScopes scopes;
    qint64 createdAt = 0;
    std::optional<qint64> lastUsedAt;
    std::optional<qint64> revokedAt;

    bool revoked() const { return revokedAt.has_value(); }

    friend bool operator==(const WorkerToken &, const WorkerToken &) = default;
};

// A token just created: the full bearer text exists only here (print it once).
struct NewWorkerToken
{
    WorkerToken token;
    QByteArray bearer; // "kw_<id>_<secret>"
};

// Why a bearer token is not accepted. The message is for the client (401): it
// never echoes the token.
struct WorkerTokenRefusal
{
    enum class Reason
    {
        Malformed, // not "kw_<16 hex>_<43 base64url>"
        Unknown,   // no token with that id
        Revoked,
        Mismatch, // the id exists, the secret is wrong
        Store,    // the catalogue failed (the server answers 500/503, not 401)
    };
    Reason reason = Reason::Malformed;
    QString message;
};

// The worker_tokens rows of a kiln-worker's own catalogue. Usable from any thread.
class WorkerTokenRepository
{
public:
    explicit WorkerTokenRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // A new token with 32 random bytes of secret (base64url, unpadded). Invalid
    // for no scopes or a name with control characters.
    Result<NewWorkerToken, StoreError> create(WorkerScopes scopes, const QString &name = {}) const;
    Result<WorkerToken, StoreError> get(const QString &id) const;
    // Ordered by creation time, revoked ones included.
    Result<QList<WorkerToken>, StoreError> list() const;
    // Sets revokedAt (once; revoking again keeps the first time). NotFound for an unknown id.
    Result<WorkerToken, StoreError> revoke(const QString &id) const;

    // The token's row when `bearer` is a live token: the SHA-256 of its secret is
    // compared in constant time. Records lastUsedAt (at most once a minute).
    Result<WorkerToken, WorkerTokenRefusal> verify(QByteArrayView bearer) const;

private:
    const Catalogue &m_catalogue;
};

} // namespace Kiln
