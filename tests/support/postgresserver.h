#pragma once

#include "store/catalogue.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace KilnTest {

// A real, throw-away PostgreSQL server for tests: initdb into a temporary
// directory, then pg_ctl start on 127.0.0.1 and a free port, trust authentication,
// superuser "kiln". When the tests run as root, the server runs as the "postgres"
// system user (PostgreSQL refuses root) and owns the temporary directory.
//
// stop() (also run by the destructor) stops it and removes the directory. A
// watchdog started with the server does the same if the test process dies first.
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // Where initdb and pg_ctl are: $KILN_PG_BINDIR, else the newest
    // /usr/lib/postgresql/<version>/bin. Empty when PostgreSQL is not installed.
    static QString binDir();

    bool start();
    void stop();
    bool isRunning() const { return m_running; }
    // Why start() or createDatabase() failed, with the end of the server log.
    QString errorString() const { return m_error; }

    QString host() const;
    int port() const { return m_port; }
    QString user() const;

    // CREATE DATABASE `name` (lowercase letters, digits and '_').
    bool createDatabase(const QString &name);
    Kiln::PostgresLocation location(const QString &database) const;

private:
    bool run(const QString &program, const QStringList &arguments, int timeoutMs, QString *output = nullptr);
    QString logTail() const;
    void startWatchdog();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_binDir;
    QString m_dataDir;
    QString m_runAs; // system user to run as; empty: the current user
    int m_port = 0;
    bool m_running = false;
    QString m_error;
};

} // namespace KilnTest
