#pragma once

// Internal helpers shared by the migration runner and the repositories.
// Not part of the catalogue's public API.

#include "storeerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <type_traits>
#include <utility>

namespace Kiln {

class Catalogue;

namespace StoreSql {

using Bindings = QList<std::pair<QString, QVariant>>;

// Runs one statement with named bindings (":name"). The query comes back
// forward-only and positioned before the first row. On PostgreSQL a failure also
// rolls back the current transaction (PostgreSQL has already aborted it).
Result<QSqlQuery, StoreError> exec(QSqlDatabase &db, Dialect dialect, const QString &sql,
                                   const Bindings &bindings, const QString &action);

// A write transaction that rolls back unless commit() succeeds. On SQLite it takes
// the write lock at once (BEGIN IMMEDIATE), so two writers queue on the busy
// timeout instead of failing half-way with a lock upgrade.
class Transaction
{
public:
    static Result<Transaction, StoreError> begin(QSqlDatabase &db, Dialect dialect, const QString &action);

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    Result<Done, StoreError> commit(const QString &action);
    void rollback();

private:
    Transaction(QSqlDatabase db, Dialect dialect)
        : m_db(std::move(db))
        , m_dialect(dialect)
    {}

    QSqlDatabase m_db;
    Dialect m_dialect;
    bool m_open = true;
};

// This thread's connection plus the dialect and the clock: what a repository
// method needs. Obtained once per call.
struct Session
{
    QSqlDatabase db;
    Dialect dialect = Dialect::Sqlite;
    qint64 now = 0;

    static Result<Session, StoreError> open(const Catalogue &catalogue);

    Result<QSqlQuery, StoreError> exec(const QString &sql, const Bindings &bindings, const QString &action)
    {
        return StoreSql::exec(db, dialect, sql, bindings, action);
    }
    Result<Transaction, StoreError> begin(const QString &action)
    {
        return Transaction::begin(db, dialect, action);
    }
};

// A session with a write transaction begun on it, for a method that changes rows.
// The transaction rolls back unless committed.
struct WriteSession
{
    Session session;
    Transaction transaction;

    static Result<WriteSession, StoreError> begin(const Catalogue &catalogue, const QString &action);
};

// NULL for an empty string, the string otherwise.
QVariant nullableText(const QString &text);
QVariant nullableInt(std::optional<qint64> value);
// Empty string for NULL.
QString text(const QVariant &value);
std::optional<qint64> optionalInt(const QVariant &value);

// A list of strings stored as a JSON array in a TEXT column, exactly as given.
QString encodeList(const QStringList &items);
QStringList decodeList(const QString &json);

// A new random id (UUID without braces).
QString newId();

// A LIKE pattern ("%...%") that matches `needle` anywhere; use it with ESCAPE '!'
// (not a backslash: Qt's placeholder scanner and PostgreSQL quote it differently).
QString containsPattern(const QString &needle);

// "“name”" for messages.
QString quoted(const QString &text);

// NotFound: "There is no <what> with <key> “<value>”." (key: "id", "name", ...).
StoreError notFound(const QString &what, const QString &key, const QString &value);

// `error`, or `message` as a Conflict when `error` is one (a unique name is taken).
StoreError onConflict(const StoreError &error, const QString &message);

// Invalid unless `name` is a valid name (domain/names.h): "The <what> name “x” is
// not valid: column C: why".
Result<Done, StoreError> checkName(const QString &what, const QString &name);

// The row with id `idOrName`, else the one with that name, through the
// repository's get() and getByName(); errors other than NotFound pass through.
template <typename Repository, typename T>
Result<T, StoreError> findByIdOrName(const Repository &repository,
                                     Result<T, StoreError> (Repository::*byId)(const QString &) const,
                                     Result<T, StoreError> (Repository::*byName)(const QString &) const,
                                     const QString &idOrName, const QString &what)
{
    auto found = (repository.*byId)(idOrName);
    if (found.ok() || found.error().code != StoreError::Code::NotFound)
        return found;
    found = (repository.*byName)(idOrName);
    if (found.ok() || found.error().code != StoreError::Code::NotFound)
        return found;
    return notFound(what, QStringLiteral("id or name"), idOrName);
}

// The type a row reader (a function of const QSqlQuery &) makes of one row.
template <typename Read>
using RowOf = std::decay_t<std::invoke_result_t<Read, const QSqlQuery &>>;

// Every row of an executed query, read with `read`.
template <typename Read>
Result<QList<RowOf<Read>>, StoreError> readAll(Result<QSqlQuery, StoreError> &query, Read read)
{
    if (!query.ok())
        return query.error();
    QList<RowOf<Read>> rows;
    while (query.value().next())
        rows.append(read(query.value()));
    return rows;
}

// Opens a session, runs `sql` and reads every row with `read`.
template <typename Read>
Result<QList<RowOf<Read>>, StoreError> selectAll(const Catalogue &catalogue, const QString &sql,
                                                 const Bindings &bindings, const QString &action, Read read)
{
    auto session = Session::open(catalogue);
    if (!session.ok())
        return session.error();
    auto query = session.value().exec(sql, bindings, action);
    return readAll(query, read);
}

// Opens a session, runs `sql` and reads its first row with `read`, if it has one.
template <typename Read>
Result<std::optional<RowOf<Read>>, StoreError> selectFirst(const Catalogue &catalogue, const QString &sql,
                                                           const Bindings &bindings, const QString &action,
                                                           Read read)
{
    auto session = Session::open(catalogue);
    if (!session.ok())
        return session.error();
    auto query = session.value().exec(sql, bindings, action);
    if (!query.ok())
        return query.error();
    if (!query.value().next())
        return std::optional<RowOf<Read>>();
    return std::optional<RowOf<Read>>(read(query.value()));
}

// selectFirst(), with `missing` as the error when there is no row.
template <typename Read>
Result<RowOf<Read>, StoreError> selectOne(const Catalogue &catalogue, const QString &sql,
                                          const Bindings &bindings, const QString &action, Read read,
                                          const StoreError &missing)
{
    auto row = selectFirst(catalogue, sql, bindings, action, read);
    if (!row.ok())
        return row.error();
    if (!row.value())
        return missing;
    return *std::move(row.value());
}

} // namespace StoreSql
} // namespace Kiln
