#pragma once

#include "migration.h"
#include "storeerror.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Kiln {

// Where a PostgreSQL catalogue lives. There is deliberately no password here: it
// is handed to Catalogue::openPostgres() at run time (from the keychain) or comes
// from libpq's own ~/.pgpass, so it never appears in a command line, a setting or
// a log line.
struct PostgresLocation
{
    QString host; // name, address or Unix socket directory
    int port = 5432;
    QString database;
    QString user;
    QString connectOptions; // libpq keywords for QPSQL, ';'-separated, e.g. "sslmode=require"

    // "postgresql://user@host:port/database" (never a password).
    QString describe() const;
};

struct CatalogueOptions
{
    QList<Migration> migrations; // empty: the catalogue's own schema (schema.h)
    int busyTimeoutMs = 5000;    // how long a writer waits for another one (SQLite)
};

// The catalogue: Kiln's database of specs, jobs, images, groups, registries, ...
// in a SQLite file (one user) or a PostgreSQL database (a team).
//
// Threads: every thread gets its own connection (Qt SQL connections must not cross
// threads). database()/connection() return the calling thread's connection,
// creating it on first use; it is removed when that thread finishes or when the
// Catalogue is destroyed, whichever comes first. Destroy the Catalogue only after
// other threads have stopped using it.
class Catalogue
{
public:
    // Opens (creating if needed) the SQLite file at `path` and brings its schema up
    // to date. Refuses a catalogue written by a newer Kiln without touching it.
    static Result<std::unique_ptr<Catalogue>, StoreError> openSqlite(const QString &path,
                                                                     const CatalogueOptions &options = {});
    // Opens the PostgreSQL database at `location` and brings its schema up to date.
    // `password` may be empty (trust, peer, certificates or ~/.pgpass).
    static Result<std::unique_ptr<Catalogue>, StoreError> openPostgres(const PostgresLocation &location,
                                                                       const QString &password = {},
                                                                       const CatalogueOptions &options = {});

    ~Catalogue();
    Catalogue(const Catalogue &) = delete;
    Catalogue &operator=(const Catalogue &) = delete;

    Dialect dialect() const;
    // The SQLite path or the PostgreSQL description, for messages.
    QString describe() const;
    // The SQLite file's path; empty for PostgreSQL.
    QString sqlitePath() const;
    // The schema version the catalogue was at when open() returned.
    int schemaVersion() const;

    // The calling thread's open connection, or why it cannot be opened.
    Result<QSqlDatabase, StoreError> connection() const;
    // The calling thread's connection; not open when connection() would fail.
    QSqlDatabase database() const;
    // The Qt connection name the calling thread uses (unique per catalogue and thread).
    QString connectionName() const;
    // Every connection of this catalogue that is still registered, in any thread.
    QStringList connectionNames() const;

    // Milliseconds since the epoch, from the clock (the system clock by default).
    qint64 now() const;
    // Replaces the clock (tests make time deterministic).
    void setClock(std::function<qint64()> clock);

private:
    struct Private;
    explicit Catalogue(std::unique_ptr<Private> d);
    static Result<std::unique_ptr<Catalogue>, StoreError> finishOpening(std::unique_ptr<Catalogue> catalogue,
                                                                        const CatalogueOptions &options);
    Result<Done, StoreError> configure(QSqlDatabase &db) const;

    std::unique_ptr<Private> d;
};

} // namespace Kiln
