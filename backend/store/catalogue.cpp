#include "catalogue.h"

#include "schema.h"
#include "sqlsupport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThreadStorage>

#include <atomic>
#include <vector>

using namespace Qt::StringLiterals;

namespace Kiln {

namespace {

std::atomic<quint64> s_nextCatalogueSerial{1};
std::atomic<quint64> s_nextThreadSerial{1};

quint64 threadSerial()
{
    static thread_local const quint64 serial = s_nextThreadSerial.fetch_add(1);
    return serial;
}

// The connection names one catalogue has handed out. Shared with the per-thread
// cleanup below, which may outlive the catalogue (hence weak pointers there).
struct ConnectionRegistry
{
    QMutex mutex;
    QSet<QString> names;
};

// Removes `name` if the registry still owns it. Whoever comes first (the thread
// finishing or the catalogue being destroyed) removes it; the other does nothing.
void removeConnection(ConnectionRegistry &registry, const QString &name)
{
    QMutexLocker locker(&registry.mutex);
    if (registry.names.remove(name))
        QSqlDatabase::removeDatabase(name);
}

// Per thread: the connections this thread opened. Deleted by QThreadStorage when
// the thread finishes (QThread, thread-pool and adopted threads alike), in that thread.
struct ThreadConnections
{
    std::vector<std::pair<std::weak_ptr<ConnectionRegistry>, QString>> entries;

    ~ThreadConnections()
    {
        if (!QCoreApplication::instance())
            return; // process teardown: Qt SQL's own globals may be gone already
        for (auto &[weak, name] : entries) {
            if (auto registry = weak.lock())
                removeConnection(*registry, name);
        }
    }

    void add(const std::shared_ptr<ConnectionRegistry> &registry, const QString &name)
    {
        std::erase_if(entries, [](const auto &entry) { return entry.first.expired(); });
        entries.emplace_back(registry, name);
    }
};

QThreadStorage<ThreadConnections *> &threadConnections()
{
    static QThreadStorage<ThreadConnections *> storage;
    return storage;
}

} // namespace

QString PostgresLocation::describe() const
{
    QString out = u"postgresql://"_s;
    if (!user.isEmpty())
        out += user + u'@';
    out += host.isEmpty() ? u"localhost"_s : host;
    out += u':' + QString::number(port) + u'/' + database;
    return out;
}

struct Catalogue::Private
{
    Dialect dialect = Dialect::Sqlite;
    QString path;              // SQLite
    PostgresLocation location; // PostgreSQL
    QString password;          // PostgreSQL, never shown
    int busyTimeoutMs = 5000;
    quint64 serial = s_nextCatalogueSerial.fetch_add(1);
    std::shared_ptr<ConnectionRegistry> registry = std::make_shared<ConnectionRegistry>();
    // False until the schema version was checked: until then a connection must not
    // change the file (no journal_mode=WAL on a catalogue we may refuse).
    std::atomic<bool> verified{false};
    int schemaVersion = 0;
    mutable QMutex clockMutex;
    std::function<qint64()> clock;
};

Catalogue::Catalogue(std::unique_ptr<Private> p)
    : d(std::move(p))
{}

Catalogue::~Catalogue()
{
    QStringList names;
    {
        QMutexLocker locker(&d->registry->mutex);
        names = d->registry->names.values();
    }
    for (const QString &name : std::as_const(names))
        removeConnection(*d->registry, name);
}

Result<std::unique_ptr<Catalogue>, StoreError> Catalogue::openSqlite(const QString &path,
                                                                     const CatalogueOptions &options)
{
    if (path.isEmpty())
        return StoreError{StoreError::Code::Invalid, u"The catalogue needs a file name."_s};
    if (path == ":memory:"_L1 || path.startsWith("file:"_L1))
        return StoreError{StoreError::Code::Invalid,
                          u"The catalogue %1 must be a file: every thread opens its own connection, so "
                          "in-memory and URI databases cannot be shared."_s.arg(StoreSql::quoted(path))};
    auto p = std::make_unique<Private>();
    p->dialect = Dialect::Sqlite;
    p->path = path;
    p->busyTimeoutMs = options.busyTimeoutMs;
    return finishOpening(std::unique_ptr<Catalogue>(new Catalogue(std::move(p))), options);
}

Result<std::unique_ptr<Catalogue>, StoreError> Catalogue::openPostgres(const PostgresLocation &location,
                                                                       const QString &password,
                                                                       const CatalogueOptions &options)
{
    if (location.database.isEmpty())
        return StoreError{StoreError::Code::Invalid, u"The PostgreSQL catalogue needs a database name."_s};
    if (location.port <= 0 || location.port > 65535)
        return StoreError{StoreError::Code::Invalid,
                          u"The PostgreSQL port %1 is not between 1 and 65535."_s.arg(location.port)};
    auto p = std::make_unique<Private>();
    p->dialect = Dialect::Postgres;
    p->location = location;
    p->password = password;
    p->busyTimeoutMs = options.busyTimeoutMs;
    return finishOpening(std::unique_ptr<Catalogue>(new Catalogue(std::move(p))), options);
}

Result<std::unique_ptr<Catalogue>, StoreError> Catalogue::finishOpening(std::unique_ptr<Catalogue> catalogue,
                                                                        const CatalogueOptions &options)
{
    const QList<Migration> &migrations =
        options.migrations.isEmpty() ? catalogueMigrations() : options.migrations;
    // Scoped so that every QSqlDatabase copy is gone before the catalogue may be
    // destroyed on failure (removing a connection that is still referenced warns).
    auto reached = [&]() -> Result<int, StoreError> {
        auto connection = catalogue->connection();
        if (!connection.ok())
            return connection.error();
        QSqlDatabase db = connection.value();
        auto version = readSchemaVersion(db, catalogue->dialect());
        if (!version.ok())
            return version.error();
        const int known = latestVersion(migrations);
        if (version.value() > known)
            return schemaTooNewError(catalogue->describe(), version.value(), known);
        catalogue->d->verified = true;
        auto configured = catalogue->configure(db);
        if (!configured.ok())
            return configured.error();
        return migrate(db, catalogue->dialect(), migrations, catalogue->describe());
    }();
    if (!reached.ok())
        return reached.error();
    catalogue->d->schemaVersion = reached.value();
    return catalogue;
}

Dialect Catalogue::dialect() const
{
    return d->dialect;
}

QString Catalogue::describe() const
{
    return d->dialect == Dialect::Sqlite ? d->path : d->location.describe();
}

QString Catalogue::sqlitePath() const
{
    return d->dialect == Dialect::Sqlite ? d->path : QString();
}

int Catalogue::schemaVersion() const
{
    return d->schemaVersion;
}

QString Catalogue::connectionName() const
{
    return u"kiln-catalogue-%1-thread-%2"_s.arg(d->serial).arg(threadSerial());
}

QStringList Catalogue::connectionNames() const
{
    QMutexLocker locker(&d->registry->mutex);
    QStringList names = d->registry->names.values();
    names.sort();
    return names;
}

Result<Done, StoreError> Catalogue::configure(QSqlDatabase &db) const
{
    if (d->dialect != Dialect::Sqlite)
        return Done{};
    const QString action = u"prepare the catalogue %1"_s.arg(StoreSql::quoted(d->path));
    QStringList pragmas{u"PRAGMA busy_timeout = %1"_s.arg(d->busyTimeoutMs), u"PRAGMA foreign_keys = ON"_s};
    if (d->verified)
        pragmas << u"PRAGMA synchronous = NORMAL"_s;
    for (const QString &pragma : std::as_const(pragmas)) {
        auto done = StoreSql::exec(db, d->dialect, pragma, {}, action);
        if (!done.ok())
            return done.error();
    }
    if (!d->verified)
        return Done{};
    auto mode = StoreSql::exec(db, d->dialect, u"PRAGMA journal_mode = WAL"_s, {}, action);
    if (!mode.ok())
        return mode.error();
    if (!mode.value().next() || mode.value().value(0).toString().compare("wal"_L1, Qt::CaseInsensitive) != 0)
        return StoreError{
            StoreError::Code::Io,
            u"Could not %1: the file system does not support write-ahead logging (WAL)."_s.arg(action)};
    return Done{};
}

Result<QSqlDatabase, StoreError> Catalogue::connection() const
{
    const QString name = connectionName();
    QSqlDatabase db;
    if (QSqlDatabase::contains(name)) {
        db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    } else {
        const QString driver = d->dialect == Dialect::Sqlite ? u"QSQLITE"_s : u"QPSQL"_s;
        db = QSqlDatabase::addDatabase(driver, name);
        if (!db.isValid()) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return StoreError{
                StoreError::Code::Io,
                u"Could not open the catalogue %1: the Qt SQL driver %2 is not installed."_s.arg(
                    StoreSql::quoted(describe()), driver)};
        }
        {
            QMutexLocker locker(&d->registry->mutex);
            d->registry->names.insert(name);
        }
        auto &storage = threadConnections();
        if (!storage.hasLocalData())
            storage.setLocalData(new ThreadConnections);
        storage.localData()->add(d->registry, name);

        if (d->dialect == Dialect::Sqlite) {
            db.setDatabaseName(d->path);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(d->busyTimeoutMs));
        } else {
            db.setHostName(d->location.host);
            db.setPort(d->location.port);
            db.setDatabaseName(d->location.database);
            db.setUserName(d->location.user);
            db.setPassword(d->password);
            db.setConnectOptions(d->location.connectOptions);
        }
    }
    if (!db.open()) {
        StoreError error = toStoreError(db.lastError(), d->dialect,
                                        u"open the catalogue %1"_s.arg(StoreSql::quoted(describe())));
        error.code = StoreError::Code::Io;
        return error;
    }
    auto configured = configure(db);
    if (!configured.ok()) {
        db.close();
        return configured.error();
    }
    return db;
}

QSqlDatabase Catalogue::database() const
{
    auto connection = this->connection();
    if (connection.ok())
        return connection.value();
    return QSqlDatabase::database(connectionName(), false);
}

qint64 Catalogue::now() const
{
    QMutexLocker locker(&d->clockMutex);
    return d->clock ? d->clock() : QDateTime::currentMSecsSinceEpoch();
}

void Catalogue::setClock(std::function<qint64()> clock)
{
    QMutexLocker locker(&d->clockMutex);
    d->clock = std::move(clock);
}

} // namespace Kiln
