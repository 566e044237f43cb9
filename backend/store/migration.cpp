#include "migration.h"

#include "sqlsupport.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

// pg_advisory_xact_lock key: serialises concurrent migrations of one PostgreSQL
// catalogue (any 64-bit constant unique to Kiln; "kiln" in ASCII).
constexpr qint64 kMigrationLockKey = 0x6b696c6e;

const QString kCreateSchemaVersion = u"CREATE TABLE schema_version ("
                                     "version INTEGER PRIMARY KEY, "
                                     "description TEXT NOT NULL, "
                                     "applied_at BIGINT NOT NULL)"_s;

Result<bool, StoreError> schemaVersionTableExists(QSqlDatabase &db, Dialect dialect)
{
    const QString sql = dialect == Dialect::Sqlite
                            ? u"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                              "AND name = 'schema_version'"_s
                            : u"SELECT COUNT(*) FROM information_schema.tables "
                              "WHERE table_schema = current_schema() AND table_name = 'schema_version'"_s;
    auto query = StoreSql::exec(db, dialect, sql, {}, u"read the catalogue's schema version"_s);
    if (!query.ok())
        return query.error();
    return query.value().next() && query.value().value(0).toLongLong() > 0;
}

Result<Done, StoreError> checkList(const QList<Migration> &migrations)
{
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != int(i + 1))
            return StoreError{StoreError::Code::Invalid,
                              u"The catalogue migrations are out of order: entry %1 has version %2, "
                              "expected %3."_s.arg(i + 1)
                                  .arg(migrations[i].version)
                                  .arg(i + 1)};
    }
    return Done{};
}

Result<Done, StoreError> runStatements(QSqlDatabase &db, Dialect dialect, const QStringList &statements,
                                       const QString &action)
{
    for (const QString &statement : statements) {
        auto done = StoreSql::exec(db, dialect, statement, {}, action);
        if (!done.ok())
            return done.error();
    }
    return Done{};
}

// One migration in one transaction. Returns the version the catalogue is at after it.
Result<int, StoreError> applyOne(QSqlDatabase &db, Dialect dialect, const Migration &migration, int known,
                                 const QString &catalogueName)
{
    const QString action = u"upgrade the catalogue to schema version %1 (%2)"_s.arg(migration.version)
                               .arg(migration.description);
    auto transaction = StoreSql::Transaction::begin(db, dialect, action);
    if (!transaction.ok())
        return transaction.error();
    if (dialect == Dialect::Postgres) {
        auto locked = StoreSql::exec(db, dialect, u"SELECT pg_advisory_xact_lock(:key)"_s,
                                     {{u":key"_s, qlonglong(kMigrationLockKey)}}, action);
        if (!locked.ok())
            return locked.error();
    }
    // Read the version again inside the transaction: another process may have
    // migrated while we waited for the lock.
    auto exists = schemaVersionTableExists(db, dialect);
    if (!exists.ok())
        return exists.error();
    int current = 0;
    if (exists.value()) {
        auto version = readSchemaVersion(db, dialect);
        if (!version.ok())
            return version.error();
        current = version.value();
    } else {
        auto created = StoreSql::exec(db, dialect, kCreateSchemaVersion, {}, action);
        if (!created.ok())
            return created.error();
    }
    if (current > known)
        return schemaTooNewError(catalogueName, current, known);
    if (current >= migration.version)
        return current; // someone else applied it; the transaction rolls back harmlessly

    auto applied = runStatements(db, dialect, migration.statements, action);
    if (applied.ok())
        applied = runStatements(
            db, dialect,
            dialect == Dialect::Sqlite ? migration.sqliteStatements : migration.postgresStatements, action);
    if (!applied.ok())
        return applied.error();

    if (dialect == Dialect::Sqlite && migration.foreignKeysOff) {
        auto check = StoreSql::exec(db, dialect, u"PRAGMA foreign_key_check"_s, {}, action);
        if (!check.ok())
            return check.error();
        if (check.value().next())
            return StoreError{StoreError::Code::Invalid,
                              u"Could not %1: it left rows in table %2 that refer to missing entries."_s.arg(
                                  action, StoreSql::quoted(check.value().value(0).toString()))};
    }

    auto recorded = StoreSql::exec(
        db, dialect, u"INSERT INTO schema_version (version, description, applied_at) VALUES (:v, :d, :t)"_s,
        {{u":v"_s, migration.version},
         {u":d"_s, migration.description},
         {u":t"_s, qlonglong(QDateTime::currentMSecsSinceEpoch())}},
        action);
    if (!recorded.ok())
        return recorded.error();
    auto committed = transaction.value().commit(action);
    if (!committed.ok())
        return committed.error();
    return migration.version;
}

} // namespace

StoreError schemaTooNewError(const QString &catalogueName, int found, int known)
{
    return StoreError{StoreError::Code::SchemaTooNew,
                      u"The catalogue %1 was written by a newer version of Kiln (schema version %2; this "
                      "build knows versions up to %3). It was left untouched: open it with a newer Kiln."_s
                          .arg(StoreSql::quoted(catalogueName))
                          .arg(found)
                          .arg(known)};
}

int latestVersion(const QList<Migration> &migrations)
{
    int latest = 0;
    for (const Migration &migration : migrations)
        latest = std::max(latest, migration.version);
    return latest;
}

Result<int, StoreError> readSchemaVersion(QSqlDatabase &db, Dialect dialect)
{
    auto exists = schemaVersionTableExists(db, dialect);
    if (!exists.ok())
        return exists.error();
    if (!exists.value())
        return 0;
    auto query = StoreSql::exec(db, dialect, u"SELECT MAX(version) FROM schema_version"_s, {},
                                u"read the catalogue's schema version"_s);
    if (!query.ok())
        return query.error();
    if (!query.value().next() || query.value().value(0).isNull())
        return 0;
    return query.value().value(0).toInt();
}

Result<int, StoreError> migrate(QSqlDatabase &db, Dialect dialect, const QList<Migration> &migrations,
                                const QString &catalogueName)
{
    auto valid = checkList(migrations);
    if (!valid.ok())
        return valid.error();
    const int known = latestVersion(migrations);
    auto version = readSchemaVersion(db, dialect);
    if (!version.ok())
        return version.error();
    int current = version.value();
    if (current > known)
        return schemaTooNewError(catalogueName, current, known);

    for (const Migration &migration : migrations) {
        if (migration.version <= current)
            continue;
        const bool fkOff = dialect == Dialect::Sqlite && migration.foreignKeysOff;
        if (fkOff) {
            auto off = StoreSql::exec(db, dialect, u"PRAGMA foreign_keys = OFF"_s, {},
                                      u"turn foreign keys off for a migration"_s);
            if (!off.ok())
                return off.error();
        }
        auto reached = applyOne(db, dialect, migration, known, catalogueName);
        if (fkOff) {
            auto on = StoreSql::exec(db, dialect, u"PRAGMA foreign_keys = ON"_s, {},
                                     u"turn foreign keys back on after a migration"_s);
            if (reached.ok() && !on.ok())
                return on.error();
        }
        if (!reached.ok())
            return reached.error();
        current = reached.value();
    }
    return current;
}

} // namespace Kiln
