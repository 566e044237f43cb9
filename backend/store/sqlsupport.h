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

} // namespace StoreSql
} // namespace Kiln
