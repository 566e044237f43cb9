#pragma once

#include "domain/result.h"

#include <QSqlError>
#include <QString>

namespace Kiln {

// The SQL dialects a catalogue can live in. The schema and the queries are written
// once for both; the few differences (transaction start, triggers) are keyed on this.
enum class Dialect
{
    Sqlite,
    Postgres,
};

// Why a catalogue operation failed. `message` is a complete sentence for a person;
// it never contains a secret (the catalogue stores no secret values at all).
struct StoreError
{
    enum class Code
    {
        NotFound,     // the id or name does not exist
        Conflict,     // a unique constraint: the name (or the single push target) is taken
        Invalid,      // the request breaks a rule: bad name, impossible status change, ...
        Frozen,       // the image is frozen; unfreeze it first
        InUse,        // something still depends on it (a running build, ...)
        SchemaTooNew, // the catalogue was written by a newer Kiln; it is left untouched
        Busy,         // another writer held the catalogue for longer than the busy timeout
        Io,           // the file or server could not be opened, read or written
        Sql,          // any other database error
    };

    Code code = Code::Sql;
    QString message;

    // "not found", "conflict", ... for logs and kilnctl exit reasons.
    static QString codeName(Code code);

    friend bool operator==(const StoreError &, const StoreError &) = default;
};

// Shorthands used by the repositories.
inline StoreError storeError(StoreError::Code code, QString message)
{
    return StoreError{code, std::move(message)};
}

// Maps a driver error to a StoreError. `action` says what was attempted, as a
// phrase that completes "Could not ...", e.g. "save the spec “cuda”".
// Unique violations become Conflict, foreign-key violations NotFound, CHECK and
// NOT NULL violations Invalid, lock time-outs Busy, file/connection problems Io.
StoreError toStoreError(const QSqlError &error, Dialect dialect, const QString &action);

} // namespace Kiln
