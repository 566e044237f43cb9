#include "workerrepository.h"

#include "catalogue.h"
#include "domain/names.h"
#include "domain/workerurl.h"
#include "secretrepository.h"
#include "secretvault.h"
#include "sqlsupport.h"

#include <QDir>
#include <QPromise>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kWorkerColumns =
    u"w.id, w.name, w.url, w.token_secret_id, w.custom_ca_file, w.enabled, w.status, w.status_message, "
    "w.last_seen_at, w.version, w.capacity, w.disk_free_bytes, w.running_jobs, w.created_at, w.updated_at"_s;

Worker readWorker(const QSqlQuery &q)
{
    Worker w;
    w.id = q.value(0).toString();
    w.name = q.value(1).toString();
    w.url = q.value(2).toString();
    w.tokenSecretId = StoreSql::text(q.value(3));
    w.customCaFile = StoreSql::text(q.value(4));
    w.enabled = q.value(5).toBool();
    w.status = q.value(6).toString();
    w.statusMessage = StoreSql::text(q.value(7));
    w.lastSeenAt = StoreSql::optionalInt(q.value(8));
    w.version = StoreSql::text(q.value(9));
    w.capacity = StoreSql::optionalInt(q.value(10));
    w.diskFreeBytes = StoreSql::optionalInt(q.value(11));
    w.runningJobs = StoreSql::optionalInt(q.value(12));
    w.createdAt = q.value(13).toLongLong();
    w.updatedAt = q.value(14).toLongLong();
    return w;
}

Result<Worker, StoreError> fetchWorker(const Catalogue &catalogue, const QString &column,
                                       const QString &value)
{
    return StoreSql::selectOne(catalogue,
                               u"SELECT %1 FROM workers w WHERE w.%2 = :value"_s.arg(kWorkerColumns, column),
                               {{u":value"_s, value}}, u"read the worker %1"_s.arg(quoted(value)), readWorker,
                               StoreSql::notFound(u"worker"_s, column, value));
}

// What create() and update() check besides the name.
Result<Done, StoreError> checkWorkerFields(const Worker &worker)
{
    if (auto url = validateWorkerUrl(worker.url); !url.ok())
        return StoreError{StoreError::Code::Invalid, u"The worker %1 is not valid: %2"_s.arg(
                                                         quoted(worker.name), url.error().describe())};
    if (!worker.customCaFile.isEmpty() && !QDir::isAbsolutePath(worker.customCaFile))
        return StoreError{StoreError::Code::Invalid,
                          u"The worker %1 is not valid: CA file, column 1: the CA file must be an "
                          "absolute path"_s.arg(quoted(worker.name))};
    return Done{};
}

Result<Done, StoreError> checkWorkerTokenSecret(StoreSql::Session &s, const QString &secretId,
                                                const QString &action)
{
    if (secretId.isEmpty())
        return Done{};
    auto found = s.exec(u"SELECT kind FROM secrets WHERE id = :id"_s, {{u":id"_s, secretId}}, action);
    if (!found.ok())
        return found.error();
    if (!found.value().next())
        return StoreSql::notFound(u"secret"_s, u"id"_s, secretId);
    const QString kind = found.value().value(0).toString();
    if (kind != secretKindName(SecretKind::WorkerToken))
        return StoreError{StoreError::Code::Invalid,
                          u"The secret %1 is a %2, not a worker token."_s.arg(quoted(secretId), kind)};
    return Done{};
}

template <typename T>
QFuture<T> readyWorkerFuture(T value)
{
    QPromise<T> promise;
    QFuture<T> future = promise.future();
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return future;
}

Result<Done, WorkerTokenError> checkWorkerToken(const QByteArray &token)
{
    if (auto valid = validateWorkerToken(QString::fromUtf8(token)); !valid.ok())
        return u"The worker token is not valid: %1"_s.arg(valid.error().describe());
    return Done{};
}

QString defaultWorkerSecretName(const QString &workerName)
{
    // A name leaves room for the suffix only up to kMaxNameLength - 6 characters.
    return workerName.left(kMaxNameLength - 6) + u"-token"_s;
}

} // namespace

QStringList workerStatusNames()
{
    return {u"unknown"_s, u"online"_s, u"unreachable"_s, u"auth-failed"_s, u"error"_s};
}

Result<Worker, StoreError> WorkerRepository::create(const Worker &draft) const
{
    if (auto name = StoreSql::checkName(u"worker"_s, draft.name); !name.ok())
        return name.error();
    if (auto valid = checkWorkerFields(draft); !valid.ok())
        return valid.error();
    const QString action = u"create the worker %1"_s.arg(quoted(draft.name));
    auto session = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    if (auto secret = checkWorkerTokenSecret(s, draft.tokenSecretId, action); !secret.ok())
        return secret.error();
    const QString id = StoreSql::newId();
    auto inserted =
        s.exec(u"INSERT INTO workers (id, name, url, token_secret_id, custom_ca_file, enabled, status, "
               "created_at, updated_at) VALUES (:id, :name, :url, :secret, :ca, :enabled, 'unknown', :now, "
               ":now)"_s,
               {{u":id"_s, id},
                {u":name"_s, draft.name},
                {u":url"_s, draft.url},
                {u":secret"_s, StoreSql::nullableText(draft.tokenSecretId)},
                {u":ca"_s, StoreSql::nullableText(draft.customCaFile)},
                {u":enabled"_s, draft.enabled},
                {u":now"_s, qlonglong(s.now)}},
               action);
    if (!inserted.ok())
        return StoreSql::onConflict(inserted.error(),
                                    u"A worker named %1 already exists."_s.arg(quoted(draft.name)));
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return get(id);
}

Result<Worker, StoreError> WorkerRepository::get(const QString &id) const
{
    return fetchWorker(m_catalogue, u"id"_s, id);
}

Result<Worker, StoreError> WorkerRepository::getByName(const QString &name) const
{
    return fetchWorker(m_catalogue, u"name"_s, name);
}

Result<Worker, StoreError> WorkerRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &WorkerRepository::get, &WorkerRepository::getByName, idOrName,
                                    u"worker"_s);
}

Result<QList<Worker>, StoreError> WorkerRepository::list() const
{
    return StoreSql::selectAll(m_catalogue, u"SELECT %1 FROM workers w ORDER BY w.name"_s.arg(kWorkerColumns),
                               {}, u"list the workers"_s, readWorker);
}

Result<Worker, StoreError> WorkerRepository::update(const Worker &edited) const
{
    auto current = get(edited.id);
    if (!current.ok())
        return current.error();
    if (edited.name != current.value().name)
        return StoreError{StoreError::Code::Invalid,
                          u"The name of a worker cannot change (the worker is %1, not %2)."_s.arg(
                              quoted(current.value().name), quoted(edited.name))};
    if (auto valid = checkWorkerFields(edited); !valid.ok())
        return valid.error();
    const QString action = u"save the worker %1"_s.arg(quoted(edited.name));
    auto session = StoreSql::WriteSession::begin(m_catalogue, action);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value().session;
    if (auto secret = checkWorkerTokenSecret(s, edited.tokenSecretId, action); !secret.ok())
        return secret.error();
    auto updated = s.exec(u"UPDATE workers SET url = :url, token_secret_id = :secret, custom_ca_file = :ca, "
                          "enabled = :enabled, updated_at = :now WHERE id = :id"_s,
                          {{u":url"_s, edited.url},
                           {u":secret"_s, StoreSql::nullableText(edited.tokenSecretId)},
                           {u":ca"_s, StoreSql::nullableText(edited.customCaFile)},
                           {u":enabled"_s, edited.enabled},
                           {u":now"_s, qlonglong(s.now)},
                           {u":id"_s, edited.id}},
                          action);
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"worker"_s, u"id"_s, edited.id);
    if (auto committed = session.value().transaction.commit(action); !committed.ok())
        return committed.error();
    return get(edited.id);
}

Result<Done, StoreError> WorkerRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM workers WHERE id = :id"_s, {{u":id"_s, id}},
                                        u"delete the worker %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"worker"_s, u"id"_s, id);
    return Done{};
}

Result<Done, StoreError> WorkerRepository::recordCheck(const QString &id, const WorkerCheck &check) const
{
    if (!workerStatusNames().contains(check.status))
        return StoreError{StoreError::Code::Invalid,
                          u"%1 is not a worker status (expected %2)."_s.arg(
                              quoted(check.status), workerStatusNames().join(u", "_s))};
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto recorded = session.value().exec(
        u"UPDATE workers SET status = :status, status_message = :message, "
        "last_seen_at = COALESCE(:seen, last_seen_at), version = COALESCE(:version, version), "
        "capacity = COALESCE(:capacity, capacity), disk_free_bytes = COALESCE(:disk, disk_free_bytes), "
        "running_jobs = COALESCE(:jobs, running_jobs) WHERE id = :id"_s,
        {{u":status"_s, check.status},
         {u":message"_s, StoreSql::nullableText(check.message)},
         {u":seen"_s, StoreSql::nullableInt(check.seenAt)},
         {u":version"_s, StoreSql::nullableText(check.version)},
         {u":capacity"_s, StoreSql::nullableInt(check.capacity)},
         {u":disk"_s, StoreSql::nullableInt(check.diskFreeBytes)},
         {u":jobs"_s, StoreSql::nullableInt(check.runningJobs)},
         {u":id"_s, id}},
        u"record the check of the worker %1"_s.arg(quoted(id)));
    if (!recorded.ok())
        return recorded.error();
    if (recorded.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"worker"_s, u"id"_s, id);
    return Done{};
}

QFuture<Result<Worker, WorkerTokenError>> addWorker(const Catalogue &catalogue, SecretVault &vault,
                                                    const Worker &draft, const QByteArray &token,
                                                    const QString &secretName)
{
    using R = Result<Worker, WorkerTokenError>;
    if (auto valid = checkWorkerToken(token); !valid.ok())
        return readyWorkerFuture(R(valid.error()));
    if (auto name = StoreSql::checkName(u"worker"_s, draft.name); !name.ok())
        return readyWorkerFuture(R(name.error().message));
    if (auto valid = checkWorkerFields(draft); !valid.ok())
        return readyWorkerFuture(R(valid.error().message));
    const WorkerRepository workers(catalogue);
    if (workers.getByName(draft.name).ok())
        return readyWorkerFuture(R(u"A worker named %1 already exists."_s.arg(quoted(draft.name))));
    const QString name = secretName.isEmpty() ? defaultWorkerSecretName(draft.name) : secretName;
    if (auto valid = StoreSql::checkName(u"secret"_s, name); !valid.ok())
        return readyWorkerFuture(R(valid.error().message));
    if (SecretRepository(catalogue).getByName(name).ok())
        return readyWorkerFuture(R(u"A secret named %1 already exists."_s.arg(quoted(name))));
    // The value first, then the rows that point at it; undo what was done when a step fails.
    const QString ref = SecretRepository::newKeychainRef();
    SecretVault *v = &vault;
    const Catalogue *c = &catalogue;
    return vault.write(ref, token)
        .then(QtFuture::Launch::Sync, [c, v, draft, name, ref](const Result<Done, VaultError> &written) -> R {
            if (!written.ok())
                return u"Could not store the worker token: %1"_s.arg(written.error().message);
            const SecretRepository secrets(*c);
            auto secret = secrets.create(name, SecretKind::WorkerToken, {}, ref);
            if (!secret.ok()) {
                v->remove(ref);
                return secret.error().message;
            }
            Worker worker = draft;
            worker.tokenSecretId = secret.value().id;
            auto created = WorkerRepository(*c).create(worker);
            if (!created.ok()) {
                secrets.remove(secret.value().id);
                v->remove(ref);
                return created.error().message;
            }
            return created.value();
        });
}

QFuture<Result<Worker, WorkerTokenError>> setWorkerToken(const Catalogue &catalogue, SecretVault &vault,
                                                         const QString &workerId, const QByteArray &token)
{
    using R = Result<Worker, WorkerTokenError>;
    if (auto valid = checkWorkerToken(token); !valid.ok())
        return readyWorkerFuture(R(valid.error()));
    const WorkerRepository workers(catalogue);
    auto worker = workers.get(workerId);
    if (!worker.ok())
        return readyWorkerFuture(R(worker.error().message));
    const SecretRepository secrets(catalogue);
    const Catalogue *c = &catalogue;
    SecretVault *v = &vault;
    if (!worker->tokenSecretId.isEmpty()) {
        auto secret = secrets.get(worker->tokenSecretId);
        if (!secret.ok())
            return readyWorkerFuture(R(secret.error().message));
        const QString secretId = secret->id;
        return vault.write(secret->keychainRef, token)
            .then(QtFuture::Launch::Sync,
                  [c, workerId, secretId](const Result<Done, VaultError> &written) -> R {
                      if (!written.ok())
                          return u"Could not store the worker token: %1"_s.arg(written.error().message);
                      if (auto rotated = SecretRepository(*c).markRotated(secretId, {}); !rotated.ok())
                          return u"The new token is stored, but %1"_s.arg(rotated.error().message);
                      auto updated = WorkerRepository(*c).get(workerId);
                      if (!updated.ok())
                          return updated.error().message;
                      return updated.value();
                  });
    }
    const QString name = defaultWorkerSecretName(worker->name);
    if (secrets.getByName(name).ok())
        return readyWorkerFuture(R(u"A secret named %1 already exists."_s.arg(quoted(name))));
    const QString ref = SecretRepository::newKeychainRef();
    const Worker current = worker.value();
    return vault.write(ref, token)
        .then(QtFuture::Launch::Sync,
              [c, v, current, name, ref](const Result<Done, VaultError> &written) -> R {
                  if (!written.ok())
                      return u"Could not store the worker token: %1"_s.arg(written.error().message);
                  const SecretRepository rows(*c);
                  auto secret = rows.create(name, SecretKind::WorkerToken, {}, ref);
                  if (!secret.ok()) {
                      v->remove(ref);
                      return secret.error().message;
                  }
                  Worker edited = current;
                  edited.tokenSecretId = secret->id;
                  auto updated = WorkerRepository(*c).update(edited);
                  if (!updated.ok()) {
                      rows.remove(secret->id);
                      v->remove(ref);
                      return updated.error().message;
                  }
                  return updated.value();
              });
}

QFuture<Result<QByteArray, WorkerTokenError>> workerToken(const Catalogue &catalogue, SecretVault &vault,
                                                          const QString &workerId)
{
    using R = Result<QByteArray, WorkerTokenError>;
    struct Source
    {
        QString workerName;
        QString keychainRef;
    };
    using S = Result<Source, WorkerTokenError>;
    // The rows are read on the pool (never on the caller's thread, which may be the
    // GUI's), then the value on the vault's thread.
    const Catalogue *c = &catalogue;
    SecretVault *v = &vault;
    return QtConcurrent::run([c, workerId]() -> S {
               auto worker = WorkerRepository(*c).get(workerId);
               if (!worker.ok())
                   return worker.error().message;
               if (worker->tokenSecretId.isEmpty())
                   return u"The worker %1 has no token."_s.arg(quoted(worker->name));
               auto secret = SecretRepository(*c).get(worker->tokenSecretId);
               if (!secret.ok())
                   return secret.error().message;
               return Source{worker->name, secret->keychainRef};
           })
        .then(QtFuture::Launch::Sync,
              [v](const S &source) -> QFuture<R> {
                  if (!source.ok())
                      return readyWorkerFuture(R(source.error()));
                  const QString name = source->workerName;
                  return v->read(source->keychainRef)
                      .then(QtFuture::Launch::Sync, [name](const Result<QByteArray, VaultError> &value) -> R {
                          if (!value.ok())
                              return u"Could not read the token of the worker %1: %2"_s.arg(
                                  quoted(name), value.error().message);
                          return value.value();
                      });
              })
        .unwrap();
}

QFuture<Result<Done, WorkerTokenError>> removeWorker(const Catalogue &catalogue, SecretVault &vault,
                                                     const QString &workerId)
{
    using R = Result<Done, WorkerTokenError>;
    const WorkerRepository workers(catalogue);
    auto worker = workers.get(workerId);
    if (!worker.ok())
        return readyWorkerFuture(R(worker.error().message));
    if (auto removed = workers.remove(workerId); !removed.ok())
        return readyWorkerFuture(R(removed.error().message));
    if (worker->tokenSecretId.isEmpty())
        return readyWorkerFuture(R(Done{}));
    const SecretRepository secrets(catalogue);
    auto secret = secrets.get(worker->tokenSecretId);
    auto usage = secrets.usage(worker->tokenSecretId);
    if (!secret.ok() || !usage.ok() || !usage->isEmpty())
        return readyWorkerFuture(R(Done{})); // gone already, or still used: leave it
    if (auto removed = secrets.remove(secret->id); !removed.ok())
        return readyWorkerFuture(
            R(u"The worker is removed, but not its token: %1"_s.arg(removed.error().message)));
    return vault.remove(secret->keychainRef)
        .then(QtFuture::Launch::Sync, [](const Result<Done, VaultError> &removed) -> R {
            if (!removed.ok())
                return u"The worker is removed, but its token could not be removed from the secret store: %1"_s
                    .arg(removed.error().message);
            return Done{};
        });
}

} // namespace Kiln
