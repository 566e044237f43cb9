#pragma once

#include "storeerror.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Kiln {

class Catalogue;
class SecretVault;

// A remote kiln-worker daemon the desktop talks to. Its token is a `worker-token`
// secret: the row names it (tokenSecretId), the value lives in the SecretVault and
// never in the catalogue.
struct Worker
{
    QString id;
    QString name;                               // unique, DNS-1123, never changes
    QString url;                                // validateWorkerUrl(): https unless on loopback
    QString tokenSecretId;                      // a secrets row of kind worker-token; empty: none
    QString customCaFile;                       // absolute path of a PEM bundle trusted besides the system's
    bool enabled = true;                        // a disabled worker is neither polled nor warmed
    QString status = QStringLiteral("unknown"); // workerStatusNames()
    QString statusMessage;                      // why it is not online, for people
    std::optional<qint64> lastSeenAt;           // ms since the epoch of the last answer
    // What the worker said about itself at the last check (GET /api/v1/info).
    QString version;
    std::optional<qint64> capacity;
    std::optional<qint64> diskFreeBytes;
    std::optional<qint64> runningJobs;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    friend bool operator==(const Worker &, const Worker &) = default;
};

// "unknown", "online", "unreachable", "auth-failed", "error": the status column.
QStringList workerStatusNames();

// What one check of a worker found; recordCheck() stores it.
struct WorkerCheck
{
    QString status;               // one of workerStatusNames()
    QString message;              // empty when online
    std::optional<qint64> seenAt; // set when the worker answered; leaves last_seen_at alone otherwise
    QString version;
    std::optional<qint64> capacity;
    std::optional<qint64> diskFreeBytes;
    std::optional<qint64> runningJobs;
};

// Workers. Usable from any thread. Removing a worker removes its cache rows and
// group memberships (ON DELETE CASCADE); its token secret stays unless removed
// with removeWorker() below.
class WorkerRepository
{
public:
    explicit WorkerRepository(const Catalogue &catalogue)
        : m_catalogue(catalogue)
    {}

    // Invalid for a bad name, URL (validateWorkerUrl, naming the field) or a relative
    // CA file; Conflict for a taken name; NotFound for an unknown token secret.
    // Status and check fields are ignored ("unknown").
    Result<Worker, StoreError> create(const Worker &worker) const;
    Result<Worker, StoreError> get(const QString &id) const;
    Result<Worker, StoreError> getByName(const QString &name) const;
    // By id, else by name.
    Result<Worker, StoreError> find(const QString &idOrName) const;
    // Ordered by name.
    Result<QList<Worker>, StoreError> list() const;
    // Saves URL, token secret, CA file and enabled; the name cannot change.
    Result<Worker, StoreError> update(const Worker &worker) const;
    Result<Done, StoreError> remove(const QString &id) const;

    // Stores what a check found, leaving updated_at alone. NotFound when gone.
    Result<Done, StoreError> recordCheck(const QString &id, const WorkerCheck &check) const;

private:
    const Catalogue &m_catalogue;
};

// Why a worker could not be added, its token read or the worker removed: a
// sentence (store or vault error); never holds the token.
using WorkerTokenError = QString;

// Adds a worker with its token: checks the row, writes the token to the vault under
// a fresh key, then creates the worker-token secret `secretName` (empty:
// "<worker name>-token") and the worker row referring to it. Nothing is left behind
// when a step fails. The rows are written on the vault's thread; `catalogue` and
// `vault` must outlive the future.
QFuture<Result<Worker, WorkerTokenError>> addWorker(const Catalogue &catalogue, SecretVault &vault,
                                                    const Worker &worker, const QByteArray &token,
                                                    const QString &secretName = {});
// Replaces the token of a worker: overwrites the value of its secret (or, when it
// has none, adds one as addWorker() does) and marks the secret rotated.
QFuture<Result<Worker, WorkerTokenError>> setWorkerToken(const Catalogue &catalogue, SecretVault &vault,
                                                         const QString &workerId, const QByteArray &token);
// The token of a worker from the vault; an error when it has none. The rows are
// read on the thread pool, never on the calling thread.
QFuture<Result<QByteArray, WorkerTokenError>> workerToken(const Catalogue &catalogue, SecretVault &vault,
                                                          const QString &workerId);
// Removes the worker, then its token secret (row and value) when no other worker uses it.
QFuture<Result<Done, WorkerTokenError>> removeWorker(const Catalogue &catalogue, SecretVault &vault,
                                                     const QString &workerId);

} // namespace Kiln
