#include "workertokenrepository.h"

#include "catalogue.h"
#include "sqlsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kiln {

using StoreSql::quoted;

namespace {

const QString kTokenColumns = u"id, name, scopes, created_at, last_used_at, revoked_at"_s;

// lastUsedAt is written at most this often, so that verify() rarely writes.
constexpr qint64 kLastUsedResolutionMs = 60 * 1000;

WorkerToken readToken(const QSqlQuery &q)
{
    WorkerToken token;
    token.id = q.value(0).toString();
    token.name = StoreSql::text(q.value(1));
    auto scopes = parseWorkerScopes(q.value(2).toString().split(u' ', Qt::SkipEmptyParts));
    token.scopes = scopes.ok() ? scopes.value() : WorkerScopes();
    token.createdAt = q.value(3).toLongLong();
    token.lastUsedAt = StoreSql::optionalInt(q.value(4));
    token.revokedAt = StoreSql::optionalInt(q.value(5));
    return token;
}

QByteArray randomBytes(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes;
}

QString secretHash(QByteArrayView secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex());
}

// Compares two strings of the same length without stopping at the first difference.
bool constantTimeEqual(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return false;
    ushort difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= a.at(i).unicode() ^ b.at(i).unicode();
    return difference == 0;
}

WorkerTokenRefusal refusal(WorkerTokenRefusal::Reason reason, const QString &message)
{
    return WorkerTokenRefusal{reason, message};
}

} // namespace

Result<NewWorkerToken, StoreError> WorkerTokenRepository::create(WorkerScopes scopes,
                                                                 const QString &name) const
{
    if (scopes == WorkerScopes())
        return storeError(StoreError::Code::Invalid, u"A worker token needs at least one scope."_s);
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return storeError(StoreError::Code::Invalid,
                              u"The token name %1 has a control character."_s.arg(quoted(name)));
    }
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    StoreSql::Session &s = session.value();
    const QString id = QString::fromLatin1(randomBytes(8).toHex());
    const QByteArray secret =
        randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    auto inserted = s.exec(u"INSERT INTO worker_tokens (id, name, secret_sha256, scopes, created_at) "
                           "VALUES (:id, :name, :hash, :scopes, :created)"_s,
                           {{u":id"_s, id},
                            {u":name"_s, name.isNull() ? u""_s : name}, // NOT NULL: never bind a null string
                            {u":hash"_s, secretHash(secret)},
                            {u":scopes"_s, workerScopeNames(scopes).join(u' ')},
                            {u":created"_s, qlonglong(s.now)}},
                           u"create the worker token %1"_s.arg(quoted(name.isEmpty() ? id : name)));
    if (!inserted.ok())
        return inserted.error();
    auto stored = get(id);
    if (!stored.ok())
        return stored.error();
    return NewWorkerToken{stored.value(), "kw_" + id.toLatin1() + '_' + secret};
}

Result<WorkerToken, StoreError> WorkerTokenRepository::get(const QString &id) const
{
    return StoreSql::selectOne(m_catalogue,
                               u"SELECT %1 FROM worker_tokens WHERE id = :id"_s.arg(kTokenColumns),
                               {{u":id"_s, id}}, u"read the worker token %1"_s.arg(quoted(id)), readToken,
                               StoreSql::notFound(u"worker token"_s, u"id"_s, id));
}

Result<QList<WorkerToken>, StoreError> WorkerTokenRepository::list() const
{
    return StoreSql::selectAll(m_catalogue,
                               u"SELECT %1 FROM worker_tokens ORDER BY created_at, id"_s.arg(kTokenColumns),
                               {}, u"list the worker tokens"_s, readToken);
}

Result<WorkerToken, StoreError> WorkerTokenRepository::revoke(const QString &id) const
{
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return session.error();
    auto updated = session.value().exec(
        u"UPDATE worker_tokens SET revoked_at = COALESCE(revoked_at, :now) WHERE id = :id"_s,
        {{u":now"_s, qlonglong(session.value().now)}, {u":id"_s, id}},
        u"revoke the worker token %1"_s.arg(quoted(id)));
    if (!updated.ok())
        return updated.error();
    if (updated.value().numRowsAffected() != 1)
        return StoreSql::notFound(u"worker token"_s, u"id"_s, id);
    return get(id);
}

Result<WorkerToken, WorkerTokenRefusal> WorkerTokenRepository::verify(QByteArrayView bearer) const
{
    const std::optional<WorkerTokenParts> parts = parseWorkerToken(bearer);
    if (!parts)
        return refusal(WorkerTokenRefusal::Reason::Malformed,
                       u"The bearer token is not a kiln-worker token (kw_<id>_<secret>)."_s);
    auto session = StoreSql::Session::open(m_catalogue);
    if (!session.ok())
        return refusal(WorkerTokenRefusal::Reason::Store, session.error().message);
    StoreSql::Session &s = session.value();
    auto query = s.exec(u"SELECT %1, secret_sha256 FROM worker_tokens WHERE id = :id"_s.arg(kTokenColumns),
                        {{u":id"_s, parts->id}}, u"check a worker token"_s);
    if (!query.ok())
        return refusal(WorkerTokenRefusal::Reason::Store, query.error().message);
    if (!query.value().next())
        return refusal(WorkerTokenRefusal::Reason::Unknown, u"The token is not known to this worker."_s);
    WorkerToken token = readToken(query.value());
    const QString storedHash = query.value().value(6).toString();
    query.value().finish();
    if (!constantTimeEqual(secretHash(parts->secret), storedHash))
        return refusal(WorkerTokenRefusal::Reason::Mismatch, u"The token is not valid."_s);
    if (token.revoked())
        return refusal(WorkerTokenRefusal::Reason::Revoked, u"The token was revoked."_s);
    if (!token.lastUsedAt || s.now - *token.lastUsedAt >= kLastUsedResolutionMs) {
        // Best effort: a busy catalogue must not turn a good token away.
        auto touched = s.exec(u"UPDATE worker_tokens SET last_used_at = :now WHERE id = :id"_s,
                              {{u":now"_s, qlonglong(s.now)}, {u":id"_s, token.id}},
                              u"record the use of a worker token"_s);
        if (touched.ok())
            token.lastUsedAt = s.now;
    }
    return token;
}

} // namespace Kiln
