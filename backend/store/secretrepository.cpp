#include "secretrepository.h"

#include "catalogue.h"
#include "secretvault.h"
#include "sqlsupport.h"

#include <QPromise>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kSecretColumns =
    u"s.id, s.name, s.kind, s.username, s.keychain_ref, s.created_at, s.rotated_at"_s;

Secret readSecret(const QSqlQuery &q)
{
    Secret secret;
    secret.id = q.value(0).toString();
    secret.name = q.value(1).toString();
    secret.kind = secretKindFromName(q.value(2).toString()).value_or(SecretKind::RegistryCredential);
    secret.username = StoreSql::text(q.value(3));
    secret.keychainRef = q.value(4).toString();
    secret.createdAt = q.value(5).toLongLong();
    secret.rotatedAt = StoreSql::optionalInt(q.value(6));
    return secret;
}

Result<Secret, StoreError> fetchOne(const Catalogue &catalogue, const QString &column, const QString &value)
{
    return StoreSql::selectOne(catalogue,
                               u"SELECT %1 FROM secrets s WHERE s.%2 = :value"_s.arg(kSecretColumns, column),
                               {{u":value"_s, value}}, u"read the secret %1"_s.arg(quoted(value)), readSecret,
                               StoreSql::notFound(u"secret"_s, column, value));
}

Result<Done, StoreError> checkUsername(const QString &username)
{
    auto valid = validateSecretUsername(username);
    if (!valid.ok())
        return StoreError{StoreError::Code::Invalid,
                          u"The username is not valid: column %1: %2"_s.arg(valid.error().column)
                              .arg(valid.error().message)};
    return Done{};
}

template <typename T>
QFuture<T> readyFuture(T value)
{
    QPromise<T> promise;
    QFuture<T> future = promise.future();
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return future;
}

} // namespace

Result<Done> validateSecretUsername(const QString &username)
{
    for (qsizetype i = 0; i < username.size(); ++i) {
        const QChar c = username.at(i);
        if (c == u':')
            return ValidationError(u"':' cannot be part of a username (it separates the username from the "
                                   "password in basic authentication)"_s,
                                   int(i + 1), 0, u"Username"_s);
        if (c.category() == QChar::Other_Control)
            return ValidationError(u"control characters cannot be part of a username"_s, int(i + 1), 0,
                                   u"Username"_s);
    }
    return Done{};
}

Result<Done> validateSecretValue(const QString &value)
{
    if (value.isEmpty())
        return ValidationError(u"a password or token is required"_s, 1, 0, u"Password"_s);
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c == u'\n' || c == u'\r')
            return ValidationError(u"line breaks cannot be part of a password or token"_s, int(i + 1), 0,
                                   u"Password"_s);
        if (c.category() == QChar::Other_Control)
            return ValidationError(u"control characters cannot be part of a password or token"_s, int(i + 1),
                                   0, u"Password"_s);
    }
    return Done{};
}

QString secretKindName(SecretKind kind)
{
    switch (kind) {
    case SecretKind::RegistryCredential:
        return u"registry-credential"_s;
    case SecretKind::PullSecret:
        return u"pull-secret"_s;
    case SecretKind::WorkerToken:
        return u"worker-token"_s;
    }
    return {};
}

std::optional<SecretKind> secretKindFromName(const QString &name)
{
    for (SecretKind kind :
         {SecretKind::RegistryCredential, SecretKind::PullSecret, SecretKind::WorkerToken}) {
        if (secretKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString SecretRepository::newKeychainRef()
{
    return u"kiln:"_s + StoreSql::newId();
}

Result<Secret, StoreError> SecretRepository::create(const QString &name, SecretKind kind,
                                                    const QString &username, const QString &keychainRef) const
{
    auto validName = StoreSql::checkName(u"secret"_s, name);
    if (!validName.ok())
        return validName.error();
    auto validUser = checkUsername(username);
    if (!validUser.ok())
        return validUser.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    Secret secret;
    secret.id = StoreSql::newId();
    secret.name = name;
    secret.kind = kind;
    secret.username = username;
    secret.keychainRef = keychainRef.isEmpty() ? newKeychainRef() : keychainRef;
    secret.createdAt = s.now;
    auto inserted =
        s.exec(u"INSERT INTO secrets (id, name, kind, username, keychain_ref, created_at, rotated_at) "
               "VALUES (:id, :name, :kind, :username, :ref, :created, NULL)"_s,
               {{u":id"_s, secret.id},
                {u":name"_s, secret.name},
                {u":kind"_s, secretKindName(kind)},
                {u":username"_s, StoreSql::nullableText(username)},
                {u":ref"_s, secret.keychainRef},
                {u":created"_s, qlonglong(secret.createdAt)}},
               u"create the secret %1"_s.arg(quoted(name)));
    if (!inserted.ok())
        return StoreSql::onConflict(
            inserted.error(),
            u"A secret named %1 (or with that keychain reference) already exists."_s.arg(quoted(name)));
    return get(secret.id);
}

Result<Secret, StoreError> SecretRepository::get(const QString &id) const
{
    return fetchOne(m_catalogue, u"id"_s, id);
}

Result<Secret, StoreError> SecretRepository::getByName(const QString &name) const
{
    return fetchOne(m_catalogue, u"name"_s, name);
}

Result<Secret, StoreError> SecretRepository::find(const QString &idOrName) const
{
    return StoreSql::findByIdOrName(*this, &SecretRepository::get, &SecretRepository::getByName, idOrName,
                                    u"secret"_s);
}

Result<QList<Secret>, StoreError> SecretRepository::list() const
{
    return StoreSql::selectAll(m_catalogue, u"SELECT %1 FROM secrets s ORDER BY s.name"_s.arg(kSecretColumns),
                               {}, u"list the secrets"_s, readSecret);
}

Result<Secret, StoreError> SecretRepository::markRotated(const QString &id, const QString &username) const
{
    auto validUser = checkUsername(username);
    if (!validUser.ok())
        return validUser.error();
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto updated =
        session.value().exec(u"UPDATE secrets SET username = :username, rotated_at = :now WHERE id = :id"_s,
                             {{u":username"_s, StoreSql::nullableText(username)},
                              {u":now"_s, qlonglong(session.value().now)},
                              {u":id"_s, id}},
                             u"record the rotation of the secret %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"secret"_s, u"id"_s, id);
    return get(id);
}

Result<Done, StoreError> SecretRepository::remove(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto removed = session.value().exec(u"DELETE FROM secrets WHERE id = :id"_s, {{u":id"_s, id}},
                                        u"delete the secret %1"_s.arg(quoted(id)));
    if (!removed.ok())
        return removed.error();
    if (removed.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"secret"_s, u"id"_s, id);
    return Done{};
}

namespace {

// Who refers to which secret: (secret id, user name) rows, one query per kind,
// optionally for one secret. Spec revisions refer to a secret by id or by name
// (plain text); only a spec's current revision counts.
const QList<std::pair<QStringList SecretRepository::Usage::*, QString>> &usageQueries()
{
    static const QList<std::pair<QStringList SecretRepository::Usage::*, QString>> queries{
        {&SecretRepository::Usage::registries,
         u"SELECT sec.id, x.name FROM registries x JOIN secrets sec ON sec.id = x.credentials_secret_id"_s},
        {&SecretRepository::Usage::specs,
         u"SELECT sec.id, x.name FROM image_specs x JOIN spec_revisions r ON r.id = x.current_revision_id "
         "JOIN secrets sec ON (r.pull_secret_ref = sec.id OR r.pull_secret_ref = sec.name)"_s},
        {&SecretRepository::Usage::images,
         u"SELECT sec.id, x.name FROM managed_images x JOIN secrets sec ON sec.id = x.pull_secret_id"_s},
        {&SecretRepository::Usage::images,
         u"SELECT sec.id, x.name FROM bake_images x JOIN secrets sec ON sec.id = x.pull_secret_id"_s},
        {&SecretRepository::Usage::workers,
         u"SELECT sec.id, x.name FROM workers x JOIN secrets sec ON sec.id = x.token_secret_id"_s},
    };
    return queries;
}

Result<QHash<QString, SecretRepository::Usage>, StoreError> readUsage(const Catalogue &catalogue,
                                                                      const QString &secretId)
{
    auto session = StoreSql::Session::open(catalogue);
    if (!session.ok())
        return session.error();
    QHash<QString, SecretRepository::Usage> usage;
    const QString action = secretId.isEmpty() ? u"read what uses the secrets"_s
                                              : u"read what uses the secret %1"_s.arg(quoted(secretId));
    for (const auto &[list, sql] : usageQueries()) {
        auto query = secretId.isEmpty() ? session.value().exec(sql, {}, action)
                                        : session.value().exec(sql + u" WHERE sec.id = :id"_s,
                                                               {{u":id"_s, secretId}}, action);
        if (!query.ok())
            return query.error();
        while (query.value().next())
            (usage[query.value().value(0).toString()].*list).append(query.value().value(1).toString());
    }
    for (SecretRepository::Usage &u : usage) {
        for (QStringList *names : {&u.registries, &u.specs, &u.images, &u.workers}) {
            names->sort();
            names->removeDuplicates(); // an image name may be both a managed and a bake image
        }
    }
    return usage;
}

} // namespace

Result<SecretRepository::Usage, StoreError> SecretRepository::usage(const QString &id) const
{
    auto secret = get(id);
    if (!secret.ok())
        return secret.error();
    auto usage = readUsage(m_catalogue, id);
    if (!usage.ok())
        return usage.error();
    return usage.value().value(id);
}

Result<QHash<QString, SecretRepository::Usage>, StoreError> SecretRepository::usageOfAll() const
{
    return readUsage(m_catalogue, {});
}

QFuture<Result<Credential, QString>> resolveCredential(const SecretRepository &secrets, SecretVault &vault,
                                                       const QString &idOrName)
{
    using R = Result<Credential, QString>;
    auto secret = secrets.find(idOrName);
    if (!secret.ok())
        return readyFuture(R(secret.error().message));
    const QString username = secret.value().username;
    return vault.read(secret.value().keychainRef)
        .then(QtFuture::Launch::Sync, [username](const Result<QByteArray, VaultError> &value) -> R {
            if (!value.ok())
                return value.error().message;
            return Credential{username, QString::fromUtf8(value.value())};
        });
}

} // namespace Kiln
