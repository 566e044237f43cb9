#pragma once

#include "storeerror.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Kiln {

// One forward step of the catalogue schema. Migrations are append-only: once a
// version has shipped, its statements never change; a fix is a new migration.
struct Migration
{
    int version = 0;                // 1, 2, 3, ... without gaps
    QString description;            // recorded in schema_version
    QStringList statements;         // portable SQL, run on every dialect, in order
    QStringList sqliteStatements;   // then these on SQLite only (e.g. triggers)
    QStringList postgresStatements; // or these on PostgreSQL only
    // SQLite only: run with foreign keys off (needed to rebuild a referenced table,
    // the SQLite "12-step" ALTER). PRAGMA foreign_key_check must come back empty
    // before the step commits; otherwise it rolls back.
    bool foreignKeysOff = false;
};

// The highest version in `migrations` (0 for an empty list).
int latestVersion(const QList<Migration> &migrations);

// The SchemaTooNew error for a catalogue at version `found` when this build knows `known`.
StoreError schemaTooNewError(const QString &catalogueName, int found, int known);

// The version recorded in the catalogue's schema_version table; 0 when the table
// does not exist yet (a brand-new catalogue). Reads only.
Result<int, StoreError> readSchemaVersion(QSqlDatabase &db, Dialect dialect);

// Applies every migration newer than the catalogue's version, each in its own
// transaction together with its schema_version row, so a failure leaves the
// catalogue at the last version that committed. Refuses (SchemaTooNew, nothing
// touched) a catalogue newer than the list knows, and (Invalid) a list whose
// versions are not 1, 2, 3, ... in order. Safe against a second process migrating
// the same catalogue at the same time. Returns the version reached.
Result<int, StoreError> migrate(QSqlDatabase &db, Dialect dialect, const QList<Migration> &migrations,
                                const QString &catalogueName);

} // namespace Kiln
